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
//!
//! `links` works out how names link, `tally` counts names and `groups` identities over matching
//! releases, and `mentions` finds every mention of one identity (or of everyone holding a
//! role), in context.

mod catalog;
mod cjk;
pub mod edit;
mod groups;
mod layout;
mod links;
mod mentions;
pub(crate) mod table;
mod tally;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, Order, TantivyDocument, Term};

use crate::error::Result;
use crate::model::{Entity, Release};
use crate::schema;
use crate::search::{takes_all, Engine, FacetCount, Facets, SearchRequest};
use crate::store;
use catalog::Catalog;
pub(crate) use links::is_acronym;
use links::{links_with, Links, Written};
pub(crate) use mentions::kwic;
pub use mentions::{Kwic, MentionRelease, Mentions};
pub use table::refresh as refresh_table;
use tally::{max_date, min_date, NameStats, Stat, Tally, ValueTally};

pub use crate::model::Kind;

impl Kind {
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The same roles with the releases that give them and the first and last of their
    /// dates.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub role_dates: Vec<RoleDates>,
    /// Earliest publication date among those releases.
    pub first: Option<NaiveDate>,
    /// Latest publication date among those releases.
    pub last: Option<NaiveDate>,
    /// For a short name the corpus cannot resolve: the fuller names it could stand for.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub ambiguous: Vec<String>,
    /// Releases that mention it per publication year, oldest first (in `people` and `orgs`
    /// lists; undated releases are not counted).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub years: Vec<crate::search::YearCount>,
}

/// A role a person held, over the releases that give it: spellings that differ only in case,
/// periods or spacing ("U.S. Attorney", "US Attorney") are one role, written as most releases
/// write it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleDates {
    /// The role as written.
    pub role: String,
    /// Releases that give it.
    pub releases: usize,
    /// Earliest publication date among them.
    pub first: Option<NaiveDate>,
    /// Latest publication date among them.
    pub last: Option<NaiveDate>,
}

/// Most roles listed for one entity.
const MAX_ROLES: usize = 10;

/// Every name of a kind with its stats and how the corpus links them, in the compact form
/// kept beside the index ([`Catalog`]).
struct CorpusIdentities {
    catalog: Catalog,
    /// Every segment's names mapped to the catalog's identities (read from beside the index
    /// or worked out, on first use).
    groups: OnceLock<Arc<groups::Groups>>,
    /// Where `pressdex index` kept them, for a catalog read from beside the index.
    kept_groups: Option<table::KeptGroups>,
}

impl CorpusIdentities {
    fn new(kind: Kind, all: &NameStats, ids: &Links) -> CorpusIdentities {
        CorpusIdentities::new_with(Catalog::new(kind, all, ids), None)
    }

    fn new_with(catalog: Catalog, kept_groups: Option<table::KeptGroups>) -> CorpusIdentities {
        CorpusIdentities {
            catalog,
            groups: OnceLock::new(),
            kept_groups,
        }
    }

    /// Every name of the organizations written `name` (the same key: "Department of Justice"
    /// for "Justice Department"; for an acronym, the names it spells), with the names the
    /// corpus links to them, sorted.
    fn org_names(&self, name: &str) -> Vec<String> {
        let key = crate::extract::entities::org_key_of(name);
        if key.is_empty() {
            return Vec::new();
        }
        let catalog = &self.catalog;
        let roots: BTreeSet<&str> = catalog
            .matching(name, &schema::name_tokens(name))
            .into_iter()
            .filter(|n| {
                crate::extract::entities::org_key_of(n) == key
                    || is_acronym(name) && links::initials(n) == name.trim()
            })
            .map(|n| catalog.root(n))
            .collect();
        let mut found: Vec<String> = Vec::new();
        for root in roots {
            if catalog.contains(root) {
                found.push(root.to_string());
            }
            found.extend(catalog.members(root).map(str::to_string));
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The corpus identities of each kind for the state of the index they were worked out on
/// ([`Engine::generation`]: its segments and deletes, which a reader's reload with nothing new
/// keeps, where tantivy's own generation number moves on).
#[derive(Default)]
struct IdentityCache(Mutex<Vec<(Kind, String, Arc<CorpusIdentities>)>>);

impl IdentityCache {
    fn get(&self, kind: Kind, generation: &str) -> Option<Arc<CorpusIdentities>> {
        let cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .iter()
            .find(|(k, g, _)| *k == kind && *g == generation)
            .map(|(_, _, v)| Arc::clone(v))
    }

    fn put(&self, kind: Kind, generation: String, value: Arc<CorpusIdentities>) {
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|(k, g, _)| *k != kind && *g == generation);
        cache.push((kind, generation, value));
    }
}

/// The identity of each canonical name of a release, as [`Identities::entities`] groups them
/// ("Guterres" → "António Guterres" when the corpus knows one Guterres), from
/// [`Identities::resolver`].
pub struct Resolver {
    people: Arc<CorpusIdentities>,
    orgs: Arc<CorpusIdentities>,
}

impl Resolver {
    /// The identity a canonical name of `kind` belongs to (the name itself when it is one).
    pub fn identity<'a>(&'a self, kind: Kind, name: &'a str) -> &'a str {
        match kind {
            Kind::Person => self.people.catalog.root(name),
            Kind::Org => self.orgs.catalog.root(name),
        }
    }
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
    /// The table `pressdex index` kept beside the index, once read (see `table`).
    table: Mutex<Option<Arc<table::Table>>>,
}

impl Identities {
    /// The table over an open index.
    pub fn new(engine: Engine) -> Identities {
        Identities {
            engine,
            cache: IdentityCache::default(),
            table: Mutex::new(None),
        }
    }

    /// Opens the index in `dir`.
    pub fn open(dir: &std::path::Path) -> Result<Identities> {
        Ok(Identities::new(Engine::open(dir)?))
    }

    /// Opens the index in `dir` for a run that reads all of it once (see
    /// [`Engine::open_streamed`]).
    pub fn open_streamed(dir: &std::path::Path) -> Result<Identities> {
        Ok(Identities::new(Engine::open_streamed(dir)?))
    }

    /// The index it reads, for the searches that need no identities.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The table kept beside the index, if it describes the index as it is now.
    fn table(&self) -> Option<Arc<table::Table>> {
        let mut kept = self.table.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = kept.as_ref().filter(|t| table::is_current(t, &self.engine)) {
            return Some(Arc::clone(found));
        }
        let found = Arc::new(table::read(&self.engine)?);
        *kept = Some(Arc::clone(&found));
        Some(found)
    }

    fn tally(&self, kind: Kind, query: &dyn Query) -> Result<NameStats> {
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
        let generation = self.engine.generation();
        if let Some(found) = self.cache.get(kind, &generation) {
            return Ok(found);
        }
        // The identities `pressdex index` kept, when current, fill the cache.
        if let Some(found) = table::read_ids(&self.engine, kind) {
            let found = Arc::new(found);
            self.cache.put(kind, generation, Arc::clone(&found));
            return Ok(found);
        }
        let all = self.tally(kind, &tantivy::query::AllQuery)?;
        // Sorted, so that ties between candidates resolve the same way on every run.
        let mut names: Vec<&str> = all.keys().map(String::as_str).collect();
        names.sort_unstable();
        // What releases wrote organizations' acronyms for.
        let mut written = Written::new();
        if kind == Kind::Org {
            let alias = self.engine.searcher().search(
                &tantivy::query::AllQuery,
                &Tally {
                    field: schema::field::ORG_ALIAS,
                },
            )?;
            for (value, stat) in alias {
                if let Some((acronym, name)) = value.split_once(schema::ALIAS_SEP) {
                    written
                        .entry(acronym.to_string())
                        .or_default()
                        .push((name.to_string(), stat.releases));
                }
            }
            for v in written.values_mut() {
                v.sort();
            }
        }
        let mut ids = links_with(
            kind,
            &names,
            &|n: &str| all.get(n).map_or(0, |s| s.releases),
            &written,
        );
        // Names in CJK script written beside a romanized one: its identity.
        cjk::link_cjk_forms(&self.engine, kind, &mut ids)?;
        // A name split off by hand is an identity of its own: the corpus does not link it
        // back to the name it was split from.
        if let Ok(corrections) = crate::corrections::Corrections::load(self.engine.dir()) {
            for c in corrections.active() {
                if let crate::corrections::Change::Split { kind: k, into, .. } = &c.change {
                    if *k == kind {
                        ids.resolved.remove(into);
                        ids.ambiguous.remove(into);
                    }
                }
            }
        }
        let found = Arc::new(CorpusIdentities::new(kind, &all, &ids));
        self.cache.put(kind, generation, Arc::clone(&found));
        Ok(found)
    }

    /// How the canonical names of releases map to the identities `people` and `orgs` list.
    pub fn resolver(&self) -> Result<Resolver> {
        Ok(Resolver {
            people: self.corpus_identities(Kind::Person)?,
            orgs: self.corpus_identities(Kind::Org)?,
        })
    }

    /// Fills in [`SearchRequest::person_names`]: for each person the request filters on, the
    /// canonical names of the identities that person's name fits (the same surname, the given
    /// names in order, the middle ones lined up: "Lanny Breuer" fits "Lanny A. Breuer", "George W
    /// Bush" not "George H W Bush") and every name the corpus links to them. A look-up by
    /// surname, worked out once per table of identities, finds them. The search then finds a full name written with a middle initial, and a release
    /// that names the official only by surname once the corpus links it.
    pub fn resolve(&self, request: &mut SearchRequest) -> Result<()> {
        if !request.orgs.is_empty() {
            let corpus = self.corpus_identities(Kind::Org)?;
            request.org_names = request
                .orgs
                .iter()
                .map(|name| corpus.org_names(name))
                .collect();
        }
        if request.people.is_empty() {
            return Ok(());
        }
        let corpus = self.corpus_identities(Kind::Person)?;
        let catalog = &corpus.catalog;
        request.person_names = request
            .people
            .iter()
            .map(|name| catalog.person_names(&schema::name_tokens(cjk::written_for(catalog, name))))
            .collect();
        Ok(())
    }

    /// People or organizations mentioned by the releases a request matches (its query and
    /// filters; paging is ignored), most mentioned first, with release counts, aliases and
    /// first and last dates. Short names the corpus resolves are merged into the fuller name.
    ///
    /// With no query and no filter, the answer comes from the table `pressdex index` keeps
    /// beside the index when it is current and long enough.
    pub fn entities(
        &self,
        kind: Kind,
        request: &SearchRequest,
        limit: usize,
    ) -> Result<Vec<EntitySummary>> {
        if takes_all(request) {
            if let Some(rows) = self.table().and_then(|t| t.entities(kind, limit)) {
                return Ok(rows);
            }
        }
        self.entities_from_index(kind, request, limit)
    }

    /// [`Identities::entities`] worked out from the index.
    fn entities_from_index(
        &self,
        kind: Kind,
        request: &SearchRequest,
        limit: usize,
    ) -> Result<Vec<EntitySummary>> {
        let query = self.engine.query(request)?;
        let mut rows = self.ranked(kind, query.as_ref(), limit)?;
        for (summary, members) in &mut rows {
            summary.aliases = self.aliases(kind, &summary.name, members)?;
            let mine = BooleanQuery::new(vec![
                (Occur::Must, self.any_name(kind, members)),
                (Occur::Must, query.box_clone()),
            ]);
            summary.years = self.engine.facets_of(&mine, 0)?.years;
            if kind == Kind::Person {
                let held = self.role_dates(self.any_name(kind, members).as_ref())?;
                let mine: Vec<Vec<RoleDates>> = held
                    .into_iter()
                    .filter(|(name, _)| members.contains(name))
                    .map(|(_, roles)| roles)
                    .collect();
                summary.role_dates = merge_roles(mine.into_iter().flatten());
                summary.role_dates.truncate(MAX_ROLES);
                summary.roles = summary.role_dates.iter().map(|r| r.role.clone()).collect();
            }
        }
        Ok(rows.into_iter().map(|(s, _)| s).collect())
    }

    /// The `limit` entities of a kind mentioned by most releases matching `query`, aliases
    /// merged by identity, each with the canonical names of its group that those releases hold.
    /// Counted by ordinal ([`groups::GroupTally`]): a release naming two forms of one identity
    /// counts once, and names are read only for the identities listed.
    fn ranked(
        &self,
        kind: Kind,
        query: &dyn Query,
        limit: usize,
    ) -> Result<Vec<(EntitySummary, Vec<String>)>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let corpus = self.corpus_identities(kind)?;
        let catalog = &corpus.catalog;
        let groups = self.groups(kind, &corpus)?;
        let counted = self.engine.searcher().search(
            query,
            &groups::GroupTally {
                field: kind.field_name(),
                groups: Arc::clone(&groups),
            },
        )?;
        let mut order: Vec<(u32, Stat)> = counted.stats.iter().map(|(&g, &s)| (g, s)).collect();
        let by_rank = |a: &(u32, Stat), b: &(u32, Stat)| {
            b.1.releases
                .cmp(&a.1.releases)
                .then_with(|| groups.root(catalog, a.0).cmp(groups.root(catalog, b.0)))
        };
        if order.len() > limit {
            order.select_nth_unstable_by(limit - 1, by_rank);
            order.truncate(limit);
        }
        order.sort_by(by_rank);
        Ok(order
            .into_iter()
            .map(|(gid, stat)| {
                let root = groups.root(catalog, gid).to_string();
                let summary = EntitySummary {
                    kind,
                    ambiguous: catalog.ambiguous(&root),
                    name: root,
                    releases: stat.releases,
                    aliases: Vec::new(),
                    roles: Vec::new(),
                    role_dates: Vec::new(),
                    first: stat.first,
                    last: stat.last,
                    years: Vec::new(),
                };
                (summary, counted.members(gid))
            })
            .collect())
    }

    /// Every segment's names of a kind mapped to the identities of `corpus` (worked out once
    /// per index state, as `corpus` is).
    fn groups(&self, kind: Kind, corpus: &CorpusIdentities) -> Result<Arc<groups::Groups>> {
        if let Some(found) = corpus.groups.get() {
            return Ok(Arc::clone(found));
        }
        let kept = corpus
            .kept_groups
            .as_ref()
            .and_then(|k| k.read(&self.engine));
        let built = match kept {
            Some(kept) => Arc::new(kept),
            None => Arc::new(groups::Groups::build(
                &self.engine.searcher(),
                kind.field_name(),
                &corpus.catalog,
            )?),
        };
        Ok(Arc::clone(corpus.groups.get_or_init(|| built)))
    }

    /// [`Engine::facets`] with people and organizations merged by identity: "Guterres" in one
    /// release and "António Guterres" in another count as one person (releases, not mentions).
    ///
    /// With no query and no filter, the answer comes from the table `pressdex index` keeps
    /// beside the index when it is current and long enough.
    pub fn facets(&self, request: &SearchRequest, top: usize) -> Result<Facets> {
        let start = std::time::Instant::now();
        if takes_all(request) {
            if let Some(mut facets) = self.table().and_then(|t| t.facets(top)) {
                facets.elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
                return Ok(facets);
            }
        }
        self.facets_from_index(request, top)
    }

    /// [`Identities::facets`] worked out from the index.
    fn facets_from_index(&self, request: &SearchRequest, top: usize) -> Result<Facets> {
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

    /// Other names and surface forms of an entity, from its most recent releases (at most 20
    /// releases are read, so listing stays fast on large corpora).
    fn aliases(&self, kind: Kind, name: &str, members: &[String]) -> Result<Vec<String>> {
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
            }
        }
        Ok(aliases)
    }

    /// The roles each person holds in the releases matching `query`, per canonical name, most
    /// releases first: read from the `person_role` fast field `pressdex index` stores, not
    /// from the releases' text.
    fn role_dates(&self, query: &dyn Query) -> Result<BTreeMap<String, Vec<RoleDates>>> {
        let values = self.engine.searcher().search(
            query,
            &ValueTally {
                field: schema::field::PERSON_ROLE,
            },
        )?;
        let mut by_name: BTreeMap<String, Vec<RoleDates>> = BTreeMap::new();
        for (value, stat) in values {
            let Some((name, role)) = value.split_once(schema::ROLE_SEP) else {
                continue;
            };
            by_name
                .entry(name.to_string())
                .or_default()
                .push(RoleDates {
                    role: role.to_string(),
                    releases: stat.releases,
                    first: stat.first,
                    last: stat.last,
                });
        }
        Ok(by_name
            .into_iter()
            .map(|(name, roles)| (name, merge_roles(roles)))
            .collect())
    }
}

/// Roles merged by [`schema::role_key`] (each written as most releases write it; counts added,
/// dates widened), most releases first, then by role.
fn merge_roles(roles: impl IntoIterator<Item = RoleDates>) -> Vec<RoleDates> {
    // key → (merged, releases of the spelling shown)
    let mut merged: BTreeMap<String, (RoleDates, usize)> = BTreeMap::new();
    for r in roles {
        match merged.entry(schema::role_key(&r.role)) {
            std::collections::btree_map::Entry::Vacant(v) => {
                let n = r.releases;
                v.insert((r, n));
            }
            std::collections::btree_map::Entry::Occupied(mut o) => {
                let (m, shown) = o.get_mut();
                if r.releases > *shown || (r.releases == *shown && r.role < m.role) {
                    *shown = r.releases;
                    m.role = r.role;
                }
                m.releases += r.releases;
                m.first = min_date(m.first, r.first);
                m.last = max_date(m.last, r.last);
            }
        }
    }
    let mut out: Vec<RoleDates> = merged.into_values().map(|(r, _)| r).collect();
    out.sort_by(|a, b| {
        b.releases
            .cmp(&a.releases)
            .then_with(|| a.role.cmp(&b.role))
    });
    out
}
