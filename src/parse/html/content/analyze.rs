//! Step 1 of finding the article: one walk over `<body>` that records every visible element
//! with its text length, link and heading text, commas and descendant counts, then flags the
//! elements whose id/class names them as boilerplate.

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::NodeId;
use regex::Regex;
use scraper::ElementRef;

use super::{Info, MIN_PARAGRAPH};
use crate::parse::html::names::{class_weight, is_boilerplate_name, name, name_flags};
use crate::parse::html::paragraphs::BLOCK_TAGS;
use crate::parse::html::tree::{is_hidden, walk, Step};

/// Elements whose whole subtree is never main text.
const DROPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe", "svg",
    "button", "select", "head", "title", "object", "embed", "canvas", "dialog", "menu",
];

/// `src` of embeds that carry the article (videos) rather than ads.
static VIDEO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)//(www\.)?((dailymotion|youtube|youtube-nocookie|player\.vimeo|v\.qq)\.com|(archive|upload\.wikimedia)\.org|player\.twitch\.tv)")
        .expect("valid regex")
});

/// One walk over `body`: the visible elements in document order, and their index by node.
pub(super) fn analyze(body: ElementRef<'_>) -> (Vec<Info<'_>>, HashMap<NodeId, usize>) {
    let mut infos: Vec<Info<'_>> = Vec::new();
    let mut index = HashMap::new();
    // The open elements: (info index, is a block).
    let mut stack: Vec<(usize, bool)> = Vec::new();
    let mut in_link = 0usize;
    let mut in_heading = 0usize;
    index.insert(body.id(), 0);
    infos.push(Info::new(body, None, false));
    stack.push((0, true));
    walk(body, |step| match step {
        Step::Enter(el) => {
            let name = el.value().name();
            if (DROPPED_TAGS.contains(&name) && name != "form") || is_hidden(el) {
                return false;
            }
            let &(parent, _) = stack.last().expect("body is open");
            let i = infos.len();
            index.insert(el.id(), i);
            infos.push(Info::new(el, Some(parent), false));
            match name {
                "a" => in_link += 1,
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => in_heading += 1,
                "p" => infos[i].p = 1,
                "img" => infos[i].img = 1,
                "li" => infos[i].li = 1,
                "input" | "textarea" | "select" | "button" => infos[i].input = 1,
                "object" | "embed" | "iframe" | "video" => {
                    let video = ["src", "data", "data-src"]
                        .iter()
                        .filter_map(|a| el.value().attr(a))
                        .any(|s| VIDEO.is_match(s));
                    infos[i].embed = usize::from(!video);
                }
                _ => {}
            }
            if is_block(name) {
                infos[parent].has_block_child = true;
            }
            stack.push((i, is_block(name)));
            true
        }
        Step::Leave(el) => {
            match el.value().name() {
                "a" => in_link = in_link.saturating_sub(1),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    in_heading = in_heading.saturating_sub(1)
                }
                _ => {}
            }
            stack.pop();
            true
        }
        Step::Text(t) => {
            let (chars, commas) = measure(t);
            if chars == 0 {
                return true;
            }
            let &(top, _) = stack.last().expect("body is open");
            let info = &mut infos[top];
            info.text += chars;
            if in_link > 0 {
                info.link += chars;
            }
            if in_heading > 0 {
                info.heading += chars;
            }
            info.commas += commas;
            if let Some(&(block, _)) = stack.iter().rev().find(|(_, b)| *b) {
                infos[block].own += chars;
                infos[block].own_commas += commas;
            }
            true
        }
    });
    // Children come after their parents: add totals up from the end.
    for i in (1..infos.len()).rev() {
        let Some(parent) = infos[i].parent else {
            continue;
        };
        // A block of prose counts as a paragraph whatever its tag (`<div>text</div>`).
        if infos[i].own >= MIN_PARAGRAPH && infos[i].el.value().name() != "p" {
            infos[i].p += 1;
        }
        let c = &infos[i];
        let (text, link, heading, commas) = (c.text, c.link, c.heading, c.commas);
        let (p, img, li, input, embed) = (c.p, c.img, c.li, c.input, c.embed);
        let pi = &mut infos[parent];
        pi.text += text;
        pi.link += link;
        pi.heading += heading;
        pi.commas += commas;
        pi.p += p;
        pi.img += img;
        pi.li += li;
        pi.input += input;
        pi.embed += embed;
    }
    // Boilerplate by name, once sizes are known: an article container whose class also says
    // something like `breadcrumb` or `has-sidebar` is not thrown away.
    for i in 1..infos.len() {
        let parent_flagged = infos[i].parent.is_some_and(|p| infos[p].flagged);
        infos[i].flagged = parent_flagged || is_furniture(&infos[i]);
        infos[i].weight = class_weight(infos[i].el);
    }
    (infos, index)
}

/// Whether an element's id/class names it as boilerplate, unless it is the article itself: an
/// `<article>`/`<main>`, or a large content-named container.
fn is_furniture(info: &Info<'_>) -> bool {
    let el = info.el;
    if !is_boilerplate_name(el) {
        return false;
    }
    if matches!(el.value().name(), "article" | "main") {
        return false;
    }
    let names = [el.value().attr("class"), el.value().id()];
    let named = |bit: u8| {
        names
            .into_iter()
            .flatten()
            .any(|v| name_flags(v) & bit != 0)
    };
    if named(name::ALWAYS_FURNITURE) {
        return true;
    }
    let article_sized = if named(name::POSITIVE) {
        info.text >= 500 && info.link_density() < 0.5
    } else {
        info.p >= 5 && info.text >= 1500 && info.link_density() < 0.3
    };
    !article_sized
}

/// Characters (whitespace runs as one, ends trimmed) and commas of a text node.
fn measure(t: &str) -> (usize, usize) {
    let (mut chars, mut commas, mut space) = (0, 0, true);
    for c in t.chars() {
        if c.is_whitespace() {
            if !space {
                chars += 1;
                space = true;
            }
        } else {
            chars += 1;
            space = false;
            if matches!(c, ',' | '，' | '、' | '،') {
                commas += 1;
            }
        }
    }
    (chars, commas)
}

/// Elements whose text forms its own paragraph.
fn is_block(name: &str) -> bool {
    BLOCK_TAGS.contains(&name) || matches!(name, "td" | "th" | "form")
}
