//! The word lists that drive the rule-based entity finder, loaded once from `data/*.txt`.
//!
//! Each list is one entry per line; blank lines and lines starting with `#` are ignored.

use std::collections::HashSet as StdHashSet;

/// A set with a fast hash: these lists are looked up for every token.
pub(crate) type HashSet<T> = StdHashSet<T, rustc_hash::FxBuildHasher>;
use std::sync::LazyLock;

use super::tokens::{tokenize, Tok};

/// The raw text of every list, by file name (for tests and for loading).
pub(crate) const RAW: &[(&str, &str)] = &[
    ("titles.txt", include_str!("data/titles.txt")),
    ("first_names.txt", include_str!("data/first_names.txt")),
    ("cjk_surnames.txt", include_str!("data/cjk_surnames.txt")),
    ("particles.txt", include_str!("data/particles.txt")),
    ("org_suffixes.txt", include_str!("data/org_suffixes.txt")),
    (
        "company_suffixes.txt",
        include_str!("data/company_suffixes.txt"),
    ),
    ("org_leading.txt", include_str!("data/org_leading.txt")),
    ("stopwords.txt", include_str!("data/stopwords.txt")),
    ("common_words.txt", include_str!("data/common_words.txt")),
    ("places.txt", include_str!("data/places.txt")),
    ("known_orgs.txt", include_str!("data/known_orgs.txt")),
    ("acronym_stop.txt", include_str!("data/acronym_stop.txt")),
    ("event_words.txt", include_str!("data/event_words.txt")),
    ("law_words.txt", include_str!("data/law_words.txt")),
];

/// The entries of one list.
pub(crate) fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn raw(name: &str) -> &'static str {
    RAW.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or("")
}

fn exact(name: &str) -> HashSet<&'static str> {
    entries(raw(name)).collect()
}

fn lower(name: &str) -> HashSet<String> {
    entries(raw(name)).map(|s| s.to_lowercase()).collect()
}

/// All lists, ready for lookups.
pub(crate) struct Lists {
    /// Titles, lower-cased, words joined by one space.
    pub titles: HashSet<String>,
    /// The most words in one title.
    pub title_max: usize,
    /// The first words of the titles of two words or more ("deputy" for "deputy minister"),
    /// lower-cased and joined by one space: a look-up for a longer title stops where none
    /// starts this way.
    pub title_prefixes: HashSet<String>,
    /// Given names, as written.
    pub first_names: HashSet<&'static str>,
    /// Surnames written first.
    pub cjk_surnames: HashSet<&'static str>,
    /// Lower-case name particles.
    pub particles: HashSet<&'static str>,
    /// Words that end an organization name, as written.
    pub org_suffixes: HashSet<&'static str>,
    /// Legal forms of companies, as written.
    pub company_suffixes: HashSet<&'static str>,
    /// Words that open "X of Y" organization names.
    pub org_leading: HashSet<&'static str>,
    /// Words that never belong to a name, as written.
    pub stopwords: HashSet<&'static str>,
    /// Lower-cased stopwords and common words, for case-insensitive checks.
    pub common_lower: HashSet<String>,
    /// Places, lower-cased, words joined by one space.
    pub places: HashSet<String>,
    /// Known organizations, as written, words joined by one space.
    pub known_orgs: HashSet<&'static str>,
    /// The known organizations of two tokens or more, as matched in a text: see
    /// [`Lists::known_org_spans`].
    known_names: KnownNames,
    /// All-capital words that are not organizations.
    pub acronym_stop: HashSet<&'static str>,
    /// Words that make a name an event.
    pub event_words: HashSet<&'static str>,
    /// Last words of the names of laws, documents and programs, as written.
    pub law_words: HashSet<&'static str>,
}

/// The lists, loaded on first use.
pub(crate) static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let titles = lower("titles.txt");
    let title_max = titles
        .iter()
        .map(|t| t.split(' ').count())
        .max()
        .unwrap_or(1);
    let mut title_prefixes = HashSet::default();
    for title in &titles {
        let mut end = 0;
        while let Some(space) = title[end..].find(' ') {
            end += space;
            title_prefixes.insert(title[..end].to_string());
            end += 1;
        }
    }
    let mut common_lower = lower("stopwords.txt");
    common_lower.extend(lower("common_words.txt"));
    Lists {
        titles,
        title_max,
        title_prefixes,
        first_names: exact("first_names.txt"),
        cjk_surnames: exact("cjk_surnames.txt"),
        particles: exact("particles.txt"),
        org_suffixes: exact("org_suffixes.txt"),
        company_suffixes: exact("company_suffixes.txt"),
        org_leading: exact("org_leading.txt"),
        stopwords: exact("stopwords.txt"),
        common_lower,
        places: lower("places.txt"),
        known_orgs: exact("known_orgs.txt"),
        known_names: KnownNames::new(entries(raw("known_orgs.txt"))),
        acronym_stop: exact("acronym_stop.txt"),
        event_words: exact("event_words.txt"),
        law_words: exact("law_words.txt"),
    }
});

/// Names of several tokens, matched token by token ("Bureau of Alcohol, Tobacco, Firearms and
/// Explosives" is 9 tokens, its commas among them).
#[derive(Default)]
struct KnownNames {
    /// Each name's tokens joined by one space.
    names: HashSet<String>,
    /// Every proper prefix of a name, the same way: a match stops where none goes on.
    prefixes: HashSet<String>,
}

impl KnownNames {
    fn new(list: impl Iterator<Item = &'static str>) -> KnownNames {
        let mut known = KnownNames::default();
        for name in list {
            let toks = tokenize(name);
            if toks.len() < 2 {
                continue;
            }
            let mut key = String::new();
            for (n, t) in toks.iter().enumerate() {
                if n > 0 {
                    known.prefixes.insert(key.clone());
                    key.push(' ');
                }
                key.push_str(&name[t.s..t.e]);
            }
            known.names.insert(key);
        }
        known
    }
}

impl Lists {
    /// Where the text names a known organization of two tokens or more, written as listed on
    /// one line (the longest name at each start, matches not overlapping): token ranges.
    pub(crate) fn known_org_spans(&self, body: &str, toks: &[Tok]) -> Vec<(usize, usize)> {
        let known = &self.known_names;
        let mut out = Vec::new();
        let mut key = String::new();
        let mut i = 0;
        while i < toks.len() {
            let mut found = None;
            if toks[i].cap {
                key.clear();
                for (j, tok) in toks.iter().enumerate().skip(i) {
                    if j > i {
                        if tok.brk || !known.prefixes.contains(&key) {
                            break;
                        }
                        key.push(' ');
                    }
                    key.push_str(&body[tok.s..tok.e]);
                    if j > i && known.names.contains(&key) {
                        found = Some(j + 1);
                    }
                }
            }
            match found {
                Some(b) => {
                    out.push((i, b));
                    i = b;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_clean() {
        for (name, text) in RAW {
            let mut seen = StdHashSet::new();
            for line in text.lines() {
                if line.starts_with('#') {
                    continue;
                }
                assert_eq!(line, line.trim(), "{name}: whitespace around {line:?}");
                assert!(!line.is_empty(), "{name}: blank line");
                assert!(seen.insert(line), "{name}: duplicate {line:?}");
            }
            assert!(!seen.is_empty(), "{name} is empty");
        }
        assert!(LISTS.titles.contains("executive chairman"));
        assert!(LISTS.title_prefixes.contains("executive"));
        assert!(LISTS.first_names.contains("Amara"));
    }
}
