//! Prints the tagger's raw spans (before the cleaning steps): for each JSON line
//! `{"id", "text"}` on standard input, one line `{"id", "spans": [[start, end, "PER"], ...]}`
//! with UTF-8 byte offsets. `cargo run --release --example tag < releases.jsonl`. A debugging
//! aid for extraction work: it shows what the model found before the rules clean it.
use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for (n, line) in stdin.lock().lines().enumerate() {
        let Ok(line) = line else {
            eprintln!("tag: line {}: not UTF-8", n + 1);
            std::process::exit(2);
        };
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("tag: line {}: {e}", n + 1);
                std::process::exit(2);
            }
        };
        let text = v["text"].as_str().unwrap_or_default();
        let spans: Vec<serde_json::Value> = pressdex::extract::tagger::tag_spans(text)
            .into_iter()
            .map(|(s, e, ty)| {
                let kind = pressdex::extract::tagger::TYPES.get(ty).unwrap_or(&"?");
                serde_json::json!([s, e, kind])
            })
            .collect();
        let row = serde_json::json!({"id": v["id"], "spans": spans});
        if writeln!(out, "{row}").is_err() {
            return;
        }
    }
}
