//! Roles of people: the office written before a name ("United Nations Secretary-General
//! António Guterres", "Minister of Digital Economy Sofía Ramírez") or in an apposition after it
//! ("António Guterres, Secretary-General of the United Nations, said").
//!
//! A role is built around a word of the title list (`data/titles.txt`); honorifics such as
//! "Mr." or "Dr." are not roles.

use super::lists::LISTS;
use crate::model::Mention;

/// Honorifics: titles that say nothing about an office.
const HONORIFICS: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "mx.", "dr", "dr.", "sir", "dame",
    "madam", "madame", "monsieur", "herr", "frau", "lord", "lady",
];

/// Words that may join the parts of a role ("Minister *of* Digital Economy").
const JOINERS: &[&str] = &["of", "for", "the", "and", "&", "de", "on"];

/// Most words a role may have.
const MAX_WORDS: usize = 10;

/// A word of the text.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
}

impl Word<'_> {
    /// The word without surrounding punctuation (a final period is kept: "Mr.", "Inc.").
    fn bare(&self) -> &str {
        self.text
            .trim_start_matches(['(', '"', '“', '‘', '\''])
            .trim_end_matches([',', ';', ':', ')', '"', '”', '’'])
    }

    fn lower(&self) -> String {
        self.bare().to_lowercase()
    }

    fn is_capitalized(&self) -> bool {
        self.bare().chars().next().is_some_and(char::is_uppercase)
    }

    /// Ends a clause: "said," or "2019," end the words a role can span.
    fn ends_clause(&self) -> bool {
        self.text
            .ends_with([',', ';', ':', '.', '!', '?', '—', '–'])
            && !HONORIFICS.contains(&self.lower().as_str())
    }
}

fn words(text: &str) -> Vec<Word<'_>> {
    text.split_whitespace().map(|w| Word { text: w }).collect()
}

/// The number of words of the longest title starting at `words[i]`.
fn title_at(words: &[Word], i: usize) -> usize {
    let max = LISTS.title_max.min(words.len() - i);
    (1..=max)
        .rev()
        .find(|&n| {
            let phrase: Vec<String> = words[i..i + n].iter().map(Word::lower).collect();
            let phrase = phrase.join(" ");
            LISTS.titles.contains(&phrase) || LISTS.titles.contains(phrase.trim_end_matches('.'))
        })
        .filter(|&n| {
            !(n == 1 && HONORIFICS.contains(&words[i].lower().as_str()))
                && words[i..i + n].iter().all(|w| !w.bare().is_empty())
        })
        .unwrap_or(0)
}

fn join(words: &[Word]) -> String {
    let mut out: Vec<&str> = words.iter().map(Word::bare).collect();
    while out
        .first()
        .is_some_and(|w| JOINERS.contains(&w.to_lowercase().as_str()))
    {
        out.remove(0);
    }
    out.join(" ")
}

/// The role written just before a name: the words between the end of the previous clause and
/// the name, when they contain a title and are titles, joiners or capitalized words.
fn before(words: &[Word]) -> Option<String> {
    let n = words.len();
    // The run of role-like words ending right before the name.
    let mut start = n;
    while start > 0 && n - start < MAX_WORDS {
        let w = &words[start - 1];
        let lower = w.lower();
        let title = title_at(words, start - 1) > 0;
        // "Yesterday" or "The" opening a sentence is capitalized but not part of a role.
        let common =
            start == 1 && LISTS.common_lower.contains(&lower) && !JOINERS.contains(&lower.as_str());
        let ok = title || JOINERS.contains(&lower.as_str()) || (w.is_capitalized() && !common);
        if !ok || (start < n && w.ends_clause()) {
            break;
        }
        start -= 1;
    }
    // It must hold a title; leading words before the first capitalized word are dropped.
    let run = &words[start..];
    if !(0..run.len()).any(|i| title_at(run, i) > 0) {
        return None;
    }
    let role: Vec<Word> = run
        .iter()
        .copied()
        .skip_while(|w| !w.is_capitalized())
        .collect();
    let role = join(&role);
    let lower = role.to_lowercase();
    (!role.is_empty() && !HONORIFICS.contains(&lower.as_str())).then_some(role)
}

/// The role in an apposition after a name: ", Secretary-General of the United Nations,".
fn after(rest: &str) -> Option<String> {
    let rest = rest.strip_prefix(',')?.trim_start();
    let end = rest
        .find([',', ';', '.', '\n', '(', '"', '“'])
        .unwrap_or(rest.len())
        .min(160);
    let end = (0..=end).rev().find(|&i| rest.is_char_boundary(i))?;
    let ws = words(&rest[..end]);
    if ws.is_empty() || ws.len() > MAX_WORDS {
        return None;
    }
    let skip = usize::from(matches!(ws[0].lower().as_str(), "the" | "a" | "an"));
    (title_at(&ws, skip) > 0).then(|| join(&ws[skip..]))
}

/// The roles a mention states, before or after it (at most one of each). A role never reaches
/// back over another person's mention (`others`): in "Attorney Christopher Clark and Trial
/// Attorney Sean Beaty", Beaty's role is "Trial Attorney".
pub fn roles(body: &str, mention: Mention, others: &[Mention]) -> Vec<String> {
    let (Some(head), Some(text), Some(tail)) = (
        body.get(..mention.start),
        body.get(mention.start..mention.end),
        body.get(mention.end..),
    ) else {
        return Vec::new();
    };
    // The words of the same sentence before the name, plus any title inside the mention
    // ("Chairman He" carries its title in its span).
    let sentence_start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '\n' | '.' | '!' | '?' | '—' | '–'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let sentence_start = others
        .iter()
        .filter(|o| o.end <= mention.start && o.end > sentence_start)
        .map(|o| o.end)
        .max()
        .unwrap_or(sentence_start);
    let mut ws = words(&head[sentence_start..]);
    if ws.len() > 2 * MAX_WORDS {
        ws.drain(..ws.len() - 2 * MAX_WORDS);
    }
    let inside = words(text);
    let mut i = 0;
    while i < inside.len().saturating_sub(1) {
        let n = title_at(&inside, i).max(usize::from(
            HONORIFICS.contains(&inside[i].lower().as_str()),
        ));
        if n == 0 {
            break;
        }
        i += n;
    }
    ws.extend(inside[..i].iter().copied());
    let mut out = Vec::new();
    if let Some(r) = before(&ws) {
        out.push(r);
    }
    if let Some(r) = after(tail) {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles_of(body: &str, name: &str) -> Vec<String> {
        let start = body.find(name).expect("name in body");
        let others: Vec<Mention> = ["Christopher Clark"]
            .iter()
            .filter_map(|o| {
                body.find(o).map(|s| Mention {
                    start: s,
                    end: s + o.len(),
                })
            })
            .collect();
        roles(
            body,
            Mention {
                start,
                end: start + name.len(),
            },
            &others,
        )
    }

    #[test]
    fn title_before_the_name() {
        assert_eq!(
            roles_of(
                "It was presented by United Nations Secretary-General António Guterres.",
                "António Guterres"
            ),
            ["United Nations Secretary-General"]
        );
        assert_eq!(
            roles_of(
                "SAN ISIDRO, June 11, 2020 — Minister of Digital Economy Sofía Ramírez today spoke.",
                "Sofía Ramírez"
            ),
            ["Minister of Digital Economy"]
        );
        assert_eq!(
            roles_of(
                "Executive Chairman He Xuming of WIOTC spoke.",
                "Chairman He Xuming"
            ),
            ["Executive Chairman"]
        );
    }

    #[test]
    fn a_role_stops_at_another_person() {
        assert_eq!(
            roles_of(
                "They thanked Assistant U.S. Attorney Christopher Clark and Trial Attorney Sean Beaty.",
                "Sean Beaty"
            ),
            ["Trial Attorney"]
        );
    }

    #[test]
    fn apposition_after_the_name() {
        assert_eq!(
            roles_of(
                "In a message, António Guterres, Secretary-General of the United Nations, said so.",
                "António Guterres"
            ),
            ["Secretary-General of the United Nations"]
        );
    }

    #[test]
    fn honorifics_and_plain_sentences_are_not_roles() {
        assert!(roles_of("Then Mr. Zhao said the plan was ready.", "Mr. Zhao").is_empty());
        assert!(roles_of("Guterres said the plan was ready.", "Guterres").is_empty());
        assert!(roles_of("Yesterday Zhao, who lives here, said no.", "Zhao").is_empty());
        assert_eq!(
            roles_of("Today Chairman Lin opened it.", "Chairman Lin"),
            ["Chairman"]
        );
    }
}
