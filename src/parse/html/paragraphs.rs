//! Text assembly: the article's text pieces and breaks become paragraphs, words joined by single
//! spaces, table cells by ` | `, paragraphs kept apart.

use super::tree::collapse;

/// Elements that separate paragraphs.
pub(super) const BLOCK_TAGS: &[&str] = &[
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

#[derive(Clone, Copy, PartialEq)]
enum Gap {
    None,
    Space,
    Cell,
}

/// Builds paragraphs from a stream of text pieces and breaks.
pub(super) struct Paragraphs {
    /// The finished paragraphs.
    pub(super) done: Vec<String>,
    current: String,
    gap: Gap,
}

impl Paragraphs {
    /// No paragraphs yet.
    pub(super) fn new() -> Self {
        Paragraphs {
            done: Vec::new(),
            current: String::new(),
            gap: Gap::None,
        }
    }

    /// Adds a piece of text: its words, with a space where it has whitespace.
    pub(super) fn text(&mut self, text: &str) {
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

    /// A table cell ends or starts: ` | ` before the next word of the paragraph.
    pub(super) fn cell(&mut self) {
        if !self.current.is_empty() {
            self.gap = Gap::Cell;
        }
    }

    /// An inline break (an image, an input): a space before the next word.
    pub(super) fn space(&mut self) {
        if !self.current.is_empty() && self.gap == Gap::None {
            self.gap = Gap::Space;
        }
    }

    /// A block ends: the current paragraph, if any, is finished.
    pub(super) fn end(&mut self) {
        if !self.current.is_empty() {
            self.done.push(std::mem::take(&mut self.current));
        }
        self.gap = Gap::None;
    }
}

/// A comparison key: lower case, whitespace collapsed.
pub(super) fn key(s: &str) -> String {
    collapse(&s.to_lowercase())
}
