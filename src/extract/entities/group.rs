//! Identity inside the release: the spans of one person or one organization grouped into one
//! entity, under its fullest mixed-case form.

use super::*;

/// A name's words as written (the possessive "s" cut).
pub(super) fn words<'a>(cx: &Ctx<'a>, s: &Span) -> Vec<&'a str> {
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
pub(super) fn join(words: &[&str]) -> String {
    let mut out = String::new();
    for (k, w) in words.iter().enumerate() {
        if k > 0 && !matches!(*w, "," | ")" | ".") && !out.ends_with('(') {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

pub(super) fn fold(w: &str) -> String {
    w.chars()
        .filter(|c| *c != '.')
        .flat_map(char::to_lowercase)
        .collect()
}

pub(super) fn is_initial(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters == 1
        || (letters == 2 && w.ends_with('.') && w.chars().filter(|c| *c == '.').count() == 2)
}

/// A person's name words that identify them: no initials, no suffixes, folded.
pub(super) fn person_core(words: &[&str]) -> Vec<String> {
    words
        .iter()
        .filter(|w| !is_initial(w) && !SUFFIXES.contains(w) && w.chars().any(char::is_alphabetic))
        .map(|w| fold(w))
        .collect()
}

/// An organization's key: folded words (hyphens as spaces) without "the", without a leading
/// "U.S."/"United States", and "X Department" read as "Department of X".
pub(super) fn org_key(words: &[&str]) -> String {
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
pub(super) fn spelled(words: &[&str]) -> [String; 2] {
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

pub(super) use crate::schema::acronym_letters as acronym;

/// One entity of the release being built.
pub(super) struct Ent {
    pub(super) person: bool,
    /// The forms seen, as words, with how many mentions each.
    pub(super) forms: Vec<Vec<String>>,
    /// For a person: the identifying words of the fullest form.
    pub(super) core: Vec<String>,
    /// For an organization: the keys of its forms.
    pub(super) keys: Vec<String>,
    pub(super) mentions: Vec<(usize, usize)>,
    /// A person named by one word after a title or in a list with a named person: kept
    /// whatever the confidence model says.
    pub(super) sure: bool,
}

impl Ent {
    /// The fullest form in mixed case, without titles (all-caps only when no other exists).
    pub(super) fn name(&self) -> String {
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

pub(super) fn title_case_words(s: &str) -> String {
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
pub(super) fn fits(core: &[String], full: &[String]) -> bool {
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
pub(super) fn group(cx: &Ctx<'_>, spans: &[Span]) -> Vec<Ent> {
    let spans = headline_names_cut(cx, spans);
    let mut ents: Vec<Ent> = Vec::new();
    group_people(cx, &spans, &mut ents);
    group_orgs(cx, &spans, &mut ents);
    absorb_parts(&mut ents);
    merge_short_forms(&mut ents);
    ents.retain(|e| !e.mentions.is_empty());
    // A lone word is kept as a person here: whether it is one ("Dole said") or a place, a
    // headline word or a thing is the confidence model's call, from what the release says
    // around it (`crate::extract::confidence`), not a rule's; except after a title ("Mr.
    // Guterres", "Chairman He") or in a list with a named person ("Senators Daniel Akaka, Byrd
    // and Cantwell"), which say it is one.
    let is_named: Vec<bool> = ents.iter().map(|e| e.person && named(cx, e)).collect();
    let listed = listed_with_named(cx, &ents, &is_named);
    for ((e, listed), named) in ents.iter_mut().zip(listed).zip(is_named) {
        e.sure = e.core.len() == 1 && (named || listed);
    }
    ents
}

/// The people written in one list with a named person ("Senators Akaka, Byrd and Cantwell";
/// "Sens. Reid  Durbin  Schumer" where the source stripped the commas): a list shares its
/// title, so a lone surname in it is a person as much as the named one next to it.
fn listed_with_named(cx: &Ctx<'_>, ents: &[Ent], is_named: &[bool]) -> Vec<bool> {
    let mut mentions: Vec<(usize, usize, usize)> = ents
        .iter()
        .enumerate()
        .filter(|(_, e)| e.person)
        .flat_map(|(k, e)| e.mentions.iter().map(move |&(a, b)| (a, b, k)))
        .collect();
    mentions.sort_unstable();
    let mut out = vec![false; ents.len()];
    let mut run: Vec<usize> = Vec::new();
    let mut flush = |run: &mut Vec<usize>| {
        if run.len() >= 2 && run.iter().any(|&k| is_named[k]) {
            for &k in run.iter() {
                out[k] = true;
            }
        }
        run.clear();
    };
    let mut last_end: Option<usize> = None;
    for &(a, b, k) in &mentions {
        if !last_end.is_some_and(|end| coordinated(cx, end, a)) {
            flush(&mut run);
        }
        run.push(k);
        last_end = Some(b);
    }
    flush(&mut run);
    out
}

/// Whether the tokens between two names join them in a list: a comma, "and", ", and", or
/// only a gap of spaces where a source stripped the comma.
fn coordinated(cx: &Ctx<'_>, end: usize, start: usize) -> bool {
    if start < end {
        return false;
    }
    match start - end {
        0 => cx.toks[start].gap && !cx.toks[start].brk,
        1 => matches!(cx.text(end), "," | "and" | "&"),
        2 => cx.text(end) == "," && cx.text(end + 1) == "and",
        _ => false,
    }
}

/// Whether a person is named: by two words or more ("Eric Holder"), or by one word with a title
/// in front ("Chairman He", "Senator Reid").
fn named(cx: &Ctx<'_>, e: &Ent) -> bool {
    e.core.len() >= 2
        || e.mentions.iter().any(|&(a, b)| {
            let words = (a..b).filter(|&i| cx.is_word(i)).count();
            words >= 2 && cx.title_at(a, b).is_some()
        })
}

/// A name in a headline ends where the same name ends in the text: "Lanny A. Breuer Speaks
/// at ..." is Lanny A. Breuer when the text writes "Breuer".
pub(super) fn headline_names_cut(cx: &Ctx<'_>, spans: &[Span]) -> Vec<Span> {
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

pub(super) fn add_form(e: &mut Ent, w: &[&str], mention: (usize, usize)) {
    let form: Vec<String> = w.iter().map(|x| x.to_string()).collect();
    if !e.forms.contains(&form) {
        e.forms.push(form);
    }
    e.mentions.push(mention);
}

/// People: fuller forms first, so that shorter ones find the person they fit.
///
/// Linear in the number of mentions (up to a logarithm): a form finds the people it fits by
/// keyed look-ups, and among several, the one mentioned last before it by an ordered set of
/// mention positions kept per key, never by a scan of every person sharing a word.
pub(super) fn group_people(cx: &Ctx<'_>, spans: &[Span], ents: &mut Vec<Ent>) {
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
    // Forms come longest first, so every person known when a form looks has a core at least as
    // long as the form's. Then (see `fits`) a one-word form fits exactly the people with that
    // word; a two-word form "A B" exactly those whose core starts with A and ends with B or
    // ends with "A B"; a longer form is checked against those two groups. `Keyed` holds each
    // group's people and, once it has two, their mentions in order of position.
    let mut groups: Vec<Keyed> = Vec::new();
    let mut by_word: HashMap<String, usize> = HashMap::default();
    let mut by_pair: HashMap<(String, String), usize> = HashMap::default();
    // The groups each person is in.
    let mut member_of: Vec<Vec<usize>> = Vec::new();
    // For forms of three words or more: the people by first and last word, by last two words,
    // and each person's mention positions.
    let mut by_ends: HashMap<(String, String), Vec<usize>> = HashMap::default();
    let mut by_tail: HashMap<(String, String), Vec<usize>> = HashMap::default();
    let mut starts: Vec<std::collections::BTreeSet<usize>> = Vec::new();
    let pair = |a: &String, b: &String| (a.clone(), b.clone());
    let mut forms_seen: HashSet<(usize, Vec<String>)> = HashSet::default();
    for (k, w, core) in order {
        let s = &spans[k];
        if core.is_empty() {
            continue;
        }
        let n = core.len();
        let id = match n {
            1 => by_word.get(&core[0]).and_then(|&g| groups[g].choose(s.a)),
            2 => by_pair
                .get(&pair(&core[0], &core[1]))
                .and_then(|&g| groups[g].choose(s.a)),
            _ => {
                let mut candidates: Vec<usize> = [
                    by_ends.get(&pair(&core[0], &core[n - 1])),
                    by_tail.get(&pair(&core[n - 2], &core[n - 1])),
                ]
                .into_iter()
                .flatten()
                .flatten()
                .copied()
                .filter(|&id| fits(&core, &ents[id].core))
                .collect();
                candidates.sort_unstable();
                candidates.dedup();
                match candidates[..] {
                    [] => None,
                    [one] => Some(one),
                    // Two people share the words: the one mentioned last before this mention.
                    _ => candidates
                        .iter()
                        .filter_map(|&id| starts[id].range(..s.a).next_back().map(|&m| (m, id)))
                        .max()
                        .map(|(_, id)| id),
                }
            }
        };
        let id = id.unwrap_or_else(|| {
            let id = ents.len();
            // The groups of the new person: each distinct word, and the pairs (first, last)
            // and (second to last, last).
            let mut mine: Vec<usize> = Vec::new();
            let mut join = |g: usize, groups: &mut Vec<Keyed>, ents: &[Ent]| {
                if mine.contains(&g) {
                    return;
                }
                mine.push(g);
                let group = &mut groups[g];
                if let [first] = group.ids[..] {
                    // A second person: the positions of the first are needed from now on.
                    group
                        .at
                        .extend(ents[first].mentions.iter().map(|m| (m.0, first)));
                }
                group.ids.push(id);
            };
            for word in &core {
                let g = *by_word.entry(word.clone()).or_insert_with(|| {
                    groups.push(Keyed::default());
                    groups.len() - 1
                });
                join(g, &mut groups, ents);
            }
            let mut pairs = vec![pair(&core[0], &core[n - 1])];
            if n >= 2 {
                pairs.push(pair(&core[n - 2], &core[n - 1]));
            }
            for p in pairs {
                let g = *by_pair.entry(p).or_insert_with(|| {
                    groups.push(Keyed::default());
                    groups.len() - 1
                });
                join(g, &mut groups, ents);
            }
            member_of.push(mine);
            by_ends
                .entry(pair(&core[0], &core[n - 1]))
                .or_default()
                .push(id);
            if n >= 2 {
                by_tail
                    .entry(pair(&core[n - 2], &core[n - 1]))
                    .or_default()
                    .push(id);
            }
            starts.push(Default::default());
            ents.push(Ent {
                person: true,
                forms: Vec::new(),
                core,
                keys: Vec::new(),
                mentions: Vec::new(),
                sure: false,
            });
            id
        });
        // The mention joins the ordered positions of every group of two people or more the
        // person is in.
        for &g in &member_of[id] {
            if groups[g].ids.len() >= 2 {
                groups[g].at.insert((s.a, id));
            }
        }
        starts[id].insert(s.a);
        let seen = (id, w.iter().map(|x| x.to_string()).collect::<Vec<String>>());
        if !forms_seen.contains(&seen) {
            ents[id].forms.push(seen.1.clone());
            forms_seen.insert(seen);
        }
        ents[id].mentions.push((s.a, s.b));
    }
}

/// The people a form fits (see [`group_people`]), with their mentions by position.
#[derive(Default)]
struct Keyed {
    /// The people, each once, in order of creation.
    ids: Vec<usize>,
    /// Their mentions, (start token, person), kept once the group has two people.
    at: std::collections::BTreeSet<(usize, usize)>,
}

impl Keyed {
    /// The person a form at token `a` is: the only one of the group, or among several the one
    /// mentioned last before `a` (none when no one of them was mentioned before).
    fn choose(&self, a: usize) -> Option<usize> {
        match self.ids[..] {
            [] => None,
            [one] => Some(one),
            _ => self.at.range(..(a, 0)).next_back().map(|&(_, id)| id),
        }
    }
}

/// Organizations: by key, then acronyms with their long forms.
pub(super) fn group_orgs(cx: &Ctx<'_>, spans: &[Span], ents: &mut Vec<Ent>) {
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
                sure: false,
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
pub(super) fn absorb_parts(ents: &mut [Ent]) {
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

pub(super) fn strip_us<'a, 'b>(ws: &'b [&'a str]) -> &'b [&'a str] {
    match ws {
        [first, rest @ ..] if matches!(*first, "U.S." | "US") && !rest.is_empty() => rest,
        ["U", "S", rest @ ..] if !rest.is_empty() => rest,
        _ => ws,
    }
}

/// Moves entity `from`'s forms, keys and mentions into `to` (leaving `from` empty).
pub(super) fn merge_into(ents: &mut [Ent], from: usize, to: usize) {
    if from == to {
        return;
    }
    let f = Ent {
        person: ents[from].person,
        forms: std::mem::take(&mut ents[from].forms),
        core: Vec::new(),
        keys: std::mem::take(&mut ents[from].keys),
        mentions: std::mem::take(&mut ents[from].mentions),
        sure: false,
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
