//! People and organizations, found by rules and word lists.
//!
//! The body is tokenized once. Runs of capitalized words are split at titles and company
//! suffixes and classified (person, organization, place, unknown) from the word lists in
//! `data/`. A second pass links aliases back to the entities introduced: surnames ("Guterres"),
//! title + surname ("Chairman He", whose span includes the title), acronyms ("WIOTC") and
//! company names without their legal form. Mentions never overlap.
//!
//! Between the two passes, the names found by the [`super::tagger`] join the rule
//! candidates: the rules keep their decisions (titles, places, acronyms, companies), and the
//! tagger classifies what they left unknown or did not see (names outside the lists, names in
//! headlines), filtered for pronouns, common words, datelines, departments and places.

use super::lists::{HashSet, Lists, LISTS};
use super::tagger;
use crate::model::{Entity, Mention};

/// A map with a fast hash (keys are short strings and indices).
type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

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

pub(crate) fn tokenize(body: &str) -> Vec<Tok> {
    let bytes = body.as_bytes();
    let mut toks: Vec<Tok> = Vec::with_capacity(body.len() / 5);
    let mut i = 0;
    let mut line_start = 0;
    let mut line: u32 = 0;
    let mut brk = true;
    let mut sent = true;
    let mut newlines = 0;
    while let Some(c) = char_at(body, i) {
        let cl = c.len_utf8();
        if c == '\n' {
            newlines += 1;
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
            i += cl;
            continue;
        }
        newlines = 0;
        let start = i;
        let kind;
        let mut next_sent = false;
        if c.is_alphabetic() && !is_cjk(c) {
            kind = Kind::Word;
            let mut j = i + cl;
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
            i = j;
        } else if c.is_ascii_digit() {
            kind = Kind::Num;
            let mut j = i + 1;
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
            i = j;
        } else {
            kind = Kind::Punct;
            i += cl;
            if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
                next_sent = true;
            } else if matches!(
                c,
                '"' | '“' | '”' | '\'' | '‘' | '(' | '[' | '‹' | '«' | '*' | '•'
            ) {
                next_sent = sent;
            }
        }
        let text = &body[start..i];
        let (cap, upper) = if kind == Kind::Word {
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
            line,
        });
        brk = false;
        sent = next_sent;
    }
    mark_caps_lines(body, &mut toks);
    toks
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Person,
    Org,
    Place,
    Unknown,
}

/// A classified stretch of tokens.
#[derive(Debug, Clone, Copy)]
struct Cand {
    /// Token range of the mention (title included when it belongs to the span).
    ma: usize,
    mb: usize,
    /// Token range of the name (no title).
    na: usize,
    nb: usize,
    class: Class,
    /// A title came right before the name.
    titled: bool,
    /// A person only by a weak cue before it ("by X", "according to X"), not by its own words.
    cued: bool,
}

struct Ctx<'a> {
    body: &'a str,
    toks: &'a [Tok],
    lx: &'a Lists,
    /// A buffer for the lower-cased keys of list look-ups (one allocation per document, not
    /// one per look-up).
    key: std::cell::RefCell<String>,
}

impl<'a> Ctx<'a> {
    fn text(&self, i: usize) -> &'a str {
        &self.body[self.toks[i].s..self.toks[i].e]
    }

    fn joined(&self, a: usize, b: usize) -> String {
        // The tokens' bytes and one space between each two: one allocation.
        let len = (a..b).map(|i| self.toks[i].e - self.toks[i].s + 1).sum();
        let mut s = String::with_capacity(len);
        for i in a..b {
            if i > a {
                s.push(' ');
            }
            s.push_str(self.text(i));
        }
        s
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Word)
    }

    fn is_cap(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Word && t.cap && !t.caps_line)
    }

    fn is_stop(&self, i: usize) -> bool {
        self.lx.stopwords.contains(self.text(i))
    }

    /// A capitalized token that may be part of a name.
    fn name_tok(&self, i: usize) -> bool {
        if !self.is_cap(i) {
            return false;
        }
        if !self.is_stop(i) {
            return true;
        }
        // "He" as a surname: "He Xuming", "Chairman He".
        let t = self.text(i);
        // A month as a surname after a given name: "Theresa May".
        if matches!(t, "May" | "June" | "April" | "August")
            && i > 0
            && self.adjacent(i - 1, i)
            && self.is_cap(i - 1)
            && self.first_name(i - 1)
        {
            return true;
        }
        if self.lx.cjk_surnames.contains(t) {
            let next_given = self.adjacent(i, i + 1) && self.is_cap(i + 1) && !self.is_stop(i + 1);
            let after_title = i > 0 && self.adjacent(i - 1, i) && self.title_ending_at(i).is_some();
            return next_given || after_title;
        }
        false
    }

    /// Tokens `a` and `b = a + 1` are separated by spaces only (no break).
    fn adjacent(&self, a: usize, b: usize) -> bool {
        b < self.toks.len() && b == a + 1 && !self.toks[b].brk
    }

    /// The longest title starting at token `i`: number of tokens.
    fn title_at(&self, i: usize) -> Option<usize> {
        if !self.is_word(i) {
            return None;
        }
        let mut key = self.key.borrow_mut();
        key.clear();
        let mut best = None;
        for k in 0..self.lx.title_max {
            let j = i + k;
            if j >= self.toks.len() || !self.is_word(j) || (k > 0 && !self.adjacent(j - 1, j)) {
                break;
            }
            if k > 0 {
                if !self.lx.title_prefixes.contains(&*key) {
                    break;
                }
                key.push(' ');
            }
            push_lower(&mut key, self.text(j));
            if self.lx.titles.contains(&*key) {
                best = Some(k + 1);
            }
        }
        best
    }

    /// A capitalized title ending right before token `i`: its first token.
    fn title_ending_at(&self, i: usize) -> Option<usize> {
        let lo = i.saturating_sub(self.lx.title_max);
        (lo..i).find(|&a| self.is_cap(a) && self.title_at(a) == Some(i - a))
    }

    fn is_place(&self, a: usize, b: usize) -> bool {
        let mut key = self.key.borrow_mut();
        key.clear();
        for i in a..b {
            if i > a {
                key.push(' ');
            }
            push_lower(&mut key, self.text(i));
        }
        self.lx.places.contains(&*key)
    }

    fn org_suffix(&self, i: usize) -> bool {
        self.lx.org_suffixes.contains(self.text(i))
    }

    fn first_name(&self, i: usize) -> bool {
        self.lx.first_names.contains(self.text(i))
    }

    fn common(&self, i: usize) -> bool {
        self.lx.common_lower.contains(&self.text(i).to_lowercase())
    }

    fn lower_is(&self, i: usize, words: &[&str]) -> bool {
        self.is_word(i) && words.contains(&self.text(i))
    }
}

/// Runs of name tokens (with particles inside), then merged across "of"/"and" for
/// organizations.
fn runs(cx: &Ctx<'_>) -> Vec<(usize, usize)> {
    let n = cx.toks.len();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if !cx.name_tok(i) {
            i += 1;
            continue;
        }
        let a = i;
        let mut b = i + 1;
        loop {
            if cx.adjacent(b - 1, b) && cx.name_tok(b) {
                b += 1;
            } else if cx.adjacent(b - 1, b) && cx.is_word(b) && cx.lx.particles.contains(cx.text(b))
            {
                // "van der Berg": particles, then a capitalized word.
                let mut e = b;
                while e < n
                    && cx.adjacent(e - 1, e)
                    && cx.is_word(e)
                    && cx.lx.particles.contains(cx.text(e))
                    && e - b < 3
                {
                    e += 1;
                }
                if e < n && cx.adjacent(e - 1, e) && cx.name_tok(e) {
                    b = e + 1;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        out.push((a, b));
        i = b;
    }
    // Merge "Ministry of X", "World Internet of Things Convention", "Health and Human Services".
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    let mut org_of: Vec<bool> = Vec::with_capacity(out.len());
    for (a, b) in out {
        if let (Some(&(pa, pb)), Some(&was_of)) = (merged.last(), org_of.last()) {
            let mut k = pb;
            let conn = cx.adjacent(k - 1, k)
                && (cx.lower_is(k, &["of", "for", "on", "and"]) || cx.text(k) == "&");
            if conn {
                let c = cx.text(k);
                k += 1;
                if cx.adjacent(k - 1, k) && cx.lower_is(k, &["the"]) && c != "and" && c != "&" {
                    k += 1;
                }
                if k == a && cx.adjacent(k - 1, k) && b - a <= 5 {
                    let left_org = cx.lx.org_leading.contains(cx.text(pb - 1));
                    let right_org = cx.org_suffix(b - 1);
                    let left_person = cx.first_name(pa) || cx.title_at(pa).is_some();
                    let right_person = cx.first_name(a) || cx.title_at(a).is_some();
                    let ok = match c {
                        "&" => {
                            !right_person
                                && !left_person
                                && right_org
                                && !(pa..pb).all(|i| cx.common(i))
                        }
                        "and" => {
                            !right_person
                                && !left_person
                                && ((was_of && b - a <= 3 && cx.common(a))
                                    || (right_org && pb - pa <= 2 && cx.common(pa)))
                                && !cx.is_place(a, b)
                        }
                        _ => {
                            !right_person
                                && (left_org
                                    || (right_org
                                        && !left_person
                                        && !cx.is_place(pa, pb)
                                        && !(pa..pb).all(|i| cx.common(i))))
                        }
                    };
                    if ok {
                        if let Some(last) = merged.last_mut() {
                            last.1 = b;
                        }
                        if let Some(last) = org_of.last_mut() {
                            *last = c != "and" && c != "&" || was_of;
                        }
                        continue;
                    }
                }
            }
        }
        merged.push((a, b));
        org_of.push(false);
    }
    merged
}

/// Splits a run at titles and company suffixes and classifies each part.
fn classify_run(cx: &Ctx<'_>, a: usize, b: usize, out: &mut Vec<Cand>) {
    let lx = cx.lx;
    // Strip a leading "The".
    let mut a = a;
    while a < b && matches!(cx.text(a), "The" | "THE") {
        a += 1;
    }
    if a >= b {
        return;
    }
    let whole = cx.joined(a, b);
    if lx.known_orgs.contains(whole.as_str()) || lx.more_orgs.contains(whole.as_str()) {
        out.push(cand(a, b, a, b, Class::Org, false));
        return;
    }
    if cx.is_place(a, b) {
        out.push(cand(a, b, a, b, Class::Place, false));
        return;
    }
    let mut seg = a;
    let mut i = a;
    while i < b {
        if let Some(k) = cx.title_at(i) {
            // A compound title: "Chief Product Officer", "Vice President Engineering".
            let mut k = k;
            while i + k < b {
                let mut e = i + k;
                while e < b && e < i + k + 2 && cx.title_at(e).is_none() && !cx.first_name(e) {
                    e += 1;
                }
                match cx.title_at(e) {
                    Some(k2) if e < b && e > i + k => k = e + k2 - i,
                    _ => break,
                }
            }
            if seg < i {
                classify_plain(cx, seg, i, out);
            }
            seg = i;
            // A title with a name after it, inside this run.
            if i + k < b && !cx.org_suffix(i + k) {
                if seg < i {
                    classify_plain(cx, seg, i, out);
                }
                let name_a = i + k;
                // The name runs to the next title, company suffix or the run's end.
                let mut name_b = name_a + 1;
                while name_b < b
                    && cx.title_at(name_b).is_none()
                    && !lx.company_suffixes.contains(cx.text(name_b))
                {
                    name_b += 1;
                }
                if name_b < b && lx.company_suffixes.contains(cx.text(name_b)) {
                    // "Minister Acme Systems AB"? Treat the whole as an organization.
                    classify_plain(cx, name_a, name_b + 1, out);
                    seg = name_b + 1;
                    i = seg;
                    continue;
                }
                if cx.org_suffix(name_b - 1) && name_b - name_a >= 2 || cx.is_place(name_a, name_b)
                {
                    classify_plain(cx, name_a, name_b, out);
                } else if (name_a..name_b).filter(|&j| cx.is_cap(j)).count() == 1 {
                    out.push(cand(i, name_b, name_a, name_b, Class::Person, true));
                } else {
                    let nb = name_b.min(name_a + 4);
                    out.push(cand(name_a, nb, name_a, nb, Class::Person, true));
                    if nb < name_b {
                        classify_plain(cx, nb, name_b, out);
                    }
                }
                seg = name_b;
                i = name_b;
                continue;
            }
            i += k;
            seg = i;
            continue;
        }
        if lx.company_suffixes.contains(cx.text(i)) && i > seg {
            classify_plain(cx, seg, i + 1, out);
            seg = i + 1;
        }
        i += 1;
    }
    if seg < b {
        classify_plain(cx, seg, b, out);
    }
}

fn cand(ma: usize, mb: usize, na: usize, nb: usize, class: Class, titled: bool) -> Cand {
    Cand {
        ma,
        mb,
        na,
        nb,
        class,
        titled,
        cued: false,
    }
}

/// Classifies a stretch without titles.
fn classify_plain(cx: &Ctx<'_>, a: usize, b: usize, out: &mut Vec<Cand>) {
    let lx = cx.lx;
    let mut a = a;
    while a < b && (matches!(cx.text(a), "The" | "THE") || cx.title_at(a) == Some(b - a)) {
        a += 1;
    }
    if a >= b {
        return;
    }
    let whole = cx.joined(a, b);
    if lx.known_orgs.contains(whole.as_str()) || lx.more_orgs.contains(whole.as_str()) {
        out.push(cand(a, b, a, b, Class::Org, false));
        return;
    }
    if cx.is_place(a, b) {
        out.push(cand(a, b, a, b, Class::Place, false));
        return;
    }
    let n = b - a;
    if n >= 2 && (a..b).any(|i| lx.event_words.contains(cx.text(i))) {
        // An event ("WSIS Forum", "World Summit on the Information Society"): no entity.
        out.push(cand(a, b, a, b, Class::Place, false));
        return;
    }
    if n >= 2 && FACILITIES.contains(&cx.text(b - 1)) {
        // "Harbour Street Station", "Okonkwo Memorial": a building or a site.
        out.push(cand(a, b, a, b, Class::Place, false));
        return;
    }
    if n >= 2 && cx.org_suffix(b - 1) {
        // "Kenya Revenue Authority", but "Kenya" alone before a person would be split above.
        out.push(cand(a, b, a, b, Class::Org, false));
        return;
    }
    if n >= 3 && lx.org_leading.contains(cx.text(a)) && cx.lower_is(a + 1, &["of", "for", "on"]) {
        out.push(cand(a, b, a, b, Class::Org, false));
        return;
    }
    // A place opening the stretch: "Kenya Amara Smith".
    if n >= 3 && cx.is_place(a, a + 1) {
        out.push(cand(a, a + 1, a, a + 1, Class::Place, false));
        classify_plain(cx, a + 1, b, out);
        return;
    }
    // Given name + surname(s).
    if let Some(j) = (a..b.saturating_sub(1)).find(|&j| cx.first_name(j) && cx.is_cap(j + 1)) {
        if j + 1 < b && !cx.org_suffix(j + 1) && !cx.common(j + 1) {
            if j > a {
                classify_plain(cx, a, j, out);
            }
            let mut nb = b.min(j + 4);
            // "Lanny Ostrander Speaks at ...": a headline's verb ends the name.
            let mut rest = nb;
            while nb > j + 2 && HEADLINE_VERBS.contains(&cx.text(nb - 1)) {
                nb -= 1;
                rest = b.min(nb + 1);
            }
            out.push(cand(j, nb, j, nb, Class::Person, false));
            if rest < b {
                classify_plain(cx, rest, b, out);
            }
            return;
        }
    }
    // Surname first: "He Xuming", "Park Ji-won".
    if (2..=3).contains(&n) && lx.cjk_surnames.contains(cx.text(a)) {
        let given_ok = (a + 1..b).all(|g| {
            let t = cx.text(g);
            !cx.common(g) && !cx.is_place(g, g + 1) || t.contains('-')
        });
        let sent_ok = !cx.toks[a].sent || (a + 1..b).all(|g| !cx.common(g));
        if given_ok && sent_ok && !(a + 1..b).any(|g| cx.is_place(g, g + 1)) {
            out.push(cand(a, b, a, b, Class::Person, false));
            return;
        }
    }
    out.push(cand(a, b, a, b, Class::Unknown, false));
}

/// Adds the tagger's people and organizations to the rule candidates. A rule decision (person,
/// organization, place, event) wins where the two overlap; a stretch the rules could not classify
/// takes the tagger's span and type.
fn merge_tagged(cx: &Ctx<'_>, spans: &[(usize, usize, usize)], cands: &mut Vec<Cand>) {
    let toks = cx.toks;
    // Words of the names the rules found: the tagger's single words among them are left to
    // the alias pass ("Harbourline" after "Harbourline Technologies Ltd.", "D'Arcy").
    // Given names of the people the rules found, and the words of their organizations and
    // places.
    let given_names: HashSet<&str> = cands
        .iter()
        .filter(|c| c.class == Class::Person && c.nb - c.na >= 2)
        .flat_map(|c| {
            // Surname first ("Lin Weiguo"): the given name comes last.
            let last = cx
                .lx
                .cjk_surnames
                .contains(cx.text(c.na))
                .then(|| cx.text(c.nb - 1));
            std::iter::once(cx.text(c.na)).chain(last)
        })
        .collect();
    let other_words: HashSet<String> = cands
        .iter()
        .filter(|c| matches!(c.class, Class::Org | Class::Place))
        .flat_map(|c| (c.na..c.nb).map(|i| cx.text(i).to_lowercase()))
        .collect();
    // Words of the people the rules found, and the names of their organizations (with and
    // without the legal form): the alias pass links the tagger's mentions made only of them.
    // Not places for the tagger's organizations: the alias pass does not link places, and a
    // city or a county names its team or its government too ("Essex need another 148"). Nor
    // one word of a longer organization's name: the alias pass links whole names only
    // ("Scientology" after "Church of Scientology").
    // A person only by a weak cue before it, or one whose words hold an organization's
    // ("Irving Independent School District"): not enough against the tagger's organization.
    let weak_person = |c: &Cand| {
        c.class == Class::Person && !c.titled && (c.cued || (c.na..c.nb).any(|i| cx.org_suffix(i)))
    };
    let person_words: HashSet<String> = cands
        .iter()
        .filter(|c| c.class == Class::Person && !weak_person(c))
        .flat_map(|c| (c.na..c.nb).map(|i| cx.text(i).to_lowercase()))
        .collect();
    let cued_words: HashSet<String> = cands
        .iter()
        .filter(|c| weak_person(c))
        .flat_map(|c| (c.na..c.nb).map(|i| cx.text(i).to_lowercase()))
        .collect();
    let org_names: HashSet<String> = cands
        .iter()
        .filter(|c| c.class == Class::Org)
        .flat_map(|c| {
            let stem = (c.nb - c.na >= 2 && cx.lx.company_suffixes.contains(cx.text(c.nb - 1)))
                .then(|| cx.joined(c.na, c.nb - 1).to_lowercase());
            std::iter::once(cx.joined(c.na, c.nb).to_lowercase()).chain(stem)
        })
        .collect();
    // Words written capitalized inside a sentence somewhere in the body.
    let opens = |i: usize| {
        toks[i].sent || toks[i].brk || i > 0 && matches!(cx.text(i - 1), "–" | "—" | "-" | "--")
    };
    let mid_caps: HashSet<&str> = (0..toks.len())
        .filter(|&i| cx.is_cap(i) && !opens(i))
        .map(|i| cx.text(i))
        .collect();
    let mut place_names: HashSet<String> = HashSet::default();
    // Names written right after "in", "near", "outside" somewhere in the body: places there,
    // so places wherever the tagger sees a person in them ("in Darayya" ... "Darayya's library").
    let mut after_place_prep: HashSet<String> = HashSet::default();
    for i in 1..toks.len() {
        if !cx.lower_is(
            i - 1,
            &["in", "near", "outside", "across", "around", "inside"],
        ) || !cx.is_cap(i)
            || !cx.adjacent(i - 1, i)
        {
            continue;
        }
        let mut e = i + 1;
        while e < toks.len() && e < i + 3 && cx.adjacent(e - 1, e) && cx.is_cap(e) {
            e += 1;
        }
        after_place_prep.insert(cx.joined(i, e));
    }
    for (a, b, ty) in split_tagged(cx, spans) {
        let mut class = match ty {
            0 => Class::Person,
            1 => Class::Org,
            _ => continue,
        };
        let (mut a, mut b) = (a, b);
        // Trim articles, titles, lower-case words and punctuation at the edges.
        loop {
            if a < b && (!cx.is_word(a) || !toks[a].cap || matches!(cx.text(a), "The" | "THE")) {
                a += 1;
            } else if let Some(k) = cx.title_at(a).filter(|&k| a + k < b) {
                a += k;
            } else {
                break;
            }
        }
        while b > a && (!cx.is_word(b - 1) || !toks[b - 1].cap) && cx.text(b - 1) != "Inc." {
            b -= 1;
        }
        while b - a >= 3 && class == Class::Person && HEADLINE_VERBS.contains(&cx.text(b - 1)) {
            b -= 1;
        }
        if a >= b || cx.title_at(a) == Some(b - a) {
            continue;
        }
        // "Joining Harbourline": a gerund opening the sentence is not part of the name.
        if b - a >= 2 && toks[a].sent && cx.text(a).ends_with("ing") && !cx.first_name(a) {
            a += 1;
        }
        // "Unfortunately for Omar": an adverb opening the sentence, and the connector after it.
        if b - a >= 2 && toks[a].sent && cx.text(a).ends_with("ly") && !cx.first_name(a) {
            a += 1;
            while a < b && (!cx.is_word(a) || !toks[a].cap) {
                a += 1;
            }
            if a >= b {
                continue;
            }
        }
        let one = b - a == 1;
        let t = cx.text(a);
        // A belief or a movement the tagger reads as someone acting ("Scientology said") is
        // the organization behind it, never a person.
        if class == Class::Person && one && t.ends_with("ology") {
            class = Class::Org;
        }
        // A pronoun or a common word alone is never a name ("He said").
        if one && (cx.is_stop(a) || cx.common(a) || cx.lx.acronym_stop.contains(t)) {
            continue;
        }
        // A surname the rules saw in a person's full name stays: the alias pass links it.
        let surname = one
            && class == Class::Person
            && !toks[a].upper
            && !given_names.contains(t)
            && !other_words.contains(&t.to_lowercase());
        // The tagger reads an organization where the word lists see a place of exactly the same
        // words: a team, a club or a government named by its city or country ("Cleveland
        // beat Texas", "Essex need another 148"). Its reading comes from the context, which
        // the lists do not look at.
        let place_as_org = class == Class::Org
            && cands
                .iter()
                .filter(|c| c.ma < b && a < c.mb)
                .all(|c| c.class == Class::Place && c.na == a && c.nb == b)
            && cands.iter().any(|c| c.ma < b && a < c.mb);
        if !surname
            && !place_as_org
            && (if class == Class::Person {
                (a..b).all(|i| {
                    let w = cx.text(i).to_lowercase();
                    person_words.contains(&w) || other_words.contains(&w) || cued_words.contains(&w)
                })
            } else {
                (a..b).all(|i| person_words.contains(&cx.text(i).to_lowercase()))
                    || org_names.contains(&cx.joined(a, b).to_lowercase())
            })
        {
            continue;
        }
        // One word opening a sentence of prose, never written capitalized inside one and not
        // found by the rules: a common noun more often than a name ("Membership is open").
        let prose_next = cx.is_word(b) && !toks[b].cap;
        if one
            && opens(a)
            && prose_next
            && !toks[a].upper
            && !mid_caps.contains(t)
            // "Itar-Tass", "Al-Akhbar": capitals on both sides of a hyphen are a name's.
            && !(class == Class::Org
                && t.contains('-')
                && t.split('-').all(|p| p.chars().next().is_some_and(char::is_uppercase)))
        {
            continue;
        }
        // "Near Sinjar, ...", "Outside Mosul, ...": a preposition opening the sentence, then a
        // place, not a person.
        if class == Class::Person
            && toks[a].sent
            && matches!(
                cx.text(a),
                "Near" | "In" | "At" | "Outside" | "Inside" | "Across" | "Around" | "Within"
            )
        {
            continue;
        }
        // "Buddhism", "Christianity": a belief or a quality is not a person.
        if class == Class::Person && one && ["ism", "ity"].iter().any(|x| t.ends_with(x)) {
            continue;
        }
        // A nationality alone is neither ("the Afghan team", "a Kuwaiti official").
        if one && is_demonym(cx, t) {
            continue;
        }
        // A label at a line start ("Published: 30 March").
        if one && toks[a].brk && b < toks.len() && cx.text(b) == ":" {
            continue;
        }
        // Place names by their form ("Docklands", "Yorkshire") or by an apposition
        // ("Södra Kajen, a new waterfront district").
        if class == Class::Person
            && one
            && ["lands", "shire", "ville", "burg", "stadt", "grad"]
                .iter()
                .any(|x| t.ends_with(x))
        {
            continue;
        }
        // A building or a site named after someone or something ("Okonkwo Memorial", "Harbour
        // Street Station", "Vellmar Arena"): a place, neither a person nor an organization.
        if b - a >= 2 && FACILITIES.contains(&cx.text(b - 1)) {
            continue;
        }
        let name = cx.joined(a, b);
        if place_names.contains(&name) || class == Class::Person && after_place_prep.contains(&name)
        {
            continue;
        }
        // A month written short ("Nov.") is a date's.
        if one
            && matches!(
                t,
                "Jan."
                    | "Feb."
                    | "Mar."
                    | "Apr."
                    | "Jun."
                    | "Jul."
                    | "Aug."
                    | "Sep."
                    | "Sept."
                    | "Oct."
                    | "Nov."
                    | "Dec."
            )
        {
            continue;
        }
        if b + 1 < toks.len() && cx.text(b) == "," && place_apposition(cx, b + 1) {
            // The same words name that place wherever else they appear.
            place_names.insert(name);
            continue;
        }
        // A person's name does not end in a title ("Product Officer").
        if class == Class::Person && cx.title_at(b - 1) == Some(1) {
            continue;
        }
        // "CityLink": a product, not a person or an organization.
        if one && is_camel(t) {
            continue;
        }
        // Events and documents are neither ("International Women's Day").
        let event_after = b < toks.len() && cx.lx.event_words.contains(cx.text(b))
            || b + 2 < toks.len()
                && is_apos(cx.text(b).chars().next().unwrap_or(' '))
                && cx.text(b + 1) == "s"
                && cx.lx.event_words.contains(cx.text(b + 2));
        let event_before = a >= 2
            && cx.lower_is(a - 1, &["of", "for", "on"])
            && cx.lx.event_words.contains(cx.text(a - 2));
        if event_after || event_before || (a..b).any(|i| cx.lx.event_words.contains(cx.text(i))) {
            continue;
        }
        // A dateline or banner in capitals at a line start ("CORK, 2 March –").
        if (a..b).all(|i| toks[i].upper)
            && toks[a].brk
            && (b == toks.len() || toks[b].kind == Kind::Punct || toks[b].brk)
        {
            continue;
        }
        // A department after a title ("Head of Mobility Research", "Vice President,
        // International Operations").
        let dept_link = if class == Class::Org {
            &["of", ","][..]
        } else {
            &["of"][..]
        };
        if a >= 2
            && dept_link.contains(&cx.text(a - 1))
            && cx.title_ending_at(a - 1).is_some()
            && !cx.org_suffix(b - 1)
        {
            continue;
        }
        // A single word after "from", "to", "in" is a place more often than a person, and
        // after "in" more often than an organization.
        if one && a >= 1 && !toks[a].upper {
            let place_words: &[&str] = if class == Class::Person {
                &["from", "to", "in", "at", "near", "of"]
            } else {
                &["in", "near"]
            };
            if cx.lower_is(a - 1, place_words) {
                continue;
            }
        }
        let over = |c: &Cand| c.ma < b && a < c.mb;
        // An organization whose name starts with a place or holds a shorter organization
        // ("United States Agency for International Development") replaces those pieces.
        let pieces: Vec<&Cand> = cands.iter().filter(|c| over(c)).collect();
        let place_first = pieces
            .iter()
            .find(|c| c.class == Class::Org)
            .is_some_and(|o| o.ma > a && cx.is_place(a, o.ma));
        // Or one that holds a place among other capitalized words ("Boston Red Sox", "Chicago
        // Purchasing Managers", "Islamic State of Iraq"): the place is part of its name.
        let holds_place = pieces
            .iter()
            .any(|c| c.class == Class::Place && (c.ma > a || c.mb < b));
        // The tagger reads an organization where the rules' person is a weak one ("licensed
        // by Creative Commons", "the Irving Independent School District").
        let cued_person = class == Class::Org
            && pieces
                .iter()
                .all(|c| weak_person(c) && c.ma >= a && c.mb <= b)
            && !pieces.is_empty();
        let swallows = cued_person
            || class == Class::Org
                && (place_first || holds_place)
                && pieces
                    .iter()
                    .all(|c| c.ma >= a && c.mb <= b && c.class != Class::Person)
                && !(a..b).any(|i| cx.lower_is(i, &["and", "at", "&", ","]))
                && !cx.is_place(a, b);
        if !swallows && !place_as_org && cands.iter().any(|c| over(c) && c.class != Class::Unknown)
        {
            continue;
        }
        cands.retain(|c| !over(c));
        cands.push(cand(a, b, a, b, class, false));
    }
}

/// A word in capitals spelling a common word ("IS", "WHO") inside a sentence written in lower
/// case, used twice or more: an acronym ("fighting IS", "that IS will"), not a word shouted,
/// which comes in a run of capitals ("we will NOT GO").
fn shouted_acronym(cx: &Ctx<'_>, i: usize, count: &HashMap<&str, usize>) -> bool {
    let toks = cx.toks;
    let lower_before = i >= 1
        && (cx.is_word(i - 1) && !toks[i - 1].cap || matches!(cx.text(i - 1), "(" | "["))
        && !toks[i].brk;
    let not_caps_after = !toks.get(i + 1).is_some_and(|t| t.upper);
    lower_before && not_caps_after && count.get(cx.text(i)).copied().unwrap_or(0) >= 2
}

/// Verbs that end a name in a Title Case headline ("... Speaks at the Summit").
const HEADLINE_VERBS: &[&str] = &[
    "Speaks",
    "Announces",
    "Says",
    "Testifies",
    "Delivers",
    "Discusses",
    "Visits",
    "Meets",
    "Urges",
    "Joins",
    "Remarks",
];

/// Last words of the names of buildings and sites.
const FACILITIES: &[&str] = &[
    "Station", "Stadium", "Arena", "Airport", "Memorial", "Square", "Street", "Avenue", "Bridge",
];

/// "Iraqi", "Syrian", "Afghan", "Chinese", "German": a word naming the people of a place on the
/// places list, by the usual endings.
fn is_demonym(cx: &Ctx<'_>, t: &str) -> bool {
    let lower = t.to_lowercase();
    if lower.chars().count() < 4 {
        return false;
    }
    let places = &cx.lx.places;
    if places.contains(&lower) {
        return false;
    }
    let mut buf = String::with_capacity(lower.len() + 5);
    ["i", "n", "an", "ian", "ese", "ish", "ean", "ic"]
        .iter()
        .filter_map(|suf| lower.strip_suffix(suf))
        .chain(std::iter::once(lower.as_str()))
        .any(|stem| {
            ["", "a", "y", "istan", "e"].iter().any(|end| {
                buf.clear();
                buf.push_str(stem);
                buf.push_str(end);
                places.contains(&buf)
            })
        })
}

/// A country or nationality followed by the body that acts for it is an organization: "Iraqi
/// security forces", "the U.S. military", "the Syrian government" (CoNLL leaves these untyped;
/// re3d counts them, and a release means the body, not the country). The place or
/// nationality comes from the rules (a place) or the tagger (a place or a nationality).
fn state_bodies(cx: &Ctx<'_>, spans: &[(usize, usize, usize)], cands: &mut Vec<Cand>) {
    const MODIFIERS: &[&str] = &[
        "security",
        "government",
        "armed",
        "special",
        "military",
        "federal",
        "national",
        "regular",
        "ground",
        "air",
        "naval",
        "defence",
        "defense",
        "interim",
        "transitional",
    ];
    const HEADS: &[&str] = &[
        "forces",
        "government",
        "military",
        "regime",
        "opposition",
        "coalition",
        "fighters",
        "militants",
        "militiamen",
    ];
    let toks = cx.toks;
    let lower_word = |i: usize| i < toks.len() && cx.is_word(i) && !toks[i].cap;
    let mut starts: Vec<(usize, usize)> = spans
        .iter()
        .filter(|s| matches!(s.2, 2 | 3))
        .map(|s| (s.0, s.1))
        .chain(
            cands
                .iter()
                .filter(|c| c.class == Class::Place)
                .map(|c| (c.na, c.nb)),
        )
        .collect();
    starts.sort_unstable();
    starts.dedup();
    for (a, b) in starts {
        let mut j = b;
        while j < b + 2 && lower_word(j) && MODIFIERS.contains(&cx.text(j)) && lower_word(j + 1) {
            j += 1;
        }
        if !lower_word(j) || !HEADS.contains(&cx.text(j)) || !(b..=j).all(|k| cx.adjacent(k - 1, k))
        {
            continue;
        }
        promote_to_org(cands, (a, j + 1), (a, j + 1));
    }
}

/// Puts an organization over the mention `ma..mb` (name `na..nb`) in place of the places and
/// nationalities it overlaps; never over a person or an organization.
fn promote_to_org(cands: &mut Vec<Cand>, (ma, mb): (usize, usize), (na, nb): (usize, usize)) {
    let over = |c: &Cand| c.ma < mb && ma < c.mb;
    if cands
        .iter()
        .any(|c| over(c) && matches!(c.class, Class::Person | Class::Org))
    {
        return;
    }
    cands.retain(|c| !over(c));
    cands.push(cand(ma, mb, na, nb, Class::Org, false));
}

/// A country written with "the" and acting in the sentence is its government, an organization:
/// "The UK is committed to ...", "the United States continues to ..." (re3d counts these; in
/// "of the United States will" the country is a place, and the preposition says so).
fn states_as_agents(cx: &Ctx<'_>, spans: &[(usize, usize, usize)], cands: &mut Vec<Cand>) {
    const VERBS: &[&str] = &[
        "is",
        "has",
        "have",
        "are",
        "will",
        "would",
        "must",
        "should",
        "cannot",
        "continues",
        "remains",
        "stands",
        "welcomes",
        "condemns",
        "supports",
        "calls",
        "urges",
        "reiterates",
        "strongly",
        "shares",
        "believes",
        "wants",
        "hopes",
        "recognises",
        "recognizes",
        "needs",
    ];
    const PREPS: &[&str] = &[
        "of",
        "in",
        "across",
        "to",
        "from",
        "for",
        "with",
        "at",
        "by",
        "into",
        "throughout",
        "than",
        "and",
        "or",
    ];
    let places: Vec<(usize, usize)> = cands
        .iter()
        .filter(|c| c.class == Class::Place)
        .map(|c| (c.na, c.nb))
        .chain(spans.iter().filter(|s| s.2 == 2).map(|s| (s.0, s.1)))
        .collect();
    for (a, b) in places {
        if a == 0
            || !matches!(cx.text(a - 1), "the" | "The")
            || !cx.adjacent(a - 1, a)
            || a >= 2 && cx.lower_is(a - 2, PREPS)
            || !cx.adjacent(b - 1, b)
            || !cx.lower_is(b, VERBS)
            || !cx.is_place(a, b)
        {
            continue;
        }
        promote_to_org(cands, (a - 1, b), (a, b));
    }
}

/// The tagger's spans cut where a name cannot go on: at "or", at a lower-case word other than
/// a connector ("Atalanta reunites Lentini" → "Atalanta"); a leading "X-based" goes, and
/// connectors in capitals at the edges ("BOSTON AT") too.
fn split_tagged(cx: &Ctx<'_>, spans: &[(usize, usize, usize)]) -> Vec<(usize, usize, usize)> {
    const JOIN: &[&str] = &[
        "of", "and", "for", "the", "on", "de", "du", "des", "del", "della", "da", "di", "do",
        "dos", "van", "von", "der", "den", "la", "le", "al", "el", "bin", "ibn", "y", "&", "'",
        "’", "s", "-", "–", ".", "(", ")",
    ];
    const EDGE: &[&str] = &["at", "of", "and", "or", "the", "for", "in", "on", "vs", "v"];
    let mut out = Vec::with_capacity(spans.len());
    // "Mercantile or Commerce": the name after "or" is one of its own, of the same type.
    let mut pieces: Vec<(usize, usize, usize)> = Vec::with_capacity(spans.len());
    for &(a, b, ty) in spans {
        let mut s = a;
        for k in a..b {
            if cx.text(k) == "or" && k > s {
                pieces.push((s, k, ty));
                s = k + 1;
            }
        }
        if s < b {
            pieces.push((s, b, ty));
        }
    }
    for (a, b, ty) in pieces {
        let mut a = a;
        if cx.text(a).ends_with("-based") {
            a += 1;
        }
        let mut e = a;
        while e < b {
            let t = cx.text(e);
            let stop = cx.is_word(e) && !cx.toks[e].cap && !JOIN.contains(&t);
            if stop && e > a {
                break;
            }
            e += 1;
        }
        let mut b = e;
        while b > a && EDGE.contains(&cx.text(b - 1).to_lowercase().as_str()) {
            b -= 1;
        }
        while a < b && EDGE.contains(&cx.text(a).to_lowercase().as_str()) {
            a += 1;
        }
        if a < b {
            out.push((a, b, ty));
        }
    }
    out
}

/// ", a new waterfront district in …": an apposition starting at `i` that names a kind of
/// place within its first five words.
fn place_apposition(cx: &Ctx<'_>, i: usize) -> bool {
    const KINDS: &[&str] = &[
        "district",
        "city",
        "town",
        "region",
        "neighbourhood",
        "neighborhood",
        "area",
        "village",
        "suburb",
        "province",
        "county",
        "island",
        "port",
        "municipality",
        "capital",
        "state",
    ];
    cx.lower_is(i, &["a", "an", "the"])
        && (i + 1..(i + 6).min(cx.toks.len())).any(|k| cx.lower_is(k, KINDS))
}

/// "CityLink", "QuayTrace": an upper-case letter after a lower-case one (not "McCain",
/// "MacDonald", "DiCaprio", "O'Brien").
fn is_camel(t: &str) -> bool {
    let lower_prefix = [
        "Mc", "Mac", "Di", "De", "La", "Le", "Van", "Von", "Du", "Da",
    ];
    let mut prev_lower = false;
    let mut k = 0;
    for (i, c) in t.char_indices() {
        if c.is_uppercase() && prev_lower && !lower_prefix.contains(&&t[..i]) {
            k += 1;
        }
        prev_lower = c.is_lowercase();
    }
    k > 0
}

/// The upper-cased initials of the capitalized words of a name ("United Nations" → UN).
fn initials(name: &str) -> Vec<char> {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// The multi-word organization whose initials are `letters`, if the release names one.
fn org_spelled_by(ents: &[Ent], letters: &[char]) -> Option<usize> {
    ents.iter()
        .position(|e| !e.person && e.name_tokens > 1 && initials(&e.name) == letters)
}

/// The letters an acronym is made of ("WIOTC"), upper-cased.
fn acronym_letters(s: &str) -> Option<Vec<char>> {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    let n = s.chars().count();
    if !(2..=8).contains(&letters.len()) || n > 10 {
        return None;
    }
    if !s
        .chars()
        .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&' || c == '.')
    {
        // Allow a lower-case letter inside, like "WIOTC" or "IoT"? Only caps here.
        return None;
    }
    Some(letters)
}

/// True when the acronym letters are the initials of the tokens `a..b`.
fn initials_match(cx: &Ctx<'_>, a: usize, b: usize, acr: &[char]) -> bool {
    let mut caps = Vec::new();
    let mut all = Vec::new();
    for i in a..b {
        let t = cx.text(i);
        for part in t.split(['-', '‐']) {
            if let Some(c) = part.chars().next() {
                let up = c.to_uppercase().next().unwrap_or(c);
                all.push(up);
                if c.is_uppercase() {
                    caps.push(up);
                }
            }
        }
    }
    caps == acr
        || all == acr
        || (acr.len() >= 2
            && caps.first() == acr.first()
            && caps.len() + 1 >= acr.len()
            && acr.len() + 2 >= caps.len())
}

/// One entity being built.
struct Ent {
    person: bool,
    /// Token ranges of the name forms seen (no titles).
    name: String,
    name_tokens: usize,
    mentions: Vec<(usize, usize)>,
    /// Token sequences that link back to this entity.
    aliases: Vec<Vec<String>>,
}

/// Finds people and organizations in `body`: `(people, orgs)`, each ordered by first mention,
/// with non-overlapping byte-offset mentions.
pub fn find_entities(body: &str) -> (Vec<Entity>, Vec<Entity>) {
    let toks = tokenize(body);
    let cx = Ctx {
        body,
        toks: &toks,
        lx: &LISTS,
        key: Default::default(),
    };
    let lx = cx.lx;
    let mut cands = Vec::new();
    for (a, b) in runs(&cx) {
        classify_run(&cx, a, b, &mut cands);
    }

    // Surnames seen with a title ("Ms. D'Arcy"): a two-word stretch ending in one is a person.
    let titled_surnames: HashSet<&str> = cands
        .iter()
        .filter(|c| c.class == Class::Person && c.titled && c.nb - c.na == 1)
        .map(|c| cx.text(c.na))
        .collect();

    // Context cues for unknown stretches: "X said", "said X", "according to X", "X, director of".
    for c in &mut cands {
        if c.class != Class::Unknown {
            continue;
        }
        let n = (c.na..c.nb).filter(|&i| cx.is_cap(i)).count();
        if !(2..=3).contains(&n)
            || (c.na..c.nb).any(|i| cx.common(i) || cx.org_suffix(i) || cx.is_place(i, i + 1))
            || (c.na..c.nb).any(|i| toks[i].upper)
        {
            continue;
        }
        if titled_surnames.contains(cx.text(c.nb - 1)) {
            c.class = Class::Person;
            continue;
        }
        let nxt = c.nb;
        let said_after = cx.lower_is(
            nxt,
            &["said", "says", "told", "added", "explained", "noted"],
        );
        let said_before = c.na >= 1 && cx.lower_is(c.na - 1, &["said", "says", "by"])
            || c.na >= 2 && cx.lower_is(c.na - 2, &["according"]) && cx.lower_is(c.na - 1, &["to"]);
        let comma = nxt + 1 < toks.len() && cx.text(nxt) == ",";
        let mut r = nxt + 1;
        if comma
            && cx.lower_is(
                r,
                &[
                    "now",
                    "currently",
                    "formerly",
                    "also",
                    "then",
                    "previously",
                    "most",
                    "until",
                ],
            )
        {
            r += 1;
            if cx.lower_is(r, &["recently"]) {
                r += 1;
            }
        }
        let role_after = comma
            && (cx.title_at(r).is_some()
                || cx.lower_is(r, &["who", "whose", "aged"])
                || r + 1 < toks.len() && toks[r].kind == Kind::Num && cx.text(r + 1) == ",")
            || nxt + 1 < toks.len()
                && cx.text(nxt) == ","
                && (cx.title_at(nxt + 1).is_some()
                    || cx.lower_is(
                        nxt + 1,
                        &["a", "the", "who", "whose", "chief", "head", "founder"],
                    ) && nxt + 2 < toks.len()
                        && cx.title_at(nxt + 2).is_some());
        let title_before = c.na >= 1
            && cx.is_word(c.na - 1)
            && !cx.toks[c.na - 1].cap
            && cx.title_at(c.na - 1) == Some(1);
        if said_after || said_before || role_after || title_before {
            c.class = Class::Person;
            // "by X", "according to X": said of organizations as often as of people.
            c.cued = said_before && !said_after && !role_after && !title_before;
        }
    }

    if let Some(tags) = tagger::tag_tokens(body, &toks) {
        let spans = tagger::token_spans(&tags);
        merge_tagged(&cx, &spans, &mut cands);
        state_bodies(&cx, &spans, &mut cands);
        states_as_agents(&cx, &spans, &mut cands);
    }

    // Acronyms in parentheses: "Long Form (LF)" and "LF (Long Form)".
    let mut acr_of: HashMap<usize, String> = HashMap::default(); // cand index -> acronym
    {
        let by_end: HashMap<usize, usize> =
            cands.iter().enumerate().map(|(k, c)| (c.mb, k)).collect();
        let by_start: HashMap<usize, usize> =
            cands.iter().enumerate().map(|(k, c)| (c.ma, k)).collect();
        for p in 1..toks.len().saturating_sub(2) {
            if cx.text(p) != "(" || cx.text(p + 2) != ")" || !cx.is_word(p + 1) {
                continue;
            }
            let acr = cx.text(p + 1);
            let Some(letters) = acronym_letters(acr) else {
                continue;
            };
            // "Information and Communication Technology (ICT)": a term, not an organization.
            if lx.acronym_stop.contains(acr) {
                continue;
            }
            if let Some(&k) = by_end.get(&p) {
                let c = cands[k];
                if matches!(c.class, Class::Org | Class::Unknown)
                    && (c.class == Class::Org || initials_match(&cx, c.na, c.nb, &letters))
                {
                    cands[k].class = Class::Org;
                    acr_of.insert(k, acr.to_string());
                }
            }
        }
        // "the ITU (International Telecommunication Union)"
        for p in 1..toks.len() {
            if cx.text(p) != "(" || !cx.is_word(p - 1) {
                continue;
            }
            let acr = cx.text(p - 1);
            let Some(letters) = acronym_letters(acr) else {
                continue;
            };
            if lx.acronym_stop.contains(acr) {
                continue;
            }
            let Some(&k) = by_start.get(&(p + 1)) else {
                continue;
            };
            let c = cands[k];
            if c.mb < toks.len()
                && cx.text(c.mb) == ")"
                && matches!(c.class, Class::Org | Class::Unknown)
                && initials_match(&cx, c.na, c.nb, &letters)
            {
                cands[k].class = Class::Org;
                acr_of.insert(k, acr.to_string());
            }
        }
    }

    // Names that stand for a longer organization name: acronyms, company names without
    // their legal form.
    let mut redirect: HashMap<String, String> = HashMap::default();
    for (k, acr) in &acr_of {
        let c = cands[*k];
        redirect.insert(acr.clone(), cx.joined(c.na, c.nb));
    }
    for c in &cands {
        if c.class == Class::Org
            && c.nb - c.na >= 3
            && lx.company_suffixes.contains(cx.text(c.nb - 1))
        {
            redirect.insert(cx.joined(c.na, c.nb - 1), cx.joined(c.na, c.nb));
        }
    }

    // Part of the name of exactly one longer organization of the release ("the Alliance",
    // "Scientology" after "Church of Scientology"): that organization.
    {
        let long: Vec<Vec<&str>> = {
            let mut v: Vec<Vec<&str>> = cands
                .iter()
                .filter(|c| c.class == Class::Org && c.nb - c.na >= 2)
                .map(|c| (c.na..c.nb).map(|i| cx.text(i)).collect())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for c in &cands {
            // An acronym names an organization of its own ("UN" in "UN Security Council").
            if c.class != Class::Org || (c.na..c.nb).any(|i| toks[i].upper) {
                continue;
            }
            let seq: Vec<&str> = (c.na..c.nb).map(|i| cx.text(i)).collect();
            let mut holders = long
                .iter()
                .filter(|l| l.len() > seq.len() && l.windows(seq.len()).any(|w| w == seq));
            if let (Some(l), None) = (holders.next(), holders.next()) {
                redirect.entry(seq.join(" ")).or_insert_with(|| l.join(" "));
            }
        }
    }

    // Build entities.
    let mut ents: Vec<Ent> = Vec::new();
    let mut key_of: HashMap<String, usize> = HashMap::default();
    let mut covered = vec![false; toks.len()];
    let mut pending_single: Vec<Cand> = Vec::new();
    let mut single_places: Vec<usize> = Vec::new();
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&k| cands[k].ma);
    for &k in &order {
        let c = cands[k];
        match c.class {
            Class::Org => {
                let mut name = cx.joined(c.na, c.nb);
                if let Some(long) = redirect.get(&name) {
                    name = long.clone();
                }
                let id = *key_of.entry(format!("O:{name}")).or_insert_with(|| {
                    ents.push(Ent {
                        person: false,
                        name: name.clone(),
                        name_tokens: c.nb - c.na,
                        mentions: Vec::new(),
                        aliases: Vec::new(),
                    });
                    ents.len() - 1
                });
                ents[id].mentions.push((c.ma, c.mb));
                if let Some(acr) = acr_of.get(&k) {
                    ents[id].aliases.push(vec![acr.clone()]);
                }
                // A country acting is its government there only: its name elsewhere is the place's.
                if c.nb - c.na >= 2 && !cx.is_place(c.na, c.nb) {
                    ents[id]
                        .aliases
                        .push((c.na..c.nb).map(|i| cx.text(i).to_string()).collect());
                    if lx.company_suffixes.contains(cx.text(c.nb - 1)) {
                        let stem: Vec<String> =
                            (c.na..c.nb - 1).map(|i| cx.text(i).to_string()).collect();
                        if stem.len() >= 2
                            || stem
                                .first()
                                .is_some_and(|s| !lx.common_lower.contains(&s.to_lowercase()))
                        {
                            ents[id].aliases.push(stem);
                        }
                    }
                }
                covered[c.ma..c.mb].fill(true);
            }
            Class::Person if (c.na..c.nb).filter(|&i| cx.is_cap(i)).count() >= 2 => {
                let name = cx.joined(c.na, c.nb);
                let first = cx.text(c.na);
                let last = cx.text(c.nb - 1);
                // Same person under a fuller or shorter form: same first and last token.
                let existing = ents.iter().position(|e| {
                    e.person && {
                        let parts: Vec<&str> = e.name.split(' ').collect();
                        parts.len() >= 2 && parts[0] == first && parts[parts.len() - 1] == last
                    }
                });
                let id = match existing {
                    Some(id) => id,
                    None => {
                        ents.push(Ent {
                            person: true,
                            name: name.clone(),
                            name_tokens: c.nb - c.na,
                            mentions: Vec::new(),
                            aliases: Vec::new(),
                        });
                        ents.len() - 1
                    }
                };
                if c.nb - c.na > ents[id].name_tokens {
                    ents[id].name = name.clone();
                    ents[id].name_tokens = c.nb - c.na;
                }
                ents[id].mentions.push((c.ma, c.mb));
                let given = cx.text(c.na + 1);
                let korean_given = given
                    .split_once('-')
                    .is_some_and(|(_, b)| b.chars().next().is_some_and(|c| c.is_lowercase()));
                let surname_first = lx.cjk_surnames.contains(first)
                    && (!lx.first_names.contains(first) || korean_given);
                let surname = if surname_first {
                    vec![first.to_string()]
                } else {
                    let mut e = c.nb;
                    while e > c.na + 1
                        && matches!(
                            cx.text(e - 1),
                            "Jr." | "Sr." | "Jr" | "Sr" | "II" | "III" | "IV"
                        )
                    {
                        e -= 1;
                    }
                    // Surname with particles: "von der Leyen".
                    let mut s = e - 1;
                    while s > c.na + 1 && lx.particles.contains(cx.text(s - 1)) {
                        s -= 1;
                    }
                    (s..e).map(|i| cx.text(i).to_string()).collect()
                };
                ents[id]
                    .aliases
                    .push((c.na..c.nb).map(|i| cx.text(i).to_string()).collect());
                if !surname_first && c.nb - c.na >= 3 {
                    // "Sofía Ramírez Calderón" -> "Ramírez"; not initials, not particles.
                    for i in c.na + 1..c.nb - 1 {
                        let t = cx.text(i);
                        // Nor a nationality or a place ("Better Idea of Afghan Girls").
                        if !t.ends_with('.')
                            && !lx.particles.contains(t)
                            && cx.is_cap(i)
                            && !is_demonym(&cx, t)
                            && !cx.is_place(i, i + 1)
                        {
                            ents[id].aliases.push(vec![t.to_string()]);
                        }
                    }
                }
                ents[id].aliases.push(surname);
                // The given name alone ("Daniel" for Daniel Montalvo), when it is a word of its
                // own: not an initial.
                let given_first = cx.text(c.na);
                if !surname_first
                    && given_first.chars().count() > 2
                    && !given_first.ends_with('.')
                    && cx.is_cap(c.na)
                    && !lx.particles.contains(given_first)
                {
                    ents[id].aliases.push(vec![given_first.to_string()]);
                }
                key_of.insert(format!("P:{name}"), id);
                covered[c.ma..c.mb].fill(true);
            }
            Class::Person => pending_single.push(c),
            Class::Place => {
                covered[c.ma..c.mb].fill(true);
                if c.mb - c.ma == 1 {
                    single_places.push(c.ma);
                }
            }
            Class::Unknown => {}
        }
    }

    // Alias index: first token -> (sequence, entity).
    let mut alias_idx: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::default();
    for (id, e) in ents.iter().enumerate() {
        for al in &e.aliases {
            if let Some(f) = al.first() {
                let v = alias_idx.entry(f.clone()).or_default();
                if !v.iter().any(|(s, i)| s == al && *i == id) {
                    v.push((al.clone(), id));
                }
            }
        }
    }
    // An alias shared by two entities is ambiguous: it goes to the person named more often so
    // far ("Mohamed" is the student Ahmed Mohamed, not his father Mohamed El-Hassan Mohamed),
    // on a tie to the one introduced first; it is dropped when an organization shares it.
    for v in alias_idx.values_mut() {
        let mut keep: Vec<(Vec<String>, usize)> = Vec::new();
        for (s, id) in v.drain(..) {
            if let Some(pos) = keep.iter().position(|(t, j)| *t == s && *j != id) {
                let j = keep[pos].1;
                keep[pos].1 = if j == usize::MAX || !ents[id].person || !ents[j].person {
                    usize::MAX
                } else {
                    let first = |k: usize| ents[k].mentions.iter().map(|m| m.0).min();
                    match ents[id].mentions.len().cmp(&ents[j].mentions.len()) {
                        std::cmp::Ordering::Greater => id,
                        std::cmp::Ordering::Less => j,
                        // A tie: the person the release introduced first.
                        std::cmp::Ordering::Equal if first(id) < first(j) => id,
                        std::cmp::Ordering::Equal => j,
                    }
                };
            } else {
                keep.push((s, id));
            }
        }
        keep.retain(|(_, id)| *id != usize::MAX);
        keep.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        *v = keep;
    }
    // A one-word place that is the surname of a person of the release is that person
    // ("Valeska Paris" ... "Paris claims"), unless a preposition of place comes before it.
    for &i in &single_places {
        let person_alias = alias_idx
            .get(cx.text(i))
            .is_some_and(|v| v.iter().any(|(seq, id)| seq.len() == 1 && ents[*id].person));
        let place_prep = i >= 1
            && cx.lower_is(
                i - 1,
                &[
                    "in", "at", "from", "to", "near", "of", "across", "outside", "into",
                ],
            );
        if person_alias && !place_prep {
            covered[i] = false;
        }
    }
    let first_mention: Vec<usize> = ents
        .iter()
        .map(|e| e.mentions.iter().map(|m| m.0).min().unwrap_or(usize::MAX))
        .collect();

    // Single-name people with a title: link to a known person, or keep as their own.
    for c in pending_single {
        if (c.ma..c.mb).any(|i| covered[i]) {
            continue;
        }
        let t = cx.text(c.na);
        let seq: Vec<&str> = (c.na..c.nb).map(|i| cx.text(i)).collect();
        let linked = alias_idx.get(t).and_then(|v| {
            v.iter()
                .find(|(s, id)| *s == seq && ents[*id].person)
                .map(|x| x.1)
        });
        let full = seq.join(" ");
        let id = match linked {
            Some(id) => id,
            None => {
                if cx.common(c.na) && !lx.cjk_surnames.contains(t) {
                    continue;
                }
                let key = format!("P:{full}");
                match key_of.get(&key) {
                    Some(&id) => id,
                    None => {
                        ents.push(Ent {
                            person: true,
                            name: full.clone(),
                            name_tokens: 1,
                            mentions: Vec::new(),
                            aliases: Vec::new(),
                        });
                        key_of.insert(key, ents.len() - 1);
                        ents.len() - 1
                    }
                }
            }
        };
        // The title belongs to the span of a single-name mention.
        ents[id].mentions.push((c.ma, c.mb));
        covered[c.ma..c.mb].fill(true);
    }

    // Bare aliases: surnames, acronyms, short company names.
    let mut i = 0;
    while i < toks.len() {
        if covered[i] || !cx.is_word(i) || toks[i].caps_line && !toks[i].upper {
            i += 1;
            continue;
        }
        let t = cx.text(i);
        let mut hit = None;
        if let Some(v) = alias_idx.get(t) {
            for (seq, id) in v {
                let len = seq.len();
                if i + len > toks.len() || (i..i + len).any(|j| covered[j]) {
                    continue;
                }
                if !(1..len).all(|k| cx.adjacent(i + k - 1, i + k) && cx.text(i + k) == seq[k]) {
                    continue;
                }
                if toks[i].s < first_mention[*id] {
                    continue;
                }
                if len == 1 && ents[*id].person {
                    // Never a pronoun or a common word; the token must stand alone.
                    if cx.is_stop(i) || !toks[i].cap || toks[i].sent && cx.common(i) {
                        continue;
                    }
                    if cx.adjacent(i, i + 1) && cx.is_cap(i + 1) && !cx.is_stop(i + 1) {
                        continue;
                    }
                }
                hit = Some((len, *id));
                break;
            }
        }
        if let Some((len, id)) = hit {
            ents[id].mentions.push((i, i + len));
            for c in covered.iter_mut().skip(i).take(len) {
                *c = true;
            }
            i += len;
        } else {
            i += 1;
        }
    }

    // Stand-alone acronyms: known organizations, or used twice or more.
    let mut acr_count: HashMap<&str, usize> = HashMap::default();
    for (i, t) in toks.iter().enumerate() {
        if !covered[i] && t.kind == Kind::Word && t.upper && !t.caps_line {
            *acr_count.entry(cx.text(i)).or_default() += 1;
        }
    }
    for (i, t) in toks.iter().enumerate() {
        if covered[i] || t.kind != Kind::Word || !t.upper || t.caps_line {
            continue;
        }
        let s = cx.text(i);
        if acronym_letters(s).is_none()
            || s.chars().filter(|c| c.is_alphabetic()).count() > 6
            || lx.acronym_stop.contains(s)
            || lx.places.contains(&s.to_lowercase())
            || lx.common_lower.contains(&s.to_lowercase()) && !shouted_acronym(&cx, i, &acr_count)
            || lx.first_names.contains(title_case(s).as_str())
        {
            continue;
        }
        // An acronym of an organization the release names in full ("UN" after "United
        // Nations") is that organization.
        let expands = redirect.get(s).cloned().or_else(|| {
            let letters = acronym_letters(s)?;
            org_spelled_by(&ents, &letters).map(|t| ents[t].name.clone())
        });
        if expands.is_none()
            && !(lx.known_orgs.contains(s)
                || lx.more_orgs.contains(s)
                || acr_count.get(s).copied().unwrap_or(0) >= 2)
        {
            continue;
        }
        let name = expands.unwrap_or_else(|| s.to_string());
        let key = format!("O:{name}");
        let id = *key_of.entry(key).or_insert_with(|| {
            ents.push(Ent {
                person: false,
                name,
                name_tokens: 1,
                mentions: Vec::new(),
                aliases: Vec::new(),
            });
            ents.len() - 1
        });
        ents[id].mentions.push((i, i + 1));
        covered[i] = true;
    }

    // A single-name person whose name is the surname of exactly one fuller name is that person.
    for id in 0..ents.len() {
        if !ents[id].person || ents[id].name_tokens != 1 {
            continue;
        }
        let nm = ents[id].name.clone();
        let targets: Vec<usize> = (0..ents.len())
            .filter(|&j| j != id && ents[j].person && ents[j].name_tokens >= 2)
            .filter(|&j| ents[j].aliases.iter().any(|a| a.join(" ") == nm))
            .collect();
        if let [t] = targets[..] {
            let m = std::mem::take(&mut ents[id].mentions);
            ents[t].mentions.extend(m);
        }
    }

    // An organization known only by an acronym that spells the initials of another
    // organization of the release ("UN" and "United Nations") is that organization.
    for id in 0..ents.len() {
        if ents[id].person || ents[id].name_tokens != 1 || ents[id].mentions.is_empty() {
            continue;
        }
        let Some(letters) = acronym_letters(&ents[id].name) else {
            continue;
        };
        if let Some(t) = org_spelled_by(&ents, &letters) {
            let m = std::mem::take(&mut ents[id].mentions);
            ents[t].mentions.extend(m);
        }
    }

    // Byte spans, sorted, overlaps dropped (earlier and longer first).
    let mut all: Vec<(usize, usize, usize)> = Vec::new();
    for (id, e) in ents.iter().enumerate() {
        for &(a, b) in &e.mentions {
            if a < b && b <= toks.len() {
                all.push((toks[a].s, toks[b - 1].e, id));
            }
        }
    }
    all.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
    let mut kept: Vec<Vec<Mention>> = vec![Vec::new(); ents.len()];
    let mut last_end = 0;
    let mut first_seen: Vec<usize> = vec![usize::MAX; ents.len()];
    for (s, e, id) in all {
        if s < last_end {
            continue;
        }
        last_end = e;
        if first_seen[id] == usize::MAX {
            first_seen[id] = s;
        }
        kept[id].push(Mention { start: s, end: e });
    }
    let mut ids: Vec<usize> = (0..ents.len()).filter(|&id| !kept[id].is_empty()).collect();
    ids.sort_by_key(|&id| first_seen[id]);
    let mut people = Vec::new();
    let mut orgs = Vec::new();
    for id in ids {
        let ent = Entity {
            name: ents[id].name.clone(),
            mentions: std::mem::take(&mut kept[id]),
        };
        if ents[id].person {
            people.push(ent);
        } else {
            orgs.push(ent);
        }
    }
    (people, orgs)
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (k, c) in s.chars().enumerate() {
        if k == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans<'a>(body: &'a str, e: &Entity) -> Vec<&'a str> {
        e.mentions.iter().map(|m| &body[m.start..m.end]).collect()
    }

    fn names(v: &[Entity]) -> Vec<&str> {
        v.iter().map(|e| e.name.as_str()).collect()
    }

    fn check_invariants(body: &str, p: &[Entity], o: &[Entity]) {
        let mut all: Vec<Mention> = p.iter().chain(o).flat_map(|e| e.mentions.clone()).collect();
        for e in p.iter().chain(o) {
            assert!(e.mentions.windows(2).all(|w| w[0].end <= w[1].start));
        }
        all.sort();
        assert!(all.windows(2).all(|w| w[0].end <= w[1].start), "overlap");
        for m in &all {
            assert!(body.is_char_boundary(m.start) && body.is_char_boundary(m.end));
        }
    }

    #[test]
    fn chairman_he() {
        let body = "Executive Chairman He Xuming met delegates in Geneva. He said the event was a success. \
                    Chairman He added that more work was needed.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        assert_eq!(names(&p), ["He Xuming"]);
        assert_eq!(spans(body, &p[0]), ["He Xuming", "Chairman He"]);
        assert!(o.is_empty(), "{o:?}");
    }

    #[test]
    fn hyphenated_surname() {
        let body = "Secretary-General Amara Okafor-Diallo opened the session. \"We must act,\" Okafor-Diallo said.";
        let (p, _) = find_entities(body);
        assert_eq!(names(&p), ["Amara Okafor-Diallo"]);
        assert_eq!(spans(body, &p[0]), ["Amara Okafor-Diallo", "Okafor-Diallo"]);
        let m = p[0].mentions[0];
        assert_eq!((m.start, m.end), (18, 37));
    }

    #[test]
    fn diacritics_and_surname() {
        let body = "UN chief António Guterres spoke on Monday. Guterres called for calm.";
        let (p, o) = find_entities(body);
        assert_eq!(names(&p), ["António Guterres"]);
        assert_eq!(spans(body, &p[0]), ["António Guterres", "Guterres"]);
        assert_eq!(names(&o), ["UN"]);
    }

    #[test]
    fn acronym_after_long_form() {
        let body =
            "The World Internet of Things Convention (WIOTC) opened today. WIOTC members met.";
        let (p, o) = find_entities(body);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(names(&o), ["World Internet of Things Convention"]);
        assert_eq!(
            spans(body, &o[0]),
            ["World Internet of Things Convention", "WIOTC", "WIOTC"]
        );
    }

    #[test]
    fn acronym_before_long_form() {
        let body = "Delegates praised the ITU (International Telecommunication Union) for its work. The ITU said more.";
        let (_, o) = find_entities(body);
        assert_eq!(names(&o), ["International Telecommunication Union"]);
        assert_eq!(
            spans(body, &o[0]),
            ["ITU", "International Telecommunication Union", "ITU"]
        );
    }

    #[test]
    fn mr_x() {
        let body = "Police said Mr. X had left.";
        let (p, _) = find_entities(body);
        assert_eq!(names(&p), ["X"]);
        assert_eq!(spans(body, &p[0]), ["Mr. X"]);
    }

    #[test]
    fn caps_headline_and_places() {
        let body = "KENNEDY URGES SENATE TO ACT ON IRAQ WAR FUNDING\n\nWASHINGTON, D.C. - The United States and the U.S. Senate \
                    will vote. Senator Edward M. Kennedy said the U.S. must act.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        assert_eq!(names(&p), ["Edward M. Kennedy"]);
        for e in p.iter().chain(&o) {
            assert!(
                !e.name.contains("United States") && e.name != "U.S.",
                "{e:?}"
            );
            assert!(!e.name.contains("URGES"), "{e:?}");
        }
    }

    #[test]
    fn apostrophes() {
        let body = "Siobhan O'Donnell joined Harbourline Technologies Ltd. in May. O'Donnell's team grew. Harbourline Technologies hired more.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        assert_eq!(names(&p), ["Siobhan O'Donnell"]);
        assert_eq!(spans(body, &p[0]), ["Siobhan O'Donnell", "O'Donnell"]);
        assert_eq!(names(&o), ["Harbourline Technologies Ltd."]);
        assert_eq!(
            spans(body, &o[0]),
            ["Harbourline Technologies Ltd.", "Harbourline Technologies"]
        );
    }

    #[test]
    fn companies_and_ministries() {
        let body = "Nordvik Systems AB and Kestrel Analytics Inc. signed a deal with the Ministry of Digital Economy \
                    and the University of Nairobi, said Park Ji-won, a director at Nordvik.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        assert_eq!(names(&p), ["Park Ji-won"]);
        assert_eq!(
            names(&o),
            [
                "Nordvik Systems AB",
                "Kestrel Analytics Inc.",
                "Ministry of Digital Economy",
                "University of Nairobi"
            ]
        );
    }

    #[test]
    fn surname_first_alias() {
        let body =
            "Lin Weiguo, president of the company, spoke. Later, Mr. Lin said Lin would return.";
        let (p, _) = find_entities(body);
        assert_eq!(names(&p), ["Lin Weiguo"]);
        assert_eq!(spans(body, &p[0]), ["Lin Weiguo", "Mr. Lin", "Lin"]);
    }

    #[test]
    fn middle_initial_variant() {
        let body = "John Smith arrived. Later John Q. Smith left.";
        let (p, _) = find_entities(body);
        assert_eq!(names(&p), ["John Q. Smith"]);
        assert_eq!(p[0].mentions.len(), 2);
    }

    #[test]
    fn particles_and_ampersand() {
        let body =
            "Maarten van der Berg, co-founder of QuayTrace, will join. Mr. van der Berg said \
                    Hollins & Marr Bank agreed.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        assert_eq!(names(&p), ["Maarten van der Berg"]);
        assert_eq!(
            spans(body, &p[0]),
            ["Maarten van der Berg", "Mr. van der Berg"]
        );
        assert_eq!(names(&o), ["Hollins & Marr Bank"]);
    }

    #[test]
    fn names_next_to_chinese_text() {
        let body = "世界物联网大会执行主席He Xuming说，Lin Weiguo还宣布了新计划。";
        let (p, _) = find_entities(body);
        check_invariants(body, &p, &[]);
        let names: Vec<&str> = p.iter().map(|e| e.name.as_str()).collect();
        assert!(names.iter().all(|n| n.is_ascii()), "{names:?}");
    }

    #[test]
    fn acronym_of_a_named_org_links_to_it() {
        let body = "Cities pledged support as the UN 2023 Water Conference opened, said \
                    Secretary-General António Guterres of the United Nations.";
        let (_, o) = find_entities(body);
        assert_eq!(names(&o), ["United Nations"]);
        assert_eq!(spans(body, &o[0]), ["UN", "United Nations"]);
    }

    #[test]
    fn state_bodies_are_orgs() {
        let body = "Iraqi security forces retook the town on Monday, a spokesman said. \
                    The move was welcomed by the French government.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        let orgs = all_spans(body, &o);
        assert!(orgs.contains(&"Iraqi security forces"), "{orgs:?}");
        assert!(orgs.contains(&"French government"), "{orgs:?}");
        let body = "Residents said Kurdish fighters held the bridge overnight.";
        let (_, o) = find_entities(body);
        assert_eq!(all_spans(body, &o), ["Kurdish fighters"]);
        // The country alone stays a place.
        let body = "Officials in France said talks would resume.";
        let (_, o) = find_entities(body);
        assert!(o.is_empty(), "{:?}", names(&o));
    }

    #[test]
    fn shared_surname_goes_to_the_person_named_more() {
        let body =
            "Student Ahmed Mohamed was arrested on Monday. Ahmed Mohamed had built a clock. \
                    His father, Mohamed El-Hassan Mohamed, spoke to reporters. \
                    Later, Mohamed was invited to visit the White House.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        let ahmed = p
            .iter()
            .find(|e| e.name == "Ahmed Mohamed")
            .expect("Ahmed Mohamed");
        assert_eq!(
            spans(body, ahmed).last(),
            Some(&"Mohamed"),
            "{:?}",
            spans(body, ahmed)
        );
    }

    #[test]
    fn given_name_and_place_named_surname() {
        let body =
            "Investigators questioned Daniel Montalvo on Friday. Later Daniel was released. \
                    Valeska Paris, an Australian woman, spoke out. Paris claims she was held for \
                    years. She later moved to Paris.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        let daniel = p
            .iter()
            .find(|e| e.name == "Daniel Montalvo")
            .expect("Daniel Montalvo");
        assert_eq!(spans(body, daniel), ["Daniel Montalvo", "Daniel"]);
        let paris = p
            .iter()
            .find(|e| e.name == "Valeska Paris")
            .expect("Valeska Paris");
        // "moved to Paris" is the city.
        assert_eq!(spans(body, paris), ["Valeska Paris", "Paris"]);
    }

    #[test]
    fn a_name_used_as_a_place_is_no_person() {
        let body = "Volunteers opened a library in Darayya last year. Darayya remains under siege, \
                    and Darayya residents fear for it, said Anas Ahmad. Shelling resumed on Nov. 3.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        assert_eq!(names(&p), ["Anas Ahmad"]);
    }

    #[test]
    fn events_are_not_orgs() {
        let body = "They met at the WSIS Forum 2017, held by the World Summit on the Information Society. \
                    The WSIS Forum 2017 closed.";
        let (p, o) = find_entities(body);
        assert!(p.is_empty() && o.is_empty(), "{p:?} {o:?}");
    }

    /// Every mention of every entity, as text.
    #[test]
    fn tagger_organizations_named_by_a_place() {
        // A team named by its city: the tagger's organization, not the list's place.
        let body =
            "Cleveland beat Texas 5-3 on Friday. Cleveland's lead over Seattle grew to nine games.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        let orgs = names(&o);
        assert!(
            orgs.contains(&"Cleveland") && orgs.contains(&"Texas"),
            "{o:?}"
        );
        // A place inside a longer name is part of it.
        let body = "The Boston Red Sox beat the Chicago White Sox 7-0 on Friday in Boston.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        assert!(names(&o).contains(&"Chicago White Sox"), "{o:?}");
    }

    #[test]
    fn one_word_of_an_organization_is_that_organization() {
        let body =
            "Members of the Global Water Alliance met in Geneva. The Alliance said it would \
                    publish a report.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        assert_eq!(names(&o), ["Global Water Alliance"]);
        assert_eq!(spans(body, &o[0]), ["Global Water Alliance", "Alliance"]);
    }

    fn all_spans<'a>(body: &'a str, v: &[Entity]) -> Vec<&'a str> {
        v.iter().flat_map(|e| spans(body, e)).collect()
    }

    #[test]
    fn pronoun_he_is_never_a_person() {
        for body in [
            "He said the plan would work.",
            "Officials met on Monday.\nHe added that talks would go on.",
            "Ngozi Okonjo-Iweala spoke in Geneva. He thanked the delegates. \"He is right,\" she said.",
            "HE SAID NO TO THE PLAN",
            "Asked about the merger, He replied that nothing was decided.",
        ] {
            let (p, o) = find_entities(body);
            check_invariants(body, &p, &o);
            for m in all_spans(body, &p) {
                assert!(!m.eq_ignore_ascii_case("he"), "{body:?}: {p:?}");
            }
        }
    }

    #[test]
    fn tagger_finds_names_outside_the_lists() {
        let body = "Ngozi Okonjo-Iweala, who leads the World Trade Organization, met Chrystia \
                    Freeland in Ottawa on Tuesday. Okonjo-Iweala said Greenpeace had asked for the meeting.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        let people = names(&p);
        assert!(people.contains(&"Ngozi Okonjo-Iweala"), "{people:?}");
        assert!(people.contains(&"Chrystia Freeland"), "{people:?}");
        assert_eq!(spans(body, &p[0]), ["Ngozi Okonjo-Iweala", "Okonjo-Iweala"]);
        assert!(names(&o).contains(&"World Trade Organization"), "{o:?}");
        assert!(!people.contains(&"Ottawa") && !names(&o).contains(&"Ottawa"));
    }

    #[test]
    fn names_at_line_ends_and_surname_first() {
        let body = "The agreement was signed in Seoul by Minister Kim Min-jun and by\nMaria Lopez \
                    of the Inter-American Development Bank.\nKim said the bank would help.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        let people = names(&p);
        assert!(people.contains(&"Kim Min-jun"), "{people:?}");
        assert!(people.contains(&"Maria Lopez"), "{people:?}");
        let kim = p.iter().find(|e| e.name == "Kim Min-jun").unwrap();
        assert_eq!(kim.mentions.len(), 2, "{kim:?}");
        assert!(
            names(&o).contains(&"Inter-American Development Bank"),
            "{o:?}"
        );
    }

    #[test]
    fn caps_headline_then_body() {
        let body = "MINISTRY LAUNCHES NATIONAL DATA PORTAL\n\nNAIROBI, 3 May 2024 – The Ministry of \
                    Digital Economy today launched a data portal. Minister Amina Odhiambo said the U.S. \
                    and the United States Agency for International Development (USAID) had helped. USAID \
                    will fund training.";
        let (p, o) = find_entities(body);
        check_invariants(body, &p, &o);
        assert_eq!(names(&p), ["Amina Odhiambo"]);
        let orgs = names(&o);
        assert!(orgs.contains(&"Ministry of Digital Economy"), "{orgs:?}");
        assert!(
            orgs.contains(&"United States Agency for International Development"),
            "{orgs:?}"
        );
        for e in p.iter().chain(&o) {
            assert!(
                e.name != "U.S." && e.name != "NAIROBI" && !e.name.contains("PORTAL"),
                "{e:?}"
            );
        }
        let usaid = o
            .iter()
            .find(|e| e.name == "United States Agency for International Development")
            .unwrap();
        assert_eq!(usaid.mentions.len(), 3, "{usaid:?}");
    }

    #[test]
    fn a_term_spelled_out_before_its_acronym_is_no_organization() {
        let body = "The Varnholt Trust funds training in Information and Communication \
                    Technology (ICT) for schools. Teachers say ICT lessons help, and ICT budgets grow.";
        let (_, o) = find_entities(body);
        check_invariants(body, &[], &o);
        let all = all_spans(body, &o);
        assert!(!all.iter().any(|s| s.contains("ICT")), "{all:?}");
    }

    #[test]
    fn a_common_word_in_capitals_inside_prose_is_an_acronym() {
        let body = "Villagers said they had fled IS in the spring. Fighters loyal to IS later \
                    returned to the valley.";
        let (_, o) = find_entities(body);
        assert_eq!(all_spans(body, &o), ["IS", "IS"]);
        // Once only, or shouted among other capitals: a word.
        let body = "This IS the plan. We will NOT GO back, and NOT GO quietly.";
        let (_, o) = find_entities(body);
        assert!(o.is_empty(), "{:?}", names(&o));
    }

    #[test]
    fn a_country_with_the_acting_is_an_organization() {
        let body = "The UK is committed to the talks. Officials said the United States \
                    continues to fund the mission. Exports from the United States will rise.";
        let (_, o) = find_entities(body);
        check_invariants(body, &[], &o);
        assert_eq!(all_spans(body, &o), ["The UK", "the United States"]);
    }

    #[test]
    fn a_headline_verb_ends_a_name() {
        let body = "Video: Daniel Ostrander Speaks at the opening of the new harbour.";
        let (p, _) = find_entities(body);
        assert_eq!(all_spans(body, &p), ["Daniel Ostrander"]);
    }

    #[test]
    fn buildings_are_neither_people_nor_organizations() {
        let body = "Crowds gathered at the Ngozi Okafor Memorial and walked to Tarrant Street \
                    Station, where Ngozi Okafor's family spoke.";
        let (p, o) = find_entities(body);
        let all = all_spans(body, &p);
        assert!(
            !all.iter()
                .any(|s| s.contains("Memorial") || s.contains("Station")),
            "{all:?}"
        );
        assert!(!all_spans(body, &o).iter().any(|s| s.contains("Station")));
    }

    #[test]
    fn apostrophes_stripped_from_a_department_leave_no_person() {
        // Some sites drop apostrophes: "the Department's Criminal Division".
        let body = "Assistant Attorney General Daniel A. Ostrander Speaks at the Forum\n\n\
                    Prosecutors of the Departments Criminal Division filed the case, and \
                    Daniel A. Ostrander thanked them.";
        let (p, o) = find_entities(body);
        let people = all_spans(body, &p);
        assert!(
            !people
                .iter()
                .any(|s| s.contains("Speaks") || s.contains("Division")),
            "{people:?}"
        );
        assert!(all_spans(body, &o)
            .iter()
            .any(|s| s.ends_with("Criminal Division")));
    }

    #[test]
    fn odd_input() {
        for body in [
            "",
            "(",
            "(A)",
            "A (",
            "É",
            "He",
            "Mr.",
            "’s",
            "U.S.A.",
            "((X))",
            "A & B Inc.",
        ] {
            let (p, o) = find_entities(body);
            check_invariants(body, &p, &o);
        }
    }
}
