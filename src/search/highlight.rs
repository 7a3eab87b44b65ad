//! What to mark in a hit's body: the query's words and phrases as the index matched them
//! (stemmed, at token positions) and every mention of an entity the query or a filter names.

use tantivy::query_grammar::{Occur as AstOccur, UserInputAst, UserInputLeaf};

use super::{SearchRequest, Span};
use crate::model::{Entity, Mention, Release};
use crate::schema;

/// What to highlight, worked out once per search from the query and the filters.
pub(super) struct Highlighter {
    /// Stemmed token sequences to find in the body (terms and phrases), with prefix flags.
    phrases: Vec<(Vec<String>, bool)>,
    /// Folded name token sequences from the query: a person whose name or alias contains one,
    /// or an organization with a name or alias equal to one, is highlighted.
    names: Vec<Vec<String>>,
    /// Names from `--person`/`--org`: any entity whose name or alias contains one.
    filter_names: Vec<Vec<String>>,
    /// Runs of plain query words (`He Xuming` unquoted).
    runs: Vec<Run>,
    /// Query words and phrases written in Chinese characters, spaces between characters
    /// removed: marked wherever the body has them, exactly (Chinese has no case, stems or
    /// spaces between words, and the index matched them as jieba's words of this text).
    han: Vec<String>,
    /// The query's words and phrases as written (not Chinese): for a release in a language with
    /// fields of its own ([`crate::lang::ANALYSES`]), they are analyzed as that language's
    /// fields analyzed them and marked where the body has them so analyzed, besides where its
    /// English analysis (the `title`/`body` fields every release is in) has them.
    written: Vec<String>,
}

/// Adjacent plain words of a query. When they spell the name of an entity of the release,
/// they are highlighted as that entity (and as a phrase), not word by word: `He Xuming`
/// unquoted must not mark every pronoun "he".
struct Run {
    /// The words as a phrase (stemmed tokens).
    phrase: Vec<String>,
    /// Each word that is not a function word (stemmed tokens).
    words: Vec<Vec<String>>,
    /// The words as a name (folded tokens).
    name: Vec<String>,
}

/// Function words not worth a highlight of their own inside a multi-word query.
const QUERY_STOPWORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "it", "of", "on", "or", "the",
    "to", "with",
];

/// Function words of the other languages with fields of their own (French, German, Spanish,
/// Italian, Portuguese, Dutch), not worth a highlight of their own inside a multi-word query.
const FUNCTION_WORDS: &[&str] = &[
    "a", "al", "au", "aux", "con", "d", "da", "das", "de", "del", "dem", "den", "der", "des", "di",
    "die", "do", "du", "e", "een", "el", "en", "et", "het", "im", "in", "l", "la", "le", "les",
    "lo", "los", "o", "os", "par", "para", "per", "por", "pour", "sur", "un", "una", "und", "une",
    "van", "von", "y", "zu", "zur", "zum",
];

/// Words too common to stand for an entity on their own.
const NAME_STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "of",
    "in",
    "on",
    "at",
    "to",
    "he",
    "she",
    "it",
    "we",
    "a",
    "an",
    "mr",
    "ms",
    "mrs",
    "dr",
    "said",
    "new",
    "group",
    "union",
    "world",
    "international",
    "national",
];

impl Highlighter {
    pub(super) fn new(ast: Option<&UserInputAst>, request: &SearchRequest) -> Highlighter {
        let mut h = Highlighter {
            phrases: Vec::new(),
            names: Vec::new(),
            filter_names: Vec::new(),
            runs: Vec::new(),
            han: Vec::new(),
            written: Vec::new(),
        };
        if let Some(ast) = ast {
            h.collect(ast, false);
        }
        for name in request.people.iter().chain(&request.orgs) {
            let tokens = schema::name_tokens(name);
            if !tokens.is_empty() {
                h.filter_names.push(tokens);
            }
        }
        h
    }

    /// Also marks `tokens` (stemmed; the last one a prefix when `prefix`): the words a prefix
    /// or fuzzy term of the query matched.
    pub(super) fn add_phrase(&mut self, tokens: Vec<String>, prefix: bool) {
        self.phrases.push((tokens, prefix));
    }

    fn collect(&mut self, ast: &UserInputAst, negated: bool) {
        match ast {
            UserInputAst::Clause(clauses) => {
                // Adjacent plain words may spell a name together ("He Xuming" unquoted).
                let mut run: Vec<String> = Vec::new();
                for (occur, sub) in clauses {
                    let neg = negated || *occur == Some(AstOccur::MustNot);
                    match (neg, plain_word(sub)) {
                        (false, Some(word)) if !word.chars().any(crate::lang::is_han) => {
                            run.push(word.to_string())
                        }
                        _ => {
                            self.flush_run(&mut run);
                            self.collect(sub, neg);
                        }
                    }
                }
                self.flush_run(&mut run);
            }
            UserInputAst::Boost(sub, _) => self.collect(sub, negated),
            UserInputAst::Leaf(leaf) if !negated => {
                if let UserInputLeaf::Literal(lit) = leaf.as_ref() {
                    let field = lit.field_name.as_deref();
                    let on_text = matches!(field, None | Some("title") | Some("body"));
                    let on_names = matches!(
                        field,
                        None | Some("body")
                            | Some("person_text")
                            | Some("org_text")
                            | Some("person")
                            | Some("org")
                    );
                    if on_text && lit.phrase.chars().any(crate::lang::is_han) {
                        self.han.push(han_needle(&lit.phrase));
                    } else if on_text {
                        self.written.push(lit.phrase.clone());
                        let tokens = text_tokens(&lit.phrase);
                        if !tokens.is_empty() {
                            self.phrases.push((tokens, lit.prefix));
                        }
                    }
                    if on_names {
                        let tokens = schema::name_tokens(&lit.phrase);
                        if is_name_like(&tokens) {
                            self.names.push(tokens);
                        }
                    }
                }
            }
            UserInputAst::Leaf(_) => {}
        }
    }

    /// A run of plain words: highlight each, and the run as a name when it is one.
    fn flush_run(&mut self, run: &mut Vec<String>) {
        if run.is_empty() {
            return;
        }
        let joined = run.join(" ");
        // Inside a query of several words, function words ("de", "la", "und") are not marked
        // on their own, as in English.
        self.written.extend(
            run.iter()
                .filter(|w| run.len() == 1 || !FUNCTION_WORDS.contains(&w.to_lowercase().as_str()))
                .cloned(),
        );
        if run.len() == 1 {
            let tokens = text_tokens(&joined);
            if !tokens.is_empty() {
                self.phrases.push((tokens, false));
            }
        } else {
            let words = run
                .iter()
                .filter(|w| !QUERY_STOPWORDS.contains(&w.to_lowercase().as_str()))
                .map(|w| text_tokens(w))
                .filter(|t| !t.is_empty())
                .collect();
            self.runs.push(Run {
                phrase: text_tokens(&joined),
                words,
                name: schema::name_tokens(&joined),
            });
        }
        for word in run.iter() {
            let tokens = schema::name_tokens(word);
            if is_name_like(&tokens) {
                self.names.push(tokens);
            }
        }
        run.clear();
    }

    /// Highlight ranges in `body`, merged and sorted.
    pub(super) fn spans(&self, release: &Release) -> Vec<Span> {
        let body = release.body.as_str();
        let foreign = crate::lang::Analysis::of(&release.lang).is_some();
        let mut spans = Vec::new();
        // Entities named by the query or a filter: every mention, aliases included.
        let mut covered_names = Vec::new();
        let mut named_runs = vec![false; self.runs.len()];
        let people = release.people.iter().map(|e| (e, true));
        let orgs = release.orgs.iter().map(|e| (e, false));
        for (entity, is_person) in people.chain(orgs) {
            let forms = entity_forms(entity, body);
            let names_it = |n: &Vec<String>| {
                forms.iter().any(|f| {
                    if is_person {
                        contains_seq(f, n)
                    } else {
                        f == n
                    }
                })
            };
            let mut by_query = self.names.iter().any(names_it);
            for (i, run) in self.runs.iter().enumerate() {
                if names_it(&run.name) {
                    named_runs[i] = true;
                    by_query = true;
                }
            }
            let by_filter = self
                .filter_names
                .iter()
                .any(|n| forms.iter().any(|f| contains_seq(f, n)));
            if by_query || by_filter {
                spans.extend(entity.mentions.iter().map(|m| Span {
                    start: m.start,
                    end: m.end,
                }));
                covered_names.extend(entity.mentions.iter().copied());
            }
        }
        if !self.phrases.is_empty() || !self.runs.is_empty() {
            let needles: Vec<&str> = self
                .runs
                .iter()
                .flat_map(|r| r.phrase.iter().chain(r.words.iter().flatten()))
                .chain(self.phrases.iter().flat_map(|(p, _)| p.iter()))
                .map(String::as_str)
                .collect();
            let tokens = body_tokens(body, &needles);
            for (run, named) in self.runs.iter().zip(named_runs) {
                spans.extend(find_phrase(&tokens, &run.phrase, false, &covered_names));
                if !named {
                    for word in &run.words {
                        // In a release in another language, its function words are left
                        // unmarked too.
                        let function_word = matches!(word.as_slice(),
                            [w] if FUNCTION_WORDS.contains(&w.as_str()));
                        if foreign && function_word {
                            continue;
                        }
                        spans.extend(find_phrase(&tokens, word, false, &covered_names));
                    }
                }
            }
            for (phrase, prefix) in &self.phrases {
                spans.extend(find_phrase(&tokens, phrase, *prefix, &covered_names));
            }
        }
        for needle in self.han.iter().filter(|n| !n.is_empty()) {
            spans.extend(body.match_indices(needle.as_str()).map(|(at, _)| Span {
                start: at,
                end: at + needle.len(),
            }));
        }
        if let Some(analysis) = crate::lang::Analysis::of(&release.lang) {
            spans.extend(self.spans_in(analysis, body));
        }
        merge(body, spans)
    }

    /// The query's words and phrases in `body` as `analysis` analyzes both (every token of the
    /// body analyzed: releases in these languages are few).
    fn spans_in(&self, analysis: &crate::lang::Analysis, body: &str) -> Vec<Span> {
        if self.written.is_empty() {
            return Vec::new();
        }
        let mut analyzer = analysis.analyzer();
        let mut tokens = Vec::new();
        {
            let mut stream = analyzer.token_stream(body);
            while stream.advance() {
                let t = stream.token();
                tokens.push(BodyToken {
                    text: t.text.clone(),
                    from: t.offset_from,
                    to: t.offset_to,
                });
            }
        }
        let mut spans = Vec::new();
        for written in &self.written {
            let phrase = crate::lang::tokens(&mut analyzer, written);
            spans.extend(find_phrase(&tokens, &phrase, false, &[]));
        }
        spans
    }
}

/// A Chinese query word or phrase as the body writes it: the spaces a query puts between
/// words of Chinese characters removed ("物联网 安全" is written "物联网安全"), other spaces
/// (around a Latin word) kept as one.
fn han_needle(phrase: &str) -> String {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            let joins = |c: Option<char>| c.is_some_and(crate::lang::is_han);
            if !(joins(words[i - 1].chars().last()) && joins(w.chars().next())) {
                out.push(' ');
            }
        }
        out.push_str(w);
    }
    out
}

fn plain_word(ast: &UserInputAst) -> Option<&str> {
    match ast {
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(lit)
                if lit.field_name.is_none()
                    && !lit.prefix
                    && matches!(lit.delimiter, tantivy::query_grammar::Delimiter::None) =>
            {
                Some(lit.phrase.as_str())
            }
            _ => None,
        },
        _ => None,
    }
}

fn is_name_like(tokens: &[String]) -> bool {
    match tokens {
        [] => false,
        [one] => one.chars().count() >= 3 && !NAME_STOPWORDS.contains(&one.as_str()),
        _ => true,
    }
}

/// Folded token sequences of an entity's canonical name and of each alias it is written as.
fn entity_forms(entity: &Entity, body: &str) -> Vec<Vec<String>> {
    let mut forms = vec![schema::name_tokens(&entity.name)];
    for m in &entity.mentions {
        if let Some(text) = body.get(m.start..m.end) {
            let tokens = schema::name_tokens(text);
            if !forms.contains(&tokens) {
                forms.push(tokens);
            }
        }
    }
    forms
}

fn contains_seq(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

struct BodyToken {
    text: String,
    from: usize,
    to: usize,
}

/// The body's tokens as the index saw them, stemmed only where a needle could match.
///
/// Stemming every word of every hit's body was most of a search's time. The English (Porter2)
/// stemmer only rewrites the end of a word — at most the last two letters of a stem differ from
/// the word it came from ("dying" → "die", "cities" → "citi", "possibility" → "possibl") — so a
/// word can only stem to a needle when it starts with that needle minus its last two letters.
/// Other words keep an empty text, which matches nothing.
fn body_tokens(body: &str, needles: &[&str]) -> Vec<BodyToken> {
    let prefixes: Vec<&str> = needles
        .iter()
        .filter(|n| !n.is_empty())
        .map(|n| {
            let keep = n.chars().count().saturating_sub(2).max(1);
            let end = n.char_indices().nth(keep).map_or(n.len(), |(i, _)| i);
            &n[..end]
        })
        .collect();
    let mut folder = schema::name_analyzer();
    let mut stemmer = schema::text_analyzer();
    let mut stream = folder.token_stream(body);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        let text = if prefixes.iter().any(|p| t.text.starts_with(p)) {
            let mut stemmed = stemmer.token_stream(&t.text);
            if stemmed.advance() {
                stemmed.token().text.clone()
            } else {
                String::new()
            }
        } else {
            String::new()
        };
        out.push(BodyToken {
            text,
            from: t.offset_from,
            to: t.offset_to,
        });
    }
    out
}

fn text_tokens(text: &str) -> Vec<String> {
    schema::text_tokens(text)
}

/// Where the token sequence `phrase` occurs in the body, as byte ranges.
///
/// A single-word occurrence inside an already highlighted entity mention is left to the
/// mention, so "Chairman He" is one highlight.
fn find_phrase(
    tokens: &[BodyToken],
    phrase: &[String],
    prefix: bool,
    covered: &[Mention],
) -> Vec<Span> {
    let n = phrase.len();
    let mut out = Vec::new();
    if n == 0 || tokens.len() < n {
        return out;
    }
    for i in 0..=tokens.len() - n {
        let matched = (0..n).all(|k| {
            let t = &tokens[i + k].text;
            if prefix && k == n - 1 {
                t.starts_with(phrase[k].as_str())
            } else {
                *t == phrase[k]
            }
        });
        if matched {
            let span = Span {
                start: tokens[i].from,
                end: tokens[i + n - 1].to,
            };
            let inside = covered
                .iter()
                .any(|m| m.start <= span.start && span.end <= m.end);
            if !inside {
                out.push(span);
            }
        }
    }
    out
}

/// Sorts spans and joins those that overlap or are separated only by spaces, so the words of
/// "internet of things" form one highlight.
fn merge(body: &str, mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        let joins = |last: &Span| {
            s.start <= last.end
                || body
                    .get(last.end..s.start)
                    .is_some_and(|gap| gap.len() <= 2 && gap.chars().all(|c| c == ' '))
        };
        match out.last_mut() {
            Some(last) if joins(last) => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_joins_overlaps() {
        let s = |a, b| Span { start: a, end: b };
        let body = "abcd,efghi jk";
        assert_eq!(
            merge(body, vec![s(5, 9), s(0, 3), s(2, 4)]),
            vec![s(0, 4), s(5, 9)]
        );
        assert_eq!(merge(body, vec![s(5, 10), s(11, 13)]), vec![s(5, 13)]);
    }

    #[test]
    fn stems_keep_all_but_their_last_two_letters() {
        // body_tokens only stems words that start with a needle minus its last two letters;
        // check that the stemmer never changes more than that, on every word of the corpus and
        // on the stemmer's irregular cases.
        let mut text = String::from(
            "dying lying tying skies skis news idly gently ugly early only singly howe atlas \
             cosmos bias andes possibility relational organization operator valenci happily \
             hopping hoping agreed feed generously sensational cities activities readability",
        );
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(s) = std::fs::read_to_string(&path) {
                    text.push(' ');
                    text.push_str(&s);
                }
            }
        }
        let folded = schema::name_tokens(&text);
        assert!(folded.len() > 10_000, "{} words", folded.len());
        for word in folded {
            for stem in text_tokens(&word) {
                let keep = stem.chars().count().saturating_sub(2).max(1);
                let prefix: String = stem.chars().take(keep).collect();
                assert!(word.starts_with(&prefix), "{word} -> {stem}");
            }
        }
    }

    #[test]
    fn phrase_marks_only_adjacent_words() {
        let body = "He said that He Xuming spoke. Chairman He agreed.";
        let phrase = text_tokens("He Xuming");
        let needles: Vec<&str> = phrase.iter().map(String::as_str).collect();
        let tokens = body_tokens(body, &needles);
        let spans = find_phrase(&tokens, &phrase, false, &[]);
        assert_eq!(spans, vec![Span { start: 13, end: 22 }]);
    }
}
