//! Training, used by the `pressdex-train` binary: gold spans to tags, and the averaged
//! perceptron that writes the model file's bytes.

use super::features::{bucket, infos, static_features, tag_features, word_tag_feature, Infos};
use super::{best_tag, tag_type, FEATURES, MAGIC, NT};
use crate::extract::lists::LISTS;
use crate::extract::tokens::tokenize;

/// One training document: its text and gold spans `(start byte, end byte, type index)`.
#[derive(Clone)]
pub struct Example {
    /// The document text.
    pub text: String,
    /// Gold entity spans; overlapping spans are resolved longest first.
    pub spans: Vec<(usize, usize, usize)>,
    /// Only people and organizations are annotated (press releases read by hand): outside the
    /// gold spans a location or miscellaneous tag is not counted as a mistake.
    pub partial: bool,
}

/// A document ready for training: token infos and gold tags.
struct Prepared {
    inf: Infos,
    gold: Vec<u8>,
    partial: bool,
}

fn prepare(ex: &Example) -> Prepared {
    let toks = tokenize(&ex.text);
    let inf = infos(&ex.text, &toks, &LISTS);
    let mut gold = vec![0u8; toks.len()];
    let mut spans = ex.spans.clone();
    spans.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut taken = vec![false; toks.len()];
    for (s, e, ty) in spans {
        let inside: Vec<usize> = (0..toks.len())
            .filter(|&k| toks[k].s < e && toks[k].e > s)
            .collect();
        if inside.is_empty() || inside.iter().any(|&k| taken[k]) {
            continue;
        }
        for (n, &k) in inside.iter().enumerate() {
            taken[k] = true;
            gold[k] = (1 + 2 * ty + usize::from(n > 0)) as u8;
        }
    }
    Prepared {
        inf,
        gold,
        partial: ex.partial,
    }
}

/// Whether `guess` counts as right for `truth`: equal, or in a partially annotated document a
/// location or miscellaneous tag where the annotation says "no person or organization".
fn acceptable(guess: u8, truth: u8, partial: bool) -> bool {
    guess == truth || partial && truth == 0 && matches!(tag_type(guess), Some(2 | 3))
}

/// Trains the tagger on `examples` for `epochs` passes (deterministic: the order of the
/// documents is shuffled with a fixed seed) and returns the model file's bytes. `bits` is the
/// table size as a power of two; rows whose weights all round to zero are left out.
pub fn train(examples: &[Example], epochs: usize, bits: u32, log: &mut dyn FnMut(&str)) -> Vec<u8> {
    let docs: Vec<Prepared> = examples.iter().map(prepare).collect();
    let size = 1usize << bits;
    let mut w = vec![[0f32; NT]; size];
    let mut u = vec![[0f32; NT]; size];
    let mut c: f32 = 1.0;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut seed: u64 = 0x5eed;
    let mut feats = Vec::with_capacity(96);
    let mut buckets: Vec<usize> = Vec::with_capacity(96);
    for epoch in 0..epochs {
        // Fisher–Yates with a fixed-seed LCG.
        for k in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let j = (seed >> 33) as usize % (k + 1);
            order.swap(k, j);
        }
        let (mut right, mut total) = (0usize, 0usize);
        for &d in &order {
            let doc = &docs[d];
            let (mut prev, mut prev2) = (0u8, 0u8);
            for i in 0..doc.gold.len() {
                static_features(&doc.inf, i, &mut feats);
                tag_features(&doc.inf, i, prev, prev2, &mut feats);
                word_tag_feature(&doc.inf.v[i], prev, &mut feats);
                buckets.clear();
                buckets.extend(feats.iter().map(|&h| bucket(h, bits)));
                let mut score = [0f32; NT];
                for &b in &buckets {
                    for t in 0..NT {
                        score[t] += w[b][t];
                    }
                }
                let guess = best_tag(&score, prev);
                let truth = doc.gold[i];
                total += 1;
                if acceptable(guess, truth, doc.partial) {
                    right += 1;
                } else {
                    for &b in &buckets {
                        w[b][truth as usize] += 1.0;
                        u[b][truth as usize] += c;
                        w[b][guess as usize] -= 1.0;
                        u[b][guess as usize] -= c;
                    }
                }
                c += 1.0;
                // Learn from its own history, as it will run.
                prev2 = prev;
                prev = guess;
            }
        }
        log(&format!(
            "epoch {}: token accuracy {:.4}",
            epoch + 1,
            right as f64 / total.max(1) as f64
        ));
    }
    // Averaged weights, quantized to i16.
    let avg: Vec<[f32; NT]> = w
        .iter()
        .zip(&u)
        .map(|(wr, ur)| {
            let mut r = [0f32; NT];
            for t in 0..NT {
                r[t] = wr[t] - ur[t] / c;
            }
            r
        })
        .collect();
    let max = avg
        .iter()
        .flat_map(|r| r.iter())
        .fold(0f32, |m, &x| m.max(x.abs()));
    let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
    let mut rows: Vec<(u32, [i16; NT])> = Vec::new();
    for (b, r) in avg.iter().enumerate() {
        let mut q = [0i16; NT];
        for t in 0..NT {
            q[t] = (r[t] * scale).round() as i16;
        }
        if q.iter().any(|&x| x != 0) {
            rows.push((b as u32, q));
        }
    }
    let mut out = Vec::with_capacity(16 + rows.len() * (4 + 2 * NT));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FEATURES.to_le_bytes());
    out.extend_from_slice(&bits.to_le_bytes());
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    for (b, q) in rows {
        out.extend_from_slice(&b.to_le_bytes());
        for x in q {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
    out
}
