//! Any string as a release body: every mention is a non-empty range on character boundaries
//! inside the body, and mentions of one kind (people, organizations) never overlap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pressdex::Entity;

fn check(body: &str, entities: &[Entity]) {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for entity in entities {
        assert!(!entity.name.trim().is_empty());
        for m in &entity.mentions {
            assert!(m.start < m.end && m.end <= body.len(), "{m:?}");
            assert!(
                body.get(m.start..m.end).is_some(),
                "{m:?} not on char boundaries"
            );
            spans.push((m.start, m.end));
        }
    }
    spans.sort_unstable();
    for pair in spans.windows(2) {
        assert!(
            pair[0].1 <= pair[1].0,
            "overlapping mentions {pair:?} in {body:?}"
        );
    }
}

fuzz_target!(|body: &str| {
    let (people, orgs) = pressdex::extract::entities::find_entities(body);
    check(body, &people);
    check(body, &orgs);
});
