//! What the markup says about the page besides its text: the `og:title`, the `og:url` and
//! `<link>` elements (the original address, read by `address`), and the publication date hints of JSON-LD, `<meta>` tags, RDFa/microdata attributes and `<time>` elements.
//!
//! Date values are read with `parse_markup_date` of `extract::date`, whose one date grammar also
//! finds dates in running text (`crate::parse` re-exports it as `parse_date_value`).

use std::sync::LazyLock;

use chrono::NaiveDate;
use scraper::{ElementRef, Html, Selector};

use super::tree::{element_text, selector};
use crate::extract::date::parse_markup_date;
use crate::model::{DateHint, DateSource};

static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time"));

/// `<meta>` names (property, name or itemprop) that carry a publication date.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "dcterms.issued",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "dc.date.created",
];

/// The elements the title and date readers look at, gathered in one pass over the page instead
/// of one selector pass each. Each list is in the order `Html::select` gives (the tree's node
/// order, elements that are attached), so each reader sees what its selector would match.
pub(super) struct Marked<'a> {
    /// `<meta>`.
    pub(super) metas: Vec<ElementRef<'a>>,
    /// `<title>`.
    pub(super) titles: Vec<ElementRef<'a>>,
    /// `<link>`.
    pub(super) links: Vec<ElementRef<'a>>,
    /// `<script type="application/ld+json">` (the type in any case).
    json_ld: Vec<ElementRef<'a>>,
    /// `<time>`.
    times: Vec<ElementRef<'a>>,
    /// Elements other than `<meta>` and `<time>` with a `property` or `itemprop` attribute and
    /// a `content` or `datetime` attribute.
    date_attributes: Vec<ElementRef<'a>>,
}

impl<'a> Marked<'a> {
    /// The marked elements of `doc`.
    pub(super) fn gather(doc: &'a Html) -> Marked<'a> {
        let mut marked = Marked {
            metas: Vec::new(),
            titles: Vec::new(),
            links: Vec::new(),
            json_ld: Vec::new(),
            times: Vec::new(),
            date_attributes: Vec::new(),
        };
        for node in doc.tree.nodes() {
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            if el.parent().is_none() {
                continue;
            }
            let e = el.value();
            match e.name() {
                "meta" => {
                    marked.metas.push(el);
                    continue;
                }
                "time" => {
                    marked.times.push(el);
                    continue;
                }
                "title" => marked.titles.push(el),
                "link" => marked.links.push(el),
                "script"
                    if e.attr("type")
                        .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
                {
                    marked.json_ld.push(el)
                }
                _ => {}
            }
            if (e.attr("property").is_some() || e.attr("itemprop").is_some())
                && (e.attr("content").is_some() || e.attr("datetime").is_some())
            {
                marked.date_attributes.push(el);
            }
        }
        marked
    }
}

/// What the `<meta>` tags say.
pub(super) struct Metas {
    /// The first non-blank `og:title`.
    pub(super) og_title: Option<String>,
    /// The first `og:url` that is a safe absolute address (see `address::original_url`).
    pub(super) og_url: Option<String>,
    /// The dates of date `<meta>` tags, in document order.
    pub(super) dates: Vec<NaiveDate>,
}

/// The date hints of a page, duplicates removed: JSON-LD `datePublished`/`dateCreated`, then
/// date `<meta>` tags (`meta_dates`, from `read_metas`) and RDFa/microdata attributes, then one
/// `<time>` (one marked as the publication date, else the first in `container`, the main
/// content, else the first), each in document order.
pub(super) fn date_hints(
    marked: &Marked<'_>,
    meta_dates: &[NaiveDate],
    container: ElementRef<'_>,
) -> Vec<DateHint> {
    let mut date_hints = Vec::new();
    let mut push = |date: NaiveDate, source: DateSource| {
        let hint = DateHint { date, source };
        if !date_hints.contains(&hint) {
            date_hints.push(hint);
        }
    };
    for date in json_ld_dates(&marked.json_ld) {
        push(date, DateSource::JsonLd);
    }
    for &date in meta_dates {
        push(date, DateSource::Meta);
    }
    for date in attribute_dates(&marked.date_attributes) {
        push(date, DateSource::Meta);
    }
    if let Some(date) = time_date(&marked.times, container) {
        push(date, DateSource::Time);
    }
    date_hints
}

/// Reads og:title, og:url and date `<meta>` tags, in document order.
pub(super) fn read_metas(elements: &[ElementRef<'_>]) -> Metas {
    let mut metas = Metas {
        og_title: None,
        og_url: None,
        dates: Vec::new(),
    };
    for el in elements {
        let e = el.value();
        let Some(content) = e.attr("content") else {
            continue;
        };
        for key in ["property", "name", "itemprop"] {
            let Some(name) = e.attr(key) else { continue };
            let name = name.trim();
            if name.eq_ignore_ascii_case("og:title") {
                if metas.og_title.is_none() && !content.trim().is_empty() {
                    metas.og_title = Some(content.to_owned());
                }
            } else if name.eq_ignore_ascii_case("og:url") {
                if metas.og_url.is_none() {
                    metas.og_url = super::address::original_url(content);
                }
            } else if DATE_META.iter().any(|m| m.eq_ignore_ascii_case(name)) {
                if let Some(date) = parse_markup_date(content) {
                    metas.dates.push(date);
                }
            }
            break;
        }
    }
    metas
}

/// Whether a `property`/`itemprop` value names a publication date: one of `DATE_META`, with
/// RDFa's `dc:date` / `dcterms:issued` spelling accepted for `dc.date` / `dcterms.issued`.
fn is_date_property(name: &str) -> bool {
    name.split_whitespace().any(|n| {
        let dotted = n.replace(':', ".");
        DATE_META
            .iter()
            .any(|m| m.eq_ignore_ascii_case(n) || m.eq_ignore_ascii_case(&dotted))
    })
}

/// Dates in RDFa and microdata attributes on elements other than `<meta>`, in document order:
/// `<span property="dc:date" content="2018-04-13T00:00:00-04:00">` (Drupal's date field),
/// `<span itemprop="datePublished" content="2019-05-07">`. The machine-readable value
/// (`content`, else `datetime`) is read, not the text shown.
fn attribute_dates(elements: &[ElementRef<'_>]) -> Vec<NaiveDate> {
    elements
        .iter()
        .filter(|el| {
            let e = el.value();
            e.attr("property").is_some_and(is_date_property)
                || e.attr("itemprop").is_some_and(is_date_property)
        })
        .filter_map(|el| {
            let e = el.value();
            e.attr("content")
                .and_then(parse_markup_date)
                .or_else(|| e.attr("datetime").and_then(parse_markup_date))
        })
        .collect()
}

/// `datePublished` dates (else `dateCreated`) from JSON-LD blocks, in document order.
fn json_ld_dates(scripts: &[ElementRef<'_>]) -> Vec<NaiveDate> {
    let mut published = Vec::new();
    let mut created = Vec::new();
    for script in scripts {
        let raw: String = script.text().collect();
        let json = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>")
            .trim();
        let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
            continue;
        };
        collect_json_dates(&value, &mut published, &mut created);
    }
    if published.is_empty() {
        created
    } else {
        published
    }
}

/// Collects `datePublished` and `dateCreated` values from a JSON-LD value, depth first.
/// serde_json limits nesting to 128 levels, which bounds the recursion.
fn collect_json_dates(
    value: &serde_json::Value,
    published: &mut Vec<NaiveDate>,
    created: &mut Vec<NaiveDate>,
) {
    match value {
        serde_json::Value::Array(items) => {
            for item in items {
                collect_json_dates(item, published, created);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, list) in [
                ("datePublished", &mut *published),
                ("dateCreated", &mut *created),
            ] {
                let date = match map.get(key) {
                    Some(serde_json::Value::String(s)) => parse_markup_date(s),
                    Some(serde_json::Value::Array(a)) => a
                        .iter()
                        .filter_map(|v| v.as_str())
                        .find_map(parse_markup_date),
                    _ => None,
                };
                if let Some(date) = date {
                    list.push(date);
                }
            }
            for (key, child) in map {
                if key != "datePublished" && key != "dateCreated" {
                    collect_json_dates(child, published, created);
                }
            }
        }
        _ => {}
    }
}

/// The date of the page's `<time>` element: one marked as the publication date, else the first
/// in the main content, else the first in the page.
fn time_date(times: &[ElementRef<'_>], container: ElementRef<'_>) -> Option<NaiveDate> {
    if times.is_empty() {
        return None;
    }
    let date_of = |el: ElementRef<'_>| {
        let e = el.value();
        e.attr("datetime")
            .and_then(parse_markup_date)
            .or_else(|| parse_markup_date(&element_text(el)))
    };
    let is_published = |el: &ElementRef<'_>| {
        let e = el.value();
        e.attr("pubdate").is_some()
            || e.attr("itemprop")
                .is_some_and(|p| p.trim().eq_ignore_ascii_case("datePublished"))
    };
    let is_modified = |el: &ElementRef<'_>| {
        let e = el.value();
        let says = |v: &str| {
            let v = v.to_ascii_lowercase();
            v.contains("modified") || v.contains("updated")
        };
        e.attr("itemprop").is_some_and(says) || e.attr("class").is_some_and(says)
    };
    times
        .iter()
        .copied()
        .filter(is_published)
        .find_map(date_of)
        .or_else(|| {
            container
                .select(&TIME)
                .filter(|el| !is_modified(el))
                .find_map(date_of)
        })
        .or_else(|| {
            times
                .iter()
                .copied()
                .filter(|el| !is_modified(el))
                .find_map(date_of)
        })
}

#[cfg(test)]
mod tests {
    use super::super::parse_html;
    use super::*;
    use crate::parse::parse_date_value;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn hint(y: i32, m: u32, day: u32, source: DateSource) -> DateHint {
        DateHint {
            date: d(y, m, day),
            source,
        }
    }

    #[test]
    fn date_hints_from_rdfa_and_microdata_attributes() {
        let html = r#"<html><body><article><h1>Headline of the day</h1>
            <span property="dc:title" content="2001-01-01">x</span>
            <span class="date-display-single" property="dc:date" datatype="xsd:dateTime"
              content="2016-10-26T00:00:00-04:00">Wednesday, October 26, 2016</span>
            <div itemprop="datePublished" content="26 October 2016"></div>
            <span itemprop="dateModified" content="2017-01-01"></span>
            <p>Body text of the release.</p></article></body></html>"#;
        assert_eq!(
            parse_html(html).date_hints,
            vec![hint(2016, 10, 26, DateSource::Meta)]
        );
        assert!(is_date_property("dcterms:issued"));
        assert!(is_date_property("schema:x datePublished"));
        assert!(!is_date_property("dc:title"));
    }

    #[test]
    fn date_hints_from_meta() {
        let html = r#"<head>
            <meta property="article:published_time" content="2019-05-07T09:00:00+02:00">
            <meta name="DC.Date" content="2019/05/06">
            <meta name="article:modified_time" content="2020-01-01">
            <meta name="dateModified" content="2020-01-02">
            <meta itemprop="datePublished" content="7 May 2019">
            <meta name="sailthru.date" content="Tue, 07 May 2019 23:30:00 -0500">
            <meta name="date" content="not a date">
        </head><body><p>x</p></body>"#;
        assert_eq!(
            parse_html(html).date_hints,
            vec![
                hint(2019, 5, 7, DateSource::Meta),
                hint(2019, 5, 6, DateSource::Meta)
            ]
        );
    }

    #[test]
    fn date_hints_from_time() {
        let html = r#"<body><div class="sidebar"><time datetime="2001-01-01">old</time></div>
            <article><p>By X, <time datetime="2019-05-07T23:00:00-07:00">May 7</time></p>
            <time class="updated" datetime="2019-06-01">June</time></article></body>"#;
        assert_eq!(
            parse_html(html).date_hints,
            vec![hint(2019, 5, 7, DateSource::Time)]
        );
        let html = r#"<body><article><time datetime="2019-05-07">x</time>
            <time pubdate datetime="2019-05-05">y</time></article></body>"#;
        assert_eq!(
            parse_html(html).date_hints,
            vec![hint(2019, 5, 5, DateSource::Time)]
        );
        let html = r#"<body><p>x</p><time>March 3, 2018</time></body>"#;
        assert_eq!(
            parse_html(html).date_hints,
            vec![hint(2018, 3, 3, DateSource::Time)]
        );
    }

    #[test]
    fn date_hints_from_json_ld() {
        let html = r#"<head>
          <script type="application/ld+json">
          {"@context":"https://schema.org","@graph":[
             {"@type":"WebSite","name":"Acme"},
             {"@type":"NewsArticle","headline":"H","dateModified":"2020-02-02",
              "datePublished":"2019-05-07T22:30:00-04:00","dateCreated":"2019-05-01"}]}
          </script>
          <script type="application/ld+json">not json</script>
          <meta name="pubdate" content="20190507">
          <meta property="og:published_time" content="2019-05-08">
        </head><body><p>x</p><time datetime="2019-05-07">y</time></body>"#;
        assert_eq!(
            parse_html(html).date_hints,
            vec![
                hint(2019, 5, 7, DateSource::JsonLd),
                hint(2019, 5, 7, DateSource::Meta),
                hint(2019, 5, 8, DateSource::Meta),
                hint(2019, 5, 7, DateSource::Time),
            ]
        );
        // dateCreated only when there is no datePublished.
        let html = r#"<script type="application/ld+json">
            [{"@type":"Article","dateCreated":"2018-12-31"}]</script><p>x</p>"#;
        assert_eq!(
            parse_html(html).date_hints,
            vec![hint(2018, 12, 31, DateSource::JsonLd)]
        );
    }

    #[test]
    fn date_values() {
        for (value, expected) in [
            ("2019-05-07T09:00:00+02:00", Some(d(2019, 5, 7))),
            ("2019-05-07T23:59:59-11:00", Some(d(2019, 5, 7))),
            ("2019-05-07", Some(d(2019, 5, 7))),
            (" 2019/5/7 ", Some(d(2019, 5, 7))),
            ("20190507", Some(d(2019, 5, 7))),
            ("Tue, 7 May 2019 09:00:00 +0200", Some(d(2019, 5, 7))),
            ("May 7, 2019", Some(d(2019, 5, 7))),
            ("Tuesday, May 7th 2019", Some(d(2019, 5, 7))),
            ("Sept. 7, 2019", Some(d(2019, 9, 7))),
            ("7 May 2019", Some(d(2019, 5, 7))),
            ("7th of May, 2019", Some(d(2019, 5, 7))),
            ("2019-02-30", None),
            ("2019", None),
            ("Foo 7, 2019", None),
            ("", None),
            ("2019-05-07é", Some(d(2019, 5, 7))),
        ] {
            assert_eq!(parse_date_value(value), expected, "{value}");
        }
    }
}
