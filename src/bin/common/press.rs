//! Press releases read by hand: the shared `press-entities` set and the project's own
//! annotations in `annotations/` (same guidelines, same shape), read where they lie; the
//! release-level scorer of `press-entities/score.py`; and the split between the releases the
//! tagger trains on and those kept out of training to check it.
//!
//! Shared by `pressdex-train` (which trains on the training part) and `pressdex-eval` (which
//! scores both parts), so the two always agree on the split.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context as _;
use serde::Deserialize;

/// One named entity of a release, as the annotator wrote it.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    /// The fullest form the release gives (people without titles).
    pub name: String,
    /// Every distinct way the release writes the name.
    #[serde(default)]
    pub surfaces: Vec<String>,
}

/// One release read by hand.
#[derive(Debug, Clone)]
pub struct PressDoc {
    /// `doj-release_00020`, `grimmer-9Nov2007Craig73.txt`.
    pub id: String,
    /// `doj` or `grimmer`.
    pub source: String,
    /// The headline and the text, as the scorer sends them (`title + "\n\n" + text`).
    pub text: String,
    /// Named people.
    pub people: Vec<GoldEntity>,
    /// Named organizations.
    pub orgs: Vec<GoldEntity>,
}

#[derive(Deserialize)]
struct GoldLine {
    id: String,
    #[serde(default)]
    people: Vec<GoldEntity>,
    #[serde(default)]
    orgs: Vec<GoldEntity>,
    /// Our own annotations say where the text is (press-entities has it in texts.jsonl).
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    file: Option<String>,
}

#[derive(Deserialize)]
struct TextLine {
    id: String,
    source: String,
    #[serde(default)]
    title: String,
    text: String,
}

/// The text the scorer sends for a release: the headline, a blank line, the text.
fn joined(title: &str, text: &str) -> String {
    if title.is_empty() {
        text.to_string()
    } else {
        format!("{title}\n\n{text}")
    }
}

fn read_lines<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<Vec<T>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path:?}"))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).with_context(|| format!("line {} of {path:?}", n + 1))
        })
        .collect()
}

/// `press-entities` (texts.jsonl + gold.jsonl) under the shared data folder; `None` when the
/// folder is not there.
pub fn load_shared(data: &Path) -> anyhow::Result<Option<Vec<PressDoc>>> {
    let dir = data.join("press-entities");
    if !dir.join("gold.jsonl").exists() {
        return Ok(None);
    }
    let texts: Vec<TextLine> = read_lines(&dir.join("texts.jsonl"))?;
    let mut by_id: HashMap<String, TextLine> =
        texts.into_iter().map(|t| (t.id.clone(), t)).collect();
    let mut out = Vec::new();
    for g in read_lines::<GoldLine>(&dir.join("gold.jsonl"))? {
        let t = by_id
            .remove(&g.id)
            .with_context(|| format!("press-entities: no text for {}", g.id))?;
        out.push(PressDoc {
            id: g.id,
            source: t.source,
            text: joined(&t.title, &t.text),
            people: g.people,
            orgs: g.orgs,
        });
    }
    Ok(Some(out))
}

/// The project's own annotations (`annotations/*.jsonl` in the repository): gold lines with
/// `source` and `file`, whose texts are read from the DOJ JSON Lines and the Senate archive of
/// the shared data folder. `None` when those data sets are not there.
pub fn load_own(data: &Path, gold: &Path) -> anyhow::Result<Option<Vec<PressDoc>>> {
    use crate::unpack::{for_each_in_tar_xz, read_gz};
    let doj = data.join("doj-press-releases/releases.jsonl.gz");
    let senate = data.join("grimmer-senate-press-releases/texts.tar.xz");
    if !doj.exists() || !senate.exists() || !gold.exists() {
        return Ok(None);
    }
    let mut lines: Vec<GoldLine> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(gold)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    for f in files {
        lines.extend(read_lines::<GoldLine>(&f)?);
    }
    let wanted: HashMap<&str, usize> = lines
        .iter()
        .enumerate()
        .filter_map(|(k, l)| l.file.as_deref().map(|f| (f, k)))
        .collect();
    let mut texts: Vec<Option<String>> = vec![None; lines.len()];
    // DOJ: the JSON Lines' title and body, as press-entities has them.
    #[derive(Deserialize)]
    struct Doj {
        html_file: String,
        title: String,
        body: String,
    }
    let raw = read_gz(&doj)?;
    for line in raw.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let d: Doj = serde_json::from_slice(line).context("a line of the DOJ releases")?;
        let name = d.html_file.rsplit('/').next().unwrap_or(&d.html_file);
        if let Some(&k) = wanted.get(name) {
            if lines[k].source.as_deref() == Some("doj") {
                texts[k] = Some(joined(&d.title, &d.body));
            }
        }
    }
    for_each_in_tar_xz(&senate, |name, bytes| {
        if let Some(&k) = wanted.get(name) {
            if lines[k].source.as_deref() == Some("grimmer") {
                texts[k] = Some(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        true
    })?;
    let mut out = Vec::new();
    for (g, t) in lines.into_iter().zip(texts) {
        let text = t.with_context(|| format!("annotations: no text found for {}", g.id))?;
        out.push(PressDoc {
            id: g.id,
            source: g.source.unwrap_or_default(),
            text,
            people: g.people,
            orgs: g.orgs,
        });
    }
    Ok(Some(out))
}

/// Whether a release is kept out of training (about one in four, fixed by its id, so every
/// run and both binaries agree).
pub fn held_out(id: &str) -> bool {
    blake3::hash(id.as_bytes()).as_bytes()[0].is_multiple_of(4)
}

/// Gold spans for training: every occurrence of every surface (and name) of every entity, at
/// word boundaries; `(start, end, type)` with type 0 for people and 1 for organizations.
/// Overlaps are left to the trainer (longest first).
pub fn projected_spans(doc: &PressDoc) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::new();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    for (ty, ents) in [(0, &doc.people), (1, &doc.orgs)] {
        for e in ents {
            let mut forms: Vec<&str> = e.surfaces.iter().map(String::as_str).collect();
            forms.push(&e.name);
            forms.sort_unstable();
            forms.dedup();
            for f in forms {
                let f = f.trim();
                if f.is_empty() {
                    continue;
                }
                for (s, _) in doc.text.match_indices(f) {
                    let e = s + f.len();
                    let before = doc.text[..s].chars().next_back();
                    let after = doc.text[e..].chars().next();
                    if !word(before) && !word(after) {
                        spans.push((s, e, ty));
                    }
                }
            }
        }
    }
    spans.sort_unstable();
    spans.dedup();
    spans
}

// ---------------------------------------------------------------------------------------------
// The release-level scorer (a port of press-entities/score.py)

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sen",
    "senator",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "judge",
    "justice",
    "chief",
    "attorney",
    "general",
    "assistant",
    "deputy",
    "associate",
    "acting",
    "principal",
    "special",
    "agent",
    "in",
    "charge",
    "us",
    "u",
    "s",
    "united",
    "states",
    "president",
    "vice",
    "chairman",
    "chairwoman",
    "chair",
    "secretary",
    "governor",
    "gov",
    "lt",
    "lieutenant",
    "mayor",
    "director",
    "commissioner",
    "ambassador",
    "minister",
    "prime",
    "executive",
    "administrator",
    "inspector",
    "officer",
    "prosecutor",
    "sheriff",
    "captain",
    "col",
    "colonel",
    "gen",
    "general",
    "sgt",
    "sergeant",
    "major",
    "maj",
    "adm",
    "admiral",
    "professor",
    "prof",
    "rev",
    "reverend",
    "the",
];

/// score.py's `norm`: accents off, case folded, possessive 's off, punctuation to spaces.
pub fn norm(s: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '\u{2019}' | '`' => '\'',
            c => c,
        })
        .flat_map(fold_accent)
        .flat_map(char::to_lowercase)
        .collect();
    // 's at a word end goes.
    let mut no_poss = String::with_capacity(folded.len());
    let cs: Vec<char> = folded.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        if cs[i] == '\''
            && cs.get(i + 1) == Some(&'s')
            && !cs
                .get(i + 2)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
        {
            i += 2;
            continue;
        }
        no_poss.push(cs[i]);
        i += 1;
    }
    let mut out = String::new();
    for w in no_poss.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '&')) {
        if !w.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Latin letters with accents to their base letter (what NFKD + dropping marks does to them).
fn fold_accent(c: char) -> impl Iterator<Item = char> {
    const FROM: &str = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿ";
    const TO: &str = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyy";
    let mapped = FROM
        .chars()
        .position(|f| f == c)
        .and_then(|k| TO.chars().nth(k))
        .unwrap_or(c);
    std::iter::once(mapped)
}

fn strip_titles(n: &str) -> String {
    let mut w: Vec<&str> = n.split(' ').collect();
    while w.len() > 1 && TITLES.contains(&w[0]) {
        w.remove(0);
    }
    w.join(" ")
}

fn keys<'a>(forms: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    for s in forms {
        let n = norm(s);
        if !n.is_empty() {
            out.push(strip_titles(&n));
            out.push(n);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// True positives, predictions and gold entities.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Matched predictions.
    pub tp: usize,
    /// Predicted entities.
    pub pred: usize,
    /// Gold entities.
    pub gold: usize,
}

impl Counts {
    /// Adds another count.
    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.pred += o.pred;
        self.gold += o.gold;
    }

    /// Precision, recall, F1.
    pub fn prf(self) -> (f64, f64, f64) {
        let p = if self.pred > 0 {
            self.tp as f64 / self.pred as f64
        } else {
            0.0
        };
        let r = if self.gold > 0 {
            self.tp as f64 / self.gold as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

/// Which predicted names match a gold entity of one release, as score.py decides: a
/// prediction matches the first unmatched gold entity sharing a normalized key. Also says which
/// gold entities were matched.
pub fn matches(pred: &[String], gold: &[GoldEntity]) -> (Vec<bool>, Vec<bool>) {
    let gk: Vec<Vec<String>> = gold
        .iter()
        .map(|e| {
            keys(std::iter::once(e.name.as_str()).chain(e.surfaces.iter().map(String::as_str)))
        })
        .collect();
    let mut used = vec![false; gold.len()];
    let hits = pred
        .iter()
        .map(|p| {
            let k = keys([p.as_str()]);
            let hit = (0..gold.len()).find(|&j| !used[j] && gk[j].iter().any(|x| k.contains(x)));
            if let Some(j) = hit {
                used[j] = true;
            }
            hit.is_some()
        })
        .collect();
    (hits, used)
}

/// Scores predicted names against the gold entities of one release, as score.py does (see
/// [`matches()`]). Unmatched predictions and gold names are pushed to `fps` and `fns`.
pub fn score_release(
    pred: &[String],
    gold: &[GoldEntity],
    fps: &mut Vec<String>,
    fns: &mut Vec<String>,
) -> Counts {
    let (hits, used) = matches(pred, gold);
    fps.extend(
        pred.iter()
            .zip(&hits)
            .filter(|(_, &h)| !h)
            .map(|(p, _)| p.clone()),
    );
    fns.extend(
        gold.iter()
            .zip(&used)
            .filter(|(_, &u)| !u)
            .map(|(e, _)| e.name.clone()),
    );
    Counts {
        tp: hits.iter().filter(|&&h| h).count(),
        pred: pred.len(),
        gold: gold.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_is_score_py_norm() {
        assert_eq!(norm("Justice Department’s"), "justice department");
        assert_eq!(norm("U.S. Attorney's Office"), "u s attorney office");
        assert_eq!(norm("António  Guterres"), "antonio guterres");
        assert_eq!(strip_titles("attorney general eric holder"), "eric holder");
    }

    #[test]
    fn scoring_matches_once() {
        let gold = vec![GoldEntity {
            name: "Eric H. Holder Jr.".into(),
            surfaces: vec!["Eric Holder".into(), "Holder".into()],
        }];
        let (mut fp, mut fne) = (Vec::new(), Vec::new());
        let c = score_release(
            &["Attorney General Eric Holder".into(), "Holder".into()],
            &gold,
            &mut fp,
            &mut fne,
        );
        assert_eq!((c.tp, c.pred, c.gold), (1, 2, 1));
        assert_eq!(fp, ["Holder"]);
    }

    #[test]
    fn projection_keeps_word_boundaries() {
        let doc = PressDoc {
            id: "x".into(),
            source: "doj".into(),
            text: "Holder and Holderman met the FBI.".into(),
            people: vec![GoldEntity {
                name: "Holder".into(),
                surfaces: vec![],
            }],
            orgs: vec![GoldEntity {
                name: "FBI".into(),
                surfaces: vec!["FBI".into()],
            }],
        };
        assert_eq!(projected_spans(&doc), [(0, 6, 0), (29, 32, 1)]);
    }
}
