//! How the corpus links short names to fuller ones: "Guterres" to "António Guterres" when it
//! is the only fuller name containing it, an acronym to the one organization it spells.
//!
//! `names` says when one name can stand for another (a person's name fitting a fuller one, an
//! organization's words inside another's); `orgs` holds what only organizations have (acronyms,
//! departments, units under a parent, names for a kind of body); this module goes over the
//! names of a corpus with them ([`links_with`]).

mod names;
mod orgs;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap};

use super::Kind;
use crate::schema;
pub(crate) use names::is_acronym;
use names::{contains, fuller};
pub(super) use names::{contains_seq, folded, initials, name_words, person_core, person_fits};
use orgs::{
    committee_short_forms, departments_by_their_head, names_a_unit, names_bodies, one_spelling,
    same_written_out, settle_ambiguous, units_under_parents, written_for,
};

/// How the corpus links short names to fuller ones.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Links {
    /// Short name → the one fuller name it stands for.
    pub(super) resolved: HashMap<String, String>,
    /// Short name → the fuller names it could stand for (two or more).
    pub(super) ambiguous: HashMap<String, Vec<String>>,
    /// Organization names that name a kind of body rather than one ("U.S. District Court",
    /// "Office of Inspector General"): the corpus writes many different bodies under fuller
    /// forms of them, and none of those stands out. Not listed as an identity.
    #[serde(default)]
    pub(super) generic: BTreeSet<String>,
}

impl Links {
    pub(super) fn root<'a>(&'a self, name: &'a str) -> &'a str {
        self.resolved.get(name).map_or(name, String::as_str)
    }
}

/// How many times more releases than any other candidate make one candidate the meaning of a
/// short name.
const DOMINANT: usize = 10;

/// How many times more releases than any other candidate make one candidate the meaning of an
/// organization's short name ("Finance Committee" in Senate releases).
const ORG_DOMINANT: usize = 3;

/// Most candidates listed for an ambiguous short name.
const MAX_CANDIDATES: usize = 8;

/// Fuller organizations (by key) that must hold an organization's name before the name counts
/// as naming a kind of body ([`Links::generic`]).
const GENERIC_BODIES: usize = 4;

/// [`links_with`] without what releases wrote acronyms for.
#[cfg(test)]
pub(super) fn links(kind: Kind, names: &[&str], weight: &dyn Fn(&str) -> usize) -> Links {
    links_with(kind, names, weight, &HashMap::new())
}

/// Acronym → the canonical names releases gave it, each with how many releases did
/// ([`schema::field::ORG_ALIAS`]).
pub(super) type Written = HashMap<String, Vec<(String, usize)>>;

/// Links every name to the fuller names of the same entity ([`fuller`], or an acronym of their
/// initials for organizations; first of all, for an acronym, the name releases wrote it for:
/// [`written_for`]): exactly one maximal candidate resolves it, several leave it ambiguous
/// unless one is named far more often. An organization's candidates are the fuller names
/// written in at least as many releases as it: "Finance Committee" is the
/// "Senate Finance Committee" most releases name, while "Federal Aviation Administration",
/// named more often than any longer name holding it, is an identity of its own.
/// Names written with the same words ("Eric H. Holder Jr.", "Eric H. Holder, Jr.") are one,
/// under the spelling with the most `weight` (releases).
pub(super) fn links_with(
    kind: Kind,
    names: &[&str],
    weight: &dyn Fn(&str) -> usize,
    written: &Written,
) -> Links {
    let tokens: Vec<Vec<String>> = names.iter().map(|n| schema::name_tokens(n)).collect();
    let corpus = Corpus::new(kind, names, &tokens, weight);
    let mut out = Links::default();
    let mut generic: Vec<usize> = Vec::new();
    for i in 0..names.len() {
        corpus.link(i, written, &mut out, &mut generic);
    }
    // One identity per spelling: the same words for a person, the same key for an
    // organization ("Justice Department", "Department of Justice").
    let keys: Vec<String> = match kind {
        Kind::Person => tokens.iter().map(|t| t.join(" ")).collect(),
        Kind::Org => names
            .iter()
            .map(|n| crate::extract::entities::org_key_of(n))
            .collect(),
    };
    if kind == Kind::Org {
        departments_by_their_head(names, &keys, weight, &mut out);
    }
    same_words(names, &keys, weight, &mut out);
    follow_chains(&mut out);
    settle_ambiguous(&mut out);
    if kind == Kind::Org {
        same_written_out(names, weight, &mut out);
        follow_chains(&mut out);
        committee_short_forms(names, weight, &mut out);
        follow_chains(&mut out);
    }
    for &i in &generic {
        if !out.resolved.contains_key(names[i]) {
            out.generic.insert(names[i].to_string());
        }
    }
    if kind == Kind::Org {
        units_under_parents(names, &tokens, &corpus.known, weight, &mut out);
        // The plural of a name for a kind of body names that kind too ("U.S. Attorneys
        // Offices").
        for name in names {
            let singular = name.strip_suffix('s').unwrap_or(name);
            if singular != *name && out.generic.contains(singular) && out.root(name) == *name {
                out.generic.insert(name.to_string());
            }
        }
    }
    out
}

/// The names of a corpus of one kind with their words, looked up by word (and, for
/// organizations, by initials and by their words as a whole), for [`links_with`].
struct Corpus<'a> {
    kind: Kind,
    names: &'a [&'a str],
    tokens: &'a [Vec<String>],
    weight: &'a dyn Fn(&str) -> usize,
    /// A word → the names holding it: each name is compared only with names sharing a word.
    by_token: HashMap<&'a str, Vec<usize>>,
    /// An organization's initials → the names (of two words or more) with them.
    by_initials: HashMap<String, Vec<usize>>,
    /// An organization's words → its name written in most releases (the names of the corpus
    /// a fuller name may end with, or a parent's acronym be).
    known: HashMap<&'a [String], usize>,
}

impl<'a> Corpus<'a> {
    fn new(
        kind: Kind,
        names: &'a [&'a str],
        tokens: &'a [Vec<String>],
        weight: &'a dyn Fn(&str) -> usize,
    ) -> Corpus<'a> {
        let mut by_token: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, ts) in tokens.iter().enumerate() {
            for t in ts.iter().collect::<BTreeSet<_>>() {
                by_token.entry(t.as_str()).or_default().push(i);
            }
        }
        let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
        let mut known: HashMap<&[String], usize> = HashMap::new();
        if kind == Kind::Org {
            for (i, n) in names.iter().enumerate() {
                if tokens[i].len() >= 2 {
                    by_initials.entry(initials(n)).or_default().push(i);
                }
                let e = known.entry(tokens[i].as_slice()).or_insert(i);
                if weight(names[i]) > weight(names[*e]) {
                    *e = i;
                }
            }
        }
        Corpus {
            kind,
            names,
            tokens,
            weight,
            by_token,
            by_initials,
            known,
        }
    }

    /// Links name `i` to the fuller name it stands for, or lists it as ambiguous; an
    /// organization's name for a kind of body goes to `generic`.
    fn link(&self, i: usize, written: &Written, out: &mut Links, generic: &mut Vec<usize>) {
        let (kind, names) = (self.kind, self.names);
        let Some(mut supers) = self.fuller_names(i) else {
            return;
        };
        if kind == Kind::Org {
            let ts = &self.tokens[i];
            // A name followed by another organization's name is that one's parent, not a
            // fuller name for it: "Health and Human Services Office of Inspector General" is
            // not what "Health and Human Services" stands for.
            supers.retain(|&j| !names_a_unit(ts, &self.tokens[j], &self.known));
            let own = (self.weight)(names[i]);
            if !is_acronym(names[i])
                && names_bodies(names, self.tokens, i, &supers, own, self.weight)
            {
                generic.push(i);
            }
            // A fuller name written less often than this one is a part of the organization or
            // a fusion of two ("United States Department of Transportation Federal Aviation
            // Administration"), not the name it stands for.
            supers.retain(|&j| (self.weight)(names[j]) >= own);
            if is_acronym(names[i]) {
                match self.acronym(i, written) {
                    Some(Spelled::One(long)) => {
                        out.resolved.insert(names[i].to_string(), long);
                        return;
                    }
                    Some(Spelled::Several(spelled)) => supers = spelled.into_iter().collect(),
                    None => {}
                }
            }
        }
        let maximal = self.maximal(&supers);
        self.decide(i, &maximal, out);
    }

    /// The fuller names name `i` fits ([`fuller`]); `None` for a name without words. Every
    /// fuller name holds its rarest word (a person's surname).
    fn fuller_names(&self, i: usize) -> Option<BTreeSet<usize>> {
        let ts = &self.tokens[i];
        let rarest = match self.kind {
            Kind::Person => person_core(ts).last()?,
            Kind::Org => ts
                .iter()
                .min_by_key(|t| self.by_token.get(t.as_str()).map_or(0, Vec::len))?,
        };
        Some(
            self.by_token[rarest.as_str()]
                .iter()
                .copied()
                .filter(|&j| j != i && fuller(self.kind, ts, &self.tokens[j]))
                .collect(),
        )
    }

    /// What the acronym named `i` spells: the name releases wrote it for ([`written_for`]),
    /// else the one organization whose initials it is ("FBI" is the Federal Bureau of
    /// Investigation, not "FBI Safe Streets Task Force"), else the several that spell it ("HHS"
    /// is one of them, not one of the names that hold it, like "HHS-OIG").
    fn acronym(&self, i: usize, written: &Written) -> Option<Spelled> {
        let names = self.names;
        if let Some(long) = written_for(names[i], written, self.weight) {
            return Some(Spelled::One(long));
        }
        let long = self.by_initials.get(names[i])?;
        let spelled: Vec<usize> = long.iter().copied().filter(|&j| j != i).collect();
        if let Some(best) = one_spelling(names, &spelled, self.weight) {
            return Some(Spelled::One(names[best].to_string()));
        }
        (!spelled.is_empty()).then_some(Spelled::Several(spelled))
    }

    /// The candidates no other candidate contains. When the longest contains all the others it
    /// is the only one (the common case, and linear); otherwise at most [`MAX_CANDIDATES`] are
    /// worked out.
    fn maximal(&self, supers: &BTreeSet<usize>) -> Vec<usize> {
        let (kind, tokens) = (self.kind, self.tokens);
        let Some(&longest) = supers.iter().max_by_key(|&&j| (tokens[j].len(), j)) else {
            return Vec::new();
        };
        if supers
            .iter()
            .all(|&j| j == longest || contains(kind, &tokens[longest], &tokens[j]))
        {
            return vec![longest];
        }
        let mut by_len: Vec<usize> = supers.iter().copied().collect();
        by_len.sort_by_key(|&j| std::cmp::Reverse(tokens[j].len()));
        let mut kept: Vec<usize> = Vec::new();
        for j in by_len {
            if !kept.iter().any(|&k| contains(kind, &tokens[k], &tokens[j])) {
                kept.push(j);
                if kept.len() == MAX_CANDIDATES {
                    break;
                }
            }
        }
        kept
    }

    /// Links name `i` to its one maximal candidate, or to the one named far more often than
    /// any other ("Holder" for "Eric H. Holder Jr.", not a stray "Holder Ben"); else lists it
    /// as ambiguous.
    fn decide(&self, i: usize, maximal: &[usize], out: &mut Links) {
        let names = self.names;
        match maximal {
            [] => {}
            [one] => {
                out.resolved
                    .insert(names[i].to_string(), names[*one].to_string());
            }
            many => {
                let weights: Vec<usize> = many.iter().map(|&j| (self.weight)(names[j])).collect();
                let (top, &most) = weights
                    .iter()
                    .enumerate()
                    .max_by_key(|(_, w)| **w)
                    .expect("two or more candidates");
                let next = (0..weights.len())
                    .filter(|&k| k != top)
                    .map(|k| weights[k])
                    .max()
                    .unwrap_or(0);
                let dominant = match self.kind {
                    Kind::Person => DOMINANT,
                    Kind::Org => ORG_DOMINANT,
                };
                if most >= dominant * next.max(1) {
                    out.resolved
                        .insert(names[i].to_string(), names[many[top]].to_string());
                    return;
                }
                let mut candidates: Vec<String> =
                    many.iter().map(|&j| names[j].to_string()).collect();
                candidates.sort();
                out.ambiguous.insert(names[i].to_string(), candidates);
            }
        }
    }
}

/// What an acronym spells in a corpus ([`Corpus::acronym`]).
enum Spelled {
    /// The one name it stands for.
    One(String),
    /// The names that spell it, of which it stands for one.
    Several(Vec<usize>),
}

/// Makes every link point at the end of its chain: a short name resolved to a fuller one that
/// itself resolved further (possible for organizations, whose candidates are chosen by weight)
/// resolves to where that one does. A cycle, which the rules above should never make, is left
/// where it stands.
fn follow_chains(out: &mut Links) {
    let ends: Vec<(String, String)> = out
        .resolved
        .iter()
        .filter_map(|(from, to)| {
            let mut end = to;
            for _ in 0..8 {
                match out.resolved.get(end) {
                    Some(next) if next != end && next != from => end = next,
                    _ => break,
                }
            }
            (end != to).then(|| (from.clone(), end.clone()))
        })
        .collect();
    for (from, end) in ends {
        out.resolved.insert(from, end);
    }
}

/// Makes names written with the same words one identity: each resolves (directly or through
/// the fuller name it resolved to) to the spelling of its words with the most weight.
fn same_words(names: &[&str], keys: &[String], weight: &dyn Fn(&str) -> usize, out: &mut Links) {
    let mut best: HashMap<&str, usize> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if key.is_empty() {
            continue;
        }
        best.entry(key.as_str())
            .and_modify(|b| {
                if (weight(names[i]), std::cmp::Reverse(names[i]))
                    > (weight(names[*b]), std::cmp::Reverse(names[*b]))
                {
                    *b = i;
                }
            })
            .or_insert(i);
    }
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let spelling = |name: &str| -> Option<&str> {
        let i = *index.get(name)?;
        let b = *best.get(keys[i].as_str())?;
        (b != i).then_some(names[b])
    };
    for (i, name) in names.iter().enumerate() {
        let target = out.resolved.get(*name).map_or(*name, String::as_str);
        if let Some(rep) = spelling(target) {
            out.resolved.insert(names[i].to_string(), rep.to_string());
        }
    }
    // A name its own spelling stands for is no identity of its own, nor a candidate.
    for candidates in out.ambiguous.values_mut() {
        for c in candidates.iter_mut() {
            if let Some(rep) = spelling(c) {
                *c = rep.to_string();
            }
        }
        candidates.sort();
        candidates.dedup();
    }
}
