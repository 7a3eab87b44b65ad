//! The rows one release gives the three tables: the release with its identities, one row per
//! mention, one row per pair of identities it mentions together.

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
