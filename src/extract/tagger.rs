//! A named-entity tagger: an averaged perceptron over BIO tags, decoded greedily left to right.
//!
//! It tags the tokens of `tokens::tokenize` with person, organization,
//! location and miscellaneous names (CoNLL's four types; the finder keeps people and
//! organizations). Features are hashed into a fixed table: the lower-cased word and its
//! neighbours, word shapes, prefixes and suffixes, the word lists of `data/` as gazetteers,
//! sentence starts, headline lines, what the same word looks like elsewhere in the document, and
//! the previous tags.
//!
//! The weights live in `model.bin` beside this file, written by `pressdex-train` (see README,
//! "Extraction model") and loaded once with `include_bytes!`. The format is little-endian:
//! `b"PDXTAG02"`, the features version it was trained with ([`FEATURES`], u32; another version
//! is refused), the table size as a power of two (u32), the number of rows (u32), then each
//! non-zero row as its bucket (u32) and one i16 weight per tag.

use std::sync::LazyLock;

use super::confidence::{Confidence, Tables};
use super::lists::{Lists, LISTS};
use super::tokens::{push_lower, shape_chars, tokenize, Kind, Tok};

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
// Features

const FNV: u64 = 0xcbf2_9ce4_8422_2325;

fn mix(mut h: u64, x: u64) -> u64 {
    h ^= x;
    h = h.wrapping_mul(0x0100_0000_01b3);
    h ^= h >> 29;
    h
}

fn hash_str(tmpl: u64, s: &str) -> u64 {
    let mut h = mix(FNV, tmpl);
    for b in s.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (h >> 31)
}

/// Gazetteer bits of one token.
mod gaz {
    pub const FIRST_NAME: u16 = 1;
    pub const TITLE: u16 = 1 << 1;
    pub const ORG_SUFFIX: u16 = 1 << 2;
    pub const COMPANY: u16 = 1 << 3;
    pub const PLACE: u16 = 1 << 4;
    pub const STOP: u16 = 1 << 5;
    pub const COMMON: u16 = 1 << 6;
    pub const CJK_SURNAME: u16 = 1 << 7;
    pub const KNOWN_ORG: u16 = 1 << 8;
    pub const PARTICLE: u16 = 1 << 9;
    pub const ORG_LEADING: u16 = 1 << 10;
    pub const ACRONYM_STOP: u16 = 1 << 11;
    pub const EVENT: u16 = 1 << 12;
    pub const ALL: [u16; 13] = [
        FIRST_NAME,
        TITLE,
        ORG_SUFFIX,
        COMPANY,
        PLACE,
        STOP,
        COMMON,
        CJK_SURNAME,
        KNOWN_ORG,
        PARTICLE,
        ORG_LEADING,
        ACRONYM_STOP,
        EVENT,
    ];
}

/// What the tagger knows about one token before tagging.
#[derive(Clone, Copy)]
struct Info {
    /// Where the lower-cased word sits in [`Infos::lower`].
    lo: u32,
    le: u32,
    /// Hash of the lower-cased word.
    lh: u64,
    shape: u64,
    gaz: u16,
    /// 0 = word, 1 = number, 2 = punctuation (3 = outside the document).
    kind: u8,
    /// Bits: 1 sentence start, 2 break before, 4 headline line, 8 all upper, 16 a gap of
    /// spaces before (stripped punctuation).
    flags: u8,
    /// Bits: 1 seen lower-case elsewhere, 2 seen capitalized mid-sentence elsewhere.
    doc: u8,
    /// The spelling's number in its document (in order of first use).
    sid: u32,
    /// The spelling's entry in this thread's [`Spellings`].
    id: u32,
}

/// The neighbour of the first and last tokens.
const EMPTY: Info = Info {
    lo: 0,
    le: 0,
    lh: 0,
    shape: 0,
    gaz: 0,
    kind: 3,
    flags: 0,
    doc: 0,
    sid: u32::MAX,
    id: u32::MAX,
};

/// The token infos of one document; the lower-cased words share one string.
struct Infos {
    lower: String,
    v: Vec<Info>,
}

impl Infos {
    fn lower(&self, x: &Info) -> &str {
        &self.lower[x.lo as usize..x.le as usize]
    }

    /// Token `j`, or [`EMPTY`] outside the document.
    fn at(&self, j: isize) -> &Info {
        if j < 0 || j as usize >= self.v.len() {
            &EMPTY
        } else {
            &self.v[j as usize]
        }
    }
}

/// [`hash_str`] of the shape of `s`, without building it.
fn shape_hash(s: &str) -> u64 {
    let mut h = mix(FNV, 1);
    let mut buf = [0u8; 4];
    shape_chars(s, |c| {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    });
    h ^ (h >> 31)
}

/// The gazetteer bits of every word in the lists: by the word as written, and by the
/// lower-cased word (one look-up each instead of one per list).
struct GazIndex {
    exact: rustc_hash::FxHashMap<&'static str, u16>,
    lower: rustc_hash::FxHashMap<&'static str, u16>,
}

impl GazIndex {
    fn new(lx: &'static Lists) -> GazIndex {
        let mut index = GazIndex {
            exact: Default::default(),
            lower: Default::default(),
        };
        let exact: [(&rustc_hash::FxHashSet<&'static str>, u16); 10] = [
            (&lx.first_names, gaz::FIRST_NAME),
            (&lx.org_suffixes, gaz::ORG_SUFFIX),
            (&lx.company_suffixes, gaz::COMPANY),
            (&lx.stopwords, gaz::STOP),
            (&lx.cjk_surnames, gaz::CJK_SURNAME),
            (&lx.known_orgs, gaz::KNOWN_ORG),
            (&lx.particles, gaz::PARTICLE),
            (&lx.org_leading, gaz::ORG_LEADING),
            (&lx.acronym_stop, gaz::ACRONYM_STOP),
            (&lx.event_words, gaz::EVENT),
        ];
        for (set, bit) in exact {
            for &word in set {
                *index.exact.entry(word).or_default() |= bit;
            }
        }
        let lower: [(&rustc_hash::FxHashSet<String>, u16); 3] = [
            (&lx.titles, gaz::TITLE),
            (&lx.places, gaz::PLACE),
            (&lx.common_lower, gaz::COMMON),
        ];
        for (set, bit) in lower {
            for word in set {
                *index.lower.entry(word.as_str()).or_default() |= bit;
            }
        }
        index
    }

    /// The bits of a word, as written and lower-cased.
    fn bits(&self, text: &str, lower: &str) -> u16 {
        self.exact.get(text).copied().unwrap_or(0) | self.lower.get(lower).copied().unwrap_or(0)
    }
}

static GAZ: LazyLock<GazIndex> = LazyLock::new(|| GazIndex::new(&LISTS));

/// What the tagger knows of a spelling wherever it stands.
struct Known {
    lower: Box<str>,
    /// Hash of `lower`.
    lh: u64,
    shape: u64,
    /// Gazetteer bits of the word alone (none for numbers and punctuation).
    gaz: u16,
    /// Its [`Roles`] with those bits, once summed (boxed: only the words next to a scored
    /// token need them, and an entry stays small).
    roles: Option<Box<Roles>>,
}

/// Most spellings kept in [`Spellings`] before it starts over (entries take about 100 bytes,
/// and the summed roles 180 more: a few MB per tagging thread).
const SPELLINGS_MAX: usize = 1 << 14;

/// The spellings seen lately on this thread, numbered: frequent words are lower-cased, looked
/// up in the word lists, hashed and summed once, not once per document.
#[derive(Default)]
struct Spellings {
    ids: rustc_hash::FxHashMap<Box<str>, u32>,
    known: Vec<Known>,
    /// Per spelling: the last document it was seen in, and its number there.
    seen: Vec<(u32, u32)>,
    /// The current document.
    doc: u32,
}

impl Spellings {
    /// Starts a document (and starts over when the table is full: never in a document, where
    /// the numbers are in use).
    fn start_document(&mut self) {
        if self.known.len() >= SPELLINGS_MAX || self.doc == u32::MAX {
            self.ids.clear();
            self.known.clear();
            self.seen.clear();
            self.doc = 0;
        }
        self.doc += 1;
    }

    /// The number of `text`, a token of kind `kind` (which follows from the text).
    fn id(&mut self, text: &str, kind: Kind) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = self.known.len() as u32;
        let mut lower = String::with_capacity(text.len());
        push_lower(&mut lower, text);
        // Only words get gazetteer bits.
        let gaz = if kind == Kind::Word {
            GAZ.bits(text, &lower)
        } else {
            0
        };
        self.known.push(Known {
            lh: hash_str(0, &lower),
            shape: shape_hash(text),
            lower: lower.into_boxed_str(),
            gaz,
            roles: None,
        });
        self.seen.push((0, 0));
        self.ids.insert(text.into(), id);
        id
    }
}

fn infos(body: &str, toks: &[Tok], lx: &Lists) -> Infos {
    let mut lower = String::with_capacity(body.len());
    let mut v: Vec<Info> = Vec::with_capacity(toks.len());
    // Per spelling in order of first use: (lo, le) of its lower-cased form in `lower`.
    let mut spelled: Vec<(u32, u32)> = Vec::new();
    CACHES.with_borrow_mut(|caches| {
        let table = &mut caches.spellings;
        table.start_document();
        for t in toks {
            let text = &body[t.s..t.e];
            let id = table.id(text, t.kind);
            let known = &table.known[id as usize];
            let seen = &mut table.seen[id as usize];
            if seen.0 != table.doc {
                let lo = lower.len() as u32;
                lower.push_str(&known.lower);
                *seen = (table.doc, spelled.len() as u32);
                spelled.push((lo, lower.len() as u32));
            }
            let sid = seen.1;
            let (lo, le) = spelled[sid as usize];
            let kind = match t.kind {
                Kind::Word => 0,
                Kind::Num => 1,
                Kind::Punct => 2,
            };
            let flags = u8::from(t.sent)
                | u8::from(t.brk) << 1
                | u8::from(t.caps_line) << 2
                | u8::from(t.upper) << 3
                | u8::from(t.gap) << 4;
            v.push(Info {
                lo,
                le,
                lh: known.lh,
                shape: known.shape,
                gaz: known.gaz,
                kind,
                flags,
                doc: 0,
                sid,
                id,
            });
        }
    });
    let mut inf = Infos { lower, v };
    // Multi-word places and titles mark each of their words (and known organizations, below).
    let mut key = String::new();
    for a in 0..toks.len() {
        if !toks[a].cap {
            continue;
        }
        key.clear();
        key.push_str(inf.lower(&inf.v[a]));
        for n in 2..=3 {
            let z = a + n - 1;
            if z >= toks.len() || toks[z].kind != Kind::Word {
                break;
            }
            key.push(' ');
            let (lo, le) = (inf.v[z].lo as usize, inf.v[z].le as usize);
            key.push_str(&inf.lower[lo..le]);
            let mut g = 0;
            if lx.places.contains(&key) {
                g |= gaz::PLACE;
            }
            if lx.titles.contains(&key) {
                g |= gaz::TITLE;
            }
            if g != 0 {
                for info in &mut inf.v[a..=z] {
                    info.gaz |= g;
                }
            }
        }
    }
    for (a, b) in lx.known_org_spans(body, toks) {
        for info in &mut inf.v[a..b] {
            info.gaz |= gaz::KNOWN_ORG;
        }
    }
    // What the word looks like elsewhere in the document (spellings that lower-case alike
    // share it).
    let mut lower_id: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut lid_of_sid = vec![0u32; spelled.len()];
    for (sid, &(lo, le)) in spelled.iter().enumerate() {
        let n = lower_id.len() as u32;
        lid_of_sid[sid] = *lower_id
            .entry(&inf.lower[lo as usize..le as usize])
            .or_insert(n);
    }
    let mut bits = vec![0u8; lower_id.len()];
    for (t, info) in toks.iter().zip(&inf.v) {
        if t.kind != Kind::Word {
            continue;
        }
        let bit = if !t.cap {
            1
        } else if !t.sent && !t.caps_line && !t.upper {
            2
        } else {
            0
        };
        bits[lid_of_sid[info.sid as usize] as usize] |= bit;
    }
    for info in &mut inf.v {
        info.doc = bits[lid_of_sid[info.sid as usize] as usize];
    }
    inf
}

/// The features that depend on one token's spelling only (with its gazetteer bits and kind),
/// as seen from position `k` of the window:
/// 0 the word itself, 1 the previous word, 2 the next, 3 two before, 4 two after.
fn own_features(inf: &Infos, x: &Info, k: u64, out: &mut Vec<u64>) {
    match k {
        0 => {
            out.push(mix(10, x.lh));
            out.push(mix(20, x.shape));
            // Prefixes and suffixes of 1 to 4 characters, when the word is longer.
            let lw = inf.lower(x);
            let mut bounds = [0usize; 5];
            let mut nchars = 0;
            for (n, (k, _)) in lw.char_indices().enumerate() {
                if n < 5 {
                    bounds[n] = k;
                }
                nchars += 1;
            }
            // Byte offsets of the last 4 characters.
            let mut tail = [lw.len(); 5];
            for (n, (k, _)) in lw.char_indices().rev().take(4).enumerate() {
                tail[n + 1] = k;
            }
            for k in 1..=4usize {
                if nchars > k {
                    out.push(hash_str(30 + k as u64, &lw[..bounds[k]]));
                    out.push(hash_str(40 + k as u64, &lw[tail[k]..]));
                }
            }
            out.push(mix(55, nchars.min(12) as u64));
            out.push(mix(mix(63, u64::from(x.gaz)), x.shape));
        }
        1 => {
            out.push(mix(11, x.lh));
            out.push(mix(23, x.shape));
        }
        2 => {
            out.push(mix(12, x.lh));
            out.push(mix(24, x.shape));
        }
        3 => out.push(mix(13, x.lh)),
        _ => out.push(mix(14, x.lh)),
    }
    for &bit in &gaz::ALL {
        if x.gaz & bit != 0 {
            out.push(mix(mix(60, k), u64::from(bit)));
            if k == 0 {
                out.push(mix(mix(mix(61, k), u64::from(bit)), x.shape));
            }
        }
    }
    out.push(mix(mix(62, k), u64::from(x.kind)));
}

/// The features of token `i` that pair its word with a neighbour's.
fn word_pair_features(inf: &Infos, i: usize, out: &mut Vec<u64>) {
    let i = i as isize;
    let (w, p1, n1) = (inf.at(i), inf.at(i - 1), inf.at(i + 1));
    out.push(mix(mix(15, p1.lh), w.lh));
    out.push(mix(mix(16, w.lh), n1.lh));
}

/// What [`context_features`] depend on: the shapes of the word and its neighbours, the
/// previous word's gazetteer bits, and where the word stands (sentence, line, document).
type ContextKey = (u64, u64, u64, u16, u8, u8);

fn context_key(inf: &Infos, i: usize) -> ContextKey {
    let i = i as isize;
    let (w, p1, n1) = (inf.at(i), inf.at(i - 1), inf.at(i + 1));
    (p1.shape, w.shape, n1.shape, p1.gaz, w.flags, w.doc)
}

/// The bias, and the features of a token's shape in its context.
fn context_features(key: ContextKey, out: &mut Vec<u64>) {
    let (p1_shape, shape, n1_shape, p1_gaz, flags, doc) = key;
    out.push(mix(FNV, 0)); // bias
    out.push(mix(mix(21, p1_shape), shape));
    out.push(mix(mix(22, shape), n1_shape));
    out.push(mix(mix(mix(25, p1_shape), shape), n1_shape));
    out.push(mix(mix(64, u64::from(p1_gaz)), shape));
    out.push(mix(50, u64::from(flags)));
    out.push(mix(mix(51, u64::from(flags)), shape));
    out.push(mix(mix(52, u64::from(doc)), shape));
    out.push(mix(mix(53, u64::from(doc)), u64::from(flags)));
    out.push(mix(mix(mix(54, u64::from(doc)), u64::from(flags)), shape));
}

/// The tag-independent features of token `i`, as hashes (for training; tagging sums the same
/// features through [`Roles`] and the caches).
fn static_features(inf: &Infos, i: usize, out: &mut Vec<u64>) {
    out.clear();
    let i = i as isize;
    for (k, d) in [(0u64, 0isize), (1, -1), (2, 1), (3, -2), (4, 2)] {
        own_features(inf, inf.at(i + d), k, out);
    }
    word_pair_features(inf, i as usize, out);
    context_features(context_key(inf, i as usize), out);
}

fn bucket(h: u64, bits: u32) -> usize {
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// Tag-dependent features: the previous tags, with the word and its shape.
fn tag_features(inf: &Infos, i: usize, prev: u8, prev2: u8, out: &mut Vec<u64>) {
    previous_tag_features(prev, prev2, out);
    shape_tag_feature(&inf.v[i], prev, out);
}

/// The previous two tags (summed once per pair when the model is loaded).
fn previous_tag_features(prev: u8, prev2: u8, out: &mut Vec<u64>) {
    out.push(mix(70, u64::from(prev)));
    out.push(mix(mix(71, u64::from(prev)), u64::from(prev2)));
}

/// The previous tag with the word's shape (tagging sums it with the [`context_features`]).
fn shape_tag_feature(w: &Info, prev: u8, out: &mut Vec<u64>) {
    out.push(mix(mix(73, u64::from(prev)), w.shape));
}

/// The previous tag with the word (kept apart from [`tag_features`]: tagging sums it once per
/// distinct word and previous tag).
fn word_tag_feature(w: &Info, prev: u8, out: &mut Vec<u64>) {
    out.push(mix(mix(72, u64::from(prev)), w.lh));
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
        None => Model::parse(include_bytes!("model.bin")),
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

/// The old way of scoring, one feature list per token (to test that [`tag_tokens`] agrees).
#[cfg(test)]
fn tag_tokens_plain(body: &str, toks: &[Tok]) -> Option<Vec<u8>> {
    let model = MODEL.as_ref().ok()?;
    let inf = infos(body, toks, &LISTS);
    let plain = plain_tokens(body, toks, &inf);
    let mut feats = Vec::with_capacity(96);
    let mut tags = Vec::with_capacity(toks.len());
    let (mut prev, mut prev2) = (0u8, 0u8);
    for (i, &plain_i) in plain.iter().enumerate() {
        if prev == 0 && plain_i {
            tags.push(0);
            prev2 = 0;
            continue;
        }
        static_features(&inf, i, &mut feats);
        tag_features(&inf, i, prev, prev2, &mut feats);
        word_tag_feature(&inf.v[i], prev, &mut feats);
        let mut acc = [0i32; 16];
        for &h in &feats {
            model.add(&mut acc, h);
        }
        let mut score = [0i32; NT];
        score.copy_from_slice(&acc[..NT]);
        let best = best_tag(&score, prev);
        tags.push(best);
        prev2 = prev;
        prev = best;
    }
    Some(tags)
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

// ---------------------------------------------------------------------------------------------
// Training (used by the `pressdex-train` binary)

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_model_loads_and_tags() {
        assert_eq!(check_model(), Ok(()));
        let body = "Angela Merkel met officials of the European Commission in Brussels.";
        let spans = tag_spans(body);
        let found: Vec<(&str, &str)> = spans
            .iter()
            .map(|&(s, e, t)| (&body[s..e], TYPES[t]))
            .collect();
        assert!(found.contains(&("Angela Merkel", "PER")), "{found:?}");
        assert!(found.contains(&("Brussels", "LOC")), "{found:?}");
    }

    #[test]
    fn fast_scoring_agrees_with_the_feature_lists() {
        let bodies = [
            "Angela Merkel met officials of the European Commission in Brussels.",
            "WASHINGTON (AP) -- The U.S. Department of State said on Monday that Secretary \
             Kerry will travel to Geneva.\n\nMr. Kerry met Okonjo-Iweala, Ngozi of the WTO.",
            "Zürich-based ÆON Ltd. names José Ñúñez CEO; he succeeds Ulrich Müller.",
        ];
        for _ in 0..2 {
            for body in bodies {
                let toks = tokenize(body);
                assert_eq!(tag_tokens(body, &toks), tag_tokens_plain(body, &toks));
            }
        }
    }

    #[test]
    fn plain_words_after_o_are_not_scored() {
        let body = "The report by de Silva cites AT&T and Bodman & Dahling, says the U.S. office.";
        let toks = tokenize(body);
        let inf = infos(body, &toks, &LISTS);
        let plain: Vec<&str> = plain_tokens(body, &toks, &inf)
            .iter()
            .zip(&toks)
            .filter(|(p, _)| **p)
            .map(|(_, t)| &body[t.s..t.e])
            .collect();
        assert_eq!(
            plain,
            ["report", "by", "cites", "and", ",", "says", "the", "office", "."]
        );
        // A name that opens with a particle right after an O is still found.
        let body = "The report cites the data, said Mr. de Silva.";
        let people: Vec<&str> = tag_spans(body)
            .into_iter()
            .filter(|&(_, _, ty)| TYPES[ty] == "PER")
            .map(|(s, e, _)| &body[s..e])
            .collect();
        assert_eq!(people, ["de Silva"]);
        // A document written without capitals is scored throughout.
        let lower = "the minister, john smith, spoke in paris.";
        let toks = tokenize(lower);
        let inf = infos(lower, &toks, &LISTS);
        assert!(plain_tokens(lower, &toks, &inf).iter().all(|p| !p));
    }

    #[test]
    fn training_is_deterministic_and_learns() {
        let ex = |t: &str, spans: Vec<(usize, usize, usize)>| Example {
            text: t.to_string(),
            spans,
            partial: false,
        };
        let examples = vec![
            ex("Zork Blint visited Qabar .", vec![(0, 10, 0), (19, 24, 2)]),
            ex("Blint works for Vexacorp .", vec![(0, 5, 0), (16, 24, 1)]),
        ];
        let a = train(&examples, 5, 12, &mut |_| {});
        let b = train(&examples, 5, 12, &mut |_| {});
        assert_eq!(a, b);
        let m = Model::parse(&a).expect("a trained model parses");
        // A model of other features is refused with a reason.
        let mut other = a.clone();
        other[8..12].copy_from_slice(&(FEATURES + 1).to_le_bytes());
        let err = Model::parse(&other).err().expect("refused");
        assert!(err.contains("features version"), "{err}");
        assert_eq!(m.bits, 12);
        assert!(m.rows.iter().any(|r| r.0.iter().any(|&w| w != 0)));
    }

    #[test]
    fn bad_model_bytes_are_refused() {
        assert!(Model::parse(b"").is_err());
        assert!(Model::parse(b"PDXTAG01\x30\0\0\0").is_err());
        let mut short = MAGIC.to_vec();
        short.extend_from_slice(&FEATURES.to_le_bytes());
        short.extend_from_slice(&12u32.to_le_bytes());
        short.extend_from_slice(&5u32.to_le_bytes());
        assert!(Model::parse(&short).is_err());
    }

    #[test]
    fn camel_shapes() {
        use crate::extract::tokens::shape;
        assert_eq!(shape("Okonjo-Iweala"), "Xxx-Xxx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1996-08-30"), "dd-dd-dd");
    }
}
