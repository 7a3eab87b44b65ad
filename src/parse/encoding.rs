//! Bytes to text: binary detection, charset detection and decoding, clean-up of the result.

use std::borrow::Cow;
use std::sync::LazyLock;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;

use super::ParseError;
use crate::model::Format;

/// How far into an HTML file a charset declaration is looked for.
const DECLARATION_WINDOW: usize = 2048;
/// How far into a file NUL bytes mark it as binary.
const NUL_WINDOW: usize = 8192;

/// Magic numbers of binary formats that end up in document folders, with their names.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"\x1F\x8B", "gzip archive"),
    (b"\x7FELF", "ELF executable"),
];

/// `<meta charset=…>`, `<meta http-equiv=content-type content="…; charset=…">` or an XML
/// declaration's `encoding="…"`.
static DECLARED_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i-u)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_:.\-]+)|<\?xml\b[^>]*?\bencoding\s*=\s*["']\s*([a-z0-9_:.\-]+)"#,
    )
    .expect("valid regex")
});

/// Decodes a file's bytes to text.
///
/// In order: a BOM (UTF-8, UTF-16LE/BE) decides; for HTML, a charset declared in the first
/// 2 KB (`<meta charset>`, `http-equiv` content type, XML declaration) decides — except that
/// valid UTF-8 with non-ASCII characters wins over a declared single-byte charset such as
/// windows-1252 or ISO-8859-1 (a lying declaration), and a `utf-8` declaration on bytes that are
/// not UTF-8 is ignored; then valid UTF-8 is taken as is; then the encoding is guessed with
/// `chardetng`. Text without a BOM that is clearly UTF-16 (NUL in every other byte) is decoded as
/// such.
///
/// The result has `\r\n` and `\r` normalized to `\n`, and control characters other than `\n` and
/// `\t` (NUL included) removed.
///
/// # Errors
/// [`ParseError::Empty`] for an empty or whitespace-only file, [`ParseError::Binary`] for a known
/// binary format (PNG, PDF, ZIP, GIF, JPEG, gzip, ELF) or NUL bytes in the first 8 KB of a file
/// that is not UTF-16.
pub fn decode(bytes: &[u8], format: Format) -> Result<String, ParseError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ParseError::Empty);
    }
    let decoded: Cow<'_, str> = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        if encoding == UTF_8 {
            check_binary(rest)?;
        }
        encoding.decode_without_bom_handling(rest).0
    } else {
        if let Some(kind) = magic_kind(bytes) {
            return Err(ParseError::Binary { kind });
        }
        match bomless_utf16(bytes) {
            Some(encoding) => encoding.decode_without_bom_handling(bytes).0,
            None => {
                check_binary(bytes)?;
                decode_unlabelled(bytes, format)
            }
        }
    };
    let text = clean_owned(decoded);
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    Ok(text)
}

/// Decodes bytes without a BOM: declaration (HTML only), UTF-8, then detection.
fn decode_unlabelled(bytes: &[u8], format: Format) -> Cow<'_, str> {
    let utf8 = std::str::from_utf8(bytes).ok();
    if format == Format::Html {
        if let Some(declared) = declared_charset(bytes) {
            match utf8 {
                // A `utf-8` declaration on bytes that are not UTF-8: detect instead.
                None if declared == UTF_8 => {}
                // Real UTF-8 text under a single-byte label: the label lies.
                Some(s) if declared.is_single_byte() && !s.is_ascii() => {
                    return Cow::Borrowed(s);
                }
                _ => return declared.decode_without_bom_handling(bytes).0,
            }
        }
    }
    if let Some(s) = utf8 {
        return Cow::Borrowed(s);
    }
    if damaged_utf8(bytes) {
        return String::from_utf8_lossy(bytes);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, Utf8Detection::Deny);
    encoding.decode_without_bom_handling(bytes).0
}

/// UTF-8 with some damage: nearly all non-ASCII bytes belong to UTF-8 sequences, complete or
/// cut short (a lead byte and its continuation bytes followed by something else, as when a
/// tool dropped the last byte of each `’`). Stray single bytes, the mark of a legacy 8-bit or
/// double-byte encoding, make up less than a tenth. Statistical detection misreads such text
/// (it has no legacy-encoding letters to go by), so it is decoded as UTF-8 with U+FFFD for the
/// broken sequences.
fn damaged_utf8(bytes: &[u8]) -> bool {
    let (mut consistent, mut stray, mut complete) = (0usize, 0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        let multibyte = chunk.valid().chars().filter(|c| !c.is_ascii());
        for c in multibyte {
            consistent += c.len_utf8();
            complete += 1;
        }
        match chunk.invalid().len() {
            0 => {}
            1 => stray += 1,
            n => consistent += n,
        }
    }
    complete > 0 && consistent >= 8 && stray * 9 < consistent
}

/// The encoding declared in the first 2 KB of an HTML document, as browsers map labels
/// (`iso-8859-1` is windows-1252; a `utf-16` label inside the bytes means UTF-8).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    let caps = DECLARED_CHARSET.captures(head)?;
    let label = caps.get(1).or_else(|| caps.get(2))?.as_bytes();
    let encoding = Encoding::for_label(label)?;
    Some(if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else if encoding.name() == "x-user-defined" {
        WINDOWS_1252
    } else {
        encoding
    })
}

/// The name of the binary format the bytes start with, if any.
fn magic_kind(bytes: &[u8]) -> Option<&'static str> {
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, kind)| kind)
}

/// Rejects bytes with NUL bytes near the start.
fn check_binary(bytes: &[u8]) -> Result<(), ParseError> {
    if bytes[..bytes.len().min(NUL_WINDOW)].contains(&0) {
        return Err(ParseError::Binary {
            kind: "contains NUL bytes",
        });
    }
    Ok(())
}

/// UTF-16 without a BOM: mostly-ASCII text where every other byte is NUL.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(NUL_WINDOW) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    // Nearly all pairs have a NUL on one side and (almost) none on the other.
    if odd_nul * 10 >= pairs * 9 && even_nul * 20 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 9 && odd_nul * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Whether `text` holds a control character other than `\n` and `\t` (`\r` included).
///
/// Works on bytes: C0 controls and DEL are single bytes, C1 controls (U+0080–U+009F) are
/// `0xC2` followed by `0x80`–`0x9F`; no other UTF-8 sequence holds those bytes.
///
/// Blocks of 64 bytes are first screened without branches (which the compiler vectorizes); only
/// a block holding a control byte or `0xC2` is checked byte by byte.
pub(crate) fn has_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    let control = |i: usize, b: u8| match b {
        b'\n' | b'\t' => false,
        0..=0x1F | 0x7F => true,
        0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
        _ => false,
    };
    let mut start = 0;
    for block in bytes.chunks(64) {
        let suspect = block.iter().fold(false, |acc, &b| {
            acc | ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7F) | (b == 0xC2)
        });
        if suspect
            && block
                .iter()
                .enumerate()
                .any(|(k, &b)| control(start + k, b))
        {
            return true;
        }
        start += block.len();
    }
    false
}

/// [`clean`] on text that may be owned already: text with nothing to clean (nearly every
/// page) is passed through without a character-by-character copy.
fn clean_owned(text: Cow<'_, str>) -> String {
    if text.starts_with('\u{FEFF}') || has_control(&text) {
        clean(&text)
    } else {
        text.into_owned()
    }
}

/// Normalizes line endings and removes control characters other than `\n` and `\t`,
/// and a leading U+FEFF.
///
/// The control characters are U+0000–U+001F, U+007F and U+0080–U+009F (`char::is_control`):
/// single bytes below 0x20 or 0x7F, or 0xC2 followed by 0x80–0x9F in UTF-8. Runs of other bytes
/// are copied whole.
pub(crate) fn clean(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Start of the run not yet copied.
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let control = match b {
            b'\n' | b'\t' => 0,
            0..0x20 | 0x7F => 1,
            0xC2 if bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)) => 2,
            _ => 0,
        };
        if control == 0 {
            i += 1;
            continue;
        }
        out.push_str(&text[run..i]);
        if b == b'\r' {
            out.push('\n');
            if bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
        }
        i += control;
        run = i;
    }
    out.push_str(&text[run..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(bytes: &[u8]) -> Result<String, ParseError> {
        decode(bytes, Format::Html)
    }
    fn text(bytes: &[u8]) -> Result<String, ParseError> {
        decode(bytes, Format::Text)
    }

    #[test]
    fn control_bytes_are_found_like_control_chars() {
        for c in ['\0', '\r', '\u{7}', '\u{7F}', '\u{80}', '\u{85}', '\u{9F}'] {
            assert!(has_control(&format!("ab{c}cd")), "{c:?}");
        }
        for s in ["plain\ttext\n", "café ¡ ¿ \u{A0} \u{FEFF} ‘’ “” – —", ""] {
            assert!(!has_control(s), "{s:?}");
        }
        for c in (0..0x800u32).filter_map(char::from_u32) {
            let s = format!("x{c}y");
            assert_eq!(
                has_control(&s),
                c.is_control() && c != '\n' && c != '\t',
                "{c:?}"
            );
            assert_eq!(clean_owned(Cow::Owned(s.clone())), clean(&s), "{c:?}");
        }
        // Around the screening blocks' edges (a C1 control's two bytes may straddle one).
        for at in 0..140 {
            let pad = "a".repeat(at);
            assert!(has_control(&format!("{pad}\u{85}b")), "{at}");
            assert!(has_control(&format!("{pad}\rb")), "{at}");
            assert!(!has_control(&format!("{pad}\u{A0}b\tc\n")), "{at}");
        }
    }

    #[test]
    fn utf8_as_is() {
        assert_eq!(
            text("café – “quoted”".as_bytes()).unwrap(),
            "café – “quoted”"
        );
        assert_eq!(text(b"\xEF\xBB\xBFwith BOM").unwrap(), "with BOM");
    }

    #[test]
    fn cp1252_without_declaration() {
        let (bytes, _, _) = WINDOWS_1252.encode("Le café – “quoted” à Genève, déjà vu.");
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(
            text(&bytes).unwrap(),
            "Le café – “quoted” à Genève, déjà vu."
        );
        assert_eq!(
            html(&bytes).unwrap(),
            "Le café – “quoted” à Genève, déjà vu."
        );
    }

    #[test]
    fn damaged_utf8_is_read_as_utf8() {
        // Curly quotes in UTF-8, some cut short by a lost last byte; one stray byte.
        let bytes = b"It\xE2\x80\x99s the signs\xE2\x80\"Libra\xE2\x80\" and \xE2\x80\x98more\xE2\x80\x99 \xA9 2005";
        assert_eq!(
            text(bytes).unwrap(),
            "It\u{2019}s the signs\u{FFFD}\"Libra\u{FFFD}\" and \u{2018}more\u{2019} \u{FFFD} 2005"
        );
        // Legacy 8-bit text is not mistaken for it, even with a UTF-8-looking pair in it.
        let (bytes, _, _) = WINDOWS_1252.encode("Café, naïve, déjà vu, Â© 2005, Genève.");
        assert_eq!(
            text(&bytes).unwrap(),
            "Café, naïve, déjà vu, Â© 2005, Genève."
        );
    }

    #[test]
    fn gb18030_chinese() {
        let original = "中国国家主席今天在北京会见了来访的代表团，双方就经济合作问题交换了意见。";
        let (bytes, _, _) = encoding_rs::GB18030.encode(original);
        assert_eq!(text(&bytes).unwrap(), original);
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "Zürich\r\nnews".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(text(&le).unwrap(), "Zürich\nnews");
        assert_eq!(text(&be).unwrap(), "Zürich\nnews");
    }

    #[test]
    fn utf16_without_bom() {
        let mut le = vec![];
        for u in "Plain UTF-16 text, no BOM.".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(text(&le).unwrap(), "Plain UTF-16 text, no BOM.");
    }

    #[test]
    fn declared_charset_is_used() {
        let page =
            "<html><head><meta charset=\"windows-1251\"></head><body>Привет мир</body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(page);
        assert_eq!(html(&bytes).unwrap(), page);

        let page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>Müller ™</p>";
        let (bytes, _, _) = WINDOWS_1252.encode(page);
        assert_eq!(html(&bytes).unwrap(), page);

        let page = "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><p>5 €</p>";
        let (bytes, _, _) = encoding_rs::ISO_8859_15.encode(page);
        assert_eq!(html(&bytes).unwrap(), page);
    }

    #[test]
    fn declaration_ignored_for_text() {
        // A .txt quoting a declaration is still decoded as UTF-8.
        let s = "<meta charset=\"windows-1251\"> café";
        assert_eq!(text(s.as_bytes()).unwrap(), s);
    }

    #[test]
    fn lying_declarations() {
        // Valid UTF-8 labelled windows-1252: UTF-8 wins.
        let page = "<meta charset=\"windows-1252\"><p>café – “quoted”</p>";
        assert_eq!(html(page.as_bytes()).unwrap(), page);
        // Labelled utf-8 but really windows-1252: detection wins.
        let page = "<meta charset=\"utf-8\"><p>Le café – “quoted” à Genève, déjà vu.</p>";
        let (bytes, _, _) = WINDOWS_1252.encode(page);
        assert_eq!(html(&bytes).unwrap(), page);
        // Pure ASCII under a label: the label is used (harmless for ASCII-compatible labels).
        assert_eq!(
            html(b"<meta charset=latin1><p>plain</p>").unwrap(),
            "<meta charset=latin1><p>plain</p>"
        );
    }

    #[test]
    fn binary_files() {
        let kind = |b: &[u8]| match text(b) {
            Err(ParseError::Binary { kind }) => kind,
            other => panic!("{other:?}"),
        };
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "PNG image");
        assert_eq!(kind(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3"), "PDF document");
        assert_eq!(kind(b"PK\x03\x04\x14\0\0\0"), "ZIP archive");
        assert_eq!(kind(b"GIF89a\x01\0"), "GIF image");
        assert_eq!(kind(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), "JPEG image");
        assert_eq!(kind(b"\x1F\x8B\x08\0"), "gzip archive");
        assert_eq!(kind(b"\x7FELF\x02\x01\x01"), "ELF executable");
        assert_eq!(
            kind(b"some text\0\x01\x02 more bytes here"),
            "contains NUL bytes"
        );
        assert_eq!(
            html(b"\xEF\xBB\xBFtext\0with NUL").unwrap_err().to_string(),
            "looks like a binary file (contains NUL bytes)"
        );
        // A NUL after the first 8 KB is stripped, not fatal.
        let mut late = vec![b'a'; NUL_WINDOW + 10];
        late.push(0);
        late.push(b'b');
        let out = text(&late).unwrap();
        assert_eq!(out.len(), NUL_WINDOW + 11);
        assert!(out.ends_with("ab"));
    }

    #[test]
    fn empty_files() {
        assert_eq!(text(b""), Err(ParseError::Empty));
        assert_eq!(text(b"  \r\n\t\n"), Err(ParseError::Empty));
        assert_eq!(text(b"\xEF\xBB\xBF \n"), Err(ParseError::Empty));
        assert_eq!(text(&[0xFF, 0xFE, b' ', 0]), Err(ParseError::Empty));
    }

    #[test]
    fn cleanup() {
        assert_eq!(
            text(b"a\r\nb\rc\n\x07d\te\x1b[0m").unwrap(),
            "a\nb\nc\nd\te[0m"
        );
        assert_eq!(text(b"\r\n\r\nx").unwrap(), "\n\nx");
    }

    #[test]
    fn never_panics_on_odd_bytes() {
        for bytes in [
            &b"\xFF"[..],
            b"\xFE",
            b"\xC3",
            b"<meta charset=",
            b"<meta charset=\"bogus-label\">\xE9",
            b"\xFF\xFE\x00",
            b"\xFE\xFF\x00",
            b"\xEF\xBB",
            b"\x80\x81\x82\x83\x84",
        ] {
            let _ = html(bytes);
            let _ = text(bytes);
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::proptest_config())]

        /// [`clean`] copies runs whole and gives what a character-by-character pass gives.
        #[test]
        fn clean_matches_a_char_by_char_pass(
            text in "(\u{FEFF})?([a-z \r\n\t\u{0}-\u{1F}\u{7F}-\u{A0}é’中]|\r\n){0,40}",
        ) {
            let text = text.as_str();
            let plain = text.strip_prefix('\u{FEFF}').unwrap_or(text);
            let mut expected = String::new();
            let mut chars = plain.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\r' => {
                        if chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                        expected.push('\n');
                    }
                    '\n' | '\t' => expected.push(c),
                    c if c.is_control() => {}
                    c => expected.push(c),
                }
            }
            proptest::prop_assert_eq!(clean(text), expected);
        }
    }
}
