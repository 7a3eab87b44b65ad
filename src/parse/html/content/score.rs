//! Step 2 of finding the article: paragraph scores credited to their containers, the best
//! container grown to the ancestor or siblings that hold the rest of the article, and the
//! containers the markup names when no block reads like a paragraph.

use scraper::ElementRef;

use super::{Content, Info, MIN_PARAGRAPH};
use crate::parse::html::names::{is_article_body, name, name_flags};
use crate::parse::html::tree::element_text;

/// The starting score of a container, by tag.
fn tag_score(name: &str) -> f64 {
    match name {
        "div" | "article" | "main" => 5.0,
        "pre" | "td" | "blockquote" | "section" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// A container's score: its paragraph score, plus its tag's and id/class's, scaled by
/// `1 - link density`.
fn final_score(info: &Info<'_>) -> f64 {
    (info.score + tag_score(info.el.value().name()) + info.weight) * (1.0 - info.link_density())
}

impl<'a> Content<'a> {
    /// The best-scoring container, if any block of the page reads like a paragraph.
    pub(super) fn top_candidate(&mut self) -> Option<usize> {
        // Credit paragraph scores to ancestors.
        for i in 0..self.infos.len() {
            let info = &self.infos[i];
            let name = info.el.value().name();
            if info.flagged
                || info.own < MIN_PARAGRAPH
                || matches!(
                    name,
                    "li" | "dt" | "dd" | "option" | "th" | "h1" | "a" | "body" | "html"
                )
            {
                continue;
            }
            let score = 1.0 + info.own_commas as f64 + (info.own / 100).min(3) as f64;
            // Text mixed with blocks (`<div>text<div>…</div></div>`) is a paragraph inside this
            // element, which is then the first to be credited.
            let mixed = info.has_block_child
                && matches!(name, "div" | "section" | "article" | "main" | "td");
            let mut node = if mixed { Some(i) } else { info.parent };
            let mut level = 0;
            while let (Some(a), true) = (node, level < 5) {
                let divider = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => f64::from(l) * 3.0,
                };
                self.infos[a].score += score / divider;
                node = self.infos[a].parent;
                level += 1;
            }
        }
        let mut ranked: Vec<(f64, usize)> = self
            .infos
            .iter()
            .enumerate()
            .filter(|(i, info)| *i > 0 && info.score > 0.0 && !info.flagged)
            .map(|(i, info)| (final_score(info), i))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let &(best_score, mut top) = ranked.first()?;
        if best_score <= 0.0 {
            return None;
        }
        self.core = ranked
            .iter()
            .take(5)
            .filter(|(s, _)| *s >= best_score * 0.75)
            .map(|&(_, i)| i)
            .collect();
        // The container with the most prose, whatever its class says.
        if let Some(most) = ranked
            .iter()
            .map(|&(_, i)| i)
            .max_by(|&a, &b| self.infos[a].score.total_cmp(&self.infos[b].score))
        {
            self.core.push(most);
        }

        // Several strong candidates under one ancestor: the article is that ancestor.
        let alternatives: Vec<usize> = ranked
            .iter()
            .skip(1)
            .take(4)
            .filter(|(s, _)| *s >= best_score * 0.75)
            .map(|&(_, i)| i)
            .collect();
        if alternatives.len() >= 3 {
            let mut node = self.infos[top].parent;
            while let Some(a) = node {
                if a == 0 {
                    break;
                }
                let holding = alternatives
                    .iter()
                    .filter(|&&alt| self.is_ancestor(a, alt))
                    .count();
                if holding >= 3 {
                    top = a;
                    break;
                }
                node = self.infos[a].parent;
            }
        }

        // A rising score on the way up means more of the article is there.
        let mut last = self.infos[top].score;
        let threshold = last / 3.0;
        let mut node = self.infos[top].parent;
        while let Some(a) = node {
            if a == 0 || self.infos[a].flagged {
                break;
            }
            let score = self.infos[a].score;
            if score < threshold {
                break;
            }
            if score > last {
                top = a;
                break;
            }
            last = score;
            node = self.infos[a].parent;
        }
        // An only child: take the parent.
        while let Some(parent) = self.infos[top].parent {
            if parent == 0 || self.infos[parent].flagged {
                break;
            }
            let children = self.infos[parent]
                .el
                .children()
                .filter(|c| c.value().is_element());
            if children.count() != 1 {
                break;
            }
            top = parent;
        }
        Some(top)
    }

    /// The top candidate and the siblings that belong to the article too.
    pub(super) fn with_siblings(&self, top: usize) -> Vec<ElementRef<'a>> {
        let top_info = &self.infos[top];
        let Some(parent) = top_info.parent else {
            return vec![top_info.el];
        };
        let top_score = final_score(top_info);
        let threshold = (top_score * 0.2).max(10.0);
        let top_class = top_info.el.value().attr("class").unwrap_or_default();
        let mut parts = Vec::new();
        for child in self.infos[parent]
            .el
            .children()
            .filter_map(ElementRef::wrap)
        {
            if child.id() == top_info.el.id() {
                parts.push(child);
                continue;
            }
            let Some(info) = self.info(child) else {
                continue;
            };
            if info.flagged {
                continue;
            }
            let bonus = if !top_class.is_empty() && child.value().attr("class") == Some(top_class) {
                top_score * 0.2
            } else {
                0.0
            };
            let append = if info.score > 0.0 && final_score(info) + bonus >= threshold {
                true
            } else if info.text >= 200 && info.commas >= 3 && info.link_density() < 0.1 {
                // Prose or an enumeration without paragraphs (`<div><ul><li>…`).
                let v = child.value();
                let furniture = [v.attr("class"), v.id()]
                    .into_iter()
                    .flatten()
                    .any(|n| name_flags(n) & (name::NEGATIVE | name::BYLINE) != 0);
                !furniture && !self.is_clutter(child, info)
            } else if child.value().name() == "p" {
                let ld = info.link_density();
                let text = element_text(child);
                let len = text.chars().count();
                (len > 80 && ld < 0.25)
                    || (len > 0 && len <= 80 && ld == 0.0 && has_sentence_end(&text))
            } else {
                false
            };
            if append {
                parts.push(child);
            }
        }
        parts
    }

    /// The element marked `itemprop=articleBody` inside `top`'s article, if any.
    pub(super) fn marked_body(&self, top: usize) -> Option<usize> {
        let context = self.index[&self.context_of(top).id()];
        self.infos
            .iter()
            .enumerate()
            .filter(|(i, info)| {
                !info.flagged
                    && info.text > 0
                    && is_article_body(info.el)
                    && (context == 0 || self.is_ancestor(context, *i) || *i == context)
            })
            .max_by_key(|(_, info)| info.text)
            .map(|(i, _)| i)
    }

    /// The container the markup names, for pages too short to score: the `itemprop=articleBody`
    /// element, else the largest `<article>`, else `<main>`/`role=main`.
    pub(super) fn named_container(&self) -> Option<usize> {
        let usable = |info: &&Info<'_>| !info.flagged && info.text > 0;
        let largest = |pred: &dyn Fn(ElementRef<'_>) -> bool| {
            self.infos
                .iter()
                .enumerate()
                .filter(|(_, info)| usable(info) && pred(info.el))
                .max_by_key(|(_, info)| info.text)
                .map(|(i, _)| i)
        };
        largest(&is_article_body)
            .or_else(|| largest(&|el| el.value().name() == "article"))
            .or_else(|| {
                largest(&|el| {
                    el.value().name() == "main"
                        || el
                            .value()
                            .attr("role")
                            .is_some_and(|r| r.eq_ignore_ascii_case("main"))
                })
            })
            .or_else(|| {
                largest(&|el| {
                    let e = el.value();
                    e.name() != "body"
                        && [e.attr("class"), e.id()]
                            .into_iter()
                            .flatten()
                            .any(|v| name_flags(v) & name::POSITIVE != 0)
                })
            })
    }

    /// Adds the other chunks of an article split into several containers (text, ad, text…):
    /// elements of the same tag and class as `top`, inside the same article, that hold prose.
    pub(super) fn add_chunks(&mut self, top: usize) {
        let el = self.infos[top].el;
        let Some(class) = el.value().attr("class").filter(|c| !c.trim().is_empty()) else {
            return;
        };
        let context = self.index[&self.context.id()];
        if context == 0 {
            return;
        }
        let mut parts: Vec<usize> = self.parts.iter().map(|p| self.index[&p.id()]).collect();
        for (i, info) in self.infos.iter().enumerate() {
            if info.score <= 0.0
                || info.flagged
                || info.link_density() > 0.3
                || info.el.value().name() != el.value().name()
                || info.el.value().attr("class") != Some(class)
                || !self.is_ancestor(context, i)
                || parts
                    .iter()
                    .any(|&p| p == i || self.is_ancestor(p, i) || self.is_ancestor(i, p))
            {
                continue;
            }
            parts.push(i);
        }
        parts.sort_unstable();
        self.parts = parts.into_iter().map(|i| self.infos[i].el).collect();
    }
}

/// Whether the text has a sentence end: a period followed by a space or the end.
fn has_sentence_end(text: &str) -> bool {
    text.ends_with('.') || text.contains(". ")
}
