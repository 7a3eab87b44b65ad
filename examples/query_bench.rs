//! In-process query latency of pressdex: open an index once, run a fixed mix of searches many
//! times (ranked hits with highlighted snippets, as `pressdex search` computes them, or facet
//! counts), and print the latency percentiles as JSON.
//!
//! ```sh
//! cargo run --release --example query_bench -- INDEX_DIR MIX.json [ROUNDS]
//! ```
//!
//! `MIX.json` is a list of `{"name", "query", "person", "org", "since", "until", "sort",
//! "facets"}` objects (all but `name` optional; `since`/`until` as `YYYY[-MM[-DD]]`, `sort` one
//! of `relevance`, `newest`, `oldest`; `facets: true` counts people, organizations and years
//! instead of listing hits). `bench/bench.py` writes it. The output is one JSON object:
//! `{"queries": {name: {"p50_ms", "p95_ms", "total"}}, "all": {"p50_ms", "p95_ms"}}`.

use std::path::PathBuf;
use std::time::Instant;

use pressdex::search::{Engine, SearchRequest, Sort};
use serde::Deserialize;

#[derive(Deserialize)]
struct Spec {
    name: String,
    query: Option<String>,
    person: Option<String>,
    org: Option<String>,
    since: Option<String>,
    until: Option<String>,
    sort: Option<String>,
    #[serde(default)]
    facets: bool,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: query_bench INDEX_DIR MIX.json [ROUNDS]");
        std::process::exit(2);
    }
    let dir = PathBuf::from(&args[0]);
    let specs: Vec<Spec> = serde_json::from_str(&std::fs::read_to_string(&args[1])?)?;
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(50);
    let engine = Engine::open(&dir)?;

    let mut requests = Vec::new();
    for s in &specs {
        let sort = match s.sort.as_deref() {
            None | Some("relevance") => Sort::Relevance,
            Some("newest") => Sort::Newest,
            Some("oldest") => Sort::Oldest,
            Some(other) => return Err(format!("unknown sort '{other}'").into()),
        };
        let request = SearchRequest {
            query: s.query.clone(),
            people: s.person.iter().cloned().collect(),
            orgs: s.org.iter().cloned().collect(),
            since: s.since.as_deref().map(str::parse).transpose()?,
            until: s.until.as_deref().map(str::parse).transpose()?,
            sort,
            ..Default::default()
        };
        requests.push((s, request));
    }

    let mut all = Vec::new();
    let mut out = serde_json::Map::new();
    for (spec, request) in &requests {
        let mut times = Vec::with_capacity(rounds);
        let mut total = 0u64;
        for round in 0..=rounds {
            let start = Instant::now();
            if spec.facets {
                let facets = engine.facets(request, 10)?;
                total = facets.total;
                std::hint::black_box(facets);
            } else {
                let results = engine.search(request)?;
                total = results.total as u64;
                std::hint::black_box(results);
            }
            // Round 0 warms the page cache and the allocator; it is not counted.
            if round > 0 {
                times.push(start.elapsed().as_secs_f64() * 1000.0);
            }
        }
        times.sort_by(f64::total_cmp);
        all.extend_from_slice(&times);
        out.insert(
            spec.name.clone(),
            serde_json::json!({
                "p50_ms": percentile(&times, 0.5),
                "p95_ms": percentile(&times, 0.95),
                "total": total,
            }),
        );
    }
    all.sort_by(f64::total_cmp);
    let report = serde_json::json!({
        "queries": out,
        "all": {"p50_ms": percentile(&all, 0.5), "p95_ms": percentile(&all, 0.95)},
    });
    println!("{report}");
    Ok(())
}
