//! Publication dates: parsing one written date, and choosing a release's publication date
//! from markup hints, header lines, datelines, the file path and the text.
//!
//! All regular expressions are compiled once. Nothing here panics on any input.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::model::{DateHint, DateSource};

/// How far into the body a header line or a dateline may start.
const HEAD_BYTES: usize = 600;

const MONTHS: &str = r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sep(?:tember|t\.?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?";

/// Every supported way of writing a full date. Boundaries that the regex crate cannot express
/// (no look-behind) are checked by hand in [`find_dates`].
static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?ix)
        (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?
        (?:
        (?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})
      | (?P<jy>\d{{4}})/(?P<jm>\d{{1,2}})/(?P<jd>\d{{1,2}})
      | (?P<ky>\d{{4}})\.(?P<km>\d{{1,2}})\.(?P<kd>\d{{1,2}})
      | (?P<cy>\d{{4}})\s*年\s*(?P<cm>\d{{1,2}})\s*月\s*(?P<cd>\d{{1,2}})\s*日
      | (?P<mm>{m})\.?\s*(?P<md>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(?P<my>\d{{4}})
      | (?P<dd>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?(?:\s+|-)(?P<dm>{m})(?:\s*,\s*|\s+|-)(?P<dy>\d{{4}})
      | (?P<pd>\d{{1,2}})\.(?P<pm>\d{{1,2}})\.(?P<py>\d{{4}})
      | (?P<sa>\d{{1,2}})/(?P<sb>\d{{1,2}})/(?P<sy>\d{{4}})
        )
    ",
        m = MONTHS
    );
    Regex::new(&re).expect("date regex")
});

/// Dates inside a file path: `14Aug2006`, `26June2017`, `2006-08-14`, `2017/06/26`, `20170626`.
static PATH_RE: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?ix)
        (?P<dd>\d{{1,2}})[-_]?(?P<dm>{m})[a-z]*[-_]?(?P<dy>\d{{4}})
      | (?P<iy>\d{{4}})[-_/]?(?P<im>\d{{2}})[-_/]?(?P<id>\d{{2}})
    ",
        m = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
    );
    Regex::new(&re).expect("path date regex")
});

/// A labelled header line: `Date: 2018-04-02`, `Published: …`, `<DATE> 26-FEB-1987 …`.
static HEADER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:<date>|(?:date|dated|published|publication date|posted|released|release date|issued|updated|for release|for immediate release|embargoed until|embargoed|embargo)\s*[:\-–—]?)\s*(?P<rest>.+)$",
    )
    .expect("header regex")
});

/// What may precede the date in a dateline: a place in capitals or Title Case, commas, an
/// agency in parentheses. `GENEVA, `, `NAIROBI, Kenya, `, `Washington, D.C. (`, `LONDON (Reuters) `.
static DATELINE_PREFIX_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\p{Lu}[\p{L}\p{M}.'’\-]*(?:(?:\s+|\s*,\s*|\s*/\s*)(?:\p{Lu}[\p{L}\p{M}.'’\-]*|\(\p{Lu}[\p{L}\p{M}. ]*\)|de|da|del|di|do|la|el|es|of|upon|on))*\s*[,(\-–—:]*\s*\(?\s*$",
    )
    .expect("dateline regex")
});

/// A month and a day without a year, for datelines such as `LONDON (Reuters) June 2 -`.
static MONTH_DAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?i)(?:(?P<mm>{m})\.?\s*(?P<md>\d{{1,2}})(?:st|nd|rd|th)?|(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dm>{m}))\b",
        m = MONTHS
    );
    Regex::new(&re).expect("month-day regex")
});

static YEAR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19\d\d|20\d\d|2100)\b").expect("year regex"));

fn month_number(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.');
    let p = s.get(..3)?.to_ascii_lowercase();
    let m = match p.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn num(s: &str) -> Option<u32> {
    s.parse().ok()
}

/// A valid calendar day with a year in 1900–2100.
fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

fn date_from_caps(c: &regex::Captures<'_>) -> Option<NaiveDate> {
    let g = |n: &str| c.name(n).map(|m| m.as_str());
    for (y, m, d) in [
        ("iy", "im", "id"),
        ("jy", "jm", "jd"),
        ("ky", "km", "kd"),
        ("cy", "cm", "cd"),
    ] {
        if let Some(y) = g(y) {
            return ymd(num(y)?, num(g(m)?)?, num(g(d)?)?);
        }
    }
    if let Some(m) = g("mm") {
        return ymd(num(g("my")?)?, month_number(m)?, num(g("md")?)?);
    }
    if let Some(d) = g("dd") {
        return ymd(num(g("dy")?)?, month_number(g("dm")?)?, num(d)?);
    }
    if let Some(d) = g("pd") {
        return ymd(num(g("py")?)?, num(g("pm")?)?, num(d)?);
    }
    if let Some(a) = g("sa") {
        let (a, b, y) = (num(a)?, num(g("sb")?)?, num(g("sy")?)?);
        // Day-first or month-first: only when the numbers leave no doubt.
        return if a > 12 {
            ymd(y, b, a)
        } else if b > 12 || a == b {
            ymd(y, a, b)
        } else {
            None
        };
    }
    None
}

/// Every full date written in `text`, in order, with its byte range.
pub fn find_dates(text: &str) -> impl Iterator<Item = (usize, usize, NaiveDate)> + '_ {
    let bytes = text.as_bytes();
    DATE_RE.captures_iter(text).filter_map(move |c| {
        let m = c.get(0)?;
        let (s, e) = (m.start(), m.end());
        if s > 0 && (bytes[s - 1].is_ascii_alphanumeric()) {
            return None;
        }
        if e < bytes.len() && bytes[e].is_ascii_digit() {
            return None;
        }
        // A month name must not continue into a longer word ("Mayor 5, 2017" is no date).
        if e < bytes.len() && bytes[e].is_ascii_alphabetic() && bytes[e - 1].is_ascii_alphabetic() {
            return None;
        }
        Some((s, e, date_from_caps(&c)?))
    })
}

/// One date written in any supported style, possibly with a leading weekday and a trailing
/// time ("2017-6-26 19:04:02", "Tuesday, June 13, 2017", "26-FEB-1987 15:01:01.79").
/// The date must open the string (after whitespace).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim_start();
    let (start, _, d) = find_dates(t).next()?;
    if start == 0 {
        Some(d)
    } else {
        None
    }
}

/// True when `rest` holds nothing but a time of day and a zone (or nothing).
fn only_time(rest: &str) -> bool {
    rest.chars().all(|c| {
        c.is_ascii_digit() || c.is_whitespace() || ":.+-TZ".contains(c) || c.is_ascii_uppercase()
    }) && rest.len() <= 40
        || rest.trim().is_empty()
}

/// A date header at the top of the body.
fn header_date(body: &str) -> Option<NaiveDate> {
    let mut offset = 0;
    for (i, line) in body.split('\n').enumerate() {
        if offset > HEAD_BYTES || i > 12 {
            break;
        }
        offset += line.len() + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(c) = HEADER_RE.captures(line) {
            if let Some((_, _, d)) = c.name("rest").and_then(|r| find_dates(r.as_str()).next()) {
                return Some(d);
            }
        }
        // A line that is only a timestamp.
        if let Some((0, e, d)) = find_dates(line).next() {
            if only_time(&line[e..]) {
                return Some(d);
            }
        }
    }
    None
}

/// A dateline opening a paragraph near the top: `GENEVA, 13 June 2017 –`.
fn dateline_date(body: &str, path: &str) -> Option<NaiveDate> {
    let mut offset = 0;
    for line in body.split('\n') {
        if offset > HEAD_BYTES {
            break;
        }
        offset += line.len() + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let head = prefix(line, 120);
        if let Some((s, _, d)) = find_dates(head).next() {
            if s > 0 && s <= 80 && DATELINE_PREFIX_RE.is_match(&head[..s]) {
                return Some(d);
            }
        }
        // A month and day without a year: take the year from elsewhere.
        if let Some(c) = MONTH_DAY_RE.captures(head) {
            let m = c.get(0)?;
            let (s, e) = (m.start(), m.end());
            if s > 0 && s <= 80 && DATELINE_PREFIX_RE.is_match(&head[..s]) {
                let rest = head[e..].trim_start();
                if rest.starts_with(['-', '–', '—', ':', ')']) {
                    let month = month_number(c.name("mm").or(c.name("dm"))?.as_str())?;
                    let day = num(c.name("md").or(c.name("dd"))?.as_str())?;
                    if let Some(y) = guess_year(body, path) {
                        if let Some(d) = ymd(y, month, day) {
                            return Some(d);
                        }
                    }
                }
            }
        }
    }
    None
}

fn guess_year(body: &str, path: &str) -> Option<u32> {
    if let Some(d) = path_date(path) {
        return Some(d.year() as u32);
    }
    if let Some((_, _, d)) = find_dates(body).next() {
        return Some(d.year() as u32);
    }
    YEAR_RE
        .captures(prefix(body, 4000))
        .and_then(|c| num(c.get(1)?.as_str()))
}

/// The longest prefix of `s` of at most `n` bytes that ends on a char boundary.
fn prefix(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    let mut n = n;
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    &s[..n]
}

/// A date in a file path: `14Aug2006`, `2006-08-14`, `2017/06/26`, `20170626`, `26June2017`.
pub fn path_date(path: &str) -> Option<NaiveDate> {
    let bytes = path.as_bytes();
    let mut found = None;
    for c in PATH_RE.captures_iter(path) {
        let Some(m) = c.get(0) else { continue };
        let (s, e) = (m.start(), m.end());
        if (s > 0 && bytes[s - 1].is_ascii_digit())
            || (e < bytes.len() && bytes[e].is_ascii_digit())
        {
            continue;
        }
        if let Some(d) = date_from_caps(&c) {
            // The last date in the path is the most specific (the file name).
            found = Some(d);
        }
    }
    found
}

/// The publication date and where it came from: markup hints (JSON-LD, then `<meta>`, then
/// `<time>`), a header line, a dateline, the path, and finally the first full date in the text.
pub fn publication_date(
    hints: &[DateHint],
    body: &str,
    path: &str,
) -> Option<(NaiveDate, DateSource)> {
    for src in [DateSource::JsonLd, DateSource::Meta, DateSource::Time] {
        if let Some(h) = hints.iter().find(|h| h.source == src) {
            return Some((h.date, src));
        }
    }
    if let Some(h) = hints.first() {
        return Some((h.date, h.source));
    }
    if let Some(d) = header_date(body) {
        return Some((d, DateSource::Header));
    }
    if let Some(d) = dateline_date(body, path) {
        return Some((d, DateSource::Dateline));
    }
    if let Some(d) = path_date(path) {
        return Some((d, DateSource::Path));
    }
    find_dates(body)
        .next()
        .map(|(_, _, d)| (d, DateSource::Text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn styles() {
        let cases = [
            ("2017-06-26", d(2017, 6, 26)),
            ("2017-6-26 19:04:02", d(2017, 6, 26)),
            ("2017/06/26", d(2017, 6, 26)),
            ("2019年9月6日", d(2019, 9, 6)),
            ("June 13, 2017", d(2017, 6, 13)),
            ("Jun. 13, 2017", d(2017, 6, 13)),
            ("Sept. 3, 2019", d(2019, 9, 3)),
            ("13 June 2017", d(2017, 6, 13)),
            ("13th June, 2017", d(2017, 6, 13)),
            ("June 13th, 2017", d(2017, 6, 13)),
            ("Tuesday, June 13, 2017", d(2017, 6, 13)),
            ("13.06.2017", d(2017, 6, 13)),
            ("26-FEB-1987 15:01:01.79", d(1987, 2, 26)),
            ("25/03/2019", d(2019, 3, 25)),
            ("03/25/2019", d(2019, 3, 25)),
            ("2017-06-26T10:00:00Z", d(2017, 6, 26)),
            ("Tuesday, 14 March 2023", d(2023, 3, 14)),
        ];
        for (s, want) in cases {
            assert_eq!(parse_date(s), Some(want), "{s}");
        }
    }

    #[test]
    fn rejects() {
        for s in [
            "03/04/2019",
            "2017-02-30",
            "1850-01-01",
            "June 32, 2017",
            "Mayor 5, 2017",
            "hello",
            "",
            "12345678901234567890",
            "2017-13-01",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn hints_first() {
        let h = [
            DateHint {
                date: d(2020, 1, 2),
                source: DateSource::Time,
            },
            DateHint {
                date: d(2020, 1, 3),
                source: DateSource::Meta,
            },
        ];
        assert_eq!(
            publication_date(&h, "Date: 2018-04-02", ""),
            Some((d(2020, 1, 3), DateSource::Meta))
        );
    }

    #[test]
    fn header_dateline_path_text() {
        assert_eq!(
            publication_date(&[], "Date: 2018-04-02\n\nText on 5 May 2019.", ""),
            Some((d(2018, 4, 2), DateSource::Header))
        );
        assert_eq!(
            publication_date(&[], "2017-6-26 19:04:02\n\nText.", ""),
            Some((d(2017, 6, 26), DateSource::Header))
        );
        assert_eq!(
            publication_date(&[], "EMBARGOED UNTIL 00:01 BST, 29 JULY 2022\n\nText.", ""),
            Some((d(2022, 7, 29), DateSource::Header))
        );
        assert_eq!(
            publication_date(&[], "<DATE> 26-FEB-1987 15:01:01.79\nText.", ""),
            Some((d(1987, 2, 26), DateSource::Header))
        );
        for (body, want) in [
            ("GENEVA, 13 June 2017 – The ITU said.", d(2017, 6, 13)),
            (
                "NAIROBI, Kenya, March 3, 2019 — Officials said.",
                d(2019, 3, 3),
            ),
            (
                "Washington, D.C. (June 5, 2018) - The senator.",
                d(2018, 6, 5),
            ),
            (
                "Intro line.\n\nSAN FRANCISCO, Calif. -- Jan. 4, 2016 -- Acme",
                d(2016, 1, 4),
            ),
        ] {
            assert_eq!(
                publication_date(&[], body, "x/2001-01-01.txt"),
                Some((want, DateSource::Dateline)),
                "{body}"
            );
        }
        assert_eq!(
            publication_date(&[], "LONDON (Reuters) June 2 - Shares fell in 1987.", ""),
            Some((d(1987, 6, 2), DateSource::Dateline))
        );
        assert_eq!(
            publication_date(
                &[],
                "Senator Kennedy spoke.",
                "grimmer/Kennedy/14Aug2006Kennedy123.txt"
            ),
            Some((d(2006, 8, 14), DateSource::Path))
        );
        assert_eq!(
            publication_date(&[], "Text.", "news/2017/06/26/x.txt"),
            Some((d(2017, 6, 26), DateSource::Path))
        );
        assert_eq!(path_date("a/20170626_b.txt"), Some(d(2017, 6, 26)));
        assert_eq!(path_date("a/2017_06_26.txt"), Some(d(2017, 6, 26)));
        assert_eq!(path_date("a/26June2017.txt"), Some(d(2017, 6, 26)));
        assert_eq!(path_date("a/b.txt"), None);
        assert_eq!(
            publication_date(&[], "The meeting on 13 June 2017 went well.", "a.txt"),
            Some((d(2017, 6, 13), DateSource::Text))
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        for s in [
            "é2017-06-26",
            "13 Juné 2017",
            "Jan 1, 99999",
            "\u{0}",
            "‐–—",
        ] {
            let _ = parse_date(s);
            let _ = publication_date(&[], s, s);
        }
    }
}
