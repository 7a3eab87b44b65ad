//! Plain-text releases: the headline is the first real line, the body is everything else.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::date::month_of_word;
use crate::model::{Format, Parsed};

/// A line longer than this is a paragraph, not a headline; such a document gets no title.
const MAX_TITLE_LEN: usize = 300;

/// Header lines that come before the headline: release markers and contact lines.
static HEADER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            (?:for\s+immediate\s+release|immediate\s+release|for\s+release|embargoed|embargo)\b.*
          | (?:press|news|media)\s+(?:release|advisory|statement)s?\s*[:.\-–—]?\s*(?:\d.*)?
          | (?:media\s+|press\s+)?contacts?\s*[:\-–—].*
          | (?:media\s+|press\s+)?contacts?
          | (?:date|dated|posted|published|release\s+date|updated)\s*[:\-–—].*
          | (?:latest\s+|recent\s+)?(?:press\s+|news\s+|media\s+)?(?:releases|news|newsroom|news\s+room)
        )$",
    )
    .expect("valid regex")
});

/// Words besides the months' names allowed in a line that is only a date or timestamp.
const DATE_WORDS: &[&str] = &[
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
    "am",
    "pm",
    "a",
    "p",
    "m",
    "gmt",
    "utc",
    "est",
    "edt",
    "cst",
    "cdt",
    "mst",
    "mdt",
    "pst",
    "pdt",
    "cet",
    "cest",
    "bst",
    "t",
    "z",
    "st",
    "nd",
    "rd",
    "th",
    "of",
];

/// Parses a plain-text release that is already decoded.
///
/// The title is the first non-empty line that is a real headline: leading lines that are only a
/// date or timestamp (`2017-6-26 19:04:02`, `June 13, 2017`), release markers (`FOR IMMEDIATE
/// RELEASE`, `PRESS RELEASE`, `NEWS RELEASE`), `Date: …` and `Contact: …` lines are skipped.
/// Markdown `#` marks are removed from it. A setext underline (`====`) below it is dropped too.
/// A text whose only line reads as a body (it opens with a dateline, or is a long sentence) has
/// no title: that line is the body, so its date and names are found.
///
/// The body is the text without the title line, trimmed, otherwise unchanged (the skipped header
/// lines stay, so dates in them can still be found). Line endings are normalized to `\n`.
/// Text has no date hints.
pub fn parse_text(text: &str) -> Parsed {
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        text
    };
    let (title, body) = split_title(text);
    Parsed {
        format: Format::Text,
        title,
        body,
        date_hints: Vec::new(),
        lang: None,
        url: None,
    }
}

/// Wide gaps inside a line: text flattened from a web page keeps its lines apart this way.
static WIDE_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \t\u{A0}]{3,}").expect("valid regex"));

/// Splits the text into the title and the body.
fn split_title(text: &str) -> (String, String) {
    let Some((start, mut end, title)) = find_title(text) else {
        return (String::new(), text.trim().to_owned());
    };
    let line_head = text[..start].rsplit('\n').next().unwrap_or_default();
    let line_tail = text[end..].split('\n').next().unwrap_or_default();
    let whole_line = line_head.trim().is_empty() && line_tail.trim().is_empty();
    // Drop a setext underline directly below the title.
    if whole_line {
        let next_line = end + line_tail.len() + 1;
        if let Some(next) = text.get(next_line..).and_then(|r| r.split('\n').next()) {
            let t = next.trim();
            if t.len() >= 3 && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-')) {
                end = next_line + next.len();
            }
        }
    }
    let before = text[..start].trim();
    let after = text[end..].trim();
    let separator = if whole_line { "\n\n" } else { "\n" };
    let body = match (before.is_empty(), after.is_empty()) {
        (true, _) => after.to_owned(),
        (false, true) => before.to_owned(),
        (false, false) => format!("{before}{separator}{after}"),
    };
    (title, body)
}

/// The byte range of the title in `text` (a line, or a segment of a line between wide gaps)
/// and the cleaned title.
fn find_title(text: &str) -> Option<(usize, usize, String)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let line = line.strip_suffix('\n').unwrap_or(line);
        let mut segment_start = 0;
        let gaps = WIDE_GAP
            .find_iter(line)
            .map(|m| (m.start(), m.end()))
            .chain(std::iter::once((line.len(), line.len())));
        for (gap_start, gap_end) in gaps {
            let segment = &line[segment_start..gap_start];
            let from = segment_start;
            segment_start = gap_end;
            let trimmed = segment.trim();
            if trimmed.is_empty() || is_header_line(trimmed) {
                continue;
            }
            let title = clean_title(trimmed);
            if title.is_empty() {
                // A line of only `#` or rules such as `----`: skip it like a blank line.
                continue;
            }
            if title.chars().count() > MAX_TITLE_LEN {
                return None;
            }
            let whole_line = from == 0 && gap_start == line.len();
            if whole_line && text[offset..].trim().is_empty() && reads_as_body(trimmed) {
                return None;
            }
            let lead = segment.len() - segment.trim_start().len();
            let start = line_start + from + lead;
            return Some((start, start + trimmed.len(), title));
        }
    }
    None
}

/// A dateline opening a text: a place in capitals, then a dash, or a comma, a date and a dash
/// ("WASHINGTON, March 3, 2015 - ", "GENEVA, 13 June 2017 – ", "LONDON -- ").
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{Lu}.'’]+(?:\s+\p{Lu}[\p{Lu}.'’]+)*\s*(?:[-–—]{1,2}\s|,[^\n\d]{0,40}\d[^\n]{0,30}?(?:\s[-–—]{1,2}\s|--))")
        .expect("valid regex")
});

/// Whether the only line of a text reads as its body rather than as a headline: it opens with
/// a dateline, or it is a long sentence (headlines rarely end with a full stop).
fn reads_as_body(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (words >= 8 && DATELINE.is_match(line))
        || (words >= 12
            && line
                .trim_end_matches(['"', '”', '’', ')'])
                .ends_with(['.', '!', '?']))
}

/// Removes markdown heading marks and emphasis around a headline.
fn clean_title(line: &str) -> String {
    let line = line.trim_start_matches('#').trim();
    // A closing sequence of `#` (`## Title ##`).
    let line = match line.trim_end_matches('#') {
        t if t.ends_with(char::is_whitespace) || t.is_empty() => t.trim_end(),
        _ => line,
    };
    let line = strip_pair(line, "**");
    let line = strip_pair(line, "__");
    if line
        .chars()
        .all(|c| matches!(c, '-' | '=' | '*' | '_' | '#' | ' '))
    {
        return String::new();
    }
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `**x**` → `x`.
fn strip_pair<'a>(s: &'a str, mark: &str) -> &'a str {
    match s.strip_prefix(mark).and_then(|s| s.strip_suffix(mark)) {
        Some(inner) if !inner.trim().is_empty() => inner.trim(),
        _ => s,
    }
}

/// Whether a (trimmed, non-empty) line is a header line to skip when looking for the title.
fn is_header_line(line: &str) -> bool {
    line.chars().count() <= 120 && (HEADER_LINE.is_match(line) || is_date_only(line))
}

/// Whether a line is only a date or a timestamp: digits, punctuation, and month, weekday,
/// time-zone words.
fn is_date_only(line: &str) -> bool {
    if line.len() > 60 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut words = 0;
    let all_date_words = line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            if w.bytes().all(|b| b.is_ascii_digit()) {
                return true;
            }
            // "26th", "19h04"
            let letters = w.trim_start_matches(|c: char| c.is_ascii_digit());
            let letters = letters.trim_end_matches(|c: char| c.is_ascii_digit());
            words += 1;
            let lower = letters.to_ascii_lowercase();
            DATE_WORDS.contains(&lower.as_str()) || month_of_word(&lower).is_some()
        });
    // A line such as "2017" or "12" alone is a number, not a date.
    let digit_groups = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .count();
    all_date_words && (digit_groups >= 2 || (digit_groups == 1 && words >= 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (String, String) {
        let p = parse_text(text);
        assert_eq!(p.format, Format::Text);
        assert!(p.date_hints.is_empty());
        (p.title, p.body)
    }

    #[test]
    fn first_line_is_title() {
        assert_eq!(
            split(
                "Acme Corp Reports Record Results\n\nAcme said today.\nSecond line.\n\nPara 2.\n"
            ),
            (
                "Acme Corp Reports Record Results".into(),
                "Acme said today.\nSecond line.\n\nPara 2.".into()
            )
        );
    }

    #[test]
    fn timestamp_first_line() {
        assert_eq!(
            split(
                "2017-6-26 19:04:02\nChina and Panama establish ties\n\nBEIJING, June 26 -- Text."
            ),
            (
                "China and Panama establish ties".into(),
                "2017-6-26 19:04:02\n\nBEIJING, June 26 -- Text.".into()
            )
        );
        for header in [
            "Date: 2018-04-02",
            "June 13, 2017",
            "Tuesday, June 13, 2017",
            "13 June 2017",
            "2017/06/26",
            "06/26/2017 10:30 AM EDT",
            "Posted: June 13, 2017",
        ] {
            let (title, body) = split(&format!("{header}\n\nThe Headline\n\nBody."));
            assert_eq!(title, "The Headline", "{header}");
            assert_eq!(body, format!("{header}\n\nBody."), "{header}");
        }
    }

    #[test]
    fn release_markers_and_contacts_skipped() {
        assert_eq!(
            split("FOR IMMEDIATE RELEASE\nContact: Jane Doe, 555-1234\n\n  Senator Smith Introduces Bill  \nWASHINGTON - Today...\n"),
            (
                "Senator Smith Introduces Bill".into(),
                "FOR IMMEDIATE RELEASE\nContact: Jane Doe, 555-1234\n\nWASHINGTON - Today...".into()
            )
        );
        for header in [
            "PRESS RELEASE",
            "News Release",
            "For Immediate Release: June 1, 2005",
            "Media Contact:",
            "CONTACT",
        ] {
            assert_eq!(
                split(&format!("{header}\nTitle\nBody")).0,
                "Title",
                "{header}"
            );
        }
    }

    #[test]
    fn headlines_that_look_like_headers_are_kept() {
        assert_eq!(
            split("Press releases matter\nBody").0,
            "Press releases matter"
        );
        assert_eq!(
            split("2017 was a record year\nBody").0,
            "2017 was a record year"
        );
        assert_eq!(
            split("May 2017 sales up 5%\nBody").0,
            "May 2017 sales up 5%"
        );
        assert_eq!(
            split("Contacting customers\nBody").0,
            "Contacting customers"
        );
    }

    #[test]
    fn flattened_web_page_lines() {
        assert_eq!(
            split("Press Releases     ALLARD PRAISES CLINIC OPENING       May 1st  2007   WASHINGTON  D C  Sen. Allard said.\nMore."),
            (
                "ALLARD PRAISES CLINIC OPENING".into(),
                "Press Releases\nMay 1st  2007   WASHINGTON  D C  Sen. Allard said.\nMore.".into()
            )
        );
        assert_eq!(split("Latest News\nNewsroom\nTitle\nBody").0, "Title");
    }

    #[test]
    fn markdown_title() {
        assert_eq!(
            split("# Big *news* today\n\nBody text."),
            ("Big *news* today".into(), "Body text.".into())
        );
        assert_eq!(split("## **Bold** ##\nBody").0, "Bold");
        assert_eq!(split("**Bold title**\nBody").0, "Bold title");
        assert_eq!(
            split("Setext title\n============\n\nBody"),
            ("Setext title".into(), "Body".into())
        );
        assert_eq!(split("----\n#\nReal title\nBody").0, "Real title");
    }

    #[test]
    fn body_is_faithful() {
        let text = "Title\n\n  Indented   line\nwrapped\tline\n\n\n\nLast.  ";
        assert_eq!(split(text).1, "Indented   line\nwrapped\tline\n\n\n\nLast.");
        assert_eq!(split("a\r\nb\rc").1, "b\nc");
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(split(""), (String::new(), String::new()));
        assert_eq!(split("\n\n  \n"), (String::new(), String::new()));
        assert_eq!(
            split("Only a title"),
            ("Only a title".into(), String::new())
        );
        assert_eq!(split("2017-06-26\n"), (String::new(), "2017-06-26".into()));
        let long = "word ".repeat(100);
        assert_eq!(split(&long), (String::new(), long.trim().to_owned()));
        assert_eq!(split("é\u{301}ü\nß").0, "é\u{301}ü");
    }

    #[test]
    fn a_lone_line_that_reads_as_a_body_is_the_body() {
        for text in [
            "WASHINGTON, March 3, 2015 - Senator Barack Obama said the bill would pass.",
            "WASHINGTON, March 3, 2015 - Senator Barack Obama said the bill would pass",
            "GENEVA, 13 June 2017 – The ITU opened a smart city lab with its members today",
            "NEW YORK -- The company said on Tuesday that it would hire two hundred engineers",
            "FOR IMMEDIATE RELEASE\nThe company said on Tuesday that it would hire two hundred \
             engineers in Leeds.",
        ] {
            let (title, body) = split(text);
            assert_eq!(title, "", "{text}");
            assert_eq!(body, text, "{text}");
        }
        // Headlines stay headlines, alone or not.
        for text in [
            "Only a title",
            "Senator Obama Introduces Bill to Help Tap Power of Genomics to Find Cures",
            "ITU, UNESCO sign agreement on broadband – a new era for schools",
            "U.S. Sen. Obama calls on the IRS to protect taxpayers' privacy",
        ] {
            assert_eq!(split(text).0, text, "{text}");
        }
        assert_eq!(
            split("WASHINGTON, March 3, 2015 - Senator Obama said the bill would pass.\nMore.").0,
            "WASHINGTON, March 3, 2015 - Senator Obama said the bill would pass.",
            "only a lone line is read this way"
        );
    }
}
