//! Reading the parsed tree: a document-order walk without recursion, the text of an element,
//! and whether an element is hidden.
//!
//! The tree is never walked recursively: `walk` moves through it with
//! first-child/next-sibling/parent links, so 100,000 nested elements cost no stack.

use scraper::{ElementRef, Node, Selector};

/// Compiles a selector known to be valid.
pub(super) fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

/// One step of a document-order walk.
pub(super) enum Step<'a> {
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
pub(super) fn walk<'a>(root: ElementRef<'a>, mut visit: impl FnMut(Step<'a>) -> bool) {
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
pub(super) fn is_hidden(el: ElementRef<'_>) -> bool {
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

pub(super) fn collapse(s: &str) -> String {
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
pub(super) fn element_text(el: ElementRef<'_>) -> String {
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
