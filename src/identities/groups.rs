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

use super::links::Links;
use super::tally::{max_date, min_date, Stat};
use crate::schema;
use crate::store::to_naive;

/// No identity: a name for a kind of body ([`Links::generic`]).
const NONE: u32 = u32::MAX;

/// Every segment's ordinals mapped to identities, for one kind and one state of the index.
pub(super) struct Groups {
    /// Identity number → its name.
    roots: Vec<String>,
    segments: FxHashMap<SegmentId, Arc<SegmentGroups>>,
}

/// One segment's ordinals and identities.
struct SegmentGroups {
    /// Term ordinal → the segment's number for its identity (or [`NONE`]).
    local_of_ord: Vec<u32>,
    /// The segment's number for an identity → the identity's number.
    global: Vec<u32>,
    /// The identity's number → the segment's number for it.
    local_of_global: FxHashMap<u32, u32>,
    /// The ordinals of each of the segment's identities: `ords[starts[l]..starts[l + 1]]`.
    starts: Vec<u32>,
    ords: Vec<u32>,
}

impl Groups {
    /// Maps the ordinals of `field` in every segment `searcher` reads to the identities of
    /// `ids`.
    pub(super) fn build(searcher: &Searcher, field: &str, ids: &Links) -> tantivy::Result<Groups> {
        let mut roots: Vec<String> = Vec::new();
        let mut number: FxHashMap<String, u32> = FxHashMap::default();
        let mut segments = FxHashMap::default();
        for reader in searcher.segment_readers() {
            let mut local_of_ord = Vec::new();
            let mut global: Vec<u32> = Vec::new();
            let mut local_of_global: FxHashMap<u32, u32> = FxHashMap::default();
            if let Some(column) = reader.fast_fields().str(field)? {
                local_of_ord.reserve(column.num_terms());
                let mut stream = column.dictionary().stream()?;
                while stream.advance() {
                    let name = String::from_utf8_lossy(stream.key());
                    let root = ids.root(&name);
                    let gid = match number.get(root) {
                        Some(&g) => g,
                        None => {
                            let g = if ids.generic.contains(root) {
                                NONE
                            } else {
                                roots.push(root.to_string());
                                (roots.len() - 1) as u32
                            };
                            number.insert(root.to_string(), g);
                            g
                        }
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
            segments.insert(
                reader.segment_id(),
                Arc::new(SegmentGroups {
                    local_of_ord,
                    global,
                    local_of_global,
                    starts,
                    ords,
                }),
            );
        }
        Ok(Groups { roots, segments })
    }

    /// The name of identity `gid`.
    pub(super) fn root(&self, gid: u32) -> &str {
        &self.roots[gid as usize]
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
        let groups = self.groups.segments.get(&reader.segment_id()).cloned();
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
                stats.entry(groups.global[local]).or_default().add(Stat {
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
            let Some(&local) = groups.local_of_ord.get(ord) else {
                continue;
            };
            self.hit[ord] = true;
            if local == NONE {
                continue;
            }
            let l = local as usize;
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
            let Some(&local) = groups.local_of_global.get(&gid) else {
                continue;
            };
            let l = local as usize;
            let span = groups.starts[l] as usize..groups.starts[l + 1] as usize;
            for &ord in &groups.ords[span] {
                if seg.hit[ord as usize] {
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
