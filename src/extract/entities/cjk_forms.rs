//! Names in CJK script paired with a romanized one: "He Xuming (何旭明)", "China Academy of
//! Information and Communications Technology (中国信息通信研究院)", or the other way round,
//! "何旭明（He Xuming）".
//!
//! Once the release has found a person or an organization, a name in Chinese characters (or
//! kana, or Hangul) written in parentheses right after one of its mentions — or right before
//! one that stands in parentheses — is another form of the same entity, and so is every other
//! place the release writes that form. The canonical name stays the romanized one, so the
//! corpus links the release to the other releases about the same entity, and a search for the
//! CJK form finds it (see `identities::cjk`).

use crate::lang::is_cjk_letter;
use crate::model::{Entity, Mention};

/// Fewest and most characters of a CJK form (a Chinese name has two or more; the longest
/// organization names run to some twenty).
const MIN_CHARS: usize = 2;
const MAX_CHARS: usize = 40;

/// The dot between the given name and the surname of a transcribed foreign name
/// ("安东尼奥·古特雷斯").
fn is_name_dot(c: char) -> bool {
    matches!(c, '·' | '・' | '•')
}

/// Whether `s` is a CJK form: CJK letters (name dots between them), no other character.
fn is_cjk_form(s: &str) -> bool {
    let n = s.chars().count();
    (MIN_CHARS..=MAX_CHARS).contains(&n)
        && s.chars().all(|c| is_cjk_letter(c) || is_name_dot(c))
        && s.chars().next().is_some_and(is_cjk_letter)
        && s.chars().last().is_some_and(is_cjk_letter)
}

/// Spaces allowed between a name and a parenthesis (at most a few, on the same line).
fn skip_spaces_forward(body: &str, mut at: usize) -> usize {
    for _ in 0..3 {
        match body[at..].chars().next() {
            Some(c @ (' ' | '\u{a0}' | '\u{3000}')) => at += c.len_utf8(),
            _ => break,
        }
    }
    at
}

fn skip_spaces_back(body: &str, mut at: usize) -> usize {
    for _ in 0..3 {
        match body[..at].chars().next_back() {
            Some(c @ (' ' | '\u{a0}' | '\u{3000}')) => at -= c.len_utf8(),
            _ => break,
        }
    }
    at
}

/// The CJK form in parentheses right after byte `end`: "(何旭明)", "（何旭明）", or the first
/// item of a list in them, "(中国信息通信研究院, CAICT)".
fn after(body: &str, end: usize) -> Option<(usize, usize)> {
    let at = skip_spaces_forward(body, end);
    let open = body[at..]
        .chars()
        .next()
        .filter(|c| matches!(c, '(' | '（'))?;
    let start = at + open.len_utf8();
    let len: usize = body[start..]
        .chars()
        .take_while(|&c| is_cjk_letter(c) || is_name_dot(c))
        .map(char::len_utf8)
        .sum();
    let stop = start + len;
    let closes = body[stop..]
        .chars()
        .next()
        .is_some_and(|c| matches!(c, ')' | '）' | ',' | '，' | '、' | ';' | '；'));
    (closes && is_cjk_form(&body[start..stop])).then_some((start, stop))
}

/// Most characters of a Chinese person's name written without a dot (surname and given name).
const MAX_NAME_CHARS: usize = 4;

/// The CJK form right before a person's mention written in parentheses, byte `start` to `end`:
/// "何旭明（He Xuming）". Only a person's: in Chinese text, where the name starts is known only
/// when nothing runs into it, and a run that short is a person's name, not an organization's.
fn before(body: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let open = body[..start].chars().next_back()?;
    let close = body[end..].chars().next()?;
    if !matches!((open, close), ('(', ')') | ('（', '）')) {
        return None;
    }
    let stop = skip_spaces_back(body, start - open.len_utf8());
    let len: usize = body[..stop]
        .chars()
        .rev()
        .take_while(|&c| is_cjk_letter(c) || is_name_dot(c))
        .map(char::len_utf8)
        .sum();
    let from = stop - len;
    let form = &body[from..stop];
    // Chinese text runs on without spaces: the run is the name only when nothing CJK runs
    // into it ("，何旭明（He Xuming）", not "执行主席何旭明（He Xuming）").
    let short = form.chars().count() <= MAX_NAME_CHARS || form.chars().any(is_name_dot);
    (short && is_cjk_form(form)).then_some((from, stop))
}

/// Most capitalized words an organization's mention is extended by to reach the CJK form
/// that names it.
const MAX_MISSED_WORDS: usize = 3;

/// Where an organization's mention ends that the tagger cut short of the CJK form in
/// parentheses naming it: "China Academy of Information and Communications" followed by
/// " Technology (中国信息通信研究院)" ends after "Technology". At most a few capitalized words
/// between, on the same line.
fn extended_to_form(body: &str, end: usize) -> Option<usize> {
    let mut at = end;
    for _ in 0..MAX_MISSED_WORDS {
        let rest = body[at..].strip_prefix(' ')?;
        let word: usize = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '&' | '.'))
            .map(char::len_utf8)
            .sum();
        if word == 0 || !rest.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        at += 1 + word;
        if after(body, at).is_some() {
            return Some(at);
        }
    }
    None
}

/// Adds to each person and organization the CJK forms the release pairs with one of its
/// mentions, and every other place the release writes them, where no other mention is. A form
/// paired with two entities is left to neither. An organization's mention the tagger cut a few
/// capitalized words short of such a form is extended to it (and so is the name, when it was
/// that mention).
pub(super) fn add_cjk_forms(body: &str, people: &mut [Entity], orgs: &mut [Entity]) {
    if !body.chars().any(is_cjk_letter) {
        return;
    }
    extend_orgs(body, people, orgs);
    // (person?, entity index, form)
    let mut paired: Vec<(bool, usize, &str)> = Vec::new();
    for (person, list) in [(true, &*people), (false, &*orgs)] {
        for (id, e) in list.iter().enumerate() {
            for m in &e.mentions {
                let found = after(body, m.end)
                    .or_else(|| person.then(|| before(body, m.start, m.end)).flatten());
                if let Some((a, b)) = found {
                    if body[m.start..m.end].chars().any(is_cjk_letter) {
                        continue;
                    }
                    let form = &body[a..b];
                    if !paired.contains(&(person, id, form)) {
                        paired.push((person, id, form));
                    }
                }
            }
        }
    }
    if paired.is_empty() {
        return;
    }
    let mut taken: Vec<Mention> = people
        .iter()
        .chain(orgs.iter())
        .flat_map(|e| e.mentions.iter().copied())
        .collect();
    for &(person, id, form) in &paired {
        if paired
            .iter()
            .any(|&(p, i, f)| f == form && (p, i) != (person, id))
        {
            continue;
        }
        let entity = if person {
            &mut people[id]
        } else {
            &mut orgs[id]
        };
        for (start, _) in body.match_indices(form) {
            let m = Mention {
                start,
                end: start + form.len(),
            };
            if taken.iter().any(|t| t.start < m.end && m.start < t.end) {
                continue;
            }
            taken.push(m);
            entity.mentions.push(m);
        }
        entity.mentions.sort_by_key(|m| m.start);
    }
}

/// Extends organizations' mentions cut short of the CJK form naming them
/// ([`extended_to_form`]), where no other mention is in the way.
fn extend_orgs(body: &str, people: &[Entity], orgs: &mut [Entity]) {
    for id in 0..orgs.len() {
        for k in 0..orgs[id].mentions.len() {
            let m = orgs[id].mentions[k];
            if after(body, m.end).is_some() {
                continue;
            }
            let Some(end) = extended_to_form(body, m.end) else {
                continue;
            };
            let in_the_way = people
                .iter()
                .chain(orgs.iter())
                .flat_map(|e| e.mentions.iter())
                .any(|t| t.start < end && m.end < t.end);
            if in_the_way {
                continue;
            }
            if orgs[id].name == body[m.start..m.end] {
                orgs[id].name = body[m.start..end].to_string();
            }
            orgs[id].mentions[k].end = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(name: &str, body: &str, forms: &[&str]) -> Entity {
        let mentions = forms
            .iter()
            .map(|f| {
                let start = body.find(f).expect("form in body");
                Mention {
                    start,
                    end: start + f.len(),
                }
            })
            .collect();
        Entity {
            name: name.into(),
            mentions,
            roles: Vec::new(),
        }
    }

    fn forms<'a>(body: &'a str, e: &Entity) -> Vec<&'a str> {
        e.mentions.iter().map(|m| &body[m.start..m.end]).collect()
    }

    #[test]
    fn a_name_in_chinese_characters_after_a_person_is_that_person() {
        let body = "Executive Chairman He Xuming (何旭明) opened the forum. 何旭明 said: \
                    \"Welcome.\" The China Academy of Information and Communications \
                    Technology （中国信息通信研究院，CAICT） hosted it.";
        let mut people = vec![entity("He Xuming", body, &["He Xuming"])];
        let mut orgs = vec![entity(
            "China Academy of Information and Communications Technology",
            body,
            &["China Academy of Information and Communications Technology"],
        )];
        add_cjk_forms(body, &mut people, &mut orgs);
        assert_eq!(forms(body, &people[0]), ["He Xuming", "何旭明", "何旭明"]);
        let first = people[0].mentions[1];
        assert_eq!(first.start, body.find("(何").unwrap() + 1);
        assert_eq!(first.end, first.start + "何旭明".len());
        assert_eq!(
            forms(body, &orgs[0]),
            [
                "China Academy of Information and Communications Technology",
                "中国信息通信研究院"
            ]
        );
    }

    #[test]
    fn an_organization_cut_short_of_its_chinese_name_reaches_it() {
        let body = "hosted by the China Academy of Information and Communications Technology \
                    (中国信息通信研究院). The Academy of Information thanked the Academy.";
        let cut = "China Academy of Information and Communications";
        let mut orgs = vec![entity(cut, body, &[cut])];
        add_cjk_forms(body, &mut [], &mut orgs);
        let full = "China Academy of Information and Communications Technology";
        assert_eq!(orgs[0].name, full);
        assert_eq!(forms(body, &orgs[0]), [full, "中国信息通信研究院"]);
        // Lower-case words between are no part of a name.
        let body = "the Academy of Information said today (中国信息通信研究院).";
        let mut orgs = vec![entity(
            "Academy of Information",
            body,
            &["Academy of Information"],
        )];
        add_cjk_forms(body, &mut [], &mut orgs);
        assert_eq!(forms(body, &orgs[0]), ["Academy of Information"]);
    }

    #[test]
    fn a_romanized_name_in_parentheses_after_the_chinese_one() {
        let body = "开幕式上，何旭明（He Xuming）致辞。何旭明表示欢迎。";
        let mut people = vec![entity("He Xuming", body, &["He Xuming"])];
        add_cjk_forms(body, &mut people, &mut []);
        assert_eq!(forms(body, &people[0]), ["何旭明", "He Xuming", "何旭明"]);
        // Where the name runs on from other Chinese words, where it starts is unknown.
        let body = "执行主席何旭明（He Xuming）在开幕式上致辞。";
        let mut people = vec![entity("He Xuming", body, &["He Xuming"])];
        add_cjk_forms(body, &mut people, &mut []);
        assert_eq!(forms(body, &people[0]), ["He Xuming"]);
    }

    #[test]
    fn no_pairing_without_parentheses_or_with_other_scripts() {
        let body = "He Xuming 何旭明 spoke. Lin Weiguo (CEO) and Zhao (赵) met. Li (李四 \
                    the rest";
        let mut people = vec![
            entity("He Xuming", body, &["He Xuming"]),
            entity("Lin Weiguo", body, &["Lin Weiguo"]),
            entity("Zhao", body, &["Zhao"]),
            entity("Li", body, &["Li"]),
        ];
        add_cjk_forms(body, &mut people, &mut []);
        assert_eq!(forms(body, &people[0]), ["He Xuming"]);
        assert_eq!(forms(body, &people[1]), ["Lin Weiguo"]);
        // One character is no name.
        assert_eq!(forms(body, &people[2]), ["Zhao"]);
        assert_eq!(forms(body, &people[3]), ["Li"]);
    }

    #[test]
    fn a_form_paired_with_two_entities_goes_to_neither() {
        let body = "Wang Wei (王伟) met Wang Wei Jr. (王伟).";
        let mut people = vec![
            entity("Wang Wei", body, &["Wang Wei"]),
            entity("Wang Wei Jr.", body, &["Wang Wei Jr."]),
        ];
        add_cjk_forms(body, &mut people, &mut []);
        assert_eq!(people[0].mentions.len(), 1);
        assert_eq!(people[1].mentions.len(), 1);
    }
}
