//! The one date grammar: how a date may be written, in running text, as a value in markup
//! (`<meta content>`, `<time datetime>`, JSON-LD) and in a file path.
//!
//! One list of month names ([`MONTHS`], read by [`month_of_word`]), one regular expression for
//! every full date (numeric, ISO 8601 and written-out forms), and one validity check
//! ([`valid_date`]: a real calendar day in 1900–2100). The text date finder ([`find_dates`]),
//! the markup value reader ([`parse_markup_date`]) and the path reader ([`path_date`]) are
//! entry points into it that differ only in where a date may stand.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// The names of the months as a regular expression (match it case-insensitively): full names
/// and three-letter abbreviations, with or without a period, and `Sept`.
pub(super) const MONTHS: &str = r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sep(?:tember|t\.?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?";

/// The names of the weekdays as a regular expression (match it case-insensitively).
pub(super) const WEEKDAYS: &str = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day";

/// Every supported way of writing a full date. Boundaries that the regex crate cannot express
/// (no look-behind) are checked by hand in [`find_dates`].
static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?ix)
        (?:{w},?\s+)?
        (?:
        (?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})
      | (?P<jy>\d{{4}})/(?P<jm>\d{{1,2}})/(?P<jd>\d{{1,2}})
      | (?P<ky>\d{{4}})\.(?P<km>\d{{1,2}})\.(?P<kd>\d{{1,2}})
      | (?P<cy>\d{{4}})\s*年\s*(?P<cm>\d{{1,2}})\s*月\s*(?P<cd>\d{{1,2}})\s*日
      | (?P<mm>{m})\.?\s*(?P<md>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(?P<my>\d{{4}})
      | (?P<dd>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?(?:\s+|-)(?P<dm>{m})(?:\s*,\s*|\s+|-)(?P<dy>\d{{4}})
      | (?P<pd>\d{{1,2}})\.(?P<pm>\d{{1,2}})\.(?P<py>\d{{4}})
      | (?P<sa>\d{{1,2}})/(?P<sb>\d{{1,2}})/(?P<sy>\d{{4}}|\d{{2}})
      | (?P<ed>\d{{1,2}})-(?P<em>{m})-(?P<ey>\d{{2}})
        )
    ",
        m = MONTHS,
        w = WEEKDAYS,
    );
    Regex::new(&re).expect("date regex")
});

/// A month and a day without a year, for datelines such as `LONDON (Reuters) June 2 -`.
static MONTH_DAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?i)(?:(?P<mm>{m})\.?\s*(?P<md>\d{{1,2}})(?:st|nd|rd|th)?|(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dm>{m}))\b",
        m = MONTHS
    );
    Regex::new(&re).expect("month-day regex")
});

/// Dates inside a file path: `14Aug2006`, `26June2017`, `2006-08-14`, `2017/06/26`, `20170626`.
static PATH_RE: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?ix)
        (?P<dd>\d{{1,2}})[-_]?(?P<dm>{m})[a-z]*[-_]?(?P<dy>\d{{4}})
      | (?P<iy>\d{{4}})[-_/]?(?P<im>\d{{2}})[-_/]?(?P<id>\d{{2}})
    ",
        m = MONTHS
    );
    Regex::new(&re).expect("path date regex")
});

/// A whole word (in ASCII lower case) that is a month's name or abbreviation in [`MONTHS`].
static MONTH_WORD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{MONTHS})$")).expect("month word regex"));

/// Text right after a year that is a time of day glued to it, as in `April06,200712:44 AM`.
static GLUED_TIME_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}:\d\d").expect("glued time regex"));

/// The month a word names (`January`, `jan`, `Sept`, `Dec.`, in any ASCII case): the month
/// names every date form of this grammar accepts.
pub fn month_of_word(word: &str) -> Option<u32> {
    let word = word.to_ascii_lowercase();
    if MONTH_WORD_RE.is_match(&word) {
        month_number(&word)
    } else {
        None
    }
}

/// The month a match of [`MONTHS`] names (its first three letters tell).
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

pub(super) fn num(s: &str) -> Option<u32> {
    s.parse().ok()
}

/// The validity check every date passes: a real calendar day with a year in 1900–2100.
/// (Whether it is after tomorrow is decided when the publication date is chosen.)
pub(super) fn valid_date(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// Which number comes first in an all-numeric date such as `04/10/2007`, when both could be
/// the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// `04/10/2007` is April 10 (the United States' order).
    MonthFirst,
    /// `04/10/2007` is 4 October (most of the rest of the world).
    DayFirst,
}

/// The latest day a release can carry: tomorrow (a release is never dated in the future of the
/// moment it is indexed; one day of slack covers time zones).
pub(super) fn latest_plausible() -> NaiveDate {
    let today = chrono::Utc::now().date_naive();
    today.succ_opt().unwrap_or(today)
}

/// A two-digit year: the latest year ending in those digits that is not after next year
/// (`07` is 2007, `87` is 1987).
pub(super) fn full_year(two: u32) -> u32 {
    let next = u32::try_from(latest_plausible().year()).unwrap_or(2100);
    let y = 2000 + two;
    if y <= next {
        y
    } else {
        1900 + two
    }
}

/// A year written with four digits, or two (see [`full_year`]).
fn year(s: &str) -> Option<u32> {
    let y = num(s)?;
    Some(if s.len() == 2 { full_year(y) } else { y })
}

/// The date a match of [`DATE_RE`] or [`PATH_RE`] spells. An all-numeric date whose first two
/// numbers could both be the month is read in `order`; with no order it is refused.
fn date_from_caps(c: &regex::Captures<'_>, order: Option<Order>) -> Option<NaiveDate> {
    let g = |n: &str| c.name(n).map(|m| m.as_str());
    for (y, m, d) in [
        ("iy", "im", "id"),
        ("jy", "jm", "jd"),
        ("ky", "km", "kd"),
        ("cy", "cm", "cd"),
    ] {
        if let Some(y) = g(y) {
            return valid_date(num(y)?, num(g(m)?)?, num(g(d)?)?);
        }
    }
    if let Some(m) = g("mm") {
        return valid_date(num(g("my")?)?, month_number(m)?, num(g("md")?)?);
    }
    if let Some(d) = g("dd") {
        return valid_date(num(g("dy")?)?, month_number(g("dm")?)?, num(d)?);
    }
    if let Some(d) = g("ed") {
        return valid_date(year(g("ey")?)?, month_number(g("em")?)?, num(d)?);
    }
    if let Some(d) = g("pd") {
        return valid_date(num(g("py")?)?, num(g("pm")?)?, num(d)?);
    }
    if let Some(a) = g("sa") {
        let (a, b, y) = (num(a)?, num(g("sb")?)?, year(g("sy")?)?);
        return if a > 12 {
            valid_date(y, b, a)
        } else if b > 12 || a == b {
            valid_date(y, a, b)
        } else {
            match order? {
                Order::MonthFirst => valid_date(y, a, b),
                Order::DayFirst => valid_date(y, b, a),
            }
        };
    }
    None
}

/// Every full date written in `text`, in order, with its byte range. All-numeric dates whose
/// order is unclear (`03/04/2019`) are left out; see [`find_dates_in_order`].
pub fn find_dates(text: &str) -> impl Iterator<Item = (usize, usize, NaiveDate)> + '_ {
    find_dates_with(text, None)
}

/// Every full date written in `text`, reading unclear all-numeric dates in `order`.
pub fn find_dates_in_order(
    text: &str,
    order: Order,
) -> impl Iterator<Item = (usize, usize, NaiveDate)> + '_ {
    find_dates_with(text, Some(order))
}

fn find_dates_with(
    text: &str,
    order: Option<Order>,
) -> impl Iterator<Item = (usize, usize, NaiveDate)> + '_ {
    let bytes = text.as_bytes();
    DATE_RE.captures_iter(text).filter_map(move |c| {
        let m = c.get(0)?;
        let (s, e) = (m.start(), m.end());
        if s > 0 && (bytes[s - 1].is_ascii_alphanumeric()) {
            return None;
        }
        if e < bytes.len() && bytes[e].is_ascii_digit() {
            // Only a time of day may follow a year without a space ("200712:44 AM").
            let year_last = c.name("my").or(c.name("dy")).or(c.name("sy"));
            if !(year_last.is_some_and(|y| y.end() == e && y.len() == 4)
                && GLUED_TIME_RE.is_match(&text[e..]))
            {
                return None;
            }
        }
        // A month name must not continue into a longer word ("Mayor 5, 2017" is no date).
        if e < bytes.len() && bytes[e].is_ascii_alphabetic() && bytes[e - 1].is_ascii_alphabetic() {
            return None;
        }
        Some((s, e, date_from_caps(&c, order)?))
    })
}

/// The order of all-numeric dates in a document, from the dates it writes unambiguously:
/// `25/03/2019` and `13 June 2017` say day first, `03/25/2019` and `June 13, 2017` month first.
/// With no evidence either way, month first.
pub fn infer_order(text: &str) -> Order {
    let (mut day_first, mut month_first) = (0usize, 0usize);
    for c in DATE_RE.captures_iter(prefix(text, 20_000)) {
        if c.name("dd").is_some() || c.name("ed").is_some() || c.name("pd").is_some() {
            day_first += 1;
        } else if c.name("mm").is_some() {
            month_first += 1;
        } else if let (Some(a), Some(b)) = (c.name("sa"), c.name("sb")) {
            let (a, b) = (num(a.as_str()).unwrap_or(0), num(b.as_str()).unwrap_or(0));
            if a > 12 && b <= 12 {
                day_first += 1;
            } else if b > 12 && a <= 12 {
                month_first += 1;
            }
        }
    }
    if day_first > month_first {
        Order::DayFirst
    } else {
        Order::MonthFirst
    }
}

/// The first month and day written without a year in `text` (`June 2`, `2 June`): its byte
/// range, month and day. The day is not checked against the month.
pub(super) fn find_month_day(text: &str) -> Option<(usize, usize, u32, u32)> {
    let c = MONTH_DAY_RE.captures(text)?;
    let m = c.get(0)?;
    let month = month_number(c.name("mm").or(c.name("dm"))?.as_str())?;
    let day = num(c.name("md").or(c.name("dd"))?.as_str())?;
    Some((m.start(), m.end(), month, day))
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

/// One date written as a value in markup: a `<meta content>`, a `<time datetime>`, a JSON-LD
/// `datePublished`, an RDFa/microdata attribute, or the text of a short element.
///
/// The value may open with an ISO 8601 date in its basic form (`20190507`, `20190507T0900Z`);
/// otherwise the first date [`find_dates`] finds anywhere in the value is taken:
/// `2019-05-07T09:00:00+02:00` is 2019-05-07 (the local date as written, not converted to UTC),
/// `Tue, 7 May 2019 09:00:00 +0200` is 2019-05-07, and so are `May 7, 2019` and `7th of May,
/// 2019`. All-numeric dates whose order is unclear (`07/05/2019`) are not read. Returns `None`
/// when the value holds no valid date (a real calendar day in 1900–2100).
pub fn parse_markup_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    basic_iso_date(value).or_else(|| find_dates(value).next().map(|(_, _, date)| date))
}

/// An ISO 8601 date in its basic form opening `value`: eight digits, then the end or a
/// non-digit (`20190507`, `20190507T090000Z`). Only markup values use it: in running text
/// eight digits are more often a number than a date.
fn basic_iso_date(value: &str) -> Option<NaiveDate> {
    let digits = value.get(..8)?;
    if !digits.bytes().all(|b| b.is_ascii_digit())
        || value.as_bytes().get(8).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    valid_date(num(&digits[..4])?, num(&digits[4..6])?, num(&digits[6..])?)
}

/// A date in a file path: `14Aug2006`, `2006-08-14`, `2017/06/26`, `20170626`, `26June2017`.
/// The last one wins (the file name is more specific than its folders).
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
        if let Some(d) = date_from_caps(&c, None) {
            found = Some(d);
        }
    }
    found
}

/// The longest prefix of `s` of at most `n` bytes that ends on a char boundary.
pub(super) fn prefix(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    let mut n = n;
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    &s[..n]
}
