//! Publication dates: parsing one written date (in running text, or as a value in markup), and
//! choosing a release's publication date from markup hints, header lines, datelines, the file
//! path and the text.
//!
//! All regular expressions are compiled once. Nothing here panics on any input.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate};
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
      | (?P<sa>\d{{1,2}})/(?P<sb>\d{{1,2}})/(?P<sy>\d{{4}}|\d{{2}})
      | (?P<ed>\d{{1,2}})-(?P<em>{m})-(?P<ey>\d{{2}})
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
fn latest_plausible() -> NaiveDate {
    let today = chrono::Utc::now().date_naive();
    today.succ_opt().unwrap_or(today)
}

/// A two-digit year: the latest year ending in those digits that is not after next year
/// (`07` is 2007, `87` is 1987).
fn full_year(two: u32) -> u32 {
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

/// The date a match of [`DATE_RE`] spells. An all-numeric date whose first two numbers could
/// both be the month is read in `order`; with no order it is refused.
fn date_from_caps(c: &regex::Captures<'_>, order: Option<Order>) -> Option<NaiveDate> {
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
    if let Some(d) = g("ed") {
        return ymd(year(g("ey")?)?, month_number(g("em")?)?, num(d)?);
    }
    if let Some(d) = g("pd") {
        return ymd(num(g("py")?)?, num(g("pm")?)?, num(d)?);
    }
    if let Some(a) = g("sa") {
        let (a, b, y) = (num(a)?, num(g("sb")?)?, year(g("sy")?)?);
        return if a > 12 {
            ymd(y, b, a)
        } else if b > 12 || a == b {
            ymd(y, a, b)
        } else {
            match order? {
                Order::MonthFirst => ymd(y, a, b),
                Order::DayFirst => ymd(y, b, a),
            }
        };
    }
    None
}

/// Text right after a year that is a time of day glued to it, as in `April06,200712:44 AM`.
static GLUED_TIME_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}:\d\d").expect("glued time regex"));

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

/// A value that opens with an ISO 8601-style date: `2019-05-07`, `2019/05/07`, `2019.05.07`,
/// `20190507` (any time and offset after it is ignored).
static MARKUP_ISO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})(?:([-/.])(\d{1,2})[-/.](\d{1,2})|(\d{2})(\d{2}))(?:$|[^0-9])")
        .expect("markup ISO regex")
});
/// A word, a day and a year: `May 7, 2019`, `Tuesday, May 7th 2019`, `Sept. 7, 2019`.
static MARKUP_MONTH_DAY_YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
        .expect("markup month-day-year regex")
});
/// A day, a word and a year: `7 May 2019`, `7th of May, 2019`, `Tue, 7 May 2019 09:00:00 +0200`.
static MARKUP_DAY_MONTH_YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})\b")
        .expect("markup day-month-year regex")
});
/// A whole word (in ASCII lower case) that is a month's name or abbreviation as `MONTHS`
/// spells them.
static MONTH_WORD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{MONTHS})$")).expect("month word regex"));

/// The month a word names (`January`, `jan`, `Sept`, in any ASCII case), with the month names
/// of the text grammar.
fn month_of_word(word: &str) -> Option<u32> {
    let word = word.to_ascii_lowercase();
    if MONTH_WORD_RE.is_match(&word) {
        month_number(&word)
    } else {
        None
    }
}

/// One date written as a value in markup: a `<meta content>`, a `<time datetime>`, a JSON-LD
/// `datePublished`, an RDFa/microdata attribute, or the text of a short element.
///
/// Accepted, in this order: an ISO 8601 / RFC 3339 date opening the value
/// (`2019-05-07T09:00:00+02:00` is 2019-05-07: the local date as written, not converted to
/// UTC; also `2019/5/7`, `2019.05.07`, `20190507`); an RFC 2822 date
/// (`Tue, 7 May 2019 09:00:00 +0200`); the first `May 7, 2019` anywhere in the value; else the
/// first `7 May 2019`. Returns `None` for anything else or an impossible date.
///
/// It differs from [`parse_date`], the grammar of running text, where markup differs from
/// text: a value opening with a year is read as year, month, day whatever the separators, any
/// four-digit year is taken (a date after tomorrow is refused later, when the publication
/// date is chosen), the date need not open the value, and all-numeric day/month dates
/// (`07/05/2019`) are not read.
pub fn parse_markup_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if let Some(c) = MARKUP_ISO_RE.captures(value) {
        let year = c.get(1)?.as_str().parse().ok()?;
        let (month, day) = match (c.get(3), c.get(4)) {
            (Some(m), Some(d)) => (m, d),
            _ => (c.get(5)?, c.get(6)?),
        };
        return NaiveDate::from_ymd_opt(
            year,
            month.as_str().parse().ok()?,
            day.as_str().parse().ok()?,
        );
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(value) {
        return Some(dt.date_naive());
    }
    if let Some(c) = MARKUP_MONTH_DAY_YEAR_RE.captures(value) {
        if let Some(month) = month_of_word(c.get(1)?.as_str()) {
            let day = c.get(2)?.as_str().parse().ok()?;
            let year = c.get(3)?.as_str().parse().ok()?;
            if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                return Some(date);
            }
        }
    }
    if let Some(c) = MARKUP_DAY_MONTH_YEAR_RE.captures(value) {
        let month = month_of_word(c.get(2)?.as_str())?;
        let day = c.get(1)?.as_str().parse().ok()?;
        let year = c.get(3)?.as_str().parse().ok()?;
        return NaiveDate::from_ymd_opt(year, month, day);
    }
    None
}

/// True when `rest` holds nothing but a time of day and a zone (or nothing).
fn only_time(rest: &str) -> bool {
    rest.chars().all(|c| {
        c.is_ascii_digit() || c.is_whitespace() || ":.+-TZ".contains(c) || c.is_ascii_uppercase()
    }) && rest.len() <= 40
        || rest.trim().is_empty()
}

/// Labels after which a date is not the publication date: the day a page was viewed, printed,
/// updated or retrieved, a copyright year, a deadline, the bound of a period ("through October
/// 25, 2007", "since September 11, 2001"). `Today: July 24, 2008` on a page saved
/// long after the release is the day of the crawl.
static NOT_PUBLISHED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\btoday(?:'s date)?|\bcurrent date|\b(?:last\s+)?(?:updated|modified|revised|reviewed)(?:\s+on)?|\bprinted(?:\s+on)?|\baccessed(?:\s+on)?|\bretrieved(?:\s+on)?|\bcopyright|©|\bdeadline(?:\s+is)?|\bexpires?(?:\s+on)?|\b(?:through|thru|until|till|before|after|since|starting|beginning|due|deadline\s+of)(?:\s+(?:on|mid|early|late))?(?:\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day,?)?)\s*[:\-–—,]?\s*$",
    )
    .expect("not-published regex")
});

/// Whether the text just before a date labels it as something other than the publication date.
fn labelled_not_published(before: &str) -> bool {
    let mut from = before.len().saturating_sub(40);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    NOT_PUBLISHED_RE.is_match(&before[from..])
}

/// A date header at the top of the body: a labelled line (`Date: …`, `Released: …`), a line that
/// is only a timestamp, or a date opening the first line of the text (text flattened from a web
/// page often runs the date into the headline: `April06,200712:44 AM EDTAP Newsmaker: …`).
fn header_date(body: &str, order: Order) -> Option<NaiveDate> {
    let mut offset = 0;
    let mut first = true;
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
            if let Some((_, _, d)) = c
                .name("rest")
                .and_then(|r| find_dates_in_order(r.as_str(), order).next())
            {
                return Some(d);
            }
        }
        if let Some((0, e, d)) = find_dates_in_order(line, order).next() {
            // A line that is only a timestamp, or the date that opens the document.
            if first || only_time(&line[e..]) {
                return Some(d);
            }
        }
        first = false;
    }
    None
}

/// A date opening a line of text (the headline of a plain-text release, for instance).
fn opening_date(line: &str, order: Order) -> Option<NaiveDate> {
    match find_dates_in_order(line.trim_start(), order).next() {
        Some((0, _, d)) => Some(d),
        _ => None,
    }
}

/// A dateline opening a paragraph near the top: `GENEVA, 13 June 2017 –`.
fn dateline_date(body: &str, path: &str, order: Order) -> Option<NaiveDate> {
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
        if let Some((s, _, d)) = find_dates_in_order(head, order).next() {
            if s > 0
                && s <= 80
                && DATELINE_PREFIX_RE.is_match(&head[..s])
                && !labelled_not_published(&head[..s])
            {
                return Some(d);
            }
        }
        // A month and day without a year: take the year from elsewhere.
        if let Some(c) = MONTH_DAY_RE.captures(head) {
            let m = c.get(0)?;
            let (s, e) = (m.start(), m.end());
            if s > 0
                && s <= 80
                && DATELINE_PREFIX_RE.is_match(&head[..s])
                && !labelled_not_published(&head[..s])
            {
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

/// The year of a release whose dateline gives only a month and a day: the path's, else that of
/// the first full date in the text, else the first plausible year written near the top.
fn guess_year(body: &str, path: &str) -> Option<u32> {
    let latest = latest_plausible();
    if let Some(d) = path_date(path).filter(|d| *d <= latest) {
        return Some(d.year() as u32);
    }
    if let Some((_, _, d)) = find_dates(body).find(|(_, _, d)| *d <= latest) {
        return Some(d.year() as u32);
    }
    let latest_year = u32::try_from(latest.year()).unwrap_or(2100);
    YEAR_RE
        .captures_iter(prefix(body, 4000))
        .filter_map(|c| num(c.get(1)?.as_str()))
        .find(|y| *y <= latest_year)
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

/// The publication date and where it came from, for a release with no title apart from its
/// body (see [`release_date`]).
pub fn publication_date(
    hints: &[DateHint],
    body: &str,
    path: &str,
) -> Option<(NaiveDate, DateSource)> {
    release_date(hints, "", body, path)
}

/// The publication date of a release and where it came from. Evidence is taken in this order,
/// and a date after tomorrow is never taken:
///
/// 1. markup hints: JSON-LD, then `<meta>` and RDFa/microdata attributes, then `<time>`;
/// 2. a date in the file name (`14Aug2006Kennedy1.txt`, `report-2017-06-26.html`): a label
///    someone wrote on purpose, where the text's own dates are often those of a wire story or
///    an event;
/// 3. a header at the top of the body (`Date: …`, a timestamp line, a date opening the text),
///    then a date opening the headline;
/// 4. a dateline (`GENEVA, 13 June 2017 –`);
/// 5. a date in the folders of the path (`news/2017/06/26/x.txt`);
/// 6. the first full date in the text that is not labelled as a viewing, update or copyright
///    date.
///
/// All-numeric dates whose order is unclear (`04/10/2007`) are read in the order the document's
/// other dates use ([`infer_order`]), month first when nothing tells.
pub fn release_date(
    hints: &[DateHint],
    title: &str,
    body: &str,
    path: &str,
) -> Option<(NaiveDate, DateSource)> {
    let latest = latest_plausible();
    let ok = |d: &NaiveDate| *d <= latest;
    for src in [DateSource::JsonLd, DateSource::Meta, DateSource::Time] {
        if let Some(h) = hints.iter().find(|h| h.source == src && ok(&h.date)) {
            return Some((h.date, src));
        }
    }
    if let Some(h) = hints.iter().find(|h| ok(&h.date)) {
        return Some((h.date, h.source));
    }
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    if let Some(d) = path_date(file).filter(ok) {
        return Some((d, DateSource::Path));
    }
    let order = infer_order(body);
    if let Some(d) = header_date(body, order).filter(ok) {
        return Some((d, DateSource::Header));
    }
    if let Some(d) = opening_date(title, order).filter(ok) {
        return Some((d, DateSource::Header));
    }
    if let Some(d) = dateline_date(body, path, order).filter(ok) {
        return Some((d, DateSource::Dateline));
    }
    // The whole path: folders, or folders and file name together (`2017/06/26-story.txt`).
    if let Some(d) = path_date(path).filter(ok) {
        return Some((d, DateSource::Path));
    }
    find_dates_in_order(body, order)
        .find(|&(s, _, d)| ok(&d) && !labelled_not_published(&body[..s]))
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
                publication_date(&[], body, "x/2001/01/01/r.txt"),
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
    fn year_glued_to_a_time() {
        // Text flattened from a web page: no space between year and time, nor before the title.
        assert_eq!(
            publication_date(
                &[],
                "March09,200811:05 PM ESTSenator Doe visits the port",
                ""
            ),
            Some((d(2008, 3, 9), DateSource::Header))
        );
        // Other digits glued to a year still make it no date.
        assert_eq!(parse_date("March 9, 20081"), None);
        assert_eq!(parse_date("March 9, 2008123"), None);
    }

    #[test]
    fn date_opening_the_text_or_the_title() {
        assert_eq!(
            publication_date(&[], "Thursday  March  6  2008  Senator Doe said today.", ""),
            Some((d(2008, 3, 6), DateSource::Header))
        );
        assert_eq!(
            release_date(&[], "October 2 2006 Doe Bill Passes Senate", "Text.", ""),
            Some((d(2006, 10, 2), DateSource::Header))
        );
        // Only the first line may run on after its date.
        assert_eq!(
            publication_date(
                &[],
                "Headline
March 6, 2008 was a day to remember.",
                ""
            ),
            Some((d(2008, 3, 6), DateSource::Text))
        );
    }

    #[test]
    fn two_digit_years() {
        assert_eq!(
            publication_date(
                &[],
                "Posted: 04/10/07

Text.",
                ""
            ),
            Some((d(2007, 4, 10), DateSource::Header))
        );
        assert_eq!(parse_date("26-FEB-87 15:01"), Some(d(1987, 2, 26)));
        assert_eq!(parse_date("31/01/09"), Some(d(2009, 1, 31)));
        // "5 May 20 people": two digits after a spelled month with a space are no year.
        assert_eq!(parse_date("5 May 20 people"), None);
        assert_eq!(full_year(87), 1987);
        assert_eq!(full_year(7), 2007);
    }

    #[test]
    fn numeric_order_from_the_document() {
        let day_first = "Released 04/10/2017.

The forum met on 13 June 2017 in Geneva.";
        assert_eq!(infer_order(day_first), Order::DayFirst);
        assert_eq!(
            publication_date(&[], day_first, "").map(|(d, _)| d),
            Some(d(2017, 10, 4))
        );
        let month_first = "Released 04/10/2017.

The forum met on June 13, 2017.";
        assert_eq!(infer_order(month_first), Order::MonthFirst);
        assert_eq!(
            publication_date(&[], month_first, "").map(|(d, _)| d),
            Some(d(2017, 4, 10))
        );
        // No evidence: month first.
        assert_eq!(infer_order("Date: 04/10/2017"), Order::MonthFirst);
        assert_eq!(infer_order("on 25/12/2016 and 04/10/2017"), Order::DayFirst);
    }

    #[test]
    fn viewing_and_copyright_dates_are_not_publication_dates() {
        let body = "Media Release

Today: July 24, 2008

The senator spoke on March 3, 2006.

                    Copyright July 1, 2005";
        assert_eq!(
            publication_date(&[], body, ""),
            Some((d(2006, 3, 3), DateSource::Text))
        );
        // The bound of a period is not the day of the release.
        assert_eq!(
            publication_date(
                &[],
                "Applications accepted through October 25, 2007. August 8, 2007 – text.",
                ""
            ),
            Some((d(2007, 8, 8), DateSource::Text))
        );
        assert_eq!(publication_date(&[], "Last updated: May 2, 2011", ""), None);
    }

    #[test]
    fn never_in_the_future() {
        let future = DateHint {
            date: d(2999, 1, 1),
            source: DateSource::Meta,
        };
        assert_eq!(
            publication_date(&[future], "Date: 2018-04-02", ""),
            Some((d(2018, 4, 2), DateSource::Header))
        );
        assert_eq!(
            publication_date(
                &[],
                "The plan runs until June 1, 2099. Signed May 5, 2010.",
                ""
            ),
            Some((d(2010, 5, 5), DateSource::Text))
        );
        assert_eq!(publication_date(&[], "x", "a/2099-01-01.txt"), None);
    }

    #[test]
    fn file_name_before_text_folders_after_dateline() {
        // A date in the file name is a label written on purpose; the text's date may be the
        // day a wire story ran.
        assert_eq!(
            publication_date(
                &[],
                "Date: 2007-12-13

Text.",
                "raw/Doe/11Dec2007Doe19.txt"
            ),
            Some((d(2007, 12, 11), DateSource::Path))
        );
        assert_eq!(
            publication_date(&[], "GENEVA, 13 June 2017 – Text.", "news/2017/06/20/x.txt"),
            Some((d(2017, 6, 13), DateSource::Dateline))
        );
        assert_eq!(
            publication_date(&[], "Text without dates.", "news/2017/06/20/x.txt"),
            Some((d(2017, 6, 20), DateSource::Path))
        );
        assert_eq!(
            publication_date(&[], "Text without dates.", "news/2017/06/21-x.txt"),
            Some((d(2017, 6, 21), DateSource::Path))
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
