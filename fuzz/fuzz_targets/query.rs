//! Any string as a query, a person and an organization filter, on a small index, through the
//! whole query path the CLI and the server take (bounds, prefix/fuzzy rewrites, parse, filters
//! resolved by identity, search, fragments, facets, mentions): every step returns an answer or
//! an error, never panics; highlight ranges fall inside their fragment, and the facets count
//! no more releases than the search found.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pressdex::identities::Identities;
use pressdex::search::{Engine, SearchRequest, Sort};

struct Fixture {
    _dir: tempfile::TempDir,
    identities: Identities,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).expect("corpus dir");
        std::fs::write(
            corpus.join("a.txt"),
            "WIOTC delegation meets ITU in Geneva\n\nGENEVA, 13 June 2017 – Executive Chairman \
             He Xuming of the World Internet of Things Convention (WIOTC) met the International \
             Telecommunication Union (ITU). Chairman He said the smart city is near.\n",
        )
        .expect("write");
        std::fs::write(
            corpus.join("b.html"),
            "<html><head><title>Alliance report</title></head><body><h1>Alliance report</h1>\
             <p>LONDON, March 3, 2015 — The Global Smart Cities Alliance (GSCA) reported, said \
             Secretary-General Amara Okafor-Diallo in Zürich.</p></body></html>",
        )
        .expect("write");
        let index_dir = dir.path().join("index");
        pressdex::index::index_paths(
            &index_dir,
            &[corpus],
            &pressdex::index::IndexOptions::default(),
            &pressdex::index::NoProgress,
        )
        .expect("index");
        let engine = Engine::open(&index_dir).expect("open");
        Fixture {
            _dir: dir,
            identities: Identities::new(engine),
        }
    })
}

fuzz_target!(|input: (&str, &str, &str, u8)| {
    let (query, person, org, knobs) = input;
    let ids = &fixture().identities;
    let mut request = SearchRequest {
        query: Some(query.to_string()),
        people: if person.is_empty() {
            vec![]
        } else {
            vec![person.to_string()]
        },
        orgs: if org.is_empty() {
            vec![]
        } else {
            vec![org.to_string()]
        },
        sort: [Sort::Relevance, Sort::Newest, Sort::Oldest][usize::from(knobs % 3)],
        limit: 1 + usize::from(knobs >> 6),
        offset: usize::from((knobs >> 4) & 1),
        fragments: usize::from((knobs >> 2) & 3),
        ..Default::default()
    };
    if ids.resolve(&mut request).is_err() {
        return;
    }
    let Ok(results) = ids.engine().search(&request) else {
        return;
    };
    for hit in &results.hits {
        for fragment in &hit.fragments {
            for h in &fragment.highlights {
                assert!(fragment.text.get(h.start..h.end).is_some());
            }
        }
    }
    if knobs & 0x20 != 0 {
        if let Ok(facets) = ids.facets(&request, 5) {
            assert_eq!(facets.total as usize, results.total);
        }
        let _ = ids.mentions(Some(query), None, None, &request);
    }
});
