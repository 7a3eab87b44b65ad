//! How the corpus links short names to fuller ones: "Guterres" to "António Guterres" when it
//! is the only fuller name containing it, an acronym to the one organization it spells.

use std::collections::{BTreeSet, HashMap};

use super::Kind;
use crate::schema;

/// How the corpus links short names to fuller ones.
#[derive(Debug, Default)]
pub(super) struct Links {
    /// Short name → the one fuller name it stands for.
    pub(super) resolved: HashMap<String, String>,
    /// Short name → the fuller names it could stand for (two or more).
    pub(super) ambiguous: HashMap<String, Vec<String>>,
}

impl Links {
    pub(super) fn root<'a>(&'a self, name: &'a str) -> &'a str {
        self.resolved.get(name).map_or(name, String::as_str)
    }
}

/// Most candidates listed for an ambiguous short name.
const MAX_CANDIDATES: usize = 8;

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

pub(super) fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && !name.contains(' ') && letters.iter().all(|c| c.is_uppercase())
}

/// Whether `needle` occurs in `haystack` as consecutive tokens.
pub(super) fn contains_seq(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty()
        && needle.len() <= haystack.len()
        && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Links every name to the fuller names that contain it (as consecutive words, or as an
/// acronym of their initials for organizations): exactly one maximal candidate resolves it,
/// several leave it ambiguous.
pub(super) fn links(kind: Kind, names: &[&str]) -> Links {
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
}
