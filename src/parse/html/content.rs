//! Finding the article in a page and cleaning it: readability-style scoring of candidate
//! containers, then a clean-up of the chosen content.
//!
//! 1. One walk over `<body>` records every visible element with its text length, link text,
//!    comma count and descendant counts (`<p>`, `<img>`, `<li>`, form inputs, embeds).
//!    Scripts, navigation, footers, asides and hidden elements are not walked into; elements
//!    whose id/class says boilerplate (share, related, comment, sidebar…) are walked but
//!    flagged, so their text neither scores nor reaches the output.
//! 2. Every block holding at least [`MIN_PARAGRAPH`] characters of its own text scores
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
//! Every walk is iterative (see [`walk`]), so nesting depth costs no stack.

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::NodeId;
use regex::Regex;
use scraper::{ElementRef, Html, Selector};

use super::{is_boilerplate_name, is_hidden, walk, Paragraphs, Step, BLOCK_TAGS, DROPPED_TAGS};

/// A line longer than this is not only a date.
const MAX_DATE_LINE: usize = 40;

/// A block needs this many characters of its own text to count as a paragraph.
const MIN_PARAGRAPH: usize = 25;

static BODY: LazyLock<Selector> = LazyLock::new(|| Selector::parse("body").expect("valid"));

/// id/class words of likely article containers.
static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|release|press",
    )
    .expect("valid regex")
});

/// id/class words of page furniture around and inside articles.
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|byline|author|caption|credit|newsletter|subscribe|signup|recommend|teaser|trending|popular|most-read|more-stories|read-more|breadcrumb",
    )
    .expect("valid regex")
});

/// id/class words of boilerplate that no amount of text makes an article.
static ALWAYS_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)comment|disqus|related|recommend|cookie|consent|newsletter")
        .expect("valid regex")
});

/// id/class/itemprop/rel words of bylines, datelines and captions, which are not article text.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)byline|author|dateline|updated|modified|writtenby|p-author|caption|credit|timestamp|publish(?:ed)?[-_]?(?:date|time|on)|article[-_]?date|post[-_]?date|posted[-_]?on",
    )
    .expect("valid regex")
});

/// `src` of embeds that carry the article (videos) rather than ads.
static VIDEO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)//(www\.)?((dailymotion|youtube|youtube-nocookie|player\.vimeo|v\.qq)\.com|(archive|upload\.wikimedia)\.org|player\.twitch\.tv)")
        .expect("valid regex")
});

/// Bits of [`name_flags`]: which id/class word patterns an attribute value matches.
pub(super) mod name {
    /// `BOILERPLATE_NAME` of the parent module.
    pub const BOILERPLATE: u8 = 1;
    /// [`NEGATIVE`](super::NEGATIVE).
    pub const NEGATIVE: u8 = 1 << 1;
    /// [`POSITIVE`](super::POSITIVE).
    pub const POSITIVE: u8 = 1 << 2;
    /// [`ALWAYS_FURNITURE`](super::ALWAYS_FURNITURE).
    pub const ALWAYS_FURNITURE: u8 = 1 << 3;
    /// [`BYLINE`](super::BYLINE).
    pub const BYLINE: u8 = 1 << 4;
}

/// Most attribute values kept in [`NAME_FLAGS`] before it starts over.
const NAME_FLAGS_MAX: usize = 1 << 14;

thread_local! {
    /// [`name_flags`] of the values seen lately on this thread.
    static NAME_FLAGS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, u8>> =
        Default::default();
}

/// Which of the id/class word patterns (the [`name`] bits) match `value`. The answers are kept
/// per thread: a site's pages repeat the same few hundred class and id values, and matching
/// the long patterns again costs more than looking the value up.
pub(super) fn name_flags(value: &str) -> u8 {
    NAME_FLAGS.with_borrow_mut(|cache| {
        if let Some(&flags) = cache.get(value) {
            return flags;
        }
        let flags = [
            (&*super::BOILERPLATE_NAME, name::BOILERPLATE),
            (&*NEGATIVE, name::NEGATIVE),
            (&*POSITIVE, name::POSITIVE),
            (&*ALWAYS_FURNITURE, name::ALWAYS_FURNITURE),
            (&*BYLINE, name::BYLINE),
        ]
        .into_iter()
        .filter(|(re, _)| re.is_match(value))
        .fold(0, |flags, (_, bit)| flags | bit);
        if cache.len() >= NAME_FLAGS_MAX {
            cache.clear();
        }
        cache.insert(value.into(), flags);
        flags
    })
}

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
    /// [`class_weight`] of the element.
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
    let (infos, index) = analyze(body);
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

/// One walk over `body`: the visible elements in document order, and their index by node.
fn analyze(body: ElementRef<'_>) -> (Vec<Info<'_>>, HashMap<NodeId, usize>) {
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

/// +25 for each of id and class that says article/content, −25 for each that says furniture.
fn class_weight(el: ElementRef<'_>) -> f64 {
    let e = el.value();
    let mut weight = 0.0;
    for value in [e.attr("class"), e.id()].into_iter().flatten() {
        let flags = name_flags(value);
        if flags & name::NEGATIVE != 0 {
            weight -= 25.0;
        }
        if flags & name::POSITIVE != 0 {
            weight += 25.0;
        }
    }
    if e.attr("itemprop")
        .is_some_and(|p| p.to_ascii_lowercase().contains("articlebody"))
    {
        weight += 30.0;
    }
    weight
}

/// Whether the element is marked `itemprop=articleBody`.
fn is_article_body(el: ElementRef<'_>) -> bool {
    el.value()
        .attr("itemprop")
        .is_some_and(|p| p.to_ascii_lowercase().contains("articlebody"))
}

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
        let title_key = super::key(title);
        if !title_key.is_empty() {
            if let Some(at) = paragraphs
                .iter()
                .take(3)
                .position(|p| super::key(p) == title_key)
            {
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
            .map(|info| super::element_text(info.el))
            .find(|text| {
                text.chars().any(|c| c.is_ascii_digit()) && super::parse_date_value(text).is_some()
            })
    }

    fn info(&self, el: ElementRef<'_>) -> Option<&Info<'a>> {
        self.index.get(&el.id()).map(|&i| &self.infos[i])
    }

    /// The best-scoring container, if any block of the page reads like a paragraph.
    fn top_candidate(&mut self) -> Option<usize> {
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
        let final_score = |info: &Info<'_>| {
            (info.score + tag_score(info.el.value().name()) + info.weight)
                * (1.0 - info.link_density())
        };
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

    /// The top candidate and the siblings that belong to the article too.
    fn with_siblings(&self, top: usize) -> Vec<ElementRef<'a>> {
        let top_info = &self.infos[top];
        let Some(parent) = top_info.parent else {
            return vec![top_info.el];
        };
        let final_score = |info: &Info<'_>| {
            (info.score + tag_score(info.el.value().name()) + info.weight)
                * (1.0 - info.link_density())
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
                let text = super::element_text(child);
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
    fn marked_body(&self, top: usize) -> Option<usize> {
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
    fn named_container(&self) -> Option<usize> {
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
    fn add_chunks(&mut self, top: usize) {
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

    /// Walks one part of the article into paragraphs, skipping what is not article text.
    fn collect(&self, part: ElementRef<'a>, out: &mut Paragraphs) {
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
    fn is_clutter(&self, el: ElementRef<'_>, info: &Info<'_>) -> bool {
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

/// Whether the text has a sentence end: a period followed by a space or the end.
fn has_sentence_end(text: &str) -> bool {
    text.ends_with('.') || text.contains(". ")
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
