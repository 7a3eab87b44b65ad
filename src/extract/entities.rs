//! People and organizations: the trained [`tagger`] finds the names; a few general steps turn
//! its spans into the release's entities.
//!
//! 1. **Spans** — the tagger's person and organization spans (trained on press releases read
//!    by hand, see `pressdex-train`), cleaned the same way for every span: titles in front of a
//!    person go (and mark the name as titled), a span holding two people around a title is cut
//!    in two, a lone pronoun or common word is no name, a place is no organization, and a name
//!    whose possessive lost its apostrophe at the source ("Departments Criminal Division",
//!    "FBIs") is read without the "s".
//! 2. **Identity inside the release** — the mentions of one person are grouped: a shorter form
//!    joins the fuller one it fits ("Holder", "Eric Holder" → "Eric H. Holder Jr."), an
//!    all-caps headline form joins its mixed-case one. An organization's forms are grouped by
//!    their words ("Justice Department" = "Department of Justice", "U.S. Department of X" =
//!    "Department of X") and acronyms by the initials they spell ("FBI").
//! 3. **More mentions** — once a person is known, their surname elsewhere in the release is a
//!    mention of them too, and a title before a surname ("Chairman He") makes even a pronoun-like
//!    word a mention; an organization's acronym elsewhere is a mention of it.
//!
//! The canonical name of an entity is its fullest form in mixed case, without titles.

use super::lists::{HashSet, Lists, LISTS};

/// A map with a fast hash (keys are short strings).
type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
use super::tagger;
use super::tokens::{push_lower, tokenize, Kind, Tok};
use crate::model::{Entity, Mention};

/// Tagger type indices.
const PER: usize = 0;
const ORG: usize = 1;

/// Name suffixes that are not a surname.
const SUFFIXES: &[&str] = &[
    "Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "JR.", "SR.", "JR",
];

/// The places of the word lists without dots and spaces ("us" for "u.s.").
static SQUEEZED_PLACES: std::sync::LazyLock<HashSet<String>> = std::sync::LazyLock::new(|| {
    LISTS
        .places
        .iter()
        .map(|p| p.chars().filter(|c| !matches!(c, '.' | ' ')).collect())
        .collect()
});

/// Words that name a kind of organization, not one, when they stand alone.
const GENERIC_HEADS: &[&str] = &[
    "department",
    "office",
    "division",
    "section",
    "unit",
    "branch",
    "agency",
    "committee",
    "subcommittee",
    "commission",
    "administration",
    "court",
    "bureau",
    "board",
    "council",
    "service",
    "services",
    "program",
    "company",
    "group",
    "association",
    "foundation",
    "institute",
    "center",
];

/// Words that do not count toward an organization's initials.
const MINOR: &[&str] = &[
    "of", "and", "the", "for", "on", "in", "&", "to", "de", "du", "des",
];

struct Ctx<'a> {
    body: &'a str,
    toks: &'a [Tok],
    lx: &'a Lists,
}

impl<'a> Ctx<'a> {
    fn text(&self, i: usize) -> &'a str {
        &self.body[self.toks[i].s..self.toks[i].e]
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Word)
    }

    fn lower(&self, a: usize, b: usize) -> String {
        let mut key = String::new();
        for i in a..b {
            if i > a {
                key.push(' ');
            }
            push_lower(&mut key, self.text(i));
        }
        key
    }

    /// The longest title starting at token `i`: its number of tokens.
    fn title_at(&self, i: usize, end: usize) -> Option<usize> {
        let mut best = None;
        let mut key = String::new();
        for k in 0..self.lx.title_max {
            let j = i + k;
            if j >= end || !self.is_word(j) {
                break;
            }
            if k > 0 {
                if !self.lx.title_prefixes.contains(&key) {
                    break;
                }
                key.push(' ');
            }
            push_lower(&mut key, self.text(j));
            if self.lx.titles.contains(&key) {
                best = Some(k + 1);
            }
        }
        best
    }

    /// A title ends right before token `i` (on the same line).
    fn titled_before(&self, i: usize) -> Option<usize> {
        let lo = i.saturating_sub(self.lx.title_max);
        (lo..i).find(|&a| {
            self.toks[a].cap
                && !(a + 1..=i).any(|k| k < self.toks.len() && self.toks[k].brk)
                && self.title_at(a, i) == Some(i - a)
        })
    }

    fn common(&self, i: usize) -> bool {
        let mut key = String::new();
        push_lower(&mut key, self.text(i));
        self.lx.common_lower.contains(&key)
    }
}

/// One cleaned span of the tagger: tokens `a..b` are the mention, `na..nb` the name.
#[derive(Debug, Clone, Copy)]
struct Span {
    a: usize,
    b: usize,
    na: usize,
    nb: usize,
    ty: usize,
    /// Bytes to drop from the end of the name's last token (a possessive "s" without its
    /// apostrophe).
    cut: usize,
}

/// The tagger's spans, cleaned (step 1 of the module documentation).
fn spans(cx: &Ctx<'_>, raw: &[(usize, usize, usize)]) -> Vec<Span> {
    let toks = cx.toks;
    let mut out = Vec::new();
    for &(a0, b0, ty) in raw {
        if ty != PER && ty != ORG {
            continue;
        }
        for (a, b) in pieces(cx, a0, b0, ty) {
            if ty == PER {
                // Titles in front go; a title inside separates two people.
                let mut start = a;
                let mut i = a;
                while i < b {
                    match cx.title_at(i, b).filter(|_| toks[i].cap) {
                        Some(k) => {
                            push_person(cx, &mut out, start, i);
                            i += k;
                            start = i;
                        }
                        None => i += 1,
                    }
                }
                push_person(cx, &mut out, start, b);
            } else {
                out.push(Span {
                    a,
                    b,
                    na: a,
                    nb: b,
                    ty,
                    cut: 0,
                });
            }
        }
    }
    out.retain(|s| keep(cx, s));
    extend_to_acronyms(cx, &mut out);
    // The words of the release, built the first time a name ends in "s".
    let written: std::cell::OnceCell<HashSet<&str>> = std::cell::OnceCell::new();
    let written = || {
        written.get_or_init(|| {
            (0..toks.len())
                .filter(|&i| toks[i].kind == Kind::Word)
                .map(|i| cx.text(i))
                .collect()
        })
    };
    for k in 0..out.len() {
        out[k].cut = possessive_cut(cx, &out, k, &written);
    }
    // A one-word "person" the release also writes in lower case is a common word
    // ("Outbreak", "Launch"), unless a title makes it a name.
    out.retain(|s| {
        let common = s.ty == PER
            && s.nb - s.na == 1
            && s.a == s.na
            && written().contains(cx.text(s.na).to_lowercase().as_str());
        !common
    });
    out
}

/// A tagger span without what never belongs to a name at its edges (punctuation, lower-case
/// words other than name particles, a party tag "D RI"), cut where it holds two names: an
/// organization followed by ", Office of ..." or "and" another organization, a person's name
/// written twice in a row.
fn pieces(cx: &Ctx<'_>, a0: usize, b0: usize, ty: usize) -> Vec<(usize, usize)> {
    let toks = cx.toks;
    let lx = cx.lx;
    let lower_word = |i: usize| cx.is_word(i) && !starts_upper(cx.text(i));
    let particle = |i: usize| lx.particles.contains(cx.text(i));
    let (mut a, mut b) = (a0, b0);
    while a < b && (toks[a].kind == Kind::Punct || lower_word(a) && !particle(a)) {
        a += 1;
    }
    let adjacent = |i: usize| i < toks.len() && !toks[i].brk;
    if ty == PER && a < b {
        // A surname written first that the tagger left out ("He Xuming"), a hyphenated given
        // name after it ("Kim Min-jun").
        if a > 0 && adjacent(a) && lx.cjk_surnames.contains(cx.text(a - 1)) {
            a -= 1;
        }
        if adjacent(b) && cx.is_word(b) && toks[b].cap && b - a == 1 {
            let t = cx.text(b);
            if t.split_once('-')
                .is_some_and(|(_, g)| g.starts_with(char::is_lowercase))
            {
                b += 1;
            }
        }
        // A lower-case word other than a particle ends a person's name ("Lin Weiguo of").
        if let Some(k) = (a + 1..b).find(|&k| lower_word(k) && !particle(k)) {
            b = k;
        }
    }
    if ty == ORG && a + 1 < b && matches!(cx.text(a), "The" | "A" | "An") {
        a += 1;
    }
    // A title right after a name ends an organization's name: "ITU Secretary-General", "Army
    // Sergeant X"; after "of" or "the" it is part of it ("Department of Justice", "Office of the
    // Attorney General").
    if ty == ORG {
        if let Some(k) =
            (a + 1..b).find(|&k| toks[k].cap && toks[k - 1].cap && cx.title_at(k, b).is_some())
        {
            b = k;
        }
    }
    // A company's legal form right after its name ("Harbourline Technologies Ltd.").
    if ty == ORG && adjacent(b) && cx.is_word(b) && lx.company_suffixes.contains(cx.text(b)) {
        b += 1;
    }
    if ty == PER {
        // A party tag ends a senator's name: "Jack Reed D RI", "Bob Casey D", "(R-Ohio)".
        if let Some(k) = (a + 2..b).find(|&k| {
            let t = cx.text(k);
            matches!(t, "D" | "R" | "I")
                || t.len() > 2 && ["D-", "R-", "I-"].iter().any(|p| t.starts_with(p))
        }) {
            b = k;
        }
    }
    loop {
        let trim = b > a
            && (toks[b - 1].kind == Kind::Punct && !cx.text(b - 1).ends_with('.')
                || lower_word(b - 1)
                || ty == PER && b - a > 2 && cx.common(b - 1));
        if !trim {
            break;
        }
        b -= 1;
    }
    if a >= b {
        return Vec::new();
    }
    let head = |i: usize| i < b && toks[i].cap && lx.org_suffixes.contains(cx.text(i));
    let mut out = Vec::new();
    let mut start = a;
    if ty == ORG {
        for i in a + 1..b.saturating_sub(1) {
            let t = cx.text(i);
            // "Department of State, Office of ...", "Justice Department and Internal Revenue
            // Service": two organizations.
            let comma = t == "," && head(i + 1) && i - start >= 2;
            let and = t == "and"
                && head(i - 1)
                && (i + 1..b).any(head)
                && toks[i + 1].cap
                && i - start >= 2;
            if comma || and {
                out.push((start, i));
                start = i + 1;
            }
        }
    } else {
        let n = b - a;
        if n >= 4 && n % 2 == 0 && (0..n / 2).all(|k| cx.text(a + k) == cx.text(a + n / 2 + k)) {
            out.push((a, a + n / 2));
            start = a + n / 2;
        }
    }
    out.push((start, b));
    out
}

/// An organization span that lacks its first word or two ("Smart Cities Alliance" for "Global
/// Smart Cities Alliance") gets them when the longer name spells an acronym the release uses.
fn extend_to_acronyms(cx: &Ctx<'_>, spans: &mut [Span]) {
    let toks = cx.toks;
    let used: std::collections::HashSet<String> = (0..toks.len())
        .filter(|&i| toks[i].kind == Kind::Word && toks[i].upper)
        .filter_map(|i| acronym(cx.text(i)))
        .collect();
    if used.is_empty() {
        return;
    }
    for k in 0..spans.len() {
        let s = spans[k];
        if s.ty != ORG || s.nb - s.na < 2 {
            continue;
        }
        let prev_end = if k > 0 { spans[k - 1].b } else { 0 };
        let spells = |a: usize| {
            let ws: Vec<&str> = (a..s.nb).map(|i| cx.text(i)).collect();
            spelled(&ws).iter().any(|l| used.contains(l))
        };
        if spells(s.na) {
            continue;
        }
        let mut a = s.na;
        for _ in 0..2 {
            if a == 0 || a - 1 < prev_end || toks[a].brk || !toks[a - 1].cap || !cx.is_word(a - 1) {
                break;
            }
            a -= 1;
            if spells(a) {
                spans[k].a = a;
                spans[k].na = a;
                break;
            }
        }
    }
}

/// Long forms followed by their acronym in parentheses, "World Internet of Things Convention
/// (WIOTC)": token ranges of the long forms.
fn acronym_definitions(cx: &Ctx<'_>) -> Vec<(usize, usize)> {
    let toks = cx.toks;
    let mut out = Vec::new();
    for p in 1..toks.len().saturating_sub(2) {
        if cx.text(p) != "(" || cx.text(p + 2) != ")" || !toks[p + 1].upper {
            continue;
        }
        let Some(letters) = acronym(cx.text(p + 1)) else {
            continue;
        };
        if cx.lx.acronym_stop.contains(cx.text(p + 1)) {
            continue;
        }
        // The shortest stretch of capitalized and small words before "(" that spells it.
        let mut a = p;
        while a > 0 && p - a < 12 {
            a -= 1;
            let t = cx.text(a);
            let small = MINOR.contains(&t);
            if toks[a].kind != Kind::Word || !(toks[a].cap || small) || toks[a + 1].brk {
                break;
            }
            if !small {
                let ws: Vec<&str> = (a..p).map(|i| cx.text(i)).collect();
                if spelled(&ws).contains(&letters) {
                    out.push((a, p));
                    break;
                }
            }
        }
    }
    out
}

/// Multi-word names of `known_orgs.txt` in the text, written as listed: token ranges.
fn known_orgs(cx: &Ctx<'_>) -> Vec<(usize, usize)> {
    let toks = cx.toks;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut found = None;
        if toks[i].cap {
            let mut key = String::new();
            for (j, tok) in toks.iter().enumerate().take(i + 6).skip(i) {
                if j > i {
                    if tok.brk {
                        break;
                    }
                    key.push(' ');
                }
                key.push_str(cx.text(j));
                if j > i && cx.lx.known_orgs.contains(key.as_str()) {
                    found = Some(j + 1);
                }
            }
        }
        match found {
            Some(b) => {
                out.push((i, b));
                i = b;
            }
            None => i += 1,
        }
    }
    out
}

/// Pushes the person named by tokens `na..nb` (its mention starts at a title before it).
fn push_person(cx: &Ctx<'_>, out: &mut Vec<Span>, na: usize, nb: usize) {
    if na >= nb {
        return;
    }
    // The title belongs to the mention of a surname alone ("Chairman He"), not of a full name.
    let single = (na..nb).filter(|&i| cx.is_word(i)).count() == 1;
    let a = if single {
        cx.titled_before(na).unwrap_or(na)
    } else {
        na
    };
    out.push(Span {
        a,
        b: nb,
        na,
        nb,
        ty: PER,
        cut: 0,
    });
}

fn starts_upper(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Whether a cleaned span names something.
fn keep(cx: &Ctx<'_>, s: &Span) -> bool {
    let n = s.nb - s.na;
    if n == 0 || !(s.na..s.nb).any(|i| cx.is_word(i)) {
        return false;
    }
    if n == 1 {
        let t = cx.text(s.na);
        // A pronoun or a common word alone ("He", "Unfortunately"), unless a title makes it a
        // surname written first ("Chairman He"); a lone initial.
        let surname = s.a < s.na && cx.lx.cjk_surnames.contains(t);
        if s.ty == PER && (cx.common(s.na) || cx.lx.stopwords.contains(t)) && !surname {
            return false;
        }
        // Nor is a word that ends organizations' names ("Alliance", "Institute"), nor a
        // given name without a title ("Kyle", "Loretta": a name cut short, or no one's).
        let given = cx.lx.first_names.contains(t) && s.a == s.na;
        if s.ty == PER && (cx.lx.org_suffixes.contains(t) || given) {
            return false;
        }
        if t.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            return false;
        }
    }
    // A generic head alone is no organization's name ("the Department", "the Office", "U.S.
    // District Court" is one, "Court" is not): the guidelines' "generic descriptions".
    if s.ty == ORG {
        let w: Vec<&str> = (s.na..s.nb).map(|i| cx.text(i)).collect();
        if let [head] = strip_us(&w) {
            if GENERIC_HEADS.contains(&head.to_lowercase().as_str()) {
                return false;
            }
        }
    }
    // A place is neither ("Oahu", "Tampa Fla", "U S" where the source lost the dots).
    let squeezed = |t: &str| -> String { t.chars().filter(|c| !matches!(c, '.' | ' ')).collect() };
    if cx.lx.places.contains(&cx.lower(s.na, s.nb))
        || s.nb - s.na <= 3 && SQUEEZED_PLACES.contains(&squeezed(&cx.lower(s.na, s.nb)))
    {
        return false;
    }
    true
}

/// A name's last token that ends in an "s" standing for a possessive whose apostrophe the
/// source dropped: followed at once by another name ("Departments Criminal Division"), or
/// whose stem is written elsewhere in the release ("Fernandezs business" after "Fernandez").
fn possessive_cut<'a>(
    cx: &Ctx<'a>,
    spans: &[Span],
    k: usize,
    written: &dyn Fn() -> &'a HashSet<&'a str>,
) -> usize {
    let s = &spans[k];
    let last = cx.text(s.nb - 1);
    let Some(stem) = last.strip_suffix('s') else {
        return 0;
    };
    if stem.chars().count() < 2 || last.ends_with("ss") || SUFFIXES.contains(&last) {
        return 0;
    }
    let next_name = spans.get(k + 1).is_some_and(|n| n.na == s.nb);
    // A plural head is a name too ("Democrats"): only when the stem really is written.
    let acronym = stem.chars().all(|c| c.is_uppercase());
    if next_name && (s.nb - s.na >= 2 || acronym) || written().contains(stem) {
        1
    } else {
        0
    }
}

/// A name's words as written (the possessive "s" cut).
fn words<'a>(cx: &Ctx<'a>, s: &Span) -> Vec<&'a str> {
    (s.na..s.nb)
        .map(|i| {
            let t = cx.text(i);
            if i + 1 == s.nb {
                &t[..t.len() - s.cut]
            } else {
                t
            }
        })
        .collect()
}

/// Joins name words with single spaces, keeping no space before a closing mark and none after
/// an opening one ("Smith & Co.", "O'Neil").
fn join(words: &[&str]) -> String {
    let mut out = String::new();
    for (k, w) in words.iter().enumerate() {
        if k > 0 && !matches!(*w, "," | ")" | ".") && !out.ends_with('(') {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn fold(w: &str) -> String {
    w.chars()
        .filter(|c| *c != '.')
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_initial(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters == 1
        || (letters == 2 && w.ends_with('.') && w.chars().filter(|c| *c == '.').count() == 2)
}

/// A person's name words that identify them: no initials, no suffixes, folded.
fn person_core(words: &[&str]) -> Vec<String> {
    words
        .iter()
        .filter(|w| !is_initial(w) && !SUFFIXES.contains(w) && w.chars().any(char::is_alphabetic))
        .map(|w| fold(w))
        .collect()
}

/// An organization's key: folded words (hyphens as spaces) without "the", without a leading
/// "U.S."/"United States", and "X Department" read as "Department of X".
fn org_key(words: &[&str]) -> String {
    // Hyphens join words as spaces do ("IRS-Criminal Investigation").
    let mut w: Vec<String> = words
        .iter()
        .flat_map(|w| w.split('-'))
        .map(fold)
        .filter(|w| w != "the" && !w.is_empty() && w != ",")
        .collect();
    if w.first().is_some_and(|f| f == "us") && w.len() > 1 {
        w.remove(0);
    } else if w.len() > 2 && w[0] == "u" && w[1] == "s" {
        // "U S Department of Energy": the Senate texts lost the dots.
        w.drain(..2);
    } else if w.len() > 2 && w[0] == "united" && w[1] == "states" {
        w.drain(..2);
    }
    // "Harbourline Technologies Ltd." is "Harbourline Technologies".
    if w.len() >= 3
        && words
            .last()
            .is_some_and(|l| LISTS.company_suffixes.contains(l))
    {
        w.pop();
    }
    if w.len() >= 2 && w.last().is_some_and(|l| l == "department") {
        let head = w.pop().unwrap_or_default();
        let mut v = vec![head, "of".to_string()];
        v.extend(w);
        w = v;
    }
    w.join(" ")
}

/// The acronyms an organization name spells: its initials without the small words ("Federal
/// Bureau of Investigation" → "FBI") and with them ("World Internet of Things Convention" →
/// "WIOTC").
fn spelled(words: &[&str]) -> [String; 2] {
    let letters = |skip: bool| {
        words
            .iter()
            .filter(|w| !(skip && MINOR.contains(&w.to_lowercase().as_str())))
            .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
            .flat_map(char::to_uppercase)
            .collect()
    };
    [letters(true), letters(false)]
}

/// The letters of a word that may be an acronym ("FBI", "U.N.", "HHS-OIG" is not one).
fn acronym(w: &str) -> Option<String> {
    let letters: String = w.chars().filter(|c| *c != '.').collect();
    let n = letters.chars().count();
    ((2..=8).contains(&n) && letters.chars().all(|c| c.is_uppercase())).then_some(letters)
}

/// One entity of the release being built.
struct Ent {
    person: bool,
    /// The forms seen, as words, with how many mentions each.
    forms: Vec<Vec<String>>,
    /// For a person: the identifying words of the fullest form.
    core: Vec<String>,
    /// For an organization: the keys of its forms.
    keys: Vec<String>,
    mentions: Vec<(usize, usize)>,
}

impl Ent {
    /// The fullest form in mixed case, without titles (all-caps only when no other exists).
    fn name(&self) -> String {
        let mixed = |f: &Vec<String>| f.iter().any(|w| w.chars().any(char::is_lowercase));
        let best = self
            .forms
            .iter()
            .filter(|f| mixed(f))
            .max_by_key(|f| (f.len(), f.iter().map(String::len).sum::<usize>()))
            .or_else(|| self.forms.iter().max_by_key(|f| f.len()));
        let Some(best) = best else {
            return String::new();
        };
        let ws: Vec<&str> = best.iter().map(String::as_str).collect();
        let name = join(&ws);
        if mixed(best) || !self.person {
            name
        } else {
            title_case_words(&name)
        }
    }
}

fn title_case_words(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut out = String::new();
            let mut up = true;
            for c in w.chars() {
                if up {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                up = matches!(c, '-' | '\'' | '’' | '.');
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a person's form `core` fits an entity's fuller `full` core: same first and last
/// word, or the end of the name ("Bravo Fernandez" of "Juan Bravo Fernandez"); one word: its
/// first word, its last, or a later one of a longer name ("Ramírez" of "Sofía Ramírez
/// Calderón").
fn fits(core: &[String], full: &[String]) -> bool {
    match (core, full) {
        ([], _) | (_, []) => false,
        ([one], _) => full.first() == Some(one) || full.len() >= 2 && full[1..].contains(one),
        (c, f) => {
            c.len() <= f.len()
                && (f.ends_with(c)
                    || c.first() == f.first()
                        && c.last() == f.last()
                        && c.iter().all(|w| f.contains(w)))
        }
    }
}

/// Groups the spans into entities (step 2 of the module documentation).
fn group(cx: &Ctx<'_>, spans: &[Span]) -> Vec<Ent> {
    let spans = headline_names_cut(cx, spans);
    let mut ents: Vec<Ent> = Vec::new();
    group_people(cx, &spans, &mut ents);
    group_orgs(cx, &spans, &mut ents);
    absorb_parts(&mut ents);
    ents.retain(|e| !e.mentions.is_empty());
    ents
}

/// A name in a headline ends where the same name ends in the text: "Lanny A. Breuer Speaks
/// at ..." is Lanny A. Breuer when the text writes "Breuer".
fn headline_names_cut(cx: &Ctx<'_>, spans: &[Span]) -> Vec<Span> {
    let text_ends: HashSet<&str> = spans
        .iter()
        .filter(|s| s.ty == PER && !cx.toks[s.na].caps_line)
        .filter_map(|s| words(cx, s).last().copied())
        .collect();
    let mut spans = spans.to_vec();
    if text_ends.is_empty() {
        return spans;
    }
    for s in spans
        .iter_mut()
        .filter(|s| s.ty == PER && cx.toks[s.na].caps_line)
    {
        let w = words(cx, s);
        if let Some(keep) = (1..=w.len()).rev().find(|&n| text_ends.contains(w[n - 1])) {
            if keep < w.len() {
                s.nb = s.na + keep;
                s.b = s.nb;
                s.cut = 0;
            }
        }
    }
    spans
}

fn add_form(e: &mut Ent, w: &[&str], mention: (usize, usize)) {
    let form: Vec<String> = w.iter().map(|x| x.to_string()).collect();
    if !e.forms.contains(&form) {
        e.forms.push(form);
    }
    e.mentions.push(mention);
}

/// People: fuller forms first, so that shorter ones find the person they fit.
fn group_people(cx: &Ctx<'_>, spans: &[Span], ents: &mut Vec<Ent>) {
    let mut order: Vec<(usize, Vec<&str>, Vec<String>)> = spans
        .iter()
        .enumerate()
        .filter(|(_, s)| s.ty == PER)
        .map(|(k, s)| {
            let w = words(cx, s);
            let core = person_core(&w);
            (k, w, core)
        })
        .collect();
    order.sort_by_key(|(k, _, core)| (std::cmp::Reverse(core.len()), spans[*k].a));
    // Where a form looks for the person it fits (see `fits`): a one-word form among the people
    // with that word, a longer one among those with its first and last words or its last.
    let mut by_word: HashMap<String, Vec<usize>> = HashMap::default();
    let mut by_ends: HashMap<(String, String), Vec<usize>> = HashMap::default();
    let mut by_last: HashMap<String, Vec<usize>> = HashMap::default();
    let ends = |core: &[String]| (core[0].clone(), core[core.len() - 1].clone());
    for (k, w, core) in order {
        let s = &spans[k];
        if core.is_empty() {
            continue;
        }
        let pool = if core.len() == 1 {
            [by_word.get(&core[0]), None]
        } else {
            [
                by_ends.get(&ends(&core)),
                by_last.get(&core[core.len() - 1]),
            ]
        };
        let mut candidates: Vec<usize> = pool
            .into_iter()
            .flatten()
            .flatten()
            .copied()
            .filter(|&id| fits(&core, &ents[id].core))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let id = match candidates[..] {
            [] => None,
            [one] => Some(one),
            // Two people share the word: the one mentioned last before this mention.
            _ => candidates
                .iter()
                .copied()
                .max_by_key(|&id| {
                    ents[id]
                        .mentions
                        .iter()
                        .map(|m| m.0)
                        .filter(|&m| m < s.a)
                        .max()
                        .map_or(0, |m| m + 1)
                })
                .filter(|&id| ents[id].mentions.iter().any(|m| m.0 < s.a)),
        };
        let id = id.unwrap_or_else(|| {
            let id = ents.len();
            for word in &core {
                let ids = by_word.entry(word.clone()).or_default();
                if ids.last() != Some(&id) {
                    ids.push(id);
                }
            }
            by_ends.entry(ends(&core)).or_default().push(id);
            by_last
                .entry(core[core.len() - 1].clone())
                .or_default()
                .push(id);
            ents.push(Ent {
                person: true,
                forms: Vec::new(),
                core,
                keys: Vec::new(),
                mentions: Vec::new(),
            });
            id
        });
        add_form(&mut ents[id], &w, (s.a, s.b));
    }
}

/// Organizations: by key, then acronyms with their long forms.
fn group_orgs(cx: &Ctx<'_>, spans: &[Span], ents: &mut Vec<Ent>) {
    let mut key_of: HashMap<String, usize> = HashMap::default();
    let mut acronyms: Vec<String> = Vec::new();
    for s in spans.iter().filter(|s| s.ty == ORG) {
        let w = words(cx, s);
        if let [one] = w[..] {
            acronyms.extend(acronym(one));
        }
        let key = org_key(&w);
        if key.is_empty() {
            continue;
        }
        let id = *key_of.entry(key.clone()).or_insert_with(|| {
            ents.push(Ent {
                person: false,
                forms: Vec::new(),
                core: Vec::new(),
                keys: vec![key],
                mentions: Vec::new(),
            });
            ents.len() - 1
        });
        add_form(&mut ents[id], &w, (s.a, s.b));
    }
    let merge = |ents: &mut [Ent], key_of: &mut HashMap<String, usize>, from: usize, to: usize| {
        for k in &ents[from].keys {
            key_of.insert(k.clone(), to);
        }
        merge_into(ents, from, to);
    };
    // "Long Form (LF)": the acronym right after an organization is its.
    for (k, s) in spans.iter().enumerate() {
        let Some(n) = spans.get(k + 1) else {
            continue;
        };
        if s.ty != ORG || n.ty != ORG || n.na != s.nb + 1 {
            continue;
        }
        if cx.text(s.nb) == "(" && n.nb < cx.toks.len() && cx.text(n.nb) == ")" {
            let long = org_key(&words(cx, s));
            if let Some(letters) = acronym(cx.text(n.na)) {
                let (Some(&a), Some(&b)) = (key_of.get(&long), key_of.get(&fold(&letters))) else {
                    continue;
                };
                merge(ents, &mut key_of, b, a);
            }
        }
    }
    // A bare acronym spelling the initials of exactly one organization of the release.
    let mut spelling: HashMap<String, Vec<usize>> = HashMap::default();
    for (t, e) in ents.iter().enumerate().filter(|(_, e)| !e.person) {
        for f in &e.forms {
            let ws: Vec<&str> = f.iter().map(String::as_str).collect();
            let ws = strip_us(&ws);
            if ws.len() >= 2 {
                for letters in spelled(ws) {
                    let ids = spelling.entry(letters).or_default();
                    if ids.last() != Some(&t) {
                        ids.push(t);
                    }
                }
            }
        }
    }
    for letters in acronyms {
        let Some(&from) = key_of.get(&fold(&letters)) else {
            continue;
        };
        let targets: Vec<usize> = spelling
            .get(&letters)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&t| t != from && !ents[t].forms.is_empty())
            .collect();
        if let [t] = targets[..] {
            merge(ents, &mut key_of, from, t);
        }
    }
}

/// A one-word name found inside exactly one longer organization name of the release (not as its
/// first word) is that organization: "Alliance" and "Global Smart Cities Alliance"; so is a
/// one-word "person" found in an organization's name ("Jinlan" and "Jinlan Digital Group").
fn absorb_parts(ents: &mut [Ent]) {
    // Organizations by their first word, by their other words, and companies (a name ending in
    // a legal form) by their first word: "Nordvik" is "Nordvik Systems AB".
    let mut first: HashMap<String, Vec<usize>> = HashMap::default();
    let mut inner: HashMap<String, Vec<usize>> = HashMap::default();
    let mut company: HashMap<String, Vec<usize>> = HashMap::default();
    for (t, e) in ents.iter().enumerate() {
        if e.person || e.mentions.is_empty() {
            continue;
        }
        for f in e.forms.iter().filter(|f| f.len() >= 2) {
            let legal = f.len() >= 3 && LISTS.company_suffixes.contains(f[f.len() - 1].as_str());
            let firm: &[String] = if legal { &f[..1] } else { &[] };
            for (map, words) in [
                (&mut first, &f[..1]),
                (&mut inner, &f[1..]),
                (&mut company, firm),
            ] {
                for w in words {
                    let ids = map.entry(w.clone()).or_default();
                    if ids.last() != Some(&t) {
                        ids.push(t);
                    }
                }
            }
        }
    }
    for from in 0..ents.len() {
        // Known by one word only (the first such form names it).
        let forms = &ents[from].forms;
        if forms.is_empty() || forms.iter().any(|f| f.len() != 1) {
            continue;
        }
        let word = forms[0][0].clone();
        let holders = if ents[from].person {
            first.get(&word).or_else(|| inner.get(&word))
        } else if acronym(&word).is_none() {
            // Not the first word, but of a company: "Senate" and "Senate Armed Services
            // Committee" are two organizations.
            inner.get(&word).or_else(|| company.get(&word))
        } else {
            None
        };
        if let Some(&[t]) = holders.map(Vec::as_slice) {
            if t != from {
                merge_into(ents, from, t);
            }
        }
    }
}

fn strip_us<'a, 'b>(ws: &'b [&'a str]) -> &'b [&'a str] {
    match ws {
        [first, rest @ ..] if matches!(*first, "U.S." | "US") && !rest.is_empty() => rest,
        ["U", "S", rest @ ..] if !rest.is_empty() => rest,
        _ => ws,
    }
}

/// Moves entity `from`'s forms, keys and mentions into `to` (leaving `from` empty).
fn merge_into(ents: &mut [Ent], from: usize, to: usize) {
    if from == to {
        return;
    }
    let f = Ent {
        person: ents[from].person,
        forms: std::mem::take(&mut ents[from].forms),
        core: Vec::new(),
        keys: std::mem::take(&mut ents[from].keys),
        mentions: std::mem::take(&mut ents[from].mentions),
    };
    let t = &mut ents[to];
    for form in f.forms {
        if !t.forms.contains(&form) {
            t.forms.push(form);
        }
    }
    t.keys.extend(f.keys);
    t.mentions.extend(f.mentions);
}

/// More mentions of the entities found (step 3 of the module documentation): a person's
/// surname, a title and a surname, an organization's acronym, where the tagger did not tag
/// them.
fn more_mentions(cx: &Ctx<'_>, ents: &mut [Ent]) {
    let toks = cx.toks;
    let mut covered = vec![false; toks.len()];
    for e in ents.iter() {
        for &(a, b) in &e.mentions {
            covered[a..b].fill(true);
        }
    }
    // Surname -> people with it; acronym -> organizations.
    let mut by_word: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for (id, e) in ents.iter().enumerate() {
        if e.person && e.core.len() >= 2 {
            // The surname: last, or first when written first ("He" of "He Xuming").
            let first_is_surname = e.forms.iter().any(|f| {
                f.first()
                    .is_some_and(|w| cx.lx.cjk_surnames.contains(w.as_str()))
            });
            let surname = if first_is_surname {
                e.core.first()
            } else {
                e.core.last()
            };
            if let Some(w) = surname {
                by_word.entry(w.clone()).or_default().push(id);
            }
        } else if !e.person {
            for f in &e.forms {
                if let [one] = &f[..] {
                    if acronym(one).is_some() {
                        by_word.entry(fold(one)).or_default().push(id);
                    }
                }
            }
        }
    }
    for i in 0..toks.len() {
        if covered[i] || toks[i].kind != Kind::Word || !toks[i].cap {
            continue;
        }
        let t = cx.text(i);
        let Some(ids) = by_word.get(&fold(t)) else {
            continue;
        };
        let [id] = ids[..] else {
            continue;
        };
        let first = ents[id].mentions.iter().map(|m| m.0).min().unwrap_or(0);
        if i < first {
            continue;
        }
        // The token stands alone: not the start of another name.
        if i + 1 < toks.len()
            && toks[i + 1].cap
            && !toks[i + 1].brk
            && toks[i + 1].kind == Kind::Word
        {
            continue;
        }
        let titled = cx.titled_before(i);
        let person = ents[id].person;
        if person && titled.is_none() && (cx.common(i) || cx.lx.stopwords.contains(t)) {
            continue;
        }
        if !person && !toks[i].upper {
            continue;
        }
        let a = if person { titled.unwrap_or(i) } else { i };
        if (a..i).any(|k| covered[k]) {
            continue;
        }
        covered[a..=i].fill(true);
        ents[id].mentions.push((a, i + 1));
    }
}

/// The tagger's person and organization spans, with what a few sure patterns add: the token
/// ranges `(first, end, type)`, sorted, not overlapping.
struct Raw {
    /// Spans; a replaced one is `None`.
    spans: Vec<Option<(usize, usize, usize)>>,
    /// Per token, the span covering it.
    owner: Vec<Option<usize>>,
}

impl Raw {
    fn overlapping(&self, a: usize, b: usize) -> Vec<usize> {
        let mut ids: Vec<usize> = self.owner[a..b].iter().flatten().copied().collect();
        ids.dedup();
        ids
    }

    fn covers(&self, i: usize) -> bool {
        self.owner[i].is_some()
    }

    /// Adds a span in place of those it overlaps.
    fn replace(&mut self, a: usize, b: usize, ty: usize) {
        for id in self.overlapping(a, b) {
            if let Some((x, y, _)) = self.spans[id].take() {
                self.owner[x..y].fill(None);
            }
        }
        self.owner[a..b].fill(Some(self.spans.len()));
        self.spans.push(Some((a, b, ty)));
    }
}

/// Organizations whose possessive lost its apostrophe at the source, right before another
/// organization's name: "the Justice Departments Tax Division", "the Department of Justices
/// Civil Division", "the FBIs Tampa Field Office". The possessor is an organization of its own
/// when it is an acronym or its words hold a generic head ("Department", "Office", ...).
fn possessors(cx: &Ctx<'_>, raw: &Raw) -> Vec<(usize, usize)> {
    let toks = cx.toks;
    let mut out = Vec::new();
    for &(a, _, ty) in raw.spans.iter().flatten() {
        if ty != ORG || a == 0 || toks[a].brk {
            continue;
        }
        let k = a - 1;
        let last = cx.text(k);
        let Some(stem) = last.strip_suffix('s') else {
            continue;
        };
        if !toks[k].cap || !cx.is_word(k) || stem.ends_with('s') || raw.covers(k) {
            continue;
        }
        if stem.chars().count() >= 2 && stem.chars().all(|c| c.is_uppercase()) {
            out.push((k, k + 1));
            continue;
        }
        // The capitalized words (and "of", "the", "and" between them) ending at `k`.
        let mut start = k;
        while start > 0 && !toks[start].brk && !raw.covers(start - 1) {
            let w = cx.text(start - 1);
            let joins = matches!(w, "of" | "and" | "the" | "&");
            if !(toks[start - 1].cap && cx.is_word(start - 1) || joins) {
                break;
            }
            start -= 1;
        }
        while start < k && !toks[start].cap {
            start += 1;
        }
        if matches!(cx.text(start), "The" | "A" | "An") && start < k {
            start += 1;
        }
        let headed = (start..=k).any(|i| {
            let w = if i == k { stem } else { cx.text(i) };
            GENERIC_HEADS.contains(&w.to_lowercase().as_str())
        });
        if headed && start < k {
            out.push((start, k + 1));
        }
    }
    out
}

/// The tagger's spans and the sure patterns: a long form defined by its acronym, a name of
/// `known_orgs.txt`, "Mr. Zhao", a surname written first and a given name.
fn raw_spans(cx: &Ctx<'_>, tags: &[u8]) -> Vec<(usize, usize, usize)> {
    let toks = cx.toks;
    let mut raw = Raw {
        spans: Vec::new(),
        owner: vec![None; toks.len()],
    };
    for (a, b, ty) in tagger::token_spans(tags) {
        if ty == PER || ty == ORG {
            raw.replace(a, b, ty);
        }
    }
    // A long form defined by the acronym after it is an organization, whatever the tagger
    // made of it.
    for (a, b) in acronym_definitions(cx) {
        raw.replace(a, b, ORG);
    }
    // An organization the word lists know by name ("United Nations") is one, even where the
    // tagger cut it short.
    for (a, b) in known_orgs(cx) {
        let inside_longer = raw
            .overlapping(a, b)
            .into_iter()
            .any(|id| raw.spans[id].is_some_and(|(x, y, _)| x <= a && b <= y && y - x > b - a));
        if !inside_longer {
            raw.replace(a, b, ORG);
        }
    }
    for (a, b) in possessors(cx, &raw) {
        raw.replace(a, b, ORG);
    }
    // "Mr. Zhao": an honorific makes the next capitalized word a person.
    for (i, tok) in toks.iter().enumerate().skip(1) {
        let honorific = matches!(
            cx.text(i - 1),
            "Mr." | "Mrs." | "Ms." | "Dr." | "Mr" | "Mrs" | "Ms"
        );
        if honorific && tok.cap && cx.is_word(i) && !raw.covers(i) {
            raw.replace(i, i + 1, PER);
        }
    }
    // A surname written first and a given name ("He Xuming", "Zhao Houlin") is a person.
    for i in 0..toks.len().saturating_sub(1) {
        let j = i + 1;
        let given = cx.is_word(j)
            && toks[j].cap
            && !toks[j].brk
            && !toks[j].caps_line
            && !cx.common(j)
            && !cx.lx.stopwords.contains(cx.text(j));
        if given
            && toks[i].cap
            && cx.lx.cjk_surnames.contains(cx.text(i))
            && !raw.covers(i)
            && !raw.covers(j)
        {
            raw.replace(i, j + 1, PER);
        }
    }
    let mut out: Vec<(usize, usize, usize)> = raw.spans.into_iter().flatten().collect();
    out.sort_unstable();
    out
}

/// Finds people and organizations in `body`: `(people, orgs)`, each ordered by first mention,
/// with non-overlapping byte-offset mentions.
pub fn find_entities(body: &str) -> (Vec<Entity>, Vec<Entity>) {
    let toks = tokenize(body);
    let cx = Ctx {
        body,
        toks: &toks,
        lx: &LISTS,
    };
    let Some(tags) = tagger::tag_tokens(body, &toks) else {
        return (Vec::new(), Vec::new());
    };
    let raw = raw_spans(&cx, &tags);
    let spans = spans(&cx, &raw);
    let mut ents = group(&cx, &spans);
    more_mentions(&cx, &mut ents);

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
    let mut people: Vec<Entity> = Vec::new();
    let mut orgs: Vec<Entity> = Vec::new();
    let mut index: HashMap<(bool, String), usize> = HashMap::default();
    for id in ids {
        let ent = Entity {
            name: ents[id].name(),
            mentions: std::mem::take(&mut kept[id]),
            roles: Vec::new(),
        };
        let list = if ents[id].person {
            &mut people
        } else {
            &mut orgs
        };
        // Two entities under one name (an all-caps form and its mixed-case one): one.
        match index.entry((ents[id].person, ent.name.clone())) {
            std::collections::hash_map::Entry::Occupied(at) => {
                let same = &mut list[*at.get()];
                same.mentions.extend(ent.mentions);
                same.mentions.sort_by_key(|m| m.start);
            }
            std::collections::hash_map::Entry::Vacant(at) => {
                at.insert(list.len());
                list.push(ent);
            }
        }
    }
    (people, orgs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(ents: &[Entity]) -> Vec<&str> {
        ents.iter().map(|e| e.name.as_str()).collect()
    }

    fn texts<'a>(body: &'a str, e: &Entity) -> Vec<&'a str> {
        e.mentions.iter().map(|m| &body[m.start..m.end]).collect()
    }

    #[test]
    fn one_official_under_every_form() {
        let body = "WASHINGTON - Attorney General Eric H. Holder Jr. announced the charges today. \
                    \"Fraud will not be tolerated,\" said Attorney General Eric Holder. Holder \
                    thanked the investigators.";
        let (people, _) = find_entities(body);
        assert_eq!(names(&people), ["Eric H. Holder Jr."]);
        assert_eq!(
            texts(body, &people[0]),
            ["Eric H. Holder Jr.", "Eric Holder", "Holder"]
        );
    }

    #[test]
    fn a_headline_verb_is_no_part_of_a_name() {
        let body = "Assistant Attorney General Lanny A. Breuer Speaks at the Fraud Conference\n\n\
                    WASHINGTON - Assistant Attorney General Lanny A. Breuer spoke today. Breuer \
                    said fraud costs billions.";
        let (people, _) = find_entities(body);
        assert_eq!(names(&people), ["Lanny A. Breuer"]);
    }

    #[test]
    fn people_sharing_a_surname_stay_apart() {
        let body = "Senator Tim Johnson and Representative Barbara Johnson met today. \
                    Tim Johnson said the bill would pass.";
        let (people, _) = find_entities(body);
        assert_eq!(names(&people), ["Tim Johnson", "Barbara Johnson"]);
    }

    #[test]
    fn party_tags_are_not_part_of_a_name() {
        let body = "WASHINGTON  Senator Jack Reed D RI today announced a grant. \
                    Reed said the funds would help.";
        let (people, _) = find_entities(body);
        assert_eq!(names(&people), ["Jack Reed"]);
    }

    #[test]
    fn an_acronym_and_its_long_form_are_one_organization() {
        let body = "The Federal Bureau of Investigation (FBI) investigated the case. The FBI \
                    thanked the Internal Revenue Service.";
        let (_, orgs) = find_entities(body);
        assert_eq!(
            names(&orgs),
            [
                "Federal Bureau of Investigation",
                "Internal Revenue Service"
            ]
        );
        assert_eq!(
            texts(body, &orgs[0]),
            ["Federal Bureau of Investigation", "FBI", "FBI"]
        );
    }

    #[test]
    fn department_forms_are_one_organization() {
        let body = "The Justice Department filed the suit. The Department of Justice said the \
                    company had violated the law.";
        let (_, orgs) = find_entities(body);
        assert_eq!(orgs.len(), 1, "{:?}", names(&orgs));
    }

    #[test]
    fn a_generic_head_alone_is_no_organization() {
        let body = "The Department of Justice filed the suit. The Office said the Department \
                    would appeal.";
        let (_, orgs) = find_entities(body);
        assert!(
            orgs.iter()
                .all(|o| !matches!(o.name.as_str(), "Office" | "Department")),
            "{:?}",
            names(&orgs)
        );
        assert!(
            org_key(&["IRS-Criminal", "Investigation"])
                == org_key(&["IRS", "Criminal", "Investigation"])
        );
        // The Senate texts lost the dots of "U.S.": a place still, and no part of a key.
        let body = "WASHINGTON  U S  Senator Barack Obama  D IL  wrote to the U S Department of \
                    Energy and the Department of Energy replied.";
        let (people, orgs) = find_entities(body);
        assert_eq!(names(&people), ["Barack Obama"]);
        assert!(orgs.iter().all(|o| o.name != "U S"), "{:?}", names(&orgs));
        assert_eq!(orgs.len(), 1, "{:?}", names(&orgs));
    }

    #[test]
    fn an_organization_word_alone_is_no_person() {
        let body = "The report was published by the WIOTC and the Alliance. Alliance members \
                    met Lin Weiguo.";
        let (people, _) = find_entities(body);
        assert!(
            people.iter().all(|p| p.name != "Alliance"),
            "{:?}",
            names(&people)
        );
    }

    #[test]
    fn chairman_he_is_he_xuming_and_the_pronoun_is_nobody() {
        let body = "Executive Chairman He Xuming opened the forum. Chairman He said the \
                    convention would grow. He also met students.";
        let (people, _) = find_entities(body);
        assert_eq!(names(&people), ["He Xuming"]);
        assert_eq!(texts(body, &people[0]), ["He Xuming", "Chairman He"]);
    }

    #[test]
    fn a_possessive_without_its_apostrophe_is_read_without_the_s() {
        let body = "Trial Attorney Jane Doe of the Justice Departments Criminal Division is \
                    prosecuting the case.";
        let (people, orgs) = find_entities(body);
        assert_eq!(names(&people), ["Jane Doe"]);
        assert!(
            names(&orgs).contains(&"Criminal Division"),
            "{:?}",
            names(&orgs)
        );
        assert!(orgs.iter().all(|o| !o.name.starts_with("Departments")));
        // The possessor is an organization too.
        assert!(
            names(&orgs).contains(&"Justice Department"),
            "{:?}",
            names(&orgs)
        );
        let (_, orgs) = find_entities("Agents of the FBIs Tampa Field Office said.");
        assert_eq!(names(&orgs), ["FBI", "Tampa Field Office"]);
        let (_, orgs) = find_entities(
            "said Assistant Attorney General John C. Cruden for the Department of Justices \
             Environment and Natural Resources Division.",
        );
        assert!(
            names(&orgs).contains(&"Department of Justice"),
            "{:?}",
            names(&orgs)
        );
    }

    #[test]
    fn a_title_after_of_is_part_of_an_organization() {
        let (_, orgs) = find_entities(
            "A man was charged with fraud today, the Department of Justice announced.",
        );
        assert_eq!(names(&orgs), ["Department of Justice"]);
    }

    #[test]
    fn a_given_name_or_a_common_word_alone_is_no_person() {
        let (people, _) = find_entities(
            "Kyle said the Outbreak was over. The outbreak began in May, Senator Byrd said.",
        );
        assert!(!names(&people).contains(&"Kyle"), "{:?}", names(&people));
        assert!(
            !names(&people).contains(&"Outbreak"),
            "{:?}",
            names(&people)
        );
    }

    #[test]
    fn spans_never_overlap_and_odd_input_is_fine() {
        for body in [
            "",
            "   ",
            "(",
            "Mr.",
            "THE END",
            "é",
            "He He He",
            "A (B) (C",
            "Senator Li Ming 在 D-在",
            "Jack Reed D-在 said",
        ] {
            let (p, o) = find_entities(body);
            let mut all: Vec<&Mention> = p.iter().chain(&o).flat_map(|e| &e.mentions).collect();
            all.sort_by_key(|m| m.start);
            assert!(all.windows(2).all(|w| w[0].end <= w[1].start), "{body:?}");
        }
    }
}
