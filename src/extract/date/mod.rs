//! Publication dates: the one date grammar (the private `grammar` module: how a date is
//! written in running text, in a markup value and in a file path), and choosing a release's
//! publication date from markup hints, header lines, datelines, the file path and the text.
//!
//! All regular expressions are compiled once. Nothing here panics on any input.

mod grammar;

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::model::{DateHint, DateSource};
pub use grammar::{
    find_dates, find_dates_in_order, infer_order, month_of_word, parse_date, parse_markup_date,
    path_date, Order,
};
use grammar::{find_month_day, latest_plausible, num, prefix, valid_date, WEEKDAYS};

/// How far into the body a header line or a dateline may start.
const HEAD_BYTES: usize = 600;

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

static YEAR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19\d\d|20\d\d|2100)\b").expect("year regex"));

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
    Regex::new(&format!(
        r"(?i)(?:\btoday(?:'s date)?|\bcurrent date|\b(?:last\s+)?(?:updated|modified|revised|reviewed)(?:\s+on)?|\bprinted(?:\s+on)?|\baccessed(?:\s+on)?|\bretrieved(?:\s+on)?|\bcopyright|©|\bdeadline(?:\s+is)?|\bexpires?(?:\s+on)?|\b(?:through|thru|until|till|before|after|since|starting|beginning|due|deadline\s+of)(?:\s+(?:on|mid|early|late))?(?:\s+{WEEKDAYS},?)?)\s*[:\-–—,]?\s*$",
    ))
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
        if let Some((s, e, month, day)) = find_month_day(head) {
            if s > 0
                && s <= 80
                && DATELINE_PREFIX_RE.is_match(&head[..s])
                && !labelled_not_published(&head[..s])
            {
                let rest = head[e..].trim_start();
                if rest.starts_with(['-', '–', '—', ':', ')']) {
                    if let Some(y) = guess_year(body, path) {
                        if let Some(d) = valid_date(y, month, day) {
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
mod tests;
