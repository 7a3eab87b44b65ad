//! The language of a release, and the analysis of text in Chinese.
//!
//! [`of_release`] names a release's language with an ISO 639-1 code (`en`, `zh`, `fr`…): the
//! HTML `lang` attribute when the page declares one (see [`from_tag`]), otherwise the
//! detector of Quickwit, `whichlang` (16 languages, a linear model over character n-grams, a
//! few microseconds per kilobyte), run paragraph by paragraph so that a release in Chinese with
//! an English summary is still Chinese.
//!
//! Chinese is written without spaces between words: the title/body analyzer would make one
//! index term of a whole clause (`xuming在开幕致辞中表示`). Releases in Chinese are therefore
//! also indexed in two more fields (see the schema) with [`zh_analyzer`], which segments words
//! with jieba (the `tantivy-jieba` binding of `jieba-rs` and its built-in dictionary). Queries
//! search those fields beside the English ones.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy_jieba::{JiebaTokenStream, JiebaTokenizer};

/// The code of Chinese, the language with its own fields in the index.
pub const CHINESE: &str = "zh";

/// Body bytes the detector reads at most (whole paragraphs, from the start).
const SAMPLE_BYTES: usize = 1024;

/// The ISO 639-1 code of a language `whichlang` knows.
fn code(lang: whichlang::Lang) -> &'static str {
    use whichlang::Lang::*;
    match lang {
        Ara => "ar",
        Cmn => "zh",
        Deu => "de",
        Eng => "en",
        Fra => "fr",
        Hin => "hi",
        Ita => "it",
        Jpn => "ja",
        Kor => "ko",
        Nld => "nl",
        Por => "pt",
        Rus => "ru",
        Spa => "es",
        Swe => "sv",
        Tur => "tr",
        Vie => "vi",
    }
}

/// A language tag as HTML writes it (`zh-CN`, `en_US`, `FR`, `zho`) → its ISO 639-1 code
/// (`zh`, `en`, `fr`), or `None` when the tag is empty or not a language (`x-default`, `*`).
pub fn from_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let three = [
        ("zho", "zh"),
        ("chi", "zh"),
        ("cmn", "zh"),
        ("eng", "en"),
        ("fra", "fr"),
        ("fre", "fr"),
        ("deu", "de"),
        ("ger", "de"),
        ("spa", "es"),
    ];
    if let Some((_, two)) = three.iter().find(|(t, _)| *t == primary) {
        return Some((*two).to_string());
    }
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

/// Whether `c` is a CJK ideograph (Chinese characters, also used in Japanese and Korean).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}')
}

/// Whether `c` is a letter of a CJK script: a Han ideograph, kana (not the katakana middle dot,
/// which separates words) or Hangul.
pub(crate) fn is_cjk_letter(c: char) -> bool {
    is_han(c)
        || matches!(c,
            '\u{3040}'..='\u{30FA}'
            | '\u{30FC}'..='\u{30FF}'
            | '\u{31F0}'..='\u{31FF}'
            | '\u{1100}'..='\u{11FF}'
            | '\u{3130}'..='\u{318F}'
            | '\u{AC00}'..='\u{D7AF}')
}

/// How much a paragraph weighs in the vote: its letters and digits, a CJK character counting
/// as three (one carries about as much as a short word of a Latin script).
fn weight(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            _ if is_han(c) => 3,
            '\u{3040}'..='\u{30FF}' | '\u{AC00}'..='\u{D7AF}' => 3,
            _ if c.is_alphanumeric() => 1,
            _ => 0,
        })
        .sum()
}

/// The language of a text with no declared language: each paragraph (the title is one) is
/// detected on its own and votes with its weight (its letters and digits, a CJK character
/// counting three); the most weighed language wins. Only the first KiB of the body is read: the
/// detector reads about 40 MB/s, so a whole long release would cost a noticeable share of its
/// indexing. A text without letters is English (`en`).
pub fn detect(title: &str, body: &str) -> &'static str {
    let mut votes: Vec<(&'static str, usize)> = Vec::new();
    let mut left = SAMPLE_BYTES;
    let paragraphs = std::iter::once(title).chain(body.split("\n\n"));
    for (i, paragraph) in paragraphs.enumerate() {
        // The title, then the body's first bytes only, cut on a character boundary.
        let paragraph = if i == 0 {
            paragraph
        } else {
            if left == 0 {
                break;
            }
            let mut end = paragraph.len().min(left);
            while !paragraph.is_char_boundary(end) {
                end -= 1;
            }
            left = if end == 0 { 0 } else { left - end };
            &paragraph[..end]
        };
        let w = weight(paragraph);
        if w == 0 {
            continue;
        }
        let lang = code(whichlang::detect_language(paragraph));
        match votes.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, n)) => *n += w,
            None => votes.push((lang, w)),
        }
    }
    votes
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map_or("en", |(lang, _)| lang)
}

/// A release's language: the declared one (the HTML `lang` attribute, as [`from_tag`]
/// normalized it) when there is one, else [`detect`]ed from its title and body.
pub fn of_release(declared: Option<&str>, title: &str, body: &str) -> String {
    match declared {
        Some(lang) if !lang.is_empty() => lang.to_string(),
        _ => detect(title, body).to_string(),
    }
}

/// Words of Chinese text for the index: jieba's segmentation in search mode (the words of the
/// dictionary inside a longer word are terms too: "传感器" gives "传感器", "传感" and "感器"),
/// punctuation dropped, Latin words lower-cased and folded. Positions count characters, so a
/// phrase matches where its words follow each other; a word the dictionary lacks ("物联网") is
/// cut the same way in a query as in the text ("物", "联网"), and the query's phrase of those
/// pieces finds it.
pub fn zh_analyzer() -> TextAnalyzer {
    analyzer(true)
}

/// Words of a query for the Chinese fields: jieba's plain segmentation (one term per word, each
/// of which the search mode of [`zh_analyzer`] indexed too).
pub fn zh_query_analyzer() -> TextAnalyzer {
    analyzer(false)
}

fn analyzer(search_mode: bool) -> TextAnalyzer {
    // Without HMM (jieba's guess at words missing from its dictionary), a run of characters
    // is cut the same way wherever it stands: with it, "12个分论坛" became "个分" + "论坛" in
    // a release while the query "分论坛" stayed one word, and found nothing.
    let mut jieba = JiebaTokenizer::with_search_mode(search_mode);
    jieba.set_hmm(false);
    TextAnalyzer::builder(ZhTokenizer {
        jieba,
        simple: SimpleTokenizer::default(),
    })
    .filter(RemoveLongFilter::limit(60))
    .filter(LowerCaser)
    .filter(AsciiFoldingFilter)
    .build()
}

/// jieba for text with Chinese characters, tantivy's simple word splitter for text without
/// (jieba loads its dictionary on first use, which an English query must not pay).
#[derive(Clone)]
struct ZhTokenizer {
    jieba: JiebaTokenizer,
    simple: SimpleTokenizer,
}

/// The token stream of a [`ZhTokenizer`].
enum ZhTokenStream<'a> {
    /// jieba's tokens, with for each character of the text how many whitespace characters
    /// come before it.
    Jieba(JiebaTokenStream<'a>, Vec<u32>),
    Simple(<SimpleTokenizer as Tokenizer>::TokenStream<'a>),
}

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = ZhTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ZhTokenStream<'a> {
        if text.chars().any(is_han) {
            let mut spaces = 0;
            let spaces_before = text
                .chars()
                .map(|c| {
                    let before = spaces;
                    spaces += u32::from(c.is_whitespace());
                    before
                })
                .collect();
            ZhTokenStream::Jieba(self.jieba.token_stream(text), spaces_before)
        } else {
            ZhTokenStream::Simple(self.simple.token_stream(text))
        }
    }
}

impl TokenStream for ZhTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self {
            ZhTokenStream::Simple(s) => s.advance(),
            // Spaces and punctuation are tokens of their own in jieba's output. Positions
            // (jieba counts characters) leave whitespace out, so that "物联网 安全" in a query
            // is the phrase of "物联网安全" in a text.
            ZhTokenStream::Jieba(s, spaces_before) => {
                while s.advance() {
                    let token = s.token_mut();
                    if token.text.chars().any(char::is_alphanumeric) {
                        let spaces = spaces_before.get(token.position).copied().unwrap_or(0);
                        token.position -= spaces as usize;
                        return true;
                    }
                }
                false
            }
        }
    }

    fn token(&self) -> &Token {
        match self {
            ZhTokenStream::Jieba(s, _) => s.token(),
            ZhTokenStream::Simple(s) => s.token(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self {
            ZhTokenStream::Jieba(s, _) => s.token_mut(),
            ZhTokenStream::Simple(s) => s.token_mut(),
        }
    }
}

/// A language whose releases are indexed a second time in fields of their own, analyzed the way
/// that language needs.
#[derive(Debug, Clone, Copy)]
pub struct Analysis {
    /// The ISO 639-1 codes of the releases that go into these fields.
    pub codes: &'static [&'static str],
    /// What names the fields (`title_` + suffix, `body_` + suffix) and the analyzer
    /// (`pressdex_` + suffix).
    pub suffix: &'static str,
    /// tantivy's stemmer for the language; `None` for the CJK bigrams.
    pub stemmer: Option<Language>,
    /// Whether accents are folded (`é` → `e`, `ß` → `ss`) before stemming, so that a query
    /// typed without them finds the words written with them.
    pub fold: bool,
}

/// The languages with fields of their own besides English (`title`/`body`, which every release
/// is indexed in) and Chinese (`title_zh`/`body_zh`, jieba): the languages `whichlang` detects
/// that tantivy has a stemmer for, and the character bigrams of Japanese and Korean.
///
/// Accents are folded where readers of the language commonly type without them and the folded
/// word is still the same word: French, Spanish, Italian, Portuguese, Dutch, and German
/// (umlauts and `ß`, as German search engines do: "Behorde" finds "Behörde"). Swedish (`å`, `ä`
/// and `ö` are letters of their own), Turkish (dotless `ı`), Russian and Arabic keep theirs.
pub const ANALYSES: &[Analysis] = &[
    Analysis {
        codes: &["fr"],
        suffix: "fr",
        stemmer: Some(Language::French),
        fold: true,
    },
    Analysis {
        codes: &["de"],
        suffix: "de",
        stemmer: Some(Language::German),
        fold: true,
    },
    Analysis {
        codes: &["es"],
        suffix: "es",
        stemmer: Some(Language::Spanish),
        fold: true,
    },
    Analysis {
        codes: &["it"],
        suffix: "it",
        stemmer: Some(Language::Italian),
        fold: true,
    },
    Analysis {
        codes: &["pt"],
        suffix: "pt",
        stemmer: Some(Language::Portuguese),
        fold: true,
    },
    Analysis {
        codes: &["nl"],
        suffix: "nl",
        stemmer: Some(Language::Dutch),
        fold: true,
    },
    Analysis {
        codes: &["sv"],
        suffix: "sv",
        stemmer: Some(Language::Swedish),
        fold: false,
    },
    Analysis {
        codes: &["ru"],
        suffix: "ru",
        stemmer: Some(Language::Russian),
        fold: false,
    },
    Analysis {
        codes: &["tr"],
        suffix: "tr",
        stemmer: Some(Language::Turkish),
        fold: false,
    },
    Analysis {
        codes: &["ar"],
        suffix: "ar",
        stemmer: Some(Language::Arabic),
        fold: false,
    },
    Analysis {
        codes: &["ja", "ko"],
        suffix: "cjk",
        stemmer: None,
        fold: false,
    },
];

impl Analysis {
    /// The analysis of releases in language `code`, if it has fields of its own.
    pub fn of(code: &str) -> Option<&'static Analysis> {
        ANALYSES.iter().find(|a| a.codes.contains(&code))
    }

    /// The name the analyzer is registered under.
    pub fn analyzer_name(&self) -> String {
        format!("pressdex_{}", self.suffix)
    }

    /// The analyzer of the fields, for the index and for queries alike: tantivy's words, lower
    /// case, accents folded when [`Analysis::fold`], the language's stemmer; or, for Japanese and
    /// Korean, [`cjk_bigrams`].
    pub fn analyzer(&self) -> TextAnalyzer {
        match self.stemmer {
            None => cjk_bigrams(),
            Some(language) if self.fold => TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(60))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .filter(Stemmer::new(language))
                .build(),
            Some(language) => TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(60))
                .filter(LowerCaser)
                .filter(Stemmer::new(language))
                .build(),
        }
    }
}

/// Whether `c` is written without spaces between words in Japanese or Korean text: CJK
/// ideographs, kana, and Hangul syllables and letters.
fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c,
            '\u{3040}'..='\u{30FF}'
            | '\u{31F0}'..='\u{31FF}'
            | '\u{FF66}'..='\u{FF9F}'
            | '\u{1100}'..='\u{11FF}'
            | '\u{3130}'..='\u{318F}'
            | '\u{AC00}'..='\u{D7AF}')
}

/// Japanese and Korean without a dictionary: every two adjacent characters of a run of CJK
/// characters are a term (a run of one character is a term of its own), as Lucene's CJK
/// analyzer does; other words are tantivy's, lower-cased and folded. A query's word of three
/// characters is the phrase of its two bigrams, so it matches where the text has it.
pub fn cjk_bigrams() -> TextAnalyzer {
    TextAnalyzer::builder(CjkBigramTokenizer)
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The tokenizer of [`cjk_bigrams`].
#[derive(Clone)]
struct CjkBigramTokenizer;

/// The tokens of a [`CjkBigramTokenizer`], made all at once (releases in Japanese and Korean
/// are few).
struct CjkBigramStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = CjkBigramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkBigramStream {
        let mut tokens = Vec::new();
        let mut push = |from: usize, to: usize| {
            let position = tokens.len();
            tokens.push(Token {
                offset_from: from,
                offset_to: to,
                position,
                text: text[from..to].to_string(),
                position_length: 1,
            });
        };
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |i: usize| chars.get(i + 1).map_or(text.len(), |&(at, _)| at);
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            if is_cjk(c) {
                let mut j = i;
                while j + 1 < chars.len() && is_cjk(chars[j + 1].1) {
                    j += 1;
                }
                if j == i {
                    push(at, end_of(i));
                } else {
                    for (k, &(from, _)) in chars.iter().enumerate().take(j).skip(i) {
                        push(from, end_of(k + 1));
                    }
                }
                i = j + 1;
            } else if c.is_alphanumeric() {
                let mut j = i;
                while j + 1 < chars.len()
                    && chars[j + 1].1.is_alphanumeric()
                    && !is_cjk(chars[j + 1].1)
                {
                    j += 1;
                }
                push(at, end_of(j));
                i = j + 1;
            } else {
                i += 1;
            }
        }
        CjkBigramStream { tokens, next: 0 }
    }
}

impl TokenStream for CjkBigramStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The terms `analyzer` makes of `text`.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_give_iso_639_1_codes() {
        assert_eq!(from_tag("zh-CN").as_deref(), Some("zh"));
        assert_eq!(from_tag("en_US").as_deref(), Some("en"));
        assert_eq!(from_tag(" FR ").as_deref(), Some("fr"));
        assert_eq!(from_tag("zho").as_deref(), Some("zh"));
        assert_eq!(from_tag("x-default"), None);
        assert_eq!(from_tag(""), None);
    }

    #[test]
    fn languages_are_detected() {
        let en = "The Department of Justice announced today that the defendant pleaded guilty.";
        let fr = "Le ministère a annoncé aujourd'hui l'ouverture d'un nouveau centre de recherche.";
        let de =
            "Das Ministerium hat heute die Eröffnung eines neuen Forschungszentrums angekündigt.";
        let es = "El ministerio anunció hoy la apertura de un nuevo centro de investigación.";
        let zh = "2019年9月6日，世界物联网大会年会在北京开幕。";
        assert_eq!(detect("", en), "en");
        assert_eq!(detect("", fr), "fr");
        assert_eq!(detect("", de), "de");
        assert_eq!(detect("", es), "es");
        assert_eq!(detect("", zh), "zh");
        assert_eq!(detect("", ""), "en");
    }

    #[test]
    fn chinese_with_an_english_summary_is_chinese() {
        let body = "WIOTC执行主席He Xuming在开幕致辞中表示，物联网正在从单个设备的连接走向城市级的系统整合。\
                    来自40多个国家和地区的政府代表、企业家和专家学者约3000人参加了开幕式。\n\n\
                    English summary: the annual convention opened in Beijing with 3,000 participants.";
        assert_eq!(
            detect("WIOTC年会在北京开幕 物联网与智慧城市成为焦点", body),
            "zh"
        );
    }

    #[test]
    fn european_words_are_stemmed_and_folded_in_their_language() {
        let same = |code: &str, a: &str, b: &str| {
            let mut an = Analysis::of(code).unwrap().analyzer();
            let (ta, tb) = (tokens(&mut an, a), tokens(&mut an, b));
            assert_eq!(ta, tb, "{code}: {a} / {b}");
            assert_eq!(ta.len(), 1, "{code}: {a} gives {ta:?}");
        };
        same("fr", "enquêtes", "enquête");
        same("fr", "enquetes", "Enquête");
        same("fr", "publiées", "publiee");
        same("de", "Ermittlungen", "Ermittlung");
        same("de", "Behörden", "Behorde");
        same("de", "Straßen", "strassen");
        same("es", "investigaciones", "investigación");
        same("es", "investigacion", "Investigaciones");
        same("it", "città", "citta");
        same("pt", "investigações", "investigacoes");
        // Swedish keeps its letters: "får" (gets) is not "far" (father).
        let mut sv = Analysis::of("sv").unwrap().analyzer();
        assert_ne!(tokens(&mut sv, "får"), tokens(&mut sv, "far"));
        assert!(Analysis::of("en").is_none() && Analysis::of("zh").is_none());
    }

    #[test]
    fn japanese_and_korean_are_character_bigrams() {
        let mut a = cjk_bigrams();
        assert_eq!(
            tokens(&mut a, "東京都の新しいAI戦略"),
            ["東京", "京都", "都の", "の新", "新し", "しい", "ai", "戦略"]
        );
        assert_eq!(
            tokens(&mut a, "서울시 스마트 시티 計"),
            ["서울", "울시", "스마", "마트", "시티", "計"]
        );
        assert_eq!(Analysis::of("ko").unwrap().suffix, "cjk");
    }

    #[test]
    fn chinese_is_segmented_into_words() {
        let mut a = zh_analyzer();
        let t = tokens(
            &mut a,
            "WIOTC执行主席He Xuming在开幕致辞中表示，物联网正在走向城市。",
        );
        for word in ["wiotc", "执行", "主席", "执行主席", "xuming", "城市"] {
            assert!(t.iter().any(|w| w == word), "{word} not in {t:?}");
        }
        assert!(t.iter().all(|w| w != "，" && w != " "), "{t:?}");
        // Search mode indexes the words inside longer ones; a query has the longer word only.
        let mut q = zh_query_analyzer();
        assert_eq!(tokens(&mut q, "传感器数据"), ["传感器", "数据"]);
        let t = tokens(&mut a, "传感器数据");
        assert!(t.contains(&"传感".to_string()) && t.contains(&"传感器".to_string()));
        // A word missing from jieba's dictionary is cut the same way in the text and in a
        // query (a phrase of two terms there).
        assert_eq!(tokens(&mut q, "物联网"), ["物", "联网"]);
        assert_eq!(tokens(&mut q, "Smart Cities"), ["smart", "cities"]);
        // Spaces take no position: a query's "物联网 安全" is the text's "物联网安全".
        let positions = |a: &mut TextAnalyzer, text: &str| {
            let mut s = a.token_stream(text);
            let mut out = Vec::new();
            while s.advance() {
                out.push((s.token().text.clone(), s.token().position));
            }
            out
        };
        assert_eq!(
            positions(&mut q, "物联网 安全"),
            positions(&mut q, "物联网安全")
        );
    }
}
