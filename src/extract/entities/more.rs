//! More mentions of the entities found: a surname alone, a title and a surname, an acronym.

use super::*;

/// More mentions of the entities found (step 3 of the module documentation): a person's
/// surname, a title and a surname, an organization's acronym, where the tagger did not tag
/// them.
pub(super) fn more_mentions(cx: &Ctx<'_>, ents: &mut [Ent]) {
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
    // Each entity's first mention (the mentions added below never come before it).
    let mut first: Vec<usize> = ents
        .iter()
        .map(|e| e.mentions.iter().map(|m| m.0).min().unwrap_or(0))
        .collect();
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
        if i < first[id] {
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
        if ents[id].mentions.len() == 1 {
            first[id] = a;
        } else {
            first[id] = first[id].min(a);
        }
    }
}
