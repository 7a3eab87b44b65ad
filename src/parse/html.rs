//! HTML releases: headline, main text without boilerplate, and date hints from markup.
//!
//! [`parse_html`] runs these steps, each in its own module:
//! - `prepare`: the page is scanned as bytes and what nothing reads (comments, script and style
//!   code, unread attributes, whitespace runs, tags nested too deep) is left out before
//!   html5ever parses it;
//! - `metadata`: `og:title` and the date hints of JSON-LD, `<meta>`, RDFa/microdata and
//!   `<time>` markup;
//! - `content`: the article is found by scoring containers and cleaned of page furniture, with
//!   the id/class vocabulary of `names`; `paragraphs` assembles its text;
//! - `title`: the headline;
//! - `address`: the address of the original page (`<link rel="canonical">`, else `og:url`),
//!   kept only when it is a safe absolute `http(s)` URL.
//!
//! The document tree is never walked recursively: the `tree` module's walk moves through it
//! with first-child/next-sibling/parent links, so 100,000 nested elements cost no stack.

use scraper::Html;

use crate::model::{Format, Parsed};

pub use address::{original_url, MAX_URL_BYTES};

mod address;
mod content;
mod metadata;
mod names;
mod paragraphs;
mod prepare;
mod title;
mod tree;

/// Parses an HTML release that is already decoded.
///
/// - **Title**: `og:title`, else the first `<h1>` of the main content, else `<title>` without a
///   trailing site name (`Headline | Site`, `Headline - Site`, `Headline – Site`), else the
///   first `<h1>` anywhere.
/// - **Body**: the article text, found by scoring candidate containers on their prose
///   (paragraph length, commas, link density, id/class hints; see the `content` module), with the
///   siblings and split-off chunks that belong to it. Scripts, navigation, footers, forms,
///   hidden elements, elements whose id/class says cookie, share, related, menu, sidebar,
///   newsletter, comment, ad…, figures and captions, bylines, the headline and link-heavy or
///   image-heavy widgets are left out. A page too short to score falls back to
///   `itemprop=articleBody`, the largest `<article>`, `<main>`, else `<body>`. Paragraphs (block
///   elements, list items, headings, table rows) are separated by blank lines, whitespace
///   inside them is collapsed, and a first paragraph equal to the title is dropped.
/// - **Date hints**: JSON-LD `datePublished`/`dateCreated`, then date `<meta>` tags, then one
///   `<time datetime>` (one marked `pubdate`/`itemprop=datePublished`, else the first in the main
///   content, else the first), each in document order, duplicates removed.
/// - **Address**: the first `<link rel="canonical" href>`, else the first `og:url`, that is an
///   absolute `http`/`https` URL ([`original_url`]: a relative, `javascript:` or `data:`
///   address, one over [`MAX_URL_BYTES`] or with control characters is not taken).
pub fn parse_html(html: &str) -> Parsed {
    parse_tree(&Html::parse_document(&prepare::prepare(html)))
}

/// [`parse_html`] on the parsed page.
fn parse_tree(doc: &Html) -> Parsed {
    let marked = metadata::Marked::gather(doc);
    let metas = metadata::read_metas(&marked.metas);
    let content = content::find(doc);
    let container = content.context;

    let title = title::title(doc, &marked.titles, container, metas.og_title.as_deref());
    let body = content.text(&title);
    let date_hints = metadata::date_hints(&marked, &metas.dates, container);
    let url = address::page_url(&marked.links, metas.og_url);

    let root = doc.root_element().value();
    let lang = root
        .attr("lang")
        .or_else(|| root.attr("xml:lang"))
        .and_then(crate::lang::from_tag);
    Parsed {
        format: Format::Html,
        title,
        body,
        date_hints,
        lang,
        url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Acme Opens New Plant in Ohio | Acme Corporation</title>
  <script>var tracking = "do not index";</script>
  <style>body { color: red }</style>
</head>
<body>
  <div id="cookie-banner">We use cookies. <button>Accept</button></div>
  <header class="site-header"><a href="/">Acme</a><nav><ul><li>Home</li><li>News</li></ul></nav></header>
  <nav class="breadcrumbs">Home &gt; News</nav>
  <div class="layout">
    <article class="press-release">
      <header><h1>Acme Opens New  Plant in Ohio</h1><p class="dateline">May 7, 2019</p></header>
      <div class="share-links"><a>Tweet</a> <a>Share on Facebook</a></div>
      <p>COLUMBUS, Ohio – Acme Corp. today <b>opened</b> its new plant,
         creating 300 jobs.</p>
      <p>“We are proud,” said Jane&nbsp;Doe, CEO.</p>
      <h2>About Acme</h2>
      <ul><li>Founded 1901</li><li>HQ in Springfield</li></ul>
      <script>document.write("ad");</script>
      <div style="display: none">Hidden text</div>
      <p hidden>Also hidden</p>
    </article>
    <aside><h3>Related</h3><ul class="related"><li>Other news</li></ul></aside>
    <div class="related-posts"><a>Acme earnings</a></div>
  </div>
  <footer>© 2019 Acme. <a>Privacy</a></footer>
</body>
</html>"#;

    #[test]
    fn boilerplate_removed_and_article_kept() {
        let p = parse_html(PAGE);
        assert_eq!(p.format, Format::Html);
        assert_eq!(p.title, "Acme Opens New Plant in Ohio");
        assert_eq!(
            p.body,
            "May 7, 2019\n\n\
             COLUMBUS, Ohio – Acme Corp. today opened its new plant, creating 300 jobs.\n\n\
             “We are proud,” said Jane Doe, CEO.\n\n\
             About Acme\n\n\
             Founded 1901\n\n\
             HQ in Springfield"
        );
        assert!(p.date_hints.is_empty());
    }

    #[test]
    fn body_fallback_drops_page_chrome() {
        let html = r#"<html><head><title>Minister visits school - Ministry of Education</title></head>
        <body>
          <div class="navbar"><a>Home</a><a>About</a></div>
          <div class="menu-main">Menu item</div>
          <p>The Minister visited a school today.</p>
          <div class="social">Follow us</div>
          <div class="newsletter-signup">Subscribe now</div>
          <div class="ad-slot">Buy things</div>
          <div class="comments">First!</div>
          <footer>Contact us</footer>
        </body></html>"#;
        let p = parse_html(html);
        assert_eq!(p.title, "Minister visits school");
        assert_eq!(p.body, "The Minister visited a school today.");
    }

    #[test]
    fn container_choice() {
        // itemprop=articleBody beats a bigger article.
        let html = r#"<body><article><p>Lots of other text here, more than the body.</p>
            <div itemprop="articleBody"><p>The body.</p></div></article></body>"#;
        assert_eq!(parse_html(html).body, "The body.");
        // The largest article.
        let html = r#"<body><article><p>Teaser.</p></article>
            <article><h1>T</h1><p>The real article text.</p></article></body>"#;
        let p = parse_html(html);
        assert_eq!(p.title, "T");
        assert_eq!(p.body, "The real article text.");
        // <main>, then role=main.
        let html = r#"<body><div>Outside</div><main><p>Inside main.</p></main></body>"#;
        assert_eq!(parse_html(html).body, "Inside main.");
        let html = r#"<body><div>Outside</div><div role="main"><p>Inside.</p></div></body>"#;
        assert_eq!(parse_html(html).body, "Inside.");
        // The largest content-named element.
        let html = r#"<body><div class="top">Site name</div>
            <div id="story-body"><p>Story text.</p><p>More story.</p></div>
            <div class="entry-meta">x</div></body>"#;
        assert_eq!(parse_html(html).body, "Story text.\n\nMore story.");
    }

    #[test]
    fn words_do_not_match_inside_other_words() {
        // "shadow" contains "ad", "headline" contains "ad", "printer" starts with "print"
        // but "blueprint" does not; "tagline" is not "tags".
        let html = r#"<body><article>
            <div class="shadow">one</div><div class="headline-x">two</div>
            <div class="blueprint">three</div><div class="tagline">four</div>
            <div class="tags">dropped</div><div class="article-ad">dropped</div>
            <div class="printer-only">dropped</div>
        </article></body>"#;
        assert_eq!(parse_html(html).body, "one\n\ntwo\n\nthree\n\nfour");
    }

    #[test]
    fn class_filter_misfire_falls_back() {
        let text = "Sentence of the release. ".repeat(60);
        let html = format!(
            r#"<body><div class="page has-sidebar"><p>{text}</p></div><nav>n</nav></body>"#
        );
        assert_eq!(parse_html(&html).body, text.trim());
    }

    #[test]
    fn inline_and_block_spacing() {
        let html = "<body><main><p>a<b>b</b> <i>c</i>\n d<br>e</p><div>f<div>g</div>h</div>\
                    <table><tr><td>1</td><td>2</td></tr><tr><th>x</th><td> y </td></tr></table>\
                    <p>   </p><p>end&amp;more</p></main></body>";
        assert_eq!(
            parse_html(html).body,
            "ab c d\n\ne\n\nf\n\ng\n\nh\n\n1 | 2\n\nx | y\n\nend&more"
        );
    }

    #[test]
    fn title_not_repeated() {
        let html = r#"<head><meta property="og:title" content="Big News"></head>
            <body><main><h2>big   NEWS</h2><p>Text.</p></main></body>"#;
        assert_eq!(parse_html(html).body, "Text.");
    }

    #[test]
    fn original_address_from_canonical_else_og_url() {
        let page = |head: &str| {
            parse_html(&format!(
                "<html><head>{head}</head><body><p>Text.</p></body></html>"
            ))
            .url
        };
        // The canonical link wins over og:url, wherever they stand.
        assert_eq!(
            page(
                r#"<meta property="og:url" content="https://example.org/og">
                   <link rel="canonical" href="https://example.org/canonical">"#
            )
            .as_deref(),
            Some("https://example.org/canonical")
        );
        // `rel` is a list of words in any case; the address is trimmed, entities decoded.
        assert_eq!(
            page(r#"<link REL="alternate Canonical" href=" https://example.org/a?b=1&amp;c=2 ">"#)
                .as_deref(),
            Some("https://example.org/a?b=1&c=2")
        );
        // Only og:url.
        assert_eq!(
            page(r#"<meta property="og:url" content="http://example.org/og">"#).as_deref(),
            Some("http://example.org/og")
        );
        // A relative or hostile canonical address is not taken; og:url then is.
        for canonical in [
            "/news/2017/x",
            "javascript:alert(document.cookie)",
            "data:text/html,<script>alert(1)</script>",
        ] {
            assert_eq!(
                page(&format!(
                    r#"<link rel="canonical" href="{canonical}">
                       <meta property="og:url" content="https://example.org/og">"#
                ))
                .as_deref(),
                Some("https://example.org/og"),
                "{canonical}"
            );
            assert_eq!(
                page(&format!(r#"<link rel="canonical" href="{canonical}">"#)),
                None
            );
            assert_eq!(
                page(&format!(
                    r#"<meta property="og:url" content="{canonical}">"#
                )),
                None
            );
        }
        // Other links, a canonical link without href, and pages without either: none.
        assert_eq!(
            page(r#"<link rel="stylesheet" href="https://example.org/s.css"><link rel=canonical>"#),
            None
        );
        assert_eq!(page(""), None);
        assert_eq!(parse_html(PAGE).url, None);
    }

    #[test]
    fn malformed_html() {
        let html = "<html><body><article><h1>Title</h1><p>First <b>bold <i>both</b> italic</i>\
                    <p>Second<div>unclosed <table><td>cell</article></span></div></body>";
        let p = parse_html(html);
        assert_eq!(p.title, "Title");
        assert_eq!(
            p.body,
            "First bold both italic\n\nSecond\n\nunclosed\n\ncell"
        );
        // Garbage never panics.
        for s in [
            "",
            "<",
            "<<>>",
            "</p>",
            "<!--",
            "<script>",
            "\u{0}",
            "<a href='",
            "&#xD800;",
        ] {
            let _ = parse_html(s);
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 100_000;
        let mut html = String::from("<html><body><article>");
        for _ in 0..depth {
            html.push_str("<div>");
        }
        html.push_str("deep text");
        for _ in 0..depth {
            html.push_str("</div>");
        }
        html.push_str("</article></body></html>");
        let p = parse_html(&html);
        assert_eq!(p.body, "deep text");
    }
}
