//! Roles of people: the office written before a name ("United Nations Secretary-General
//! António Guterres", "Minister of Digital Economy Sofía Ramírez", "Senator Dick Durbin
//! (D-Ill.)") or in an apposition after it ("António Guterres, Secretary-General of the United
//! Nations, said").
//!
//! A role is built around a word of the title list (`data/titles.txt`); honorifics such as
//! "Mr." or "Dr." are not roles. [`attach`] finds them when a release is extracted, so they are
//! stored with it (and its date); [`role_keys`] gives the forms a role is matched by exactly
//! ("Attorney General" is the office of "Attorney General of the United States", not of
//! "Assistant Attorney General").
//!
//! A role never reaches over another person's name: it starts after the last mention of
//! someone else and after an "and" that opens another office ("Division and Chief Richard
//! Weber" gives Weber "Chief"), and an apposition that names someone else is a list, not a
//! role. Finding the roles of a release takes one pass over its people's mentions.

use super::lists::LISTS;
use crate::model::{Entity, Mention};
use crate::schema;

/// Honorifics: titles that say nothing about an office.
const HONORIFICS: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "mx.", "dr", "dr.", "sir", "dame",
    "madam", "madame", "monsieur", "herr", "frau", "lord", "lady",
];

/// Words that may join the parts of a role ("Minister *of* Digital Economy").
const JOINERS: &[&str] = &["of", "for", "the", "and", "&", "de", "on"];

/// Words that open a role's complement ("Director *of* the FBI", "U.S. Attorney *for* the
/// Eastern District of Virginia"): the office is what comes before.
const COMPLEMENT: &[&str] = &["of", "for", "on", "at", "in", "to", "from", "with"];

/// Words that make another office of the title they precede: "Assistant Attorney General" is
/// not "Attorney General", nor is "Acting Attorney General". An office keeps them, and an
/// "and" before one of them starts another person's role.
const RANKS: &[&str] = &[
    "acting",
    "assistant",
    "associate",
    "deputy",
    "principal",
    "vice",
    "senior",
    "chief",
    "executive",
    "special",
    "interim",
    "first",
    "former",
    "under",
    "lieutenant",
    "managing",
    "co",
];

/// Most words a role may have.
const MAX_WORDS: usize = 14;

/// Bytes read back from a name for the start of its sentence.
const REACH: usize = 400;

/// Most roles kept for one person in one release.
const MAX_ROLES: usize = 16;

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

    /// Ends a clause: "said," or "2019," end the words a role can span; "U.S." or "R." do not.
    fn ends_clause(&self) -> bool {
        if let Some(word) = self.text.strip_suffix('.') {
            return !is_abbreviation(word);
        }
        self.text.ends_with([',', ';', ':', '!', '?', '—', '–'])
    }

    fn is_and(&self) -> bool {
        matches!(self.bare(), "and" | "&")
    }

    fn is_rank(&self) -> bool {
        RANKS.contains(&self.lower().as_str())
    }
}

/// Whether a word written before a period is an abbreviation rather than a sentence's last
/// word: "U.S", "D.C", "R", "Mr", "Jr", "Sen".
fn is_abbreviation(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '"', '“', '‘', '\'']);
    let lower = word.to_lowercase();
    word.contains('.')
        || (word.chars().count() <= 2 && word.chars().next().is_some_and(char::is_uppercase))
        || HONORIFICS.contains(&lower.as_str())
        || LISTS.titles.contains(&format!("{lower}."))
}

/// The words of a text. A word glued to the next by lost spacing is two words:
/// "Auditorium.Attorney", "Act,said", "WHO:Attorney" after their punctuation, and a dateline
/// in capitals before a capitalized word ("WASHINGTONAttorney"); "U.S." and "McQuade" stay whole.
fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    for mut w in text.split_whitespace() {
        while let Some(at) = glued_at(w) {
            out.push(Word { text: &w[..at] });
            w = &w[at..];
        }
        out.push(Word { text: w });
    }
    out
}

/// Where a word glued to the next one splits, if it is two.
fn glued_at(w: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let mut letters = 0;
    let mut caps = 0;
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let after = chars.get(k + 2).map(|&(_, c)| c);
        if matches!(c, '.' | ',' | ':' | ';')
            && letters >= 2
            && next.is_some_and(char::is_alphabetic)
        {
            let upper = next.is_some_and(char::is_uppercase);
            if c != '.' || upper {
                return Some(i + c.len_utf8());
            }
        }
        if c.is_alphabetic() {
            letters += 1;
            caps = if c.is_uppercase() { caps + 1 } else { 0 };
        } else {
            letters = 0;
            caps = 0;
        }
        // "WASHINGTONAttorney": four or more capitals, then a capital and a lower-case letter.
        if caps >= 5
            && next.is_some_and(char::is_uppercase)
            && after.is_some_and(char::is_lowercase)
            && k + 1 == caps
        {
            return Some(i + c.len_utf8());
        }
    }
    None
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

fn has_title(words: &[Word]) -> bool {
    (0..words.len()).any(|i| title_at(words, i) > 0)
}

/// A plural of a one-word title ("Attorneys General", "Senators"): the role of several people.
fn is_plural_title(w: &Word) -> bool {
    let lower = w.lower();
    !LISTS.titles.contains(&lower)
        && lower
            .strip_suffix('s')
            .is_some_and(|one| one.len() > 2 && LISTS.titles.contains(one))
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
fn before(words: &[Word], name: &[String]) -> Option<String> {
    let n = words.len();
    // The run of role-like words ending right before the name.
    let mut start = n;
    while start > 0 && n - start < MAX_WORDS {
        let w = &words[start - 1];
        let lower = w.lower();
        let title = title_at(words, start - 1) > 0;
        // "Yesterday" or "The" opening a sentence is capitalized but not part of a role ("US"
        // in capitals is no pronoun).
        let acronym = w.bare().len() > 1 && !w.bare().chars().any(char::is_lowercase);
        let small = start == 1
            && !acronym
            && !is_nation(words, start - 1)
            && is_small_word(w)
            && !JOINERS.contains(&lower.as_str());
        let ok = title || JOINERS.contains(&lower.as_str()) || (w.is_capitalized() && !small);
        if !ok || (start < n && w.ends_clause()) {
            break;
        }
        // "Keneally, Assistant Attorney General for the Tax Division, Wifredo A. Ferrer": a
        // role a comma parts from the name is someone else's apposition.
        if start == n && w.text.ends_with([',', ';']) {
            return None;
        }
        // "… Division and Chief Richard Weber": an "and" before another office, or after an
        // organization ("the Dallas Regional Office and Louisiana Attorney General"), starts it.
        let office_next = start < n && (title_at(words, start) > 0 || words[start].is_rank());
        let org_before = start >= 2 && LISTS.org_suffixes.contains(words[start - 2].bare());
        if w.is_and() && (office_next || org_before) {
            break;
        }
        start -= 1;
    }
    // It must hold a title; leading words before the first capitalized word are dropped.
    let mut run: Vec<Word> = words[start..]
        .iter()
        .copied()
        .skip_while(|w| !w.is_capitalized())
        .collect();
    // "President and Attorney General": titles on both sides of an "and" are two offices.
    if let Some(p) = (0..run.len())
        .rev()
        .find(|&p| run[p].is_and() && has_title(&run[..p]) && has_title(&run[p + 1..]))
    {
        run.drain(..=p);
    }
    trim_dateline(&mut run);
    trim_lead(&mut run);
    // "U.S. Attorney for the District of Columbia and" before a name: the "and" joins the
    // next office or person, not this role.
    while run
        .last()
        .is_some_and(|w| JOINERS.contains(&w.lower().as_str()))
    {
        run.pop();
    }
    let title_end = title_end(&run)?;
    // Words right after the title that open no complement are the name: "Attorney General
    // James D." before "Buddy Caldwell".
    if run
        .get(title_end)
        .is_some_and(|w| !JOINERS.contains(&w.lower().as_str()))
    {
        run.truncate(title_end);
    }
    // So are the name's own words and initials ending a complement: "… of the
    // Criminal Division Lanny" before "A. Breuer".
    while run.len() > title_end && run.last().is_some_and(|w| is_name_word(w, name)) {
        run.pop();
    }
    if run.iter().any(is_plural_title) {
        return None;
    }
    let role = join(&run);
    let lower = role.to_lowercase();
    (!role.is_empty() && !HONORIFICS.contains(&lower.as_str())).then_some(role)
}

/// Where the first titles of `run` end ("Principal Deputy Assistant Attorney General" is one
/// run of titles), if it has one; a title in the complement ("… for the *Justice*
/// Department") does not count.
fn title_end(run: &[Word]) -> Option<usize> {
    let mut i = (0..run.len()).find(|&i| title_at(run, i) > 0)?;
    while i < run.len() {
        match title_at(run, i) {
            0 => break,
            n => i += n,
        }
    }
    Some(i)
}

/// Drops a dateline opening a role ("WASHINGTON Attorney General", "NEW YORK Today
/// President"): a place in capitals, and a common word that then opens the sentence.
fn trim_dateline(run: &mut Vec<Word>) {
    let caps = |w: &Word| {
        let bare = w.bare();
        bare.chars().any(char::is_alphabetic) && !bare.chars().any(char::is_lowercase)
    };
    if title_at(run, 0) > 0 {
        return;
    }
    // Longer than an abbreviation: "U.S." or "UK" before a title says whose office it is.
    let place = (1..=run.len().min(3)).rev().find(|&n| {
        let letters: usize = run[..n]
            .iter()
            .map(|w| w.bare().chars().filter(|c| c.is_alphabetic()).count())
            .sum();
        letters > 4 && run[..n].iter().all(caps) && {
            let phrase: Vec<String> = run[..n].iter().map(Word::lower).collect();
            LISTS.places.contains(&phrase.join(" "))
        }
    });
    let Some(n) = place else { return };
    run.drain(..n);
    if run.first().is_some_and(|w| {
        LISTS.common_lower.contains(&w.lower()) && title_at(run, 0) == 0 && !w.is_rank()
    }) {
        run.remove(0);
    }
}

/// Drops the words opening a role that say nothing of the office, up to a title or a rank:
/// whatever comes before the nation's name but an owner ("Sincerely U S Senator", "Washington
/// D C U S Senator"; "Florida's U.S. Senator" stays), a small word, a month or a day ("While
/// President", "By Deputy Attorney General", "September Senator"), a letter's or a statement's
/// form ("Dear Chairman", "Statement of Senator"), the capital of a dateline ("Washington DC
/// Senator"). Not another content word, which
/// may be an organization's ("Senate Judiciary Committee Chairman"), nor a place, which makes
/// another office ("Louisiana Attorney General" is not the Attorney General).
fn trim_lead(run: &mut Vec<Word>) {
    let office = |run: &[Word], i: usize| title_at(run, i) > 0 || run[i].is_rank();
    let owner = |w: &Word| w.bare().ends_with("'s") || w.bare().ends_with("’s");
    if let Some(k) = (1..run.len()).find(|&k| is_nation(run, k)) {
        if !(0..k).any(|i| office(run, i) || owner(&run[i])) {
            run.drain(..k);
        }
    }
    loop {
        if run.is_empty() || office(run, 0) || is_nation(run, 0) {
            return;
        }
        let lower = run[0].lower();
        let lower = lower.trim_end_matches(['.', ',']);
        let capital = match dc_words(run, 1) {
            n if n > 0 && lower == "washington" => n + 1,
            _ => dc_words(run, 0),
        };
        if capital > 0 {
            run.drain(..capital);
        } else if is_small_word(&run[0]) || JOINERS.contains(&lower) || NOT_OFFICE.contains(&lower)
        {
            run.remove(0);
        } else {
            return;
        }
    }
}

/// Words of a document's form, not of an office, that open a letter, a statement or a release
/// ("Dear Chairman", "Statement of Senator", "Sincerely", "For Immediate Release").
const NOT_OFFICE: &[&str] = &[
    "dear",
    "sincerely",
    "statement",
    "text",
    "remarks",
    "testimony",
    "comment",
    "reaction",
    "immediate",
    "release",
];

/// The words of "DC", "D.C." or "D C" at `run[i]` (the capital in a dateline: "Washington DC
/// Senator"), 0 if none.
fn dc_words(run: &[Word], i: usize) -> usize {
    let bare = |k: usize| run.get(k).map(|w| w.bare().trim_end_matches(','));
    match (bare(i), bare(i + 1)) {
        (Some("DC" | "D.C." | "D.C"), _) => 1,
        (Some("D" | "D."), Some("C" | "C.")) => 2,
        _ => 0,
    }
}

/// A function word, pronoun, month, weekday or reporting verb (`data/stopwords.txt`) in any
/// case: "While", "TODAY", "September".
fn is_small_word(w: &Word) -> bool {
    let mut cased = w.lower();
    if let Some(first) = cased.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    LISTS.stopwords.contains(cased.as_str())
}

/// Whether `run[k]` opens the nation's name: "U.S.", "US", "U S", "United States".
fn is_nation(run: &[Word], k: usize) -> bool {
    let next = |want: &[&str]| run.get(k + 1).is_some_and(|w| want.contains(&w.bare()));
    match run[k].bare() {
        "U.S." | "U.S" | "US" => true,
        "U" | "U." => next(&["S", "S."]),
        "United" => next(&["States"]),
        _ => false,
    }
}

/// An initial: "R.".
fn is_initial(w: &Word) -> bool {
    let bare = w.bare();
    bare.len() == 2 && bare.ends_with('.') && bare.starts_with(|c: char| c.is_ascii_uppercase())
}

/// A word of the person's own name (`name`: its words, lower-cased) or an initial ("R."),
/// which a role does not end with. (Not any given name: "Virginia" ends "U.S. Attorney for
/// the Eastern District of Virginia".)
fn is_name_word(w: &Word, name: &[String]) -> bool {
    let bare = w.bare().trim_matches(['"', '“', '”', '\'']);
    let lower = bare.to_lowercase();
    name.contains(&lower) || is_initial(w)
}

/// The end of the apposition that opens `rest`: a comma, a semicolon, a parenthesis, a quote, a
/// line break or the end of the sentence (a period that does not end an abbreviation).
fn apposition_end(rest: &str) -> usize {
    let mut end = rest.len().min(160);
    for (i, c) in rest.char_indices() {
        if i >= end {
            break;
        }
        let stop = match c {
            ',' | ';' | '\n' | '(' | '"' | '“' => true,
            '.' => {
                let word_start = word_start(&rest[..i]);
                let next = rest[i + 1..].chars().next();
                next.is_none_or(char::is_whitespace) && !is_abbreviation(&rest[word_start..i])
            }
            _ => false,
        };
        if stop {
            end = i;
            break;
        }
    }
    (0..=end)
        .rev()
        .find(|&i| rest.is_char_boundary(i))
        .unwrap_or(0)
}

/// The role in an apposition after a name: ", Secretary-General of the United Nations,".
/// `other` is where the next mention of someone else starts, relative to `rest`: an apposition
/// that reaches it names that person ("Eric Holder, Assistant Attorney General Leslie R.
/// Caldwell and …") and gives no role.
fn after(rest: &str, other: usize) -> Option<String> {
    let trimmed = rest.strip_prefix(',')?;
    let lead = rest.len() - trimmed.trim_start().len();
    let rest = trimmed.trim_start();
    let end = apposition_end(rest);
    if lead + end > other {
        return None;
    }
    let mut ws = words(&rest[..end]);
    // A sentence end glued to the next sentence ("Florida.Whether") ends it too.
    if let Some(k) = ws
        .iter()
        .position(|w| w.text.ends_with('.') && w.ends_clause())
    {
        ws.truncate(k + 1);
        ws[k].text = ws[k].text.trim_end_matches('.');
    }
    // "…, U.S. Attorney for the Southern District of Florida stated" ends with its last name;
    // "…, Secretary of Health and Human Services in May" with a time, not an office.
    loop {
        while ws
            .last()
            .is_some_and(|w| !w.is_capitalized() || JOINERS.contains(&w.lower().as_str()))
        {
            ws.pop();
        }
        match ws.len().checked_sub(2) {
            Some(k) if is_time_phrase(&ws[k], &ws[k + 1]) => ws.truncate(k),
            _ => break,
        }
    }
    // An initial between capitalized words is someone's name: "…, U.S. Attorney for the
    // District of Maryland Rod J. Rosenstein".
    let named = (1..ws.len().saturating_sub(1))
        .any(|i| is_initial(&ws[i]) && ws[i - 1].is_capitalized() && ws[i + 1].is_capitalized());
    if ws.is_empty() || ws.len() > MAX_WORDS || named || ws.iter().any(is_plural_title) {
        return None;
    }
    let skip = usize::from(matches!(ws[0].lower().as_str(), "the" | "a" | "an"));
    (title_at(&ws, skip) > 0).then(|| join(&ws[skip..]))
}

/// "in May", "on Tuesday", "since January": a preposition and a month or a weekday, which say
/// when, not which office.
fn is_time_phrase(prep: &Word, when: &Word) -> bool {
    const PREPOSITIONS: &[&str] = &["in", "on", "since", "until", "through", "from", "by"];
    let when = when.bare().trim_end_matches([',', '.']).to_lowercase();
    // A weekday written in full: chrono also reads "Mon", "Tue", which are not meant here.
    let weekday = when.ends_with("day") && when.parse::<chrono::Weekday>().is_ok();
    PREPOSITIONS.contains(&prep.text)
        && (weekday || crate::extract::date::month_of_word(&when).is_some())
}

/// A party tag right after a name: " (D-Ill.)", " (R-Ohio)", " (I-VT)"; returns the tag and
/// the length it takes in `tail`.
fn party(tail: &str) -> Option<(&str, usize)> {
    let rest = tail.strip_prefix(' ').unwrap_or(tail).strip_prefix('(')?;
    let close = rest.find(')').filter(|&c| c <= 16)?;
    let tag = &rest[..close];
    let mut chars = tag.chars();
    let ok = matches!(chars.next(), Some('D' | 'R' | 'I'))
        && chars.next() == Some('-')
        && tag.len() > 3
        && chars.all(|c| c.is_ascii_alphabetic() || matches!(c, '.' | ' '));
    ok.then(|| (tag, tail.len() - rest.len() + close + 1))
}

/// Where the last word of `text` starts: after its last whitespace character (which may be
/// wider than a byte: a no-break space).
fn word_start(text: &str) -> usize {
    text.char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Where the sentence around the end of `head` starts: after a line break (or a gap of spaces
/// standing for one), "!", "?", a dash, or a period that ends a sentence (not "U.S." or "R."),
/// at most [`REACH`] bytes back.
fn sentence_start(head: &str) -> usize {
    let mut floor = head.len().saturating_sub(REACH);
    while !head.is_char_boundary(floor) {
        floor += 1;
    }
    let bytes = head.as_bytes();
    // Spaces in a row seen so far, and where they end: a wide gap is a line break the source
    // flattened (a Senate text's headline before its first sentence).
    let (mut spaces, mut gap_end) = (0, 0);
    for (at, c) in head[floor..].char_indices().rev() {
        let at = floor + at;
        if c.is_whitespace() && c != '\n' {
            if spaces == 0 {
                gap_end = at + c.len_utf8();
            }
            spaces += 1;
            if spaces >= super::tokens::WIDE_GAP {
                return gap_end;
            }
            continue;
        }
        spaces = 0;
        match c {
            '\n' | '!' | '?' | '—' | '–' => return at + c.len_utf8(),
            '.' if bytes.get(at + 1).is_none_or(u8::is_ascii_whitespace) => {
                let word_start = word_start(&head[..at]);
                if !is_abbreviation(&head[word_start..at]) {
                    return at + 1;
                }
            }
            _ => {}
        }
    }
    if floor == 0 {
        return 0;
    }
    // Cut short by the reach: start on a whole word.
    head[floor..]
        .find(char::is_whitespace)
        .map_or(head.len(), |i| floor + i)
}

/// The roles one mention states, before or after it (at most one of each). `name` holds the
/// lower-cased words of the person's name. `prev_other` is
/// where the last mention of another person before it ends (0 if none), `next_other` where the
/// next one after it starts (`body.len()` if none).
fn roles_at(
    body: &str,
    mention: Mention,
    name: &[String],
    prev_other: usize,
    next_other: usize,
) -> Vec<String> {
    let (Some(head), Some(text), Some(tail)) = (
        body.get(..mention.start),
        body.get(mention.start..mention.end),
        body.get(mention.end..),
    ) else {
        return Vec::new();
    };
    // The words of the same sentence before the name, plus any title inside the mention
    // ("Chairman He" carries its title in its span).
    let mut from = sentence_start(head);
    if prev_other > from && prev_other <= mention.start {
        from = prev_other;
    }
    let mut ws = words(&head[from..]);
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
    // A name written from its middle initial ("A. Breuer") left its given name behind:
    // "… Criminal Division Lanny" ends with it.
    if i == 0 && inside.first().is_some_and(is_initial) {
        if let Some(last) = ws.len().checked_sub(1) {
            if ws[last].is_capitalized() && title_at(&ws, last) == 0 {
                ws.pop();
            }
        }
    }
    ws.extend(inside[..i].iter().copied());
    let mut out = Vec::new();
    let (tag, skipped) = party(tail).map_or((None, 0), |(t, n)| (Some(t), n));
    if let Some(r) = before(&ws, name) {
        out.push(match tag {
            Some(tag) => format!("{r} ({tag})"),
            None => r,
        });
    }
    let other = next_other.saturating_sub(mention.end + skipped);
    if let Some(r) = after(&tail[skipped..], other) {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

/// Fills in the roles of every person of a release, from the body their mentions point into.
///
/// Each person gets the roles of all their mentions, in order of first appearance, once per
/// [`role_key`](schema::role_key) and at most 16 (`MAX_ROLES`); a role inside a longer one of the
/// same person adds nothing ("Chairman" next to "Executive Chairman"). One pass over the
/// mentions, sorted by position.
pub fn attach(body: &str, people: &mut [Entity]) {
    let mut all: Vec<(Mention, usize)> = people
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.mentions.iter().map(move |m| (*m, i)))
        .collect();
    all.sort_unstable_by_key(|(m, _)| m.start);
    let n = all.len();
    // The end of the latest mention of someone else before each mention.
    let mut prev_other = vec![0; n];
    let (mut last, mut alt): (Option<(usize, usize)>, usize) = (None, 0);
    for (j, &(m, owner)) in all.iter().enumerate() {
        prev_other[j] = match last {
            Some((end, o)) if o != owner => end,
            _ => alt,
        };
        if let Some((end, o)) = last {
            if o != owner {
                alt = end;
            }
        }
        last = Some((m.end, owner));
    }
    // The start of the earliest mention of someone else after each mention.
    let mut next_other = vec![body.len(); n];
    let (mut last, mut alt): (Option<(usize, usize)>, usize) = (None, body.len());
    for (j, &(m, owner)) in all.iter().enumerate().rev() {
        next_other[j] = match last {
            Some((start, o)) if o != owner => start,
            _ => alt,
        };
        if let Some((start, o)) = last {
            if o != owner {
                alt = start;
            }
        }
        last = Some((m.start, owner));
    }
    let names: Vec<Vec<String>> = people
        .iter()
        .map(|p| p.name.split_whitespace().map(str::to_lowercase).collect())
        .collect();
    let mut found: Vec<Vec<(String, String)>> = vec![Vec::new(); people.len()];
    for (j, &(m, owner)) in all.iter().enumerate() {
        if found[owner].len() >= MAX_ROLES {
            continue;
        }
        for role in roles_at(body, m, &names[owner], prev_other[j], next_other[j]) {
            let key = schema::role_key(&role);
            if !key.is_empty() && !found[owner].iter().any(|(_, k)| *k == key) {
                found[owner].push((role, key));
            }
        }
    }
    for (person, roles) in people.iter_mut().zip(found) {
        let padded: Vec<String> = roles.iter().map(|(_, k)| format!(" {k} ")).collect();
        person.roles = roles
            .iter()
            .zip(&padded)
            .filter(|(_, mine)| {
                !padded
                    .iter()
                    .any(|other| other.len() > mine.len() && other.contains(mine.as_str()))
            })
            .map(|((role, _), _)| role.clone())
            .collect();
    }
}

/// The normalized forms (see [`schema::role_key`]) a role is matched by: the role itself, its
/// office without the complement ("U.S. Attorney" for "U.S. Attorney for the Eastern District
/// of Virginia"), and that office without the words that only say whose it is
/// ("Secretary-General" for "United Nations Secretary-General"). Ranks stay part of the office:
/// "Assistant Attorney General" never gives "Attorney General".
pub fn role_keys(role: &str) -> Vec<String> {
    let ws = words(role);
    let cut = ws
        .iter()
        .position(|w| w.text.starts_with('(') || COMPLEMENT.contains(&w.lower().as_str()))
        .unwrap_or(ws.len());
    let office = &ws[..cut];
    let mut out = vec![schema::role_key(role), key_of(office)];
    if let Some(i) = (0..office.len()).find(|&i| office[i].is_rank() || title_at(office, i) > 0) {
        out.push(key_of(&office[i..]));
    }
    out.retain(|k| !k.is_empty());
    let mut seen = Vec::new();
    out.retain(|k| {
        let new = !seen.contains(k);
        seen.push(k.clone());
        new
    });
    out
}

fn key_of(words: &[Word]) -> String {
    let text: Vec<&str> = words.iter().map(|w| w.text).collect();
    schema::role_key(&text.join(" "))
}

#[cfg(test)]
#[path = "roles_tests.rs"]
mod tests;
