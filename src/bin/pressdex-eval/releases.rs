//! People and organizations in press releases read by hand, scored per release as
//! `press-entities/score.py` scores them (see `common/press.rs`): the shared set's training and
//! held-out parts, and the project's own annotations (`annotations/`), held-out part first.
//!
//! Each release goes through [`pressdex::extract::extract_text`], what `pressdex extract
//! --jsonl` runs, with the headline and the text joined as the scorer joins them.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::press::{self, Counts, PressDoc};
use crate::table::Row;

/// The targets: people P/R/F1, organizations F1 (with P ≥ 0.80).
fn target(kind: &str) -> f64 {
    if kind == "people" {
        0.90
    } else {
        0.75
    }
}

struct Scored {
    people: Counts,
    orgs: Counts,
    fps: Vec<(String, String)>,
    fns: Vec<(String, String)>,
}

fn score(docs: &[&PressDoc]) -> Scored {
    let per_doc: Vec<Scored> = docs
        .par_iter()
        .map(|d| {
            let found = pressdex::extract::extract_text(&d.text);
            let names =
                |v: &[pressdex::Entity]| v.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
            let (mut fp, mut fne) = (Vec::new(), Vec::new());
            let people = press::score_release(&names(&found.people), &d.people, &mut fp, &mut fne);
            let tag = |v: Vec<String>, k: &str| {
                v.into_iter()
                    .map(|n| (k.to_string(), n))
                    .collect::<Vec<_>>()
            };
            let mut fps = tag(std::mem::take(&mut fp), "people");
            let mut fns = tag(std::mem::take(&mut fne), "people");
            let orgs = press::score_release(&names(&found.orgs), &d.orgs, &mut fp, &mut fne);
            fps.extend(tag(fp, "orgs"));
            fns.extend(tag(fne, "orgs"));
            Scored {
                people,
                orgs,
                fps,
                fns,
            }
        })
        .collect();
    let mut all = Scored {
        people: Counts::default(),
        orgs: Counts::default(),
        fps: Vec::new(),
        fns: Vec::new(),
    };
    for s in per_doc {
        all.people.add(s.people);
        all.orgs.add(s.orgs);
        all.fps.extend(s.fps);
        all.fns.extend(s.fns);
    }
    all
}

fn commonest(items: &[(String, String)], n: usize) -> String {
    let mut count: HashMap<&(String, String), usize> = HashMap::new();
    for i in items {
        *count.entry(i).or_default() += 1;
    }
    let mut v: Vec<_> = count.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.iter()
        .take(n)
        .map(|((k, name), c)| format!("{k}:{name} ({c})"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn rows(out: &mut Vec<Row>, dataset: &str, docs: &[&PressDoc], show: usize, with_target: bool) {
    if docs.is_empty() {
        return;
    }
    let s = score(docs);
    for (kind, c) in [("people", s.people), ("orgs", s.orgs)] {
        let (p, r, f) = c.prf();
        out.push(Row {
            section: "releases",
            dataset: format!("{dataset} ({} releases)", docs.len()),
            field: kind.to_string(),
            precision: Some(p),
            recall: Some(r),
            score: f,
            n: c.gold,
            target: with_target.then(|| target(kind)),
        });
    }
    if show > 0 {
        eprintln!("{dataset}: false positives: {}", commonest(&s.fps, show));
        eprintln!("{dataset}: missed: {}", commonest(&s.fns, show));
    }
}

/// `(held out, trained on)` among the releases of `source` (all when `None`).
fn split<'a>(docs: &'a [PressDoc], source: Option<&str>) -> (Vec<&'a PressDoc>, Vec<&'a PressDoc>) {
    docs.iter()
        .filter(|d| source.is_none_or(|s| d.source == s))
        .partition(|d| press::held_out(&d.id))
}

/// `PRESSDEX_EVAL_RELEASES_DUMP=FILE` appends one JSON line per release read by hand to FILE
/// (`set`, `id`, `source`, `held_out`, `text` as the scorer sends it, gold `people` and `orgs`),
/// for error analysis outside the evaluation. Analyse the trained-on part; the held-out part
/// stays for checking.
fn dump(set: &str, docs: &[PressDoc]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let Some(path) = std::env::var_os("PRESSDEX_EVAL_RELEASES_DUMP") else {
        return Ok(());
    };
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    let ents = |v: &[press::GoldEntity]| {
        v.iter()
            .map(|e| serde_json::json!({"name": e.name, "surfaces": e.surfaces}))
            .collect::<Vec<_>>()
    };
    for d in docs {
        let line = serde_json::json!({
            "set": set, "id": d.id, "source": d.source, "held_out": press::held_out(&d.id),
            "text": d.text, "people": ents(&d.people), "orgs": ents(&d.orgs),
        });
        writeln!(f, "{line}")?;
    }
    Ok(())
}

/// The rows of the section; `annotations` is the folder of the project's own annotations.
pub fn run(data: &Path, annotations: &Path, show: usize) -> anyhow::Result<Vec<Row>> {
    let mut out = Vec::new();
    match press::load_shared(data)? {
        Some(docs) => {
            dump("shared", &docs)?;
            let (held, trained) = split(&docs, None);
            rows(&mut out, "press-entities held out", &held, show, true);
            for src in ["doj", "grimmer"] {
                let (held, _) = split(&docs, Some(src));
                rows(
                    &mut out,
                    &format!("press-entities held out, {src}"),
                    &held,
                    0,
                    false,
                );
            }
            rows(&mut out, "press-entities trained on", &trained, 0, false);
        }
        None => eprintln!("pressdex-eval: skipping press-entities: not found"),
    }
    match press::load_own(data, annotations)? {
        Some(docs) => {
            dump("own", &docs)?;
            let (held, trained) = split(&docs, None);
            rows(&mut out, "own annotations held out", &held, show, true);
            rows(&mut out, "own annotations trained on", &trained, 0, false);
        }
        None => eprintln!("pressdex-eval: skipping own annotations: not found"),
    }
    Ok(out)
}
