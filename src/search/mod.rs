//! Searching the index: ranked hits with highlighted fragments.
//!
//! A [`SearchRequest`] holds an optional query in tantivy's syntax (AND by default), entity and
//! date filters, a sort order and a page. [`Engine::search`] returns [`SearchResults`]: each
//! [`Hit`] carries up to three [`Fragment`]s of the body with highlight byte ranges — the
//! renderers decide how to show them.
//!
//! One job per file:
//!
//! - [`query`]: the query text (prefix and fuzzy terms, parsing and its errors, suggestions);
//! - [`filters`]: the request as one tantivy query (text, people, organizations, dates);
//! - [`facets`]: counts of people, organizations and years over every match;
//! - `highlight`: what to mark in a hit's body;
//! - `fragments`: which pieces of the body to show around the marks.
//!
//! Highlighting works on token positions, not on every occurrence of every term: a phrase
//! (`"He Xuming"`) marks only the places where its words follow each other, and when a query or
//! a person or organization filter names an entity of the release, every mention of that entity
//! is marked from the spans stored at index time, aliases included ("Chairman He"), while the
//! pronoun "he" is not.

pub mod facets;
pub mod filters;
mod fragments;
mod highlight;
pub mod query;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, DocAddress, Index, IndexReader, Order, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::schema::{self, Fields};
use crate::store;
use crate::Release;
pub use facets::{FacetCount, Facets, YearCount};
pub use filters::Period;
use fragments::fragments;
use highlight::Highlighter;

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

/// What to search for.
#[derive(Debug, Clone, Serialize)]
pub struct SearchRequest {
    /// Query text in tantivy's syntax; `None` lists every release that passes the filters.
    pub query: Option<String>,
    /// Releases must mention each of these people (any part of a name, any alias).
    pub people: Vec<String>,
    /// Releases must mention each of these organizations (long form or acronym).
    pub orgs: Vec<String>,
    /// For each entry of `people`, the canonical names of the identity it names, which the
    /// filter accepts too ("Eric Holder" → "Eric H. Holder Jr.", and "Holder" in a release the
    /// corpus links to him). Filled in by
    /// [`Identities::resolve`](crate::identities::Identities::resolve); empty means the names
    /// are matched as written.
    pub person_names: Vec<Vec<String>>,
    /// For each entry of `orgs`, the canonical names of the organization it names and every
    /// name the corpus links to it ("FBI" → "Federal Bureau of Investigation" and its other
    /// forms), which the filter accepts too. Filled in by
    /// [`Identities::resolve`](crate::identities::Identities::resolve).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub org_names: Vec<Vec<String>>,
    /// Releases in any of these languages (ISO 639-1 codes, `zh`); empty means every language.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub langs: Vec<String>,
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
            person_names: Vec::new(),
            org_names: Vec::new(),
            langs: Vec::new(),
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
    /// The release's language (ISO 639-1 code).
    pub lang: String,
    /// The address of the original page, when the release's HTML names one (absent from JSON
    /// otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
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
    /// When nothing matched: the person and organization filters that name no release of the
    /// index at all, whatever the query.
    pub unknown_filters: Vec<UnknownFilter>,
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

/// A person or organization filter that no release of the index matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownFilter {
    /// `person` or `org`.
    pub kind: &'static str,
    /// The name as given.
    pub name: String,
}

/// An open index, ready to answer many searches.
pub struct Engine {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl Engine {
    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<Engine> {
        Engine::open_with(dir, store::Access::Mapped)
    }

    /// Opens the index in `dir` for a run that reads all of it once (an export, a network):
    /// its files are read as needed, not mapped, so the pages read do not stay as this
    /// process's memory. Slower for the random access of searches.
    pub fn open_streamed(dir: &Path) -> Result<Engine> {
        Engine::open_with(dir, store::Access::Streamed)
    }

    fn open_with(dir: &Path, access: store::Access) -> Result<Engine> {
        // The reader that opening checked: another one would read `meta.json` again, and
        // could find it naming files that a commit or a `--rebuild` swap has just replaced.
        let opened = store::open_reader_with(dir, access)?;
        Ok(Engine {
            dir: dir.to_path_buf(),
            index: opened.index,
            reader: opened.reader,
            fields: opened.fields,
        })
    }

    /// An engine on an index already opened (by the writer, at the end of a run).
    pub(crate) fn with_index(dir: &Path, index: Index, fields: Fields) -> Result<Engine> {
        let reader = index.reader()?;
        Ok(Engine {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
        })
    }

    /// The index folder.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes the next searches see the index's last commit at once (the reader otherwise
    /// follows commits within about a second).
    #[cfg(feature = "serve")]
    pub(crate) fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// Number of releases in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Names the state of the index readers see (its segments and their deletes): it changes
    /// with every commit that changes the index, so an answer kept under it is current while
    /// it stays the same (the web page keys its facets with it).
    pub fn generation(&self) -> String {
        let searcher = self.reader.searcher();
        let mut hash = blake3::Hasher::new();
        for (segment, deletes) in searcher.generation().segments() {
            hash.update(segment.uuid_string().as_bytes());
            hash.update(&deletes.unwrap_or(0).to_le_bytes());
        }
        hash.finalize().to_hex()[..16].to_string()
    }

    /// A searcher on the index as of its last commit.
    pub(crate) fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The schema's fields.
    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
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
        let (limit, offset) = page(request, &searcher);
        let top = TopDocs::with_limit(limit).and_offset(offset);
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

        let (highlighter, rewrites) =
            self.highlighter(&searcher, ast.as_ref(), &specials, request)?;
        let mut hits = Vec::with_capacity(docs.len());
        for (i, (score, address)) in docs.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, offset + i + 1, score, &highlighter, request.fragments)?);
        }
        let suggestions = match text {
            Some(q) if total == 0 => self.suggest(q, request)?,
            _ => Vec::new(),
        };
        let unknown_filters = if total == 0 {
            self.unknown_filters(request)?
        } else {
            Vec::new()
        };
        Ok(SearchResults {
            total,
            hits,
            rewrites,
            suggestions,
            unknown_filters,
            elapsed_ms: start.elapsed().as_secs_f64() * 1000.0,
        })
    }

    /// The person and organization filters of a request that match no release on their own.
    fn unknown_filters(&self, request: &SearchRequest) -> Result<Vec<UnknownFilter>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let filters = (request.people.iter().map(|n| ("person", f.person_text, n)))
            .chain(request.orgs.iter().map(|n| ("org", f.org_text, n)));
        let mut out = Vec::new();
        for (kind, field, name) in filters {
            let what = match kind {
                "person" => crate::NameUse::PersonFilter,
                _ => crate::NameUse::OrgFilter,
            };
            let query = filters::name_query(field, name, what)?;
            if searcher.search(query.as_ref(), &Count)? == 0 {
                out.push(UnknownFilter {
                    kind,
                    name: name.clone(),
                });
            }
        }
        Ok(out)
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
            lang: release.lang,
            url: release.url,
        })
    }

    /// What marks a request's matches in a body: the query's words and phrases, the index
    /// words its prefix and fuzzy terms stand for, the entities it or a filter names.
    fn highlighter(
        &self,
        searcher: &tantivy::Searcher,
        ast: Option<&tantivy::query_grammar::UserInputAst>,
        specials: &[query::Special],
        request: &SearchRequest,
    ) -> Result<(Highlighter, Vec<query::Rewrite>)> {
        let mut highlighter = Highlighter::new(ast, request);
        let (rewrites, expanded) = query::expand(searcher, &self.fields, specials)?;
        for s in specials
            .iter()
            .filter(|s| !s.negated && s.mode == query::Mode::Prefix)
        {
            highlighter.add_phrase(schema::name_tokens(&s.word), true);
        }
        for word in expanded {
            highlighter.add_phrase(vec![word], false);
        }
        Ok((highlighter, rewrites))
    }

    /// Every match of a request in a release's body, as a search's fragments highlight them
    /// (the web page marks them in the whole release); none without a query text.
    pub fn matches(&self, request: &SearchRequest, release: &Release) -> Result<Vec<Span>> {
        let Some(text) = query_text(request) else {
            return Ok(Vec::new());
        };
        // Checks the bounds and the syntax as a search does.
        self.query(request)?;
        let (rest, specials) = query::split(text)?;
        let ast = tantivy::query_grammar::parse_query(&rest).ok();
        let searcher = self.reader.searcher();
        let (highlighter, _) = self.highlighter(&searcher, ast.as_ref(), &specials, request)?;
        Ok(highlighter.spans(release))
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

/// The page a request asks for, as tantivy's collector should take it: no larger than the
/// index, since the collector sets room aside for `limit + offset` hits before it collects
/// any (a page past the end is empty either way), and a limit of at least one (the count is
/// wanted even when no hit is).
pub(crate) fn page(request: &SearchRequest, searcher: &tantivy::Searcher) -> (usize, usize) {
    let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    (
        request.limit.clamp(1, docs.max(1)),
        request.offset.min(docs),
    )
}

/// Whether a request takes every release: no query text and no filter.
pub(crate) fn takes_all(request: &SearchRequest) -> bool {
    query_text(request).is_none()
        && request.people.is_empty()
        && request.orgs.is_empty()
        && request.since.is_none()
        && request.until.is_none()
}

/// The query text of a request, if it has one that is not blank.
fn query_text(request: &SearchRequest) -> Option<&str> {
    request
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
}
