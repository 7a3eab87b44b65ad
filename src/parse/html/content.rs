//! Finding the article in a page and cleaning it: readability-style scoring of candidate
//! containers, then a clean-up of the chosen content.
//!
//! 1. One walk over `<body>` records every visible element with its text length, link text,
//!    comma count and descendant counts (`<p>`, `<img>`, `<li>`, form inputs, embeds).
//!    Scripts, navigation, footers, asides and hidden elements are not walked into; elements
//!    whose id/class says boilerplate (share, related, comment, sidebar…) are walked but
//!    flagged, so their text neither scores nor reaches the output.
//! 2. Every block holding at least `MIN_PARAGRAPH` characters of its own text scores
//!    `1 + commas + min(chars / 100, 3)`, credited to its parent in full, its grandparent by half
//!    and further ancestors by less. A container starts from a score by tag and id/class
//!    (article, content, story, body… up; comment, share, promo, meta… down) and ends scaled by
//!    `1 - link density`. The best container wins; it grows to an ancestor when several strong
//!    candidates share it or the score rises going up, and siblings that score well (or are
//!    plain prose paragraphs) are added.
//! 3. The output skips, inside the chosen content, the flagged boilerplate, figures and
//!    captions, bylines, link-heavy headings, and containers (`div`, `section`, lists, tables,
//!    forms) that look like widgets: mostly links, mostly images, form inputs, embeds, or next to
//!    no text.
//! 4. A short element above the text that is only a date (`Tuesday, February 17, 2015` under a
//!    press release's headline) is kept as the body's first line, for the date stage.
//!
//! Every walk is iterative (see the `tree` module), so nesting depth costs no stack.
//!
//! This module holds what the steps share, step 4 and the text of the result; the `analyze`,
//! `score` and `clean` modules hold steps 1, 2 and 3.

mod analyze;
mod clean;
mod score;

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};

use super::paragraphs::{key, Paragraphs};
use super::tree::element_text;
use crate::extract::date::parse_markup_date;

/// A line longer than this is not only a date.
const MAX_DATE_LINE: usize = 40;

/// A block needs this many characters of its own text to count as a paragraph.
const MIN_PARAGRAPH: usize = 25;

static BODY: LazyLock<Selector> = LazyLock::new(|| Selector::parse("body").expect("valid"));

/// What the walk learned about one visible element.
struct Info<'a> {
    el: ElementRef<'a>,
    parent: Option<usize>,
    /// Inside (or itself) an element whose id/class says boilerplate.
    flagged: bool,
    /// Characters of visible text below (whitespace runs count as one).
    text: usize,
    /// Of which inside links.
    link: usize,
    /// Of which inside headings.
    heading: usize,
    /// Characters of text whose nearest block ancestor is this element.
    own: usize,
    own_commas: usize,
    commas: usize,
    p: usize,
    img: usize,
    li: usize,
    input: usize,
    embed: usize,
    /// Paragraph score credited by descendants.
    score: f64,
    /// Has a block element among its children.
    has_block_child: bool,
    /// `class_weight` of the element.
    weight: f64,
}

impl<'a> Info<'a> {
    fn new(el: ElementRef<'a>, parent: Option<usize>, flagged: bool) -> Self {
        Info {
            el,
            parent,
            flagged,
            text: 0,
            link: 0,
            heading: 0,
            own: 0,
            own_commas: 0,
            commas: 0,
            p: 0,
            img: 0,
            li: 0,
            input: 0,
            embed: 0,
            score: 0.0,
            has_block_child: false,
            weight: 0.0,
        }
    }

    fn link_density(&self) -> f64 {
        if self.text == 0 {
            0.0
        } else {
            self.link as f64 / self.text as f64
        }
    }
}

/// The article found in a page.
pub(super) struct Content<'a> {
    infos: Vec<Info<'a>>,
    index: HashMap<NodeId, usize>,
    /// The elements holding the article text, in document order.
    parts: Vec<ElementRef<'a>>,
    /// The element around the article that also holds its headline and date, if any
    /// (`<article>`, `<main>`, `itemprop=articleBody`…), else the best container.
    pub context: ElementRef<'a>,
    /// The best-scoring containers before growing to an ancestor: never cleaned away.
    core: Vec<usize>,
    /// Keep every visible element that is not named as boilerplate (short pages).
    lenient: bool,
}

/// Finds the article of a parsed page.
pub(super) fn find(doc: &Html) -> Content<'_> {
    let body = doc
        .select(&BODY)
        .next()
        .unwrap_or_else(|| doc.root_element());
    let (infos, index) = analyze::analyze(body);
    let mut content = Content {
        infos,
        index,
        parts: vec![body],
        context: body,
        core: Vec::new(),
        lenient: false,
    };
    if let Some(top) = content.top_candidate() {
        let marked = content.marked_body(top);
        let top = marked.unwrap_or(top);
        content.parts = match marked {
            Some(_) => vec![content.infos[top].el],
            None => content.with_siblings(top),
        };
        content.context = content.context_of(top);
        content.add_chunks(top);
    } else if let Some(named) = content.named_container() {
        // No block reads like a paragraph (a very short page): trust the markup, and keep
        // every visible element that is not named as boilerplate.
        content.parts = vec![content.infos[named].el];
        content.context = content.infos[named].el;
        content.lenient = true;
    } else {
        content.lenient = true;
        // Naming everything boilerplate is a misfire (`<div class="page has-sidebar">`).
        if content.infos.iter().all(|i| i.flagged || i.own == 0) {
            for info in &mut content.infos {
                info.flagged = false;
            }
        }
    }
    content
}

impl<'a> Content<'a> {
    /// The text of the article, paragraphs separated by blank lines; a first paragraph equal to
    /// the title is dropped.
    pub fn text(&self, title: &str) -> String {
        let mut out = Paragraphs::new();
        for &part in &self.parts {
            self.collect(part, &mut out);
        }
        out.end();
        let mut paragraphs = out.done;
        if let Some(date) = self.date_line() {
            if !paragraphs.iter().take(3).any(|p| *p == date) {
                paragraphs.insert(0, date);
            }
        }
        let title_key = key(title);
        if !title_key.is_empty() {
            if let Some(at) = paragraphs.iter().take(3).position(|p| key(p) == title_key) {
                paragraphs.remove(at);
            }
        }
        paragraphs.join("\n\n")
    }

    /// The publication date shown above the article text (`Tuesday, February 17, 2015` under a
    /// headline): the last short element before the text, inside the article, that is only a
    /// date. It is kept as the first line of the body so that the date stage can read it.
    fn date_line(&self) -> Option<String> {
        let mut context = self.index[&self.context.id()];
        if context == 0 {
            context = self.index[&self.parts.first()?.id()];
        }
        if context == 0 {
            return None;
        }
        // The first paragraph of prose in the article.
        let first = (context + 1..self.infos.len())
            .take_while(|&i| self.is_ancestor(context, i))
            .find(|&i| !self.infos[i].flagged && self.infos[i].own > MAX_DATE_LINE)?;
        self.infos[context + 1..first]
            .iter()
            .rev()
            .filter(|info| {
                !info.flagged
                    && info.text > 0
                    && info.text <= MAX_DATE_LINE
                    && info.link == 0
                    && info.own > 0
            })
            .map(|info| element_text(info.el))
            .find(|text| {
                text.chars().any(|c| c.is_ascii_digit()) && parse_markup_date(text).is_some()
            })
    }

    fn info(&self, el: ElementRef<'_>) -> Option<&Info<'a>> {
        self.index.get(&el.id()).map(|&i| &self.infos[i])
    }

    /// Whether info `a` is an ancestor of info `b`.
    fn is_ancestor(&self, a: usize, b: usize) -> bool {
        let mut node = self.infos[b].parent;
        while let Some(n) = node {
            if n == a {
                return true;
            }
            node = self.infos[n].parent;
        }
        false
    }

    /// The element around `top` that also holds the headline and the date.
    fn context_of(&self, top: usize) -> ElementRef<'a> {
        let mut node = Some(top);
        while let Some(i) = node {
            let el = self.infos[i].el;
            let e = el.value();
            if matches!(e.name(), "article" | "main" | "body")
                || e.attr("role")
                    .is_some_and(|r| r.eq_ignore_ascii_case("main"))
            {
                return el;
            }
            node = self.infos[i].parent;
        }
        self.infos[top].el
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_html;

    fn prose(topic: &str, n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "<p>Paragraph {i} about {topic}, with a clause, another clause, and enough \
                     words to read like a real sentence of an article.</p>"
                )
            })
            .collect()
    }

    #[test]
    fn article_wins_over_page_furniture() {
        let html = format!(
            r#"<body><div class="wrap">
            <div class="menu-list"><ul><li><a href="/a">Home</a></li><li><a href="/b">World</a></li></ul></div>
            <div class="story-body">
              <div class="byline">By Jane Doe, Staff Writer</div>
              {}
              <figure><img src="a.jpg"><figcaption>A photo of the plant, taken on Monday by a photographer.</figcaption></figure>
              <div class="inline-links"><a href="/x">Read more: an older story about the same plant</a> <a href="/y">Another story</a></div>
              {}
            </div>
            <div class="teasers"><p><a href="/1">A teaser link with a long headline text that is mostly a link</a></p>
              <p><a href="/2">Another teaser link with a long headline text that is mostly a link</a></p></div>
            </div></body>"#,
            prose("the plant", 3),
            prose("the jobs", 2)
        );
        let body = parse_html(&html).body;
        assert!(body.starts_with("Paragraph 0 about the plant"), "{body}");
        assert!(body.ends_with("sentence of an article."), "{body}");
        assert_eq!(body.matches("Paragraph").count(), 5, "{body}");
        for gone in ["Jane Doe", "photo", "Read more", "teaser", "Home"] {
            assert!(!body.contains(gone), "{gone} in {body}");
        }
    }

    #[test]
    fn article_split_by_an_ad_is_joined() {
        let html = format!(
            r#"<body><article class="post">
            <div class="grid"><div class="chunk article-text">{}</div><div class="rail">Advertisement</div></div>
            <div class="grid"><div class="chunk article-text">{}</div><div class="rail">Advertisement</div></div>
            </article><div class="comments">{}</div></body>"#,
            prose("the first half", 3),
            prose("the second half", 3),
            prose("a reader comment", 4)
        );
        let body = parse_html(&html).body;
        assert!(body.contains("the first half"), "{body}");
        assert!(body.contains("the second half"), "{body}");
        assert!(!body.contains("comment"), "{body}");
        assert!(!body.contains("Advertisement"), "{body}");
    }

    #[test]
    fn article_container_with_furniture_words_in_its_class_is_kept() {
        // `url-breadcrumb` on the article, `non-ad-column` on its column.
        let html = format!(
            r#"<body><section class="non-ad-column"><article class="story url-breadcrumb">{}</article></section>
            <section class="ad-column"><p>Sponsored content that should not be indexed at all.</p></section></body>"#,
            prose("the budget", 15)
        );
        let body = parse_html(&html).body;
        assert_eq!(body.matches("the budget").count(), 15, "{body:?}");
        assert!(!body.contains("Sponsored"), "{body}");
    }

    #[test]
    fn enumeration_next_to_the_article_and_no_update_stamp() {
        let items: String = (0..6)
            .map(|i| format!("<li>Site {i} Apartments, Springfield, Illinois</li>"))
            .collect();
        let html = format!(
            r#"<body><article><div class="body"><div>{}<p>The sites at issue are:</p></div>
            <div><ul>{items}</ul></div></div>
            <div class="node-updated">Updated May 8, 2019</div></article></body>"#,
            prose("the settlement", 3)
        );
        let body = parse_html(&html).body;
        assert!(body.contains("Site 5 Apartments"), "{body}");
        assert!(!body.contains("Updated"), "{body}");
    }

    #[test]
    fn date_line_above_the_text_is_kept_first() {
        let html = format!(
            r#"<body><article><div class="pr-info"><div>FOR IMMEDIATE RELEASE</div>
            <div class="field-date"><span>Tuesday, February 17, 2015</span></div></div>
            <h1>Owner of a company pleads guilty</h1>
            <div class="field-body">{}</div></article></body>"#,
            prose("the plea", 3)
        );
        let p = parse_html(&html);
        assert!(
            p.body
                .starts_with("Tuesday, February 17, 2015\n\nParagraph 0 about the plea"),
            "{}",
            p.body
        );
        assert!(!p.body.contains("IMMEDIATE"), "{}", p.body);
    }

    #[test]
    fn prose_in_divs_counts_as_paragraphs() {
        let text = "Text written straight into a div, as some blog engines do, with commas, \
                    and with enough length to be a paragraph of the post.";
        let html = format!(
            r#"<body><div class="sidebar-box"><a href="/">Link</a></div><div class="post-body">
            <div>{text}</div><div><img src="a.jpg"></div><div>{text}</div><div><img src="b.jpg"></div>
            <div><img src="c.jpg"></div><div>{text}</div></div></body>"#
        );
        let body = parse_html(&html).body;
        assert_eq!(body.matches("straight into a div").count(), 3, "{body}");
    }
}
