//! The layout of the files `pressdex index` keeps beside the index for the identities
//! ([`super::catalog`], [`super::groups`]): sections of little-endian numbers and of text, each
//! after its length, read in place. A command maps the file (through the index's own
//! directory) and reads the few numbers and names a request needs, instead of copying and
//! parsing every name of the corpus.
//!
//! Every read is bounds-checked and total: a damaged file gives wrong answers at worst (and is
//! worked out again by the next `pressdex index`), never a panic.

use std::path::Path;

use tantivy::directory::{Directory, OwnedBytes};

/// Little-endian `u32`s read in place.
#[derive(Clone)]
pub(super) struct U32s(OwnedBytes);

impl std::fmt::Debug for U32s {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "U32s({})", self.len())
    }
}

impl Default for U32s {
    fn default() -> U32s {
        U32s(OwnedBytes::empty())
    }
}

impl U32s {
    pub(super) fn from_vec(values: Vec<u32>) -> U32s {
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        U32s(OwnedBytes::new(bytes))
    }

    pub(super) fn len(&self) -> usize {
        self.0.len() / 4
    }

    pub(super) fn get(&self, i: usize) -> Option<u32> {
        let at = i.checked_mul(4)?;
        let b = self.0.as_slice().get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// The value at `i`, 0 past the end.
    pub(super) fn at(&self, i: usize) -> u32 {
        self.get(i).unwrap_or(0)
    }

    /// The values from `start` to `end` (clamped to the values there are).
    pub(super) fn range(&self, start: usize, end: usize) -> impl Iterator<Item = u32> + '_ {
        let end = end.min(self.len());
        (start.min(end)..end).map(move |i| self.at(i))
    }

    /// Binary search for `value` in values sorted ascending.
    pub(super) fn position(&self, value: u32) -> Option<usize> {
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.at(mid).cmp(&value) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// Strings sorted by their bytes, held in one buffer, found by binary search.
#[derive(Debug, Clone, Default)]
pub(super) struct Strings {
    text: Text,
    /// The end of each string in `text`.
    ends: U32s,
}

/// UTF-8 text read in place.
#[derive(Clone)]
struct Text(OwnedBytes);

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Text({} bytes)", self.0.len())
    }
}

impl Default for Text {
    fn default() -> Text {
        Text(OwnedBytes::empty())
    }
}

impl Strings {
    /// Strings given sorted and without repeats.
    pub(super) fn from_sorted<'a>(items: impl Iterator<Item = &'a str>) -> Strings {
        let mut text = Vec::new();
        let mut ends = Vec::new();
        for s in items {
            text.extend_from_slice(s.as_bytes());
            ends.push(text.len() as u32);
        }
        Strings {
            text: Text(OwnedBytes::new(text)),
            ends: U32s::from_vec(ends),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The string numbered `i` ("" when the file is damaged there).
    pub(super) fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 {
            0
        } else {
            self.ends.at(i - 1) as usize
        };
        let end = self.ends.at(i) as usize;
        self.text
            .0
            .as_slice()
            .get(start..end)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    pub(super) fn find(&self, key: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid as u32).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }
}

/// A list of numbers per item (compressed rows): item `i`'s are `ids[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone, Default)]
pub(super) struct Lists {
    starts: U32s,
    ids: U32s,
}

impl Lists {
    /// The lists of `items` items from `(item, id)` pairs.
    pub(super) fn build(items: usize, mut pairs: Vec<(u32, u32)>) -> Lists {
        pairs.sort_unstable();
        pairs.dedup();
        let mut starts = vec![0u32; items + 1];
        for &(i, _) in &pairs {
            starts[i as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        Lists {
            starts: U32s::from_vec(starts),
            ids: U32s::from_vec(pairs.into_iter().map(|(_, id)| id).collect()),
        }
    }

    /// The numbers listed for item `i`.
    pub(super) fn get(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        let start = self.starts.at(i) as usize;
        let end = self.starts.at(i.saturating_add(1)) as usize;
        self.ids.range(start, end)
    }

    /// How many numbers item `i` lists.
    pub(super) fn count(&self, i: usize) -> usize {
        (self.starts.at(i.saturating_add(1)) as usize).saturating_sub(self.starts.at(i) as usize)
    }
}

/// Numbers listed under keys (a word, a surname, initials).
#[derive(Debug, Clone, Default)]
pub(super) struct Postings {
    keys: Strings,
    lists: Lists,
}

impl Postings {
    /// The postings of `lists` (a key → its numbers): one string per key, not per number, so
    /// building them for every word of every name of a corpus stays small.
    pub(super) fn build(lists: rustc_hash::FxHashMap<String, Vec<u32>>) -> Postings {
        let mut keyed: Vec<(String, Vec<u32>)> = lists.into_iter().collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let strings = Strings::from_sorted(keyed.iter().map(|(k, _)| k.as_str()));
        let mut starts = Vec::with_capacity(keyed.len() + 1);
        let mut ids = Vec::new();
        starts.push(0u32);
        for (_, mut v) in keyed {
            v.sort_unstable();
            v.dedup();
            ids.extend_from_slice(&v);
            starts.push(ids.len() as u32);
        }
        Postings {
            keys: strings,
            lists: Lists {
                starts: U32s::from_vec(starts),
                ids: U32s::from_vec(ids),
            },
        }
    }

    /// The numbers listed under `key`.
    pub(super) fn get(&self, key: &str) -> impl Iterator<Item = u32> + '_ {
        let k = self.keys.find(key).map_or(usize::MAX, |k| k as usize);
        self.lists.get(k)
    }

    /// How many numbers are listed under `key`.
    pub(super) fn count(&self, key: &str) -> usize {
        self.keys
            .find(key)
            .map_or(0, |k| self.lists.count(k as usize))
    }
}

/// Writes sections: numbers little-endian, lengths before text and lists.
#[derive(Default)]
pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    pub(super) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    pub(super) fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.0.extend_from_slice(b);
    }

    pub(super) fn u32s(&mut self, v: &U32s) {
        self.u32(v.len() as u32);
        self.0.extend_from_slice(v.0.as_slice());
    }

    pub(super) fn strings(&mut self, s: &Strings) {
        self.bytes(s.text.0.as_slice());
        self.u32s(&s.ends);
    }

    pub(super) fn lists(&mut self, l: &Lists) {
        self.u32s(&l.starts);
        self.u32s(&l.ids);
    }

    pub(super) fn postings(&mut self, p: &Postings) {
        self.strings(&p.keys);
        self.lists(&p.lists);
    }
}

/// Reads what [`Writer`] wrote, in place; `None` when the bytes run out or text is not
/// UTF-8.
pub(super) struct Reader(pub(super) OwnedBytes);

impl Reader {
    /// A file in the index folder `dir`, mapped (by tantivy's own directory: the crate keeps
    /// no unsafe code of its own).
    pub(super) fn open(dir: &Path, name: &str) -> Option<Reader> {
        let directory = tantivy::directory::MmapDirectory::open(dir).ok()?;
        let slice = directory.open_read(Path::new(name)).ok()?;
        Some(Reader(slice.read_bytes().ok()?))
    }

    fn take(&mut self, n: usize) -> Option<OwnedBytes> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.clone().split(n);
        self.0 = rest;
        Some(head)
    }

    /// Whether the bytes start with `magic`; they are then skipped.
    pub(super) fn expect(&mut self, magic: &[u8]) -> bool {
        if !self.0.as_slice().starts_with(magic) {
            return false;
        }
        self.0.advance(magic.len());
        true
    }

    pub(super) fn u32(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        let b = b.as_slice();
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(super) fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.as_slice().to_vec()).ok()
    }

    pub(super) fn u32s(&mut self) -> Option<U32s> {
        let n = self.u32()? as usize;
        Some(U32s(self.take(n.checked_mul(4)?)?))
    }

    pub(super) fn strings(&mut self) -> Option<Strings> {
        let n = self.u32()? as usize;
        let text = Text(self.take(n)?);
        Some(Strings {
            text,
            ends: self.u32s()?,
        })
    }

    pub(super) fn lists(&mut self) -> Option<Lists> {
        Some(Lists {
            starts: self.u32s()?,
            ids: self.u32s()?,
        })
    }

    pub(super) fn postings(&mut self) -> Option<Postings> {
        Some(Postings {
            keys: self.strings()?,
            lists: self.lists()?,
        })
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_read_back_in_place() {
        let strings = Strings::from_sorted(["FBI", "Holder", "何旭明"].into_iter());
        let lists = Lists::build(3, vec![(2, 7), (0, 1), (0, 3), (2, 7)]);
        let postings = Postings::build(
            [
                ("holder".to_string(), vec![1]),
                ("eric".to_string(), vec![1, 1]),
            ]
            .into_iter()
            .collect(),
        );
        let mut w = Writer::default();
        w.0.extend_from_slice(b"magic");
        w.strings(&strings);
        w.lists(&lists);
        w.postings(&postings);
        w.u32s(&U32s::from_vec(vec![1, 5, 9]));
        let mut r = Reader(OwnedBytes::new(w.0.clone()));
        assert!(!Reader(OwnedBytes::new(w.0.clone())).expect(b"other"));
        assert!(r.expect(b"magic"));
        let s = r.strings().unwrap();
        assert_eq!(
            (s.len(), s.get(2), s.find("Holder")),
            (3, "何旭明", Some(1))
        );
        assert_eq!(s.find("Eric"), None);
        let l = r.lists().unwrap();
        assert_eq!(l.get(0).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(l.get(1).count(), 0);
        assert_eq!(l.get(2).collect::<Vec<_>>(), [7]);
        assert_eq!(l.get(99).count(), 0);
        let p = r.postings().unwrap();
        assert_eq!(p.get("holder").collect::<Vec<_>>(), [1]);
        assert_eq!((p.count("eric"), p.count("lynch")), (1, 0));
        let v = r.u32s().unwrap();
        assert_eq!((v.position(5), v.position(4), v.at(7)), (Some(1), None, 0));
        assert!(r.is_empty());
        // Cut anywhere, the sections stop reading; nothing panics.
        for cut in 0..w.0.len() {
            let mut r = Reader(OwnedBytes::new(w.0[..cut].to_vec()));
            let _ = r.expect(b"magic") && r.strings().is_some() && r.lists().is_some();
        }
    }
}
