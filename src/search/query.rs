//! Prefix (`xum*`) and fuzzy (`Guterres~1`) terms, which tantivy's query parser would silently
//! run as the plain word "xum" or as a one-word phrase, and suggestions when nothing matched.
//!
//! [`split`] takes such terms out of the query text before the parser sees it; [`Special::query`]
//! turns each into a real prefix or fuzzy query over the title, the body and the names; and
//! [`expand`] lists the index words it matched, so the output can say what was done
//! ("xum* → xume") and highlight the matches. `parse` hands the rest to tantivy's parser and
//! turns its syntax errors into messages that point at the character.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::query::{
    BooleanQuery, FuzzyTermQuery, Occur, Query, QueryParser, QueryParserError, RegexQuery,
};
use tantivy::schema::Field;
use tantivy::{Index, Searcher, Term};

use crate::error::{Error, Result};
use crate::schema::{self, Fields};

/// How a special term matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum Mode {
    /// Every word starting with the term.
    Prefix,
    /// Every word within `distance` edits (insert, delete, substitute, swap).
    Fuzzy {
        /// Edits allowed, 0 to 2.
        distance: u8,
    },
}

/// A prefix or fuzzy term taken out of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Special {
    /// The term as typed (`xum*`, `-Guterres~2`, `title:smart*`).
    pub text: String,
    /// The field it is limited to, if any.
    pub field: Option<String>,
    /// The word without its marks.
    pub word: String,
    /// Prefix or fuzzy.
    pub mode: Mode,
    /// Written with a leading `-`: releases matching it are excluded.
    pub negated: bool,
}

/// What a prefix or fuzzy term matched, for the output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rewrite {
    /// The term as typed.
    pub term: String,
    /// Prefix or fuzzy (with its distance).
    #[serde(flatten)]
    pub mode: Mode,
    /// The index words it matched (title and body words are stemmed), most frequent first,
    /// at most [`MAX_SHOWN`].
    pub matched: Vec<String>,
    /// How many index words it matched in all.
    pub matched_total: usize,
}

/// Index words listed per rewrite.
pub const MAX_SHOWN: usize = 10;

/// Longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Most words in a query (operators and the words of phrases included).
pub const MAX_WORDS: usize = 100;
/// Deepest nesting of parentheses.
pub const MAX_DEPTH: usize = 10;
/// Most prefix and fuzzy terms in a query.
pub const MAX_SPECIALS: usize = 10;
/// Most index words one prefix or fuzzy term may match.
pub const MAX_EXPANSIONS: usize = 1_000;

/// Refuses a query that is over one of the bounds that keep every search cheap (its length,
/// its number of words, how deep its parentheses nest), before anything parses it: the
/// parser recurses once per level, and its work grows with the words.
pub fn check_bounds(q: &str) -> Result<()> {
    let too = |what: String, max: usize| {
        Err(Error::QueryTooLarge(format!(
            "{what}, more than the {max} allowed"
        )))
    };
    let chars = q.chars().count();
    if chars > MAX_QUERY_CHARS {
        return too(format!("it has {chars} characters"), MAX_QUERY_CHARS);
    }
    let words = q.split_whitespace().count();
    if words > MAX_WORDS {
        return too(format!("it has {words} words"), MAX_WORDS);
    }
    let (mut depth, mut deepest, mut quoted, mut escaped) = (0usize, 0usize, false, false);
    for c in q.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_DEPTH {
        return too(format!("its parentheses nest {deepest} deep"), MAX_DEPTH);
    }
    Ok(())
}

/// Splits a query into the text for tantivy's parser and the prefix/fuzzy terms.
///
/// Quoted phrases are left alone (`"smart cit"*` and `"smart city"~2` are tantivy's own phrase
/// prefix and slop). Special terms combine with the rest by AND, so a query that mixes them
/// with `OR` or parentheses is refused with an explanation rather than run differently.
pub fn split(q: &str) -> Result<(String, Vec<Special>)> {
    check_bounds(q)?;
    let mut rest = String::with_capacity(q.len());
    let mut specials = Vec::new();
    for (token, quoted) in tokens(q) {
        match (!quoted).then(|| special(token)).flatten() {
            Some(s) => specials.push(s),
            None => {
                if !rest.is_empty() {
                    rest.push(' ');
                }
                rest.push_str(token);
            }
        }
    }
    if specials.len() > MAX_SPECIALS {
        return Err(Error::QueryTooLarge(format!(
            "it has {} prefix and fuzzy terms, more than the {MAX_SPECIALS} allowed",
            specials.len()
        )));
    }
    if !specials.is_empty() {
        let has_or = tokens(&rest).any(|(t, quoted)| !quoted && t == "OR");
        if has_or || rest.contains(['(', ')']) {
            return Err(Error::UnsupportedQuery(format!(
                "'{}' is a {} term, which combines with the other words by AND only: \
                 remove OR and parentheses, or search for it alone",
                specials[0].text,
                match specials[0].mode {
                    Mode::Prefix => "prefix",
                    Mode::Fuzzy { .. } => "fuzzy",
                }
            )));
        }
    }
    Ok((rest, specials))
}

/// Whitespace-separated tokens, with whether each is (or starts) a quoted phrase. A quoted
/// phrase is one token even with spaces inside.
fn tokens(q: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut i = 0;
    let bytes = q.as_bytes();
    std::iter::from_fn(move || {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        let mut quoted = false;
        let mut in_quotes = false;
        while i < bytes.len() && (in_quotes || !bytes[i].is_ascii_whitespace()) {
            if bytes[i] == b'"' {
                in_quotes = !in_quotes;
                quoted = true;
            }
            i += 1;
        }
        Some((&q[start..i], quoted))
    })
}

fn special(token: &str) -> Option<Special> {
    let (negated, body) = match token.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, token.strip_prefix('+').unwrap_or(token)),
    };
    let (field, term) = match body.split_once(':') {
        Some((f, t))
            if !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
        {
            (Some(f.to_string()), t)
        }
        _ => (None, body),
    };
    let is_word = |w: &str| {
        w.chars().next().is_some_and(char::is_alphanumeric)
            && w.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.'))
    };
    let (word, mode) = if let Some(w) = term.strip_suffix('*') {
        (w, Mode::Prefix)
    } else if let Some((w, d)) = term.rsplit_once('~') {
        let distance = match d {
            "" => 1,
            _ => d.parse::<u8>().ok()?.min(2),
        };
        (w, Mode::Fuzzy { distance })
    } else {
        return None;
    };
    is_word(word).then(|| Special {
        text: token.to_string(),
        field,
        word: word.to_string(),
        mode,
        negated,
    })
}

impl Special {
    /// The fields the term searches, with whether each one is stemmed.
    fn fields(&self, f: &Fields) -> Result<Vec<(Field, bool)>> {
        let all = [
            (schema::field::TITLE, f.title, true),
            (schema::field::BODY, f.body, true),
            (schema::field::PERSON_TEXT, f.person_text, false),
            (schema::field::ORG_TEXT, f.org_text, false),
        ];
        match &self.field {
            None => Ok(all.iter().map(|&(_, field, stem)| (field, stem)).collect()),
            Some(name) => all
                .iter()
                .find(|(n, _, _)| n == name)
                .map(|&(_, field, stem)| vec![(field, stem)])
                .ok_or_else(|| {
                    Error::UnsupportedQuery(format!(
                        "'{}': prefix and fuzzy terms work on title, body, person_text and \
                         org_text, not on '{name}'",
                        self.text
                    ))
                }),
        }
    }

    /// The index form of the word in a field: folded, and stemmed where the field is.
    fn index_word(&self, stemmed: bool) -> Result<String> {
        let words = if stemmed && matches!(self.mode, Mode::Fuzzy { .. }) {
            schema::text_tokens(&self.word)
        } else {
            schema::name_tokens(&self.word)
        };
        match words.as_slice() {
            [one] => Ok(one.clone()),
            _ => Err(Error::UnsupportedQuery(format!(
                "'{}': a prefix or fuzzy term must be a single word",
                self.text
            ))),
        }
    }

    /// The query for this term: any of its fields matches.
    pub fn query(&self, f: &Fields) -> Result<Box<dyn Query>> {
        if self.mode == Mode::Prefix && self.word.chars().count() < 2 {
            return Err(Error::UnsupportedQuery(format!(
                "'{}': a prefix needs at least two letters",
                self.text
            )));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, stemmed) in self.fields(f)? {
            let word = self.index_word(stemmed)?;
            let q: Box<dyn Query> = match self.mode {
                Mode::Prefix => Box::new(
                    RegexQuery::from_pattern(&format!("{}.*", regex::escape(&word)), field)
                        .map_err(|e| Error::UnsupportedQuery(format!("'{}': {e}", self.text)))?,
                ),
                Mode::Fuzzy { distance } => Box::new(FuzzyTermQuery::new(
                    Term::from_field_text(field, &word),
                    distance,
                    true,
                )),
            };
            clauses.push((Occur::Should, q));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// The index words this term matches (title and body words stemmed, names folded), with
    /// their document counts; an error when there are more than [`MAX_EXPANSIONS`], found
    /// without reading further.
    fn matches(&self, searcher: &Searcher, f: &Fields) -> Result<HashMap<String, u64>> {
        let mut found: HashMap<String, u64> = HashMap::new();
        let too_many = || {
            let advice = match self.mode {
                Mode::Prefix => "give more letters",
                Mode::Fuzzy { .. } => "give a longer word or fewer edits",
            };
            Error::QueryTooLarge(format!(
                "'{}' matches more than the {MAX_EXPANSIONS} index words allowed for a \
                 prefix or fuzzy term: {advice}",
                self.text
            ))
        };
        for (field, stemmed) in self.fields(f)? {
            let word = self.index_word(stemmed)?;
            for reader in searcher.segment_readers() {
                let inverted = reader.inverted_index(field)?;
                let dict = inverted.terms();
                let cannot = |e| Error::io("cannot read the index's words", e);
                let mut add = |key: &[u8], doc_freq: u32| {
                    if let Ok(key) = std::str::from_utf8(key) {
                        *found.entry(key.to_string()).or_default() += u64::from(doc_freq);
                    }
                    found.len() <= MAX_EXPANSIONS
                };
                match self.mode {
                    Mode::Prefix => {
                        let mut builder = dict.range().ge(word.as_bytes());
                        if let Some(end) = prefix_end(word.as_bytes()) {
                            builder = builder.lt(end);
                        }
                        let mut stream = builder.into_stream().map_err(cannot)?;
                        while stream.advance() {
                            if !add(stream.key(), stream.value().doc_freq) {
                                return Err(too_many());
                            }
                        }
                    }
                    Mode::Fuzzy { distance } => {
                        let automaton = FuzzyTermQuery::new(
                            Term::from_field_text(field, &word),
                            distance,
                            true,
                        )
                        .automaton()?;
                        let mut stream = dict.search(automaton).into_stream().map_err(cannot)?;
                        while stream.advance() {
                            if !add(stream.key(), stream.value().doc_freq) {
                                return Err(too_many());
                            }
                        }
                    }
                }
            }
        }
        Ok(found)
    }

    /// Refuses the term if it matches more than [`MAX_EXPANSIONS`] index words.
    pub(crate) fn check_expansions(&self, searcher: &Searcher, f: &Fields) -> Result<()> {
        self.matches(searcher, f).map(drop)
    }
}

/// The smallest byte string greater than every string starting with `prefix`.
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// What each special term matched: the report for the output, and the words to highlight
/// (stemmed title and body words; prefixes are highlighted as prefixes anyway).
pub fn expand(
    searcher: &Searcher,
    f: &Fields,
    specials: &[Special],
) -> Result<(Vec<Rewrite>, Vec<String>)> {
    let mut rewrites = Vec::new();
    let mut highlight = Vec::new();
    for s in specials {
        let found = s.matches(searcher, f)?;
        let mut words: Vec<(String, u64)> = found.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        if !s.negated {
            highlight.extend(words.iter().take(500).map(|(w, _)| w.clone()));
        }
        rewrites.push(Rewrite {
            term: s.text.clone(),
            mode: s.mode,
            matched_total: words.len(),
            matched: words.into_iter().take(MAX_SHOWN).map(|(w, _)| w).collect(),
        });
    }
    Ok((rewrites, highlight))
}

/// Words of the query that no release contains, each with the closest name word the index
/// knows (people and organizations, within two edits, written in the case of the query
/// word), for "did you mean" when a search finds nothing. Only the first [`MAX_SPECIALS`]
/// unknown words are looked up (each costs a pass over the names the index knows).
pub fn unknown_words(
    searcher: &Searcher,
    f: &Fields,
    q: &str,
) -> Result<Vec<(String, Option<String>)>> {
    let mut out = Vec::new();
    for (token, quoted) in tokens(q) {
        if quoted || token == "OR" || token == "AND" || token.starts_with('-') {
            continue;
        }
        let word = token.trim_start_matches('+');
        if word.contains([':', '*', '~', '(', ')', '^']) {
            continue;
        }
        let stems = schema::text_tokens(word);
        let [stem] = stems.as_slice() else { continue };
        let mut known = searcher.doc_freq(&Term::from_field_text(f.body, stem))?
            + searcher.doc_freq(&Term::from_field_text(f.title, stem))?;
        // A word of another language is known when that language's fields have its stem
        // ("Ermittlungen" is not an English stem of "Ermittlung", but a German one).
        for lang in &f.langs {
            if known > 0 {
                break;
            }
            let mut analyzer = lang.analysis.analyzer();
            if let [stem] = crate::lang::tokens(&mut analyzer, word).as_slice() {
                known += searcher.doc_freq(&Term::from_field_text(lang.body, stem))?
                    + searcher.doc_freq(&Term::from_field_text(lang.title, stem))?;
            }
        }
        if known > 0 {
            continue;
        }
        if out.len() == MAX_SPECIALS {
            break;
        }
        let folded = schema::name_tokens(word).join("");
        let mut best: Option<(usize, u64, String)> = None;
        for field in [f.person_text, f.org_text] {
            for reader in searcher.segment_readers() {
                let inverted = reader.inverted_index(field)?;
                let mut stream = inverted
                    .terms()
                    .range()
                    .into_stream()
                    .map_err(|e| Error::io("cannot read the index's words", e))?;
                while stream.advance() {
                    let Ok(key) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if key.len().abs_diff(folded.len()) > 2 {
                        continue;
                    }
                    let d = strsim::damerau_levenshtein(key, &folded);
                    let df = u64::from(stream.value().doc_freq);
                    if d <= 2
                        && best
                            .as_ref()
                            .is_none_or(|b| (d, u64::MAX - df) < (b.0, u64::MAX - b.1))
                    {
                        best = Some((d, df, key.to_string()));
                    }
                }
            }
        }
        let name = best.map(|(_, _, name)| {
            if word.chars().next().is_some_and(char::is_uppercase) {
                let mut chars = name.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            } else {
                name
            }
        });
        out.push((word.to_string(), name));
    }
    Ok(out)
}

/// Parses what is left of the query text once [`split`] took the special terms out, over the
/// title (boosted twice) and the body, words ANDed; a syntax error says where it is.
///
/// The title and body of releases in Chinese are searched too, in their own fields with
/// jieba's words (see [`crate::schema`]), and so are those of the other languages with fields
/// of their own ([`crate::lang::ANALYSES`]): each word of the query matches in any of the
/// fields, each analyzing it its own way, so `物联网` finds the Chinese release, `enquetes`
/// the French one that writes "enquête", and an English query finds what it found before.
pub(crate) fn parse(index: &Index, fields: &Fields, q: &str) -> Result<Box<dyn Query>> {
    let f = fields;
    let mut default_fields = vec![f.title, f.body, f.title_zh, f.body_zh];
    for lang in &f.langs {
        default_fields.extend([lang.title, lang.body]);
    }
    let mut parser = QueryParser::new(index.schema(), default_fields, schema::query_analyzers());
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.title, 2.0);
    parser.set_field_boost(f.title_zh, 2.0);
    for lang in &f.langs {
        parser.set_field_boost(lang.title, 2.0);
    }
    match parser.parse_query(q) {
        Ok(query) => Ok(query),
        Err(QueryParserError::SyntaxError(msg)) => {
            let (_, errors) = tantivy::query_grammar::parse_query_lenient(q);
            Err(match errors.first() {
                Some(e) => {
                    let pos = q.get(..e.pos.min(q.len())).map_or(0, |p| p.chars().count());
                    Error::bad_query(q, pos, e.message.clone())
                }
                None => Error::bad_query(q, 0, msg),
            })
        }
        Err(QueryParserError::AllButQueryForbidden) => Err(Error::UnsupportedQuery(
            "it only excludes words (NOT, -): add a word to look for, as in 'bank NOT fraud'"
                .to_string(),
        )),
        Err(err) => Err(Error::UnsupportedQuery(err.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_and_fuzzy_terms_are_taken_out() {
        let (rest, s) = split("smart xum* -Guterres~2 \"big bad wo\"* title:cit*").unwrap();
        assert_eq!(rest, "smart \"big bad wo\"*");
        assert_eq!(s.len(), 3);
        assert_eq!((s[0].word.as_str(), s[0].mode), ("xum", Mode::Prefix));
        assert_eq!(s[1].mode, Mode::Fuzzy { distance: 2 });
        assert!(s[1].negated);
        assert_eq!(s[2].field.as_deref(), Some("title"));
    }

    #[test]
    fn plain_queries_pass_through() {
        let (rest, s) = split("\"smart city\"~2 AND (iot OR cities)").unwrap();
        assert_eq!(rest, "\"smart city\"~2 AND (iot OR cities)");
        assert!(s.is_empty());
    }

    #[test]
    fn or_with_a_special_term_is_refused() {
        let err = split("xum* OR guterres").unwrap_err().to_string();
        assert!(err.contains("'xum*' is a prefix term"), "{err}");
    }

    #[test]
    fn distances_are_capped() {
        let (_, s) = split("Guterres~9 Guterres~").unwrap();
        assert_eq!(s[0].mode, Mode::Fuzzy { distance: 2 });
        assert_eq!(s[1].mode, Mode::Fuzzy { distance: 1 });
    }

    #[test]
    fn bounds_are_checked_before_parsing() {
        assert!(check_bounds(&format!("{}a{}", "(".repeat(10), ")".repeat(10))).is_ok());
        let err = check_bounds(&format!("{}a", "(".repeat(11))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "query too large: its parentheses nest 11 deep, more than the 10 allowed"
        );
        // Inside a phrase, or escaped, a parenthesis nests nothing.
        assert!(check_bounds(&format!("\"{}\"", "(".repeat(30))).is_ok());
        assert!(check_bounds(&"\\(".repeat(30)).is_ok());
        assert!(check_bounds(&"é".repeat(MAX_QUERY_CHARS)).is_ok());
        assert!(check_bounds(&"é".repeat(MAX_QUERY_CHARS + 1)).is_err());
        let err = split(&["ab*"; MAX_SPECIALS + 1].join(" ")).unwrap_err();
        assert!(
            err.to_string().contains("11 prefix and fuzzy terms"),
            "{err}"
        );
    }

    #[test]
    fn prefix_end_is_the_next_string() {
        assert_eq!(prefix_end(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(prefix_end(&[0x61, 0xff]), Some(vec![0x62]));
    }
}
