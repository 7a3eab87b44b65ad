//! One kind's corpus identities in a compact, read-only form: every name once, sorted, in one
//! buffer and known by its number; per name its stats and its identity; and the look-ups a
//! request needs (names by word, by surname or initials, an identity's other names) as lists
//! of numbers ([`super::layout`]). Worked out once per index state and kept beside the index
//! in that form ([`Catalog::write`]), so a one-shot command maps the file and reads only the
//! names it looks up, instead of parsing and hashing every name of the corpus.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;

use super::layout::{Lists, Postings, Reader, Strings, U32s, Writer};
use super::links::Links;
use super::links::{contains_seq, initials, is_acronym, name_words, person_core, person_fits};
use super::tally::{NameStats, Stat};
use super::Kind;

/// No date (as the `u32` bits of an `i32` day).
const NO_DATE: u32 = i32::MIN as u32;

fn day(date: Option<NaiveDate>) -> u32 {
    date.map_or(NO_DATE, |d| d.num_days_from_ce() as u32)
}

fn date(day: u32) -> Option<NaiveDate> {
    (day != NO_DATE)
        .then(|| NaiveDate::from_num_days_from_ce_opt(day as i32))
        .flatten()
}

/// One kind's names, their stats and how the corpus links them, with the look-ups requests
/// need.
#[derive(Debug)]
pub(super) struct Catalog {
    kind: Kind,
    /// Every name the stats or the links know, sorted.
    names: Strings,
    /// Per name: the releases that hold it (0: a name the links know but no release holds as
    /// a canonical name), and the first and last of their dates (days from the common era).
    releases: U32s,
    first: U32s,
    last: U32s,
    /// Per name: the number of the name of its identity (its own when the corpus links it to
    /// no other).
    root: U32s,
    /// Names that name a kind of body ([`Links::generic`]), sorted.
    generic: U32s,
    /// Per name: the fuller names a short name could stand for ([`Links::ambiguous`]).
    ambiguous: Lists,
    /// Per identity: the other names that resolve to it.
    members: Lists,
    /// A folded word → the names (held by releases) with that word.
    by_word: Postings,
    /// A person's surname (the last word of [`person_core`]), or an organization's initials →
    /// the names (held by releases) with it.
    by_key: Postings,
}

impl Catalog {
    /// The catalog of `all` (every canonical name of `kind` with its stats) linked by `links`.
    pub(super) fn new(kind: Kind, all: &NameStats, links: &Links) -> Catalog {
        let mut set: BTreeSet<&str> = all.keys().map(String::as_str).collect();
        for (short, root) in &links.resolved {
            set.insert(short);
            set.insert(root);
        }
        for (short, fuller) in &links.ambiguous {
            set.insert(short);
            set.extend(fuller.iter().map(String::as_str));
        }
        set.extend(links.generic.iter().map(String::as_str));
        let sorted: Vec<&str> = set.into_iter().collect();
        let n = sorted.len();
        let id = |name: &str| {
            sorted
                .binary_search(&name)
                .expect("every linked name is listed") as u32
        };
        let (mut releases, mut first, mut last) = (vec![0; n], vec![NO_DATE; n], vec![NO_DATE; n]);
        let mut by_word: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut by_key: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (name, stat) in all {
            let i = id(name);
            let at = i as usize;
            releases[at] = u32::try_from(stat.releases).unwrap_or(u32::MAX).max(1);
            first[at] = day(stat.first);
            last[at] = day(stat.last);
            let mut words = name_words(name);
            match kind {
                Kind::Person => {
                    if let Some(key) = person_core(&words).last() {
                        by_key.entry(key.clone()).or_default().push(i);
                    }
                }
                Kind::Org => by_key.entry(initials(name)).or_default().push(i),
            }
            words.sort_unstable();
            words.dedup();
            for w in words {
                by_word.entry(w).or_default().push(i);
            }
        }
        let mut root: Vec<u32> = (0..n as u32).collect();
        let mut members = Vec::new();
        for (short, to) in &links.resolved {
            let (s, r) = (id(short), id(to));
            root[s as usize] = r;
            if s != r {
                members.push((r, s));
            }
        }
        let ambiguous = links
            .ambiguous
            .iter()
            .flat_map(|(short, fuller)| fuller.iter().map(move |f| (short, f)))
            .map(|(s, f)| (id(s), id(f)))
            .collect();
        let mut generic: Vec<u32> = links.generic.iter().map(|g| id(g)).collect();
        generic.sort_unstable();
        Catalog {
            kind,
            names: Strings::from_sorted(sorted.iter().copied()),
            releases: U32s::from_vec(releases),
            first: U32s::from_vec(first),
            last: U32s::from_vec(last),
            root: U32s::from_vec(root),
            generic: U32s::from_vec(generic),
            ambiguous: Lists::build(n, ambiguous),
            members: Lists::build(n, members),
            by_word: Postings::build(by_word),
            by_key: Postings::build(by_key),
        }
    }

    /// The number of a name.
    pub(super) fn id(&self, name: &str) -> Option<u32> {
        self.names.find(name)
    }

    /// The name numbered `id`.
    pub(super) fn name(&self, id: u32) -> &str {
        self.names.get(id)
    }

    /// How many names there are.
    pub(super) fn len(&self) -> usize {
        self.names.len()
    }

    /// The number of the identity of the name numbered `id`.
    pub(super) fn root_id(&self, id: u32) -> u32 {
        self.root.get(id as usize).unwrap_or(id)
    }

    /// The identity a name belongs to (the name itself when it is one).
    pub(super) fn root<'a>(&'a self, name: &'a str) -> &'a str {
        self.id(name).map_or(name, |i| self.name(self.root_id(i)))
    }

    /// The stats of the name numbered `id`, if releases hold it.
    fn stat_of(&self, id: u32) -> Option<Stat> {
        let at = id as usize;
        let releases = self.releases.at(at);
        (releases > 0).then(|| Stat {
            releases: releases as usize,
            first: date(self.first.at(at)),
            last: date(self.last.at(at)),
        })
    }

    /// Whether a release holds `name` as a canonical name.
    pub(super) fn contains(&self, name: &str) -> bool {
        self.stat(name).is_some()
    }

    /// The stats of a name releases hold.
    pub(super) fn stat(&self, name: &str) -> Option<Stat> {
        self.stat_of(self.id(name)?)
    }

    /// Every name releases hold, with its stats, sorted.
    pub(super) fn listed(&self) -> impl Iterator<Item = (&str, Stat)> + '_ {
        (0..self.len() as u32).filter_map(|i| Some((self.name(i), self.stat_of(i)?)))
    }

    /// Whether the name numbered `id` names a kind of body ([`Links::generic`]).
    pub(super) fn is_generic_id(&self, id: u32) -> bool {
        self.generic.position(id).is_some()
    }

    /// The fuller names a short name could stand for, when the corpus cannot tell which.
    pub(super) fn ambiguous(&self, name: &str) -> Vec<String> {
        self.id(name).map_or_else(Vec::new, |i| {
            self.ambiguous
                .get(i as usize)
                .map(|f| self.name(f).to_string())
                .collect()
        })
    }

    /// The other names that resolve to an identity, sorted.
    pub(super) fn members(&self, root: &str) -> impl Iterator<Item = &str> + '_ {
        let i = self.id(root).map_or(usize::MAX, |i| i as usize);
        self.members.get(i).map(|m| self.name(m))
    }

    fn listed_under<'a>(&'a self, map: &'a Postings, key: &str) -> impl Iterator<Item = &'a str> {
        map.get(key).map(|i| self.name(i))
    }

    /// The names a name asked for matches, without going over every name: those containing
    /// its words (`wanted`, folded) in order, the people's names it fits ([`person_fits`]) and,
    /// for an acronym, the organizations whose initials it spells.
    pub(super) fn matching(&self, name: &str, wanted: &[String]) -> Vec<&str> {
        let mut hits: Vec<&str> = Vec::new();
        // Every name containing the words holds the rarest of them.
        if let Some(rarest) = wanted.iter().min_by_key(|w| self.by_word.count(w)) {
            hits.extend(
                self.listed_under(&self.by_word, rarest)
                    .filter(|n| contains_seq(&name_words(n), wanted)),
            );
        }
        match self.kind {
            Kind::Person => {
                if let Some(key) = person_core(wanted).last() {
                    hits.extend(
                        self.listed_under(&self.by_key, key)
                            .filter(|n| person_fits(wanted, &name_words(n))),
                    );
                }
            }
            Kind::Org if is_acronym(name) => {
                hits.extend(self.listed_under(&self.by_key, name.trim()))
            }
            Kind::Org => {}
        }
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    /// Every name of the identities whose names the person's name `wanted` (folded words)
    /// fits ([`person_fits`]), sorted: "Lanny Breuer" gives "Lanny A. Breuer", "Lanny Breuer"
    /// and "Breuer" when the corpus links them.
    pub(super) fn person_names(&self, wanted: &[String]) -> Vec<String> {
        let Some(key) = person_core(wanted).last() else {
            return Vec::new();
        };
        let roots: BTreeSet<&str> = self
            .listed_under(&self.by_key, key)
            .filter(|n| person_fits(wanted, &name_words(n)))
            .map(|n| self.root(n))
            .collect();
        self.names_of(roots)
    }

    /// Every name of the identities `roots`: its own (a name of the corpus unless it resolves
    /// elsewhere) and those that resolve to it, sorted.
    pub(super) fn names_of<'a>(&'a self, roots: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        for root in roots {
            if self.root(root) == root {
                found.push(root.to_string());
            }
            found.extend(self.members(root).map(str::to_string));
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The first name numbered `from` or more that is not before `key` (bytewise), found by
    /// galloping from `from`: a pass over sorted keys costs a few comparisons per key.
    pub(super) fn seek(&self, from: u32, key: &[u8]) -> u32 {
        let n = self.len() as u32;
        let before = |i: u32| self.name(i).as_bytes() < key;
        if from >= n || !before(from) {
            return from;
        }
        // `lo` is before the key; find `hi` that is not (or the end).
        let (mut lo, mut step) = (from, 1u32);
        let mut hi = loop {
            let probe = lo.saturating_add(step);
            if probe >= n {
                break n;
            }
            if !before(probe) {
                break probe;
            }
            lo = probe;
            step = step.saturating_mul(2);
        };
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if before(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        hi
    }

    /// What names this catalog in the files that number its names: the index state it was
    /// worked out on (`fingerprint`), and how many names it has.
    pub(super) fn stamp(&self, fingerprint: &str) -> String {
        format!("{fingerprint}/{}", self.len())
    }

    /// The catalog as kept beside the index, naming the index state `fingerprint`.
    pub(super) fn write(&self, fingerprint: &str) -> Vec<u8> {
        let mut w = Writer::default();
        w.0.extend_from_slice(MAGIC);
        w.str(fingerprint);
        w.u32(match self.kind {
            Kind::Person => 0,
            Kind::Org => 1,
        });
        w.strings(&self.names);
        for v in [
            &self.releases,
            &self.first,
            &self.last,
            &self.root,
            &self.generic,
        ] {
            w.u32s(v);
        }
        w.lists(&self.ambiguous);
        w.lists(&self.members);
        w.postings(&self.by_word);
        w.postings(&self.by_key);
        w.0
    }

    /// The catalog of `kind` kept in `r`, if it names the index state `fingerprint` and its
    /// sections are whole (anything else reads as none: it is worked out again).
    pub(super) fn read(mut r: Reader, kind: Kind, fingerprint: &str) -> Option<Catalog> {
        if !r.expect(MAGIC) || r.str()? != fingerprint {
            return None;
        }
        let kept_kind = match r.u32()? {
            0 => Kind::Person,
            1 => Kind::Org,
            _ => return None,
        };
        let catalog = Catalog {
            kind,
            names: r.strings()?,
            releases: r.u32s()?,
            first: r.u32s()?,
            last: r.u32s()?,
            root: r.u32s()?,
            generic: r.u32s()?,
            ambiguous: r.lists()?,
            members: r.lists()?,
            by_word: r.postings()?,
            by_key: r.postings()?,
        };
        let n = catalog.len();
        let whole = [
            &catalog.releases,
            &catalog.first,
            &catalog.last,
            &catalog.root,
        ]
        .iter()
        .all(|v| v.len() == n);
        (kept_kind == kind && whole && r.is_empty()).then_some(catalog)
    }
}

/// What a kept catalog starts with, and the version of its layout (another is not read).
const MAGIC: &[u8] = b"pressdex-catalog 2\n";

#[cfg(test)]
mod tests {
    use super::super::links::links;
    use super::*;
    use crate::schema;
    use tantivy::directory::OwnedBytes;

    fn catalog(kind: Kind, names: &[&str], links: &Links) -> Catalog {
        let all: NameStats = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let d = NaiveDate::from_ymd_opt(2000 + i as i32, 1, 2);
                let stat = Stat {
                    releases: i + 1,
                    first: d,
                    last: d,
                };
                (n.to_string(), stat)
            })
            .collect();
        Catalog::new(kind, &all, links)
    }

    #[test]
    fn the_catalog_finds_every_name_of_the_identities_a_name_fits() {
        let names = [
            "Lanny A. Breuer",
            "Lanny Breuer",
            "Breuer",
            "George H W Bush",
            "George W Bush",
            "George W. Bush",
            "George Bush",
            "Eric H. Holder Jr.",
            "Eric Holder",
            "Holder",
            "Tim Johnson",
        ];
        let ids = links(Kind::Person, &names, &|_| 1);
        let catalog = catalog(Kind::Person, &names, &ids);
        let find = |name: &str| catalog.person_names(&schema::name_tokens(name));
        assert_eq!(
            find("Lanny Breuer"),
            ["Breuer", "Lanny A. Breuer", "Lanny Breuer"]
        );
        assert_eq!(find("Breuer"), find("Lanny A. Breuer"));
        assert_eq!(find("George W. Bush"), ["George W Bush", "George W. Bush"]);
        assert_eq!(find("George H. W. Bush"), ["George H W Bush"]);
        assert_eq!(
            find("George Bush"),
            [
                "George Bush",
                "George H W Bush",
                "George W Bush",
                "George W. Bush"
            ]
        );
        assert_eq!(
            find("Eric Holder"),
            ["Eric H. Holder Jr.", "Eric Holder", "Holder"]
        );
        assert!(find("Barbara Johnson").is_empty());
        assert!(find("Lanny").is_empty());
        assert!(find("").is_empty());
        assert_eq!(
            catalog.matching("Holder", &schema::name_tokens("Holder")),
            ["Eric H. Holder Jr.", "Eric Holder", "Holder"]
        );
    }

    #[test]
    fn a_kept_catalog_reads_back_the_same_and_a_damaged_one_not_at_all() {
        let names = [
            "Federal Bureau of Investigation",
            "FBI",
            "Bureau",
            "U.S. District Court",
        ];
        let mut ids = Links::default();
        ids.resolved
            .insert("FBI".into(), "Federal Bureau of Investigation".into());
        ids.ambiguous.insert(
            "Bureau".into(),
            vec!["Federal Bureau of Investigation".into()],
        );
        ids.generic.insert("U.S. District Court".into());
        ids.resolved.insert(
            "联邦调查局".into(),
            "Federal Bureau of Investigation".into(),
        );
        let kept = catalog(Kind::Org, &names, &ids);
        let bytes = kept.write("state-1");
        let from_bytes =
            |b: &[u8], kind, state| Catalog::read(Reader(OwnedBytes::new(b.to_vec())), kind, state);
        let read = from_bytes(&bytes, Kind::Org, "state-1").expect("reads back");
        for c in [&kept, &read] {
            assert_eq!(c.root("FBI"), "Federal Bureau of Investigation");
            assert_eq!(c.root("联邦调查局"), "Federal Bureau of Investigation");
            assert_eq!(c.root("Unknown"), "Unknown");
            assert!(!c.contains("联邦调查局") && c.contains("FBI"));
            assert_eq!(c.stat("FBI").unwrap().releases, 2);
            assert_eq!(
                c.stat("FBI").unwrap().first,
                NaiveDate::from_ymd_opt(2001, 1, 2)
            );
            assert_eq!(c.ambiguous("Bureau"), ["Federal Bureau of Investigation"]);
            assert!(c.is_generic_id(c.id("U.S. District Court").unwrap()));
            assert!(!c.is_generic_id(c.id("FBI").unwrap()));
            assert_eq!(
                c.members("Federal Bureau of Investigation")
                    .collect::<Vec<_>>(),
                ["FBI", "联邦调查局"]
            );
            assert_eq!(c.matching("FBI", &schema::name_tokens("FBI")).len(), 2);
            assert_eq!(c.listed().count(), 4);
            for from in 0..=c.len() as u32 {
                for key in [
                    "",
                    "A",
                    "FBI",
                    "FBJ",
                    "Bureau",
                    "U.S. District Court",
                    "zzz",
                    "联邦调查局",
                ] {
                    let expected = (from..c.len() as u32)
                        .find(|&i| c.name(i).as_bytes() >= key.as_bytes())
                        .unwrap_or(c.len() as u32);
                    assert_eq!(c.seek(from, key.as_bytes()), expected, "{from} {key}");
                }
            }
        }
        assert!(from_bytes(&bytes, Kind::Org, "state-2").is_none());
        assert!(from_bytes(&bytes, Kind::Person, "state-1").is_none());
        assert!(from_bytes(&bytes[..bytes.len() - 1], Kind::Org, "state-1").is_none());
        // Any byte flipped reads as none or as a catalog, never a panic.
        for at in MAGIC.len()..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0xa5;
            if let Some(c) = from_bytes(&damaged, Kind::Org, "state-1") {
                for n in ["FBI", "Bureau", "Unknown", "U.S. District Court"] {
                    let _ = (c.root(n), c.stat(n), c.ambiguous(n), c.members(n).count());
                    let _ = c.matching(n, &schema::name_tokens(n));
                }
                let _ = c.listed().count();
            }
        }
    }
}
