//! People and organizations: the trained [`tagger`] finds the names; a few general steps turn
//! its spans into the release's entities.
//!
//! 1. **Spans** — the tagger's person and organization spans (trained on press releases read
//!    by hand, see `pressdex-train`), cleaned the same way for every span: titles in front of a
//!    person go (and mark the name as titled), a span holding two people around a title is cut
//!    in two, a lone pronoun or common word is no name, a place is no organization, and a name
//!    whose possessive lost its apostrophe at the source ("Departments Criminal Division",
//!    "FBIs") is read without the "s".
//! 2. **Identity inside the release** — the mentions of one person are grouped: a shorter form
//!    joins the fuller one it fits ("Holder", "Eric Holder" → "Eric H. Holder Jr."), an
//!    all-caps headline form joins its mixed-case one. An organization's forms are grouped by
//!    their words ("Justice Department" = "Department of Justice", "U.S. Department of X" =
//!    "Department of X") and acronyms by the initials they spell ("FBI").
//! 3. **More mentions** — once a person is known, their surname elsewhere in the release is a
//!    mention of them too, and a title before a surname ("Chairman He") makes even a pronoun-like
//!    word a mention; an organization's acronym elsewhere is a mention of it.
//!
//! The canonical name of an entity is its fullest form in mixed case, without titles.

use super::lists::{HashSet, Lists, LISTS};

mod cjk_forms;
mod group;
mod more;
mod raw;
pub(crate) use raw::SUBJECT_HEADS;
mod short_forms;
mod spans;
#[cfg(test)]
mod tests;

use group::*;
use more::*;
use raw::*;
use short_forms::*;
use spans::*;

/// A map with a fast hash (keys are short strings).
type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
use super::tagger;
use super::tokens::{push_lower, tokenize, Kind, Tok};
use crate::model::{Entity, Mention};

/// Tagger type indices.
const PER: usize = 0;
const ORG: usize = 1;
const MISC: usize = 3;

/// Name suffixes that are not a surname.
const SUFFIXES: &[&str] = &[
    "Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "JR.", "SR.", "JR",
];

/// The places of the word lists without dots and spaces ("us" for "u.s.").
static SQUEEZED_PLACES: std::sync::LazyLock<HashSet<String>> = std::sync::LazyLock::new(|| {
    LISTS
        .places
        .iter()
        .map(|p| p.chars().filter(|c| !matches!(c, '.' | ' ')).collect())
        .collect()
});

/// Words that name a kind of organization, not one, when they stand alone.
const GENERIC_HEADS: &[&str] = &[
    "department",
    "office",
    "division",
    "section",
    "unit",
    "branch",
    "agency",
    "committee",
    "subcommittee",
    "commission",
    "administration",
    "court",
    "bureau",
    "board",
    "council",
    "service",
    "services",
    "program",
    "company",
    "group",
    "association",
    "foundation",
    "institute",
    "center",
];

/// Words that do not count toward an organization's initials.
const MINOR: &[&str] = &[
    "of", "and", "the", "for", "on", "in", "&", "to", "de", "du", "des",
];

struct Ctx<'a> {
    body: &'a str,
    toks: &'a [Tok],
    lx: &'a Lists,
}

impl<'a> Ctx<'a> {
    fn text(&self, i: usize) -> &'a str {
        &self.body[self.toks[i].s..self.toks[i].e]
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Word)
    }

    fn lower(&self, a: usize, b: usize) -> String {
        let mut key = String::new();
        for i in a..b {
            if i > a {
                key.push(' ');
            }
            push_lower(&mut key, self.text(i));
        }
        key
    }

    /// The longest title starting at token `i`: its number of tokens.
    fn title_at(&self, i: usize, end: usize) -> Option<usize> {
        let mut best = None;
        let mut key = String::new();
        for k in 0..self.lx.title_max {
            let j = i + k;
            if j >= end || !self.is_word(j) {
                break;
            }
            if k > 0 {
                if !self.lx.title_prefixes.contains(&key) {
                    break;
                }
                key.push(' ');
            }
            push_lower(&mut key, self.text(j));
            if self.lx.titles.contains(&key) {
                best = Some(k + 1);
            }
        }
        best
    }

    /// A title ends right before token `i` (on the same line).
    fn titled_before(&self, i: usize) -> Option<usize> {
        let lo = i.saturating_sub(self.lx.title_max);
        (lo..i).find(|&a| {
            self.toks[a].cap
                && !(a + 1..=i).any(|k| k < self.toks.len() && self.toks[k].brk)
                && self.title_at(a, i) == Some(i - a)
        })
    }

    fn common(&self, i: usize) -> bool {
        let mut key = String::new();
        push_lower(&mut key, self.text(i));
        self.lx.common_lower.contains(&key)
    }
}

/// The key under which two names of an organization are one: folded words without "the" or a
/// leading "U.S.", "X Department" read as "Department of X", a company's legal form dropped
/// ("Justice Department" and "U.S. Department of Justice" have one key).
pub fn org_key_of(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    org_key(&words)
}

/// Finds people and organizations in `body`: `(people, orgs)`, each ordered by first mention,
/// with non-overlapping byte-offset mentions.
///
/// The entities the model's confidence section does not keep are left out (see
/// [`confidence`](crate::extract::confidence)); [`find_candidates`] has them all.
pub fn find_entities(body: &str) -> (Vec<Entity>, Vec<Entity>) {
    let (mut people, mut orgs, sure) = candidates(body);
    if let Some(keep) = tagger::keep() {
        keep.retain(body, &mut people, true, |e| sure.contains(e.name.as_str()));
        keep.retain(body, &mut orgs, false, |_| false);
    }
    cjk_forms::add_cjk_forms(body, &mut people, &mut orgs);
    (people, orgs)
}

/// Every person and organization the tagger and the grouping steps find in `body`, before the
/// confidence model chooses which to keep (what `pressdex-train` learns that choice from).
pub fn find_candidates(body: &str) -> (Vec<Entity>, Vec<Entity>) {
    let (people, orgs, _) = candidates(body);
    (people, orgs)
}

/// [`find_candidates`], with the names of the people named by one word after a title or in a
/// list with a named person (kept whatever the confidence model says: the title or the list
/// says they are people).
fn candidates(body: &str) -> (Vec<Entity>, Vec<Entity>, HashSet<String>) {
    let toks = tokenize(body);
    let cx = Ctx {
        body,
        toks: &toks,
        lx: &LISTS,
    };
    let Some(tags) = tagger::tag_tokens(body, &toks) else {
        return (Vec::new(), Vec::new(), HashSet::default());
    };
    let raw = raw_spans(&cx, &tags);
    let spans = spans(&cx, &raw);
    let mut ents = group(&cx, &spans);
    more_mentions(&cx, &mut ents);

    // Byte spans, sorted, overlaps dropped (earlier and longer first).
    let mut all: Vec<(usize, usize, usize)> = Vec::new();
    for (id, e) in ents.iter().enumerate() {
        for &(a, b) in &e.mentions {
            if a < b && b <= toks.len() {
                all.push((toks[a].s, toks[b - 1].e, id));
            }
        }
    }
    all.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
    let mut kept: Vec<Vec<Mention>> = vec![Vec::new(); ents.len()];
    let mut last_end = 0;
    let mut first_seen: Vec<usize> = vec![usize::MAX; ents.len()];
    for (s, e, id) in all {
        if s < last_end {
            continue;
        }
        last_end = e;
        if first_seen[id] == usize::MAX {
            first_seen[id] = s;
        }
        kept[id].push(Mention { start: s, end: e });
    }
    let mut ids: Vec<usize> = (0..ents.len()).filter(|&id| !kept[id].is_empty()).collect();
    ids.sort_by_key(|&id| first_seen[id]);
    let mut people: Vec<Entity> = Vec::new();
    let mut orgs: Vec<Entity> = Vec::new();
    let mut index: HashMap<(bool, String), usize> = HashMap::default();
    let mut sure: HashSet<String> = HashSet::default();
    for id in ids {
        if ents[id].sure {
            sure.insert(ents[id].name());
        }
        let ent = Entity {
            name: ents[id].name(),
            mentions: std::mem::take(&mut kept[id]),
            roles: Vec::new(),
        };
        let list = if ents[id].person {
            &mut people
        } else {
            &mut orgs
        };
        // Two entities under one name (an all-caps form and its mixed-case one): one.
        match index.entry((ents[id].person, ent.name.clone())) {
            std::collections::hash_map::Entry::Occupied(at) => {
                let same = &mut list[*at.get()];
                same.mentions.extend(ent.mentions);
                same.mentions.sort_by_key(|m| m.start);
            }
            std::collections::hash_map::Entry::Vacant(at) => {
                at.insert(list.len());
                list.push(ent);
            }
        }
    }
    (people, orgs, sure)
}
