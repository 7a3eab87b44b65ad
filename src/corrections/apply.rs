//! Applying the decisions in force to one release's people and organizations.

use super::{Change, Corrections};
use crate::model::Kind;
use crate::model::{Entity, Mention, Release};

/// What applying the corrections did to a release.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The ids of the decisions that changed it, in order.
    pub ids: Vec<u64>,
}

impl Corrections {
    /// Applies every decision in force, in order, to a release's people and organizations:
    /// merged names take their new name (two entities that end up with one name become one,
    /// their mentions combined), renamed ones too, hidden ones go, split mentions become an
    /// entity of their own. Applying twice changes nothing more.
    pub fn apply(&self, release: &mut Release) -> Applied {
        let mut applied = Applied::default();
        if !self.touches(release) {
            return applied;
        }
        let mut people_changed = false;
        for c in self.active() {
            let Some(kind) = c.change.kind() else {
                continue;
            };
            let list = match kind {
                Kind::Person => &mut release.people,
                Kind::Org => &mut release.orgs,
            };
            if change(&c.change, list, &release.body) {
                applied.ids.push(c.id);
                people_changed |= kind == Kind::Person;
            }
        }
        // Roles belong to the people as corrected: a merged name keeps the roles of both, a
        // name split off gets only those written with it.
        if people_changed {
            crate::extract::roles::attach(&release.body, &mut release.people);
        }
        applied
    }
}

/// Whether an entity is called `name` (spaces aside).
fn named(entity: &Entity, name: &str) -> bool {
    entity.name.split_whitespace().eq(name.split_whitespace())
}

/// Applies one change to a list of entities; whether it changed anything.
fn change(change: &Change, list: &mut Vec<Entity>, body: &str) -> bool {
    match change {
        Change::Merge { names, into, .. } => rename(list, names, into),
        Change::Rename { name, to, .. } => rename(list, std::slice::from_ref(name), to),
        Change::Hide { names, .. } => {
            let before = list.len();
            list.retain(|e| !names.iter().any(|n| named(e, n)));
            list.len() != before
        }
        Change::Split {
            name, from, into, ..
        } => split(list, name, from, into, body),
        Change::Undo { .. } => false,
    }
}

fn rename(list: &mut Vec<Entity>, names: &[String], into: &str) -> bool {
    let mut changed = false;
    for e in list.iter_mut() {
        if names.iter().any(|n| named(e, n)) {
            e.name = into.to_string();
            changed = true;
        }
    }
    if changed {
        combine(list);
    }
    changed
}

fn split(list: &mut Vec<Entity>, name: &str, from: &str, into: &str, body: &str) -> bool {
    let Some(at) = list.iter().position(|e| named(e, from)) else {
        return false;
    };
    let (moved, kept): (Vec<Mention>, Vec<Mention>) = list[at].mentions.iter().partition(|m| {
        body.get(m.start..m.end)
            .is_some_and(|s| written_as(s, name, from))
    });
    if moved.is_empty() {
        return false;
    }
    // A copy of the entity, so that whatever else an entity carries comes along.
    let mut split_off = list[at].clone();
    split_off.name = into.to_string();
    split_off.mentions = moved;
    list[at].mentions = kept;
    if list[at].mentions.is_empty() {
        list.remove(at);
    }
    list.push(split_off);
    combine(list);
    true
}

/// Whether a mention written `surface` of the entity `from` is `name`: written `name`, or
/// `name` after words that are not part of `from` ("Secretary Lynch" is "Lynch", "Loretta E.
/// Lynch" is not).
fn written_as(surface: &str, name: &str, from: &str) -> bool {
    let words: Vec<&str> = surface.split_whitespace().collect();
    let tail: Vec<&str> = name.split_whitespace().collect();
    if words.len() < tail.len() || !words.ends_with(&tail) {
        return false;
    }
    let key = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let tail_keys: Vec<String> = tail.iter().map(|w| key(w)).collect();
    let own: Vec<String> = from
        .split_whitespace()
        .map(key)
        .filter(|w| !w.is_empty() && !tail_keys.contains(w))
        .collect();
    words[..words.len() - tail.len()]
        .iter()
        .all(|w| !own.contains(&key(w)))
}

/// Makes entities that share a name one (mentions sorted, overlaps dropped), and puts the list
/// back in order of first mention.
fn combine(list: &mut Vec<Entity>) {
    let mut i = 0;
    while i < list.len() {
        let mut j = i + 1;
        while j < list.len() {
            if named(&list[j], &list[i].name) {
                let other = list.remove(j);
                list[i].mentions.extend(other.mentions);
            } else {
                j += 1;
            }
        }
        let mentions = &mut list[i].mentions;
        mentions.sort();
        let mut end = 0;
        mentions.retain(|m| {
            let keep = m.start >= end;
            if keep {
                end = m.end;
            }
            keep
        });
        i += 1;
    }
    list.sort_by_key(|e| e.mentions.first().map_or(usize::MAX, |m| m.start));
}

#[cfg(test)]
mod tests {
    use super::super::{Author, Corrections};
    use super::*;
    use crate::model::Format;

    /// An entity with these mentions, made through serde so that any other field `Entity`
    /// has takes its default.
    fn entity(name: &str, mentions: Vec<Mention>) -> Entity {
        serde_json::from_value(serde_json::json!({ "name": name, "mentions": mentions })).unwrap()
    }

    fn release() -> Release {
        let body =
            "Bill Clinton met Secretary Lynch. Loretta E. Lynch and William J. Clinton spoke. \
                    WASHINGTON was cold."
                .to_string();
        let at = |s: &str, nth: usize| {
            let start = body.match_indices(s).nth(nth).unwrap().0;
            Mention {
                start,
                end: start + s.len(),
            }
        };
        Release {
            path: "a.txt".into(),
            title: String::new(),
            date: None,
            date_source: None,
            format: Format::Text,
            lang: "en".into(),
            url: None,
            people: vec![
                entity("Bill Clinton", vec![at("Bill Clinton", 0)]),
                entity(
                    "Loretta E. Lynch",
                    vec![at("Secretary Lynch", 0), at("Loretta E. Lynch", 0)],
                ),
                entity("William J. Clinton", vec![at("William J. Clinton", 0)]),
            ],
            orgs: vec![entity("WASHINGTON", vec![at("WASHINGTON", 0)])],
            body,
        }
    }

    fn corrections(changes: Vec<Change>) -> Corrections {
        let mut c = Corrections::default();
        for change in changes {
            c.push(change, Author::default()).unwrap();
        }
        c
    }

    fn names(list: &[Entity]) -> Vec<&str> {
        list.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn each_change_and_twice_is_once() {
        let c = corrections(vec![
            Change::Merge {
                kind: Kind::Person,
                names: vec!["Bill Clinton".into()],
                into: "William J. Clinton".into(),
            },
            Change::Split {
                kind: Kind::Person,
                name: "Lynch".into(),
                from: "Loretta E. Lynch".into(),
                into: "Lynch".into(),
            },
            Change::Hide {
                kind: Kind::Org,
                names: vec!["WASHINGTON".into()],
            },
            Change::Rename {
                kind: Kind::Person,
                name: "William J. Clinton".into(),
                to: "William Jefferson Clinton".into(),
            },
        ]);
        let mut r = release();
        assert_eq!(c.apply(&mut r).ids, [1, 2, 3, 4]);
        assert_eq!(
            names(&r.people),
            ["William Jefferson Clinton", "Lynch", "Loretta E. Lynch"]
        );
        assert!(r.orgs.is_empty());
        let clinton = &r.people[0].mentions;
        assert_eq!(clinton.len(), 2);
        assert!(clinton[0].end <= clinton[1].start);
        assert_eq!(
            &r.body[r.people[1].mentions[0].start..r.people[1].mentions[0].end],
            "Secretary Lynch"
        );
        let once = r.clone();
        assert_eq!(c.apply(&mut r).ids, Vec::<u64>::new());
        assert_eq!(r, once);
    }

    #[test]
    fn splitting_keeps_the_full_forms() {
        assert!(written_as("Secretary Lynch", "Lynch", "Loretta E. Lynch"));
        assert!(written_as("Lynch", "Lynch", "Loretta E. Lynch"));
        assert!(!written_as("Loretta E. Lynch", "Lynch", "Loretta E. Lynch"));
        assert!(!written_as("Loretta Lynch", "Lynch", "Loretta E. Lynch"));
        assert!(!written_as("Lynchburg", "Lynch", "Loretta E. Lynch"));
        assert!(written_as(
            "Eric Holder",
            "Eric Holder",
            "Eric H. Holder Jr."
        ));
    }

    #[test]
    fn other_kinds_and_names_are_left_alone() {
        let c = corrections(vec![Change::Hide {
            kind: Kind::Org,
            names: vec!["Bill Clinton".into()],
        }]);
        let mut r = release();
        assert!(c.apply(&mut r).ids.is_empty());
        assert_eq!(r, release());
    }
}
