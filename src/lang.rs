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
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
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
    TextAnalyzer::builder(ZhTokenizer {
        jieba: JiebaTokenizer::with_search_mode(search_mode),
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
