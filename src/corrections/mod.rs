//! Corrections made by hand to people and organizations, and kept.
//!
//! No extractor is perfect: a user merges two names of one person, renames an identity, hides a
//! name that is no person, or splits a short name off the full name it was wrongly grouped with.
//! Each decision is one line of a JSON Lines file in the index folder
//! ([`store::CORRECTIONS_FILE`]), with who made it, when and why:
//!
//! ```text
//! {"id":1,"action":"merge","kind":"person","names":["Bill Clinton"],"into":"William Jefferson Clinton","by":"ana","at":"2026-12-06T18:30:00Z","why":"same person"}
//! {"id":2,"action":"hide","kind":"org","names":["WASHINGTON"],"by":"ana","at":"2026-12-06T18:31:00Z","why":"a dateline"}
//! {"id":3,"action":"split","kind":"person","names":["Lynch"],"from":"Loretta E. Lynch","by":"ana","at":"2026-12-06T18:32:00Z","why":""}
//! {"id":4,"action":"undo","undoes":2,"by":"ana","at":"2026-12-06T18:33:00Z","why":"it is an office"}
//! ```
//!
//! The file is only ever appended to: an undo is itself a decision, and the decision it undoes
//! stays in the file (listed as undone). `pressdex index` applies the decisions that are in
//! force, in order, to every release it extracts ([`Corrections::apply`]) and tags each
//! document with the ids of the decisions that changed it, so that how many releases a decision
//! changes is one count, and a decision that no longer matches anything is reported.
//! [`record`](crate::identities::edit::record) adds a decision and brings the index up to date
//! at once.

mod apply;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Kind;
use crate::store;

pub use apply::Applied;

/// What a decision does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The entities named `names` take the name `into` (two that end up with one name in a
    /// release become one).
    Merge {
        /// People or organizations.
        kind: Kind,
        /// The names merged away.
        names: Vec<String>,
        /// The name they take.
        into: String,
    },
    /// The entity named `name` is called `to` everywhere.
    Rename {
        /// People or organizations.
        kind: Kind,
        /// The current name.
        name: String,
        /// The new name.
        to: String,
    },
    /// The entities named `names` are removed.
    Hide {
        /// People or organizations.
        kind: Kind,
        /// The names hidden.
        names: Vec<String>,
    },
    /// Mentions of the entity `from` written `name` (or a title and `name`: "Secretary Lynch")
    /// become an entity of their own, named `into` (`name` unless given).
    Split {
        /// People or organizations.
        kind: Kind,
        /// The name split off.
        name: String,
        /// The entity it is split from.
        from: String,
        /// The name of the new entity.
        into: String,
    },
    /// The decision `id` no longer applies.
    Undo {
        /// The decision undone.
        id: u64,
    },
}

impl Change {
    /// The kind of entity it changes (none for an undo).
    pub fn kind(&self) -> Option<Kind> {
        match self {
            Change::Merge { kind, .. }
            | Change::Rename { kind, .. }
            | Change::Hide { kind, .. }
            | Change::Split { kind, .. } => Some(*kind),
            Change::Undo { .. } => None,
        }
    }

    /// `merge`, `rename`, `hide`, `split` or `undo`, as in the file.
    pub fn action(&self) -> &'static str {
        match self {
            Change::Merge { .. } => "merge",
            Change::Rename { .. } => "rename",
            Change::Hide { .. } => "hide",
            Change::Split { .. } => "split",
            Change::Undo { .. } => "undo",
        }
    }

    /// The names an entity must have for the decision to change it.
    pub fn inputs(&self) -> Vec<&str> {
        match self {
            Change::Merge { names, .. } | Change::Hide { names, .. } => {
                names.iter().map(String::as_str).collect()
            }
            Change::Rename { name, .. } => vec![name],
            Change::Split { from, .. } => vec![from],
            Change::Undo { .. } => Vec::new(),
        }
    }

    /// The same change with names cleaned (spaces collapsed, duplicates dropped), or why it
    /// cannot be recorded.
    fn checked(self) -> std::result::Result<Change, String> {
        let name = |n: &str| -> std::result::Result<String, String> {
            let clean = clean(n);
            if !clean.chars().any(char::is_alphanumeric) {
                return Err(format!("a name needs letters or digits, got '{n}'"));
            }
            Ok(clean)
        };
        let names = |list: &[String]| -> std::result::Result<Vec<String>, String> {
            let mut out: Vec<String> = Vec::new();
            for n in list {
                let n = name(n)?;
                if !out.contains(&n) {
                    out.push(n);
                }
            }
            if out.is_empty() {
                return Err("give at least one name".into());
            }
            Ok(out)
        };
        Ok(match self {
            Change::Merge {
                kind,
                names: n,
                into,
            } => {
                let into = name(&into)?;
                let mut n = names(&n)?;
                n.retain(|x| *x != into);
                if n.is_empty() {
                    return Err(format!(
                        "merging '{into}' into itself changes nothing: give another name to merge into it"
                    ));
                }
                Change::Merge {
                    kind,
                    names: n,
                    into,
                }
            }
            Change::Rename { kind, name: n, to } => {
                let (n, to) = (name(&n)?, name(&to)?);
                if n == to {
                    return Err(format!("renaming '{n}' to itself changes nothing"));
                }
                Change::Rename { kind, name: n, to }
            }
            Change::Hide { kind, names: n } => Change::Hide {
                kind,
                names: names(&n)?,
            },
            Change::Split {
                kind,
                name: n,
                from,
                into,
            } => {
                let (n, from, into) = (name(&n)?, name(&from)?, name(&into)?);
                if n == from || into == from {
                    return Err(format!("splitting '{n}' from itself changes nothing"));
                }
                Change::Split {
                    kind,
                    name: n,
                    from,
                    into,
                }
            }
            Change::Undo { id } => Change::Undo { id },
        })
    }
}

impl std::fmt::Display for Change {
    /// "merge person 'Bill Clinton' into 'William Jefferson Clinton'", "undo #2".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |names: &[String]| {
            names
                .iter()
                .map(|n| format!("'{n}'"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Change::Merge { kind, names, into } => {
                write!(f, "merge {} {} into '{into}'", kind.as_str(), list(names))
            }
            Change::Rename { kind, name, to } => {
                write!(f, "rename {} '{name}' to '{to}'", kind.as_str())
            }
            Change::Hide { kind, names } => write!(f, "hide {} {}", kind.as_str(), list(names)),
            Change::Split {
                kind,
                name,
                from,
                into,
            } => {
                write!(f, "split {} '{name}' from '{from}'", kind.as_str())?;
                if into != name {
                    write!(f, " as '{into}'")?;
                }
                Ok(())
            }
            Change::Undo { id } => write!(f, "undo #{id}"),
        }
    }
}

/// One decision: what, who, when and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// Its number in the file (1, 2, …), in the order decisions were made.
    pub id: u64,
    /// What it does.
    pub change: Change,
    /// Who made it.
    pub by: String,
    /// When (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub at: String,
    /// Why (may be empty).
    pub why: String,
}

/// Who makes a decision, when and why.
#[derive(Debug, Clone, Default)]
pub struct Author {
    /// Who.
    pub by: String,
    /// When (UTC, `YYYY-MM-DDTHH:MM:SSZ`); [`now`] gives it.
    pub at: String,
    /// Why (may be empty).
    pub why: String,
}

/// The time now as the file writes it: `2026-12-06T18:30:00Z`.
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A line of the file: every field of every action, flat, so that the file reads easily.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Line {
    id: u64,
    action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<Kind>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    into: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    undoes: Option<u64>,
    #[serde(default)]
    by: String,
    #[serde(default)]
    at: String,
    #[serde(default)]
    why: String,
}

impl From<&Correction> for Line {
    fn from(c: &Correction) -> Line {
        let mut line = Line {
            id: c.id,
            action: c.change.action().to_string(),
            kind: c.change.kind(),
            names: Vec::new(),
            into: None,
            from: None,
            undoes: None,
            by: c.by.clone(),
            at: c.at.clone(),
            why: c.why.clone(),
        };
        match &c.change {
            Change::Merge { names, into, .. } => {
                line.names = names.clone();
                line.into = Some(into.clone());
            }
            Change::Rename { name, to, .. } => {
                line.names = vec![name.clone()];
                line.into = Some(to.clone());
            }
            Change::Hide { names, .. } => line.names = names.clone(),
            Change::Split {
                name, from, into, ..
            } => {
                line.names = vec![name.clone()];
                line.from = Some(from.clone());
                line.into = (into != name).then(|| into.clone());
            }
            Change::Undo { id } => line.undoes = Some(*id),
        }
        line
    }
}

impl TryFrom<Line> for Correction {
    type Error = String;

    fn try_from(line: Line) -> std::result::Result<Correction, String> {
        let kind = || {
            line.kind
                .ok_or_else(|| format!("a {} needs a \"kind\" (person or org)", line.action))
        };
        let field = |value: &Option<String>, name: &str| {
            value
                .clone()
                .ok_or_else(|| format!("a {} needs \"{name}\"", line.action))
        };
        let one = || match line.names.as_slice() {
            [name] => Ok(name.clone()),
            _ => Err(format!(
                "a {} needs exactly one name in \"names\"",
                line.action
            )),
        };
        let change = match line.action.as_str() {
            "merge" => Change::Merge {
                kind: kind()?,
                names: line.names.clone(),
                into: field(&line.into, "into")?,
            },
            "rename" => Change::Rename {
                kind: kind()?,
                name: one()?,
                to: field(&line.into, "into")?,
            },
            "hide" => Change::Hide {
                kind: kind()?,
                names: line.names.clone(),
            },
            "split" => Change::Split {
                kind: kind()?,
                name: one()?,
                from: field(&line.from, "from")?,
                into: line.into.clone().map_or_else(one, Ok)?,
            },
            "undo" => Change::Undo {
                id: line.undoes.ok_or("an undo needs \"undoes\"")?,
            },
            other => {
                return Err(format!(
                    "unknown action '{other}': use merge, rename, hide, split or undo"
                ))
            }
        };
        Ok(Correction {
            id: line.id,
            change: change.checked()?,
            by: line.by,
            at: line.at,
            why: line.why,
        })
    }
}

/// A decision as a program sends it (`POST /api/identity`): the fields of a line of the file
/// without `id` and `at`, which are set when it is recorded. `kind` defaults to person.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// `merge`, `rename`, `hide`, `split` or `undo`.
    pub action: String,
    /// `person` (default) or `org`.
    #[serde(default)]
    pub kind: Option<Kind>,
    /// The names it takes (one for rename and split).
    #[serde(default)]
    pub names: Vec<String>,
    /// Merge and rename: the name they take.
    #[serde(default)]
    pub into: Option<String>,
    /// Split: the entity the name is split from.
    #[serde(default)]
    pub from: Option<String>,
    /// Undo: the decision undone.
    #[serde(default)]
    pub undoes: Option<u64>,
    /// Who makes it.
    #[serde(default)]
    pub by: Option<String>,
    /// Why.
    #[serde(default)]
    pub why: String,
}

impl Request {
    /// The change it asks for, checked as [`record`](crate::identities::edit::record) checks it.
    pub fn change(&self) -> Result<Change> {
        let line = Line {
            id: 0,
            action: self.action.clone(),
            kind: self.kind.or(Some(Kind::Person)),
            names: self.names.clone(),
            into: self.into.clone(),
            from: self.from.clone(),
            undoes: self.undoes,
            by: String::new(),
            at: String::new(),
            why: String::new(),
        };
        Correction::try_from(line)
            .map(|c| c.change)
            .map_err(Error::BadCorrection)
    }
}

/// Every decision of an index folder's corrections file.
#[derive(Debug, Clone, Default)]
pub struct Corrections {
    /// The file.
    path: PathBuf,
    /// Its bytes as read (new decisions are appended to them).
    bytes: Vec<u8>,
    /// Every decision, in file order.
    list: Vec<Correction>,
    /// The positions in `list` of the decisions in force (not undone, not undos), in order.
    active: Vec<usize>,
    /// Every name an active decision takes as input, by kind: a release naming none of them
    /// is left alone without looking further.
    inputs: HashSet<(Kind, String)>,
}

impl Corrections {
    /// Reads the corrections kept in the index folder `dir` (none when there is no file).
    pub fn load(dir: &Path) -> Result<Corrections> {
        let path = dir.join(store::CORRECTIONS_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                return Err(Error::io(
                    format!("cannot read the corrections in '{}'", path.display()),
                    e,
                ))
            }
        };
        let bad = |line: usize, problem: String| Error::CorrectionsFile {
            path: path.clone(),
            line,
            problem,
        };
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            bad(line, "is not UTF-8 text".into())
        })?;
        let mut list: Vec<Correction> = Vec::new();
        for (n, text) in text.lines().enumerate() {
            if text.trim().is_empty() {
                continue;
            }
            let line: Line = serde_json::from_str(text)
                .map_err(|e| bad(n + 1, format!("not a correction ({e})")))?;
            let c = Correction::try_from(line).map_err(|e| bad(n + 1, e))?;
            if let Some(last) = list.last() {
                if c.id <= last.id {
                    return Err(bad(
                        n + 1,
                        format!(
                            "id {} does not follow id {} of the line before",
                            c.id, last.id
                        ),
                    ));
                }
            }
            if let Change::Undo { id } = c.change {
                check_undo(&list, id).map_err(|e| bad(n + 1, e))?;
            }
            list.push(c);
        }
        Ok(Corrections::new(path, bytes, list))
    }

    fn new(path: PathBuf, bytes: Vec<u8>, list: Vec<Correction>) -> Corrections {
        let undone: HashSet<u64> = list
            .iter()
            .filter_map(|c| match c.change {
                Change::Undo { id } => Some(id),
                _ => None,
            })
            .collect();
        let active: Vec<usize> = (0..list.len())
            .filter(|&i| {
                !matches!(list[i].change, Change::Undo { .. }) && !undone.contains(&list[i].id)
            })
            .collect();
        let mut inputs = HashSet::new();
        for &i in &active {
            let kind = list[i].change.kind().expect("only undos have no kind");
            for name in list[i].change.inputs() {
                inputs.insert((kind, name.to_string()));
            }
        }
        Corrections {
            path,
            bytes,
            list,
            active,
            inputs,
        }
    }

    /// The file the decisions are kept in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every decision, in the order they were made.
    pub fn list(&self) -> &[Correction] {
        &self.list
    }

    /// Whether there is no decision at all.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The decisions in force, in order: neither undos nor undone.
    pub fn active(&self) -> impl Iterator<Item = &Correction> {
        self.active.iter().map(|&i| &self.list[i])
    }

    /// The id of the decision that undid `id`, if one did.
    pub fn undone_by(&self, id: u64) -> Option<u64> {
        self.list.iter().find_map(|c| match c.change {
            Change::Undo { id: undone } if undone == id => Some(c.id),
            _ => None,
        })
    }

    /// The decision `id`.
    pub fn get(&self, id: u64) -> Option<&Correction> {
        self.list.iter().find(|c| c.id == id)
    }

    /// Checks `change` and adds it as the next decision (in memory; [`Corrections::save`]
    /// writes it).
    pub(crate) fn push(&mut self, change: Change, author: Author) -> Result<&Correction> {
        let change = change.checked().map_err(Error::BadCorrection)?;
        if let Change::Undo { id } = change {
            check_undo(&self.list, id).map_err(Error::BadCorrection)?;
        }
        let correction = Correction {
            id: self.list.last().map_or(1, |c| c.id + 1),
            change,
            by: author.by,
            at: author.at,
            why: author.why,
        };
        let mut list = std::mem::take(&mut self.list);
        list.push(correction);
        let bytes = std::mem::take(&mut self.bytes);
        *self = Corrections::new(std::mem::take(&mut self.path), bytes, list);
        Ok(self.list.last().expect("just pushed"))
    }

    /// Writes the file: the bytes read, then the decisions added since, one line each. The
    /// new file replaces the old one at once (written beside it, then renamed).
    pub(crate) fn save(&self, previous: usize) -> Result<()> {
        let mut bytes = self.bytes.clone();
        if !bytes.is_empty() && !bytes.ends_with(b"\n") {
            bytes.push(b'\n');
        }
        for c in &self.list[previous..] {
            serde_json::to_writer(&mut bytes, &Line::from(c)).expect("a correction serializes");
            bytes.push(b'\n');
        }
        write_atomically(&self.path, &bytes)
    }

    /// Puts the file back as it was read.
    pub(crate) fn restore(&self) -> Result<()> {
        if self.bytes.is_empty() && !self.path.exists() {
            return Ok(());
        }
        write_atomically(&self.path, &self.bytes)
    }

    /// Whether a release naming these entities could be changed by a decision in force.
    fn touches(&self, release: &crate::model::Release) -> bool {
        let named = |kind: Kind, list: &[crate::model::Entity]| {
            list.iter()
                .any(|e| self.inputs.contains(&(kind, clean(&e.name))))
        };
        !self.active.is_empty()
            && (named(Kind::Person, &release.people) || named(Kind::Org, &release.orgs))
    }
}

/// Why `id` cannot be undone after the decisions in `list`, if it cannot.
fn check_undo(list: &[Correction], id: u64) -> std::result::Result<(), String> {
    let Some(target) = list.iter().find(|c| c.id == id) else {
        let range = match (list.first(), list.last()) {
            (Some(first), Some(last)) => format!("the decisions are #{}–#{}", first.id, last.id),
            _ => "there is no decision yet".to_string(),
        };
        return Err(format!("there is no decision #{id} to undo ({range})"));
    };
    if let Change::Undo { id: undone } = target.change {
        return Err(format!(
            "#{id} is itself an undo (of #{undone}); to make decision #{undone} again, record it again"
        ));
    }
    if let Some(by) = list
        .iter()
        .find(|c| matches!(c.change, Change::Undo { id: u } if u == id))
    {
        return Err(format!("#{id} was already undone by #{}", by.id));
    }
    Ok(())
}

/// A name with its spaces collapsed: "  Bill   Clinton " → "Bill Clinton".
pub(crate) fn clean(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_file_name(format!("{}.tmp", store::CORRECTIONS_FILE));
    let fail = |e| {
        Error::io(
            format!("cannot write the corrections to '{}'", path.display()),
            e,
        )
    };
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn author() -> Author {
        Author {
            by: "ana".into(),
            at: "2026-12-06T18:30:00Z".into(),
            why: "same person".into(),
        }
    }

    #[test]
    fn decisions_read_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Corrections::load(dir.path()).unwrap();
        assert!(c.is_empty());
        let changes = [
            Change::Merge {
                kind: Kind::Person,
                names: vec!["Bill  Clinton".into(), "Bill Clinton".into()],
                into: "William J. Clinton".into(),
            },
            Change::Hide {
                kind: Kind::Org,
                names: vec!["WASHINGTON".into()],
            },
            Change::Rename {
                kind: Kind::Person,
                name: "HOLDER".into(),
                to: "Eric Holder".into(),
            },
            Change::Split {
                kind: Kind::Person,
                name: "Lynch".into(),
                from: "Loretta E. Lynch".into(),
                into: "Lynch".into(),
            },
            Change::Undo { id: 2 },
        ];
        for change in changes {
            c.push(change, author()).unwrap();
        }
        c.save(0).unwrap();
        let back = Corrections::load(dir.path()).unwrap();
        assert_eq!(back.list(), c.list());
        assert_eq!(back.list().len(), 5);
        let Change::Merge { names, .. } = &back.list()[0].change else {
            panic!()
        };
        assert_eq!(names, &["Bill Clinton"]);
        assert_eq!(back.active().map(|c| c.id).collect::<Vec<_>>(), [1, 3, 4]);
        assert_eq!(back.undone_by(2), Some(5));
        let text = std::fs::read_to_string(back.path()).unwrap();
        assert!(text.starts_with(
            "{\"id\":1,\"action\":\"merge\",\"kind\":\"person\",\"names\":[\"Bill Clinton\"],\
             \"into\":\"William J. Clinton\",\"by\":\"ana\",\"at\":\"2026-12-06T18:30:00Z\",\
             \"why\":\"same person\"}\n"
        ));
        assert!(text.ends_with("{\"id\":5,\"action\":\"undo\",\"undoes\":2,\"by\":\"ana\",\"at\":\"2026-12-06T18:30:00Z\",\"why\":\"same person\"}\n"));
    }

    #[test]
    fn bad_decisions_are_refused() {
        let mut c = Corrections::default();
        let err = |c: &mut Corrections, change| c.push(change, author()).unwrap_err().to_string();
        let merge = |names: &[&str], into: &str| Change::Merge {
            kind: Kind::Person,
            names: names.iter().map(|s| s.to_string()).collect(),
            into: into.into(),
        };
        assert_eq!(
            err(&mut c, merge(&["X  Y"], "X Y")),
            "invalid correction: merging 'X Y' into itself changes nothing: give another name to merge into it"
        );
        assert_eq!(
            err(&mut c, merge(&[" "], "X")),
            "invalid correction: a name needs letters or digits, got ' '"
        );
        assert_eq!(
            err(&mut c, Change::Undo { id: 4 }),
            "invalid correction: there is no decision #4 to undo (there is no decision yet)"
        );
        c.push(merge(&["A"], "B"), author()).unwrap();
        c.push(Change::Undo { id: 1 }, author()).unwrap();
        assert_eq!(
            err(&mut c, Change::Undo { id: 1 }),
            "invalid correction: #1 was already undone by #2"
        );
        assert!(err(&mut c, Change::Undo { id: 2 }).contains("#2 is itself an undo (of #1)"));
        assert_eq!(c.list().len(), 2);
    }

    #[test]
    fn a_damaged_file_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(store::CORRECTIONS_FILE);
        for (text, problem) in [
            ("{\"id\":1,\"action\":\"merge\",\"kind\":\"person\",\"names\":[\"A\"],\"into\":\"B\"}\n\n{\"id\":2,", "line 3: not a correction"),
            ("{\"id\":1,\"action\":\"explode\"}", "line 1: unknown action 'explode'"),
            ("{\"id\":1,\"action\":\"hide\",\"names\":[\"A\"]}", "line 1: a hide needs a \"kind\""),
            ("{\"id\":1,\"action\":\"undo\",\"undoes\":7}", "line 1: there is no decision #7"),
        ] {
            std::fs::write(&path, text).unwrap();
            let err = Corrections::load(dir.path()).unwrap_err().to_string();
            assert!(err.contains(problem), "{err}");
        }
    }
}
