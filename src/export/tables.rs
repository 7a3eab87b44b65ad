//! The rows one release gives the three tables: the release with its identities, one row per
//! mention, one row per pair of identities it mentions together. The CSV and Parquet sinks
//! both write the rows of [`Record::rows`], in the columns named here.

use chrono::{Datelike, NaiveDate};

use crate::error::Result;
use crate::identities::{kwic, Kind, Resolver};
use crate::model::{Entity, Release};

/// A release ready to write: its id, its identities, its mentions and its pairs.
#[derive(Debug, Clone)]
pub struct Record {
    /// Stable id: the first 16 bytes of the BLAKE3 hash of the path, in hex.
    pub id: String,
    /// The release as stored.
    pub release: Release,
    /// The identities of its people (as `pressdex people` lists them), in order of first
    /// mention, each once.
    pub people: Vec<String>,
    /// The identities of its organizations, likewise.
    pub orgs: Vec<String>,
    /// Every mention of a person or an organization.
    pub mentions: Vec<MentionRow>,
    /// Every pair of distinct identities it mentions, each once, `a` before `b` (people before
    /// organizations, then by name).
    pub pairs: Vec<PairRow>,
}

/// One mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionRow {
    /// Person or organization.
    pub kind: Kind,
    /// The identity (as `pressdex people` / `orgs` lists it).
    pub identity: String,
    /// The canonical name in this release.
    pub name: String,
    /// The text of the mention.
    pub surface: String,
    /// Its first byte in the body.
    pub start: u64,
    /// One past its last byte.
    pub end: u64,
    /// The roles the release gives the person, joined with `; ` (`None` when none).
    pub role: Option<String>,
    /// The sentence around the mention (empty when not asked for).
    pub sentence: String,
}

/// Two identities one release mentions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PairRow {
    /// The first one's kind.
    pub kind_a: Kind,
    /// The first identity.
    pub a: String,
    /// The second one's kind.
    pub kind_b: Kind,
    /// The second identity.
    pub b: String,
}

/// The id of a release: the first 16 bytes of the BLAKE3 hash of its path, in hex.
pub fn release_id(path: &str) -> String {
    let hash = blake3::hash(path.as_bytes());
    hash.to_hex()[..32].to_string()
}

impl Record {
    /// The rows of `release`, its names resolved to identities (`sentences`: with the
    /// sentence of every mention; else they are left empty).
    pub fn new(release: Release, resolver: &Resolver, sentences: bool) -> Record {
        let mut mentions = Vec::new();
        let mut identities = |kind: Kind, entities: &[Entity]| {
            let mut out: Vec<String> = Vec::new();
            for e in entities {
                let identity = resolver.identity(kind, &e.name).to_string();
                let role = (!e.roles.is_empty()).then(|| e.roles.join("; "));
                for m in &e.mentions {
                    let Some(surface) = release.body.get(m.start..m.end) else {
                        continue;
                    };
                    mentions.push(MentionRow {
                        kind,
                        identity: identity.clone(),
                        name: e.name.clone(),
                        surface: surface.to_string(),
                        start: m.start as u64,
                        end: m.end as u64,
                        role: role.clone(),
                        sentence: if sentences {
                            kwic(&release.body, m.start, m.end).sentence
                        } else {
                            String::new()
                        },
                    });
                }
                if !out.contains(&identity) {
                    out.push(identity);
                }
            }
            out
        };
        let people = identities(Kind::Person, &release.people);
        let orgs = identities(Kind::Org, &release.orgs);
        let all: Vec<(Kind, &String)> = (people.iter().map(|p| (Kind::Person, p)))
            .chain(orgs.iter().map(|o| (Kind::Org, o)))
            .collect();
        let mut pairs = Vec::new();
        for (i, x) in all.iter().enumerate() {
            for y in &all[i + 1..] {
                let (a, b) = if x <= y { (x, y) } else { (y, x) };
                pairs.push(PairRow {
                    kind_a: a.0,
                    a: a.1.clone(),
                    kind_b: b.0,
                    b: b.1.clone(),
                });
            }
        }
        pairs.sort();
        Record {
            id: release_id(&release.path),
            release,
            people,
            orgs,
            mentions,
            pairs,
        }
    }
}

/// Columns of the releases table.
pub const RELEASE_COLUMNS: [&str; 12] = [
    "id",
    "path",
    "title",
    "date",
    "year",
    "date_source",
    "format",
    "people",
    "orgs",
    "body",
    "lang",
    "url",
];
/// Columns of the mentions table.
pub const MENTION_COLUMNS: [&str; 11] = [
    "release_id",
    "path",
    "date",
    "kind",
    "identity",
    "name",
    "surface",
    "start",
    "end",
    "role",
    "sentence",
];
/// Columns of the co-mentions table.
pub const PAIR_COLUMNS: [&str; 6] = ["release_id", "date", "kind_a", "a", "kind_b", "b"];

/// One of the three tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Releases,
    Mentions,
    Pairs,
}

/// One value of a row.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cell<'a> {
    /// Text, or none.
    Str(Option<&'a str>),
    /// A day, or none.
    Date(Option<NaiveDate>),
    /// A whole number, or none.
    Int(Option<i64>),
    /// A list of texts.
    List(&'a [String]),
}

impl Record {
    /// Calls `f` with every row of the release: its row of the releases table, then one row
    /// of the mentions table per mention, then one row of the co-mentions table per pair;
    /// each row has the cells of its table's columns, in order.
    pub(crate) fn rows(&self, f: &mut dyn FnMut(Table, &[Cell]) -> Result<()>) -> Result<()> {
        let rel = &self.release;
        let id = Cell::Str(Some(&self.id));
        let path = Cell::Str(Some(&rel.path));
        let date = Cell::Date(rel.date);
        f(
            Table::Releases,
            &[
                id,
                path,
                Cell::Str(Some(&rel.title)),
                date,
                Cell::Int(rel.date.map(|d| i64::from(d.year()))),
                Cell::Str(rel.date_source.map(|s| s.as_str())),
                Cell::Str(Some(rel.format.as_str())),
                Cell::List(&self.people),
                Cell::List(&self.orgs),
                Cell::Str(Some(&rel.body)),
                Cell::Str(Some(&rel.lang)),
                Cell::Str(rel.url.as_deref()),
            ],
        )?;
        for m in &self.mentions {
            f(
                Table::Mentions,
                &[
                    id,
                    path,
                    date,
                    Cell::Str(Some(m.kind.as_str())),
                    Cell::Str(Some(&m.identity)),
                    Cell::Str(Some(&m.name)),
                    Cell::Str(Some(&m.surface)),
                    Cell::Int(Some(m.start as i64)),
                    Cell::Int(Some(m.end as i64)),
                    Cell::Str(m.role.as_deref()),
                    Cell::Str(Some(&m.sentence)),
                ],
            )?;
        }
        for p in &self.pairs {
            f(
                Table::Pairs,
                &[
                    id,
                    date,
                    Cell::Str(Some(p.kind_a.as_str())),
                    Cell::Str(Some(&p.a)),
                    Cell::Str(Some(p.kind_b.as_str())),
                    Cell::Str(Some(&p.b)),
                ],
            )?;
        }
        Ok(())
    }
}
