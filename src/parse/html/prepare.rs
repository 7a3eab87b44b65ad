//! The page as html5ever is given it: a byte scan that leaves out what nothing reads
//! (comments, script and style code, unread attributes, runs of whitespace) and, on pages that
//! nest deeper than `MAX_DEPTH`, the tags below that depth.
//!
//! The scan follows html5ever's tokenizer and tree builder only as far as it needs to, and keeps
//! anything it is not sure about as written, so the prepared page parses to the same headline,
//! text and dates as the page itself (a property test below checks this on generated pages).

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
pub(super) fn prepare(html: &str) -> String {
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
            whitespace_cuts(bytes, i, start, |from, to| {
                skip(out, &mut copied, from, to);
            });
        }
        let after = &bytes[start + 1..];
        if after.starts_with(b"!--") {
            // Only comments ended by `-->` are left out.
            match comment_end(bytes, start) {
                Some((next, plain)) => {
                    let apart = comment_keeps_text_apart(bytes, text_from, start, next, pre_opened);
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
        let name = lower_name(&bytes[name_start..name_start + name_len], &mut lower);
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
            if html_mode && is_code(name, &bytes[start..end]) {
                skip(out, &mut copied, end, close);
            }
            i = close;
        }
    }
    out.push_str(&html[copied..]);
    max_depth
}

/// Calls `cut(from, to)` for what html5ever need not tokenize of each run of whitespace in
/// `bytes[from..to]` (text between tags): runs of whitespace read as one space wherever the
/// page's text is used, so all but one character of a run is cut. A newline right after `<pre>`,
/// `<listing>` or `<textarea>` is dropped by html5ever, so a run that opens with one keeps a
/// space after it.
fn whitespace_cuts(bytes: &[u8], from: usize, to: usize, mut cut: impl FnMut(usize, usize)) {
    let mut k = from;
    while k < to {
        if is_space(bytes[k]) {
            let run = bytes[k..to].iter().take_while(|&&b| is_space(b)).count();
            let keep = match &bytes[k..k + run] {
                [b'\r', b'\n', ..] => 3,
                [b'\n' | b'\r', ..] => 2,
                _ => 1,
            };
            if run > keep {
                cut(k + keep, k + run);
            }
            k += run;
        } else {
            k += 1;
        }
    }
}

/// Where html5ever ends the comment whose `<!--` is at `start`: `<!-->` and `<!--->` at once,
/// others at the first `-->` or `--!>`. Returns the index just past the end and whether the
/// comment ends with a plain `-->`; `None` when it runs to the end of the page.
fn comment_end(bytes: &[u8], start: usize) -> Option<(usize, bool)> {
    let body = start + 4;
    let rest = &bytes[body..];
    if rest.starts_with(b">") {
        Some((body + 1, false))
    } else if rest.starts_with(b"->") {
        Some((body + 2, false))
    } else {
        match find(bytes, body, b"-->") {
            Some(e) => {
                Some(find(&bytes[..e], body, b"--!>").map_or((e + 3, true), |b| (b + 4, false)))
            }
            None => find(bytes, body, b"--!>").map(|b| (b + 4, false)),
        }
    }
}

/// Whether the comment at `start..next` may be left out without joining the text around it
/// (the text before it starts at `text_from`; `pre_opened` when the markup before it is a
/// `<pre>` or `<listing>` start tag). Leaving a comment out joins the text around it: in a
/// table, text with letters and the blank text after a comment would then be moved out of the
/// table together. Only a comment with blank text (or none) on each side, or none on one side,
/// is left out.
fn comment_keeps_text_apart(
    bytes: &[u8],
    text_from: usize,
    start: usize,
    next: usize,
    pre_opened: bool,
) -> bool {
    let before = &bytes[text_from..start];
    let after = &bytes[next..];
    let after = &after[..after.iter().position(|&b| b == b'<').unwrap_or(after.len())];
    let blank = |t: &[u8]| t.iter().all(|&b| is_space(b));
    !(pre_opened && before.is_empty())
        && (before.is_empty() || after.is_empty() || (blank(before) && blank(after)))
}

/// A tag name in lower case, written into `buf`; `""` for names longer than `buf` (none of the
/// listed tags) or not UTF-8.
fn lower_name<'b>(name: &[u8], buf: &'b mut [u8; 16]) -> &'b str {
    match buf.get_mut(..name.len()) {
        Some(buf) => {
            buf.copy_from_slice(name);
            buf.make_ascii_lowercase();
            std::str::from_utf8(buf).unwrap_or("")
        }
        None => "",
    }
}

/// Whether the raw text of a `name` element (lower case) whose start tag is `tag` is code that
/// nothing reads: a style sheet, or a script that is not JSON-LD.
fn is_code(name: &str, tag: &[u8]) -> bool {
    match name {
        "script" => !tag.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json")),
        "style" => true,
        _ => false,
    }
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
/// widget, the `href` of `link` (the canonical address) and the language of `html`. The others are left out of the page html5ever is given.
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
        // The original address (`<link rel="canonical" href>`, see `address`).
        b"href" => tag == "link",
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

#[cfg(test)]
mod tests {
    use super::super::{parse_html, parse_tree};
    use super::*;
    use scraper::Html;

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
                // A link's address is kept (the canonical one is read).
                r#"<link rel="stylesheet" href="s.css"></head><body class=b>"#,
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
            "link",
        ];
        const ATTRS: &[&str] = &[
            "class", "id", "href", "title", "datetime", "content", "property", "itemprop", "style",
            "hidden", "src", "data-x", "alt", "type", "role", "HREF", "=x", "rel",
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
            "=\"canonical\"",
            "=\"og:url\"",
            "=\"https://example.org/a\"",
            "=https://example.org/b",
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
}
