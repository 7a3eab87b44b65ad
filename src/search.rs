//! Searching the index: ranked hits with highlighted fragments.
//!
//! A [`SearchRequest`] holds an optional query in tantivy's syntax (AND by default), entity and
//! date filters, a sort order and a page. [`Engine::search`] returns [`SearchResults`]: each
//! [`Hit`] carries up to three [`Fragment`]s of the body with highlight byte ranges — the
//! renderers decide how to show them.
//!
//! Highlighting works on token positions, not on every occurrence of every term: a phrase
//! (`"He Xuming"`) marks only the places where its words follow each other, and when a query or
//! a `--person`/`--org` filter names an entity of the release, every mention of that entity is
//! marked from the spans stored at index time, aliases included ("Chairman He"), while the
//! pronoun "he" is not.

use std::collections::HashMap;
use std::ops::Bound;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, QueryParser,
    QueryParserError, RangeQuery, TermQuery,
};
use tantivy::query_grammar::{Occur as AstOccur, UserInputAst, UserInputLeaf};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DateTime, DocAddress, DocId, Index, IndexReader, Order, Score, SegmentOrdinal, SegmentReader,
    TantivyDocument, Term,
};

use crate::error::{Error, Result};
use crate::model::{Entity, Mention, Release};
use crate::query;
use crate::schema::{self, Fields};
use crate::store;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best BM25 score first (newest first when there is no query text).
    #[default]
    Relevance,
    /// Latest publication date first; undated releases last.
    Newest,
    /// Earliest publication date first; undated releases last.
    Oldest,
}

/// A date bound given as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day of the period.
    pub first: NaiveDate,
    /// Last day of the period.
    pub last: NaiveDate,
}

impl std::str::FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Period, String> {
        let bad = || {
            format!("'{s}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2017, 2017-06, 2017-06-13)")
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
        match parts.as_slice() {
            [y] if y.len() == 4 => {
                let y = num(y)? as i32;
                let first = NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(bad)?;
                let last = NaiveDate::from_ymd_opt(y, 12, 31).ok_or_else(bad)?;
                Ok(Period { first, last })
            }
            [y, m] if y.len() == 4 => {
                let (y, m) = (num(y)? as i32, num(m)?);
                let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                };
                let last = next.and_then(|d| d.pred_opt()).ok_or_else(bad)?;
                Ok(Period { first, last })
            }
            [y, m, d] if y.len() == 4 => {
                let day =
                    NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?).ok_or_else(bad)?;
                Ok(Period {
                    first: day,
                    last: day,
                })
            }
            _ => Err(bad()),
        }
    }
}

/// What to search for.
#[derive(Debug, Clone, Serialize)]
pub struct SearchRequest {
    /// Query text in tantivy's syntax; `None` lists every release that passes the filters.
    pub query: Option<String>,
    /// Releases must mention each of these people (any part of a name, any alias).
    pub people: Vec<String>,
    /// Releases must mention each of these organizations (long form or acronym).
    pub orgs: Vec<String>,
    /// Published on or after the first day of this period.
    pub since: Option<Period>,
    /// Published on or before the last day of this period.
    pub until: Option<Period>,
    /// Hit order.
    pub sort: Sort,
    /// At most this many hits.
    pub limit: usize,
    /// Skip this many hits first.
    pub offset: usize,
    /// At most this many fragments per hit.
    pub fragments: usize,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: None,
            people: Vec::new(),
            orgs: Vec::new(),
            since: None,
            until: None,
            sort: Sort::Relevance,
            limit: 10,
            offset: 0,
            fragments: 3,
        }
    }
}

/// A byte range, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A piece of a release body with the parts to highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fragment {
    /// Where the fragment starts in the body (bytes).
    pub offset: usize,
    /// The text, with line breaks turned into spaces (same byte length).
    pub text: String,
    /// Byte ranges into `text` to highlight, sorted, not overlapping.
    pub highlights: Vec<Span>,
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank, counting the offset.
    pub rank: usize,
    /// BM25 score (`null` when sorted by date).
    pub score: Option<f32>,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Headline.
    pub title: String,
    /// The file.
    pub path: String,
    /// Canonical names of the people the release mentions.
    pub people: Vec<String>,
    /// Canonical names of the organizations the release mentions.
    pub orgs: Vec<String>,
    /// Up to `fragments` pieces of the body with highlights.
    pub fragments: Vec<Fragment>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Releases that match, over all pages.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// What each prefix (`xum*`) or fuzzy (`Guterres~1`) term of the query matched.
    pub rewrites: Vec<query::Rewrite>,
    /// When nothing matched: queries that would find something.
    pub suggestions: Vec<Suggestion>,
    /// Time spent, in milliseconds.
    pub elapsed_ms: f64,
}

/// A query that would find releases, offered when a search finds none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The query to run instead.
    pub query: String,
    /// How many releases it finds (with the same filters).
    pub total: usize,
}

/// How many matching releases mention one person or organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// Canonical name.
    pub name: String,
    /// Releases that mention it.
    pub releases: u64,
}

/// How many matching releases were published in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

/// An open index, ready to answer many searches.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl Engine {
    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<Engine> {
        let (index, fields) = store::open(dir)?;
        let reader = index.reader()?;
        Ok(Engine {
            index,
            reader,
            fields,
        })
    }

    /// Number of releases in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

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

    /// A searcher on the index as of its last commit.
    pub(crate) fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The schema's fields.
    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The tantivy query for a request: the query text (or every release) and the filters.
    pub(crate) fn query(&self, request: &SearchRequest) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let main: Box<dyn Query> = match query_text(request) {
            Some(q) => {
                let (rest, specials) = query::split(q)?;
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                if !rest.trim().is_empty() {
                    clauses.push((Occur::Must, self.parse_query(&rest)?));
                }
                for s in &specials {
                    let occur = if s.negated {
                        Occur::MustNot
                    } else {
                        Occur::Must
                    };
                    clauses.push((occur, s.query(f)?));
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            None => Box::new(AllQuery),
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main)];
        for name in &request.people {
            clauses.push((
                Occur::Must,
                filter(name_query(f.person_text, name, "--person")?),
            ));
        }
        for name in &request.orgs {
            clauses.push((Occur::Must, filter(name_query(f.org_text, name, "--org")?)));
        }
        if request.since.is_some() || request.until.is_some() {
            let bound = |d: NaiveDate| {
                let secs = d
                    .and_hms_opt(0, 0, 0)
                    .map_or(0, |t| t.and_utc().timestamp());
                Term::from_field_date_for_search(f.date, DateTime::from_timestamp_secs(secs))
            };
            let lower = request
                .since
                .map_or(Bound::Unbounded, |p| Bound::Included(bound(p.first)));
            let upper = request
                .until
                .map_or(Bound::Unbounded, |p| Bound::Included(bound(p.last)));
            clauses.push((Occur::Must, filter(Box::new(RangeQuery::new(lower, upper)))));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let start = Instant::now();
        let text = query_text(request);
        let query = self.query(request)?;
        let (rest, specials) = match text {
            Some(q) => query::split(q)?,
            None => (String::new(), Vec::new()),
        };
        let ast = text.and_then(|_| tantivy::query_grammar::parse_query(&rest).ok());

        let searcher = self.reader.searcher();
        let limit = request.limit.max(1);
        let top = TopDocs::with_limit(limit).and_offset(request.offset);
        let sort = match (request.sort, text) {
            (Sort::Relevance, None) => Sort::Newest,
            (sort, _) => sort,
        };
        let (total, docs): (usize, Vec<(Option<f32>, DocAddress)>) = match sort {
            Sort::Relevance => {
                let (docs, total) = searcher.search(&query, &(top.order_by_score(), Count))?;
                (total, docs.into_iter().map(|(s, a)| (Some(s), a)).collect())
            }
            Sort::Newest | Sort::Oldest => {
                let order = if sort == Sort::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let collector = top.order_by_fast_field::<DateTime>(schema::field::DATE, order);
                let (docs, total) = searcher.search(&query, &(collector, Count))?;
                (total, docs.into_iter().map(|(_, a)| (None, a)).collect())
            }
        };
        let docs = if request.limit == 0 { Vec::new() } else { docs };

        let mut highlighter = Highlighter::new(ast.as_ref(), request);
        let (rewrites, expanded) = query::expand(&searcher, &self.fields, &specials)?;
        for s in specials
            .iter()
            .filter(|s| !s.negated && s.mode == query::Mode::Prefix)
        {
            highlighter
                .phrases
                .push((schema::name_tokens(&s.word), true));
        }
        for word in expanded {
            highlighter.phrases.push((vec![word], false));
        }
        let mut hits = Vec::with_capacity(docs.len());
        for (i, (score, address)) in docs.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(
                &doc,
                request.offset + i + 1,
                score,
                &highlighter,
                request.fragments,
            )?);
        }
        let suggestions = match text {
            Some(q) if total == 0 => self.suggest(q, request)?,
            _ => Vec::new(),
        };
        Ok(SearchResults {
            total,
            hits,
            rewrites,
            suggestions,
            elapsed_ms: start.elapsed().as_secs_f64() * 1000.0,
        })
    }

    /// Queries that would find something when `q` found nothing: each unknown word replaced by
    /// the closest name in the index, or else made fuzzy.
    fn suggest(&self, q: &str, request: &SearchRequest) -> Result<Vec<Suggestion>> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        let unknown = query::unknown_words(&searcher, &self.fields, q)?;
        let mut candidates = Vec::new();
        if !unknown.is_empty() {
            let mut by_name = q.to_string();
            let mut fuzzy = q.to_string();
            for (word, name) in &unknown {
                if let Some(name) = name {
                    by_name = by_name.replacen(word.as_str(), name, 1);
                }
                fuzzy = fuzzy.replacen(word.as_str(), &format!("{word}~2"), 1);
            }
            if by_name != q {
                candidates.push(by_name);
            }
            candidates.push(fuzzy);
        }
        for candidate in candidates {
            let probe = SearchRequest {
                query: Some(candidate.clone()),
                ..request.clone()
            };
            let Ok(query) = self.query(&probe) else {
                continue;
            };
            let total = searcher.search(query.as_ref(), &Count)?;
            if total > 0 && !out.iter().any(|s: &Suggestion| s.query == candidate) {
                out.push(Suggestion {
                    query: candidate,
                    total,
                });
            }
        }
        Ok(out)
    }

    fn parse_query(&self, q: &str) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 2.0);
        match parser.parse_query(q) {
            Ok(query) => Ok(query),
            Err(QueryParserError::SyntaxError(msg)) => {
                let (_, errors) = tantivy::query_grammar::parse_query_lenient(q);
                Err(match errors.first() {
                    Some(e) => {
                        let pos = q.get(..e.pos.min(q.len())).map_or(0, |p| p.chars().count());
                        Error::bad_query(q, pos, e.message.clone())
                    }
                    None => Error::bad_query(q, 0, msg),
                })
            }
            Err(err) => Err(Error::UnsupportedQuery(err.to_string())),
        }
    }

    fn hit(
        &self,
        doc: &TantivyDocument,
        rank: usize,
        score: Option<f32>,
        highlighter: &Highlighter,
        max_fragments: usize,
    ) -> Result<Hit> {
        let release = store::decode(doc, &self.fields)?;
        let spans = highlighter.spans(&release);
        Ok(Hit {
            rank,
            score,
            date: release.date,
            fragments: fragments(&release.body, &spans, max_fragments),
            people: release.people.into_iter().map(|e| e.name).collect(),
            orgs: release.orgs.into_iter().map(|e| e.name).collect(),
            title: release.title,
            path: release.path,
        })
    }

    /// One release by its path (as indexed, or a unique ending of it such as its file name).
    pub fn release(&self, path: &str) -> Result<Release> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let exact = TermQuery::new(
            Term::from_field_text(f.path, path),
            IndexRecordOption::Basic,
        );
        let mut found = searcher.search(&exact, &TopDocs::with_limit(1).order_by_score())?;
        if found.is_empty() {
            let mut candidates = Vec::new();
            for reader in searcher.segment_readers() {
                if let Some(col) = reader.fast_fields().str(schema::field::PATH)? {
                    let mut stream = col
                        .dictionary()
                        .stream()
                        .map_err(|e| Error::io("cannot read the index's paths", e))?;
                    while stream.advance() {
                        let key = String::from_utf8_lossy(stream.key()).into_owned();
                        let tail = key.strip_suffix(path);
                        if tail.is_some_and(|t| t.is_empty() || t.ends_with('/')) {
                            candidates.push(key);
                        }
                    }
                }
            }
            candidates.sort();
            candidates.dedup();
            match candidates.as_slice() {
                [] => return Err(Error::NotFound(path.to_string())),
                [one] => {
                    let q = TermQuery::new(
                        Term::from_field_text(f.path, one),
                        IndexRecordOption::Basic,
                    );
                    found = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
                }
                many => {
                    return Err(Error::AmbiguousPath {
                        path: path.to_string(),
                        candidates: many.to_vec(),
                    })
                }
            }
        }
        let Some((_, address)) = found.into_iter().next() else {
            return Err(Error::NotFound(path.to_string()));
        };
        let doc: TantivyDocument = searcher.doc(address)?;
        store::decode(&doc, f)
    }
}

/// The query text of a request, if it has one that is not blank.
fn query_text(request: &SearchRequest) -> Option<&str> {
    request
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
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

/// A filter clause: must match, adds nothing to the score.
fn filter(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// A phrase (or term) query over the folded names of a field.
pub(crate) fn name_query(field: Field, name: &str, flag: &str) -> Result<Box<dyn Query>> {
    let tokens = schema::name_tokens(name);
    let terms: Vec<Term> = tokens
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    match terms.len() {
        0 => Err(Error::UnsupportedQuery(format!(
            "{flag} needs a name with letters or digits, got '{name}'"
        ))),
        1 => Ok(Box::new(TermQuery::new(
            terms[0].clone(),
            IndexRecordOption::Basic,
        ))),
        _ => Ok(Box::new(PhraseQuery::new(terms))),
    }
}

/// What to highlight, worked out once per search from the query and the filters.
struct Highlighter {
    /// Stemmed token sequences to find in the body (terms and phrases), with prefix flags.
    phrases: Vec<(Vec<String>, bool)>,
    /// Folded name token sequences from the query: a person whose name or alias contains one,
    /// or an organization with a name or alias equal to one, is highlighted.
    names: Vec<Vec<String>>,
    /// Names from `--person`/`--org`: any entity whose name or alias contains one.
    filter_names: Vec<Vec<String>>,
    /// Runs of plain query words (`He Xuming` unquoted).
    runs: Vec<Run>,
}

/// Adjacent plain words of a query. When they spell the name of an entity of the release,
/// they are highlighted as that entity (and as a phrase), not word by word: `He Xuming`
/// unquoted must not mark every pronoun "he".
struct Run {
    /// The words as a phrase (stemmed tokens).
    phrase: Vec<String>,
    /// Each word that is not a function word (stemmed tokens).
    words: Vec<Vec<String>>,
    /// The words as a name (folded tokens).
    name: Vec<String>,
}

/// Function words not worth a highlight of their own inside a multi-word query.
const QUERY_STOPWORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "it", "of", "on", "or", "the",
    "to", "with",
];

/// Words too common to stand for an entity on their own.
const NAME_STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "of",
    "in",
    "on",
    "at",
    "to",
    "he",
    "she",
    "it",
    "we",
    "a",
    "an",
    "mr",
    "ms",
    "mrs",
    "dr",
    "said",
    "new",
    "group",
    "union",
    "world",
    "international",
    "national",
];

impl Highlighter {
    fn new(ast: Option<&UserInputAst>, request: &SearchRequest) -> Highlighter {
        let mut h = Highlighter {
            phrases: Vec::new(),
            names: Vec::new(),
            filter_names: Vec::new(),
            runs: Vec::new(),
        };
        if let Some(ast) = ast {
            h.collect(ast, false);
        }
        for name in request.people.iter().chain(&request.orgs) {
            let tokens = schema::name_tokens(name);
            if !tokens.is_empty() {
                h.filter_names.push(tokens);
            }
        }
        h
    }

    fn collect(&mut self, ast: &UserInputAst, negated: bool) {
        match ast {
            UserInputAst::Clause(clauses) => {
                // Adjacent plain words may spell a name together ("He Xuming" unquoted).
                let mut run: Vec<String> = Vec::new();
                for (occur, sub) in clauses {
                    let neg = negated || *occur == Some(AstOccur::MustNot);
                    match (neg, plain_word(sub)) {
                        (false, Some(word)) => run.push(word.to_string()),
                        _ => {
                            self.flush_run(&mut run);
                            self.collect(sub, neg);
                        }
                    }
                }
                self.flush_run(&mut run);
            }
            UserInputAst::Boost(sub, _) => self.collect(sub, negated),
            UserInputAst::Leaf(leaf) if !negated => {
                if let UserInputLeaf::Literal(lit) = leaf.as_ref() {
                    let field = lit.field_name.as_deref();
                    let on_text = matches!(field, None | Some("title") | Some("body"));
                    let on_names = matches!(
                        field,
                        None | Some("body")
                            | Some("person_text")
                            | Some("org_text")
                            | Some("person")
                            | Some("org")
                    );
                    if on_text {
                        let tokens = text_tokens(&lit.phrase);
                        if !tokens.is_empty() {
                            self.phrases.push((tokens, lit.prefix));
                        }
                    }
                    if on_names {
                        let tokens = schema::name_tokens(&lit.phrase);
                        if is_name_like(&tokens) {
                            self.names.push(tokens);
                        }
                    }
                }
            }
            UserInputAst::Leaf(_) => {}
        }
    }

    /// A run of plain words: highlight each, and the run as a name when it is one.
    fn flush_run(&mut self, run: &mut Vec<String>) {
        if run.is_empty() {
            return;
        }
        let joined = run.join(" ");
        if run.len() == 1 {
            let tokens = text_tokens(&joined);
            if !tokens.is_empty() {
                self.phrases.push((tokens, false));
            }
        } else {
            let words = run
                .iter()
                .filter(|w| !QUERY_STOPWORDS.contains(&w.to_lowercase().as_str()))
                .map(|w| text_tokens(w))
                .filter(|t| !t.is_empty())
                .collect();
            self.runs.push(Run {
                phrase: text_tokens(&joined),
                words,
                name: schema::name_tokens(&joined),
            });
        }
        for word in run.iter() {
            let tokens = schema::name_tokens(word);
            if is_name_like(&tokens) {
                self.names.push(tokens);
            }
        }
        run.clear();
    }

    /// Highlight ranges in `body`, merged and sorted.
    fn spans(&self, release: &Release) -> Vec<Span> {
        let body = release.body.as_str();
        let mut spans = Vec::new();
        // Entities named by the query or a filter: every mention, aliases included.
        let mut covered_names = Vec::new();
        let mut named_runs = vec![false; self.runs.len()];
        let people = release.people.iter().map(|e| (e, true));
        let orgs = release.orgs.iter().map(|e| (e, false));
        for (entity, is_person) in people.chain(orgs) {
            let forms = entity_forms(entity, body);
            let names_it = |n: &Vec<String>| {
                forms.iter().any(|f| {
                    if is_person {
                        contains_seq(f, n)
                    } else {
                        f == n
                    }
                })
            };
            let mut by_query = self.names.iter().any(names_it);
            for (i, run) in self.runs.iter().enumerate() {
                if names_it(&run.name) {
                    named_runs[i] = true;
                    by_query = true;
                }
            }
            let by_filter = self
                .filter_names
                .iter()
                .any(|n| forms.iter().any(|f| contains_seq(f, n)));
            if by_query || by_filter {
                spans.extend(entity.mentions.iter().map(|m| Span {
                    start: m.start,
                    end: m.end,
                }));
                covered_names.extend(entity.mentions.iter().copied());
            }
        }
        if !self.phrases.is_empty() || !self.runs.is_empty() {
            let needles: Vec<&str> = self
                .runs
                .iter()
                .flat_map(|r| r.phrase.iter().chain(r.words.iter().flatten()))
                .chain(self.phrases.iter().flat_map(|(p, _)| p.iter()))
                .map(String::as_str)
                .collect();
            let tokens = body_tokens(body, &needles);
            for (run, named) in self.runs.iter().zip(named_runs) {
                spans.extend(find_phrase(&tokens, &run.phrase, false, &covered_names));
                if !named {
                    for word in &run.words {
                        spans.extend(find_phrase(&tokens, word, false, &covered_names));
                    }
                }
            }
            for (phrase, prefix) in &self.phrases {
                spans.extend(find_phrase(&tokens, phrase, *prefix, &covered_names));
            }
        }
        merge(body, spans)
    }
}

fn plain_word(ast: &UserInputAst) -> Option<&str> {
    match ast {
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(lit)
                if lit.field_name.is_none()
                    && !lit.prefix
                    && matches!(lit.delimiter, tantivy::query_grammar::Delimiter::None) =>
            {
                Some(lit.phrase.as_str())
            }
            _ => None,
        },
        _ => None,
    }
}

fn is_name_like(tokens: &[String]) -> bool {
    match tokens {
        [] => false,
        [one] => one.chars().count() >= 3 && !NAME_STOPWORDS.contains(&one.as_str()),
        _ => true,
    }
}

/// Folded token sequences of an entity's canonical name and of each alias it is written as.
fn entity_forms(entity: &Entity, body: &str) -> Vec<Vec<String>> {
    let mut forms = vec![schema::name_tokens(&entity.name)];
    for m in &entity.mentions {
        if let Some(text) = body.get(m.start..m.end) {
            let tokens = schema::name_tokens(text);
            if !forms.contains(&tokens) {
                forms.push(tokens);
            }
        }
    }
    forms
}

fn contains_seq(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

struct BodyToken {
    text: String,
    from: usize,
    to: usize,
}

/// The body's tokens as the index saw them, stemmed only where a needle could match.
///
/// Stemming every word of every hit's body was most of a search's time. The English (Porter2)
/// stemmer only rewrites the end of a word — at most the last two letters of a stem differ from
/// the word it came from ("dying" → "die", "cities" → "citi", "possibility" → "possibl") — so a
/// word can only stem to a needle when it starts with that needle minus its last two letters.
/// Other words keep an empty text, which matches nothing.
fn body_tokens(body: &str, needles: &[&str]) -> Vec<BodyToken> {
    let prefixes: Vec<&str> = needles
        .iter()
        .filter(|n| !n.is_empty())
        .map(|n| {
            let keep = n.chars().count().saturating_sub(2).max(1);
            let end = n.char_indices().nth(keep).map_or(n.len(), |(i, _)| i);
            &n[..end]
        })
        .collect();
    let mut folder = schema::name_analyzer();
    let mut stemmer = schema::text_analyzer();
    let mut stream = folder.token_stream(body);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        let text = if prefixes.iter().any(|p| t.text.starts_with(p)) {
            let mut stemmed = stemmer.token_stream(&t.text);
            if stemmed.advance() {
                stemmed.token().text.clone()
            } else {
                String::new()
            }
        } else {
            String::new()
        };
        out.push(BodyToken {
            text,
            from: t.offset_from,
            to: t.offset_to,
        });
    }
    out
}

fn text_tokens(text: &str) -> Vec<String> {
    schema::text_tokens(text)
}

/// Where the token sequence `phrase` occurs in the body, as byte ranges.
///
/// A single-word occurrence inside an already highlighted entity mention is left to the
/// mention, so "Chairman He" is one highlight.
fn find_phrase(
    tokens: &[BodyToken],
    phrase: &[String],
    prefix: bool,
    covered: &[Mention],
) -> Vec<Span> {
    let n = phrase.len();
    let mut out = Vec::new();
    if n == 0 || tokens.len() < n {
        return out;
    }
    for i in 0..=tokens.len() - n {
        let matched = (0..n).all(|k| {
            let t = &tokens[i + k].text;
            if prefix && k == n - 1 {
                t.starts_with(phrase[k].as_str())
            } else {
                *t == phrase[k]
            }
        });
        if matched {
            let span = Span {
                start: tokens[i].from,
                end: tokens[i + n - 1].to,
            };
            let inside = covered
                .iter()
                .any(|m| m.start <= span.start && span.end <= m.end);
            if !inside {
                out.push(span);
            }
        }
    }
    out
}

/// Sorts spans and joins those that overlap or are separated only by spaces, so the words of
/// "internet of things" form one highlight.
fn merge(body: &str, mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        let joins = |last: &Span| {
            s.start <= last.end
                || body
                    .get(last.end..s.start)
                    .is_some_and(|gap| gap.len() <= 2 && gap.chars().all(|c| c == ' '))
        };
        match out.last_mut() {
            Some(last) if joins(last) => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// Target fragment length in bytes.
const FRAGMENT_LEN: usize = 220;
/// Context kept before the first highlight of a fragment.
const LEAD: usize = 60;

/// Picks up to `max` fragments covering the most highlights, in body order.
fn fragments(body: &str, spans: &[Span], max: usize) -> Vec<Fragment> {
    if max == 0 || body.is_empty() {
        return Vec::new();
    }
    if spans.is_empty() {
        let end = snap_end(body, FRAGMENT_LEN.min(body.len()));
        return vec![make_fragment(body, 0, end, &[])];
    }
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let mut used = vec![false; spans.len()];
    while windows.len() < max {
        let mut best: Option<(usize, usize, usize)> = None; // (count, start, end)
        for (i, s) in spans.iter().enumerate() {
            if used[i] {
                continue;
            }
            let mut start = snap_start(body, s.start.saturating_sub(LEAD));
            let mut end = snap_end(body, (start + FRAGMENT_LEN).max(s.end).min(body.len()));
            // Shrink the window so it does not overlap the fragments already chosen.
            for &(ws, we) in &windows {
                if we <= s.start && we > start {
                    start = we;
                }
                if ws >= s.end && ws < end {
                    end = ws;
                }
            }
            if windows.iter().any(|&(ws, we)| start < we && ws < end) {
                continue;
            }
            let count = spans
                .iter()
                .enumerate()
                .filter(|(j, t)| !used[*j] && t.start >= start && t.end <= end)
                .count();
            if best.is_none_or(|(c, _, _)| count > c) {
                best = Some((count, start, end));
            }
        }
        let Some((_, start, end)) = best else { break };
        for (j, t) in spans.iter().enumerate() {
            if t.start >= start && t.end <= end {
                used[j] = true;
            }
        }
        windows.push((start, end));
    }
    windows.sort();
    windows
        .into_iter()
        .map(|(start, end)| {
            let inside: Vec<Span> = spans
                .iter()
                .filter(|t| t.start >= start && t.end <= end)
                .map(|t| Span {
                    start: t.start - start,
                    end: t.end - start,
                })
                .collect();
            make_fragment(body, start, end, &inside)
        })
        .collect()
}

fn make_fragment(body: &str, start: usize, end: usize, highlights: &[Span]) -> Fragment {
    let text = body[start..end]
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    Fragment {
        offset: start,
        text,
        highlights: highlights.to_vec(),
    }
}

/// Moves `i` back to the start of a word (or the body), on a char boundary.
fn snap_start(body: &str, mut i: usize) -> usize {
    while i > 0 && !body.is_char_boundary(i) {
        i -= 1;
    }
    if i == 0 {
        return 0;
    }
    // Start after the nearest whitespace at or before i, looking back a little.
    let window_start = i.saturating_sub(20);
    let mut ws = window_start;
    while !body.is_char_boundary(ws) {
        ws += 1;
    }
    let after = |at: usize| at + body[at..].chars().next().map_or(1, char::len_utf8);
    if let Some(p) = body[ws..i].rfind(char::is_whitespace) {
        return after(ws + p);
    }
    // No word start close behind: skip forward past the partial word instead.
    let mut le = (i + 20).min(body.len());
    while !body.is_char_boundary(le) {
        le -= 1;
    }
    body[i..le]
        .find(char::is_whitespace)
        .map_or(i, |p| after(i + p))
}

/// Moves `i` forward to the end of a word (or the body), on a char boundary.
fn snap_end(body: &str, mut i: usize) -> usize {
    while i < body.len() && !body.is_char_boundary(i) {
        i += 1;
    }
    if i >= body.len() {
        return body.len();
    }
    let limit = (i + 20).min(body.len());
    let mut le = limit;
    while !body.is_char_boundary(le) {
        le -= 1;
    }
    match body[i..le].find(char::is_whitespace) {
        Some(p) => i + p,
        None => i,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let p: Period = "2017".parse().unwrap();
        assert_eq!(p.first.to_string(), "2017-01-01");
        assert_eq!(p.last.to_string(), "2017-12-31");
        let p: Period = "2018-02".parse().unwrap();
        assert_eq!(p.last.to_string(), "2018-02-28");
        let p: Period = "2017-06-13".parse().unwrap();
        assert_eq!(p.first, p.last);
        assert!("2017-13".parse::<Period>().is_err());
        assert!("June".parse::<Period>().is_err());
    }

    #[test]
    fn merge_joins_overlaps() {
        let s = |a, b| Span { start: a, end: b };
        let body = "abcd,efghi jk";
        assert_eq!(
            merge(body, vec![s(5, 9), s(0, 3), s(2, 4)]),
            vec![s(0, 4), s(5, 9)]
        );
        assert_eq!(merge(body, vec![s(5, 10), s(11, 13)]), vec![s(5, 13)]);
    }

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

    #[test]
    fn stems_keep_all_but_their_last_two_letters() {
        // body_tokens only stems words that start with a needle minus its last two letters;
        // check that the stemmer never changes more than that, on every word of the corpus and
        // on the stemmer's irregular cases.
        let mut text = String::from(
            "dying lying tying skies skis news idly gently ugly early only singly howe atlas \
             cosmos bias andes possibility relational organization operator valenci happily \
             hopping hoping agreed feed generously sensational cities activities readability",
        );
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(s) = std::fs::read_to_string(&path) {
                    text.push(' ');
                    text.push_str(&s);
                }
            }
        }
        let folded = schema::name_tokens(&text);
        assert!(folded.len() > 10_000, "{} words", folded.len());
        for word in folded {
            for stem in text_tokens(&word) {
                let keep = stem.chars().count().saturating_sub(2).max(1);
                let prefix: String = stem.chars().take(keep).collect();
                assert!(word.starts_with(&prefix), "{word} -> {stem}");
            }
        }
    }

    #[test]
    fn phrase_marks_only_adjacent_words() {
        let body = "He said that He Xuming spoke. Chairman He agreed.";
        let phrase = text_tokens("He Xuming");
        let needles: Vec<&str> = phrase.iter().map(String::as_str).collect();
        let tokens = body_tokens(body, &needles);
        let spans = find_phrase(&tokens, &phrase, false, &[]);
        assert_eq!(spans, vec![Span { start: 13, end: 22 }]);
    }

    #[test]
    fn fragments_start_at_a_word() {
        let body = "2022-11-08 16:20:45 SHENZHEN – leaders of the big new world internet of things";
        let at = body.find("internet").unwrap();
        let f = fragments(
            body,
            &[Span {
                start: at,
                end: at + 8,
            }],
            1,
        );
        assert!(
            f[0].text.starts_with("16:20:45 SHENZHEN"),
            "{:?}",
            f[0].text
        );
        assert_eq!(
            &f[0].text[f[0].highlights[0].start..f[0].highlights[0].end],
            "internet"
        );
    }

    #[test]
    fn fragments_stay_on_char_boundaries() {
        let body = "Zoë Lefèvre said “ünïcode” works. ".repeat(30);
        let spans = vec![
            Span { start: 0, end: 4 },
            Span {
                start: 500,
                end: 504,
            },
        ];
        let spans: Vec<Span> = spans
            .into_iter()
            .filter(|s| body.is_char_boundary(s.start) && body.is_char_boundary(s.end))
            .collect();
        for f in fragments(&body, &spans, 3) {
            for h in f.highlights {
                assert!(f.text.is_char_boundary(h.start) && f.text.is_char_boundary(h.end));
            }
        }
    }
}
