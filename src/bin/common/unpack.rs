//! Reading the shared data sets where they lie: gzip files and `.tar.xz` archives are decoded as
//! streams, so nothing is unpacked to disk and nothing is ever written next to the data.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use anyhow::Context as _;

/// The whole content of a gzip file, decompressed.
pub fn read_gz(path: &Path) -> anyhow::Result<Vec<u8>> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(BufReader::new(file))
        .read_to_end(&mut out)
        .with_context(|| format!("decompressing {}", path.display()))?;
    Ok(out)
}

/// Calls `visit(path inside the archive, bytes)` for every regular file of a `.tar.xz` archive,
/// in archive order, until `visit` returns `false`.
pub fn for_each_in_tar_xz(
    path: &Path,
    mut visit: impl FnMut(&str, Vec<u8>) -> bool,
) -> anyhow::Result<()> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let xz = liblzma::read::XzDecoder::new(BufReader::with_capacity(1 << 20, file));
    let mut archive = tar::Archive::new(xz);
    let entries = archive
        .entries()
        .with_context(|| format!("reading {}", path.display()))?;
    for entry in entries {
        let mut entry = entry.with_context(|| format!("reading {}", path.display()))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry.path()?.to_string_lossy().replace('\\', "/");
        let name = name.trim_start_matches("./").to_string();
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry
            .read_to_end(&mut bytes)
            .with_context(|| format!("reading {name} in {}", path.display()))?;
        if !visit(&name, bytes) {
            break;
        }
    }
    Ok(())
}

/// Calls `visit` on the files of a `.tar.xz` archive in batches of `batch` files, so that each
/// batch can be processed in parallel while the next one is decompressed.
pub fn for_each_batch_in_tar_xz(
    path: &Path,
    batch: usize,
    mut visit: impl FnMut(Vec<(String, Vec<u8>)>),
) -> anyhow::Result<()> {
    let mut pending = Vec::with_capacity(batch);
    for_each_in_tar_xz(path, |name, bytes| {
        pending.push((name.to_string(), bytes));
        if pending.len() >= batch {
            visit(std::mem::take(&mut pending));
        }
        true
    })?;
    if !pending.is_empty() {
        visit(pending);
    }
    Ok(())
}
