//! What only organizations have: acronyms and what releases wrote them for, departments named
//! by their head word, units under a parent, names for a kind of body, and names the same once
//! their acronyms are written out.

use std::collections::{BTreeSet, HashMap};

use super::names::{folded, initials, is_acronym};
use super::{follow_chains, Links, Written, DOMINANT, GENERIC_BODIES, ORG_DOMINANT};
use crate::extract::entities::SUBJECT_HEADS;

/// The name releases say an acronym stands for, where they agree: grouped by key, the group
/// written for it in at least two releases and three times as many as any other, under its
/// spelling with the most `weight` ("FEMA" alone is the Federal Emergency Management Agency
/// that other releases wrote it for).
pub(super) fn written_for(
    acronym: &str,
    written: &Written,
    weight: &dyn Fn(&str) -> usize,
) -> Option<String> {
    let mut groups: std::collections::BTreeMap<String, (usize, Vec<&str>)> = Default::default();
    for (name, n) in written.get(acronym)? {
        if name != acronym {
            let g = groups
                .entry(crate::extract::entities::org_key_of(name))
                .or_default();
            g.0 += n;
            g.1.push(name);
        }
    }
    let mut sums: Vec<(usize, &Vec<&str>)> = groups.values().map(|(n, v)| (*n, v)).collect();
    sums.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    let (top, members) = sums.first()?;
    let next = sums.get(1).map_or(0, |(n, _)| *n);
    (*top >= 2 && *top >= 3 * next)
        .then(|| {
            members
                .iter()
                .max_by_key(|m| (weight(m), std::cmp::Reverse(**m)))
        })
        .flatten()
        .map(|m| m.to_string())
}

/// Links a department named by its head word alone to the department: "Treasury" and "U.S.
/// Treasury" are the Department of the Treasury, "Homeland Security" the Department of
/// Homeland Security, whichever is written more often (the names of a department all have one
/// key: [`crate::extract::entities::org_key_of`]). Not to a department name written in one
/// release only: that is a one-off fusion ("U.S. Department of Homeland Security
/// Investigations" once, for the Homeland Security Investigations of hundreds of releases), not
/// a department ("Army" is the Department of the Army many releases write out).
pub(super) fn departments_by_their_head(
    names: &[&str],
    keys: &[String],
    weight: &dyn Fn(&str) -> usize,
    out: &mut Links,
) {
    // A department's name: "[U.S.] Department of [the] X" or "[U.S.] X Department".
    let is_department = |name: &str| {
        let words: Vec<&str> = name.split_whitespace().collect();
        let words = match words.as_slice() {
            ["U.S." | "US" | "U.S" | "USA", rest @ ..] | ["U", "S", rest @ ..] => rest,
            ["United", "States", rest @ ..] => rest,
            all => all,
        };
        matches!(words, ["Department", "of", _, ..])
            || matches!(words, [.., before, "Department"] if !before.eq_ignore_ascii_case("the"))
    };
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if is_department(names[i]) {
            by_key.entry(key.as_str()).or_insert(i);
        }
    }
    for (i, key) in keys.iter().enumerate() {
        if key.is_empty()
            || key.split(' ').any(|w| w == "department")
            || is_acronym(names[i])
            || out.resolved.contains_key(names[i])
        {
            continue;
        }
        if let Some(&j) = by_key
            .get(format!("department of {key}").as_str())
            .filter(|&&j| weight(names[j]) >= 2)
        {
            out.ambiguous.remove(names[i]);
            out.resolved
                .insert(names[i].to_string(), names[j].to_string());
        }
    }
}

/// Links the short names a committee goes by to its full name, when exactly one full name gives
/// them: the first subject of its list ("Senate Energy Committee" for the "Senate Energy and
/// Natural Resources Committee", "Senate Banking Committee" for the "Senate Banking, Housing,
/// and Urban Affairs Committee"), and its subject before the head ("Senate Intelligence
/// Committee" for the "Senate Select Committee on Intelligence"): the short name and the full
/// names that give it become one identity, under the name written in more releases (`weight`),
/// with every name resolved to any of them.
pub(super) fn committee_short_forms(
    names: &[&str],
    weight: &dyn Fn(&str) -> usize,
    out: &mut Links,
) {
    let mut by_words: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        by_words.entry(folded(n)).or_default().push(i);
    }
    // Short name → the full names that give it.
    let mut given: HashMap<usize, BTreeSet<String>> = HashMap::new();
    for name in names {
        for short in committee_shorts(name) {
            for &i in by_words.get(&folded(&short)).into_iter().flatten() {
                if names[i] != *name {
                    given.entry(i).or_default().insert(name.to_string());
                }
            }
        }
    }
    let mut given: Vec<(usize, BTreeSet<String>)> = given.into_iter().collect();
    given.sort_unstable();
    for (i, fulls) in given {
        // The short name and the full names that give it are one identity, under the name
        // written in more releases.
        let mut group: BTreeSet<String> = fulls.iter().map(|f| out.root(f).to_string()).collect();
        group.insert(out.root(names[i]).to_string());
        let Some(to) = group
            .iter()
            .max_by_key(|n| (weight(n), std::cmp::Reverse(n.as_str())))
            .cloned()
        else {
            continue;
        };
        for from in group.into_iter().filter(|n| *n != to) {
            let followers: Vec<String> = out
                .resolved
                .iter()
                .filter(|(_, end)| **end == from)
                .map(|(name, _)| name.clone())
                .collect();
            for name in followers {
                out.resolved.insert(name, to.clone());
            }
            out.ambiguous.remove(&from);
            out.resolved.insert(from, to.clone());
        }
    }
}

/// The short names a committee's full name gives ([`committee_short_forms`]).
fn committee_shorts(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some((head, rest)) = words.split_last() else {
        return out;
    };
    if SUBJECT_HEADS.contains(head) {
        // "P S1[,] [and] S2 ... Committee" → "P S1 Committee".
        let text = rest.join(" ");
        let cut = [",", " and "].iter().filter_map(|sep| text.find(sep)).min();
        if let Some(cut) = cut {
            let first = text[..cut].trim();
            if first.split_whitespace().count() >= 2 {
                out.push(format!("{first} {head}"));
            }
            // The subjects' initials: "HELP Committee", "Senate HELP Committee".
            for k in 0..rest.len().saturating_sub(2) {
                let letters = initials(&rest[k..].join(" "));
                if letters.chars().count() >= 3 {
                    out.push(format!("{letters} {head}"));
                    if k > 0 {
                        out.push(format!("{} {letters} {head}", rest[..k].join(" ")));
                    }
                }
            }
        }
    }
    // "P [Select|Special|Permanent Select] Committee on X" → "P X Committee".
    if let Some(at) = words
        .windows(2)
        .position(|w| SUBJECT_HEADS.contains(&w[0]) && w[1] == "on")
    {
        let prefix: Vec<&str> = words[..at]
            .iter()
            .copied()
            .filter(|w| !matches!(*w, "Select" | "Special" | "Permanent" | "Standing"))
            .collect();
        let subject = &words[at + 2..];
        if !prefix.is_empty() && !subject.is_empty() && !subject.contains(&"the") {
            out.push(format!(
                "{} {} {}",
                prefix.join(" "),
                subject.join(" "),
                words[at]
            ));
        }
    }
    out
}

/// Links an organization written as its parent's acronym followed by one of its units to that
/// unit, when the unit is an identity of its own written at least as often: "ICE Homeland
/// Security Investigations" is Homeland Security Investigations, "HHS Centers for Medicare and
/// Medicaid Services" the Centers for Medicare and Medicaid Services. Not to a name for a kind of
/// body ("HHS Office of Inspector General" stays the HHS's), nor to a unit that stands for a
/// fuller name ("House Judiciary Committee" is not the Senate's). Only an acronym is sure to
/// be a parent: a word before a name may be a place ("California Supreme Court").
pub(super) fn units_under_parents(
    names: &[&str],
    tokens: &[Vec<String>],
    by_tokens: &HashMap<&[String], usize>,
    weight: &dyn Fn(&str) -> usize,
    out: &mut Links,
) {
    // (name, its parent's acronym, the unit).
    let mut found: Vec<(String, String, String)> = Vec::new();
    for (i, ts) in tokens.iter().enumerate() {
        if out.resolved.contains_key(names[i]) || out.generic.contains(names[i]) {
            continue;
        }
        // The unit after a parent acronym, an identity of its own.
        let Some(first) = names[i].split([' ', '-']).next() else {
            continue;
        };
        if ts.len() < 3 || !is_acronym(first) || !by_tokens.contains_key(&ts[..1]) {
            continue;
        }
        let unit = by_tokens.get(&ts[1..]).map(|&u| names[u]).filter(|&unit| {
            out.root(unit) == unit
                && !out.generic.contains(unit)
                && weight(unit) >= weight(names[i])
                && unit != names[i]
        });
        if let Some(unit) = unit {
            found.push((names[i].to_string(), first.to_string(), unit.to_string()));
        }
    }
    // A unit written under several parents is as many bodies ("FBI New York Field Office",
    // "IRS New York Field Office"; "IRS Criminal Division" is not the Justice Department's).
    // The bare name means the unit of the corpus's own organization (the one named in most
    // releases: a Justice Department release's "National Security Division" is the
    // Department's) when it is one of them, else of the parent it is written under far more
    // often than any other.
    let mut parents: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for (name, parent, unit) in &found {
        *parents
            .entry(unit.as_str())
            .or_default()
            .entry(parent.as_str())
            .or_default() += weight(name);
    }
    let mut by_root: HashMap<&str, usize> = HashMap::new();
    for name in names {
        *by_root.entry(out.root(name)).or_default() += weight(name);
    }
    let home = by_root
        .into_iter()
        .max_by_key(|&(root, n)| (n, std::cmp::Reverse(root)))
        .map(|(root, _)| root.to_string());
    let is_home = |parent: &str| home.as_deref() == Some(out.root(parent));
    let means = |parent: &str, unit: &str| {
        let Some(by) = parents.get(unit) else {
            return false;
        };
        if is_home(parent) {
            return true;
        }
        if by.keys().any(|p| is_home(p)) {
            return false;
        }
        let own = by.get(parent).copied().unwrap_or(0);
        let other = by
            .iter()
            .filter(|(p, _)| **p != parent)
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0);
        own >= ORG_DOMINANT * other.max(1) || other == 0
    };
    let linked: Vec<(String, String)> = found
        .iter()
        .filter(|(_, parent, unit)| means(parent, unit))
        .map(|(name, _, unit)| (name.clone(), unit.clone()))
        .collect();
    for (name, root) in linked {
        out.resolved.insert(name, root);
    }
    follow_chains(out);
}

/// Whether the organization `long` is `short` followed by the name of another organization of
/// the corpus (`known`): a unit of it ("Internal Revenue Service Criminal Investigation").
pub(super) fn names_a_unit(
    short: &[String],
    long: &[String],
    known: &HashMap<&[String], usize>,
) -> bool {
    long.windows(short.len())
        .enumerate()
        .filter(|(_, w)| *w == short)
        .any(|(at, _)| {
            let rest = &long[at + short.len()..];
            !rest.is_empty() && known.contains_key(rest)
        })
}

/// Whether an organization's name (`names[i]`, written in `own` releases) names a kind of
/// body: at least [`GENERIC_BODIES`] different organizations (by key) are written as one of
/// that kind, and together they are written at least as often as the name alone ("U.S.
/// Attorneys Office" and the offices of many districts). A fuller name is one of that kind
/// when it adds an owner or a place before the name ("HHS Office of Inspector General",
/// "Houston Police Department") or a qualifier after it ("U.S. District Court for the
/// District of Columbia"); a part of the body ("U.S. Army Corps of Engineers") is not. A name
/// written far more often than its fuller forms ("Criminal Division") is the one body
/// releases mean by it.
pub(super) fn names_bodies(
    names: &[&str],
    tokens: &[Vec<String>],
    i: usize,
    supers: &BTreeSet<usize>,
    own: usize,
    weight: &dyn Fn(&str) -> usize,
) -> bool {
    const QUALIFIERS: [&str; 4] = ["for", "of", "in", "at"];
    /// Words before a name that only say it is the nation's ("U.S. Department of Labor").
    const NATIONAL: [&str; 6] = ["u", "s", "us", "united", "states", "the"];
    if supers.len() < GENERIC_BODIES {
        return false;
    }
    let short = &tokens[i];
    let one_of_kind = |long: &[String]| {
        long.ends_with(short)
            && !long[..long.len() - short.len()]
                .iter()
                .all(|w| NATIONAL.contains(&w.as_str()))
            || long.windows(short.len() + 1).any(|w| {
                w[..short.len()] == short[..] && QUALIFIERS.contains(&w[short.len()].as_str())
            })
    };
    let kinds: Vec<usize> = supers
        .iter()
        .copied()
        .filter(|&j| one_of_kind(&tokens[j]))
        .collect();
    let keys: BTreeSet<String> = kinds
        .iter()
        .map(|&j| crate::extract::entities::org_key_of(names[j]))
        .collect();
    keys.len() >= GENERIC_BODIES && kinds.iter().map(|&j| weight(names[j])).sum::<usize>() >= own
}

/// Resolves an ambiguous name whose candidates all turned out to be one identity (spellings
/// that link to one another once every link is known), and points every link at the end of its
/// chain again.
pub(super) fn settle_ambiguous(out: &mut Links) {
    let settled: Vec<(String, String)> = out
        .ambiguous
        .iter()
        .filter_map(|(name, candidates)| {
            let roots: BTreeSet<&str> = candidates.iter().map(|c| out.root(c)).collect();
            match roots.into_iter().collect::<Vec<_>>().as_slice() {
                [one] if *one != name => Some((name.clone(), one.to_string())),
                _ => None,
            }
        })
        .collect();
    for (name, root) in settled {
        out.ambiguous.remove(&name);
        out.resolved.insert(name, root);
    }
    follow_chains(out);
}

/// Makes organizations one identity when their names are the same with every acronym in them
/// written out as the name it resolved to ("IRS-Criminal Investigation" and "Internal Revenue
/// Service-Criminal Investigation", with IRS the Internal Revenue Service), or when they write
/// one parent before a hyphen and one unit after it, in words or by its initials ("IRS-CI"),
/// under the spelling with the most `weight`. Only names
/// that are identities of their own take part, and only whole keys compare, so a wrongly
/// written-out acronym merges nothing unless the result is another organization's exact name.
pub(super) fn same_written_out(names: &[&str], weight: &dyn Fn(&str) -> usize, out: &mut Links) {
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        if out.resolved.contains_key(*name) {
            continue;
        }
        let mut text = String::new();
        let mut acronyms = 0;
        for word in name.split(|c: char| c.is_whitespace() || c == '-') {
            let long = is_acronym(word).then(|| out.resolved.get(word)).flatten();
            if let Some(long) = long {
                acronyms += 1;
                text.push_str(long);
            } else {
                text.push_str(word);
            }
            text.push(' ');
        }
        let key = crate::extract::entities::org_key_of(&text);
        if !key.is_empty() && (acronyms > 0 || text.split_whitespace().count() > 1) {
            groups.entry(key).or_default().push(i);
        }
        // A unit written after its parent and a hyphen, as words or as their initials:
        // "IRS-Criminal Investigation" and "IRS-CI" are one.
        if let Some((parent, unit)) = name.split_once('-') {
            let (parent, unit) = (parent.trim(), unit.trim());
            let unit = if is_acronym(unit) {
                unit.to_string()
            } else if unit.split_whitespace().count() >= 2 {
                initials(unit)
            } else {
                continue;
            };
            let parent = out.resolved.get(parent).map_or(parent, String::as_str);
            let parent = crate::extract::entities::org_key_of(parent);
            if !parent.is_empty() && unit.len() >= 2 {
                groups
                    .entry(format!("{parent}\u{1f}{unit}"))
                    .or_default()
                    .push(i);
            }
        }
    }
    // A name may share a key with some names and a parent and unit with others: all are one.
    let mut parent: HashMap<usize, usize> = HashMap::new();
    fn find(parent: &mut HashMap<usize, usize>, i: usize) -> usize {
        let up = *parent.get(&i).unwrap_or(&i);
        if up == i {
            return i;
        }
        let top = find(parent, up);
        parent.insert(i, top);
        top
    }
    for members in groups.values().filter(|m| m.len() >= 2) {
        for &j in members {
            parent.entry(j).or_insert(j);
        }
        for &j in &members[1..] {
            let (a, b) = (find(&mut parent, members[0]), find(&mut parent, j));
            if a != b {
                parent.insert(b, a);
            }
        }
    }
    let mut components: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    let linked: Vec<usize> = parent.keys().copied().collect();
    for i in linked {
        let top = find(&mut parent, i);
        components.entry(top).or_default().push(i);
    }
    for mut members in components.into_values() {
        members.sort_unstable();
        members.dedup();
        let Some(&best) = members
            .iter()
            .max_by_key(|&&j| (weight(names[j]), std::cmp::Reverse(names[j])))
        else {
            continue;
        };
        for &j in members.iter().filter(|&&j| j != best) {
            out.resolved
                .insert(names[j].to_string(), names[best].to_string());
        }
    }
}

/// Among the names that spell an acronym, the one it stands for: they are one organization (one
/// key), or one organization is named ten times more often than any other ("Federal Bureau of
/// Investigation" next to a stray "Federal Bureau of Investigations").
pub(super) fn one_spelling(
    names: &[&str],
    spelled: &[usize],
    weight: &dyn Fn(&str) -> usize,
) -> Option<usize> {
    let mut by_key: std::collections::BTreeMap<String, (usize, Vec<usize>)> = Default::default();
    for &j in spelled {
        let group = by_key
            .entry(crate::extract::entities::org_key_of(names[j]))
            .or_default();
        group.0 += weight(names[j]);
        group.1.push(j);
    }
    let mut groups: Vec<&(usize, Vec<usize>)> = by_key.values().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.0));
    let top = groups.first()?;
    let next = groups.get(1).map_or(0, |g| g.0);
    if groups.len() > 1 && top.0 < DOMINANT * next.max(1) {
        return None;
    }
    top.1
        .iter()
        .copied()
        .max_by_key(|&j| (weight(names[j]), std::cmp::Reverse(names[j])))
}
