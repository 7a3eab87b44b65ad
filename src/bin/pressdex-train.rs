//! `pressdex-train DATA_DIR`: trains the entity tagger and writes `src/extract/model.bin`.
//!
//! Training data, all from DATA_DIR (the project's shared data folder):
//! - `conll2003/conllpp_train.txt.gz`: CoNLL-2003 train, all four types (PER, ORG, LOC, MISC);
//! - the even-numbered documents (0, 2, 4, ...) of `re3d/gold.jsonl` (Person, Organisation,
//!   Location, Nationality with confidence >= 0.5) and of `gum-news-ner/gold.jsonl` (person,
//!   organization, place mentions that contain a proper noun). The odd-numbered documents are
//!   never trained on: `pressdex-eval` scores those.
//!
//! - press releases read by hand, the register pressdex's users have: `press-entities/` (DOJ and
//!   Senate releases, people and organizations with every surface) and the project's own
//!   annotations in `annotations/` (same guidelines; texts read from the DOJ and Senate data
//!   sets). Surfaces are projected onto the text as spans; locations are not annotated there, so
//!   a location tag outside a gold span is not counted as a mistake. About one release in four
//!   (fixed by its id, see `common/press.rs`) is never trained on: `pressdex-eval` scores those.
//!
//! The run is deterministic: same data, same model bytes.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "common/press.rs"]
#[allow(dead_code)]
mod press;
#[path = "common/unpack.rs"]
#[allow(dead_code)]
mod unpack;

use anyhow::{bail, Context as _};
use clap::Parser;
use pressdex::extract::tagger::{train, Example};
use serde_json::Value;

/// Trains the entity tagger from the shared data folder and writes the model file.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// The shared data folder (holding conll2003/, re3d/, gum-news-ner/).
    data: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/src/extract/model.bin"))]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 6)]
    epochs: usize,
    /// The feature table has 2^bits rows.
    #[arg(long, default_value_t = 20)]
    bits: u32,
    /// How many times each even re3d/GUM document is repeated in the training data (they are
    /// few next to CoNLL, and closer to press releases).
    #[arg(long, default_value_t = 1)]
    repeat: usize,
    /// Train on CoNLL only (not on the even documents of re3d and GUM, nor press releases).
    #[arg(long)]
    conll_only: bool,
    /// How many times each CoNLL document is in the training data (0: none).
    #[arg(long, default_value_t = 2)]
    conll_repeat: usize,
    /// How many times each press release read by hand (training part) is repeated.
    #[arg(long, default_value_t = 3)]
    press_repeat: usize,
    /// The project's own annotations (gold JSON Lines files naming their DOJ/Senate source).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/annotations"))]
    annotations: PathBuf,
    /// Write the tagger alone, without the confidence model that chooses which entities to keep.
    #[arg(long)]
    no_confidence: bool,
    /// Second stage (run by the first in a child process that loads this tagger file): learn
    /// the confidence model from the entities this tagger finds, and write both to --out.
    #[arg(long, hide = true)]
    confidence_from: Option<PathBuf>,
}

/// The training part of the press releases read by hand, with spans projected from surfaces.
fn press_examples(args: &Args) -> anyhow::Result<Vec<Example>> {
    let mut docs = Vec::new();
    match press::load_shared(&args.data)? {
        Some(d) => docs.extend(d),
        None => eprintln!("press-entities not found: not trained on"),
    }
    match press::load_own(&args.data, &args.annotations)? {
        Some(d) => docs.extend(d),
        None => eprintln!("own annotations or their texts not found: not trained on"),
    }
    let total = docs.len();
    let train: Vec<Example> = docs
        .iter()
        .filter(|d| !press::held_out(&d.id))
        .map(|d| Example {
            text: d.text.clone(),
            spans: press::projected_spans(d),
            partial: true,
        })
        .collect();
    eprintln!(
        "press releases read by hand: {} of {total} trained on (the rest held out)",
        train.len()
    );
    Ok(train)
}

/// Reads a gzip file through the system's `gzip -dc` (no copy is written to disk).
fn gunzip(path: &Path) -> anyhow::Result<String> {
    let mut child = Command::new("gzip")
        .arg("-dc")
        .arg(path)
        .stdout(Stdio::piped())
        .spawn()
        .context("running gzip -dc (is gzip installed?)")?;
    let mut text = String::new();
    child
        .stdout
        .take()
        .context("gzip stdout")?
        .read_to_string(&mut text)?;
    if !child.wait()?.success() {
        bail!("gzip -dc {path:?} failed");
    }
    Ok(text)
}

/// CoNLL documents: tokens joined by a space, sentences by a newline (as in the dev gold file).
fn conll(text: &str) -> Vec<Example> {
    let mut docs = Vec::new();
    let mut cur = Example {
        text: String::new(),
        spans: Vec::new(),
        partial: false,
    };
    let mut open: Option<(usize, usize, usize)> = None;
    let mut line_start = true;
    let close = |open: &mut Option<(usize, usize, usize)>, ex: &mut Example| {
        if let Some(o) = open.take() {
            ex.spans.push(o);
        }
    };
    for line in text.lines() {
        let line = line.trim_end();
        if line.starts_with("-DOCSTART-") {
            close(&mut open, &mut cur);
            if !cur.text.trim().is_empty() {
                cur.text = cur.text.trim_end().to_string();
                docs.push(std::mem::replace(
                    &mut cur,
                    Example {
                        text: String::new(),
                        spans: Vec::new(),
                        partial: false,
                    },
                ));
            }
            cur.text.clear();
            cur.spans.clear();
            line_start = true;
            continue;
        }
        if line.is_empty() {
            close(&mut open, &mut cur);
            if !line_start {
                cur.text.push('\n');
                line_start = true;
            }
            continue;
        }
        let mut parts = line.split(' ');
        let tok = parts.next().unwrap_or("");
        let tag = parts.next_back().unwrap_or("O");
        if !line_start {
            cur.text.push(' ');
        }
        line_start = false;
        let s = cur.text.len();
        cur.text.push_str(tok);
        let e = cur.text.len();
        let ty = ["PER", "ORG", "LOC", "MISC"]
            .iter()
            .position(|t| tag.len() > 2 && &tag[2..] == *t);
        match (tag.as_bytes().first(), ty) {
            (Some(b'I'), Some(ty)) if open.is_some_and(|o| o.2 == ty) => {
                if let Some(o) = open.as_mut() {
                    o.1 = e;
                }
            }
            (Some(b'B' | b'I'), Some(ty)) => {
                close(&mut open, &mut cur);
                open = Some((s, e, ty));
            }
            _ => close(&mut open, &mut cur),
        }
    }
    close(&mut open, &mut cur);
    if !cur.text.trim().is_empty() {
        cur.text = cur.text.trim_end().to_string();
        docs.push(cur);
    }
    docs
}

/// The even-numbered documents of a gold JSONL file, with the spans `ty` maps to a type.
fn gold_even(path: &Path, ty: impl Fn(&Value) -> Option<usize>) -> anyhow::Result<Vec<Example>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path:?}"))?;
    let mut out = Vec::new();
    for (k, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        if k % 2 == 1 {
            continue;
        }
        let v: Value = serde_json::from_str(line)?;
        let doc = v["text"].as_str().unwrap_or("").to_string();
        let mut spans = Vec::new();
        for e in v["entities"].as_array().into_iter().flatten() {
            let Some(t) = ty(e) else { continue };
            let (s, en) = (
                e["start"].as_u64().unwrap_or(0) as usize,
                e["end"].as_u64().unwrap_or(0) as usize,
            );
            if let Some((s, en)) = trim_span(&doc, s, en) {
                spans.push((s, en, t));
            }
        }
        out.push(Example {
            text: doc,
            spans,
            partial: false,
        });
    }
    Ok(out)
}

/// Trims a gold span to its name: leading words in lower case ("the", "a") and a trailing
/// possessive go; a span with no capital letter left is dropped.
fn trim_span(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let span = text.get(s..e)?;
    let mut a = 0;
    for w in span.split_inclusive(char::is_whitespace) {
        let first = w.chars().next()?;
        if first.is_lowercase() {
            a += w.len();
        } else {
            break;
        }
    }
    let mut b = span.len();
    for suffix in ["'s", "’s", "'", "’"] {
        if span[..b].ends_with(suffix) {
            b -= suffix.len();
            break;
        }
    }
    let b = a + span.get(a..b)?.trim_end().len();
    let core = span.get(a..b)?;
    if core.is_empty() || !core.chars().any(char::is_uppercase) || core.contains('\n') {
        return None;
    }
    Some((s + a, s + b))
}

/// The news sets trained on: CoNLL-2003 train, and the even documents of re3d and GUM.
fn news_examples(args: &Args) -> anyhow::Result<(Vec<Example>, Vec<Example>)> {
    let path = args.data.join("conll2003/conllpp_train.txt.gz");
    let conll_docs = conll(&gunzip(&path)?);
    eprintln!("conll2003 train: {} documents", conll_docs.len());
    let sure = |e: &Value| e["confidence"].as_f64().unwrap_or(0.0) >= 0.5;
    let mut others = gold_even(&args.data.join("re3d/gold.jsonl"), |e| {
        if !sure(e) {
            return None;
        }
        match e["type"].as_str()? {
            "Person" => Some(0),
            "Organisation" => Some(1),
            "Location" => Some(2),
            "Nationality" => Some(3),
            _ => None,
        }
    })?;
    eprintln!("re3d even documents: {}", others.len());
    let gum = gold_even(&args.data.join("gum-news-ner/gold.jsonl"), |e| {
        if e["has_propn"] != true {
            return None;
        }
        match e["type"].as_str()? {
            "person" => Some(0),
            "organization" => Some(1),
            "place" => Some(2),
            _ => None,
        }
    })?;
    eprintln!("gum-news-ner even documents: {}", gum.len());
    others.extend(gum);
    Ok((conll_docs, others))
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(tagger) = &args.confidence_from {
        return confidence_stage(&args, tagger);
    }
    let (conll_docs, others) = news_examples(&args)?;
    let mut examples = Vec::new();
    for _ in 0..args.conll_repeat.max(usize::from(args.conll_only)) {
        examples.extend(conll_docs.iter().cloned());
    }
    if !args.conll_only {
        for _ in 0..args.repeat {
            examples.extend(others.iter().cloned());
        }
        let press = press_examples(&args)?;
        for _ in 0..args.press_repeat {
            examples.extend(press.iter().cloned());
        }
    }
    let model = train(&examples, args.epochs, args.bits, &mut |m| eprintln!("{m}"));
    if args.conll_only || args.no_confidence {
        std::fs::write(&args.out, &model).with_context(|| format!("writing {:?}", args.out))?;
        eprintln!("wrote {} bytes to {:?}", model.len(), args.out);
        return Ok(());
    }
    // The confidence model learns from what this tagger finds: a child process loads it (the
    // tagger is read once per process), and writes the tagger and the confidence model.
    let mut tagger = args.out.clone().into_os_string();
    tagger.push(".tagger");
    let tagger = PathBuf::from(tagger);
    std::fs::write(&tagger, &model).with_context(|| format!("writing {tagger:?}"))?;
    let status = Command::new(std::env::current_exe()?)
        .arg(&args.data)
        .arg("--out")
        .arg(&args.out)
        .arg("--annotations")
        .arg(&args.annotations)
        .arg("--confidence-from")
        .arg(&tagger)
        .env("PRESSDEX_MODEL", &tagger)
        .status()
        .context("running the confidence stage")?;
    std::fs::remove_file(&tagger).ok();
    if !status.success() {
        bail!("the confidence stage failed ({status})");
    }
    Ok(())
}

/// One entity the tagger found in a training release: its feature buckets and whether the
/// scorer counts it right.
struct Found {
    buckets: Vec<usize>,
    right: bool,
}

/// The entities found in one release, by kind (people, organizations), and the gold counts.
struct Release {
    found: [Vec<Found>; 2],
    gold: [usize; 2],
}

/// Stage two: the confidence model, learned from the entities the tagger in `tagger` (loaded by
/// this process through `PRESSDEX_MODEL`) finds in the training part of the releases read by
/// hand.
fn confidence_stage(args: &Args, tagger: &Path) -> anyhow::Result<()> {
    use pressdex::extract::confidence::{bucket, features, Confidence, Weights, BITS};
    use pressdex::extract::entities::find_candidates;
    pressdex::extract::tagger::check_model().map_err(anyhow::Error::msg)?;
    let mut docs = Vec::new();
    docs.extend(press::load_shared(&args.data)?.unwrap_or_default());
    docs.extend(press::load_own(&args.data, &args.annotations)?.unwrap_or_default());
    let mut releases = Vec::new();
    let mut feats = Vec::new();
    for d in docs.iter().filter(|d| !press::held_out(&d.id)) {
        let (people, orgs) = find_candidates(&d.text);
        let mut found: [Vec<Found>; 2] = Default::default();
        for (k, (list, gold)) in [(&people, &d.people), (&orgs, &d.orgs)]
            .into_iter()
            .enumerate()
        {
            let names: Vec<String> = list.iter().map(|e| e.name.clone()).collect();
            let (hits, _) = press::matches(&names, gold);
            for (e, right) in list.iter().zip(hits) {
                features(&d.text, e, k == 0, &mut feats);
                found[k].push(Found {
                    buckets: feats.iter().map(|&h| bucket(h)).collect(),
                    right,
                });
            }
        }
        releases.push(Release {
            found,
            gold: [d.people.len(), d.orgs.len()],
        });
    }
    if releases.is_empty() {
        bail!("no press releases read by hand to learn the confidence model from");
    }
    // The news sets too, so that what is learnt about press releases does not drop the names
    // news text uses (teams, companies, people by surname): an entity there is right when most
    // of its mentions fall on a gold span of its kind.
    let (conll_docs, others) = news_examples(args)?;
    let mut news: [Vec<Found>; 2] = Default::default();
    for ex in conll_docs.iter().chain(&others) {
        let (people, orgs) = find_candidates(&ex.text);
        for (k, list) in [&people, &orgs].into_iter().enumerate() {
            for e in list {
                let on_gold = e
                    .mentions
                    .iter()
                    .filter(|m| {
                        ex.spans
                            .iter()
                            .any(|&(s, t, ty)| ty == k && s < m.end && m.start < t)
                    })
                    .count();
                features(&ex.text, e, k == 0, &mut feats);
                news[k].push(Found {
                    buckets: feats.iter().map(|&h| bucket(h)).collect(),
                    right: 2 * on_gold >= e.mentions.len(),
                });
            }
        }
    }
    let mut kinds = Vec::new();
    for (k, kind) in ["people", "organizations"].into_iter().enumerate() {
        let repeat = args.press_repeat.max(1);
        report_cross_validated(&releases, &news[k], k, repeat, BITS);
        let threshold = KEEP_AT;
        let all: Vec<&Found> = (0..repeat)
            .flat_map(|_| releases.iter().flat_map(|r| &r.found[k]))
            .chain(&news[k])
            .collect();
        let w = fit(&all, BITS);
        eprintln!(
            "confidence ({kind}): {} entities from {} releases; keep at probability {threshold:.2}",
            all.len(),
            releases.len()
        );
        let logit = (threshold / (1.0 - threshold)).ln() as f32;
        kinds.push(Weights {
            threshold: logit,
            weights: w
                .iter()
                .enumerate()
                .filter(|(_, &x)| x as f32 != 0.0)
                .map(|(b, &x)| (b as u32, x as f32))
                .collect(),
        });
    }
    let orgs = kinds.pop().unwrap_or_default();
    let people = kinds.pop().unwrap_or_default();
    let mut model = std::fs::read(tagger).with_context(|| format!("reading {tagger:?}"))?;
    model.extend(Confidence { people, orgs }.to_bytes());
    std::fs::write(&args.out, &model).with_context(|| format!("writing {:?}", args.out))?;
    eprintln!("wrote {} bytes to {:?}", model.len(), args.out);
    Ok(())
}

/// Logistic regression by stochastic gradient descent, in a fixed order (deterministic).
fn fit(examples: &[&Found], bits: u32) -> Vec<f64> {
    const EPOCHS: usize = 15;
    const RATE: f64 = 0.1;
    const DECAY: f64 = 1e-4;
    let mut w = vec![0f64; 1 << bits];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x00c0_ffee;
    for _ in 0..EPOCHS {
        for k in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(k, (seed >> 33) as usize % (k + 1));
        }
        for &i in &order {
            let ex = examples[i];
            let z: f64 = ex.buckets.iter().map(|&b| w[b]).sum();
            let p = 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp());
            let g = p - f64::from(u8::from(ex.right));
            for &b in &ex.buckets {
                w[b] = w[b] * (1.0 - RATE * DECAY) - RATE * g;
            }
        }
    }
    w
}

/// The probability at which an entity is kept: when the model says it is more likely right
/// than wrong. Fixed rather than picked per training set: the cross-validated F1 is flat
/// around it (within 0.005 from 0.30 to 0.55 for organizations), so the best of the grid moved
/// with every change of the training data (0.35 to 0.45), taking precision with it.
const KEEP_AT: f64 = 0.5;

/// Prints the release-level precision, recall and F1 each keep threshold would give over four
/// folds of the training releases, each scored by a model fitted on the other three (each
/// `repeat` times) and the news sets: what [`KEEP_AT`] trades.
fn report_cross_validated(
    releases: &[Release],
    news: &[Found],
    kind: usize,
    repeat: usize,
    bits: u32,
) {
    const FOLDS: usize = 4;
    let grid: Vec<f64> = (1..=16).map(|k| k as f64 * 0.05).collect();
    let mut tp = vec![0usize; grid.len()];
    let mut pred = vec![0usize; grid.len()];
    let gold: usize = releases.iter().map(|r| r.gold[kind]).sum();
    for fold in 0..FOLDS {
        let train: Vec<&Found> = (0..repeat)
            .flat_map(|_| {
                releases
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % FOLDS != fold)
                    .flat_map(|(_, r)| &r.found[kind])
            })
            .chain(news)
            .collect();
        let w = fit(&train, bits);
        for (_, r) in releases
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS == fold)
        {
            for f in &r.found[kind] {
                let z: f64 = f.buckets.iter().map(|&b| w[b]).sum();
                let p = 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp());
                for (g, &t) in grid.iter().enumerate() {
                    if p >= t {
                        pred[g] += 1;
                        tp[g] += usize::from(f.right);
                    }
                }
            }
        }
    }
    let f1 = |g: usize| {
        let (p, r) = (
            tp[g] as f64 / pred[g].max(1) as f64,
            tp[g] as f64 / gold.max(1) as f64,
        );
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    };
    for (g, &t) in grid.iter().enumerate() {
        eprintln!(
            "  threshold {t:.2}: cross-validated P {:.3} R {:.3} F1 {:.3}",
            tp[g] as f64 / pred[g].max(1) as f64,
            tp[g] as f64 / gold.max(1) as f64,
            f1(g)
        );
    }
}
