//! Shorter forms of one organization inside a release, merged into its fuller form.
//!
//! A release names an organization in full once and then shortens it, and the extractor finds
//! each form as a name of its own. One mechanism merges them: a form is a short form of a
//! longer one when its words can be laid onto the longer form's words, where
//! - an acronym stands for a run of words whose initials it spells ("HHS-OIG": "Health and
//!   Human Services Office of Inspector General"; "CDC": "Centers for Disease Control and
//!   Prevention"), after leading words the short form leaves out ("U.S. Department of");
//! - without an acronym, the short form is the start of the longer one when what it leaves out
//!   is a legal form or a complement ("Coinbase", "Coinbase Inc."; "Longy School", "Longy School
//!   of Music"), or when the short form has no word that heads an organization's name ("Twin
//!   Peaks", "Twin Peaks Gourmet Coffee Inc.");
//! - or it is the end of the longer one, two words or more ("Finance Committee", "Senate
//!   Finance Committee").
//!
//! A short form is merged only when exactly one organization of the release fits it: "Office
//! of Inspector General" stays apart in a release that names two inspectors general.

use super::group::{acronym, merge_into, Ent};
use super::*;

/// A name's words for matching: folded, hyphens as spaces, without "the", commas and a
/// possessive "'s".
fn match_words(form: &[String]) -> Vec<String> {
    form.iter()
        .flat_map(|w| w.split('-'))
        .map(|w| w.strip_suffix("'s").unwrap_or(w))
        .filter(|w| !w.is_empty() && *w != "," && !w.eq_ignore_ascii_case("the"))
        .map(|w| w.to_string())
        .collect()
}

fn folded(w: &str) -> String {
    group::fold(w)
}

fn is_minor(w: &str) -> bool {
    MINOR.contains(&w.to_lowercase().as_str())
}

/// The letters an acronym-like word can stand for: "HHS", "U.S." and "DoD" (its capitals, or
/// all its letters).
fn acronym_letters(w: &str) -> Vec<String> {
    if let Some(l) = acronym(w) {
        return vec![l];
    }
    let letters: String = w.chars().filter(|c| *c != '.').collect();
    let n = letters.chars().count();
    let caps: String = letters.chars().filter(|c| c.is_uppercase()).collect();
    if (3..=8).contains(&n)
        && caps.chars().count() >= 2
        && letters.chars().next().is_some_and(char::is_uppercase)
        && letters.chars().all(char::is_alphabetic)
    {
        return vec![caps, letters.to_uppercase()];
    }
    Vec::new()
}

/// The ends `k` such that the words `long[j..k]` spell `letters` with their initials (an
/// acronym word gives all its letters; small words may give theirs or be passed over, and so
/// may at most one other word inside the run). The run starts and ends on a word that gives
/// its letters.
fn spelled_runs(letters: &[char], long: &[String], j: usize) -> Vec<usize> {
    let mut out = Vec::new();
    // (position in long, letters used, skipped a content word)
    fn walk(
        letters: &[char],
        long: &[String],
        j: usize,
        used: usize,
        skipped: bool,
        out: &mut Vec<usize>,
    ) {
        if used == letters.len() {
            out.push(j);
            return;
        }
        let Some(w) = long.get(j) else {
            return;
        };
        // The word gives its letters.
        let own: Vec<char> = match acronym(w) {
            Some(l) => l.chars().collect(),
            None => w
                .chars()
                .find(|c| c.is_alphabetic())
                .into_iter()
                .flat_map(char::to_uppercase)
                .collect(),
        };
        if !own.is_empty() && letters[used..].starts_with(&own) {
            walk(letters, long, j + 1, used + own.len(), skipped, out);
        }
        if let Some(first) = own.first().filter(|_| own.len() > 1) {
            // "U.S." may also give only its first letter.
            if letters[used] == *first {
                walk(letters, long, j + 1, used + 1, skipped, out);
            }
        }
        // Passed over: never the first word of the run.
        if used > 0 {
            if is_minor(w) {
                walk(letters, long, j + 1, used, skipped, out);
            } else if !skipped && letters.len() >= 3 {
                walk(letters, long, j + 1, used, true, out);
            }
        }
    }
    walk(letters, long, j, 0, false, &mut out);
    out
}

/// Whether `short` (with at least one acronym) lays onto `long[j..]` to its end, one of its
/// acronyms standing for two words or more (`expanded` says whether one has so far); leftover
/// words after the last one are allowed when they begin with "and" ("Centers for Disease
/// Control and Prevention").
fn lays_onto(short: &[String], long: &[String], j: usize, expanded: bool) -> bool {
    let Some((first, rest)) = short.split_first() else {
        return expanded
            && (j == long.len() || long.get(j).is_some_and(|w| w == "and" || w == "&"));
    };
    if long.get(j).is_some_and(|w| folded(w) == folded(first))
        && lays_onto(rest, long, j + 1, expanded)
    {
        return true;
    }
    for letters in acronym_letters(first) {
        let letters: Vec<char> = letters.chars().collect();
        for k in spelled_runs(&letters, long, j) {
            if k >= j + 2 && lays_onto(rest, long, k, true) {
                return true;
            }
        }
    }
    false
}

/// Whether a form holding an acronym is a short form of `long`: laid onto its last words, after
/// any leading ones. "USDA" also reads as "DA" when the long form has no "U.S." of its own.
fn acronym_form_of(short: &[String], long: &[String]) -> bool {
    if long.len() <= short.len() {
        return false;
    }
    if (0..long.len()).any(|j| lays_onto(short, long, j, false)) {
        return true;
    }
    if let Some(rest) = short
        .first()
        .and_then(|f| f.strip_prefix("US"))
        .filter(|r| r.len() >= 2 && acronym(r).is_some())
    {
        let mut s = short.to_vec();
        s[0] = rest.to_string();
        return (0..long.len()).any(|j| lays_onto(&s, long, j, false));
    }
    false
}

/// Whether a word heads an organization's name ("Committee", "School", "Senate").
fn heads(w: &str) -> bool {
    LISTS.org_suffixes.contains(w)
        || LISTS.org_leading.contains(w)
        || matches!(w, "House" | "Congress" | "Parliament" | "Assembly")
}

/// Whether a form without an acronym is a short form of `long`.
fn plain_form_of(short: &[String], long: &[String]) -> bool {
    let n = short.len();
    if long.len() <= n || n == 0 {
        return false;
    }
    let eq = |a: &[String], b: &[String]| a.iter().zip(b).all(|(x, y)| folded(x) == folded(y));
    if eq(short, &long[..n]) {
        let rest = &long[n..];
        let legal = rest
            .iter()
            .all(|w| LISTS.company_suffixes.contains(w.as_str()) || w == ",");
        // What the short form leaves out joins no second name ("Congress and the
        // Administration" is two).
        let joins = rest.iter().any(|w| matches!(w.as_str(), "and" | "&" | ","));
        // "Longy School of Music", but not "Civil Division of the Department of Justice" (a
        // body and the body it is part of).
        let complement =
            matches!(rest[0].as_str(), "of" | "for" | "in") && !rest[1..].iter().any(|w| heads(w));
        if legal || !joins && (complement || !short.iter().any(|w| heads(w))) {
            return true;
        }
    }
    // The end of the longer form, after a plain qualifier of a word or two: "Senate", "Kentucky",
    // "U.S." (not "Department of Justice Tax Division", a body and its part, nor a heading
    // fused in front, "WASHINGTON Bank of America").
    let lead = &long[..long.len() - n];
    n >= 2
        && lead.len() <= 2
        && lead.iter().all(|w| {
            !is_minor(w)
                && w.chars().next().is_some_and(char::is_uppercase)
                && (w.chars().any(char::is_lowercase) || acronym(w).is_some_and(|l| l.len() <= 3))
        })
        && eq(short, &long[long.len() - n..])
}

/// Merges each organization known only by shorter forms into the one organization of the
/// release those forms fit.
pub(super) fn merge_short_forms(ents: &mut [Ent]) {
    let forms: Vec<Vec<Vec<String>>> = ents
        .iter()
        .map(|e| {
            if e.person || e.mentions.is_empty() {
                Vec::new()
            } else {
                e.forms.iter().map(|f| match_words(f)).collect()
            }
        })
        .collect();
    // Shortest first, so a chain ends on the fullest form.
    let longest = |f: &Vec<Vec<String>>| f.iter().map(Vec::len).max().unwrap_or(0);
    let mut order: Vec<usize> = (0..ents.len()).filter(|&i| !forms[i].is_empty()).collect();
    order.sort_by_key(|&i| (longest(&forms[i]), i));
    // What the quick checks below need, worked out once per form: folded words, and the
    // initials of a form's words.
    let folded_forms: Vec<Vec<Vec<String>>> = forms
        .iter()
        .map(|fs| {
            fs.iter()
                .map(|f| f.iter().map(|w| folded(w)).collect())
                .collect()
        })
        .collect();
    let initials: Vec<Vec<char>> = forms
        .iter()
        .map(|fs| {
            let mut cs: Vec<char> = fs
                .iter()
                .flatten()
                .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
                .flat_map(char::to_uppercase)
                .collect();
            cs.sort_unstable();
            cs.dedup();
            cs
        })
        .collect();
    let mut gone = vec![false; ents.len()];
    for &a in &order {
        let mut fits: Vec<usize> = Vec::new();
        for (short, short_folded) in forms[a].iter().zip(&folded_forms[a]) {
            let has_acronym = short.iter().any(|w| !acronym_letters(w).is_empty());
            // An acronym's first letter is an initial of the longer form (or "US" before it).
            let leads: Vec<char> = short
                .first()
                .map(|w| acronym_letters(w))
                .unwrap_or_default()
                .iter()
                .filter_map(|l| {
                    let mut cs = l.chars();
                    let c = cs.next()?;
                    Some(if l.starts_with("US") {
                        cs.nth(1).unwrap_or(c)
                    } else {
                        c
                    })
                })
                .chain(
                    short
                        .first()
                        .and_then(|w| w.chars().next())
                        .into_iter()
                        .flat_map(char::to_uppercase),
                )
                .collect();
            for (b, long_forms) in forms.iter().enumerate() {
                if b == a || gone[b] || long_forms.is_empty() || fits.contains(&b) {
                    continue;
                }
                if has_acronym && !leads.iter().any(|c| initials[b].binary_search(c).is_ok()) {
                    continue;
                }
                let fit = long_forms
                    .iter()
                    .zip(&folded_forms[b])
                    .any(|(long, long_folded)| {
                        if has_acronym {
                            acronym_form_of(short, long)
                        } else {
                            // The same first or last word, or no fit.
                            (short_folded.first() == long_folded.first()
                                || short_folded.last() == long_folded.last())
                                && plain_form_of(short, long)
                        }
                    });
                if fit {
                    fits.push(b);
                }
            }
        }
        if let [b] = fits[..] {
            // Only into a fuller organization: its longest form is longer.
            if longest(&forms[b]) > longest(&forms[a]) {
                merge_into(ents, a, b);
                gone[a] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        match_words(&s.split_whitespace().map(String::from).collect::<Vec<_>>())
    }

    #[test]
    fn acronyms_spell_runs_of_the_full_name() {
        let yes = [
            (
                "HHS-OIG",
                "U.S. Department of Health and Human Services Office of Inspector General",
            ),
            ("IRS-CI", "Internal Revenue Service Criminal Investigation"),
            (
                "IRS Criminal Investigation",
                "Internal Revenue Service Criminal Investigation",
            ),
            ("ICE HSI", "ICE Homeland Security Investigations"),
            ("CDC", "Centers for Disease Control and Prevention"),
            ("DoD", "Department of Defense"),
            ("DOJ", "Department of Justice"),
            ("USFWS", "U.S. Fish and Wildlife Service"),
            ("USEPA", "U.S. Environmental Protection Agency"),
            ("NYPD", "New York City Police Department"),
            ("USDA", "Department of Agriculture"),
            ("JTTF", "FBI Joint Terrorism Task Force"),
        ];
        for (s, l) in yes {
            assert!(acronym_form_of(&w(s), &w(l)), "{s} / {l}");
        }
        let no = [
            (
                "DOJ",
                "Department of Justice Office of the Inspector General",
            ),
            ("FBI", "Federal Emergency Management Agency"),
            ("HHS", "Department of Homeland Security"),
        ];
        for (s, l) in no {
            assert!(!acronym_form_of(&w(s), &w(l)), "{s} / {l}");
        }
    }

    #[test]
    fn plain_short_forms() {
        let yes = [
            ("Coinbase", "Coinbase Inc."),
            ("Longy School", "Longy School of Music"),
            ("Twin Peaks", "Twin Peaks Gourmet Coffee Inc."),
            ("Finance Committee", "Senate Finance Committee"),
        ];
        for (s, l) in yes {
            assert!(plain_form_of(&w(s), &w(l)), "{s} / {l}");
        }
        let no = [
            (
                "Department of Justice",
                "Department of Justice Office of the Inspector General",
            ),
            ("Senate", "Senate Finance Committee"),
            ("Committee", "Senate Finance Committee"),
        ];
        for (s, l) in no {
            assert!(!plain_form_of(&w(s), &w(l)), "{s} / {l}");
        }
    }
}
