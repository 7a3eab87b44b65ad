//! Printing results: for people ([`human`]), for programs ([`json`]) or for spreadsheets
//! ([`csv`]).
//!
//! Renderers only write to the writer they are given (stdout in the binary); warnings and
//! progress are the binary's business and go to stderr.

pub mod csv;
pub mod human;
pub mod json;
pub mod trends;

/// Whether to color human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Color {
    /// ANSI colors for highlights, titles and dates.
    Ansi,
    /// No colors; highlights are shown as `**text**`.
    #[default]
    Plain,
}

/// Replaces characters that could disturb a terminal (controls, bidi overrides, zero-width
/// characters) so text taken from a release prints safely.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    fn bad(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t') || crate::schema::reorders_or_hides(c)
    }
    if text.chars().any(bad) {
        text.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// [`sanitize`] for a field shown on one line (a path, a title, a name): line breaks and tabs
/// are replaced too, so a file named with a newline cannot break line-oriented output.
pub fn sanitize_line(text: &str) -> std::borrow::Cow<'_, str> {
    match sanitize(text) {
        clean if clean.contains(['\n', '\t']) => clean.replace(['\n', '\t'], "\u{FFFD}").into(),
        clean => clean,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sanitize_replaces_escapes() {
        assert_eq!(super::sanitize("a\x1b[31mb"), "a\u{FFFD}[31mb");
        assert_eq!(super::sanitize("plain"), "plain");
        assert_eq!(super::sanitize("a\nb"), "a\nb");
        assert_eq!(
            super::sanitize_line("a\nb\tc\x1b"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}"
        );
        assert_eq!(super::sanitize_line("plain"), "plain");
    }
}
