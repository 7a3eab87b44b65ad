//! How the corpus links short names to fuller ones: "Guterres" to "António Guterres" when it
//! is the only fuller name containing it, an acronym to the one organization it spells.

use std::collections::{BTreeSet, HashMap};

use super::Kind;
use crate::schema;

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

/// Words left out of an organization's initials ("Bank *of* England" → BE).
const MINOR_WORDS: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "de", "des", "du", "la", "&",
];

pub(super) fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !MINOR_WORDS.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

pub(crate) fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && !name.contains(' ') && letters.iter().all(|c| c.is_uppercase())
}

/// Whether `needle` occurs in `haystack` as consecutive tokens.
pub(super) fn contains_seq(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty()
        && needle.len() <= haystack.len()
        && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Generational suffixes, which a shorter form of a person's name leaves out.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv", "v"];

/// A person's name tokens without a generational suffix at the end.
pub(super) fn person_core(tokens: &[String]) -> &[String] {
    match tokens.split_last() {
        Some((last, rest)) if !rest.is_empty() && SUFFIXES.contains(&last.as_str()) => rest,
        _ => tokens,
    }
}

/// Whether the person named `short` can be the person named `long`: the same surname (the last
/// word, a generational suffix aside; two different suffixes are two people, "Jr." and "Sr."),
/// the same first given name (or a nickname of it, [`same_given_name`]), and the middle words
/// of `short` lined up with the first middle words of `long`, word by word, an initial standing
/// for a word it opens ([`same_word`]). "Holder" and "Eric Holder" fit "Eric H. Holder Jr.",
/// "Lanny Breuer" fits "Lanny A. Breuer", "Dick Durbin" fits "Richard J. Durbin"; "George W
/// Bush" does not fit "George H W Bush" (its middle initial is not the first one there),
/// "Barack Obama" does not fit "Barack Obama Academy" (another last word) nor "Tim Johnson"
/// "Barbara Johnson".
pub(crate) fn person_fits(short: &[String], long: &[String]) -> bool {
    if let (Some(a), Some(b)) = (suffix(short), suffix(long)) {
        if a != b {
            return false;
        }
    }
    let (s, l) = (person_core(short), person_core(long));
    let (Some((s_last, s_rest)), Some((l_last, l_rest))) = (s.split_last(), l.split_last()) else {
        return false;
    };
    if s_last != l_last || s.len() > l.len() {
        return false;
    }
    match (s_rest.split_first(), l_rest.split_first()) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some((first, s_middle)), Some((l_first, l_middle))) => {
            (first == l_first || same_given_name(first, l_first))
                && s_middle.len() <= l_middle.len()
                && s_middle.iter().zip(l_middle).all(|(a, b)| same_word(a, b))
        }
    }
}

/// The generational suffix ending a person's name tokens, if any.
fn suffix(tokens: &[String]) -> Option<&str> {
    (person_core(tokens).len() < tokens.len()).then(|| tokens[tokens.len() - 1].as_str())
}

/// Whether two folded middle words can be one: the same word, or an initial and a word it
/// opens ("w" and "walker").
fn same_word(a: &str, b: &str) -> bool {
    let initial_of = |i: &str, w: &str| i.chars().count() == 1 && w.starts_with(i);
    a == b || initial_of(a, b) || initial_of(b, a)
}

/// The folded words of a name, as [`schema::name_tokens`] gives them, without the analyzer for
/// a name written in ASCII (nearly all): it is worked out for every name of a corpus.
pub(super) fn name_words(name: &str) -> Vec<String> {
    /// The analyzer drops words of this many bytes or more.
    const LONG: usize = 60;
    if !name.is_ascii() {
        return schema::name_tokens(name);
    }
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() < LONG)
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Whether two folded given names are one: "dick" and "richard", "chuck" and "charles".
fn same_given_name(a: &str, b: &str) -> bool {
    static PAIRS: std::sync::LazyLock<std::collections::HashSet<(&'static str, &'static str)>> =
        std::sync::LazyLock::new(|| {
            include_str!("data/nicknames.txt")
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once(' '))
                .collect()
        });
    PAIRS.contains(&(a, b)) || PAIRS.contains(&(b, a))
}

/// Folded words of a word list of the entity finder (one entry a line, `#` comments).
fn folded_list(text: &str) -> std::collections::HashSet<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(folded)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a folded word is a surname written before the given name ("zhao", "park" in
/// the entity finder's list) and not also a given name ("lee", "kim"): only such a word
/// stands alone for the name it opens.
fn is_surname_written_first(word: &str) -> bool {
    static FIRST: std::sync::LazyLock<std::collections::HashSet<String>> =
        std::sync::LazyLock::new(|| {
            let given = given_names();
            folded_list(include_str!("../extract/data/cjk_surnames.txt"))
                .into_iter()
                .filter(|w| !given.contains(w))
                .collect()
        });
    FIRST.contains(word)
}

/// The entity finder's given names, folded.
fn given_names() -> &'static std::collections::HashSet<String> {
    static GIVEN: std::sync::LazyLock<std::collections::HashSet<String>> =
        std::sync::LazyLock::new(|| folded_list(include_str!("../extract/data/first_names.txt")));
    &GIVEN
}

/// Whether `long` is a fuller name than `short` for the same entity: for people, a name that
/// `short` fits ([`person_fits`]); for organizations, one holding its words in a row.
fn fuller(kind: Kind, short: &[String], long: &[String]) -> bool {
    long.len() > short.len()
        && match kind {
            // A single word also stands for a name it opens when it is a surname written
            // first ("Zhao" for "Zhao Houlin"); a lone given name ("Loretta") stands for no
            // one across releases.
            Kind::Person => {
                person_fits(short, long)
                    || short.len() == 1
                        && long.first() == short.first()
                        && is_surname_written_first(&short[0])
            }
            Kind::Org => contains_seq(long, short),
        }
}

/// [`links_with`] without what releases wrote acronyms for.
#[cfg(test)]
pub(super) fn links(kind: Kind, names: &[&str], weight: &dyn Fn(&str) -> usize) -> Links {
    links_with(kind, names, weight, &HashMap::new())
}

/// Acronym → the canonical names releases gave it, each with how many releases did
/// ([`schema::field::ORG_ALIAS`]).
pub(super) type Written = HashMap<String, Vec<(String, usize)>>;

/// The name releases say an acronym stands for, where they agree: grouped by key, the group
/// written for it in at least two releases and three times as many as any other, under its
/// spelling with the most `weight` ("FEMA" alone is the Federal Emergency Management Agency
/// that other releases wrote it for).
fn written_for(acronym: &str, written: &Written, weight: &dyn Fn(&str) -> usize) -> Option<String> {
    let mut groups: std::collections::BTreeMap<String, (usize, Vec<&str>)> = Default::default();
    for (name, n) in written.get(acronym)? {
        if name != acronym {
            let g = groups
                .entry(crate::extract::entities::org_key_of(name))
                .or_default();
            g.0 += n;
            g.1.push(name);
        }
    }
    let mut sums: Vec<(usize, &Vec<&str>)> = groups.values().map(|(n, v)| (*n, v)).collect();
    sums.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    let (top, members) = sums.first()?;
    let next = sums.get(1).map_or(0, |(n, _)| *n);
    (*top >= 2 && *top >= 3 * next)
        .then(|| {
            members
                .iter()
                .max_by_key(|m| (weight(m), std::cmp::Reverse(**m)))
        })
        .flatten()
        .map(|m| m.to_string())
}

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
    let mut generic: Vec<usize> = Vec::new();
    // An organization's words → its name written in most releases (the names of the corpus
    // a fuller name may end with, or a parent's acronym be).
    let mut known: HashMap<&[String], usize> = HashMap::new();
    if kind == Kind::Org {
        for (i, ts) in tokens.iter().enumerate() {
            let e = known.entry(ts.as_slice()).or_insert(i);
            if weight(names[i]) > weight(names[*e]) {
                *e = i;
            }
        }
    }
    for (i, ts) in tokens.iter().enumerate() {
        if ts.is_empty() {
            continue;
        }
        // Every fuller name holds this word: a person's surname, an organization's rarest word.
        let rarest = match kind {
            Kind::Person => person_core(ts).last().expect("not empty"),
            Kind::Org => ts
                .iter()
                .min_by_key(|t| by_token.get(t.as_str()).map_or(0, Vec::len))
                .expect("not empty"),
        };
        let mut supers: BTreeSet<usize> = by_token[rarest.as_str()]
            .iter()
            .copied()
            .filter(|&j| j != i && fuller(kind, ts, &tokens[j]))
            .collect();
        if kind == Kind::Org {
            // A name followed by another organization's name is that one's parent, not a
            // fuller name for it: "Health and Human Services Office of Inspector General" is
            // not what "Health and Human Services" stands for.
            supers.retain(|&j| !names_a_unit(ts, &tokens[j], &known));
            let own = weight(names[i]);
            if !is_acronym(names[i]) && names_bodies(names, &tokens, i, &supers, own, weight) {
                generic.push(i);
            }
            // A fuller name written less often than this one is a part of the organization or
            // a fusion of two ("United States Department of Transportation Federal Aviation
            // Administration"), not the name it stands for.
            supers.retain(|&j| weight(names[j]) >= own);
        }
        if kind == Kind::Org && is_acronym(names[i]) {
            if let Some(long) = written_for(names[i], written, weight) {
                out.resolved.insert(names[i].to_string(), long);
                continue;
            }
            if let Some(long) = by_initials.get(names[i]) {
                // An acronym is the organization it spells ("FBI" is the Federal Bureau of
                // Investigation, not "FBI Safe Streets Task Force"), when the names that spell
                // it are one organization.
                let spelled: Vec<usize> = long.iter().copied().filter(|&j| j != i).collect();
                if let Some(best) = one_spelling(names, &spelled, weight) {
                    out.resolved
                        .insert(names[i].to_string(), names[best].to_string());
                    continue;
                }
                // Several spellings: it stands for one of them, not for the names that hold
                // it ("HHS" is Health and Human Services, not "HHS-OIG").
                if !spelled.is_empty() {
                    supers = spelled.into_iter().collect();
                }
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
            .all(|&j| j == longest || contains(kind, &tokens[longest], &tokens[j]))
        {
            vec![longest]
        } else {
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
        };
        match maximal.as_slice() {
            [] => {}
            [one] => {
                out.resolved
                    .insert(names[i].to_string(), names[*one].to_string());
            }
            many => {
                // One candidate named far more often than any other is the one meant
                // ("Holder" for "Eric H. Holder Jr.", not a stray "Holder Ben").
                let weights: Vec<usize> = many.iter().map(|&j| weight(names[j])).collect();
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
                let dominant = match kind {
                    Kind::Person => DOMINANT,
                    Kind::Org => ORG_DOMINANT,
                };
                if most >= dominant * next.max(1) {
                    out.resolved
                        .insert(names[i].to_string(), names[many[top]].to_string());
                    continue;
                }
                let mut candidates: Vec<String> =
                    many.iter().map(|&j| names[j].to_string()).collect();
                candidates.sort();
                out.ambiguous.insert(names[i].to_string(), candidates);
            }
        }
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
        departments_by_their_head(names, &keys, &mut out);
    }
    same_words(names, &keys, weight, &mut out);
    follow_chains(&mut out);
    settle_ambiguous(&mut out);
    if kind == Kind::Org {
        same_written_out(names, weight, &mut out);
        follow_chains(&mut out);
    }
    for &i in &generic {
        if !out.resolved.contains_key(names[i]) {
            out.generic.insert(names[i].to_string());
        }
    }
    if kind == Kind::Org {
        units_under_parents(names, &tokens, &known, weight, &mut out);
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

/// Links a department named by its head word alone to the department: "Treasury" and "U.S.
/// Treasury" are the Department of the Treasury, "Homeland Security" the Department of
/// Homeland Security, whichever is written more often (the names of a department all have one
/// key: [`crate::extract::entities::org_key_of`]).
fn departments_by_their_head(names: &[&str], keys: &[String], out: &mut Links) {
    // A department's name: "[U.S.] Department of [the] X" or "[U.S.] X Department".
    let is_department = |name: &str| {
        let words: Vec<&str> = name.split_whitespace().collect();
        let words = match words.as_slice() {
            ["U.S." | "US" | "U.S" | "USA", rest @ ..] | ["U", "S", rest @ ..] => rest,
            ["United", "States", rest @ ..] => rest,
            all => all,
        };
        matches!(words, ["Department", "of", _, ..])
            || matches!(words, [.., before, "Department"] if !before.eq_ignore_ascii_case("the"))
    };
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if is_department(names[i]) {
            by_key.entry(key.as_str()).or_insert(i);
        }
    }
    for (i, key) in keys.iter().enumerate() {
        if key.is_empty()
            || key.split(' ').any(|w| w == "department")
            || is_acronym(names[i])
            || out.resolved.contains_key(names[i])
        {
            continue;
        }
        if let Some(&j) = by_key.get(format!("department of {key}").as_str()) {
            out.ambiguous.remove(names[i]);
            out.resolved
                .insert(names[i].to_string(), names[j].to_string());
        }
    }
}

/// Links an organization written as its parent's acronym followed by one of its units to that
/// unit, when the unit is an identity of its own written at least as often: "ICE Homeland
/// Security Investigations" is Homeland Security Investigations, "HHS Centers for Medicare and
/// Medicaid Services" the Centers for Medicare and Medicaid Services. Not to a name for a kind of
/// body ("HHS Office of Inspector General" stays the HHS's), nor to a unit that stands for a
/// fuller name ("House Judiciary Committee" is not the Senate's). Only an acronym is sure to
/// be a parent: a word before a name may be a place ("California Supreme Court").
fn units_under_parents(
    names: &[&str],
    tokens: &[Vec<String>],
    by_tokens: &HashMap<&[String], usize>,
    weight: &dyn Fn(&str) -> usize,
    out: &mut Links,
) {
    let mut found: Vec<(String, String)> = Vec::new();
    for (i, ts) in tokens.iter().enumerate() {
        if out.resolved.contains_key(names[i]) || out.generic.contains(names[i]) {
            continue;
        }
        // The unit after a parent acronym, an identity of its own.
        let Some(first) = names[i].split([' ', '-']).next() else {
            continue;
        };
        if ts.len() < 3 || !is_acronym(first) || !by_tokens.contains_key(&ts[..1]) {
            continue;
        }
        let unit = by_tokens.get(&ts[1..]).map(|&u| names[u]).filter(|&unit| {
            out.root(unit) == unit
                && !out.generic.contains(unit)
                && weight(unit) >= weight(names[i])
                && unit != names[i]
        });
        if let Some(unit) = unit {
            found.push((names[i].to_string(), unit.to_string()));
        }
    }
    for (name, root) in found {
        out.resolved.insert(name, root);
    }
    follow_chains(out);
}

/// Whether the organization `long` is `short` followed by the name of another organization of
/// the corpus (`known`): a unit of it ("Internal Revenue Service Criminal Investigation").
fn names_a_unit(short: &[String], long: &[String], known: &HashMap<&[String], usize>) -> bool {
    long.windows(short.len())
        .enumerate()
        .filter(|(_, w)| *w == short)
        .any(|(at, _)| {
            let rest = &long[at + short.len()..];
            !rest.is_empty() && known.contains_key(rest)
        })
}

/// Whether an organization's name (`names[i]`, written in `own` releases) names a kind of
/// body: at least [`GENERIC_BODIES`] different organizations (by key) are written as one of
/// that kind, and together they are written at least as often as the name alone ("U.S.
/// Attorneys Office" and the offices of many districts). A fuller name is one of that kind
/// when it adds an owner or a place before the name ("HHS Office of Inspector General",
/// "Houston Police Department") or a qualifier after it ("U.S. District Court for the
/// District of Columbia"); a part of the body ("U.S. Army Corps of Engineers") is not. A name
/// written far more often than its fuller forms ("Criminal Division") is the one body
/// releases mean by it.
fn names_bodies(
    names: &[&str],
    tokens: &[Vec<String>],
    i: usize,
    supers: &BTreeSet<usize>,
    own: usize,
    weight: &dyn Fn(&str) -> usize,
) -> bool {
    const QUALIFIERS: [&str; 4] = ["for", "of", "in", "at"];
    /// Words before a name that only say it is the nation's ("U.S. Department of Labor").
    const NATIONAL: [&str; 6] = ["u", "s", "us", "united", "states", "the"];
    if supers.len() < GENERIC_BODIES {
        return false;
    }
    let short = &tokens[i];
    let one_of_kind = |long: &[String]| {
        long.ends_with(short)
            && !long[..long.len() - short.len()]
                .iter()
                .all(|w| NATIONAL.contains(&w.as_str()))
            || long.windows(short.len() + 1).any(|w| {
                w[..short.len()] == short[..] && QUALIFIERS.contains(&w[short.len()].as_str())
            })
    };
    let kinds: Vec<usize> = supers
        .iter()
        .copied()
        .filter(|&j| one_of_kind(&tokens[j]))
        .collect();
    let keys: BTreeSet<String> = kinds
        .iter()
        .map(|&j| crate::extract::entities::org_key_of(names[j]))
        .collect();
    keys.len() >= GENERIC_BODIES && kinds.iter().map(|&j| weight(names[j])).sum::<usize>() >= own
}

/// Resolves an ambiguous name whose candidates all turned out to be one identity (spellings
/// that link to one another once every link is known), and points every link at the end of its
/// chain again.
fn settle_ambiguous(out: &mut Links) {
    let settled: Vec<(String, String)> = out
        .ambiguous
        .iter()
        .filter_map(|(name, candidates)| {
            let roots: BTreeSet<&str> = candidates.iter().map(|c| out.root(c)).collect();
            match roots.into_iter().collect::<Vec<_>>().as_slice() {
                [one] if *one != name => Some((name.clone(), one.to_string())),
                _ => None,
            }
        })
        .collect();
    for (name, root) in settled {
        out.ambiguous.remove(&name);
        out.resolved.insert(name, root);
    }
    follow_chains(out);
}

/// Makes organizations one identity when their names are the same with every acronym in them
/// written out as the name it resolved to ("IRS-Criminal Investigation" and "Internal Revenue
/// Service-Criminal Investigation", with IRS the Internal Revenue Service), or when they write
/// one parent before a hyphen and one unit after it, in words or by its initials ("IRS-CI"),
/// under the spelling with the most `weight`. Only names
/// that are identities of their own take part, and only whole keys compare, so a wrongly
/// written-out acronym merges nothing unless the result is another organization's exact name.
fn same_written_out(names: &[&str], weight: &dyn Fn(&str) -> usize, out: &mut Links) {
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        if out.resolved.contains_key(*name) {
            continue;
        }
        let mut text = String::new();
        let mut acronyms = 0;
        for word in name.split(|c: char| c.is_whitespace() || c == '-') {
            let long = is_acronym(word).then(|| out.resolved.get(word)).flatten();
            if let Some(long) = long {
                acronyms += 1;
                text.push_str(long);
            } else {
                text.push_str(word);
            }
            text.push(' ');
        }
        let key = crate::extract::entities::org_key_of(&text);
        if !key.is_empty() && (acronyms > 0 || text.split_whitespace().count() > 1) {
            groups.entry(key).or_default().push(i);
        }
        // A unit written after its parent and a hyphen, as words or as their initials:
        // "IRS-Criminal Investigation" and "IRS-CI" are one.
        if let Some((parent, unit)) = name.split_once('-') {
            let (parent, unit) = (parent.trim(), unit.trim());
            let unit = if is_acronym(unit) {
                unit.to_string()
            } else if unit.split_whitespace().count() >= 2 {
                initials(unit)
            } else {
                continue;
            };
            let parent = out.resolved.get(parent).map_or(parent, String::as_str);
            let parent = crate::extract::entities::org_key_of(parent);
            if !parent.is_empty() && unit.len() >= 2 {
                groups
                    .entry(format!("{parent}\u{1f}{unit}"))
                    .or_default()
                    .push(i);
            }
        }
    }
    // A name may share a key with some names and a parent and unit with others: all are one.
    let mut parent: HashMap<usize, usize> = HashMap::new();
    fn find(parent: &mut HashMap<usize, usize>, i: usize) -> usize {
        let up = *parent.get(&i).unwrap_or(&i);
        if up == i {
            return i;
        }
        let top = find(parent, up);
        parent.insert(i, top);
        top
    }
    for members in groups.values().filter(|m| m.len() >= 2) {
        for &j in members {
            parent.entry(j).or_insert(j);
        }
        for &j in &members[1..] {
            let (a, b) = (find(&mut parent, members[0]), find(&mut parent, j));
            if a != b {
                parent.insert(b, a);
            }
        }
    }
    let mut components: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    let linked: Vec<usize> = parent.keys().copied().collect();
    for i in linked {
        let top = find(&mut parent, i);
        components.entry(top).or_default().push(i);
    }
    for mut members in components.into_values() {
        members.sort_unstable();
        members.dedup();
        let Some(&best) = members
            .iter()
            .max_by_key(|&&j| (weight(names[j]), std::cmp::Reverse(names[j])))
        else {
            continue;
        };
        for &j in members.iter().filter(|&&j| j != best) {
            out.resolved
                .insert(names[j].to_string(), names[best].to_string());
        }
    }
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

/// Among the names that spell an acronym, the one it stands for: they are one organization (one
/// key), or one organization is named ten times more often than any other ("Federal Bureau of
/// Investigation" next to a stray "Federal Bureau of Investigations").
fn one_spelling(
    names: &[&str],
    spelled: &[usize],
    weight: &dyn Fn(&str) -> usize,
) -> Option<usize> {
    let mut by_key: std::collections::BTreeMap<String, (usize, Vec<usize>)> = Default::default();
    for &j in spelled {
        let group = by_key
            .entry(crate::extract::entities::org_key_of(names[j]))
            .or_default();
        group.0 += weight(names[j]);
        group.1.push(j);
    }
    let mut groups: Vec<&(usize, Vec<usize>)> = by_key.values().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.0));
    let top = groups.first()?;
    let next = groups.get(1).map_or(0, |g| g.0);
    if groups.len() > 1 && top.0 < DOMINANT * next.max(1) {
        return None;
    }
    top.1
        .iter()
        .copied()
        .max_by_key(|&j| (weight(names[j]), std::cmp::Reverse(names[j])))
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

/// Whether the name `long` stands for everything `short` does (or is the same name).
fn contains(kind: Kind, long: &[String], short: &[String]) -> bool {
    long == short || fuller(kind, short, long)
}

/// A string's letters and digits, folded and lower-cased, for fuzzy comparison.
pub(super) fn folded(name: &str) -> String {
    schema::name_tokens(name).join(" ")
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
            &|_| 1,
        );
        assert_eq!(ids.root("Guterres"), "António Guterres");
        assert_eq!(ids.root("Zhao"), "Zhao");
        assert_eq!(ids.ambiguous["Zhao"], vec!["Zhao Houlin", "Zhao Lijian"]);
        assert_eq!(ids.root("He Xuming"), "He Xuming");
    }

    #[test]
    fn a_person_links_to_the_fuller_form_of_the_same_name() {
        let ids = links(
            Kind::Person,
            &[
                "Eric H. Holder, Jr.",
                "Eric H. Holder Jr.",
                "Eric Holder",
                "Holder",
                "Lanny A. Breuer",
                "Lanny Breuer",
                "Barack Obama",
                "Barack Obama Academy",
                "Tim Johnson",
                "Barbara Johnson",
                "Johnson",
            ],
            &|_| 1,
        );
        assert_eq!(ids.root("Eric Holder"), "Eric H. Holder Jr.");
        assert_eq!(ids.root("Holder"), "Eric H. Holder Jr.");
        assert_eq!(ids.root("Eric H. Holder, Jr."), "Eric H. Holder Jr.");
        assert_eq!(ids.root("Lanny Breuer"), "Lanny A. Breuer");
        assert_eq!(ids.root("Barack Obama"), "Barack Obama");
        assert_eq!(ids.root("Tim Johnson"), "Tim Johnson");
        assert_eq!(ids.root("Barbara Johnson"), "Barbara Johnson");
        assert_eq!(ids.ambiguous["Johnson"], ["Barbara Johnson", "Tim Johnson"]);
        let ids = links(
            Kind::Person,
            &[
                "Richard J. Durbin",
                "Dick Durbin",
                "Dick Smith",
                "Richard Roe",
            ],
            &|_| 1,
        );
        assert_eq!(ids.root("Dick Durbin"), "Richard J. Durbin");
        assert_eq!(ids.root("Dick Smith"), "Dick Smith");
    }

    fn fits(short: &str, long: &str) -> bool {
        person_fits(&schema::name_tokens(short), &schema::name_tokens(long))
    }

    #[test]
    fn a_shorter_name_fits_when_its_middle_words_line_up() {
        for (short, long) in [
            ("Lanny Breuer", "Lanny A. Breuer"),
            ("Eric Holder", "Eric H. Holder Jr."),
            ("Holder", "Eric H. Holder Jr."),
            ("Eric H. Holder", "Eric H. Holder Jr."),
            ("Eric H. Holder Jr.", "Eric H. Holder, Jr."),
            ("Dick Durbin", "Richard J. Durbin"),
            ("George Bush", "George H W Bush"),
            ("George H. Bush", "George H. W. Bush"),
            ("George W Bush", "George Walker Bush"),
            ("George Walker Bush", "George W. Bush"),
            ("Lanny A. Breuer", "Lanny Arthur Breuer"),
        ] {
            assert!(fits(short, long), "{short} -> {long}");
        }
    }

    #[test]
    fn a_middle_word_out_of_line_is_another_person() {
        for (short, long) in [
            // An initial put in the wrong place: the son is not the father.
            ("George W Bush", "George H W Bush"),
            ("George W. Bush", "George H. W. Bush"),
            ("George Walker Bush", "George H W Bush"),
            ("Lanny B. Breuer", "Lanny A. Breuer"),
            ("Lanny Alan Breuer", "Lanny Arthur Breuer"),
            // A fuller form never fits a shorter one, nor another first name or surname.
            ("Lanny A. Breuer", "Lanny Breuer"),
            ("Eric H. Holder Jr.", "Eric Holder"),
            ("Eric Holder", "Erica Holder"),
            ("Dick Durbin", "Robert J. Durbin"),
            ("Tim Johnson", "Barbara Johnson"),
            ("Barack Obama", "Barack Obama Academy"),
            // Two different suffixes are two people.
            ("Jesse Jackson Jr.", "Jesse L. Jackson Sr."),
        ] {
            assert!(!fits(short, long), "{short} -> {long}");
        }
    }

    #[test]
    fn a_middle_initial_in_the_wrong_place_links_no_one() {
        let weight = |n: &str| match n {
            "George H W Bush" => 50,
            "George W Bush" => 40,
            _ => 1,
        };
        let ids = links(
            Kind::Person,
            &[
                "George H W Bush",
                "George H. W. Bush",
                "George W Bush",
                "George W. Bush",
                "George Bush",
                "Lanny A. Breuer",
                "Lanny Breuer",
                "Eric H. Holder Jr.",
                "Eric Holder",
                "Holder",
            ],
            &weight,
        );
        assert_eq!(ids.root("George W Bush"), "George W Bush");
        assert_eq!(ids.root("George W. Bush"), "George W Bush");
        assert_eq!(ids.root("George H. W. Bush"), "George H W Bush");
        assert_eq!(ids.root("George Bush"), "George Bush");
        assert_eq!(
            ids.ambiguous["George Bush"],
            ["George H W Bush", "George W Bush"]
        );
        assert_eq!(ids.root("Lanny Breuer"), "Lanny A. Breuer");
        assert_eq!(ids.root("Eric Holder"), "Eric H. Holder Jr.");
        assert_eq!(ids.root("Holder"), "Eric H. Holder Jr.");
    }

    #[test]
    fn a_lone_given_name_links_to_no_one() {
        let weight = |n: &str| usize::from(n.contains(' ')) * 500 + 1;
        let ids = links(
            Kind::Person,
            &[
                "Loretta E. Lynch",
                "Loretta",
                "Lamont Pugh",
                "Lamont",
                "Ignacia S. Moreno",
                "Ignacia",
                "Zhao Houlin",
                "Zhao",
                "Park Geun-hye",
                "Park",
            ],
            &weight,
        );
        for name in ["Loretta", "Lamont", "Ignacia"] {
            assert_eq!(ids.root(name), name);
            assert!(!ids.ambiguous.contains_key(name), "{name}");
        }
        // A surname written first still stands for the one name it opens.
        assert_eq!(ids.root("Zhao"), "Zhao Houlin");
        assert_eq!(ids.root("Park"), "Park Geun-hye");
        assert!(given_names().contains("loretta"));
        assert!(!is_surname_written_first("lee"));
    }

    #[test]
    fn the_words_of_a_name_are_the_analyzers() {
        let long = "x".repeat(70);
        for name in [
            "Eric H. Holder, Jr.",
            "Eric H. Holder Jr",
            "Jr.",
            "Jr. Jr.",
            "Holder",
            "HOLDER III",
            "António Guterres",
            "Ignacia S. Moreno",
            "O'Brien",
            "Mary-Kate Smith-Jones",
            "Park Geun-hye",
            "Smith 2nd",
            "",
            "--",
            &format!("{long} Smith"),
            &format!("Smith {long}"),
            &format!("Smith {long} Jr."),
        ] {
            assert_eq!(name_words(name), schema::name_tokens(name), "{name}");
        }
    }

    #[test]
    fn a_short_name_goes_to_the_candidate_named_far_more_often() {
        let weight = |n: &str| match n {
            "Eric H. Holder Jr." => 600,
            "Tim Johnson" => 30,
            "Barbara Johnson" => 20,
            _ => 1,
        };
        let ids = links(
            Kind::Person,
            &[
                "Eric H. Holder Jr.",
                "Holder Ben",
                "Holder",
                "Tim Johnson",
                "Barbara Johnson",
                "Johnson",
            ],
            &weight,
        );
        assert_eq!(ids.root("Holder"), "Eric H. Holder Jr.");
        assert_eq!(ids.root("Johnson"), "Johnson");
    }

    #[test]
    fn an_organization_written_several_ways_is_one() {
        let weight = |n: &str| usize::from(n == "Justice Department") * 10 + 1;
        let ids = links(
            Kind::Org,
            &[
                "Department of Justice",
                "Justice Department",
                "U.S. Department of Justice",
                "Department of Labor",
            ],
            &weight,
        );
        assert_eq!(ids.root("Department of Justice"), "Justice Department");
        assert_eq!(ids.root("U.S. Department of Justice"), "Justice Department");
        assert_eq!(ids.root("Department of Labor"), "Department of Labor");
        let ids = links(
            Kind::Org,
            &[
                "FBI",
                "Federal Bureau of Investigation",
                "FBI Safe Streets Task Force",
                "FBI Washington Field Office",
            ],
            &|_| 1,
        );
        assert_eq!(ids.root("FBI"), "Federal Bureau of Investigation");
    }

    #[test]
    fn an_organization_goes_to_a_fuller_name_only_when_that_is_written_as_often() {
        let names = [
            "Federal Aviation Administration",
            "United States Department of Transportation Federal Aviation Administration",
            "Finance Committee",
            "Senate Finance Committee",
            "Senate Finance Committee Chairman",
            "House Finance Committee",
        ];
        let weight = |n: &str| match n {
            "Federal Aviation Administration" => 200,
            "United States Department of Transportation Federal Aviation Administration" => 20,
            "Finance Committee" => 90,
            "Senate Finance Committee" => 350,
            "Senate Finance Committee Chairman" => 3,
            "House Finance Committee" => 100,
            _ => 1,
        };
        let ids = links(Kind::Org, &names, &weight);
        // A fusion written in a tenth of the releases does not swallow the agency.
        assert_eq!(
            ids.root("Federal Aviation Administration"),
            "Federal Aviation Administration"
        );
        // The committee named three times as often as the other one is the one meant; a rare
        // longer form is not a candidate at all.
        assert_eq!(ids.root("Finance Committee"), "Senate Finance Committee");
        assert_eq!(
            ids.root("Senate Finance Committee"),
            "Senate Finance Committee"
        );
        let even = |n: &str| {
            if n == "House Finance Committee" {
                300
            } else {
                weight(n)
            }
        };
        let ids = links(Kind::Org, &names, &even);
        assert_eq!(ids.root("Finance Committee"), "Finance Committee");
        assert_eq!(
            ids.ambiguous["Finance Committee"],
            ["House Finance Committee", "Senate Finance Committee"]
        );
    }

    #[test]
    fn names_the_same_with_their_acronyms_written_out_are_one() {
        let names = [
            "Internal Revenue Service",
            "IRS",
            "IRS-Criminal Investigation",
            "Internal Revenue Service-Criminal Investigation",
            "IRS Criminal Division",
            "FBI-Criminal Investigation",
        ];
        let weight = |n: &str| match n {
            "Internal Revenue Service" => 1800,
            "IRS-Criminal Investigation" => 800,
            "Internal Revenue Service-Criminal Investigation" => 350,
            _ => 10,
        };
        let ids = links(Kind::Org, &names, &weight);
        assert_eq!(ids.root("IRS"), "Internal Revenue Service");
        assert_eq!(
            ids.root("Internal Revenue Service-Criminal Investigation"),
            "IRS-Criminal Investigation"
        );
        // Another unit of the same agency, and the same unit of another agency, stay apart.
        assert_eq!(ids.root("IRS Criminal Division"), "IRS Criminal Division");
        assert_eq!(
            ids.root("FBI-Criminal Investigation"),
            "FBI-Criminal Investigation"
        );
    }

    #[test]
    fn an_acronym_goes_to_the_name_releases_wrote_it_for() {
        let names = [
            "FEMA",
            "Federal Emergency Management Agency",
            "VA",
            "Department of Veterans Affairs",
            "GAO",
            "Government Accountability Office",
            "General Accounting Office",
        ];
        let mut written = Written::new();
        written.insert(
            "FEMA".into(),
            vec![("Federal Emergency Management Agency".into(), 5)],
        );
        // Two releases say it, three times as many as any other name: linked.
        written.insert(
            "VA".into(),
            vec![
                ("Department of Veterans Affairs".into(), 6),
                ("Veterans Administration".into(), 2),
            ],
        );
        // Releases disagree: not linked (nor by initials: two organizations spell it).
        written.insert(
            "GAO".into(),
            vec![
                ("Government Accountability Office".into(), 4),
                ("General Accounting Office".into(), 3),
            ],
        );
        let ids = links_with(Kind::Org, &names, &|_| 1, &written);
        assert_eq!(ids.root("FEMA"), "Federal Emergency Management Agency");
        assert_eq!(ids.root("VA"), "Department of Veterans Affairs");
        assert_eq!(ids.root("GAO"), "GAO");
        // One release is not enough.
        written.insert(
            "FEMA".into(),
            vec![("Federal Emergency Management Agency".into(), 1)],
        );
        let ids = links_with(Kind::Org, &names[2..], &|_| 1, &written);
        assert_eq!(ids.root("FEMA"), "FEMA");
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
            &|_| 1,
        );
        assert_eq!(ids.root("ITU"), "International Telecommunication Union");
        assert_eq!(ids.root("WHO"), "WHO");
        assert_eq!(ids.ambiguous["WHO"].len(), 2);
    }

    #[test]
    fn a_unit_written_by_its_initials_after_the_parent_is_one() {
        let names = [
            "Internal Revenue Service",
            "IRS",
            "IRS-Criminal Investigation",
            "IRS-CI",
            "IRS-CD",
        ];
        let weight = |n: &str| match n {
            "Internal Revenue Service" => 1800,
            "IRS-Criminal Investigation" => 800,
            "IRS-CI" => 120,
            _ => 10,
        };
        let ids = links(Kind::Org, &names, &weight);
        assert_eq!(ids.root("IRS-CI"), "IRS-Criminal Investigation");
        // Initials of no unit the corpus writes: apart.
        assert_eq!(ids.root("IRS-CD"), "IRS-CD");
    }

    #[test]
    fn a_name_many_bodies_are_written_under_names_a_kind_of_body() {
        let names = [
            "U.S. District Court",
            "U.S. District Court for the District of Columbia",
            "U.S. District Court for the Eastern District of Michigan",
            "U.S. District Court for the Southern District of Florida",
            "U.S. District Court for the District of Maryland",
            "U.S. District Courts",
            "Criminal Division",
            "Justice Department Criminal Division",
            "DOJ Criminal Division",
            "IRS Criminal Division",
            "FBI Criminal Division",
            "U.S. Army",
            "U.S. Army Corps of Engineers",
            "U.S. Army Criminal Investigation Command",
            "U.S. Army Medical Command",
            "U.S. Army Reserve Command",
        ];
        let weight = |n: &str| match n {
            "U.S. District Court" => 900,
            "Criminal Division" => 3000,
            "U.S. Army" => 180,
            n if n.starts_with("U.S. District Court for") => 250,
            n if n.starts_with("U.S. Army ") => 100,
            _ => 20,
        };
        let ids = links(Kind::Org, &names, &weight);
        assert!(ids.generic.contains("U.S. District Court"));
        assert!(
            ids.generic.contains("U.S. District Courts"),
            "the plural too"
        );
        // Written far more often alone than under fuller names: one body.
        assert!(!ids.generic.contains("Criminal Division"));
        // Its units are parts of it, not bodies of its kind.
        assert!(!ids.generic.contains("U.S. Army"));
        assert!(ids.generic.len() == 2, "{:?}", ids.generic);
    }

    #[test]
    fn a_name_stands_for_no_unit_of_its_own() {
        let names = [
            "Health and Human Services",
            "Department of Health and Human Services",
            "Department of Health and Human Services Office of Inspector General",
            "Office of Inspector General",
            "HHS",
            "HHS-OIG",
        ];
        let weight = |n: &str| match n {
            "Department of Health and Human Services Office of Inspector General" => 600,
            "Department of Health and Human Services" => 270,
            "HHS-OIG" => 400,
            _ => 100,
        };
        let ids = links(Kind::Org, &names, &weight);
        assert_eq!(
            ids.root("Health and Human Services"),
            "Department of Health and Human Services"
        );
        // The acronym is what spells it, not the names that hold it.
        assert_eq!(ids.root("HHS"), "Department of Health and Human Services");
    }

    #[test]
    fn a_unit_under_its_parents_acronym_is_the_unit() {
        let names = [
            "Homeland Security Investigations",
            "ICE Homeland Security Investigations",
            "ICE",
            "House Judiciary Committee",
            "Judiciary Committee",
            "Senate Judiciary Committee",
            "House",
        ];
        let weight = |n: &str| match n {
            "Homeland Security Investigations" => 420,
            "ICE Homeland Security Investigations" => 78,
            "Senate Judiciary Committee" => 650,
            "Judiciary Committee" => 300,
            _ => 50,
        };
        let ids = links(Kind::Org, &names, &weight);
        assert_eq!(
            ids.root("ICE Homeland Security Investigations"),
            "Homeland Security Investigations"
        );
        // "House" is no acronym, and the short committee name is the Senate's.
        assert_eq!(
            ids.root("House Judiciary Committee"),
            "House Judiciary Committee"
        );
    }
}
