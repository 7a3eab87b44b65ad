//! The `parse` stage: turns a file's bytes into a [`Parsed`] document.
//!
//! Parsing happens in two steps. [`decode`] turns the bytes into text (BOM, declared charset,
//! UTF-8, then statistical detection) and rejects empty and binary files. Then
//! [`parse_text`] or [`parse_html`] finds the headline and the main text; for HTML it also
//! removes boilerplate (navigation, cookie banners, share links, footers…) and collects
//! [`DateHint`](crate::model::DateHint)s from JSON-LD, `<meta>` and `<time>` markup.
//!
//! Nothing here panics on any input, and nothing recurses over the document tree, so deeply
//! nested or malformed HTML is handled like any other page.

mod encoding;
mod html;
mod text;

use std::path::Path;

pub use crate::extract::date::parse_markup_date as parse_date_value;
pub use crate::model::{Format, Parsed};
pub use encoding::decode;
pub use html::{original_url, parse_html, MAX_URL_BYTES};
pub use text::parse_text;

/// Why a file could not be parsed.
///
/// `Display` is a short lower-case reason meant to follow the file name, as in
/// `pressdex: warning: corpus/x.html: looks like a binary file (PNG image), skipped`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The file has no bytes, or only whitespace.
    #[error("file is empty")]
    Empty,
    /// The file is not text: a known binary format, or NUL bytes in text that is not UTF-16.
    #[error("looks like a binary file ({kind})")]
    Binary {
        /// What the file looks like: `"PNG image"`, `"PDF document"`, `"contains NUL bytes"`…
        kind: &'static str,
    },
    /// The file decoded, but neither a title nor any main text was found in it
    /// (for example an HTML page made only of scripts).
    #[error("no readable text")]
    NoText,
}

/// The extensions of release files (compared in any case), each with the format it is parsed
/// as. This is the one list: the walk of `pressdex index` takes the files it names
/// ([`crate::source::is_release_path`]).
pub const EXTENSIONS: &[(&str, Format)] = &[
    ("txt", Format::Text),
    ("text", Format::Text),
    ("html", Format::Html),
    ("htm", Format::Html),
    ("xhtml", Format::Html),
];

/// The format a path's extension names, if it is one of the [`EXTENSIONS`] of release files.
pub fn release_format(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?;
    EXTENSIONS
        .iter()
        .find(|(e, _)| ext.eq_ignore_ascii_case(e))
        .map(|&(_, format)| format)
}

/// The format of a file, from its extension: `html`, `htm` and `xhtml` (in any case) are
/// [`Format::Html`], everything else is [`Format::Text`] (see [`EXTENSIONS`]).
pub fn format_of(path: &Path) -> Format {
    release_format(path).unwrap_or(Format::Text)
}

/// Parses a file: decodes `bytes` and extracts title, main text and date hints.
///
/// The format comes from the extension ([`format_of`]), except that a non-HTML file whose
/// content clearly starts as an HTML document (`<!DOCTYPE html` or `<html`) is parsed as HTML.
///
/// # Errors
/// [`ParseError::Empty`] and [`ParseError::Binary`] from [`decode`]; [`ParseError::NoText`] when
/// nothing readable is left after parsing.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Parsed, ParseError> {
    let mut format = format_of(path);
    if format == Format::Text && looks_like_html(bytes) {
        format = Format::Html;
    }
    let text = decode(bytes, format)?;
    // UTF-16 files can only be sniffed once decoded.
    if format == Format::Text && looks_like_html(text.as_bytes()) {
        format = Format::Html;
    }
    let mut parsed = match format {
        Format::Html => parse_html(&text),
        Format::Text => parse_text(&text),
    };
    // Character references (`&#1;`, `&#x1b;`) bring back control characters that decoding
    // removed; they must not reach the index or a terminal.
    for field in [&mut parsed.title, &mut parsed.body] {
        if encoding::has_control(field) {
            *field = encoding::clean(field).trim().to_string();
        }
    }
    if parsed.title.is_empty() && parsed.body.is_empty() {
        return Err(ParseError::NoText);
    }
    Ok(parsed)
}

/// Whether the content starts (after a UTF-8 BOM and whitespace) with `<!DOCTYPE html` or `<html`.
fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..bytes.len().min(start + 14)];
    let starts = |prefix: &[u8]| {
        head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    if starts(b"<!doctype html") {
        return true;
    }
    starts(b"<html")
        && matches!(
            head.get(5),
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'/')
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DateHint, DateSource};
    use chrono::NaiveDate;

    #[test]
    fn format_by_extension() {
        assert_eq!(format_of(Path::new("a/b.html")), Format::Html);
        assert_eq!(format_of(Path::new("a/b.HTM")), Format::Html);
        assert_eq!(format_of(Path::new("b.xhtml")), Format::Html);
        assert_eq!(format_of(Path::new("b.txt")), Format::Text);
        assert_eq!(format_of(Path::new("b")), Format::Text);
        assert_eq!(format_of(Path::new("html")), Format::Text);
    }

    #[test]
    fn one_list_of_release_extensions() {
        assert_eq!(release_format(Path::new("a/b.TEXT")), Some(Format::Text));
        assert_eq!(release_format(Path::new("a/b.Htm")), Some(Format::Html));
        assert_eq!(release_format(Path::new("a/EXPECTED.jsonl")), None);
        assert_eq!(release_format(Path::new("a/README")), None);
        assert!(crate::source::is_release_path(Path::new("a/b.xhtml")));
    }

    #[test]
    fn txt_with_html_content_is_html() {
        let bytes = b"\n  <!DOCTYPE html><html><head><title>T</title></head>\
            <body><h1>Headline here</h1><p>Body text.</p></body></html>";
        let p = parse(Path::new("x.txt"), bytes).unwrap();
        assert_eq!(p.format, Format::Html);
        assert_eq!(p.title, "Headline here");
        assert_eq!(p.body, "Body text.");

        let p = parse(Path::new("x.txt"), b"<html lang=en><p>Hi there</p></html>").unwrap();
        assert_eq!(p.format, Format::Html);

        // Mentioning a tag is not enough.
        let p = parse(Path::new("x.txt"), b"<htmlish> is a word\nbody").unwrap();
        assert_eq!(p.format, Format::Text);
        assert_eq!(p.title, "<htmlish> is a word");
    }

    #[test]
    fn utf16_txt_with_html_content_is_html() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "<html><body><h1>Title</h1><p>Text</p></body></html>".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let p = parse(Path::new("x.txt"), &bytes).unwrap();
        assert_eq!(p.format, Format::Html);
        assert_eq!(p.title, "Title");
        assert_eq!(p.body, "Text");
    }

    #[test]
    fn parse_text_file() {
        let p = parse(
            Path::new("r.txt"),
            b"Date: 2018-04-02\r\n\r\nAcme buys Widget Co\r\n\r\nAcme said today.\r\n",
        )
        .unwrap();
        assert_eq!(
            p,
            Parsed {
                format: Format::Text,
                title: "Acme buys Widget Co".into(),
                body: "Date: 2018-04-02\n\nAcme said today.".into(),
                date_hints: vec![],
                lang: None,
                url: None,
            }
        );
    }

    #[test]
    fn parse_html_file_with_hints() {
        let html = br#"<html><head><meta name="date" content="2019-05-07"></head>
            <body><article><h1>Big news</h1><p>Details.</p></article></body></html>"#;
        let p = parse(Path::new("r.html"), html).unwrap();
        assert_eq!(p.title, "Big news");
        assert_eq!(p.body, "Details.");
        assert_eq!(
            p.date_hints,
            vec![DateHint {
                date: NaiveDate::from_ymd_opt(2019, 5, 7).unwrap(),
                source: DateSource::Meta
            }]
        );
    }

    #[test]
    fn character_references_to_control_characters_are_removed() {
        let p = parse(
            Path::new("a.html"),
            b"<html><head><title>A&#x1b;[31mred&#1;</title></head><body><p>x&#0;y&#13;z</p></body></html>",
        )
        .unwrap();
        assert_eq!(p.title, "A[31mred");
        assert_eq!(p.body, "x\u{FFFD}y z");
    }

    #[test]
    fn errors() {
        assert_eq!(parse(Path::new("a.txt"), b""), Err(ParseError::Empty));
        assert_eq!(parse(Path::new("a.txt"), b" \n\t "), Err(ParseError::Empty));
        assert_eq!(
            parse(Path::new("a.html"), b"<html><script>x()</script></html>"),
            Err(ParseError::NoText)
        );
        let png = parse(Path::new("a.html"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert_eq!(png, ParseError::Binary { kind: "PNG image" });
        assert_eq!(png.to_string(), "looks like a binary file (PNG image)");
        assert_eq!(ParseError::Empty.to_string(), "file is empty");
        assert_eq!(ParseError::NoText.to_string(), "no readable text");
    }
}
