//! Counting identities over the releases a query matches by term ordinal, without a string per
//! name: each segment's `person`/`org` column maps its ordinals to identities once per index
//! state ([`Groups`]), and a query counts releases per identity in one pass ([`GroupTally`]),
//! a release naming two forms of one identity once. Names are looked up only for the
//! identities that make the list ([`Counted::members`]).

use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DateTime, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::catalog::Catalog;
use super::layout::{Reader, U32s, Writer};
use super::tally::{max_date, min_date, Stat};
use crate::schema;
use crate::store::to_naive;

/// What kept groups start with, and the version of their layout (another is not read).
const MAGIC: &[u8] = b"pressdex-groups 1\n";

/// No identity: a name for a kind of body ([`super::links::Links::generic`]).
const NONE: u32 = u32::MAX;

/// Every segment's ordinals mapped to identities, for one kind and one state of the index.
/// An identity's number is the number of its name in the kind's [`Catalog`].
#[derive(Debug, Default)]
pub(super) struct Groups {
    /// Names the catalog does not know (none when it is current), numbered after its own.
    extra: Vec<String>,
    segments: FxHashMap<SegmentId, Arc<SegmentGroups>>,
}

/// One segment's ordinals and identities.
#[derive(Debug)]
struct SegmentGroups {
    /// Term ordinal → the segment's number for its identity (or [`NONE`]).
    local_of_ord: U32s,
    /// The segment's number for an identity → the identity's number.
    global: U32s,
    /// The segment's identities by number (sorted), and the segment's number for each.
    by_global: U32s,
    local_by_global: U32s,
    /// The ordinals of each of the segment's identities: `ords[starts[l]..starts[l + 1]]`.
    starts: U32s,
    ords: U32s,
}

impl SegmentGroups {
    /// The groups of a segment whose ordinal `o` is the identity `local_of_ord[o]` numbers in
    /// `global`.
    fn new(local_of_ord: Vec<u32>, global: Vec<u32>) -> SegmentGroups {
        // The ordinals of each identity, grouped (counting sort).
        let mut starts = vec![0u32; global.len() + 1];
        for &l in local_of_ord.iter().filter(|&&l| l != NONE) {
            starts[l as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut ords = vec![0u32; *starts.last().unwrap_or(&0) as usize];
        for (ord, &l) in local_of_ord.iter().enumerate() {
            if l != NONE {
                ords[next[l as usize] as usize] = ord as u32;
                next[l as usize] += 1;
            }
        }
        let mut pairs: Vec<(u32, u32)> = global.iter().zip(0u32..).map(|(&g, l)| (g, l)).collect();
        pairs.sort_unstable();
        let (by_global, local_by_global): (Vec<u32>, Vec<u32>) = pairs.into_iter().unzip();
        SegmentGroups {
            local_of_ord: U32s::from_vec(local_of_ord),
            global: U32s::from_vec(global),
            by_global: U32s::from_vec(by_global),
            local_by_global: U32s::from_vec(local_by_global),
            starts: U32s::from_vec(starts),
            ords: U32s::from_vec(ords),
        }
    }

    /// The segment's number for identity `gid`, if it holds it.
    fn local(&self, gid: u32) -> Option<usize> {
        let at = self.by_global.position(gid)?;
        self.local_by_global.get(at).map(|l| l as usize)
    }

    /// Whether the sections agree in length (a number past a section reads as nothing).
    fn is_whole(&self) -> bool {
        let locals = self.global.len();
        self.starts.len() == locals + 1
            && self.by_global.len() == locals
            && self.local_by_global.len() == locals
    }
}

impl Groups {
    /// Maps the ordinals of `field` in every segment `searcher` reads to the identities of
    /// `catalog`. A segment's terms and the catalog's names are both sorted by their bytes:
    /// each term's name is found by galloping on from the last one.
    pub(super) fn build(
        searcher: &Searcher,
        field: &str,
        catalog: &Catalog,
    ) -> tantivy::Result<Groups> {
        let known = catalog.len() as u32;
        let mut extra: Vec<String> = Vec::new();
        let mut extra_number: FxHashMap<String, u32> = FxHashMap::default();
        let mut segments = FxHashMap::default();
        for reader in searcher.segment_readers() {
            let mut local_of_ord = Vec::new();
            let mut global: Vec<u32> = Vec::new();
            let mut local_of_global: FxHashMap<u32, u32> = FxHashMap::default();
            if let Some(column) = reader.fast_fields().str(field)? {
                local_of_ord.reserve(column.num_terms());
                let mut stream = column.dictionary().stream()?;
                let mut next = 0u32;
                while stream.advance() {
                    let key = stream.key();
                    next = catalog.seek(next, key);
                    let gid = if next < known && catalog.name(next).as_bytes() == key {
                        let root = catalog.root_id(next);
                        if catalog.is_generic_id(root) {
                            NONE
                        } else {
                            root
                        }
                    } else {
                        let name = String::from_utf8_lossy(key).into_owned();
                        *extra_number.entry(name).or_insert_with_key(|name| {
                            extra.push(name.clone());
                            known + extra.len() as u32 - 1
                        })
                    };
                    let local = if gid == NONE {
                        NONE
                    } else {
                        *local_of_global.entry(gid).or_insert_with(|| {
                            global.push(gid);
                            (global.len() - 1) as u32
                        })
                    };
                    local_of_ord.push(local);
                }
            }
            segments.insert(
                reader.segment_id(),
                Arc::new(SegmentGroups::new(local_of_ord, global)),
            );
        }
        Ok(Groups { extra, segments })
    }

    /// The name of identity `gid` (`catalog`: the one the groups were built with; "" for a
    /// number neither knows, which only a damaged file gives).
    pub(super) fn root<'a>(&'a self, catalog: &'a Catalog, gid: u32) -> &'a str {
        match gid.checked_sub(catalog.len() as u32) {
            None => catalog.name(gid),
            Some(i) => self.extra.get(i as usize).map_or("", String::as_str),
        }
    }

    /// The groups as kept beside the index, naming the catalog they number (its
    /// [`Catalog::stamp`]); groups with names the catalog does not know are not kept (they are
    /// worked out again).
    pub(super) fn write(&self, stamp: &str) -> Vec<u8> {
        let mut w = Writer::default();
        w.0.extend_from_slice(MAGIC);
        w.str(stamp);
        if !self.extra.is_empty() {
            w.u32(0);
            return w.0;
        }
        let mut segments: Vec<_> = self.segments.iter().collect();
        segments.sort_by_key(|(id, _)| id.uuid_string());
        w.u32(segments.len() as u32);
        for (id, g) in segments {
            w.str(&id.uuid_string());
            for v in [
                &g.local_of_ord,
                &g.global,
                &g.by_global,
                &g.local_by_global,
                &g.starts,
                &g.ords,
            ] {
                w.u32s(v);
            }
        }
        w.0
    }

    /// The groups [`Groups::write`] wrote for the catalog stamped `stamp`, when whole.
    pub(super) fn read(mut r: Reader, stamp: &str) -> Option<Groups> {
        if !r.expect(MAGIC) || r.str()? != stamp {
            return None;
        }
        let n = r.u32()?;
        if n == 0 {
            return None;
        }
        let mut segments = FxHashMap::default();
        for _ in 0..n {
            let id = SegmentId::from_uuid_string(&r.str()?).ok()?;
            let g = SegmentGroups {
                local_of_ord: r.u32s()?,
                global: r.u32s()?,
                by_global: r.u32s()?,
                local_by_global: r.u32s()?,
                starts: r.u32s()?,
                ords: r.u32s()?,
            };
            if !g.is_whole() {
                return None;
            }
            segments.insert(id, Arc::new(g));
        }
        r.is_empty().then_some(Groups {
            extra: Vec::new(),
            segments,
        })
    }
}

/// Counts releases per identity over the documents a query matches.
pub(super) struct GroupTally {
    pub(super) field: &'static str,
    pub(super) groups: Arc<Groups>,
}

/// Per identity: releases and the first and last dates.
pub(super) struct Counted {
    pub(super) stats: FxHashMap<u32, Stat>,
    segments: Vec<SegmentCount>,
}

/// One segment's counts, with what finding the names of an identity there takes.
pub(super) struct SegmentCount {
    groups: Option<Arc<SegmentGroups>>,
    names: Option<StrColumn>,
    dates: Option<tantivy::columnar::Column<DateTime>>,
    /// Per local identity: releases, the last document counted (+1), first and last date.
    counts: Vec<u32>,
    last_doc: Vec<u32>,
    first: Vec<Option<NaiveDate>>,
    last: Vec<Option<NaiveDate>>,
    /// Per ordinal: whether a matching document holds it.
    hit: Vec<bool>,
}

impl Collector for GroupTally {
    type Fruit = Counted;
    type Child = SegmentCount;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCount> {
        let names = reader.fast_fields().str(self.field)?;
        let dates = reader.fast_fields().date(schema::field::DATE).ok();
        // Groups for another state of the segment's column are not used (they cannot be,
        // the catalog names the index state they were built on).
        let groups = self
            .groups
            .segments
            .get(&reader.segment_id())
            .filter(|g| names.as_ref().map_or(0, |c| c.num_terms()) == g.local_of_ord.len())
            .cloned();
        let (n, ords) = groups
            .as_ref()
            .map_or((0, 0), |g| (g.global.len(), g.local_of_ord.len()));
        Ok(SegmentCount {
            groups,
            names,
            dates,
            counts: vec![0; n],
            last_doc: vec![0; n],
            first: vec![None; n],
            last: vec![None; n],
            hit: vec![false; ords],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentCount>) -> tantivy::Result<Counted> {
        let mut stats: FxHashMap<u32, Stat> = FxHashMap::default();
        for fruit in &fruits {
            let Some(groups) = &fruit.groups else {
                continue;
            };
            for (local, &n) in fruit.counts.iter().enumerate().filter(|(_, &n)| n > 0) {
                stats.entry(groups.global.at(local)).or_default().add(Stat {
                    releases: n as usize,
                    first: fruit.first[local],
                    last: fruit.last[local],
                });
            }
        }
        Ok(Counted {
            stats,
            segments: fruits,
        })
    }
}

impl SegmentCollector for SegmentCount {
    type Fruit = SegmentCount;

    fn collect(&mut self, doc: DocId, _: Score) {
        let (Some(names), Some(groups)) = (&self.names, &self.groups) else {
            return;
        };
        let mut date = None;
        let mut dated = false;
        for ord in names.term_ords(doc) {
            let ord = ord as usize;
            let Some(local) = groups.local_of_ord.get(ord) else {
                continue;
            };
            self.hit[ord] = true;
            let l = local as usize;
            // NONE, or a damaged file's number past the segment's identities.
            if l >= self.counts.len() {
                continue;
            }
            // Two forms of one identity in a release count once.
            if self.last_doc[l] == doc + 1 {
                continue;
            }
            self.last_doc[l] = doc + 1;
            self.counts[l] += 1;
            if !dated {
                dated = true;
                date = self
                    .dates
                    .as_ref()
                    .and_then(|c| c.first(doc))
                    .and_then(to_naive);
            }
            self.first[l] = min_date(self.first[l], date);
            self.last[l] = max_date(self.last[l], date);
        }
    }

    fn harvest(self) -> SegmentCount {
        self
    }
}

impl Counted {
    /// The names of identity `gid` that the matching releases hold, sorted.
    pub(super) fn members(&self, gid: u32) -> Vec<String> {
        let mut out = Vec::new();
        for seg in &self.segments {
            let (Some(groups), Some(names)) = (&seg.groups, &seg.names) else {
                continue;
            };
            let Some(l) = groups.local(gid) else {
                continue;
            };
            let (start, end) = (groups.starts.at(l), groups.starts.at(l + 1));
            for ord in groups.ords.range(start as usize, end as usize) {
                if seg.hit.get(ord as usize) == Some(&true) {
                    let mut name = String::new();
                    if names.ord_to_str(u64::from(ord), &mut name).unwrap_or(false) {
                        out.push(name);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
