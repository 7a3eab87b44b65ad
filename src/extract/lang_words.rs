//! Names in releases in other languages than English: the trained model reads English, and in
//! a German release it takes capitalized nouns after an article or a preposition for a name
//! ("Die Kameras", "Bei Verstößen"). A person whose name opens with a function word of the
//! release's language (`data/function_words.txt`: articles, prepositions, pronouns, months)
//! is none, nor an organization whose name opens with the language's honorific ("Mme
//! Fontaine"). English releases are left as the model reads them.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::model::Entity;

/// Language → the words that open no person's name in it (lower-cased).
static FUNCTION_WORDS: LazyLock<HashMap<&'static str, HashSet<&'static str>>> =
    LazyLock::new(|| {
        let mut out: HashMap<&str, HashSet<&str>> = HashMap::new();
        for line in include_str!("data/function_words.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((lang, words)) = line.split_once(':') {
                out.entry(lang.trim())
                    .or_default()
                    .extend(words.split_whitespace());
            }
        }
        out
    });

/// Honorifics that open a person's name, never an organization's, per language.
const HONORIFICS: &[(&str, &[&str])] = &[
    ("de", &["herr", "frau", "dr.", "prof."]),
    ("fr", &["m.", "mme", "mme.", "mlle", "me", "dr", "pr"]),
    (
        "es",
        &["sr.", "sra.", "srta.", "don", "doña", "dr.", "dra."],
    ),
    ("it", &["sig.", "sig.ra", "dott.", "dott.ssa"]),
    ("pt", &["sr.", "sra.", "dr.", "dra."]),
    ("nl", &["dhr.", "mevr.", "mw."]),
];

fn first_word(name: &str) -> String {
    name.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase()
}

/// Drops, in a release in `lang` (not English), the people whose name opens with a function
/// word of the language and the organizations whose name opens with an honorific of it.
pub(crate) fn drop_function_word_names(
    lang: &str,
    people: &mut Vec<Entity>,
    orgs: &mut Vec<Entity>,
) {
    if lang == "en" {
        return;
    }
    if let Some(words) = FUNCTION_WORDS.get(lang) {
        people.retain(|p| !words.contains(first_word(&p.name).as_str()));
    }
    if let Some((_, honorifics)) = HONORIFICS.iter().find(|(l, _)| *l == lang) {
        orgs.retain(|o| !honorifics.contains(&first_word(&o.name).as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(names: &[&str]) -> Vec<Entity> {
        names
            .iter()
            .map(|n| Entity {
                name: n.to_string(),
                mentions: Vec::new(),
                roles: Vec::new(),
            })
            .collect()
    }

    fn names(list: &[Entity]) -> Vec<&str> {
        list.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn articles_prepositions_and_months_open_no_name_in_their_language() {
        let all = [
            "Die Kameras",
            "Bei Verstößen",
            "Ende März",
            "Katharina Weißmüller",
        ];
        let mut people = named(&all);
        drop_function_word_names("de", &mut people, &mut Vec::new());
        assert_eq!(names(&people), ["Katharina Weißmüller"]);
        // English releases are the model's: nothing is dropped.
        let mut people = named(&["Die Kameras", "August Wilson"]);
        drop_function_word_names("en", &mut people, &mut Vec::new());
        assert_eq!(people.len(), 2);
        // A language without a list keeps everything.
        let mut people = named(&["Die Kameras"]);
        drop_function_word_names("sv", &mut people, &mut Vec::new());
        assert_eq!(people.len(), 1);
    }

    #[test]
    fn an_honorific_opens_no_organization() {
        let mut orgs = named(&["Mme Fontaine", "Agence lyonnaise du numérique"]);
        drop_function_word_names("fr", &mut Vec::new(), &mut orgs);
        assert_eq!(names(&orgs), ["Agence lyonnaise du numérique"]);
    }
}
