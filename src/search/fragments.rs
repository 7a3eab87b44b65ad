//! Which pieces of a hit's body to show: up to a few windows of about 220 bytes that cover the
//! most highlights, starting and ending at word boundaries.

use super::{Fragment, Span};

/// Target fragment length in bytes.
const FRAGMENT_LEN: usize = 220;
/// Context kept before the first highlight of a fragment.
const LEAD: usize = 60;

/// Picks up to `max` fragments covering the most highlights, in body order.
pub(super) fn fragments(body: &str, spans: &[Span], max: usize) -> Vec<Fragment> {
    if max == 0 || body.is_empty() {
        return Vec::new();
    }
    if spans.is_empty() {
        let end = snap_end(body, FRAGMENT_LEN.min(body.len()));
        return vec![make_fragment(body, 0, end, &[])];
    }
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let mut used = vec![false; spans.len()];
    while windows.len() < max {
        let mut best: Option<(usize, usize, usize)> = None; // (count, start, end)
        for (i, s) in spans.iter().enumerate() {
            if used[i] {
                continue;
            }
            let mut start = snap_start(body, s.start.saturating_sub(LEAD));
            let mut end = snap_end(body, (start + FRAGMENT_LEN).max(s.end).min(body.len()));
            // Shrink the window so it does not overlap the fragments already chosen.
            for &(ws, we) in &windows {
                if we <= s.start && we > start {
                    start = we;
                }
                if ws >= s.end && ws < end {
                    end = ws;
                }
            }
            if windows.iter().any(|&(ws, we)| start < we && ws < end) {
                continue;
            }
            let count = spans
                .iter()
                .enumerate()
                .filter(|(j, t)| !used[*j] && t.start >= start && t.end <= end)
                .count();
            if best.is_none_or(|(c, _, _)| count > c) {
                best = Some((count, start, end));
            }
        }
        let Some((_, start, end)) = best else { break };
        for (j, t) in spans.iter().enumerate() {
            if t.start >= start && t.end <= end {
                used[j] = true;
            }
        }
        windows.push((start, end));
    }
    windows.sort();
    windows
        .into_iter()
        .map(|(start, end)| {
            let inside: Vec<Span> = spans
                .iter()
                .filter(|t| t.start >= start && t.end <= end)
                .map(|t| Span {
                    start: t.start - start,
                    end: t.end - start,
                })
                .collect();
            make_fragment(body, start, end, &inside)
        })
        .collect()
}

fn make_fragment(body: &str, start: usize, end: usize, highlights: &[Span]) -> Fragment {
    let text = body[start..end]
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    Fragment {
        offset: start,
        text,
        highlights: highlights.to_vec(),
    }
}

/// Moves `i` back to the start of a word (or the body), on a char boundary.
fn snap_start(body: &str, mut i: usize) -> usize {
    while i > 0 && !body.is_char_boundary(i) {
        i -= 1;
    }
    if i == 0 {
        return 0;
    }
    // Start after the nearest whitespace at or before i, looking back a little.
    let window_start = i.saturating_sub(20);
    let mut ws = window_start;
    while !body.is_char_boundary(ws) {
        ws += 1;
    }
    let after = |at: usize| at + body[at..].chars().next().map_or(1, char::len_utf8);
    if let Some(p) = body[ws..i].rfind(char::is_whitespace) {
        return after(ws + p);
    }
    // No word start close behind: skip forward past the partial word instead.
    let mut le = (i + 20).min(body.len());
    while !body.is_char_boundary(le) {
        le -= 1;
    }
    body[i..le]
        .find(char::is_whitespace)
        .map_or(i, |p| after(i + p))
}

/// Moves `i` forward to the end of a word (or the body), on a char boundary.
fn snap_end(body: &str, mut i: usize) -> usize {
    while i < body.len() && !body.is_char_boundary(i) {
        i += 1;
    }
    if i >= body.len() {
        return body.len();
    }
    let limit = (i + 20).min(body.len());
    let mut le = limit;
    while !body.is_char_boundary(le) {
        le -= 1;
    }
    match body[i..le].find(char::is_whitespace) {
        Some(p) => i + p,
        None => i,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_start_at_a_word() {
        let body = "2022-11-08 16:20:45 SHENZHEN – leaders of the big new world internet of things";
        let at = body.find("internet").unwrap();
        let f = fragments(
            body,
            &[Span {
                start: at,
                end: at + 8,
            }],
            1,
        );
        assert!(
            f[0].text.starts_with("16:20:45 SHENZHEN"),
            "{:?}",
            f[0].text
        );
        assert_eq!(
            &f[0].text[f[0].highlights[0].start..f[0].highlights[0].end],
            "internet"
        );
    }

    #[test]
    fn fragments_stay_on_char_boundaries() {
        let body = "Zoë Lefèvre said “ünïcode” works. ".repeat(30);
        let spans = vec![
            Span { start: 0, end: 4 },
            Span {
                start: 500,
                end: 504,
            },
        ];
        let spans: Vec<Span> = spans
            .into_iter()
            .filter(|s| body.is_char_boundary(s.start) && body.is_char_boundary(s.end))
            .collect();
        for f in fragments(&body, &spans, 3) {
            for h in f.highlights {
                assert!(f.text.is_char_boundary(h.start) && f.text.is_char_boundary(h.end));
            }
        }
    }
}
