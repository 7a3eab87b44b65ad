//! Which of the release's entities to keep: a logistic model over what the release says about
//! each one, learned from press releases read by hand.
//!
//! The tagger and the grouping steps find every name they can; about one organization in three
//! they find is not one the guidelines count (a place, a program, a heading, a name cut at the
//! wrong word, a short form already counted). What tells them apart is spread over many weak
//! signs, which a learned model weighs better than rules: the name's last word and shape, the
//! classes of its words (an organization's suffix, a given name), how often and where the
//! release uses it (only in the headline?), the words right before and after its mentions
//! ("Senator", "aka", "(OIG)"), whether it is a known official name, whether the release also
//! gives it an acronym. The name's other words are left out on purpose: they describe the
//! releases trained on more than names in general ("Park" is a place in U.S. releases, not in
//! "Park Ji-won"), and with them the model kept fewer correct names in releases from elsewhere.
//!
//! `pressdex-train` fits the weights on the entities the trained tagger finds in the releases it
//! trains on (labelled by the scorer's rules) and in the news sets it trains on, and picks the
//! keep threshold by cross-validation on the releases; the weights and thresholds are stored in
//! the model file after the tagger's.

use super::lists::LISTS;
use super::tokens::shape;
use crate::model::Entity;

/// The table of feature weights has 2^BITS entries per kind.
pub const BITS: u32 = 18;

/// A feature's hash: its template and value.
fn hash(template: u64, value: &str) -> u64 {
    // FNV-1a over the template and the value's bytes.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in template.to_le_bytes().into_iter().chain(value.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (h >> 29)
}

/// The bucket of a feature hash.
pub fn bucket(h: u64) -> usize {
    (h & ((1 << BITS) - 1)) as usize
}

/// The whitespace-separated word of `body` ending right before `at` (within 40 bytes).
fn word_before(body: &str, at: usize) -> Option<&str> {
    let mut from = at.saturating_sub(40);
    while !body.is_char_boundary(from) {
        from += 1;
    }
    body.get(from..at)?.split_whitespace().next_back()
}

/// The whitespace-separated word of `body` starting right after `at` (within 40 bytes).
fn word_after(body: &str, at: usize) -> Option<&str> {
    let mut to = (at + 40).min(body.len());
    while !body.is_char_boundary(to) {
        to -= 1;
    }
    body.get(at..to)?.split_whitespace().next()
}

/// The feature hashes of entity `e` of `body` (`person` for the people's model).
pub fn features(body: &str, e: &Entity, person: bool, out: &mut Vec<u64>) {
    out.clear();
    let kind = if person { 0x100 } else { 0x200 };
    let mut f = |template: u64, value: &str| out.push(hash(kind | template, value));
    let words: Vec<&str> = e.name.split_whitespace().collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return;
    };
    f(0, "");
    f(1, &words.len().min(6).to_string());
    f(2, &e.mentions.len().min(5).to_string());
    let mut forms: Vec<&str> = e
        .mentions
        .iter()
        .filter_map(|m| body.get(m.start..m.end))
        .collect();
    forms.sort_unstable();
    forms.dedup();
    f(3, &forms.len().min(3).to_string());
    f(4, &last.to_lowercase());
    let shapes: Vec<String> = words.iter().take(4).map(|w| shape(w)).collect();
    f(6, &shapes.join(" "));
    if e.name.chars().any(char::is_alphabetic) && !e.name.chars().any(char::is_lowercase) {
        f(7, "");
    }
    let headline_end = body.find('\n').unwrap_or(0);
    if e.mentions.iter().all(|m| m.start < headline_end) {
        f(8, "");
    }
    if LISTS.known_orgs.contains(e.name.as_str()) {
        f(9, "");
    }

    // Classes of words, which carry over to names never seen in training ("Kestrel Analytics
    // Inc.", "Ministry of Digital Economy", "He Xuming").
    if LISTS.org_suffixes.contains(last) || LISTS.company_suffixes.contains(last) {
        f(17, "");
    }
    if LISTS.org_leading.contains(first) {
        f(18, "");
    }
    if LISTS.first_names.contains(first) || LISTS.cjk_surnames.contains(first) {
        f(19, "");
    }
    if forms.len() >= 2
        && forms
            .iter()
            .any(|w| crate::schema::acronym_letters(w).is_some())
    {
        f(20, "");
    }
    if words.contains(&"of") {
        f(11, "");
    }
    if words.iter().any(|w| matches!(*w, "and" | "&")) {
        f(12, "");
    }
    if e.name.chars().any(|c| c.is_ascii_digit()) {
        f(13, "");
    }
    for m in e.mentions.iter().take(5) {
        if let Some(w) = word_before(body, m.start) {
            let w = w.to_lowercase();
            if LISTS.titles.contains(&w) || LISTS.titles.contains(w.trim_end_matches('.')) {
                f(16, "");
            }
            f(14, &w);
        }
        if let Some(w) = word_after(body, m.end) {
            f(15, &w.to_lowercase());
        }
    }
}

/// The weights of one kind's model and its keep threshold.
#[derive(Clone, Debug, Default)]
pub struct Weights {
    /// Keep an entity when its score (the sum of its features' weights) is at least this.
    pub threshold: f32,
    /// (bucket, weight) for the non-zero weights.
    pub weights: Vec<(u32, f32)>,
}

/// The people's and the organizations' models.
#[derive(Clone, Debug, Default)]
pub struct Confidence {
    /// People.
    pub people: Weights,
    /// Organizations.
    pub orgs: Weights,
}

/// The section's mark in the model file.
const MARK: &[u8; 8] = b"KEEP0001";

impl Confidence {
    /// The section's bytes (appended to the tagger's in the model file).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MARK.to_vec();
        for w in [&self.people, &self.orgs] {
            out.extend_from_slice(&w.threshold.to_le_bytes());
            out.extend_from_slice(&(w.weights.len() as u32).to_le_bytes());
            for &(b, x) in &w.weights {
                out.extend_from_slice(&b.to_le_bytes());
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    /// Reads the section; `None` when it is damaged.
    pub(crate) fn parse(bytes: &[u8]) -> Option<Tables> {
        let mut rest = bytes.strip_prefix(MARK.as_slice())?;
        let mut take4 = || -> Option<[u8; 4]> {
            let (h, t) = rest.split_first_chunk::<4>()?;
            rest = t;
            Some(*h)
        };
        let mut tables = Vec::new();
        for _ in 0..2 {
            let threshold = f32::from_le_bytes(take4()?);
            let n = u32::from_le_bytes(take4()?) as usize;
            let mut w = vec![0f32; 1 << BITS];
            for _ in 0..n {
                let b = u32::from_le_bytes(take4()?) as usize;
                *w.get_mut(b)? = f32::from_le_bytes(take4()?);
            }
            tables.push(Table { threshold, w });
        }
        let orgs = tables.pop()?;
        let people = tables.pop()?;
        rest.is_empty().then_some(Tables { people, orgs })
    }
}

/// One kind's weights, ready to score.
pub(crate) struct Table {
    threshold: f32,
    w: Vec<f32>,
}

/// Both kinds' tables.
pub(crate) struct Tables {
    people: Table,
    orgs: Table,
}

impl Tables {
    /// Keeps the entities that `sure` says to keep, and those whose score reaches their kind's
    /// threshold.
    pub(crate) fn retain(
        &self,
        body: &str,
        list: &mut Vec<Entity>,
        person: bool,
        sure: impl Fn(&Entity) -> bool,
    ) {
        let t = if person { &self.people } else { &self.orgs };
        let mut feats = Vec::with_capacity(48);
        list.retain(|e| {
            sure(e) || {
                features(body, e, person, &mut feats);
                let score: f32 = feats.iter().map(|&h| t.w[bucket(h)]).sum();
                score >= t.threshold
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mention;

    #[test]
    fn shapes_and_context_words() {
        let body = "Senator  Jack Reed (D-RI) said";
        let at = body.find("Jack").unwrap();
        assert_eq!(word_before(body, at), Some("Senator"));
        assert_eq!(word_after(body, at + "Jack Reed".len()), Some("(D-RI)"));
        let accents = "é".repeat(30) + " Ann";
        let at = accents.find("Ann").unwrap();
        assert_eq!(word_before(&accents, at), Some(&*"é".repeat(19)));
    }

    #[test]
    fn the_section_reads_back() {
        let c = Confidence {
            people: Weights {
                threshold: -0.5,
                weights: vec![(3, 1.5)],
            },
            orgs: Weights {
                threshold: 0.25,
                weights: vec![(7, -2.0), (9, 0.5)],
            },
        };
        let bytes = c.to_bytes();
        let t = Confidence::parse(&bytes).unwrap();
        assert_eq!(t.people.threshold, -0.5);
        assert_eq!(t.orgs.w[7], -2.0);
        assert!(Confidence::parse(&bytes[..bytes.len() - 1]).is_none());
        let e = Entity {
            name: "Jack Reed".into(),
            mentions: vec![Mention { start: 9, end: 18 }],
            roles: Vec::new(),
        };
        let mut f = Vec::new();
        features("Senator  Jack Reed said", &e, true, &mut f);
        for (template, value) in [
            (16, ""),
            (19, ""),
            (14, "senator"),
            (15, "said"),
            (4, "reed"),
        ] {
            assert!(
                f.contains(&hash(0x100 | template, value)),
                "{template} {value}"
            );
        }
        // Not in a headline: the text has no line break.
        assert!(!f.contains(&hash(0x100 | 8, "")));
    }
}
