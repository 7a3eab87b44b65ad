//! When one name can stand for another: a person's shorter name fitting a fuller one (the
//! surname, the given names in order, middle words lined up), an organization's words inside
//! another's, and the folded words names are compared by.

use super::Kind;
use crate::schema;

/// Words left out of an organization's initials ("Bank *of* England" → BE).
const MINOR_WORDS: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "de", "des", "du", "la", "&",
];

pub(in crate::identities) fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !MINOR_WORDS.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

pub(crate) use crate::schema::is_acronym;

/// Whether `needle` occurs in `haystack` as consecutive tokens.
pub(in crate::identities) fn contains_seq(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty()
        && needle.len() <= haystack.len()
        && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Generational suffixes, which a shorter form of a person's name leaves out.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv", "v"];

/// A person's name tokens without a generational suffix at the end.
pub(in crate::identities) fn person_core(tokens: &[String]) -> &[String] {
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
pub(in crate::identities) fn name_words(name: &str) -> Vec<String> {
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
            include_str!("../data/nicknames.txt")
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
pub(super) fn is_surname_written_first(word: &str) -> bool {
    static FIRST: std::sync::LazyLock<std::collections::HashSet<String>> =
        std::sync::LazyLock::new(|| {
            let given = given_names();
            folded_list(include_str!("../../extract/data/cjk_surnames.txt"))
                .into_iter()
                .filter(|w| !given.contains(w))
                .collect()
        });
    FIRST.contains(word)
}

/// The entity finder's given names, folded.
pub(super) fn given_names() -> &'static std::collections::HashSet<String> {
    static GIVEN: std::sync::LazyLock<std::collections::HashSet<String>> =
        std::sync::LazyLock::new(|| {
            folded_list(include_str!("../../extract/data/first_names.txt"))
        });
    &GIVEN
}

/// Whether `long` is a fuller name than `short` for the same entity: for people, a name that
/// `short` fits ([`person_fits`]); for organizations, one holding its words in a row.
pub(super) fn fuller(kind: Kind, short: &[String], long: &[String]) -> bool {
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

/// Whether the name `long` stands for everything `short` does (or is the same name).
pub(super) fn contains(kind: Kind, long: &[String], short: &[String]) -> bool {
    long == short || fuller(kind, short, long)
}

/// A string's letters and digits, folded and lower-cased, for fuzzy comparison.
pub(in crate::identities) fn folded(name: &str) -> String {
    schema::name_tokens(name).join(" ")
}
