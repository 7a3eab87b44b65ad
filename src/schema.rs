//! The index schema, in one place: field names, analyzers, and the schema version.
//!
//! Title and body use English stemming with ASCII folding, so "cities" finds "city" and
//! "Antonio" finds "António". Names are never stemmed (the English stemmer turns "Xuming" into
//! "xume"): people and organizations are stored twice, once raw (exact values as fast fields,
//! for filters and counts) and once as folded, unstemmed text that holds every surface form of
//! the entity, so "Guterres" matches "António Guterres" and "ITU" matches the union it names.
//!
//! Releases in Chinese ([`field::LANG`] `zh`) have their title and body indexed a second time,
//! in [`field::TITLE_ZH`] and [`field::BODY_ZH`], with words segmented by jieba (see
//! [`crate::lang`]). Separate fields rather than one analyzer that switches per document:
//! tantivy gives each field one analyzer, the English fields stay exactly as they were (no
//! English hit, score or highlight changes), and a query is parsed over all four fields with
//! each field's own analyzer, so it matches releases in either language without knowing which
//! language it is written in. The stored text stays in `title`/`body` only.
//!
//! The other languages go the same way (see [`crate::lang::ANALYSES`]): a release in French is
//! indexed again in `title_fr`/`body_fr` with tantivy's French stemmer and accents folded, one
//! in Japanese or Korean in `title_cjk`/`body_cjk` as character bigrams, and so on. Every
//! release stays in `title`/`body` too, so names, numbers and English words in any release are
//! found as before.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};
use tantivy::{Index, IndexSettings};

/// Written into every commit's payload. Bump it whenever the schema or the meaning of a field
/// changes: an index written with another version must be rebuilt.
pub const SCHEMA_VERSION: &str = "pressdex-schema-7";

/// Analyzer for title and body: words, lower case, ASCII folding, English stemming.
pub const TEXT_ANALYZER: &str = "pressdex_en";
/// Analyzer for names: words, lower case, ASCII folding, no stemming.
pub const NAME_ANALYZER: &str = "pressdex_name";
/// Analyzer for the title and body of releases in Chinese: jieba's words (see
/// [`crate::lang::zh_analyzer`]); queries use [`crate::lang::zh_query_analyzer`].
pub const ZH_ANALYZER: &str = "pressdex_zh";

/// Field names.
pub mod field {
    /// The release's path (unique key).
    pub const PATH: &str = "path";
    /// Headline.
    pub const TITLE: &str = "title";
    /// Main text.
    pub const BODY: &str = "body";
    /// Publication date (day precision).
    pub const DATE: &str = "date";
    /// Publication year, for calendar counts.
    pub const YEAR: &str = "year";
    /// Where the date came from.
    pub const DATE_SOURCE: &str = "date_source";
    /// `text` or `html`.
    pub const FORMAT: &str = "format";
    /// The release's language, an ISO 639-1 code (`en`, `zh`…): raw, stored, fast.
    pub const LANG: &str = "lang";
    /// The address of the release's original page, when its HTML names one (stored only).
    pub const URL: &str = "url";
    /// The headline of a release in Chinese, segmented into words (indexed only).
    pub const TITLE_ZH: &str = "title_zh";
    /// The main text of a release in Chinese, segmented into words (indexed only).
    pub const BODY_ZH: &str = "body_zh";
    /// Canonical person names, raw, multi-valued.
    pub const PERSON: &str = "person";
    /// Every surface form of every person, folded text.
    pub const PERSON_TEXT: &str = "person_text";
    /// Canonical organization names, raw, multi-valued.
    pub const ORG: &str = "org";
    /// Every surface form of every organization, folded text.
    pub const ORG_TEXT: &str = "org_text";
    /// An organization's acronym forms with its canonical name ("FEMA", [`ALIAS_SEP`](super::ALIAS_SEP),
    /// "Federal Emergency Management Agency"): raw, fast, multi-valued. How the corpus links
    /// an acronym written alone in other releases to the name it stands for.
    pub const ORG_ALIAS: &str = "org_alias";
    /// People and organizations with their mention spans, as JSON (stored only).
    pub const ENTITIES: &str = "entities";
    /// The roles the release gives people, as exact keys ([`role_key`](super::role_key) of
    /// each of a role's forms), alone and after the person's canonical name and
    /// [`ROLE_SEP`](super::ROLE_SEP): raw, multi-valued.
    pub const ROLE: &str = "role";
    /// Each person's roles as written, `name` [`ROLE_SEP`](super::ROLE_SEP) `role`: raw,
    /// multi-valued fast field, for counting roles with their dates.
    pub const PERSON_ROLE: &str = "person_role";
    /// File size in bytes, for incremental runs.
    pub const SIZE: &str = "size";
    /// File modification time (ns since the epoch), for incremental runs.
    pub const MTIME: &str = "mtime";
    /// Content hash (first 8 bytes of BLAKE3), for incremental runs.
    pub const HASH: &str = "hash";
    /// The ids of the corrections (see `crate::corrections`) that changed the release's people
    /// or organizations, multi-valued.
    pub const CORRECTIONS: &str = "corrections";
}

/// Handles to every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// See [`field::PATH`].
    pub path: Field,
    /// See [`field::TITLE`].
    pub title: Field,
    /// See [`field::BODY`].
    pub body: Field,
    /// See [`field::DATE`].
    pub date: Field,
    /// See [`field::YEAR`].
    pub year: Field,
    /// See [`field::DATE_SOURCE`].
    pub date_source: Field,
    /// See [`field::FORMAT`].
    pub format: Field,
    /// See [`field::LANG`].
    pub lang: Field,
    /// See [`field::URL`].
    pub url: Field,
    /// See [`field::TITLE_ZH`].
    pub title_zh: Field,
    /// See [`field::BODY_ZH`].
    pub body_zh: Field,
    /// See [`field::PERSON`].
    pub person: Field,
    /// See [`field::PERSON_TEXT`].
    pub person_text: Field,
    /// See [`field::ORG`].
    pub org: Field,
    /// See [`field::ORG_TEXT`].
    pub org_text: Field,
    /// See [`field::ORG_ALIAS`].
    pub org_alias: Field,
    /// See [`field::ENTITIES`].
    pub entities: Field,
    /// See [`field::ROLE`].
    pub role: Field,
    /// See [`field::PERSON_ROLE`].
    pub person_role: Field,
    /// See [`field::SIZE`].
    pub size: Field,
    /// See [`field::MTIME`].
    pub mtime: Field,
    /// See [`field::HASH`].
    pub hash: Field,
    /// See [`field::CORRECTIONS`].
    pub corrections: Field,
    /// The title and body fields of each of [`crate::lang::ANALYSES`], in its order.
    pub langs: Vec<LangFields>,
}

/// The fields of the releases in one of the languages of [`crate::lang::ANALYSES`]: their title
/// and body again (indexed only), analyzed the way that language needs.
#[derive(Debug, Clone)]
pub struct LangFields {
    /// How these fields are analyzed, and which releases they hold.
    pub analysis: &'static crate::lang::Analysis,
    /// `title_` + the analysis's suffix (`title_fr`).
    pub title: Field,
    /// `body_` + the analysis's suffix (`body_fr`).
    pub body: Field,
}

impl Fields {
    /// The fields of the releases in language `code`, if that language has fields of its own
    /// (Chinese, in [`Fields::title_zh`] and [`Fields::body_zh`], and English, in the main
    /// fields, have not).
    pub fn of_lang(&self, code: &str) -> Option<&LangFields> {
        self.langs.iter().find(|l| l.analysis.codes.contains(&code))
    }
}

/// Builds the schema pressdex writes.
pub fn build() -> Schema {
    let mut b = Schema::builder();
    let text = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    b.add_text_field(field::PATH, STRING | STORED | FAST);
    b.add_text_field(field::TITLE, text(TEXT_ANALYZER).set_stored());
    b.add_text_field(field::BODY, text(TEXT_ANALYZER).set_stored());
    b.add_date_field(
        field::DATE,
        DateOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    b.add_u64_field(
        field::YEAR,
        NumericOptions::default() | INDEXED | FAST | STORED,
    );
    b.add_text_field(field::DATE_SOURCE, STRING | STORED);
    b.add_text_field(field::FORMAT, STRING | STORED | FAST);
    b.add_text_field(field::PERSON, STRING | STORED | FAST);
    b.add_text_field(field::PERSON_TEXT, text(NAME_ANALYZER));
    b.add_text_field(field::ORG, STRING | STORED | FAST);
    b.add_text_field(field::ORG_TEXT, text(NAME_ANALYZER));
    b.add_text_field(field::ORG_ALIAS, STRING | FAST);
    b.add_text_field(field::ENTITIES, STORED);
    b.add_text_field(field::ROLE, STRING);
    b.add_text_field(field::PERSON_ROLE, FAST);
    b.add_u64_field(field::SIZE, FAST);
    b.add_i64_field(field::MTIME, FAST);
    b.add_u64_field(field::HASH, FAST);
    b.add_u64_field(field::CORRECTIONS, INDEXED);
    b.add_text_field(field::LANG, STRING | STORED | FAST);
    b.add_text_field(field::URL, STORED);
    b.add_text_field(field::TITLE_ZH, text(ZH_ANALYZER));
    b.add_text_field(field::BODY_ZH, text(ZH_ANALYZER));
    for analysis in crate::lang::ANALYSES {
        let analyzer = analysis.analyzer_name();
        b.add_text_field(&format!("title_{}", analysis.suffix), text(&analyzer));
        b.add_text_field(&format!("body_{}", analysis.suffix), text(&analyzer));
    }
    b.build()
}

impl Fields {
    /// Looks up every field in `schema`; `None` when one is missing (an incompatible index).
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let f = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            path: f(field::PATH)?,
            title: f(field::TITLE)?,
            body: f(field::BODY)?,
            date: f(field::DATE)?,
            year: f(field::YEAR)?,
            date_source: f(field::DATE_SOURCE)?,
            format: f(field::FORMAT)?,
            lang: f(field::LANG)?,
            url: f(field::URL)?,
            title_zh: f(field::TITLE_ZH)?,
            body_zh: f(field::BODY_ZH)?,
            person: f(field::PERSON)?,
            person_text: f(field::PERSON_TEXT)?,
            org: f(field::ORG)?,
            org_text: f(field::ORG_TEXT)?,
            org_alias: f(field::ORG_ALIAS)?,
            entities: f(field::ENTITIES)?,
            role: f(field::ROLE)?,
            person_role: f(field::PERSON_ROLE)?,
            size: f(field::SIZE)?,
            mtime: f(field::MTIME)?,
            hash: f(field::HASH)?,
            corrections: f(field::CORRECTIONS)?,
            langs: crate::lang::ANALYSES
                .iter()
                .map(|analysis| {
                    Some(LangFields {
                        analysis,
                        title: f(&format!("title_{}", analysis.suffix))?,
                        body: f(&format!("body_{}", analysis.suffix))?,
                    })
                })
                .collect::<Option<_>>()?,
        })
    }
}

/// Settings of a new index: the document store (title, body, entities) is compressed with zstd,
/// which keeps the index smaller than the text it holds (lz4, tantivy's default, stored bodies
/// at about 0.8 of their size; zstd at about 0.4). Each segment records its compressor, so
/// indexes written with lz4 stay readable.
pub fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(3),
        }),
        ..IndexSettings::default()
    }
}

/// The analyzer for title and body text.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer)
        .build()
}

/// tantivy's English stemmer (the same `frostem` algorithm) behind a small memo of recent words.
///
/// Stemming was about a sixth of the CPU time of indexing. Words follow Zipf's law, so most
/// tokens repeat a word stemmed moments before: a direct-mapped table of `MEMO_SLOTS` entries
/// per thread, indexed by a hash of the word, answers those with one comparison and a copy, and
/// a miss stems the word and takes the slot. The stems are exactly tantivy's, so indexes are
/// unchanged. The table lives in a thread local, not in the analyzer, because tantivy and search
/// build many short-lived analyzers.
#[derive(Clone, Default)]
pub struct CachedStemmer;

/// Slots of the per-thread stem memo (a power of two).
const MEMO_SLOTS: usize = 1 << 13;

thread_local! {
    /// (word, stem) per slot; allocated on first use.
    static STEM_MEMO: std::cell::RefCell<Vec<(String, String)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer }
    }
}

/// The tokenizer a [`CachedStemmer`] makes.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

/// The token stream of a [`CachedStemmerFilter`].
pub struct CachedStemmerStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let slot = {
            use std::hash::{BuildHasher, BuildHasherDefault};
            let h = BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(&token.text);
            (h as usize) & (MEMO_SLOTS - 1)
        };
        STEM_MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.is_empty() {
                memo.resize(MEMO_SLOTS, (String::new(), String::new()));
            }
            let (word, stem) = &mut memo[slot];
            if *word != token.text {
                let stemmed = self.stemmer.stem(&token.text);
                stem.clear();
                stem.push_str(&stemmed);
                word.clear();
                word.push_str(&token.text);
            }
            token.text.clear();
            token.text.push_str(stem);
        });
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The analyzer for names: like [`text_analyzer`] without stemming.
pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers pressdex's analyzers on an index (they are not persisted with it).
pub fn register_analyzers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(TEXT_ANALYZER, text_analyzer());
    manager.register(NAME_ANALYZER, name_analyzer());
    manager.register(ZH_ANALYZER, crate::lang::zh_analyzer());
    for analysis in crate::lang::ANALYSES {
        manager.register(&analysis.analyzer_name(), analysis.analyzer());
    }
}

/// The analyzers queries are parsed with: those of the index, except that the Chinese fields
/// take [`crate::lang::zh_query_analyzer`] (one term per word, where the index has the words
/// inside longer words too).
pub fn query_analyzers() -> tantivy::tokenizer::TokenizerManager {
    let manager = tantivy::tokenizer::TokenizerManager::default();
    manager.register(TEXT_ANALYZER, text_analyzer());
    manager.register(NAME_ANALYZER, name_analyzer());
    manager.register(ZH_ANALYZER, crate::lang::zh_query_analyzer());
    for analysis in crate::lang::ANALYSES {
        manager.register(&analysis.analyzer_name(), analysis.analyzer());
    }
    manager
}

/// The tokens the title/body analyzer makes of a text: folded, lower-cased, stemmed
/// ("Cities" → ["citi"]).
pub fn text_tokens(text: &str) -> Vec<String> {
    let mut analyzer = text_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The letters of a word that may be an acronym ("FBI", "U.N."; "HHS-OIG" is not one), as the
/// extractor reads acronyms.
pub(crate) fn acronym_letters(w: &str) -> Option<String> {
    let letters: String = w.chars().filter(|c| *c != '.').collect();
    let n = letters.chars().count();
    ((2..=8).contains(&n) && letters.chars().all(|c| c.is_uppercase())).then_some(letters)
}

/// Whether `c` is an invisible formatting character that can reorder or hide the text around
/// it: bidi marks, embeddings, overrides and isolates, zero-width characters, the byte-order
/// mark. Text from a release never carries them into a terminal line or a link.
pub fn reorders_or_hides(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Whether a name is written as an acronym: one word of two letters or more, every letter a
/// capital ("FBI", "U.S.", "HHS-OIG").
pub(crate) fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && !name.contains(' ') && letters.iter().all(|c| c.is_uppercase())
}

/// The folded, unstemmed tokens of a name: "António Guterres" → ["antonio", "guterres"].
pub fn name_tokens(name: &str) -> Vec<String> {
    thread_local! {
        // Building an analyzer allocates; search calls this for every mention of every hit.
        static ANALYZER: std::cell::RefCell<TextAnalyzer> =
            std::cell::RefCell::new(name_analyzer());
    }
    ANALYZER.with(|analyzer| {
        let mut analyzer = analyzer.borrow_mut();
        let mut stream = analyzer.token_stream(name);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    })
}

/// Separates a person's name from a role in the [`field::ROLE`] and [`field::PERSON_ROLE`]
/// values (a control character no name or role holds).
pub const ROLE_SEP: char = '\u{1f}';

/// Between an acronym and the canonical name in [`field::ORG_ALIAS`] values.
pub const ALIAS_SEP: char = '\u{1f}';

/// The form a role is matched by exactly: periods and apostrophes dropped, then the folded,
/// unstemmed words of [`name_tokens`] joined by one space, "united states" written "us".
/// "U.S. Attorney", "US attorney" and "United States Attorney" give "us attorney"; "Assistant
/// Attorney General" stays apart from "Attorney General".
pub fn role_key(role: &str) -> String {
    let cleaned: String = role
        .chars()
        .filter(|c| !matches!(c, '.' | '\'' | '’'))
        .collect();
    // "United States Attorney" is "U.S. Attorney".
    let mut words: Vec<String> = Vec::new();
    for word in name_tokens(&cleaned) {
        if word == "states" && words.last().is_some_and(|w| w == "united") {
            words.pop();
            words.push("us".into());
        } else {
            words.push(word);
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_found_again() {
        assert!(Fields::from_schema(&build()).is_some());
    }

    #[test]
    fn names_fold_but_do_not_stem() {
        assert_eq!(name_tokens("António Guterres"), ["antonio", "guterres"]);
        assert_eq!(name_tokens("He Xuming"), ["he", "xuming"]);
        assert_eq!(name_tokens("Okafor-Diallo"), ["okafor", "diallo"]);
    }

    #[test]
    fn role_keys_fold_case_dots_and_spaces_only() {
        assert_eq!(role_key("U.S. Attorney"), "us attorney");
        assert_eq!(role_key("US  attorney"), "us attorney");
        assert_eq!(role_key("United States Attorney"), "us attorney");
        assert_eq!(role_key("Secretary-General"), "secretary general");
        assert_ne!(
            role_key("Attorney General"),
            role_key("Assistant Attorney General")
        );
    }

    #[test]
    fn cached_stems_are_tantivys() {
        use tantivy::tokenizer::{Language, Stemmer};
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(60))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut cached = text_analyzer();
        let text = "Cities and cities: the city's running runners ran; generously, dying \
                    skies, São Paulo. Cities again and running again.";
        for _ in 0..2 {
            let collect = |a: &mut TextAnalyzer| {
                let mut s = a.token_stream(text);
                let mut out = Vec::new();
                while s.advance() {
                    let t = s.token();
                    out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
                }
                out
            };
            assert_eq!(collect(&mut cached), collect(&mut plain));
        }
    }

    #[test]
    fn text_is_stemmed_and_folded() {
        let mut a = text_analyzer();
        let mut s = a.token_stream("Smart Cities of São Paulo");
        let mut toks = Vec::new();
        while s.advance() {
            toks.push(s.token().text.clone());
        }
        assert_eq!(toks, ["smart", "citi", "of", "sao", "paulo"]);
    }
}
