//! Tokens to feature hashes: the hashing, the gazetteer bits of the word lists, what the tagger
//! knows of each token of a document ([`Infos`]) and of each spelling seen lately
//! ([`Spellings`]), and the feature functions that training and tagging share.

use std::sync::LazyLock;

use super::{Roles, CACHES};
use crate::extract::lists::{Lists, LISTS};
use crate::extract::tokens::{push_lower, shape_chars, Kind, Tok};

const FNV: u64 = 0xcbf2_9ce4_8422_2325;

fn mix(mut h: u64, x: u64) -> u64 {
    h ^= x;
    h = h.wrapping_mul(0x0100_0000_01b3);
    h ^= h >> 29;
    h
}

pub(super) fn hash_str(tmpl: u64, s: &str) -> u64 {
    let mut h = mix(FNV, tmpl);
    for b in s.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (h >> 31)
}

/// Gazetteer bits of one token.
pub(super) mod gaz {
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
pub(super) struct Info {
    /// Where the lower-cased word sits in [`Infos::lower`].
    lo: u32,
    le: u32,
    /// Hash of the lower-cased word.
    lh: u64,
    shape: u64,
    pub(super) gaz: u16,
    /// 0 = word, 1 = number, 2 = punctuation (3 = outside the document).
    pub(super) kind: u8,
    /// Bits: 1 sentence start, 2 break before, 4 headline line, 8 all upper, 16 a gap of
    /// spaces before (stripped punctuation).
    flags: u8,
    /// Bits: 1 seen lower-case elsewhere, 2 seen capitalized mid-sentence elsewhere.
    doc: u8,
    /// The spelling's number in its document (in order of first use).
    pub(super) sid: u32,
    /// The spelling's entry in this thread's [`Spellings`].
    pub(super) id: u32,
}

/// The neighbour of the first and last tokens.
pub(super) const EMPTY: Info = Info {
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
pub(super) struct Infos {
    lower: String,
    pub(super) v: Vec<Info>,
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
pub(super) struct Known {
    lower: Box<str>,
    /// Hash of `lower`.
    lh: u64,
    shape: u64,
    /// Gazetteer bits of the word alone (none for numbers and punctuation).
    pub(super) gaz: u16,
    /// Its [`Roles`] with those bits, once summed (boxed: only the words next to a scored
    /// token need them, and an entry stays small).
    pub(super) roles: Option<Box<Roles>>,
}

/// Most spellings kept in [`Spellings`] before it starts over (entries take about 100 bytes,
/// and the summed roles 180 more: a few MB per tagging thread).
const SPELLINGS_MAX: usize = 1 << 14;

/// The spellings seen lately on this thread, numbered: frequent words are lower-cased, looked
/// up in the word lists, hashed and summed once, not once per document.
#[derive(Default)]
pub(super) struct Spellings {
    ids: rustc_hash::FxHashMap<Box<str>, u32>,
    pub(super) known: Vec<Known>,
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

pub(super) fn infos(body: &str, toks: &[Tok], lx: &Lists) -> Infos {
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
pub(super) fn own_features(inf: &Infos, x: &Info, k: u64, out: &mut Vec<u64>) {
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
pub(super) fn word_pair_features(inf: &Infos, i: usize, out: &mut Vec<u64>) {
    let i = i as isize;
    let (w, p1, n1) = (inf.at(i), inf.at(i - 1), inf.at(i + 1));
    out.push(mix(mix(15, p1.lh), w.lh));
    out.push(mix(mix(16, w.lh), n1.lh));
}

/// What [`context_features`] depend on: the shapes of the word and its neighbours, the
/// previous word's gazetteer bits, and where the word stands (sentence, line, document).
pub(super) type ContextKey = (u64, u64, u64, u16, u8, u8);

pub(super) fn context_key(inf: &Infos, i: usize) -> ContextKey {
    let i = i as isize;
    let (w, p1, n1) = (inf.at(i), inf.at(i - 1), inf.at(i + 1));
    (p1.shape, w.shape, n1.shape, p1.gaz, w.flags, w.doc)
}

/// The bias, and the features of a token's shape in its context.
pub(super) fn context_features(key: ContextKey, out: &mut Vec<u64>) {
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
pub(super) fn static_features(inf: &Infos, i: usize, out: &mut Vec<u64>) {
    out.clear();
    let i = i as isize;
    for (k, d) in [(0u64, 0isize), (1, -1), (2, 1), (3, -2), (4, 2)] {
        own_features(inf, inf.at(i + d), k, out);
    }
    word_pair_features(inf, i as usize, out);
    context_features(context_key(inf, i as usize), out);
}

pub(super) fn bucket(h: u64, bits: u32) -> usize {
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// Tag-dependent features: the previous tags, with the word and its shape.
pub(super) fn tag_features(inf: &Infos, i: usize, prev: u8, prev2: u8, out: &mut Vec<u64>) {
    previous_tag_features(prev, prev2, out);
    shape_tag_feature(&inf.v[i], prev, out);
}

/// The previous two tags (summed once per pair when the model is loaded).
pub(super) fn previous_tag_features(prev: u8, prev2: u8, out: &mut Vec<u64>) {
    out.push(mix(70, u64::from(prev)));
    out.push(mix(mix(71, u64::from(prev)), u64::from(prev2)));
}

/// The previous tag with the word's shape (tagging sums it with the [`context_features`]).
pub(super) fn shape_tag_feature(w: &Info, prev: u8, out: &mut Vec<u64>) {
    out.push(mix(mix(73, u64::from(prev)), w.shape));
}

/// The previous tag with the word (kept apart from [`tag_features`]: tagging sums it once per
/// distinct word and previous tag).
pub(super) fn word_tag_feature(w: &Info, prev: u8, out: &mut Vec<u64>) {
    out.push(mix(mix(72, u64::from(prev)), w.lh));
}
