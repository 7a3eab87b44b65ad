//! A tantivy [`Directory`] that reads index files with positioned reads instead of mapping
//! them, for the runs that read a whole index once.
//!
//! Every page of a mapped file that a process has touched counts in its resident memory until
//! the file is unmapped: a run that reads every release (an export, the identity table at the
//! end of `pressdex index`, the merges of a long index run, `pressdex check`) would show the
//! whole index as its own memory, gigabytes at a million releases, although the kernel can
//! drop those pages at will. Read through a [`StreamedDirectory`], the pages stay in the
//! kernel's page cache, shared and reclaimable, and the process holds only the bytes it is
//! working on (a block of stored releases, one column, one term dictionary).
//!
//! Random access (searching, serving) keeps tantivy's [`MmapDirectory`]: it reads a few pages
//! per request, and mapping spares a copy of each.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::HasLen;

/// An index folder whose files are read with `pread`; everything but reading (writing,
/// locks, watching `meta.json`) is tantivy's [`MmapDirectory`].
#[derive(Clone, Debug)]
pub(crate) struct StreamedDirectory {
    root: PathBuf,
    inner: MmapDirectory,
}

impl StreamedDirectory {
    /// The index folder `root`, which must exist.
    pub(crate) fn open(root: &Path) -> Result<StreamedDirectory, OpenDirectoryError> {
        Ok(StreamedDirectory {
            root: root.to_path_buf(),
            inner: MmapDirectory::open(root)?,
        })
    }
}

/// A file opened for positioned reads, with the length it had when opened (index files are
/// written once and never change afterwards).
#[derive(Debug)]
struct PositionedFile {
    file: File,
    len: usize,
}

impl FileHandle for PositionedFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.start > range.end || range.end > self.len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "bytes {}..{} asked of a file of {} bytes",
                    range.start, range.end, self.len
                ),
            ));
        }
        let mut buffer = vec![0; range.end - range.start];
        self.file.read_exact_at(&mut buffer, range.start as u64)?;
        Ok(OwnedBytes::new(buffer))
    }
}

impl HasLen for PositionedFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl Directory for StreamedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let full = self.root.join(path);
        let opened = File::open(&full).and_then(|file| {
            let len = usize::try_from(file.metadata()?.len()).map_err(io::Error::other)?;
            Ok(PositionedFile { file, len })
        });
        match opened {
            Ok(file) => Ok(Arc::new(file)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(OpenReadError::FileDoesNotExist(path.to_path_buf()))
            }
            Err(e) => Err(OpenReadError::wrap_io_error(e, full)),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_was_written_and_refuses_reads_past_the_end() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), b"0123456789").unwrap();
        std::fs::write(dir.path().join("empty"), b"").unwrap();
        let directory = StreamedDirectory::open(dir.path()).unwrap();
        let slice = directory.open_read(Path::new("f")).unwrap();
        assert_eq!(slice.len(), 10);
        assert_eq!(slice.slice(2..5).read_bytes().unwrap().as_slice(), b"234");
        assert_eq!(slice.read_bytes().unwrap().as_slice(), b"0123456789");
        let handle = directory.get_file_handle(Path::new("f")).unwrap();
        let err = handle.read_bytes(8..11).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        let empty = directory.open_read(Path::new("empty")).unwrap();
        assert!(empty.read_bytes().unwrap().as_slice().is_empty());
        assert!(matches!(
            directory.open_read(Path::new("missing")),
            Err(OpenReadError::FileDoesNotExist(p)) if p == Path::new("missing")
        ));
    }
}
