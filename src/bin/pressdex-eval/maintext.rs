//! The main-text section: how much of an HTML page's article text `pressdex index` keeps, and how
//! much boilerplate it adds.
//!
//! The measure is the one `article-extraction-benchmark/README.md` describes (upstream
//! `evaluate.py`): both texts are split into `\w+` tokens, tokens are joined into 4-token
//! shingles, and each page counts TP/FP/FN over the two shingle multisets. Precision is averaged
//! over the pages where something was predicted or matched (TP + FP > 0), recall over the pages
//! whose gold has shingles (TP + FN > 0); F1 is the harmonic mean of the two averages.
//!
//! Each page goes through [`pressdex::parse::parse`] on the file bytes, the code path
//! `pressdex index` runs, and its `Parsed.body` is compared with the gold. Neither gold contains
//! the headline, so the title is not prepended.
//!
//! - `article-extraction-benchmark`: `html/<id>.html.gz` against `ground-truth.json`'s
//!   `articleBody`.
//! - `doj-press-releases`: the pages of `html.tar.xz` (read as a stream) against
//!   `releases.jsonl.gz`'s `body`.
//!
//! Set `PRESSDEX_EVAL_MAINTEXT_DUMP` to a directory to get one JSON line per page there
//! (`<dataset>.jsonl`: id, precision, recall, predicted and gold text), worst pages first.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use flate2::read::GzDecoder;
use rayon::prelude::*;

use crate::table::Row;

const SECTION: &str = "main text";
const AEB: &str = "article-extraction-benchmark";
const DOJ: &str = "doj-press-releases";

/// Reads a data set folder into pages.
type Loader = fn(&Path) -> anyhow::Result<Vec<Page>>;

/// One page to score: its id, its HTML bytes and its gold text.
struct Page {
    id: String,
    html: Vec<u8>,
    gold: String,
}

pub fn run(data: &Path) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    let sets: [(&str, Loader, f64); 2] = [(AEB, load_benchmark, 0.96), (DOJ, load_doj, 0.99)];
    for (name, load, target) in sets {
        let dir = data.join(name);
        if !dir.is_dir() {
            eprintln!(
                "pressdex-eval: {} not found, main text on {name} skipped",
                dir.display()
            );
            continue;
        }
        let pages = load(&dir).with_context(|| format!("loading {}", dir.display()))?;
        rows.extend(score(name, &pages, target)?);
    }
    Ok(rows)
}

/// Parses every page, scores it and returns the F1 row and the speed row of one data set.
fn score(name: &str, pages: &[Page], target: f64) -> anyhow::Result<Vec<Row>> {
    let results: Vec<(Counts, f64, String)> = pages
        .par_iter()
        .map(|page| {
            let path = PathBuf::from(format!("{}.html", page.id));
            let start = Instant::now();
            let body = pressdex::parse::parse(&path, &page.html)
                .map(|p| p.body)
                .unwrap_or_default();
            let secs = start.elapsed().as_secs_f64();
            (shingle_counts(&page.gold, &body), secs, body)
        })
        .collect();
    let counts: Vec<Counts> = results.iter().map(|r| r.0).collect();
    let (precision, recall, f1) = metrics(&counts);
    let secs: f64 = results.iter().map(|r| r.1).sum();
    let mb = pages.iter().map(|p| p.html.len()).sum::<usize>() as f64 / 1e6;

    if let Some(dir) = std::env::var_os("PRESSDEX_EVAL_MAINTEXT_DUMP") {
        dump(Path::new(&dir), name, pages, &results)?;
    }

    Ok(vec![
        Row {
            section: SECTION,
            dataset: name.to_string(),
            field: "4-shingle F1".into(),
            precision: Some(precision),
            recall: Some(recall),
            score: f1,
            n: pages.len(),
            target: Some(target),
        },
        Row {
            section: SECTION,
            dataset: name.to_string(),
            field: format!("parse ms/page ({mb:.0} MB)"),
            score: secs * 1000.0 / pages.len().max(1) as f64,
            n: pages.len(),
            ..Row::default()
        },
    ])
}

/// Writes `<dir>/<name>.jsonl`: one line per page, lowest F1 first.
fn dump(
    dir: &Path,
    name: &str,
    pages: &[Page],
    results: &[(Counts, f64, String)],
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut lines: Vec<(f64, String)> = pages
        .iter()
        .zip(results)
        .map(|(page, (c, _, body))| {
            let p = c.precision().unwrap_or(1.0);
            let r = c.recall().unwrap_or(1.0);
            let f = if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            };
            let line = serde_json::json!({
                "id": page.id, "f1": f, "precision": p, "recall": r,
                "predicted": body, "gold": page.gold,
            });
            (f, line.to_string())
        })
        .collect();
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    let out: String = lines.into_iter().map(|(_, l)| l + "\n").collect();
    std::fs::write(dir.join(format!("{name}.jsonl")), out)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Data sets

/// `html/<id>.html.gz` and `ground-truth.json` (`{ id: { articleBody, url } }`).
fn load_benchmark(dir: &Path) -> anyhow::Result<Vec<Page>> {
    #[derive(serde::Deserialize)]
    struct Truth {
        #[serde(rename = "articleBody", default)]
        article_body: String,
    }
    let truth: HashMap<String, Truth> =
        serde_json::from_slice(&std::fs::read(dir.join("ground-truth.json"))?)?;
    let mut pages = Vec::new();
    for (id, t) in truth {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let mut html = Vec::new();
        GzDecoder::new(std::fs::File::open(&path).with_context(|| path.display().to_string())?)
            .read_to_end(&mut html)
            .with_context(|| path.display().to_string())?;
        pages.push(Page {
            id,
            html,
            gold: t.article_body,
        });
    }
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pages)
}

/// `releases.jsonl.gz` (`id`, `html_file`, `body`) and the pages of `html.tar.xz`, read as
/// streams (nothing is unpacked to disk).
fn load_doj(dir: &Path) -> anyhow::Result<Vec<Page>> {
    #[derive(serde::Deserialize)]
    struct Release {
        id: String,
        html_file: String,
        body: String,
    }
    let file_name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let mut gold: HashMap<String, (String, String)> = HashMap::new();
    let jsonl = crate::unpack::read_gz(&dir.join("releases.jsonl.gz"))?;
    for line in jsonl.split(|&b| b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let r: Release = serde_json::from_slice(line)?;
        gold.insert(file_name(&r.html_file), (r.id, r.body));
    }
    let mut pages = Vec::new();
    crate::unpack::for_each_in_tar_xz(&dir.join("html.tar.xz"), |name, html| {
        if let Some((id, body)) = gold.remove(&file_name(name)) {
            pages.push(Page {
                id,
                html,
                gold: body,
            });
        }
        true
    })?;
    if !gold.is_empty() {
        bail!(
            "{} releases of releases.jsonl.gz have no page in html.tar.xz",
            gold.len()
        );
    }
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pages)
}

// ---------------------------------------------------------------------------------------------
// The measure

/// TP, FP and FN shingles of one page, normalised to sum to 1 (all zero when both are empty).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Counts {
    tp: f64,
    fp: f64,
    fn_: f64,
}

impl Counts {
    /// Precision, or `None` when the page has neither TP nor FP.
    fn precision(self) -> Option<f64> {
        if self.tp + self.fp <= 0.0 {
            return None;
        }
        Some(if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else {
            self.tp / (self.tp + self.fp)
        })
    }

    /// Recall, or `None` when the page has neither TP nor FN.
    fn recall(self) -> Option<f64> {
        if self.tp + self.fn_ <= 0.0 {
            return None;
        }
        Some(if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else {
            self.tp / (self.tp + self.fn_)
        })
    }
}

/// `\w+` tokens: runs of alphanumeric characters and `_` (Python's `\w` on `str`).
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The multiset of `n`-token shingles; a text shorter than `n` tokens is one shingle (none when
/// it has no token).
fn shingles(text: &str, n: usize) -> HashMap<Vec<&str>, usize> {
    let tokens = tokens(text);
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    if tokens.len() < n {
        out.insert(tokens, 1);
        return out;
    }
    for w in tokens.windows(n) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Compares the predicted text with the gold text over 4-token shingles.
fn shingle_counts(gold: &str, predicted: &str) -> Counts {
    let gold = shingles(gold, 4);
    let pred = shingles(predicted, 4);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (k, &g) in &gold {
        let p = pred.get(k).copied().unwrap_or(0);
        tp += g.min(p);
        fn_ += g.saturating_sub(p);
    }
    for (k, &p) in &pred {
        fp += p.saturating_sub(gold.get(k).copied().unwrap_or(0));
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return Counts::default();
    }
    Counts {
        tp: tp as f64 / sum,
        fp: fp as f64 / sum,
        fn_: fn_ as f64 / sum,
    }
}

/// Mean precision, mean recall and their harmonic mean.
fn metrics(pages: &[Counts]) -> (f64, f64, f64) {
    let mean = |xs: Vec<f64>| {
        if xs.is_empty() {
            0.0
        } else {
            xs.iter().sum::<f64>() / xs.len() as f64
        }
    };
    let p = mean(pages.iter().filter_map(|c| c.precision()).collect());
    let r = mean(pages.iter().filter_map(|c| c.recall()).collect());
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_word_runs() {
        assert_eq!(
            tokens("Hello, wörld_1 — it's 2019!"),
            vec!["Hello", "wörld_1", "it", "s", "2019"]
        );
    }

    #[test]
    fn shingle_matching() {
        // Identical texts: all TP.
        let c = shingle_counts("a b c d e", "a b c d e");
        assert_eq!((c.precision(), c.recall()), (Some(1.0), Some(1.0)));
        // Extra text: 2 of 4 predicted shingles are right, both gold shingles found.
        let c = shingle_counts("a b c d e", "a b c d e f g");
        assert_eq!(c.precision(), Some(0.5));
        assert_eq!(c.recall(), Some(1.0));
        assert!((c.tp + c.fp + c.fn_ - 1.0).abs() < 1e-12);
        // Missing text.
        let c = shingle_counts("a b c d e f g", "a b c d e");
        assert_eq!((c.precision(), c.recall()), (Some(1.0), Some(0.5)));
        // Multisets: a repeated shingle counts as often as it occurs.
        let c = shingle_counts("x y z w", "x y z w. x y z w");
        assert_eq!(c.recall(), Some(1.0));
        assert_eq!(c.precision(), Some(0.2));
        // Short texts are one shingle; nothing predicted leaves precision undefined.
        assert_eq!(shingle_counts("a b", "a b").precision(), Some(1.0));
        let c = shingle_counts("a b c d", "");
        assert_eq!((c.precision(), c.recall()), (None, Some(0.0)));
    }

    #[test]
    fn averages_over_pages() {
        let pages = [
            shingle_counts("a b c d e", "a b c d e f g"), // P 0.5, R 1
            shingle_counts("a b c d e f g", "a b c d e"), // P 1, R 0.5
            shingle_counts("a b c d", ""),                // P undefined, R 0
        ];
        let (p, r, f1) = metrics(&pages);
        assert!((p - 0.75).abs() < 1e-12);
        assert!((r - 0.5).abs() < 1e-12);
        assert!((f1 - 0.6).abs() < 1e-12);
    }
}
