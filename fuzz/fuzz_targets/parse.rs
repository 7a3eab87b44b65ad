//! Any bytes, as a `.html` and as a `.txt` file: decoding and parsing return a document or a
//! reason, never panic, and a document's text is clean (no NUL or other control characters).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    for name in ["fuzz.html", "fuzz.txt"] {
        if let Ok(parsed) = pressdex::parse::parse(Path::new(name), bytes) {
            assert!(!(parsed.title.is_empty() && parsed.body.is_empty()));
            for text in [&parsed.title, &parsed.body] {
                assert!(
                    !text
                        .chars()
                        .any(|c| c.is_control() && c != '\n' && c != '\t'),
                    "control character in {text:?}"
                );
            }
            let release = pressdex::extract::extract(name, parsed);
            for entity in release.people.iter().chain(&release.orgs) {
                for m in &entity.mentions {
                    assert!(release.body.get(m.start..m.end).is_some());
                }
            }
        }
    }
});
