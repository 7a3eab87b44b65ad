//! The corpus-wide table of people and organizations, and the entity-centric questions it
//! answers: who is mentioned and how often ([`Identities::entities`]), with counts merged by
//! identity ([`Identities::facets`]), and every mention of one person or organization across
//! releases ([`Identities::mentions`]).
//!
//! Extraction groups the aliases of an entity inside one release ("Executive Chairman He
//! Xuming" … "Chairman He"); this module links releases. It reads the canonical names of every
//! release from the `person`/`org` fast fields and resolves a short name to a fuller one when
//! the corpus knows exactly one fuller name containing it: "Guterres" alone in a release is
//! "António Guterres" when no other Guterres exists; an acronym used alone is the organization
//! whose initials it spells when there is exactly one. A short name with several candidates
//! ("Zhao" with "Zhao Houlin" and "Zhao Lijian") stays unresolved and is reported as ambiguous.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DateTime, DocId, Order, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

use crate::error::{Error, Result};
use crate::model::{Entity, Mention, Release};
use crate::schema;
use crate::search::{Engine, FacetCount, Facets, SearchRequest, Span};
use crate::store::{self, to_naive};

/// People or organizations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// People.
    Person,
    /// Organizations.
    Org,
}

impl Kind {
    /// `person` or `org`, as in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Org => "org",
        }
    }

    fn raw_field(self, engine: &Engine) -> Field {
        match self {
            Kind::Person => engine.fields().person,
            Kind::Org => engine.fields().org,
        }
    }

    fn field_name(self) -> &'static str {
        match self {
            Kind::Person => schema::field::PERSON,
            Kind::Org => schema::field::ORG,
        }
    }

    fn of(self, release: &Release) -> &[Entity] {
        match self {
            Kind::Person => &release.people,
            Kind::Org => &release.orgs,
        }
    }
}

/// One person or organization across the releases that matched, aliases merged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntitySummary {
    /// `person` or `org`.
    pub kind: Kind,
    /// The fullest name the corpus uses.
    pub name: String,
    /// Releases that mention it (under any alias).
    pub releases: usize,
    /// Other names and surface forms seen for it ("Guterres", "Secretary-General Guterres").
    pub aliases: Vec<String>,
    /// Offices written with its name ("Secretary-General of the United Nations"), most
    /// frequent first (people only).
    pub roles: Vec<String>,
    /// Earliest publication date among those releases.
    pub first: Option<NaiveDate>,
    /// Latest publication date among those releases.
    pub last: Option<NaiveDate>,
    /// For a short name the corpus cannot resolve: the fuller names it could stand for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ambiguous: Vec<String>,
}

/// Every mention of one person or organization, release by release, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mentions {
    /// The name that was asked for (empty when only a role was).
    pub query: String,
    /// The role that was asked for.
    pub role: Option<String>,
    /// The entities the name matched (usually one; several when the name is ambiguous).
    pub matched: Vec<EntitySummary>,
    /// Releases with at least one mention (all of them, not only this page).
    pub total: usize,
    /// The requested page of releases.
    pub releases: Vec<MentionRelease>,
    /// When nothing matched: the closest names in the corpus.
    pub suggestions: Vec<EntitySummary>,
}

/// One release and every mention in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRelease {
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Headline.
    pub title: String,
    /// Path of the file.
    pub path: String,
    /// The entity as this release names it (its in-release canonical name).
    pub entity: String,
    /// Offices this release gives the person ("Secretary-General of ITU").
    pub roles: Vec<String>,
    /// Every mention, in order.
    pub mentions: Vec<Kwic>,
}

/// A mention in its sentence (keyword in context).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kwic {
    /// The mention as written ("Chairman He").
    pub text: String,
    /// The mention's byte range in the release body.
    pub start: usize,
    /// End of the mention (exclusive).
    pub end: usize,
    /// The sentence around the mention.
    pub sentence: String,
    /// The mention's byte range inside `sentence`.
    pub highlight: Span,
}

/// Counts one kind of entity over the documents a query matches: per canonical name, the
/// number of releases and the first and last dates.
struct Tally {
    field: &'static str,
}

/// Counts, for each group of canonical names, the releases that name any of its members (a
/// release naming two members counts once), in one pass over the matching releases.
struct GroupCount<'a> {
    field: &'static str,
    groups: &'a [&'a [String]],
}

struct SegmentGroupCount {
    names: Option<tantivy::columnar::StrColumn>,
    /// Term ordinal in this segment → group.
    group_of: HashMap<u64, usize>,
    counts: Vec<usize>,
    seen: Vec<usize>,
}

impl Collector for GroupCount<'_> {
    type Fruit = Vec<usize>;
    type Child = SegmentGroupCount;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentGroupCount> {
        let names = reader.fast_fields().str(self.field)?;
        let mut group_of = HashMap::new();
        if let Some(col) = &names {
            for (g, members) in self.groups.iter().enumerate() {
                for m in members.iter() {
                    if let Some(ord) = col.dictionary().term_ord(m.as_bytes())? {
                        group_of.insert(ord, g);
                    }
                }
            }
        }
        Ok(SegmentGroupCount {
            names,
            group_of,
            counts: vec![0; self.groups.len()],
            seen: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<usize>>) -> tantivy::Result<Vec<usize>> {
        let mut all = vec![0; self.groups.len()];
        for fruit in fruits {
            for (a, n) in all.iter_mut().zip(fruit) {
                *a += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentGroupCount {
    type Fruit = Vec<usize>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(names) = &self.names else { return };
        if self.group_of.is_empty() {
            return;
        }
        for ord in names.term_ords(doc) {
            if let Some(&g) = self.group_of.get(&ord) {
                if !self.seen.contains(&g) {
                    self.seen.push(g);
                }
            }
        }
        for g in self.seen.drain(..) {
            self.counts[g] += 1;
        }
    }

    fn harvest(self) -> Vec<usize> {
        self.counts
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Stat {
    releases: usize,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

impl Stat {
    fn add(&mut self, other: Stat) {
        self.releases += other.releases;
        self.first = min_date(self.first, other.first);
        self.last = max_date(self.last, other.last);
    }
}

fn min_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    a.max(b)
}

struct SegmentTally {
    names: Option<tantivy::columnar::StrColumn>,
    dates: Option<tantivy::columnar::Column<DateTime>>,
    stats: Vec<Stat>,
}

impl Collector for Tally {
    type Fruit = HashMap<String, Stat>;
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

    fn merge_fruits(&self, fruits: Vec<HashMap<String, Stat>>) -> tantivy::Result<Self::Fruit> {
        let mut all: HashMap<String, Stat> = HashMap::new();
        for fruit in fruits {
            for (name, stat) in fruit {
                all.entry(name).or_default().add(stat);
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentTally {
    type Fruit = HashMap<String, Stat>;

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

    fn harvest(self) -> HashMap<String, Stat> {
        let mut out = HashMap::new();
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

/// Every name of a kind with its stats, and how the corpus links them.
type CorpusIdentities = (HashMap<String, Stat>, Links);

/// The corpus identities of each kind for the searcher generation they were worked out on.
#[derive(Default)]
struct IdentityCache(Mutex<Vec<(Kind, u64, Arc<CorpusIdentities>)>>);

impl IdentityCache {
    fn get(&self, kind: Kind, generation: u64) -> Option<Arc<CorpusIdentities>> {
        let cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .iter()
            .find(|(k, g, _)| *k == kind && *g == generation)
            .map(|(_, _, v)| Arc::clone(v))
    }

    fn put(&self, kind: Kind, generation: u64, value: Arc<CorpusIdentities>) {
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|(k, g, _)| *k != kind && *g == generation);
        cache.push((kind, generation, value));
    }
}

/// How the corpus links short names to fuller ones.
#[derive(Debug, Default)]
struct Links {
    /// Short name → the one fuller name it stands for.
    resolved: HashMap<String, String>,
    /// Short name → the fuller names it could stand for (two or more).
    ambiguous: HashMap<String, Vec<String>>,
}

impl Links {
    fn root<'a>(&'a self, name: &'a str) -> &'a str {
        self.resolved.get(name).map_or(name, String::as_str)
    }
}

/// Most candidates listed for an ambiguous short name.
const MAX_CANDIDATES: usize = 8;

/// Words left out of an organization's initials ("Bank *of* England" → BE).
const MINOR_WORDS: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "de", "des", "du", "la", "&",
];

fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !MINOR_WORDS.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && !name.contains(' ') && letters.iter().all(|c| c.is_uppercase())
}

/// Whether `needle` occurs in `haystack` as consecutive tokens.
fn contains_seq(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty()
        && needle.len() <= haystack.len()
        && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Links every name to the fuller names that contain it (as consecutive words, or as an
/// acronym of their initials for organizations): exactly one maximal candidate resolves it,
/// several leave it ambiguous.
fn links(kind: Kind, names: &[&str]) -> Links {
    let tokens: Vec<Vec<String>> = names.iter().map(|n| schema::name_tokens(n)).collect();
    // Index names by token so each name is compared only with names sharing a word.
    let mut by_token: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, ts) in tokens.iter().enumerate() {
        for t in ts.iter().collect::<BTreeSet<_>>() {
            by_token.entry(t.as_str()).or_default().push(i);
        }
    }
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
    if kind == Kind::Org {
        for (i, n) in names.iter().enumerate() {
            if tokens[i].len() >= 2 {
                by_initials.entry(initials(n)).or_default().push(i);
            }
        }
    }
    let mut out = Links::default();
    for (i, ts) in tokens.iter().enumerate() {
        if ts.is_empty() {
            continue;
        }
        let rarest = ts
            .iter()
            .min_by_key(|t| by_token.get(t.as_str()).map_or(0, Vec::len))
            .expect("not empty");
        let mut supers: BTreeSet<usize> = by_token[rarest.as_str()]
            .iter()
            .copied()
            .filter(|&j| j != i && tokens[j].len() > ts.len() && contains_seq(&tokens[j], ts))
            .collect();
        if kind == Kind::Org && is_acronym(names[i]) {
            if let Some(long) = by_initials.get(names[i]) {
                supers.extend(long.iter().copied().filter(|&j| j != i));
            }
        }
        // Keep the maximal candidates: those no other candidate contains. When the longest
        // candidate contains all the others it is the only one (the common case, and linear);
        // otherwise the name is ambiguous and at most MAX_CANDIDATES are worked out and listed.
        let Some(&longest) = supers.iter().max_by_key(|&&j| (tokens[j].len(), j)) else {
            continue;
        };
        let maximal: Vec<usize> = if supers
            .iter()
            .all(|&j| j == longest || contains_seq(&tokens[longest], &tokens[j]))
        {
            vec![longest]
        } else {
            let mut by_len: Vec<usize> = supers.iter().copied().collect();
            by_len.sort_by_key(|&j| std::cmp::Reverse(tokens[j].len()));
            let mut kept: Vec<usize> = Vec::new();
            for j in by_len {
                if !kept.iter().any(|&k| contains_seq(&tokens[k], &tokens[j])) {
                    kept.push(j);
                    if kept.len() == MAX_CANDIDATES {
                        break;
                    }
                }
            }
            kept
        };
        match maximal.as_slice() {
            [] => {}
            [one] => {
                out.resolved
                    .insert(names[i].to_string(), names[*one].to_string());
            }
            many => {
                let mut candidates: Vec<String> =
                    many.iter().map(|&j| names[j].to_string()).collect();
                candidates.sort();
                out.ambiguous.insert(names[i].to_string(), candidates);
            }
        }
    }
    out
}

/// A string's letters and digits, folded and lower-cased, for fuzzy comparison.
fn folded(name: &str) -> String {
    schema::name_tokens(name).join(" ")
}

/// The corpus-wide table of people and organizations over an open index: who is mentioned,
/// under which names, in how many releases and when.
///
/// How short names link to fuller ones is worked out from the whole index once per commit and
/// kept, so a long-lived table (`pressdex serve`) does it once per index generation rather than
/// once per request.
pub struct Identities {
    engine: Engine,
    cache: IdentityCache,
}

impl Identities {
    /// The table over an open index.
    pub fn new(engine: Engine) -> Identities {
        Identities {
            engine,
            cache: IdentityCache::default(),
        }
    }

    /// Opens the index in `dir`.
    pub fn open(dir: &std::path::Path) -> Result<Identities> {
        Ok(Identities::new(Engine::open(dir)?))
    }

    /// The index it reads, for the searches that need no identities.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    fn tally(&self, kind: Kind, query: &dyn Query) -> Result<HashMap<String, Stat>> {
        Ok(self.engine.searcher().search(
            query,
            &Tally {
                field: kind.field_name(),
            },
        )?)
    }

    /// Every name of a kind in the index with its stats, and how the corpus links them. Kept
    /// per searcher generation: a long-lived engine (`pressdex serve`) works them out once per
    /// index commit instead of once per request.
    fn corpus_identities(&self, kind: Kind) -> Result<Arc<CorpusIdentities>> {
        let generation = self.engine.searcher().generation().generation_id();
        if let Some(found) = self.cache.get(kind, generation) {
            return Ok(found);
        }
        let all = self.tally(kind, &tantivy::query::AllQuery)?;
        // Sorted, so that ties between candidates resolve the same way on every run.
        let mut names: Vec<&str> = all.keys().map(String::as_str).collect();
        names.sort_unstable();
        let ids = links(kind, &names);
        let found = Arc::new((all, ids));
        self.cache.put(kind, generation, Arc::clone(&found));
        Ok(found)
    }

    /// People or organizations mentioned by the releases a request matches (its query and
    /// filters; paging is ignored), most mentioned first, with release counts, aliases and
    /// first and last dates. Short names the corpus resolves are merged into the fuller name.
    pub fn entities(
        &self,
        kind: Kind,
        request: &SearchRequest,
        limit: usize,
    ) -> Result<Vec<EntitySummary>> {
        let query = self.engine.query(request)?;
        let mut rows = self.ranked(kind, query.as_ref(), limit)?;
        for (summary, members) in &mut rows {
            (summary.aliases, summary.roles) = self.details(kind, &summary.name, members)?;
        }
        Ok(rows.into_iter().map(|(s, _)| s).collect())
    }

    /// The `limit` entities of a kind mentioned by most releases matching `query`, aliases
    /// merged by identity, each with the canonical names of its group.
    fn ranked(
        &self,
        kind: Kind,
        query: &dyn Query,
        limit: usize,
    ) -> Result<Vec<(EntitySummary, Vec<String>)>> {
        let matched = self.tally(kind, query)?;
        let corpus = self.corpus_identities(kind)?;
        let ids = &corpus.1;
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for name in matched.keys() {
            groups
                .entry(ids.root(name).to_string())
                .or_default()
                .push(name.clone());
        }
        let mut rows: Vec<(EntitySummary, Vec<String>)> = groups
            .into_iter()
            .map(|(root, mut members)| {
                // Aliases are listed in a stable order (the tally is a hash map).
                members.sort_unstable();
                let mut stat = Stat::default();
                for m in &members {
                    stat.add(matched[m]);
                }
                let summary = EntitySummary {
                    kind,
                    name: root.clone(),
                    releases: stat.releases,
                    aliases: Vec::new(),
                    roles: Vec::new(),
                    first: stat.first,
                    last: stat.last,
                    ambiguous: ids.ambiguous.get(&root).cloned().unwrap_or_default(),
                };
                (summary, members)
            })
            .collect();
        // A release naming two forms of one identity counts once: a group's release count lies
        // between its largest member's and the sum of its members'. Count exactly (one query per
        // group) only the groups whose sum could still reach the top `limit`.
        let mut lower: Vec<usize> = rows
            .iter()
            .map(|(_, members)| {
                members
                    .iter()
                    .map(|m| matched[m].releases)
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        lower.sort_unstable_by(|a, b| b.cmp(a));
        let threshold = lower.get(limit.saturating_sub(1)).copied().unwrap_or(0);
        let exact: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].1.len() > 1 && rows[i].0.releases >= threshold)
            .collect();
        if !exact.is_empty() {
            // One pass over the matching releases for all those groups.
            let groups: Vec<&[String]> = exact.iter().map(|&i| rows[i].1.as_slice()).collect();
            let counts = self.engine.searcher().search(
                query,
                &GroupCount {
                    field: kind.field_name(),
                    groups: &groups,
                },
            )?;
            for (&i, releases) in exact.iter().zip(counts) {
                rows[i].0.releases = releases;
            }
        }
        rows.sort_by(|a, b| {
            b.0.releases
                .cmp(&a.0.releases)
                .then_with(|| a.0.name.cmp(&b.0.name))
        });
        rows.truncate(limit);
        Ok(rows)
    }

    /// [`Engine::facets`] with people and organizations merged by identity: "Guterres" in one
    /// release and "António Guterres" in another count as one person (releases, not mentions).
    pub fn facets(&self, request: &SearchRequest, top: usize) -> Result<Facets> {
        let start = std::time::Instant::now();
        // Years and the total from the facet collector; its unmerged name lists are not needed.
        let mut facets = self.engine.facets(request, 0)?;
        let query = self.engine.query(request)?;
        let merged = |kind| -> Result<Vec<FacetCount>> {
            Ok(self
                .ranked(kind, query.as_ref(), top)?
                .into_iter()
                .map(|(s, _)| FacetCount {
                    name: s.name,
                    releases: s.releases as u64,
                })
                .collect())
        };
        facets.people = merged(Kind::Person)?;
        facets.orgs = merged(Kind::Org)?;
        facets.elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
        Ok(facets)
    }

    /// A query for releases whose canonical names include any of `names`.
    fn any_name(&self, kind: Kind, names: &[String]) -> Box<dyn Query> {
        let field = kind.raw_field(&self.engine);
        let clauses: Vec<(Occur, Box<dyn Query>)> = names
            .iter()
            .map(|n| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, n),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    fn count_any(&self, kind: Kind, names: &[String], within: &dyn Query) -> Result<usize> {
        let query = BooleanQuery::new(vec![
            (Occur::Must, self.any_name(kind, names)),
            (Occur::Must, within.box_clone()),
        ]);
        Ok(self.engine.searcher().search(&query, &Count)?)
    }

    /// Other names, surface forms and roles of an entity, from its most recent releases (at
    /// most 20 releases are read, so listing stays fast on large corpora).
    fn details(
        &self,
        kind: Kind,
        name: &str,
        members: &[String],
    ) -> Result<(Vec<String>, Vec<String>)> {
        const SAMPLE: usize = 20;
        let searcher = self.engine.searcher();
        let top = TopDocs::with_limit(SAMPLE)
            .order_by_fast_field::<DateTime>(schema::field::DATE, Order::Desc);
        let docs = searcher.search(self.any_name(kind, members).as_ref(), &top)?;
        let mut seen = BTreeSet::new();
        let mut aliases = Vec::new();
        let mut push = |form: &str| {
            let form = form.split_whitespace().collect::<Vec<_>>().join(" ");
            if form != name && seen.insert(form.clone()) {
                aliases.push(form);
            }
        };
        for m in members {
            push(m);
        }
        let mut roles: Vec<(String, usize)> = Vec::new();
        let f = self.engine.fields();
        for (_, address) in docs {
            let doc: TantivyDocument = searcher.doc(address)?;
            let stored = store::decode(&doc, f)?;
            let body = stored.body.as_str();
            for e in kind
                .of(&stored)
                .iter()
                .filter(|e| members.contains(&e.name))
            {
                for m in &e.mentions {
                    if let Some(form) = body.get(m.start..m.end) {
                        push(form);
                    }
                }
                for role in entity_roles(kind, body, e, kind.of(&stored)) {
                    match roles.iter_mut().find(|(r, _)| *r == role) {
                        Some((_, n)) => *n += 1,
                        None => roles.push((role, 1)),
                    }
                }
            }
        }
        roles.sort_by_key(|r| std::cmp::Reverse(r.1));
        Ok((aliases, roles.into_iter().map(|(r, _)| r).collect()))
    }

    /// Every release that mentions a person or organization (`kind` None: either), under any
    /// alias, newest first; `request` adds its query and filters and gives the page. With a
    /// `role`, only people the release gives that role ("Secretary-General"); the name may
    /// then be left out to find everyone who held it.
    pub fn mentions(
        &self,
        name: Option<&str>,
        role: Option<&str>,
        kind: Option<Kind>,
        request: &SearchRequest,
    ) -> Result<Mentions> {
        let role_words = match role {
            Some(r) => {
                let words = schema::name_tokens(r);
                if words.is_empty() {
                    return Err(Error::UnsupportedQuery(format!(
                        "a role needs letters or digits, got '{r}'"
                    )));
                }
                Some(words)
            }
            None => None,
        };
        let Some(name) = name else {
            let words = role_words.ok_or_else(|| {
                Error::UnsupportedQuery("give a name, a --role, or both".to_string())
            })?;
            return self.holders(role.unwrap_or_default(), &words, request);
        };
        let wanted = schema::name_tokens(name);
        if wanted.is_empty() {
            return Err(Error::UnsupportedQuery(format!(
                "a name needs letters or digits, got '{name}'"
            )));
        }
        let kinds: Vec<Kind> = match (kind, &role_words) {
            (_, Some(_)) => vec![Kind::Person],
            (Some(k), None) => vec![k],
            (None, None) => vec![Kind::Person, Kind::Org],
        };
        let within = self.engine.query(request)?;
        let mut matched = Vec::new();
        let mut queries: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut groups: Vec<(Kind, Vec<String>)> = Vec::new();
        let mut near: Vec<(f64, EntitySummary)> = Vec::new();
        for &k in &kinds {
            let corpus = self.corpus_identities(k)?;
            let (all, ids) = (&corpus.0, &corpus.1);
            // Names that contain the asked-for words, or that the name is an acronym of.
            let hits: Vec<&String> = all
                .keys()
                .filter(|n| {
                    contains_seq(&schema::name_tokens(n), &wanted)
                        || (k == Kind::Org && is_acronym(name) && initials(n) == name.trim())
                })
                .collect();
            let mut by_root: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for n in &hits {
                by_root.entry(ids.root(n).to_string()).or_default();
            }
            // Every name that resolves to one of those identities belongs to its group.
            for n in all.keys() {
                if let Some(members) = by_root.get_mut(ids.root(n)) {
                    members.push(n.clone());
                }
            }
            // A short name that is itself an identity but also a part of fuller ones that
            // matched is the ambiguous short form: keep it, flagged.
            for (root, mut members) in by_root {
                members.sort_unstable();
                let mut stat = Stat::default();
                for m in &members {
                    stat.add(all[m]);
                }
                let releases = if members.len() > 1 {
                    self.count_any(k, &members, &tantivy::query::AllQuery)?
                } else {
                    stat.releases
                };
                matched.push(EntitySummary {
                    kind: k,
                    name: root.clone(),
                    releases,
                    aliases: members.iter().filter(|m| **m != root).cloned().collect(),
                    roles: Vec::new(),
                    first: stat.first,
                    last: stat.last,
                    ambiguous: ids.ambiguous.get(&root).cloned().unwrap_or_default(),
                });
                queries.push((Occur::Should, self.any_name(k, &members)));
                groups.push((k, members));
            }
            // Surface forms ("Chairman He") are indexed as folded text: match them too.
            let text_field = match k {
                Kind::Person => self.engine.fields().person_text,
                Kind::Org => self.engine.fields().org_text,
            };
            queries.push((
                Occur::Should,
                crate::search::filters::name_query(text_field, name, "NAME")?,
            ));
            if hits.is_empty() {
                let target = folded(name);
                let mut best: HashMap<&str, f64> = HashMap::new();
                for n in all.keys() {
                    let score = strsim::normalized_damerau_levenshtein(&target, &folded(n)).max(
                        schema::name_tokens(n)
                            .iter()
                            .map(|t| strsim::normalized_damerau_levenshtein(&target, t))
                            .fold(0.0, f64::max),
                    );
                    if score >= 0.7 {
                        let e = best.entry(ids.root(n)).or_insert(0.0);
                        *e = e.max(score);
                    }
                }
                for (root, score) in best {
                    let mut members: Vec<String> = all
                        .keys()
                        .filter(|n| ids.root(n) == root)
                        .cloned()
                        .collect();
                    members.sort_unstable();
                    let mut stat = Stat::default();
                    for m in &members {
                        stat.add(all[m]);
                    }
                    near.push((
                        score,
                        EntitySummary {
                            kind: k,
                            name: root.to_string(),
                            releases: self.count_any(k, &members, &tantivy::query::AllQuery)?,
                            aliases: members.iter().filter(|m| *m != root).cloned().collect(),
                            roles: Vec::new(),
                            first: stat.first,
                            last: stat.last,
                            ambiguous: Vec::new(),
                        },
                    ));
                }
            }
        }
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(BooleanQuery::new(queries)) as Box<dyn Query>,
            ),
            (Occur::Must, within),
        ]);
        let picked = |k: Kind, e: &Entity, body: &str| {
            let in_group = groups
                .iter()
                .any(|(gk, members)| *gk == k && members.contains(&e.name));
            in_group
                || e.mentions.iter().any(|m| {
                    body.get(m.start..m.end)
                        .is_some_and(|s| contains_seq(&schema::name_tokens(s), &wanted))
                })
        };
        let (total, releases) =
            self.scan(&query, &kinds, request, role_words.as_deref(), &picked)?;
        let mut suggestions = Vec::new();
        if total == 0 && matched.is_empty() {
            near.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then_with(|| b.1.releases.cmp(&a.1.releases))
                    .then_with(|| a.1.name.cmp(&b.1.name))
            });
            let mut seen = BTreeSet::new();
            for (_, s) in near {
                if seen.insert((s.kind, s.name.clone())) {
                    suggestions.push(s);
                }
                if suggestions.len() == 3 {
                    break;
                }
            }
        }
        Ok(Mentions {
            query: name.to_string(),
            role: role.map(str::to_string),
            matched,
            total,
            releases,
            suggestions,
        })
    }

    /// Releases matching `query`, newest first, with the entities `picked` chooses (and, with
    /// `role`, that the release gives that role); returns the number of such releases and the
    /// requested page. Without a role the page comes straight from the index; with one, up to
    /// [`ROLE_SCAN`] releases are read and filtered.
    fn scan(
        &self,
        query: &dyn Query,
        kinds: &[Kind],
        request: &SearchRequest,
        role: Option<&[String]>,
        picked: &dyn Fn(Kind, &Entity, &str) -> bool,
    ) -> Result<(usize, Vec<MentionRelease>)> {
        let searcher = self.engine.searcher();
        let (limit, offset) = match role {
            None => (request.limit.max(1), request.offset),
            Some(_) => (ROLE_SCAN, 0),
        };
        let top = TopDocs::with_limit(limit)
            .and_offset(offset)
            .order_by_fast_field::<DateTime>(schema::field::DATE, Order::Desc);
        let (docs, mut total) = searcher.search(query, &(top, Count))?;
        let f = self.engine.fields();
        let mut pages: Vec<Vec<MentionRelease>> = Vec::new();
        for (_, address) in docs {
            if role.is_none() && pages.len() >= request.limit {
                break;
            }
            let doc: TantivyDocument = searcher.doc(address)?;
            let stored = store::decode(&doc, f)?;
            let body = stored.body.as_str();
            let mut found = Vec::new();
            for &k in kinds {
                for e in k.of(&stored).iter().filter(|e| picked(k, e, body)) {
                    let roles = entity_roles(k, body, e, k.of(&stored));
                    if let Some(wanted) = role {
                        let holds = roles
                            .iter()
                            .any(|r| contains_seq(&schema::name_tokens(r), wanted));
                        if !holds {
                            continue;
                        }
                    }
                    found.push(MentionRelease {
                        date: stored.date,
                        title: stored.title.clone(),
                        path: stored.path.clone(),
                        entity: e.name.clone(),
                        roles,
                        mentions: e
                            .mentions
                            .iter()
                            .map(|m| kwic(body, m.start, m.end))
                            .collect(),
                    });
                }
            }
            if !found.is_empty() || role.is_none() {
                pages.push(found);
            }
        }
        if role.is_some() {
            total = pages.len();
            pages = pages
                .into_iter()
                .skip(request.offset)
                .take(request.limit)
                .collect();
        }
        Ok((total, pages.into_iter().flatten().collect()))
    }

    /// Everyone a release gives a role, for `mentions --role ROLE` without a name.
    fn holders(&self, role: &str, words: &[String], request: &SearchRequest) -> Result<Mentions> {
        let f = self.engine.fields();
        let terms: Vec<Term> = schema::text_tokens(role)
            .iter()
            .map(|t| Term::from_field_text(f.body, t))
            .collect();
        let in_body: Box<dyn Query> = match terms.len() {
            0 => Box::new(tantivy::query::AllQuery),
            1 => Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic)),
            _ => Box::new(tantivy::query::PhraseQuery::new(terms)),
        };
        let query = BooleanQuery::new(vec![
            (Occur::Must, in_body),
            (Occur::Must, self.engine.query(request)?),
        ]);
        let (total, releases) =
            self.scan(&query, &[Kind::Person], request, Some(words), &|_, _, _| {
                true
            })?;
        let mut matched: Vec<EntitySummary> = Vec::new();
        for r in &releases {
            match matched.iter_mut().find(|m| m.name == r.entity) {
                Some(m) => {
                    m.releases += 1;
                    m.first = min_date(m.first, r.date);
                    m.last = max_date(m.last, r.date);
                }
                None => matched.push(EntitySummary {
                    kind: Kind::Person,
                    name: r.entity.clone(),
                    releases: 1,
                    aliases: Vec::new(),
                    roles: r.roles.clone(),
                    first: r.date,
                    last: r.date,
                    ambiguous: Vec::new(),
                }),
            }
        }
        Ok(Mentions {
            query: String::new(),
            role: Some(role.to_string()),
            matched,
            total,
            releases,
            suggestions: Vec::new(),
        })
    }
}

/// Releases read at most by a `--role` search.
pub const ROLE_SCAN: usize = 10_000;

/// The roles a release gives a person, in order of first appearance (none for organizations).
/// `all` holds every entity of the same kind in the release.
fn entity_roles(kind: Kind, body: &str, e: &Entity, all: &[Entity]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if kind == Kind::Person {
        let others: Vec<Mention> = all
            .iter()
            .filter(|o| o.name != e.name)
            .flat_map(|o| o.mentions.iter().copied())
            .collect();
        for m in &e.mentions {
            for r in crate::extract::roles::roles(body, *m, &others) {
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
    }
    // "Chairman" adds nothing next to "Executive Chairman" in the same release.
    let words: Vec<Vec<String>> = out.iter().map(|r| schema::name_tokens(r)).collect();
    let mut i = 0;
    out.retain(|_| {
        let mine = &words[i];
        i += 1;
        !words
            .iter()
            .any(|other| other.len() > mine.len() && contains_seq(other, mine))
    });
    out
}

/// The sentence around `start..end` in `body`: from the previous sentence end (". ", "! ",
/// "? " or a line break) to the next one, at most about 240 bytes on each side.
fn kwic(body: &str, start: usize, end: usize) -> Kwic {
    const REACH: usize = 240;
    let bytes = body.as_bytes();
    let mut s = start;
    let floor = start.saturating_sub(REACH);
    while s > floor {
        let prev = bytes[s - 1];
        if prev == b'\n' {
            break;
        }
        if s >= 2 && prev.is_ascii_whitespace() && matches!(bytes[s - 2], b'.' | b'!' | b'?') {
            // "Mr. Zhao" and "U.S. officials" do not end a sentence.
            let word_start = body[..s - 2]
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |i| i + 1);
            let word = &body[word_start..s - 2];
            let abbreviation = word.len() <= 3
                && word.chars().next().is_some_and(char::is_uppercase)
                || word.contains('.');
            if !abbreviation {
                break;
            }
        }
        s -= 1;
    }
    let mut e = end;
    let ceil = (end + REACH).min(body.len());
    while e < ceil {
        let c = bytes[e];
        if c == b'\n' {
            break;
        }
        e += 1;
        if matches!(c, b'.' | b'!' | b'?') && (e == body.len() || bytes[e].is_ascii_whitespace()) {
            let word_start = body[..e - 1]
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |i| i + 1);
            let word = &body[word_start..e - 1];
            let abbreviation = word.len() <= 3
                && word.chars().next().is_some_and(char::is_uppercase)
                || word.contains('.');
            if !abbreviation {
                break;
            }
        }
    }
    while !body.is_char_boundary(s) {
        s += 1;
    }
    while !body.is_char_boundary(e) {
        e -= 1;
    }
    // Cut short by the reach: start and end on whole words, marked with an ellipsis.
    let cut_start = s == floor && s > 0 && bytes[s - 1] != b'\n';
    if cut_start {
        if let Some(i) = body[s..start].find(char::is_whitespace) {
            s += i + 1;
        }
    }
    let cut_end = e == ceil && e < body.len();
    if cut_end {
        if let Some(i) = body[end..e].rfind(char::is_whitespace) {
            e = end + i;
        }
    }
    let sentence = &body[s..e];
    let lead = sentence.len() - sentence.trim_start().len();
    let prefix = if cut_start { "… " } else { "" };
    let mut text = format!("{prefix}{}", sentence.trim());
    if cut_end {
        text.push_str(" …");
    }
    let shift = prefix.len() + start - s - lead;
    Kwic {
        text: body[start..end].to_string(),
        start,
        end,
        sentence: text,
        highlight: Span {
            start: shift,
            end: shift + (end - start),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_resolve_when_unique() {
        let ids = links(
            Kind::Person,
            &[
                "António Guterres",
                "Guterres",
                "Zhao Houlin",
                "Zhao Lijian",
                "Zhao",
                "He Xuming",
            ],
        );
        assert_eq!(ids.root("Guterres"), "António Guterres");
        assert_eq!(ids.root("Zhao"), "Zhao");
        assert_eq!(ids.ambiguous["Zhao"], vec!["Zhao Houlin", "Zhao Lijian"]);
        assert_eq!(ids.root("He Xuming"), "He Xuming");
    }

    #[test]
    fn acronyms_resolve_to_the_one_org_they_spell() {
        let ids = links(
            Kind::Org,
            &[
                "International Telecommunication Union",
                "ITU",
                "World Health Organization",
                "WHO",
                "World Hunger Office",
            ],
        );
        assert_eq!(ids.root("ITU"), "International Telecommunication Union");
        assert_eq!(ids.root("WHO"), "WHO");
        assert_eq!(ids.ambiguous["WHO"].len(), 2);
    }

    #[test]
    fn kwic_keeps_the_sentence() {
        let body = "First sentence here. Then Mr. Zhao spoke at the U.S. embassy today. Last one.";
        let start = body.find("Zhao").unwrap();
        let k = kwic(body, start, start + 4);
        assert_eq!(k.sentence, "Then Mr. Zhao spoke at the U.S. embassy today.");
        assert_eq!(&k.sentence[k.highlight.start..k.highlight.end], "Zhao");
    }

    #[test]
    fn kwic_cuts_long_sentences_at_words() {
        let body = format!(
            "{} António Guterres spoke {}.",
            "word ".repeat(100),
            "more ".repeat(100)
        );
        let start = body.find("Guterres").unwrap();
        let k = kwic(&body, start, start + "Guterres".len());
        assert!(k.sentence.starts_with("… word word"), "{}", k.sentence);
        assert!(k.sentence.ends_with("more …"), "{}", k.sentence);
        assert_eq!(&k.sentence[k.highlight.start..k.highlight.end], "Guterres");
    }

    #[test]
    fn kwic_stops_at_line_breaks_and_char_boundaries() {
        let body = "Título\nAntónio Guterres dijo algo — sí";
        let start = body.find("Guterres").unwrap();
        let k = kwic(body, start, start + "Guterres".len());
        assert_eq!(k.sentence, "António Guterres dijo algo — sí");
        assert_eq!(&k.sentence[k.highlight.start..k.highlight.end], "Guterres");
    }
}
