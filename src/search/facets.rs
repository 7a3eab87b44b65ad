//! Counts over every release a request matches: the most mentioned people and organizations
//! and the releases per year, read from fast fields (see [`Engine::facets`]).

use std::collections::HashMap;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::{Engine, SearchRequest};
use crate::error::Result;
use crate::schema;

/// How many matching releases mention one person or organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// Canonical name.
    pub name: String,
    /// Releases that mention it.
    pub releases: u64,
}

/// How many matching releases were published in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCount {
    /// Calendar year.
    pub year: i32,
    /// Releases published that year.
    pub releases: u64,
}

/// Counts over every release a request matches, from [`Engine::facets`].
#[derive(Debug, Clone, Serialize)]
pub struct Facets {
    /// Releases that match.
    pub total: u64,
    /// The most mentioned people, most releases first (ties by name).
    pub people: Vec<FacetCount>,
    /// The most mentioned organizations, most releases first (ties by name).
    pub orgs: Vec<FacetCount>,
    /// Releases per publication year, oldest first; undated releases are not counted.
    pub years: Vec<YearCount>,
    /// Time spent, in milliseconds.
    pub elapsed_ms: f64,
}

impl Engine {
    /// Counts, among the releases `request` matches (its query and filters; sort and page are
    /// ignored), how many mention each person and organization, and how many were published each
    /// year. `top` caps the people and organizations listed (most frequent first).
    pub fn facets(&self, request: &SearchRequest, top: usize) -> Result<Facets> {
        let start = Instant::now();
        let query = self.query(request)?;
        let searcher = self.reader.searcher();
        let mut facets = searcher.search(query.as_ref(), &FacetCollector { top })?;
        facets.elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
        Ok(facets)
    }
}

impl Engine {
    /// [`Engine::facets`] over the releases `query` matches.
    pub(crate) fn facets_of(
        &self,
        query: &dyn tantivy::query::Query,
        top: usize,
    ) -> Result<Facets> {
        let start = Instant::now();
        let mut facets = self
            .reader
            .searcher()
            .search(query, &FacetCollector { top })?;
        facets.elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
        Ok(facets)
    }
}

impl Engine {
    /// How many of the releases `request` matches are in each language (ISO 639-1 codes, most
    /// releases first, ties by code), from the `lang` fast field.
    pub fn languages(&self, request: &SearchRequest) -> Result<Vec<FacetCount>> {
        let query = self.query(request)?;
        let searcher = self.reader.searcher();
        Ok(searcher.search(query.as_ref(), &LangCollector)?)
    }
}

/// Counts the values of the `lang` column over the matching documents.
struct LangCollector;

/// One segment's language counts.
struct SegmentLangs(Option<NameCounts>);

impl SegmentCollector for SegmentLangs {
    type Fruit = Option<NameCounts>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(langs) = &mut self.0 {
            langs.count(doc);
        }
    }

    fn harvest(self) -> Option<NameCounts> {
        self.0
    }
}

impl Collector for LangCollector {
    type Fruit = Vec<FacetCount>;
    type Child = SegmentLangs;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentLangs> {
        Ok(SegmentLangs(NameCounts::new(
            segment.fast_fields().str(schema::field::LANG)?,
        )))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Option<NameCounts>>) -> tantivy::Result<Vec<FacetCount>> {
        let segments: Vec<NameCounts> = fruits.into_iter().flatten().collect();
        // Every language (there are few).
        top_names(&segments, 1_000)
    }
}

/// Counts people, organizations and years over the matching documents, from fast fields.
///
/// Each segment counts term ordinals in a dense array (no string work per document, no sort:
/// a name a document lists twice is counted once thanks to the last document stamped on its
/// slot). Names are looked up only for the few ordinals that can win, see [`top_names`].
struct FacetCollector {
    top: usize,
}

/// Per ordinal of a name column: matching documents that list it, and the last one counted
/// (document id + 1, 0 for none).
#[derive(Clone, Copy, Default)]
struct OrdSlot {
    count: u32,
    last: u32,
}

/// One name column of a segment and its counts.
struct NameCounts {
    column: StrColumn,
    slots: Vec<OrdSlot>,
}

impl NameCounts {
    /// Calls `f(name bytes, count)` for the ordinals of `best` (as [`best_ords`] leaves them),
    /// reading the dictionary once in ordinal order.
    fn read_names(
        &self,
        best: &[(u32, u64)],
        mut f: impl FnMut(&[u8], u32),
    ) -> std::io::Result<()> {
        let mut ords: Vec<u64> = best.iter().map(|&(_, ord)| ord).collect();
        ords.sort_unstable();
        let mut i = 0;
        self.column
            .dictionary()
            .sorted_ords_to_term_cb(&ords, |bytes| {
                f(bytes, self.slots[ords[i] as usize].count);
                i += 1;
            })?;
        Ok(())
    }

    fn new(column: Option<StrColumn>) -> Option<NameCounts> {
        column.map(|column| NameCounts {
            slots: vec![OrdSlot::default(); column.num_terms()],
            column,
        })
    }

    fn count(&mut self, doc: DocId) {
        let stamp = doc + 1;
        for ord in self.column.term_ords(doc) {
            if let Some(slot) = self.slots.get_mut(ord as usize) {
                if slot.last != stamp {
                    slot.last = stamp;
                    slot.count += 1;
                }
            }
        }
    }
}

/// Years are counted in a dense array over the column's range when it is small (it always is
/// for real dates), else in a map.
enum YearCounts {
    Dense { first: u64, counts: Vec<u64> },
    Sparse(std::collections::BTreeMap<u64, u64>),
}

impl YearCounts {
    fn for_column(column: Option<&Column<u64>>) -> YearCounts {
        match column {
            Some(c) if c.max_value().saturating_sub(c.min_value()) < 4096 => YearCounts::Dense {
                first: c.min_value(),
                counts: vec![0; (c.max_value() - c.min_value() + 1) as usize],
            },
            _ => YearCounts::Sparse(Default::default()),
        }
    }

    fn add(&mut self, year: u64) {
        match self {
            YearCounts::Dense { first, counts } => {
                if let Some(n) = year
                    .checked_sub(*first)
                    .and_then(|i| counts.get_mut(i as usize))
                {
                    *n += 1;
                }
            }
            YearCounts::Sparse(map) => *map.entry(year).or_default() += 1,
        }
    }

    fn into_iter(self) -> Box<dyn Iterator<Item = (u64, u64)>> {
        match self {
            YearCounts::Dense { first, counts } => Box::new(
                counts
                    .into_iter()
                    .enumerate()
                    .filter(|&(_, n)| n > 0)
                    .map(move |(i, n)| (first + i as u64, n)),
            ),
            YearCounts::Sparse(map) => Box::new(map.into_iter()),
        }
    }
}

struct SegmentFacets {
    people: Option<NameCounts>,
    orgs: Option<NameCounts>,
    years: Option<Column<u64>>,
    year_counts: YearCounts,
    total: u64,
}

/// A segment's counts, by ordinal, with the columns to turn ordinals into names.
struct SegmentFruit {
    people: Option<NameCounts>,
    orgs: Option<NameCounts>,
    years: YearCounts,
    total: u64,
}

impl SegmentCollector for SegmentFacets {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.total += 1;
        if let Some(people) = &mut self.people {
            people.count(doc);
        }
        if let Some(orgs) = &mut self.orgs {
            orgs.count(doc);
        }
        if let Some(year) = self.years.as_ref().and_then(|y| y.first(doc)) {
            self.year_counts.add(year);
        }
    }

    fn harvest(self) -> SegmentFruit {
        SegmentFruit {
            people: self.people,
            orgs: self.orgs,
            years: self.year_counts,
            total: self.total,
        }
    }
}

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let fast = segment.fast_fields();
        // With no names to list, their columns are not even opened.
        let names = |field| -> tantivy::Result<Option<NameCounts>> {
            Ok(if self.top == 0 {
                None
            } else {
                NameCounts::new(fast.str(field)?)
            })
        };
        let years = fast.u64(schema::field::YEAR).ok();
        Ok(SegmentFacets {
            people: names(schema::field::PERSON)?,
            orgs: names(schema::field::ORG)?,
            year_counts: YearCounts::for_column(years.as_ref()),
            years,
            total: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Facets> {
        let mut total = 0;
        let mut years = std::collections::BTreeMap::<u64, u64>::new();
        let mut people = Vec::new();
        let mut orgs = Vec::new();
        for fruit in fruits {
            total += fruit.total;
            for (year, n) in fruit.years.into_iter() {
                *years.entry(year).or_default() += n;
            }
            people.extend(fruit.people);
            orgs.extend(fruit.orgs);
        }
        Ok(Facets {
            total,
            people: top_names(&people, self.top)?,
            orgs: top_names(&orgs, self.top)?,
            years: years
                .into_iter()
                .map(|(year, releases)| YearCount {
                    year: i32::try_from(year).unwrap_or(i32::MAX),
                    releases,
                })
                .collect(),
            elapsed_ms: 0.0,
        })
    }
}

/// Order of a segment's (count, ordinal) pairs: most counted first, ties by ordinal (the
/// dictionary is sorted, so that is by name).
fn by_count_then_ord(a: &(u32, u64), b: &(u32, u64)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then(a.1.cmp(&b.1))
}

/// A segment's `take` best counted ordinals, best first, and the count of the best one left
/// out (0 when none is). Partial selection: only the winners are sorted.
fn best_ords(slots: &[OrdSlot], take: usize, out: &mut Vec<(u32, u64)>) -> u32 {
    out.clear();
    out.extend(
        slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.count > 0)
            .map(|(ord, s)| (s.count, ord as u64)),
    );
    let mut next = 0;
    if out.len() > take {
        out.select_nth_unstable_by(take, by_count_then_ord);
        next = out[take].0;
        out.truncate(take);
    }
    out.sort_unstable_by(by_count_then_ord);
    next
}

/// The `top` most counted names over the segments' ordinal counts, exactly.
///
/// Turning every counted ordinal into a name costs a dictionary walk and a string per name,
/// which took 100 ms on a common DOJ query; each dictionary lookup also decompresses a block.
/// With one segment, the `top` best ordinals are the answer (ties by ordinal are ties by name)
/// and only their names are read. With several, each segment offers its `take` best ordinals;
/// their names get exact counts (looked up in the segments that did not offer them and still
/// have unoffered counts), and the answer stands when the last winner beats what any other
/// name could reach — the sum over segments of the best count not offered. Otherwise `take`
/// grows and the round repeats (at worst, every ordinal is offered, and the answer is exact
/// anyway).
fn top_names(segments: &[NameCounts], top: usize) -> tantivy::Result<Vec<FacetCount>> {
    let io = |e: std::io::Error| tantivy::TantivyError::from(e);
    if top == 0 || segments.is_empty() {
        return Ok(Vec::new());
    }
    let mut best = Vec::new();
    if let [only] = segments {
        best_ords(&only.slots, top, &mut best);
        let mut out = Vec::with_capacity(best.len());
        only.read_names(&best, |bytes, releases| {
            out.push(FacetCount {
                name: String::from_utf8_lossy(bytes).into_owned(),
                releases: u64::from(releases),
            });
        })
        .map_err(io)?;
        out.sort_by(|a, b| {
            b.releases
                .cmp(&a.releases)
                .then_with(|| a.name.cmp(&b.name))
        });
        return Ok(out);
    }
    // Tests start small so that the rounds and the bound are exercised on a small corpus.
    let mut take = if cfg!(test) { top } else { top.max(16) };
    loop {
        // Name → count so far and which segments have been counted in.
        let mut names: HashMap<String, (u64, Vec<bool>)> = HashMap::new();
        let mut bound = 0u64;
        let mut next_of = Vec::with_capacity(segments.len());
        for (s, seg) in segments.iter().enumerate() {
            let next = best_ords(&seg.slots, take, &mut best);
            bound += u64::from(next);
            next_of.push(next);
            seg.read_names(&best, |bytes, count| {
                if let Ok(name) = std::str::from_utf8(bytes) {
                    let entry = match names.get_mut(name) {
                        Some(e) => e,
                        None => names
                            .entry(name.to_string())
                            .or_insert_with(|| (0, vec![false; segments.len()])),
                    };
                    entry.0 += u64::from(count);
                    entry.1[s] = true;
                }
            })
            .map_err(io)?;
        }
        let mut out = Vec::with_capacity(names.len());
        for (name, (mut releases, counted)) in names {
            for (s, seg) in segments.iter().enumerate() {
                // A segment that offered every counted ordinal has no count for this name.
                if counted[s] || next_of[s] == 0 {
                    continue;
                }
                if let Some(ord) = seg.column.dictionary().term_ord(&name).map_err(io)? {
                    releases += u64::from(seg.slots[ord as usize].count);
                }
            }
            out.push(FacetCount { name, releases });
        }
        out.sort_by(|a, b| {
            b.releases
                .cmp(&a.releases)
                .then_with(|| a.name.cmp(&b.name))
        });
        out.truncate(top);
        // A name not offered has at most `bound` releases; a tie could still win on its name.
        let settled = out.len() == top && out[top - 1].releases > bound;
        if bound == 0 || settled {
            return Ok(out);
        }
        take *= 4;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_ords_select_and_bound() {
        let slots: Vec<OrdSlot> = [3, 0, 5, 3, 1, 5, 2]
            .iter()
            .map(|&count| OrdSlot { count, last: 0 })
            .collect();
        let mut best = Vec::new();
        // Ties go to the smaller ordinal; the bound is the best count left out.
        assert_eq!(best_ords(&slots, 3, &mut best), 3);
        assert_eq!(best, [(5, 2), (5, 5), (3, 0)]);
        assert_eq!(best_ords(&slots, 6, &mut best), 0);
        assert_eq!(best.len(), 6);
        assert_eq!(best_ords(&slots, 10, &mut best), 0);
    }

    #[test]
    fn facets_count_what_search_finds() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        // One run makes one segment; a second run over more files adds another.
        for (roots, segments) in [(vec![corpus.join("2017")], 1), (vec![corpus.clone()], 2)] {
            crate::index::index_paths(
                dir.path(),
                &roots,
                &crate::index::IndexOptions::default(),
                &crate::index::NoProgress,
            )
            .unwrap();
            let engine = Engine::open(dir.path()).unwrap();
            assert_eq!(engine.reader.searcher().segment_readers().len(), segments);
            facets_match_hits(&engine);
        }
    }

    fn facets_match_hits(engine: &Engine) {
        for query in [None, Some("city"), Some("\"internet of things\"")] {
            let request = SearchRequest {
                query: query.map(str::to_string),
                limit: 10_000,
                ..Default::default()
            };
            let results = engine.search(&request).unwrap();
            let facets = engine.facets(&request, 5).unwrap();
            assert_eq!(facets.total, results.total as u64, "{query:?}");
            // Count by hand from the hits.
            let mut people = std::collections::HashMap::<&str, u64>::new();
            let mut years = std::collections::BTreeMap::<i32, u64>::new();
            for hit in &results.hits {
                let mut names: Vec<&str> = hit.people.iter().map(String::as_str).collect();
                names.sort_unstable();
                names.dedup();
                for name in names {
                    *people.entry(name).or_default() += 1;
                }
                if let Some(date) = hit.date {
                    *years.entry(chrono::Datelike::year(&date)).or_default() += 1;
                }
            }
            let mut expected: Vec<FacetCount> = people
                .into_iter()
                .map(|(name, releases)| FacetCount {
                    name: name.to_string(),
                    releases,
                })
                .collect();
            expected.sort_by(|a, b| b.releases.cmp(&a.releases).then(a.name.cmp(&b.name)));
            expected.truncate(5);
            assert_eq!(facets.people, expected, "{query:?}");
            let years: Vec<YearCount> = years
                .into_iter()
                .map(|(year, releases)| YearCount { year, releases })
                .collect();
            assert_eq!(facets.years, years, "{query:?}");
            assert!(facets.orgs.len() <= 5);
        }
    }
}
