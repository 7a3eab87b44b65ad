//! The tokens the tagger and the entity finder share: words, numbers and punctuation, with
//! what they look like (capitalized, all capitals) and where they stand (a sentence or
//! paragraph start, a headline written in capitals).

/// Spaces in a row, inside a line, that stand for a line break.
pub(crate) const WIDE_GAP: usize = 3;

/// A lower-case line break that ends a run only when the line before it is short.
const WRAP_LINE: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

/// One token of a body: a word, a number or a punctuation mark.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub(crate) s: usize,
    pub(crate) e: usize,
    pub(crate) kind: Kind,
    /// First letter upper-case.
    pub(crate) cap: bool,
    /// Two or more letters, all upper-case.
    pub(crate) upper: bool,
    /// Opens a sentence (or might).
    pub(crate) sent: bool,
    /// A paragraph break or a short line's end comes before it.
    pub(crate) brk: bool,
    /// Sits in a line written in capitals (a headline).
    pub(crate) caps_line: bool,
    /// Two or more spaces come before it on the same line: where a source that strips
    /// punctuation dropped a mark ("the Senate  On Monday", "Patty Murray  D Wash").
    pub(crate) gap: bool,
    line: u32,
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

/// Ideographs and kana: each stands on its own, never inside a Latin-script name
/// ("He Xuming说" is the name "He Xuming" followed by a Chinese verb).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

fn is_apos(c: char) -> bool {
    c == '\'' || c == '’'
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

const ABBREVS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "sgt",
    "adm", "rev", "hon", "st", "jr", "sr", "inc", "ltd", "corp", "co", "no", "vs", "messrs", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft",
    "dept", "univ", "assn", "bros", "etc", "rt", "cmdr", "supt", "insp", "det", "pres",
];

/// Abbreviations after which a capitalized word may open a new sentence.
const ENDING_ABBREVS: &[&str] = &["inc", "ltd", "corp", "co", "jr", "sr", "etc", "bros"];

/// Lower-cases `text` onto the end of `out` (without a new string for ASCII words).
pub(crate) fn push_lower(out: &mut String, text: &str) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&text.to_lowercase());
    }
}

/// Splits `body` into tokens, with where each stands (see [`Tok`]).
pub(crate) fn tokenize(body: &str) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::with_capacity(body.len() / 5);
    let mut i = 0;
    let mut line_start = 0;
    let mut line: u32 = 0;
    let mut brk = true;
    let mut sent = true;
    let mut newlines = 0;
    let mut spaces = 0;
    while let Some(c) = char_at(body, i) {
        let cl = c.len_utf8();
        if c == '\n' {
            newlines += 1;
            spaces = 0;
            let len = body[line_start..i].trim().len();
            if newlines >= 2 || len < WRAP_LINE {
                brk = true;
                sent = true;
            }
            line += 1;
            line_start = i + 1;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            spaces += 1;
            i += cl;
            continue;
        }
        let gap = spaces >= 2 && newlines == 0 && !toks.is_empty();
        // A wide gap is a line break that the source flattened (the Senate texts come as one
        // line: "...Phone 202 224 2321           Thune Votes to Protect ...").
        if gap && spaces >= WIDE_GAP {
            line += 1;
            brk = true;
            sent = true;
        }
        spaces = 0;
        newlines = 0;
        let start = i;
        let (kind, end, next_sent) = if c.is_alphabetic() && !is_cjk(c) {
            let (end, next_sent) = period_end(body, start, word_end(body, i + cl));
            (Kind::Word, end, next_sent)
        } else if c.is_ascii_digit() {
            (Kind::Num, number_end(body, i + 1), false)
        } else {
            (Kind::Punct, i + cl, punct_next_sent(c, sent))
        };
        i = end;
        let (cap, upper) = if kind == Kind::Word {
            word_case(&body[start..i])
        } else {
            (false, false)
        };
        toks.push(Tok {
            s: start,
            e: i,
            kind,
            cap,
            upper,
            sent,
            brk,
            caps_line: false,
            gap,
            line,
        });
        brk = false;
        sent = next_sent;
    }
    mark_caps_lines(body, &mut toks);
    toks
}

/// Where the letters of a word end, from `j`, past its first letter: letters, digits and
/// combining marks, an apostrophe or hyphen before a letter (not a possessive 's), and "&"
/// between capitals ("AT&T").
#[inline]
fn word_end(body: &str, mut j: usize) -> usize {
    let bytes = body.as_bytes();
    loop {
        // ASCII letters and digits continue the word (the test below, made short).
        j += bytes[j..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(bytes.len() - j);
        let Some(d) = char_at(body, j) else {
            break;
        };
        if (d.is_alphanumeric() || is_mark(d)) && !is_cjk(d) {
            j += d.len_utf8();
            continue;
        }
        let after = char_at(body, j + d.len_utf8());
        if is_apos(d) || d == '-' || d == '‐' {
            match after {
                Some(a) if a.is_alphabetic() => {
                    if is_apos(d) && (a == 's' || a == 'S') {
                        let a2 = char_at(body, j + d.len_utf8() + 1);
                        if !a2.is_some_and(|x| x.is_alphanumeric()) {
                            break; // possessive 's
                        }
                    }
                    j += d.len_utf8();
                    continue;
                }
                _ => break,
            }
        }
        if d == '&' {
            let prev_up = body[..j]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_uppercase());
            if prev_up && after.is_some_and(|a| a.is_uppercase()) {
                j += 1;
                continue;
            }
        }
        break;
    }
    j
}

/// Where the word `body[start..j]` ends with the period after it, when it takes one (initials
/// such as "U.S.", known abbreviations), and whether a sentence may start after it.
#[inline]
fn period_end(body: &str, start: usize, mut j: usize) -> (usize, bool) {
    let mut next_sent = false;
    if char_at(body, j) == Some('.') {
        let word = &body[start..j];
        if word.chars().count() == 1 {
            j += 1;
            // U.S., U.S.A., S.A.
            while let Some(a) = char_at(body, j) {
                if a.is_alphabetic() && char_at(body, j + a.len_utf8()) == Some('.') {
                    j += a.len_utf8() + 1;
                } else {
                    break;
                }
            }
            if body[start..j].len() > 2 {
                next_sent = true;
            }
        } else {
            let lw = word.to_ascii_lowercase();
            if ABBREVS.contains(&lw.as_str()) {
                j += 1;
                next_sent = ENDING_ABBREVS.contains(&lw.as_str());
            }
        }
    }
    (j, next_sent)
}

/// Where a number ends, from `j`, past its first digit: letters and digits, and ".,:/-"
/// between digits ("1,000", "1996-08-30").
#[inline]
fn number_end(body: &str, mut j: usize) -> usize {
    while let Some(d) = char_at(body, j) {
        if d.is_alphanumeric() {
            j += d.len_utf8();
        } else if matches!(d, '.' | ',' | ':' | '/' | '-')
            && char_at(body, j + 1).is_some_and(|x| x.is_ascii_digit())
        {
            j += 1;
        } else {
            break;
        }
    }
    j
}

/// Whether a sentence may start after the punctuation mark `c`: after a sentence end, and after
/// a quote mark, an opening bracket or a bullet when one might start at it (`sent`).
#[inline]
fn punct_next_sent(c: char, sent: bool) -> bool {
    if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
        true
    } else if matches!(
        c,
        '"' | '“' | '”' | '\'' | '‘' | '(' | '[' | '‹' | '«' | '*' | '•'
    ) {
        sent
    } else {
        false
    }
}

/// Whether a word is capitalized (first letter upper-case) and whether it is written in
/// capitals (two or more letters, all upper-case).
#[inline]
fn word_case(text: &str) -> (bool, bool) {
    let first_up = text.chars().next().is_some_and(|c| c.is_uppercase());
    let mut letters = 0;
    let mut all_up = true;
    for ch in text.chars() {
        if ch.is_alphabetic() {
            letters += 1;
            if !ch.is_uppercase() {
                all_up = false;
            }
        }
    }
    (first_up, all_up && letters >= 2)
}

/// Marks the tokens of lines written mostly in capitals (headlines, banners).
fn mark_caps_lines(body: &str, toks: &mut [Tok]) {
    const SMALL: &[&str] = &[
        "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "for", "by", "with", "from",
        "as", "vs", "de", "van", "von", "per", "into", "over", "after", "amid",
    ];
    let mut a = 0;
    while a < toks.len() {
        let line = toks[a].line;
        let mut b = a;
        let (mut words, mut caps, mut titled, mut lower) = (0, 0, 0, 0);
        while b < toks.len() && toks[b].line == line {
            let t = &toks[b];
            if t.kind == Kind::Word {
                let w = &body[t.s..t.e];
                if t.e - t.s >= 2 {
                    words += 1;
                    if t.upper {
                        caps += 1;
                    }
                }
                if t.cap {
                    titled += 1;
                } else if !SMALL.contains(&w) {
                    lower += 1;
                }
            }
            b += 1;
        }
        let last = &body[toks[b - 1].s..toks[b - 1].e];
        // A headline: mostly capitals, or Title Case with no sentence end.
        let shouting = words >= 3 && caps * 10 >= words * 7;
        let title_case = titled >= 4 && lower == 0 && !matches!(last, "." | "\"" | "”" | ":");
        if shouting || title_case {
            for t in &mut toks[a..b] {
                t.caps_line = true;
            }
        }
        a = b;
    }
}

/// The shape class of a character: runs of 3 or more of one class keep two.
fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else if c.is_alphabetic() {
        'a'
    } else {
        c
    }
}

/// Calls `push` with each character of the shape of `s` ("Okonjo-Iweala" → "Xxx-Xxx"), up to
/// 13 bytes and one character more.
pub(crate) fn shape_chars(s: &str, mut push: impl FnMut(char)) {
    let mut last = ' ';
    let mut run = 0;
    let mut len = 0;
    for c in s.chars() {
        let k = shape_class(c);
        if k == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        push(k);
        len += k.len_utf8();
        if len > 12 {
            break;
        }
    }
}

/// The shape of `s` ([`shape_chars`]) as a string.
pub(crate) fn shape(s: &str) -> String {
    let mut out = String::new();
    shape_chars(s, |c| out.push(c));
    out
}

#[cfg(test)]
mod gap_tests {
    use super::*;

    #[test]
    fn two_spaces_on_a_line_mark_a_gap_and_a_line_start_does_not() {
        let body = "passed the Senate  On Monday\n  Senator Reid said";
        let toks = tokenize(body);
        let gap: Vec<&str> = toks
            .iter()
            .filter(|t| t.gap)
            .map(|t| &body[t.s..t.e])
            .collect();
        assert_eq!(gap, ["On"]);
    }
}
