//! Where names come from: the tagger's spans, and the sure patterns that override it (an
//! acronym's long form, a name of `known_orgs.txt`, "Mr. Zhao", a surname written first, a
//! possessor that lost its apostrophe).

use super::*;

/// Long forms followed by their acronym in parentheses, "World Internet of Things Convention
/// (WIOTC)": token ranges of the long forms (the acronym is the token after the "(" that ends
/// each).
pub(super) fn acronym_definitions(cx: &Ctx<'_>) -> Vec<(usize, usize)> {
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

/// The tagger's person and organization spans, with what a few sure patterns add: the token
/// ranges `(first, end, type)`, sorted, not overlapping.
pub(super) struct Raw {
    /// Spans; a replaced one is `None`.
    pub(super) spans: Vec<Option<(usize, usize, usize)>>,
    /// Per token, the span covering it.
    pub(super) owner: Vec<Option<usize>>,
}

impl Raw {
    pub(super) fn overlapping(&self, a: usize, b: usize) -> Vec<usize> {
        let mut ids: Vec<usize> = self.owner[a..b].iter().flatten().copied().collect();
        ids.dedup();
        ids
    }

    pub(super) fn covers(&self, i: usize) -> bool {
        self.owner[i].is_some()
    }

    /// Adds a span in place of those it overlaps.
    pub(super) fn replace(&mut self, a: usize, b: usize, ty: usize) {
        for id in self.overlapping(a, b) {
            if let Some((x, y, _)) = self.spans[id].take() {
                self.owner[x..y].fill(None);
            }
        }
        self.owner[a..b].fill(Some(self.spans.len()));
        self.spans.push(Some((a, b, ty)));
    }
}

/// The heads of bodies named by a list of subjects: "Health, Education, Labor, and Pensions
/// Committee", "Energy and Natural Resources Subcommittee".
pub(crate) const SUBJECT_HEADS: &[&str] = &["Committee", "Subcommittee"];

/// Committees named by a list of subjects that the tagger cut at a comma or an "and": an
/// organization ending in a [`SUBJECT_HEADS`] word, after capitalized words, commas and "and"
/// on the same line that hold other organizations' names, is one organization from the first of
/// those to the head ("Senate Health, Education" … "Labor" … "Pensions Committee"), unless one of
/// them ends in a head of its own: "the Justice Department and Senate Judiciary Committee" are
/// two.
pub(super) fn subject_lists(cx: &Ctx<'_>, raw: &Raw) -> Vec<(usize, usize)> {
    let toks = cx.toks;
    let mut out = Vec::new();
    for &(a, b, ty) in raw.spans.iter().flatten() {
        if ty != ORG || !SUBJECT_HEADS.contains(&cx.text(b - 1)) {
            continue;
        }
        // Back over the list: capitalized words, commas and "and", on one line.
        let mut j = a;
        while j > 0 && !toks[j].brk {
            let t = cx.text(j - 1);
            if !(t == "and" || t == "," || cx.is_word(j - 1) && toks[j - 1].cap) {
                break;
            }
            j -= 1;
        }
        let ids = raw.overlapping(j, a);
        let parts: Vec<(usize, usize)> = ids
            .iter()
            .filter_map(|&id| raw.spans[id])
            .filter(|&(_, _, t)| t == ORG)
            .map(|(x, y, _)| (x, y))
            .collect();
        let Some(&(first, first_end)) = parts.iter().min() else {
            continue;
        };
        let joined = (first_end..a).any(|k| matches!(cx.text(k), "and" | ","));
        // Bodies in a row are not subjects: a name ending in a head, an acronym ("the FBI,
        // DEA and ..."), or a last name that opens with a body of its own ("Senate Judiciary
        // Committee").
        let bodies = parts.iter().any(|&(x, y)| {
            let last = cx.text(y - 1);
            GENERIC_HEADS.contains(&last.to_lowercase().as_str()) || (x..y).all(|k| toks[k].upper)
        }) || cx.lx.known_orgs.contains(cx.text(a));
        if first >= j && joined && !bodies {
            out.push((first, b));
        }
    }
    out
}

/// Organizations whose possessive lost its apostrophe at the source, right before another
/// organization's name: "the Justice Departments Tax Division", "the Department of Justices
/// Civil Division", "the FBIs Tampa Field Office". The possessor is an organization of its own
/// when it is an acronym or its words hold a generic head ("Department", "Office", ...).
pub(super) fn possessors(cx: &Ctx<'_>, raw: &Raw) -> Vec<(usize, usize)> {
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
pub(super) fn raw_spans(cx: &Ctx<'_>, tags: &[u8]) -> Vec<(usize, usize, usize)> {
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
    // A law's acronym ("False Claims Act (FCA)") names no organization anywhere in the release.
    let mut laws: HashSet<&str> = HashSet::default();
    for (a, b) in acronym_definitions(cx) {
        if cx.lx.law_words.contains(cx.text(b - 1)) {
            laws.insert(cx.text(b + 1));
            raw.replace(a, b, MISC);
            raw.replace(b + 1, b + 2, MISC);
            continue;
        }
        raw.replace(a, b, ORG);
        // And the acronym in parentheses after it is its short form.
        if !raw.covers(b + 1) {
            raw.replace(b + 1, b + 2, ORG);
        }
    }
    if !laws.is_empty() {
        let named_laws: Vec<(usize, usize)> = raw
            .spans
            .iter()
            .flatten()
            .filter(|&&(a, b, ty)| ty == ORG && b == a + 1 && laws.contains(cx.text(a)))
            .map(|&(a, b, _)| (a, b))
            .collect();
        for (a, b) in named_laws {
            raw.replace(a, b, MISC);
        }
    }
    // An organization the word lists know by name ("United Nations") is one, even where the
    // tagger cut it short.
    for (a, b) in cx.lx.known_org_spans(cx.body, toks) {
        let inside_longer = raw
            .overlapping(a, b)
            .into_iter()
            .any(|id| raw.spans[id].is_some_and(|(x, y, _)| x <= a && b <= y && y - x > b - a));
        if !inside_longer {
            // The tagger's words in front stay ("U.S." of "U.S. Department of Health" when the
            // list knows "Department of Health and Human Services").
            let a = raw
                .overlapping(a, b)
                .into_iter()
                .filter_map(|id| raw.spans[id])
                .filter(|&(x, y, ty)| ty == ORG && x < a && y <= b)
                .map(|(x, _, _)| x)
                .min()
                .unwrap_or(a);
            raw.replace(a, b, ORG);
        }
    }
    for (a, b) in possessors(cx, &raw) {
        raw.replace(a, b, ORG);
    }
    for (a, b) in subject_lists(cx, &raw) {
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
