//! Step 3 of finding the article: the walk that writes the chosen parts into paragraphs,
//! leaving out what is inside the article but is not its text (flagged boilerplate, figures and
//! captions, bylines, link-heavy headings, widgets).

use scraper::ElementRef;

use super::{Content, Info, MIN_PARAGRAPH};
use crate::parse::html::names::{name, name_flags};
use crate::parse::html::paragraphs::{Paragraphs, BLOCK_TAGS};
use crate::parse::html::tree::{walk, Step};

impl<'a> Content<'a> {
    /// Walks one part of the article into paragraphs, skipping what is not article text.
    pub(super) fn collect(&self, part: ElementRef<'a>, out: &mut Paragraphs) {
        if BLOCK_TAGS.contains(&part.value().name()) {
            out.end();
        }
        walk(part, |step| match step {
            Step::Enter(el) => {
                let name = el.value().name();
                let Some(info) = self.info(el) else {
                    return false; // dropped tag or hidden
                };
                if info.flagged || self.is_clutter(el, info) {
                    return false;
                }
                match name {
                    "td" | "th" => out.cell(),
                    "img" | "input" | "wbr" => out.space(),
                    _ => {}
                }
                if BLOCK_TAGS.contains(&name) {
                    out.end();
                }
                true
            }
            Step::Leave(el) => {
                let name = el.value().name();
                if BLOCK_TAGS.contains(&name) {
                    out.end();
                } else if matches!(name, "td" | "th") {
                    out.cell();
                }
                true
            }
            Step::Text(t) => {
                out.text(t);
                true
            }
        });
        if BLOCK_TAGS.contains(&part.value().name()) {
            out.end();
        }
    }

    /// Whether an element inside the article is not article text.
    pub(super) fn is_clutter(&self, el: ElementRef<'_>, info: &Info<'_>) -> bool {
        let e = el.value();
        let name = e.name();
        let i = self.index[&el.id()];
        if self.lenient || self.core.iter().any(|&c| c == i || self.is_ancestor(i, c)) {
            return false;
        }
        match name {
            "h1" | "figure" | "figcaption" | "picture" | "header" => return true,
            _ => {}
        }
        // Bylines, datelines and captions.
        if info.text < 200
            && [e.attr("class"), e.id(), e.attr("itemprop"), e.attr("rel")]
                .into_iter()
                .flatten()
                .any(|v| name_flags(v) & name::BYLINE != 0)
        {
            return true;
        }
        if matches!(name, "h2" | "h3" | "h4" | "h5" | "h6") {
            return info.weight + info.score < 0.0 || info.link_density() > 0.33;
        }
        if !matches!(
            name,
            "div" | "section" | "ul" | "ol" | "dl" | "table" | "form" | "fieldset" | "aside"
        ) {
            return false;
        }
        let weight = info.weight;
        if weight + info.score < 0.0 {
            return true;
        }
        if info.commas >= 10 {
            return false;
        }
        let is_list = matches!(name, "ul" | "ol" | "dl")
            || (info.text > 0 && self.list_text(info) * 10 > info.text * 9);
        let ld = info.link_density();
        let p = info.p as f64;
        let img = info.img as f64;
        let heading_density = if info.text == 0 {
            0.0
        } else {
            info.heading as f64 / info.text as f64
        };
        (info.img > 1 && p / img < 0.5 && info.text < 300)
            || (!is_list && info.li > info.p + 100)
            || (info.input > info.p / 3)
            || (!is_list
                && heading_density < 0.9
                && info.text < MIN_PARAGRAPH
                && (info.img == 0 || info.img > 2))
            || (!is_list && weight < 25.0 && ld > 0.2)
            || (is_list && ld > 0.5)
            || (weight >= 25.0 && ld > 0.5)
            || ((info.embed == 1 && info.text < 75) || info.embed > 1)
    }

    /// Characters of text inside list items below an element.
    fn list_text(&self, info: &Info<'_>) -> usize {
        info.el
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "ul" | "ol"))
            .filter_map(|c| self.info(c))
            .map(|i| i.text)
            .sum()
    }
}
