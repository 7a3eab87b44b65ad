//! A named-entity tagger: an averaged perceptron over BIO tags, decoded greedily left to right.
//!
//! It tags the tokens of `tokens::tokenize` with person, organization,
//! location and miscellaneous names (CoNLL's four types; the finder keeps people and
//! organizations). Features are hashed into a fixed table: the lower-cased word and its
//! neighbours, word shapes, prefixes and suffixes, the word lists of `data/` as gazetteers,
//! sentence starts, headline lines, what the same word looks like elsewhere in the document, and
//! the previous tags.
//!
//! The weights live in `src/extract/model.bin`, written by `pressdex-train` (see README,
//! "Extraction model") and loaded once with `include_bytes!`. The format is little-endian:
//! `b"PDXTAG02"`, the features version it was trained with ([`FEATURES`], u32; another version
//! is refused), the table size as a power of two (u32), the number of rows (u32), then each
//! non-zero row as its bucket (u32) and one i16 weight per tag.

// Feature hashing in `features`, training in `train`; tags, the model and decoding below.
mod features;
#[cfg(test)]
mod tests;
mod train;

use std::sync::LazyLock;

use features::{
    bucket, context_features, context_key, gaz, hash_str, infos, own_features,
    previous_tag_features, shape_tag_feature, word_pair_features, word_tag_feature, ContextKey,
    Info, Infos, Spellings, EMPTY,
};
pub use train::{train, Example};

use super::confidence::{Confidence, Tables};
use super::lists::LISTS;
use super::tokens::{tokenize, Kind, Tok};

/// The tags, in weight-row order.
pub const TAGS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
/// Number of tags.
const NT: usize = TAGS.len();
/// Entity types: index into `TYPES` is `(tag - 1) / 2`.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

const MAGIC: &[u8; 8] = b"PDXTAG02";

/// The version of the features (what `infos` and the feature functions hash). A model trained
/// with other features scores garbage with these, so it is refused when loaded. Bump it with
/// any change to the features or the tokenizer, and retrain.
pub const FEATURES: u32 = 5;

/// The type of a tag (`None` for O).
pub fn tag_type(tag: u8) -> Option<usize> {
    (tag > 0).then(|| (tag as usize - 1) / 2)
}

fn is_inside(tag: u8) -> bool {
    tag > 0 && tag.is_multiple_of(2)
}

/// Whether `tag` may follow `prev` (an I- tag continues an entity of its type).
fn allowed(prev: u8, tag: u8) -> bool {
    !is_inside(tag) || (prev > 0 && tag_type(prev) == tag_type(tag))
}

// ---------------------------------------------------------------------------------------------
// The model

/// One bucket's weights, padded to fill one cache line.
#[derive(Clone, Copy)]
#[repr(align(32))]
struct Row([i16; 16]);

/// Weights, one row per bucket.
struct Model {
    bits: u32,
    rows: Vec<Row>,
    /// The sums of [`previous_tag_features`], at `prev * NT + prev2`.
    previous: Vec<[i32; NT]>,
    /// Which entities to keep, when the file has that section.
    keep: Option<Tables>,
}

impl Model {
    fn parse(bytes: &[u8]) -> Result<Model, String> {
        let rest = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or("not a pressdex tagger model of this format (retrain with pressdex-train)")?;
        let u32_at = |b: &[u8], k: usize| -> Option<u32> {
            Some(u32::from_le_bytes(b.get(k..k + 4)?.try_into().ok()?))
        };
        let features = u32_at(rest, 0).ok_or("truncated header")?;
        if features != FEATURES {
            return Err(format!(
                "trained with features version {features}, this build computes version \
                 {FEATURES}: retrain with pressdex-train"
            ));
        }
        Model::parse_rows(&rest[4..]).ok_or_else(|| "truncated or damaged weights".to_string())
    }

    fn parse_rows(rest: &[u8]) -> Option<Model> {
        let u32_at = |b: &[u8], k: usize| -> Option<u32> {
            Some(u32::from_le_bytes(b.get(k..k + 4)?.try_into().ok()?))
        };
        let bits = u32_at(rest, 0)?;
        let n = u32_at(rest, 4)? as usize;
        if !(8..=24).contains(&bits) {
            return None;
        }
        let mut rows = vec![Row([0i16; 16]); 1 << bits];
        let row_len = 4 + 2 * NT;
        let body = rest.get(8..8 + n * row_len)?;
        // After the weights, the entity-keeping section (a file without one keeps all).
        let tail = &rest[8 + n * row_len..];
        let keep = if tail.is_empty() {
            None
        } else {
            Some(Confidence::parse(tail)?)
        };
        for chunk in body.chunks_exact(row_len) {
            let b = u32_at(chunk, 0)? as usize;
            let row = rows.get_mut(b)?;
            for (t, w) in row.0.iter_mut().take(NT).enumerate() {
                *w = i16::from_le_bytes([chunk[4 + 2 * t], chunk[5 + 2 * t]]);
            }
        }
        let mut model = Model {
            bits,
            rows,
            previous: Vec::with_capacity(NT * NT),
            keep,
        };
        let mut feats = Vec::new();
        for prev in 0..NT as u8 {
            for prev2 in 0..NT as u8 {
                feats.clear();
                previous_tag_features(prev, prev2, &mut feats);
                let sum = model.sum(&feats);
                model.previous.push(sum);
            }
        }
        Some(model)
    }
}

/// The bundled model, or the file named by `PRESSDEX_MODEL` (for trying a model just trained
/// with `pressdex-train --out FILE` without rebuilding; the same checks apply).
static MODEL: LazyLock<Result<Model, String>> =
    LazyLock::new(|| match std::env::var_os("PRESSDEX_MODEL") {
        Some(path) => match std::fs::read(&path) {
            Ok(bytes) => Model::parse(&bytes),
            Err(e) => Err(format!("PRESSDEX_MODEL {}: {e}", path.to_string_lossy())),
        },
        None => Model::parse(include_bytes!("../model.bin")),
    });

/// The model's entity-keeping tables, when it has them.
pub(crate) fn keep() -> Option<&'static Tables> {
    MODEL.as_ref().ok()?.keep.as_ref()
}

/// Whether the bundled model loads: `Err` says why not (a model trained with other features
/// than this build computes is refused, never used). Commands that extract call it first, so
/// a bad model is an error, not a silently empty people list.
pub fn check_model() -> Result<(), String> {
    MODEL
        .as_ref()
        .map(|_| ())
        .map_err(|e| format!("the entity model (model.bin) {e}"))
}

/// What one token contributes to the scores: its [`own_features`] at each of the five window
/// positions, summed from the weights.
type Roles = [[i32; NT]; 5];

impl Model {
    fn add(&self, acc: &mut [i32; 16], h: u64) {
        let row = &self.rows[bucket(h, self.bits)].0;
        for t in 0..16 {
            acc[t] += i32::from(row[t]);
        }
    }

    fn sum(&self, feats: &[u64]) -> [i32; NT] {
        let mut acc = [0i32; 16];
        for &h in feats {
            self.add(&mut acc, h);
        }
        let mut out = [0i32; NT];
        out.copy_from_slice(&acc[..NT]);
        out
    }

    fn roles(&self, inf: &Infos, x: &Info, feats: &mut Vec<u64>) -> Roles {
        let mut roles = [[0i32; NT]; 5];
        for (k, r) in roles.iter_mut().enumerate() {
            feats.clear();
            own_features(inf, x, k as u64, feats);
            *r = self.sum(feats);
        }
        roles
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// Most distinct tokens kept in [`Caches::roles`] before it starts over (entries take about 230
/// bytes: some 4 MB per tagging thread at most).
const ROLES_MAX: usize = 1 << 13;

/// A token's spelling, gazetteer bits and kind: all its [`Roles`] depend on.
type RoleKey = (Box<str>, u16, u8);

/// [`Roles`] of tokens by the hash of their [`RoleKey`].
type RoleCache = rustc_hash::FxHashMap<u64, (RoleKey, Roles)>;

/// Most entries kept in [`Caches::contexts`] before it starts over (entries take about 80 bytes).
const CONTEXTS_MAX: usize = 1 << 15;

/// The sums of [`context_features`] and [`shape_tag_feature`] by their [`ContextKey`] and the
/// previous tag.
type ContextCache = rustc_hash::FxHashMap<(ContextKey, u8), [i32; NT]>;

/// What tagging keeps per thread across documents.
#[derive(Default)]
struct Caches {
    /// [`Roles`] of the spellings seen lately with other gazetteer bits than their own (in a
    /// multi-word name of the lists).
    roles: RoleCache,
    /// Context sums seen lately: few shapes and positions recur everywhere.
    contexts: ContextCache,
    /// The spellings seen lately.
    spellings: Spellings,
}

thread_local! {
    /// This thread's [`Caches`].
    static CACHES: std::cell::RefCell<Caches> = Default::default();
}

/// Tags the tokens of `body`, one tag index (into [`TAGS`]) per token. Returns `None` when the
/// bundled model is missing or unreadable.
///
/// The scores are the sums of the same features' weights as in training, gathered differently
/// for speed (integer sums, so the order does not change them): what depends on one token only
/// is summed once per distinct token (and kept per thread across documents for frequent words);
/// the context features with the previous tag and the word's shape once per distinct context
/// (kept per thread too); the two previous tags once per pair when the model is loaded.
///
/// A word without capitals or digits (but for name particles such as "de"), or a punctuation
/// mark other than "&", right after a token tagged O is tagged O without being scored (see
/// [`plain_tokens`]; not in a release written almost without capitals). Such tokens are about
/// 70% of a release's, and the model tags about one in a thousand of them otherwise, mostly as
/// pieces of web addresses ("gov", "pdf", "cfm") and "et al".
pub(crate) fn tag_tokens(body: &str, toks: &[Tok]) -> Option<Vec<u8>> {
    let model = MODEL.as_ref().ok()?;
    let inf = infos(body, toks, &LISTS);
    let n = toks.len();
    let plain = plain_tokens(body, toks, &inf);
    let mut roles = RoleTable::new(n);
    let mut feats = Vec::with_capacity(32);
    let mut tags = Vec::with_capacity(n);
    let (mut prev, mut prev2) = (0u8, 0u8);
    CACHES.with_borrow_mut(|caches| {
        let Caches {
            roles: cache,
            contexts,
            spellings,
        } = caches;
        if cache.len() > ROLES_MAX {
            cache.clear();
        }
        if contexts.len() > CONTEXTS_MAX {
            contexts.clear();
        }
        for (i, &plain_i) in plain.iter().enumerate() {
            if prev == 0 && plain_i {
                tags.push(0);
                prev2 = prev;
                continue;
            }
            let mut score = [0i32; NT];
            let ii = i as isize;
            for (k, d) in [(0usize, 0isize), (1, -1), (2, 1), (3, -2), (4, 2)] {
                let r = &roles.at(
                    ii + d,
                    model,
                    body,
                    toks,
                    &inf,
                    &mut feats,
                    cache,
                    spellings,
                )[k];
                for t in 0..NT {
                    score[t] += r[t];
                }
            }
            let key = (context_key(&inf, i), prev);
            let context = match contexts.get(&key) {
                Some(sum) => *sum,
                None => {
                    feats.clear();
                    context_features(key.0, &mut feats);
                    shape_tag_feature(&inf.v[i], prev, &mut feats);
                    let sum = model.sum(&feats);
                    contexts.insert(key, sum);
                    sum
                }
            };
            feats.clear();
            word_pair_features(&inf, i, &mut feats);
            word_tag_feature(&inf.v[i], prev, &mut feats);
            let dynamic = model.sum(&feats);
            let previous = &model.previous[usize::from(prev) * NT + usize::from(prev2)];
            for t in 0..NT {
                score[t] += dynamic[t] + context[t] + previous[t];
            }
            let best = best_tag(&score, prev);
            tags.push(best);
            prev2 = prev;
            prev = best;
        }
    });
    Some(tags)
}

/// Per token, whether it is tagged O without scoring after an O (see [`tag_tokens`]): words
/// without capitals or digits other than name particles, and punctuation but "&", in a document where at least one word in 50
/// is capitalized.
fn plain_tokens(body: &str, toks: &[Tok], inf: &Infos) -> Vec<bool> {
    let words = toks.iter().filter(|t| t.kind == Kind::Word).count();
    let capitalized = toks
        .iter()
        .filter(|t| t.kind == Kind::Word && t.cap)
        .count();
    if capitalized * 50 < words {
        return vec![false; toks.len()];
    }
    toks.iter()
        .zip(&inf.v)
        .map(|(t, x)| match t.kind {
            // "&" joins names ("Bodman, Longely & Dahling").
            Kind::Punct => &body[t.s..t.e] != "&",
            Kind::Num => false,
            // Name particles start names ("de Silva").
            Kind::Word => {
                x.gaz & gaz::PARTICLE == 0
                    && !body[t.s..t.e]
                        .chars()
                        .any(|c| c.is_uppercase() || c.is_ascii_digit())
            }
        })
        .collect()
}

/// The [`Roles`] of a document's tokens, summed when first needed, once per distinct spelling,
/// gazetteer bits and kind.
struct RoleTable {
    /// Per token, its entry in `sums` (`u32::MAX` until needed).
    slot: Vec<u32>,
    sums: Vec<Roles>,
    by_key: rustc_hash::FxHashMap<(u32, u16, u8), u32>,
    /// The roles of the outside neighbour, when needed.
    outside: Option<Roles>,
}

impl RoleTable {
    fn new(n: usize) -> RoleTable {
        RoleTable {
            slot: vec![u32::MAX; n],
            sums: Vec::new(),
            by_key: Default::default(),
            outside: None,
        }
    }

    /// The roles of token `j` (of the outside neighbour when `j` is out of range).
    #[allow(clippy::too_many_arguments)]
    fn at(
        &mut self,
        j: isize,
        model: &Model,
        body: &str,
        toks: &[Tok],
        inf: &Infos,
        feats: &mut Vec<u64>,
        cache: &mut RoleCache,
        spellings: &mut Spellings,
    ) -> &Roles {
        if j < 0 || j as usize >= toks.len() {
            return self
                .outside
                .get_or_insert_with(|| model.roles(inf, &EMPTY, feats));
        }
        let j = j as usize;
        if self.slot[j] == u32::MAX {
            let x = &inf.v[j];
            let next = self.sums.len() as u32;
            let k = *self.by_key.entry((x.sid, x.gaz, x.kind)).or_insert(next);
            if k == next {
                let t = &toks[j];
                let text = &body[t.s..t.e];
                let known = &mut spellings.known[x.id as usize];
                if known.gaz == x.gaz {
                    let r = **known
                        .roles
                        .get_or_insert_with(|| Box::new(model.roles(inf, x, feats)));
                    self.sums.push(r);
                    self.slot[j] = k;
                    return &self.sums[k as usize];
                }
                let key = hash_str(u64::from(x.gaz) << 8 | u64::from(x.kind), text);
                let r = match cache.get(&key) {
                    Some(((k, g, kind), r)) if &**k == text && *g == x.gaz && *kind == x.kind => *r,
                    hit => {
                        let r = model.roles(inf, x, feats);
                        if hit.is_none() {
                            cache.insert(key, ((text.into(), x.gaz, x.kind), r));
                        }
                        r
                    }
                };
                self.sums.push(r);
            }
            self.slot[j] = k;
        }
        &self.sums[self.slot[j] as usize]
    }
}

fn best_tag<T: PartialOrd + Copy>(score: &[T; NT], prev: u8) -> u8 {
    let mut best = 0u8;
    for t in 1..NT as u8 {
        if allowed(prev, t) && score[t as usize] > score[best as usize] {
            best = t;
        }
    }
    best
}

/// Tags `body` and returns its entity spans: `(start byte, end byte, type index into TYPES)`.
pub fn tag_spans(body: &str) -> Vec<(usize, usize, usize)> {
    let toks = tokenize(body);
    match tag_tokens(body, &toks) {
        Some(tags) => token_spans(&tags)
            .into_iter()
            .map(|(a, b, ty)| (toks[a].s, toks[b - 1].e, ty))
            .collect(),
        None => Vec::new(),
    }
}

/// Token tags to token ranges `(first, one past the last, type index into TYPES)`.
pub(crate) fn token_spans(tags: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let Some(ty) = tag_type(tags[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < tags.len() && is_inside(tags[j]) && tag_type(tags[j]) == Some(ty) {
            j += 1;
        }
        out.push((i, j, ty));
        i = j;
    }
    out
}
