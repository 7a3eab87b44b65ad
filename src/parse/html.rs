//! HTML releases: headline, main text without boilerplate, and date hints from markup.
//!
//! The document tree is never walked recursively: [`walk`] moves through it with
//! first-child/next-sibling/parent links, so 100,000 nested elements cost no stack.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate};
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};

use crate::model::{DateHint, DateSource, Format, Parsed};

mod content;

/// Compiles a selector known to be valid.
fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time"));

/// id/class words that mark boilerplate. Words match at a word start (`social-links`,
/// `cookieBanner`), and `ad`/`ads`/`tags` only as whole words.
static BOILERPLATE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^a-z0-9])(?:cookie|consent|banner|share|sharing|social|related|breadcrumb|menu|navbar|sidebar|newsletter|subscribe|comment|advert|promo|skip|pagination|print|(?:ads?|tags?)(?:[^a-z0-9]|$))",
    )
    .expect("valid regex")
});

/// Elements whose whole subtree is never main text.
const DROPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe", "svg",
    "button", "select", "head", "title", "object", "embed", "canvas", "dialog", "menu",
];

/// Elements that separate paragraphs.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
    "legend",
    "option",
    "html",
];

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

/// Character count under which the `<title>` without its suffix is too short to be a headline.
const MIN_TITLE_REMAINDER: usize = 12;
/// Character count over which a `<title>` suffix is not a site name.
const MAX_SITE_SUFFIX: usize = 60;

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
pub fn parse_html(html: &str) -> Parsed {
    parse_tree(&Html::parse_document(&prepare(html)))
}

/// [`parse_html`] on the parsed page.
fn parse_tree(doc: &Html) -> Parsed {
    let marked = Marked::gather(doc);
    let metas = read_metas(&marked.metas);
    let content = content::find(doc);
    let container = content.context;

    let title = title(doc, &marked.titles, container, metas.og_title.as_deref());
    let body = content.text(&title);

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
    for date in metas.dates {
        push(date, DateSource::Meta);
    }
    for date in attribute_dates(&marked.date_attributes) {
        push(date, DateSource::Meta);
    }
    if let Some(date) = time_date(&marked.times, container) {
        push(date, DateSource::Time);
    }

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
    }
}

/// The elements the title and date readers look at, gathered in one pass over the page instead
/// of one selector pass each. Each list is in the order [`Html::select`] gives (the tree's node
/// order, elements that are attached), so each reader sees what its selector would match.
struct Marked<'a> {
    /// `<meta>`.
    metas: Vec<ElementRef<'a>>,
    /// `<title>`.
    titles: Vec<ElementRef<'a>>,
    /// `<script type="application/ld+json">` (the type in any case).
    json_ld: Vec<ElementRef<'a>>,
    /// `<time>`.
    times: Vec<ElementRef<'a>>,
    /// Elements other than `<meta>` and `<time>` with a `property` or `itemprop` attribute and
    /// a `content` or `datetime` attribute.
    date_attributes: Vec<ElementRef<'a>>,
}

impl<'a> Marked<'a> {
    fn gather(doc: &'a Html) -> Marked<'a> {
        let mut marked = Marked {
            metas: Vec::new(),
            titles: Vec::new(),
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

// ---------------------------------------------------------------------------------------------
// Depth limit

/// Nesting depth over which element tags are dropped before parsing (their text is kept).
const MAX_DEPTH: usize = 1024;

/// Elements that never hold others, or whose end tag may be left out (and so cannot be
/// counted).
fn is_uncounted(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
            | "optgroup"
            | "tbody"
            | "thead"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rp"
            | "rt"
            | "rb"
            | "rtc"
            | "html"
            | "head"
            | "body"
            | "image"
            | "basefont"
            | "bgsound"
            | "frame"
            | "menuitem"
    )
}

/// Elements whose content is raw text, not markup (`noscript` too: scraper parses with
/// scripting on).
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
    )
}

/// The page as html5ever is given it, without what nothing reads (html5ever tokenizes
/// character by character, and on a DOJ page these are about half the bytes):
/// - comments and the code of scripts and style sheets (JSON-LD scripts are kept: they hold
///   dates);
/// - attributes other than those read after parsing ([`keeps_attribute`]): links, image
///   sources, tracking data;
/// - all but one character of each run of whitespace in text (all but a newline and one more
///   where the run opens with a newline, which html5ever drops after `<pre>`).
///
/// When the page nests deeper than [`MAX_DEPTH`], the start and end tags below that depth are
/// dropped as well (their text stays): html5ever takes quadratic time on very deeply nested
/// elements (100,000 nested `<div>`s take seconds).
///
/// The result parses to the same headline, text and dates as the page (a property test checks
/// this on generated pages). Anything the scanner is not sure html5ever would read the same way
/// is kept as it is: a comment html5ever would end elsewhere (`<!-->`, `--!>`) or whose removal
/// would join two pieces of text, an unclosed tag, script or comment, and everything inside
/// `<svg>` and `<math>` (see [`Mode`]).
fn prepare(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    if scan(html, false, &mut out) > MAX_DEPTH {
        out.clear();
        scan(html, true, &mut out);
    }
    out
}

/// How html5ever's tree builder reads the tags [`scan`] has passed, as far as it matters there.
enum Mode {
    /// HTML content: comments, script and style code, and unread attributes are left out.
    Html,
    /// Inside `<svg>` or `<math>`, with the open foreign elements' names (lower case). There
    /// `<script>` and `<style>` are elements, not raw text, and an HTML tag such as `<p>` ends
    /// every foreign element. Nothing is left out.
    Foreign(Vec<Vec<u8>>),
    /// After what the scan does not follow (an HTML integration point such as
    /// `<foreignObject>`, an end tag of no open foreign element, CDATA, `<font>`): the rest of
    /// the page is copied as it is, and tags are only counted.
    Frozen,
}

/// HTML start tags (and the end tags `</br>`, `</p>`) that end foreign content.
const BREAKOUT_TAGS: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// Foreign elements inside which html5ever parses HTML again.
const INTEGRATION_POINTS: &[&str] = &[
    "foreignobject",
    "desc",
    "title",
    "annotation-xml",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
];

impl Mode {
    /// Follows one tag (`name` as written).
    fn follow(&mut self, name: &[u8], closing: bool, self_closing: bool) {
        let lower = || name.to_ascii_lowercase();
        match self {
            Mode::Html => {
                let foreign =
                    name.eq_ignore_ascii_case(b"svg") || name.eq_ignore_ascii_case(b"math");
                if foreign && !closing && !self_closing {
                    *self = Mode::Foreign(vec![lower()]);
                }
            }
            Mode::Foreign(open) => {
                let name = lower();
                let is = |list: &[&str]| list.iter().any(|t| t.as_bytes() == name.as_slice());
                if closing {
                    if name == b"br" || name == b"p" {
                        *self = Mode::Html;
                    } else if let Some(k) = open.iter().rposition(|n| *n == name) {
                        open.truncate(k);
                        if open.is_empty() {
                            *self = Mode::Html;
                        }
                    } else {
                        *self = Mode::Frozen;
                    }
                } else if is(BREAKOUT_TAGS) {
                    *self = Mode::Html;
                } else if is(INTEGRATION_POINTS) || name == b"font" {
                    *self = Mode::Frozen;
                } else if !self_closing {
                    open.push(name);
                }
            }
            Mode::Frozen => {}
        }
    }
}

/// Whether a byte is HTML whitespace.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Scans the tags of `html`, writes it to `out` without comments and script and style code
/// (see [`prepare`]) and, with `drop_deep`, without the tags deeper than [`MAX_DEPTH`]; returns
/// the deepest nesting of counted elements.
///
/// A lightweight tokenizer that follows html5ever where it matters: attribute values are
/// quoted only after `=`, `<!…>`, `<?…>` and `</…>` not followed by a letter are bogus
/// comments that end at the next `>`, and raw-text elements end at their end tag only.
fn scan(html: &str, drop_deep: bool, out: &mut String) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max_depth) = (0usize, 0usize);
    let mut mode = Mode::Html;
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut copied = 0; // `html[..copied]` is written (or skipped) already
    let mut i = 0;
    // Where the text before the next markup starts (the end of the last tag or comment).
    let mut text_from = 0;
    // Whether that markup is a `<pre>` or `<listing>` start tag: html5ever drops a newline
    // right after one, but not after a comment there.
    let mut pre_opened = false;
    let skip = |out: &mut String, copied: &mut usize, from: usize, to: usize| {
        out.push_str(&html[*copied..from]);
        *copied = to;
    };
    while let Some(offset) = bytes.get(i..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let start = i + offset;
        if matches!(mode, Mode::Html) {
            // Runs of whitespace in text (the indentation between tags) read as one space
            // wherever the page's text is used; html5ever need not tokenize all of them.
            let mut k = i;
            while k < start {
                if is_space(bytes[k]) {
                    let run = bytes[k..start].iter().take_while(|&&b| is_space(b)).count();
                    // A newline right after `<pre>`, `<listing>` or `<textarea>` is dropped by
                    // html5ever: a run that opens with one keeps a space after it.
                    let keep = match &bytes[k..k + run] {
                        [b'\r', b'\n', ..] => 3,
                        [b'\n' | b'\r', ..] => 2,
                        _ => 1,
                    };
                    if run > keep {
                        skip(out, &mut copied, k + keep, k + run);
                    }
                    k += run;
                } else {
                    k += 1;
                }
            }
        }
        let after = &bytes[start + 1..];
        if after.starts_with(b"!--") {
            // Where html5ever ends the comment: `<!-->` and `<!--->` at once, others at the
            // first `-->` or `--!>`. Only those ended by `-->` are left out.
            let body = start + 4;
            let rest = &bytes[body..];
            let close = if rest.starts_with(b">") {
                Some((body + 1, false))
            } else if rest.starts_with(b"->") {
                Some((body + 2, false))
            } else {
                match find(bytes, body, b"-->") {
                    Some(e) => Some(
                        find(&bytes[..e], body, b"--!>").map_or((e + 3, true), |b| (b + 4, false)),
                    ),
                    None => find(bytes, body, b"--!>").map(|b| (b + 4, false)),
                }
            };
            match close {
                Some((next, plain)) => {
                    // Leaving a comment out joins the text around it: in a table, text with
                    // letters and the blank text after a comment would then be moved out of
                    // the table together. Only a comment with blank text (or none) on each
                    // side, or none on one side, is left out.
                    let before = &bytes[text_from..start];
                    let after = &bytes[next..];
                    let after =
                        &after[..after.iter().position(|&b| b == b'<').unwrap_or(after.len())];
                    let blank = |t: &[u8]| t.iter().all(|&b| is_space(b));
                    let apart = !(pre_opened && before.is_empty())
                        && (before.is_empty()
                            || after.is_empty()
                            || (blank(before) && blank(after)));
                    if plain && apart && matches!(mode, Mode::Html) {
                        skip(out, &mut copied, start, next);
                    }
                    i = next;
                }
                None => i = bytes.len(),
            }
            text_from = i;
            pre_opened = false;
            continue;
        }
        let closing = after.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            if after.starts_with(b"![CDATA[") && matches!(mode, Mode::Foreign(_)) {
                // Text in foreign content, which may hold anything.
                mode = Mode::Frozen;
            }
            // `<!DOCTYPE …>`, `<?xml …?>`, `</ x>`: bogus comments (or a doctype) up to `>`.
            // A `<` followed by anything else is text.
            let bogus = matches!(after.first(), Some(b'!' | b'?'))
                || (closing && !matches!(bytes.get(name_start), Some(b'>') | None));
            if bogus {
                i = find(bytes, start, b">").map_or(bytes.len(), |e| e + 1);
                text_from = i;
                pre_opened = false;
            } else {
                i = start + 1;
            }
            continue;
        }
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|&&b| !is_space(b) && b != b'/' && b != b'>')
            .count();
        let mut lower = [0u8; 16];
        let name = match lower.get_mut(..name_len) {
            Some(buf) => {
                buf.copy_from_slice(&bytes[name_start..name_start + name_len]);
                buf.make_ascii_lowercase();
                std::str::from_utf8(buf).unwrap_or("")
            }
            // Longer names are none of the listed tags.
            None => "",
        };
        dropped.clear();
        let tag = read_tag(bytes, name_start + name_len, |from, to, attr| {
            // Only an attribute between whitespace and anything but `=` is left out, so the
            // one before it (or the tag name) is never glued to what follows: `a b=1 =c` is
            // not `a =c`.
            let glues = bytes[to..].iter().find(|&&b| !is_space(b)) == Some(&b'=');
            if !closing && is_space(bytes[from - 1]) && !glues && !keeps_attribute(name, attr) {
                dropped.push((from, to));
            }
        });
        if !tag.closed {
            // Nothing is left out of an unclosed tag.
            dropped.clear();
        }
        let (end, self_closing) = (tag.end, tag.self_closing);
        mode.follow(
            &bytes[name_start..name_start + name_len],
            closing,
            self_closing,
        );
        let html_mode = matches!(mode, Mode::Html);
        let raw_text = !matches!(mode, Mode::Foreign(_)) && is_raw_text(name);
        let counted = !is_uncounted(name) && !raw_text && !self_closing;
        let mut drop_tag = false;
        if counted && closing {
            drop_tag = depth > MAX_DEPTH;
            depth = depth.saturating_sub(1);
        } else if counted {
            depth += 1;
            max_depth = max_depth.max(depth);
            drop_tag = depth > MAX_DEPTH;
        }
        if drop_deep && drop_tag {
            skip(out, &mut copied, start, end);
        } else if !closing && html_mode {
            // Attributes nothing reads (links, image sources, tracking data) are most of a
            // page's tag bytes; html5ever need not tokenize them.
            for &(from, to) in &dropped {
                skip(out, &mut copied, from, to);
            }
        }
        i = end;
        text_from = end;
        pre_opened = !closing && matches!(name, "pre" | "listing");
        if !closing && raw_text {
            let close = if name == "script" {
                script_end(bytes, end)
            } else {
                raw_text_end(bytes, end, name.as_bytes())
            };
            let Some(close) = close else {
                i = bytes.len();
                continue;
            };
            let code = html_mode
                && match name {
                    "script" => !bytes[start..end]
                        .windows(7)
                        .any(|w| w.eq_ignore_ascii_case(b"ld+json")),
                    "style" => true,
                    _ => false,
                };
            if code {
                skip(out, &mut copied, end, close);
            }
            i = close;
        }
    }
    out.push_str(&html[copied..]);
    max_depth
}

/// Where the raw text of a `name` element opened before `from` ends: the `<` of its end tag
/// (`</name` followed by whitespace, `/` or `>`, in any case).
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    loop {
        let at = find(bytes, i, b"</")?;
        let rest = &bytes[at + 2..];
        if rest.len() > name.len()
            && rest[..name.len()].eq_ignore_ascii_case(name)
            && (is_space(rest[name.len()]) || matches!(rest[name.len()], b'/' | b'>'))
        {
            return Some(at);
        }
        i = at + 2;
    }
}

/// Where the text of a script opened before `from` ends: the `<` of its `</script` end tag,
/// following the script states of the HTML tokenizer (`<!--` escapes until `-->`, and inside an
/// escape a `<script>` … `</script>` pair does not end it).
fn script_end(bytes: &[u8], from: usize) -> Option<usize> {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let script_tag = |at: usize, closing: bool| {
        let name = at + 1 + usize::from(closing);
        bytes
            .get(name..name + 6)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"script"))
            && bytes
                .get(name + 6)
                .is_some_and(|&b| is_space(b) || matches!(b, b'/' | b'>'))
    };
    let mut state = State::Data;
    let mut i = from;
    // Only `<` and `-` change the state.
    while let Some(p) = bytes
        .get(i..)
        .and_then(|rest| memchr::memchr2(b'<', b'-', rest))
    {
        i += p;
        match bytes[i] {
            b'<' => match state {
                State::Data if bytes[i + 1..].starts_with(b"!--") => {
                    state = State::Escaped;
                    // The dashes of `<!--` may close the escape at once (`<!-->`).
                    i += 2;
                    continue;
                }
                State::Data | State::Escaped if script_tag(i, true) => return Some(i),
                State::Escaped if script_tag(i, false) => state = State::DoubleEscaped,
                State::DoubleEscaped if script_tag(i, true) => state = State::Escaped,
                _ => {}
            },
            b'-' if state != State::Data && bytes[i..].starts_with(b"-->") => {
                state = State::Data;
                i += 3;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether the attribute `attr` (as written) of a `tag` element (lower case) is kept: those
/// read after parsing (see the `attr` calls and selectors in this module and in `content`),
/// on `object`, `embed`, `iframe` and `video` the sources that tell an embedded video from a
/// widget, and the language of `html`. The others are left out of the page html5ever is given.
fn keeps_attribute(tag: &str, attr: &[u8]) -> bool {
    let mut lower = [0u8; 12];
    let Some(buf) = lower.get_mut(..attr.len()) else {
        // Longer names are none of the kept ones.
        return false;
    };
    buf.copy_from_slice(attr);
    buf.make_ascii_lowercase();
    match &*buf {
        b"class" | b"id" | b"style" | b"hidden" | b"aria-hidden" | b"role" | b"rel"
        | b"itemprop" | b"content" | b"property" | b"name" | b"datetime" | b"pubdate" | b"type"
        | b"charset" | b"http-equiv" => true,
        b"src" | b"data" | b"data-src" => matches!(tag, "object" | "embed" | "iframe" | "video"),
        // The page's declared language (see `crate::lang`).
        b"lang" | b"xml:lang" => tag == "html",
        _ => false,
    }
}

/// Where a tag ends, read as html5ever reads it.
struct TagEnd {
    /// The index just past the `>` (the end of the page when there is none).
    end: usize,
    /// Whether there is a `>`: an unquoted value or an unclosed quote may run to the end.
    closed: bool,
    /// `/>`, but not `a=b/>`, where the slash is part of the value.
    self_closing: bool,
}

/// Reads the attributes of the tag whose name ends at `from` as html5ever does (a quote
/// starts a value only right after `=`), calling `visit(start, end, name)` for each:
/// `start..end` spans the name and the value with its quotes.
fn read_tag(bytes: &[u8], from: usize, mut visit: impl FnMut(usize, usize, &[u8])) -> TagEnd {
    let n = bytes.len();
    let unclosed = TagEnd {
        end: n,
        closed: false,
        self_closing: false,
    };
    let mut i = from;
    loop {
        let gap = i;
        while i < n && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= n {
            return unclosed;
        }
        if bytes[i] == b'>' {
            return TagEnd {
                end: i + 1,
                closed: true,
                // The `/` right before `>` is self-closing when it is read between attributes.
                self_closing: gap < i && bytes[i - 1] == b'/',
            };
        }
        // An attribute name (its first character may be `=`).
        let start = i;
        i += 1;
        while i < n && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name_end = i;
        let mut j = i;
        while j < n && is_space(bytes[j]) {
            j += 1;
        }
        if j < n && bytes[j] == b'=' {
            j += 1;
            while j < n && is_space(bytes[j]) {
                j += 1;
            }
            match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => match memchr::memchr(q, &bytes[j + 1..]) {
                    Some(p) => j += p + 2,
                    None => return unclosed,
                },
                _ => {
                    while j < n && !is_space(bytes[j]) && bytes[j] != b'>' {
                        j += 1;
                    }
                }
            }
            i = j;
        }
        visit(start, i, &bytes[start..name_end]);
    }
}

/// The position of `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|at| at + from)
}

// ---------------------------------------------------------------------------------------------
// Tree walking

/// One step of a document-order walk.
enum Step<'a> {
    /// Entering an element; the visitor returns whether to walk into it.
    Enter(ElementRef<'a>),
    /// Leaving an element that was walked into.
    Leave(ElementRef<'a>),
    /// A text node.
    Text(&'a str),
}

/// Walks the descendants of `root` in document order without recursion.
///
/// The visitor returns `true` to walk into an element (the return value is ignored for the
/// other steps).
fn walk<'a>(root: ElementRef<'a>, mut visit: impl FnMut(Step<'a>) -> bool) {
    let root_id = root.id();
    let Some(mut node) = root.first_child() else {
        return;
    };
    loop {
        let mut entered = None;
        match node.value() {
            Node::Element(_) => {
                if let Some(el) = ElementRef::wrap(node) {
                    if visit(Step::Enter(el)) {
                        entered = Some(el);
                    }
                }
            }
            Node::Text(text) => {
                visit(Step::Text(text));
            }
            _ => {}
        }
        if let Some(el) = entered {
            match node.first_child() {
                Some(child) => {
                    node = child;
                    continue;
                }
                None => {
                    visit(Step::Leave(el));
                }
            }
        }
        // Move to the next sibling, leaving finished parents on the way up.
        loop {
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) if parent.id() != root_id => {
                    node = parent;
                    if let Some(el) = ElementRef::wrap(parent) {
                        visit(Step::Leave(el));
                    }
                }
                _ => return,
            }
        }
    }
}

/// Whether an element is hidden: `hidden`, `aria-hidden=true`, or an inline `display:none` or
/// `visibility:hidden` style.
fn is_hidden(el: ElementRef<'_>) -> bool {
    let e = el.value();
    if e.attr("hidden").is_some() {
        return true;
    }
    if e.attr("aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    e.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Whether the element's id or class names it as boilerplate.
fn is_boilerplate_name(el: ElementRef<'_>) -> bool {
    let e = el.value();
    let boilerplate = |v: &str| content::name_flags(v) & content::name::BOILERPLATE != 0;
    e.id().is_some_and(boilerplate) || e.attr("class").is_some_and(boilerplate)
}

// ---------------------------------------------------------------------------------------------
// Title

/// Collapses whitespace runs to single spaces and trims.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The text of an element, whitespace collapsed, scripts excluded.
fn element_text(el: ElementRef<'_>) -> String {
    let mut raw = String::new();
    walk(el, |step| match step {
        Step::Enter(e) => {
            let name = e.value().name();
            if name == "br" {
                raw.push(' ');
            }
            !matches!(name, "script" | "style" | "noscript" | "template")
        }
        Step::Text(t) => {
            raw.push_str(t);
            true
        }
        Step::Leave(_) => true,
    });
    collapse(&raw)
}

/// The headline: og:title, else the main content's first `<h1>`, else `<title>` without a
/// site-name suffix, else any `<h1>`.
fn title(
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

// ---------------------------------------------------------------------------------------------
// Main text

/// What goes between two pieces of text in the same paragraph.
#[derive(Clone, Copy, PartialEq)]
enum Gap {
    None,
    Space,
    Cell,
}

/// Builds paragraphs from a stream of text pieces and breaks.
struct Paragraphs {
    done: Vec<String>,
    current: String,
    gap: Gap,
}

impl Paragraphs {
    fn new() -> Self {
        Paragraphs {
            done: Vec::new(),
            current: String::new(),
            gap: Gap::None,
        }
    }

    fn text(&mut self, text: &str) {
        for (i, word) in text.split(char::is_whitespace).enumerate() {
            if i > 0 && !self.current.is_empty() && self.gap == Gap::None {
                self.gap = Gap::Space;
            }
            if word.is_empty() {
                continue;
            }
            if !self.current.is_empty() {
                match self.gap {
                    Gap::None => {}
                    Gap::Space => self.current.push(' '),
                    Gap::Cell => self.current.push_str(" | "),
                }
            }
            self.gap = Gap::None;
            self.current.push_str(word);
        }
    }

    fn cell(&mut self) {
        if !self.current.is_empty() {
            self.gap = Gap::Cell;
        }
    }

    fn space(&mut self) {
        if !self.current.is_empty() && self.gap == Gap::None {
            self.gap = Gap::Space;
        }
    }

    fn end(&mut self) {
        if !self.current.is_empty() {
            self.done.push(std::mem::take(&mut self.current));
        }
        self.gap = Gap::None;
    }
}

/// A comparison key: lower case, whitespace collapsed.
fn key(s: &str) -> String {
    collapse(&s.to_lowercase())
}

// ---------------------------------------------------------------------------------------------
// Metadata and dates

/// What the `<meta>` tags say.
struct Metas {
    og_title: Option<String>,
    dates: Vec<NaiveDate>,
}

/// Reads og:title and date `<meta>` tags, in document order.
fn read_metas(elements: &[ElementRef<'_>]) -> Metas {
    let mut metas = Metas {
        og_title: None,
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
            } else if DATE_META.iter().any(|m| m.eq_ignore_ascii_case(name)) {
                if let Some(date) = parse_date_value(content) {
                    metas.dates.push(date);
                }
            }
            break;
        }
    }
    metas
}

/// Whether a `property`/`itemprop` value names a publication date: one of [`DATE_META`], with
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
                .and_then(parse_date_value)
                .or_else(|| e.attr("datetime").and_then(parse_date_value))
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
                    Some(serde_json::Value::String(s)) => parse_date_value(s),
                    Some(serde_json::Value::Array(a)) => a
                        .iter()
                        .filter_map(|v| v.as_str())
                        .find_map(parse_date_value),
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
            .and_then(parse_date_value)
            .or_else(|| parse_date_value(&element_text(el)))
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

/// `2019-05-07`, `2019/05/07`, `2019.05.07`, `20190507` at the start (any time and offset after
/// it is ignored: the calendar date as written is kept, not converted to UTC).
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})(?:([-/.])(\d{1,2})[-/.](\d{1,2})|(\d{2})(\d{2}))(?:$|[^0-9])")
        .expect("valid regex")
});
/// `May 7, 2019`, `Tuesday, May 7th 2019`, `Sept. 7, 2019`.
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
        .expect("valid regex")
});
/// `7 May 2019`, `7th of May, 2019`, `Tue, 7 May 2019 09:00:00 +0200`.
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})\b")
        .expect("valid regex")
});

/// Parses a date as written in markup: ISO 8601 / RFC 3339 (`2019-05-07T09:00:00+02:00` is
/// 2019-05-07: the local date as written, not converted to UTC), `2019-05-07`, `2019/05/07`,
/// RFC 2822, `May 7, 2019`, `7 May 2019`. Returns `None` for anything else or an impossible date.
pub fn parse_date_value(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if let Some(c) = ISO_DATE.captures(value) {
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
    if let Some(c) = MONTH_DAY_YEAR.captures(value) {
        if let Some(month) = month_number(c.get(1)?.as_str()) {
            let day = c.get(2)?.as_str().parse().ok()?;
            let year = c.get(3)?.as_str().parse().ok()?;
            if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                return Some(date);
            }
        }
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(value) {
        let month = month_number(c.get(2)?.as_str())?;
        let day = c.get(1)?.as_str().parse().ok()?;
        let year = c.get(3)?.as_str().parse().ok()?;
        return NaiveDate::from_ymd_opt(year, month, day);
    }
    None
}

/// `January`, `jan`, `Sept` → month number.
fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(w.as_str())))
        .and_then(|i| u32::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn hint(y: i32, m: u32, day: u32, source: DateSource) -> DateHint {
        DateHint {
            date: d(y, m, day),
            source,
        }
    }

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

    #[test]
    fn title_not_repeated() {
        let html = r#"<head><meta property="og:title" content="Big News"></head>
            <body><main><h2>big   NEWS</h2><p>Text.</p></main></body>"#;
        assert_eq!(parse_html(html).body, "Text.");
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
    fn depth_limit() {
        let shallow = "<div><p>a<br>b</p></div>";
        assert_eq!(prepare(shallow), shallow);
        let deep = format!(
            "{}<!-- <x> --><script>if (a<b) {{ '<div>' }}</script>text<img src='>'/>{}",
            "<div class='a>b'>".repeat(MAX_DEPTH + 2),
            "</div>".repeat(MAX_DEPTH + 2)
        );
        let flat = prepare(&deep);
        assert_eq!(flat.matches("<div class").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert!(flat.contains("<script></script>text<img />"), "{flat}");
        // Many unclosed <p> and <li> are not depth.
        let lists = "<p>x<li>y".repeat(5000);
        assert_eq!(prepare(&lists), lists);
    }

    #[test]
    fn unread_attributes_are_left_out() {
        let page = concat!(
            r#"<html prefix="og: x"><head><meta property="og:title" content="T" data-x=1>"#,
            r#"<link rel="stylesheet" href="s.css"></head><body class=b>"#,
            r#"<a HREF='/x' title="go > there" class="nav">x</a><img src=a.png alt=A/>"#,
            r#"<iframe src="https://youtube.com/embed/1" width=5></iframe>"#,
            r#"<time datetime="2020-01-02" pubdate data-a="b">t</time>"#,
            // Glued to the attribute before it: kept, so the two are never joined.
            r#"<a class="c"href="h">y</a><a/href=x>z</a><p hidden id=i style="display:none">"#,
            // An unclosed tag is kept whole.
            r#"<div data-end="x"#
        );
        assert_eq!(
            prepare(page),
            concat!(
                r#"<html ><head><meta property="og:title" content="T" >"#,
                r#"<link rel="stylesheet" ></head><body class=b>"#,
                // `alt=A/` is the value "A/", not a self-closing slash.
                r#"<a   class="nav">x</a><img  >"#,
                r#"<iframe src="https://youtube.com/embed/1" ></iframe>"#,
                r#"<time datetime="2020-01-02" pubdate >t</time>"#,
                r#"<a class="c"href="h">y</a><a/href=x>z</a><p hidden id=i style="display:none">"#,
                r#"<div data-end="x"#
            )
        );
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::proptest_config())]

        /// What [`prepare`] leaves out changes nothing that is read from the page.
        #[test]
        fn prepare_changes_no_result(page in page_soup()) {
            let whole = parse_tree(&Html::parse_document(&page));
            let prepared = parse_html(&page);
            proptest::prop_assert_eq!(prepared, whole, "page: {:?}", page);
        }
    }

    /// Pages made of tags with kept and dropped attributes, quotes, slashes, comments, scripts
    /// and text.
    fn page_soup() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        const TAGS: &[&str] = &[
            "p", "div", "a", "img", "time", "meta", "article", "main", "iframe", "span", "h1",
            "nav", "section", "script", "svg", "br", "pre", "textarea", "table", "td", "listing",
        ];
        const ATTRS: &[&str] = &[
            "class", "id", "href", "title", "datetime", "content", "property", "itemprop", "style",
            "hidden", "src", "data-x", "alt", "type", "role", "HREF", "=x",
        ];
        const VALUES: &[&str] = &[
            "",
            "=a",
            "=\"b c\"",
            "='d>e'",
            "=f/",
            "= \"2020-01-02\"",
            "=\"articleBody\"",
            "=\"og:title\"",
            "=display:none",
            "=\"datePublished\"",
            "=\"content\"",
            "=\"x",
            "=\"application/ld+json\"",
        ];
        let attr = (
            prop::sample::select(vec![" ", "  ", "\n", "/", ""]),
            prop::sample::select(ATTRS.to_vec()),
            prop::sample::select(VALUES.to_vec()),
        )
            .prop_map(|(sp, a, v)| format!("{sp}{a}{v}"));
        let tag = (
            prop::sample::select(TAGS.to_vec()),
            prop::collection::vec(attr, 0..4),
            prop::sample::select(vec![">", "/>", " >"]),
        )
            .prop_map(|(t, attrs, end)| format!("<{t}{}{end}", attrs.concat()));
        let piece = prop_oneof![
            4 => tag,
            2 => prop::sample::select(TAGS.to_vec()).prop_map(|t| format!("</{t}>")),
            3 => prop::sample::select(vec![
                "Some words, with a comma, and more words in a sentence. ",
                "On January 5, 2019 the agency said. ",
                "{\"datePublished\": \"2018-03-04\"}",
                "<!-- c -->", "<!-->", "<title>T | Site</title>", "x < y ", "&amp; ", "\n\n  ",
                "\r\n\t", " \n", "\n", "  x  y  ",
            ])
            .prop_map(str::to_string),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    #[test]
    fn script_ends_like_html5ever_says() {
        fn end(s: &str) -> Option<&str> {
            script_end(s.as_bytes(), 0).map(|i| &s[..i])
        }
        assert_eq!(end("a</script>b"), Some("a"));
        assert_eq!(end("a</SCRIPT >b"), Some("a"));
        assert_eq!(end("a</scripts></script>"), Some("a</scripts>"));
        assert_eq!(
            end("<!-- <script> </script> --> x</script>"),
            Some("<!-- <script> </script> --> x")
        );
        assert_eq!(end("<!-- x </script> y"), Some("<!-- x "));
        assert_eq!(end("<!--> <script> </script>"), Some("<!--> <script> "));
        assert_eq!(
            end("<!--//--><![CDATA[//><!--\nw(\"<script src='x'>\\x3C/script>\");\n//--><!]]>\n</script>"),
            Some("<!--//--><![CDATA[//><!--\nw(\"<script src='x'>\\x3C/script>\");\n//--><!]]>\n")
        );
        assert_eq!(end("<!-- <script> </script> x"), None);
    }

    #[test]
    fn comments_and_code_are_left_out() {
        let page = r#"<!DOCTYPE html><html><head><title>a <!-- b --></title>
            <style>p { color: red } </style><script src="x.js"></script>
            <script type="application/ld+json">{"datePublished": "2020-01-02"}</script>
            <script>var s = "</scripts>"; </script ></head><body><!-- c -->
            <p title="<!-- d -->" class=x"y>one<!-->two<!-- e --!> f -->three</p>
            <noscript><!-- g --></noscript><script>/*<!--*/ x </script>
            <p>four<!-- unclosed"#;
        assert_eq!(
            prepare(page),
            r#"<!DOCTYPE html><html><head><title>a <!-- b --></title>
 <style></style><script ></script>
 <script type="application/ld+json">{"datePublished": "2020-01-02"}</script>
 <script></script ></head><body>
 <p  class=x"y>one<!-->two<!-- e --!> f -->three</p>
 <noscript><!-- g --></noscript><script></script>
 <p>four<!-- unclosed"#
        );
        let p = parse_html(page);
        assert_eq!(p.date_hints.len(), 1);
        assert!(p.body.contains("one"), "{}", p.body);
        assert!(
            p.body.contains("three") && p.body.contains("four"),
            "{}",
            p.body
        );
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
