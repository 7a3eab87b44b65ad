//! Spans cleaned the same way for every name: titles, party tags, edge words, a name written
//! twice, places and generic heads alone, possessives without their apostrophe.

use super::*;

/// One cleaned span of the tagger: tokens `a..b` are the mention, `na..nb` the name.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) a: usize,
    pub(super) b: usize,
    pub(super) na: usize,
    pub(super) nb: usize,
    pub(super) ty: usize,
    /// Bytes to drop from the end of the name's last token (a possessive "s" without its
    /// apostrophe).
    pub(super) cut: usize,
}

/// The tagger's spans, cleaned (step 1 of the module documentation).
pub(super) fn spans(cx: &Ctx<'_>, raw: &[(usize, usize, usize)]) -> Vec<Span> {
    let toks = cx.toks;
    let mut out = Vec::new();
    for (r, &(a0, b0, ty)) in raw.iter().enumerate() {
        if ty != PER && ty != ORG {
            continue;
        }
        let person_after = if ty == ORG {
            let limit = raw.get(r + 1).map_or(toks.len(), |n| n.0);
            person_after_title(cx, (a0, b0), limit)
        } else {
            None
        };
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
        if let Some((p, q)) = person_after {
            push_person(cx, &mut out, p, q);
        }
    }
    out.retain(|s| keep(cx, s));
    split_coordinated(cx, &mut out);
    headline_orgs_cut(cx, &mut out);
    extend_to_districts(cx, &mut out);
    extend_to_acronyms(cx, &mut out);
    extend_bare_heads(cx, &mut out);
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
        out[k].cut = out[k].cut.max(possessive_cut(cx, &out, k, &written));
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
pub(super) fn pieces(cx: &Ctx<'_>, a0: usize, b0: usize, ty: usize) -> Vec<(usize, usize)> {
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
    // A lower-case word other than a small joining word ends an organization's name ("U.S.
    // District Court for the Southern District of Ohio found ...").
    if ty == ORG {
        let plain = |k: usize| {
            cx.is_word(k)
                && !MINOR.contains(&cx.text(k))
                && !cx
                    .text(k)
                    .chars()
                    .any(|c| c.is_uppercase() || c.is_ascii_digit())
        };
        if let Some(k) = (a + 1..b).find(|&k| plain(k)) {
            b = k;
        }
        // Nor does the town a body sits in: "U.S. District Court in Seattle" (but "in the
        // Eastern District of Washington" names the court's district).
        if let Some(k) = (a + 1..b.saturating_sub(1))
            .find(|&k| cx.text(k) == "in" && toks[k + 1].cap && cx.text(k + 1) != "the")
        {
            b = k;
        }
    }
    // A title right after a name ends an organization's name: "ITU Secretary-General", "Army
    // Sergeant X"; after "of" or "the" it is part of it ("Department of Justice", "Office of the
    // Attorney General").
    // A title that begins after "of" is part of the name through its last word ("Office of
    // Inspector General").
    if ty == ORG {
        if let Some((k, _)) = org_title(cx, a, b) {
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
            // A committee's subjects stay one: "Senate Energy and Natural Resources Committee".
            let subjects = SUBJECT_HEADS.contains(&cx.text(b - 1))
                && !GENERIC_HEADS.contains(&cx.text(i - 1).to_lowercase().as_str());
            let and = t == "and"
                && head(i - 1)
                && !subjects
                && (i + 1..b).any(head)
                && toks[i + 1].cap
                && i - start >= 2;
            // A capitalized "The" inside a span opens a new name: a dateline run into the
            // first sentence ("WASHINGTON The Department of Justice").
            if comma || and || t == "The" && i > start {
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

/// Organizations joined by "and" (or a comma) in one span are two when the release, or the
/// list of known organizations, names one of them alone: "the House and Senate", "Fannie Mae
/// and Freddie Mac" (but "Department of Health and Human Services" stays one).
///
/// Likewise a name whose possessive lost its apostrophe inside the span ("U.S. Department of
/// Justices Environmental Crimes Section", "Alstoms PSM") is two when the release names the
/// possessor alone ("Department of Justice").
pub(super) fn split_coordinated(cx: &Ctx<'_>, spans: &mut Vec<Span>) {
    let toks = cx.toks;
    let key = |a: usize, b: usize| written_as(cx, a, b);
    let alone = org_names(cx, spans, |_| true);
    let named = |a: usize, b: usize| {
        let k = key(strip_the(cx, a, b), b);
        alone.contains(&k) || b - a == 1 && cx.lx.known_orgs.contains(k.as_str())
    };
    // The possessor "X ... Ys" of a span when the release names "X ... Y" alone.
    let possessor = |a: usize, k: usize| {
        let last = cx.text(k);
        let Some(stem) = last.strip_suffix('s') else {
            return false;
        };
        if stem.chars().count() < 2 || stem.ends_with('s') || !toks[k + 1].cap {
            return false;
        }
        let a = strip_the(cx, a, k + 1);
        let mut phrase = key(a, k);
        if !phrase.is_empty() {
            phrase.push(' ');
        }
        phrase.push_str(stem);
        let bare = phrase.strip_prefix("U.S. ").unwrap_or(&phrase);
        [phrase.as_str(), bare]
            .iter()
            .any(|p| alone.contains(*p) || cx.lx.known_orgs.contains(p))
    };
    let mut out = Vec::with_capacity(spans.len());
    for s in spans.drain(..) {
        if s.ty != ORG || s.nb - s.na < 2 {
            out.push(s);
            continue;
        }
        let joint = (s.na + 1..s.nb.saturating_sub(1)).find(|&i| {
            matches!(cx.text(i), "and" | "&" | ",")
                && toks[i + 1].cap
                && (named(s.na, i) || named(i + 1, s.nb))
        });
        if let Some(i) = joint {
            out.push(Span {
                b: i,
                nb: i,
                cut: 0,
                ..s
            });
            out.push(Span {
                a: i + 1,
                na: i + 1,
                ..s
            });
            continue;
        }
        match (s.na..s.nb - 1).find(|&k| possessor(s.na, k)) {
            Some(k) => {
                out.push(Span {
                    b: k + 1,
                    nb: k + 1,
                    cut: 1,
                    ..s
                });
                out.push(Span {
                    a: k + 1,
                    na: k + 1,
                    ..s
                });
            }
            None => out.push(s),
        }
    }
    *spans = out;
}

/// An organization in a headline ends where the text names it: "Justice Department Files
/// Suit" is the Justice Department when the text writes "Justice Department".
pub(super) fn headline_orgs_cut(cx: &Ctx<'_>, spans: &mut [Span]) {
    let toks = cx.toks;
    let key = |a: usize, b: usize| written_as(cx, a, b);
    let in_text = org_names(cx, spans, |s| !toks[s.na].caps_line);
    if in_text.is_empty() {
        return;
    }
    for s in spans
        .iter_mut()
        .filter(|s| s.ty == ORG && toks[s.na].caps_line && s.nb - s.na >= 2)
    {
        let a = strip_the(cx, s.na, s.nb);
        if in_text.contains(&key(a, s.nb)) {
            continue;
        }
        if let Some(end) = (a + 1..s.nb).rev().find(|&e| in_text.contains(&key(a, e))) {
            s.nb = end;
            s.b = end;
            s.cut = 0;
        }
    }
}

/// Tokens `a..b` as written, joined by one space.
fn written_as(cx: &Ctx<'_>, a: usize, b: usize) -> String {
    (a..b).map(|i| cx.text(i)).collect::<Vec<_>>().join(" ")
}

/// The organization names of the spans that `keep` keeps, as written, without a leading "the".
fn org_names(cx: &Ctx<'_>, spans: &[Span], keep: impl Fn(&Span) -> bool) -> HashSet<String> {
    spans
        .iter()
        .filter(|s| s.ty == ORG && keep(s))
        .map(|s| written_as(cx, strip_the(cx, s.na, s.nb), s.nb))
        .collect()
}

/// The first token of `a..b` past a leading "the".
fn strip_the(cx: &Ctx<'_>, a: usize, b: usize) -> usize {
    if a + 1 < b && matches!(cx.text(a), "the" | "The") {
        a + 1
    } else {
        a
    }
}

/// A court or an office named for its judicial district takes the district into its name:
/// "U.S. District Court" + "for the Eastern District of Virginia", "U.S. Attorney's Office" +
/// "of the District of Columbia" (the guidelines' own examples of one organization).
pub(super) fn extend_to_districts(cx: &Ctx<'_>, spans: &mut Vec<Span>) {
    let toks = cx.toks;
    let word = |i: usize| i < toks.len() && cx.is_word(i) && !toks[i].brk;
    let is = |i: usize, w: &str| word(i) && cx.text(i) == w;
    let mut k = 0;
    while k < spans.len() {
        let s = spans[k];
        k += 1;
        let head = cx.text(s.nb - 1).to_lowercase();
        if s.ty != ORG || s.nb != s.b || !matches!(head.as_str(), "court" | "office" | "offices") {
            continue;
        }
        let j = s.b;
        if !(is(j, "for") || is(j, "of") || is(j, "in")) || !is(j + 1, "the") {
            continue;
        }
        // "Eastern", "Middle", ... then "District of".
        let mut d = j + 2;
        while d < j + 4 && word(d) && toks[d].cap && cx.text(d) != "District" {
            d += 1;
        }
        if !is(d, "District") || !is(d + 1, "of") {
            continue;
        }
        let mut end = d + 2;
        if is(end, "the") {
            end += 1;
        }
        let place = end;
        while end < place + 3 && word(end) && toks[end].cap {
            end += 1;
        }
        if end == place {
            continue;
        }
        spans[k - 1].b = end;
        spans[k - 1].nb = end;
        spans[k - 1].cut = 0;
        // Names the tagger found inside the district ("Virginia") go.
        while k < spans.len() && spans[k].a < end {
            spans.remove(k);
        }
    }
}

/// The title that ends an organization's name inside tokens `a..b` (see [`pieces`]): where it
/// starts and how many tokens it has.
pub(super) fn org_title(cx: &Ctx<'_>, a: usize, b: usize) -> Option<(usize, usize)> {
    let toks = cx.toks;
    // A title may go on past the span ("Fraud Section Trial" + "Attorney").
    let reach = (b + cx.lx.title_max).min(toks.len());
    let end = (b..reach).find(|&i| toks[i].brk).unwrap_or(reach);
    let inside_title = |k: usize| {
        (k.saturating_sub(cx.lx.title_max - 1)..k)
            .any(|t| cx.title_at(t, end).is_some_and(|n| t + n > k))
    };
    (a + 1..b).find_map(|k| {
        let n = cx.title_at(k, end)?;
        (toks[k].cap && toks[k - 1].cap && !inside_title(k)).then_some((k, n))
    })
}

/// The person after "Organization Title" in a span the tagger took for one organization
/// ("United Nations Secretary-General António" then "Guterres", or "United Nations
/// Secretary-General" then "António Guterres"): the capitalized words after the title, with
/// those that follow the span up to `limit` (the next span).
pub(super) fn person_after_title(
    cx: &Ctx<'_>,
    (a0, b0): (usize, usize),
    limit: usize,
) -> Option<(usize, usize)> {
    let toks = cx.toks;
    let (k, n) = org_title(cx, a0, b0)?;
    let p = k + n;
    let name_word = |i: usize| {
        i < toks.len()
            && cx.is_word(i)
            && toks[i].cap
            && !toks[i].brk
            && !cx.common(i)
            && cx.title_at(i, i + 1).is_none()
    };
    if !(p..b0).all(name_word) {
        return None;
    }
    let mut q = b0.max(p);
    while q < limit && q < p + 4 && name_word(q) {
        q += 1;
    }
    (q > p).then_some((p, q))
}

/// An organization span that lacks its first word or two ("Smart Cities Alliance" for "Global
/// Smart Cities Alliance") gets them when the longer name spells an acronym the release uses.
pub(super) fn extend_to_acronyms(cx: &Ctx<'_>, spans: &mut [Span]) {
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

/// An organization span that is its head word alone ("Alliance" in "the Global Smart Cities
/// Alliance") gets the capitalized words between it and the "the" before them: a name does
/// not begin with the word that says what kind of body it is.
pub(super) fn extend_bare_heads(cx: &Ctx<'_>, spans: &mut [Span]) {
    let toks = cx.toks;
    for k in 0..spans.len() {
        let s = spans[k];
        if s.ty != ORG || s.nb - s.na != 1 || !cx.lx.org_suffixes.contains(cx.text(s.na)) {
            continue;
        }
        let prev_end = if k > 0 { spans[k - 1].b } else { 0 };
        let mut a = s.na;
        while a > prev_end
            && s.na - a < 6
            && !toks[a].brk
            && toks[a - 1].cap
            && cx.is_word(a - 1)
            && !toks[a - 1].caps_line
        {
            a -= 1;
        }
        let after_the = a > 0 && a > prev_end && matches!(cx.text(a - 1), "the" | "The");
        if a < s.na && after_the {
            spans[k].a = a;
            spans[k].na = a;
        }
    }
}

/// Pushes the person named by tokens `na..nb` (its mention starts at a title before it).
pub(super) fn push_person(cx: &Ctx<'_>, out: &mut Vec<Span>, na: usize, nb: usize) {
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

pub(super) fn starts_upper(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Whether a cleaned span names something.
pub(super) fn keep(cx: &Ctx<'_>, s: &Span) -> bool {
    let n = s.nb - s.na;
    if n == 0 || !(s.na..s.nb).any(|i| cx.is_word(i)) {
        return false;
    }
    // No person's name ends in a word that ends organizations' names ("Strike Force", "Task
    // Force"), nor stands inside a law's ("Matthew Shepard and James Byrd Jr. Hate Crimes
    // Prevention Act": the guidelines' names that are part of the name of a thing).
    if s.ty == PER && (cx.lx.org_suffixes.contains(cx.text(s.nb - 1)) || in_law_name(cx, s.nb)) {
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
        // Nor is a small word or a legal form alone an organization ("And", "Inc.").
        if s.ty == ORG && (cx.lx.stopwords.contains(t) || cx.lx.company_suffixes.contains(t)) {
            return false;
        }
    }
    // A law, a document or a program is no organization ("False Claims Act").
    if s.ty == ORG && cx.lx.law_words.contains(cx.text(s.nb - 1)) {
        return false;
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

/// Whether the capitalized words going on from token `b` (through "and", initials and
/// commas, on the same line) end in a law's last word ("... Hate Crimes Prevention Act").
fn in_law_name(cx: &Ctx<'_>, b: usize) -> bool {
    let toks = cx.toks;
    let mut i = b;
    while i < toks.len() && i < b + 12 && !toks[i].brk {
        let t = cx.text(i);
        if cx.lx.law_words.contains(t) {
            return true;
        }
        let joins = matches!(t, "and" | "of" | "," | "." | "&");
        if !(toks[i].cap || joins) {
            return false;
        }
        i += 1;
    }
    false
}

/// A name's last token that ends in an "s" standing for a possessive whose apostrophe the
/// source dropped: followed at once by another name ("Departments Criminal Division"), or
/// whose stem is written elsewhere in the release ("Fernandezs business" after "Fernandez"; a
/// person's, as a person's name).
pub(super) fn possessive_cut<'a>(
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
    // A plural head is a name too ("Democrats"): only when the stem really is written. A
    // person's stem must be written as a person's name: "Field" in "Houston Field Office"
    // makes no "Mike Field" of "Special Agent in Charge Mike Fields of HHS-OIG".
    let acronym = stem.chars().all(|c| c.is_uppercase());
    let stem_written = if s.ty == PER {
        spans
            .iter()
            .any(|o| o.ty == PER && o.nb > o.na && cx.text(o.nb - 1) == stem)
    } else {
        written().contains(stem)
    };
    if next_name && (s.nb - s.na >= 2 || acronym) || stem_written {
        1
    } else {
        0
    }
}
