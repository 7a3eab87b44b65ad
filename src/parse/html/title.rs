//! The headline of a page: `og:title`, else the first `<h1>` of the main content, else
//! `<title>` without a trailing site name, else the first `<h1>` anywhere.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

use super::tree::{collapse, element_text, selector};

static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));

/// Character count under which the `<title>` without its suffix is too short to be a headline.
const MIN_TITLE_REMAINDER: usize = 12;
/// Character count over which a `<title>` suffix is not a site name.
const MAX_SITE_SUFFIX: usize = 60;

/// The headline: og:title, else the main content's first `<h1>`, else `<title>` without a
/// site-name suffix, else any `<h1>`.
pub(super) fn title(
    doc: &Html,
    titles: &[ElementRef<'_>],
    container: ElementRef<'_>,
    og_title: Option<&str>,
) -> String {
    if let Some(t) = og_title.map(collapse).filter(|t| !t.is_empty()) {
        return t;
    }
    let first_h1 =
        |root: ElementRef<'_>| root.select(&H1).map(element_text).find(|t| !t.is_empty());
    if let Some(t) = first_h1(container) {
        return t;
    }
    if let Some(t) = titles
        .iter()
        .copied()
        .map(element_text)
        .find(|t| !t.is_empty())
    {
        return strip_site_suffix(&t).to_owned();
    }
    first_h1(doc.root_element()).unwrap_or_default()
}

/// `Headline | Site` → `Headline` (also ` - `, ` – `, ` — `), when what is left is long enough.
fn strip_site_suffix(title: &str) -> &str {
    let cut = [" | ", " - ", " – ", " — ", " :: ", " · "]
        .iter()
        .filter_map(|sep| title.rfind(sep))
        .max();
    match cut {
        Some(at) => {
            let head = title[..at].trim_end();
            let tail_len = title[at..].chars().count();
            if head.chars().count() >= MIN_TITLE_REMAINDER && tail_len <= MAX_SITE_SUFFIX {
                head
            } else {
                title
            }
        }
        None => title,
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_html;

    #[test]
    fn title_sources() {
        let html = r#"<html><head><meta property="og:title" content=" OG  title ">
            <title>Page title | Site</title></head><body><h1>H1 title</h1><p>x</p></body></html>"#;
        assert_eq!(parse_html(html).title, "OG title");

        let html = r#"<html><head><title>Page title | Site</title></head>
            <body><h1>H1 <em>title</em></h1><p>x</p></body></html>"#;
        let p = parse_html(html);
        assert_eq!(p.title, "H1 title");
        assert_eq!(p.body, "x");

        for (title, expected) in [
            ("Acme Opens New Plant | Acme Corp", "Acme Opens New Plant"),
            ("Acme Opens New Plant - Acme Corp", "Acme Opens New Plant"),
            ("Acme Opens New Plant – Acme", "Acme Opens New Plant"),
            ("Q3 - Acme", "Q3 - Acme"),
            (
                "Short | A very long site name indeed here",
                "Short | A very long site name indeed here",
            ),
            (
                "Well-known results-driven plan",
                "Well-known results-driven plan",
            ),
        ] {
            let html = format!("<title>{title}</title><p>x</p>");
            assert_eq!(parse_html(&html).title, expected, "{title}");
        }

        // No og:title, no h1 in the main content, no <title>: any h1.
        let html = "<body><div><h1>Loose</h1></div><article><p>Text</p></article></body>";
        assert_eq!(parse_html(html).title, "Loose");
        assert_eq!(parse_html("<p>only text</p>").title, "");
    }
}
