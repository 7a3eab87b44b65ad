//! Counting names over the releases a query matches, from the `person`/`org` fast fields: per
//! canonical name the releases and the first and last dates ([`Tally`]), and per value of a
//! many-valued field ([`ValueTally`]). Identities are counted by `groups`.

use std::collections::HashMap;

use chrono::NaiveDate;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema;
use crate::store::to_naive;

/// Counts one kind of entity over the documents a query matches: per canonical name, the
/// number of releases and the first and last dates.
/// Names with their stats (hashed with FxHash: the names come from the index, and a corpus may
/// have hundreds of thousands).
pub(super) type NameStats = rustc_hash::FxHashMap<String, Stat>;

pub(super) struct Tally {
    pub(super) field: &'static str,
}

#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Stat {
    pub(super) releases: usize,
    pub(super) first: Option<NaiveDate>,
    pub(super) last: Option<NaiveDate>,
}

impl Stat {
    pub(super) fn add(&mut self, other: Stat) {
        self.releases += other.releases;
        self.first = min_date(self.first, other.first);
        self.last = max_date(self.last, other.last);
    }
}

pub(super) fn min_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

pub(super) fn max_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    a.max(b)
}

pub(super) struct SegmentTally {
    names: Option<tantivy::columnar::StrColumn>,
    dates: Option<tantivy::columnar::Column<DateTime>>,
    stats: Vec<Stat>,
}

impl Collector for Tally {
    type Fruit = NameStats;
    type Child = SegmentTally;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTally> {
        let names = reader.fast_fields().str(self.field)?;
        let dates = reader.fast_fields().date(schema::field::DATE).ok();
        let terms = names.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentTally {
            names,
            dates,
            stats: vec![Stat::default(); terms],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<NameStats>) -> tantivy::Result<Self::Fruit> {
        let mut all = NameStats::default();
        for fruit in fruits {
            for (name, stat) in fruit {
                all.entry(name).or_default().add(stat);
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentTally {
    type Fruit = NameStats;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(names) = &self.names else { return };
        let date = self
            .dates
            .as_ref()
            .and_then(|c| c.first(doc))
            .and_then(to_naive);
        for ord in names.term_ords(doc) {
            if let Some(stat) = self.stats.get_mut(ord as usize) {
                stat.add(Stat {
                    releases: 1,
                    first: date,
                    last: date,
                });
            }
        }
    }

    fn harvest(self) -> NameStats {
        let mut out = NameStats::default();
        let Some(names) = &self.names else {
            return out;
        };
        // Walk the dictionary once, in ordinal order: looking ordinals up one by one would
        // decompress a dictionary block per name.
        let Ok(mut stream) = names.dictionary().stream() else {
            return out;
        };
        let mut ord = 0;
        while stream.advance() {
            if let Some(stat) = self.stats.get(ord).filter(|s| s.releases > 0) {
                out.insert(String::from_utf8_lossy(stream.key()).into_owned(), *stat);
            }
            ord += 1;
        }
        out
    }
}

/// Counts the values of a raw, multi-valued fast field over the documents a query matches:
/// per value, the releases and the first and last dates. Unlike [`Tally`] it keeps only the
/// values the matching documents hold, so it suits a field with many values (`person_role`)
/// read for a few thousand releases.
pub(super) struct ValueTally {
    pub(super) field: &'static str,
}

pub(super) struct SegmentValueTally {
    values: Option<tantivy::columnar::StrColumn>,
    dates: Option<tantivy::columnar::Column<DateTime>>,
    stats: HashMap<u64, Stat>,
}

impl Collector for ValueTally {
    type Fruit = NameStats;
    type Child = SegmentValueTally;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentValueTally> {
        Ok(SegmentValueTally {
            values: reader.fast_fields().str(self.field)?,
            dates: reader.fast_fields().date(schema::field::DATE).ok(),
            stats: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<NameStats>) -> tantivy::Result<Self::Fruit> {
        let mut all = NameStats::default();
        for fruit in fruits {
            for (value, stat) in fruit {
                all.entry(value).or_default().add(stat);
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentValueTally {
    type Fruit = NameStats;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(values) = &self.values else { return };
        let date = self
            .dates
            .as_ref()
            .and_then(|c| c.first(doc))
            .and_then(to_naive);
        for ord in values.term_ords(doc) {
            self.stats.entry(ord).or_default().add(Stat {
                releases: 1,
                first: date,
                last: date,
            });
        }
    }

    fn harvest(self) -> NameStats {
        let mut out = NameStats::with_capacity_and_hasher(self.stats.len(), Default::default());
        let Some(values) = &self.values else {
            return out;
        };
        let mut ords: Vec<u64> = self.stats.keys().copied().collect();
        ords.sort_unstable();
        let mut next = 0;
        // One pass over the dictionary blocks that hold these ordinals.
        let _ = values.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            if let Some(stat) = ords.get(next).and_then(|o| self.stats.get(o)) {
                out.insert(String::from_utf8_lossy(bytes).into_owned(), *stat);
            }
            next += 1;
        });
        out
    }
}
