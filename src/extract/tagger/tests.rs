//! The tagger's tests: the bundled model, fast scoring against the plain feature lists, training
//! and the model format.

use super::features::{static_features, tag_features};
use super::*;

/// The old way of scoring, one feature list per token (to test that [`tag_tokens`] agrees).
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
