//! The encoding section: real web pages that are not UTF-8 (`html-encoding-samples`: 61
//! CleanEval pages in windows-1252, ISO-8859-1/15, windows-1251 and EUC-KR, some declared
//! wrongly, some not declared), decoded exactly as `pressdex index` decodes them
//! (`pressdex::parse::decode`), then compared with their human-cleaned gold text.
//!
//! - **readable**: the page decodes to text (not refused as empty or binary).
//! - **matching**: the decoded page contains the gold text's words: of the gold's word tokens
//!   (lower-cased runs of letters and digits, counted with repetition), at least 90 % occur in
//!   the page's text (all text nodes of the decoded, parsed HTML), *and* at least 90 % of the
//!   gold tokens that contain a non-ASCII letter do. The second condition is the one that
//!   measures decoding: ASCII words survive any single-byte misdecoding, "Genève" or "Москва"
//!   do not. Word recall, not main-text extraction: boilerplate in the page does not count.
//! - **U+FFFD** and **mojibake** (`Ã©`-style UTF-8-read-as-windows-1252 pairs, `â€`): counted
//!   over all decoded pages.
//!
//! A baseline row decodes the same bytes as UTF-8 with replacement characters (what a program
//! that ignores encodings gets), to show what detection is worth.
//!
//! Gold files: 10 are themselves 8-bit; they are decoded with the encoding the data set's
//! manifest names (`decodes_cleanly_as`), independently of pressdex. Some gold files carry
//! mojibake of their own (UTF-8 that was read as windows-1252 when the gold was made: `Â®` for
//! `®`, `Â` for a no-break space); such sequences are repaired in the gold before comparing, so
//! that a correctly decoded page is not blamed for the gold's error. Broken UTF-8 sequences that
//! the gold shows as windows-1252 characters become U+FFFD, as in a UTF-8 decoding of the page.

use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

use anyhow::Context;
use encoding_rs::Encoding;
use pressdex::Format;
use regex::Regex;

use crate::table::Row;

const DATASET: &str = "html-encoding-samples";
const THRESHOLD: f64 = 0.9;

static MOJIBAKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ÃÂ][\u{80}-\u{BF}]|â€").expect("valid regex"));

/// One page's scores.
struct Page {
    name: String,
    readable: bool,
    recall: f64,
    recall_non_ascii: Option<f64>,
    replacement: usize,
    mojibake: usize,
}

impl Page {
    fn matches(&self) -> bool {
        self.readable
            && self.recall >= THRESHOLD
            && self.recall_non_ascii.is_none_or(|r| r >= THRESHOLD)
    }
}

pub fn run(data: &Path) -> anyhow::Result<Vec<Row>> {
    let dir = data.join(DATASET);
    let manifest = dir.join("manifest.tsv");
    let Ok(manifest) = std::fs::read_to_string(&manifest) else {
        eprintln!(
            "encoding: {} not found, section skipped",
            manifest.display()
        );
        return Ok(Vec::new());
    };
    let mut pressdex_pages = Vec::new();
    let mut naive_pages = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(gold_label)) = (cols.first(), cols.get(3)) else {
            continue;
        };
        let bytes = std::fs::read(dir.join("input").join(file))
            .with_context(|| format!("cannot read {DATASET}/input/{file}"))?;
        let stem = file.trim_end_matches(".html");
        let gold_bytes = std::fs::read(dir.join("gold").join(format!("{stem}.txt")))
            .with_context(|| format!("cannot read {DATASET}/gold/{stem}.txt"))?;
        let gold = gold_text(&gold_bytes, gold_label);
        let decoded = pressdex::parse::decode(&bytes, Format::Html).ok();
        pressdex_pages.push(score(file, decoded.as_deref(), &gold));
        let naive = String::from_utf8_lossy(&bytes);
        naive_pages.push(score(file, Some(&naive), &gold));
    }
    for page in pressdex_pages.iter().filter(|p| !p.matches()) {
        eprintln!(
            "encoding: {} does not match its gold: readable {}, word recall {:.3}, non-ASCII word \
             recall {}",
            page.name,
            page.readable,
            page.recall,
            page.recall_non_ascii
                .map_or_else(|| "-".to_string(), |r| format!("{r:.3}"))
        );
    }
    let n = pressdex_pages.len();
    let count = |pages: &[Page], f: &dyn Fn(&Page) -> bool| pages.iter().filter(|p| f(p)).count();
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let row = |field: &str, score: f64, n: usize, target: Option<f64>| Row {
        section: "encoding",
        dataset: DATASET.to_string(),
        field: field.to_string(),
        score,
        n,
        target,
        ..Row::default()
    };
    let non_ascii =
        |pages: &[Page]| mean(pages.iter().filter_map(|p| p.recall_non_ascii).collect());
    let with_non_ascii = count(&pressdex_pages, &|p| p.recall_non_ascii.is_some());
    Ok(vec![
        row(
            "pages readable (count)",
            count(&pressdex_pages, &|p| p.readable) as f64,
            n,
            Some(n as f64),
        ),
        row(
            "pages matching gold (count; word recall and non-ASCII word recall >= 0.9)",
            count(&pressdex_pages, &Page::matches) as f64,
            n,
            Some(59.0),
        ),
        row(
            "mean word recall",
            mean(pressdex_pages.iter().map(|p| p.recall).collect()),
            n,
            None,
        ),
        row(
            "mean non-ASCII word recall",
            non_ascii(&pressdex_pages),
            with_non_ascii,
            None,
        ),
        row(
            "U+FFFD in decoded pages (count)",
            pressdex_pages.iter().map(|p| p.replacement).sum::<usize>() as f64,
            count(&pressdex_pages, &|p| p.replacement > 0),
            None,
        ),
        row(
            "mojibake sequences (count)",
            pressdex_pages.iter().map(|p| p.mojibake).sum::<usize>() as f64,
            count(&pressdex_pages, &|p| p.mojibake > 0),
            None,
        ),
        row(
            "baseline UTF-8 lossy: pages matching gold (count)",
            count(&naive_pages, &Page::matches) as f64,
            n,
            None,
        ),
        row(
            "baseline UTF-8 lossy: mean non-ASCII word recall",
            non_ascii(&naive_pages),
            with_non_ascii,
            None,
        ),
    ])
}

/// The gold text without its `URL:` line and its `<p>`, `<h>`, `<l>` block markers.
fn gold_text(bytes: &[u8], label: &str) -> String {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => Encoding::for_label(label.replace('_', "-").as_bytes())
            .unwrap_or(encoding_rs::WINDOWS_1252)
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    };
    let text = repair_mojibake(&text);
    let body = match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("URL:") => rest,
        _ => &text,
    };
    body.replace("<p>", " ")
        .replace("<h>", " ")
        .replace("<l>", " ")
}

/// Undoes UTF-8 read as windows-1252: a run of characters whose windows-1252 bytes form one
/// valid multi-byte UTF-8 sequence is replaced by the character it encodes, and one that forms a
/// sequence cut short by U+FFFD (as a UTF-8 decoder reads it).
fn repair_mojibake(text: &str) -> String {
    let byte_of = |c: char| -> Option<u8> {
        let mut buf = [0u8; 4];
        let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
        (!lossy && bytes.len() == 1 && bytes[0] >= 0x80).then(|| bytes[0])
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let len = match byte_of(chars[i]) {
            Some(0xC2..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xF4) => 4,
            _ => 1,
        };
        if len > 1 {
            // The lead's continuation characters, as far as they go.
            let cont = chars[i + 1..]
                .iter()
                .take(len - 1)
                .take_while(|&&c| byte_of(c).is_some_and(|b| (0x80..=0xBF).contains(&b)))
                .count();
            if cont == len - 1 {
                let bytes: Vec<u8> = chars[i..i + len]
                    .iter()
                    .filter_map(|&c| byte_of(c))
                    .collect();
                if let Ok(s) = std::str::from_utf8(&bytes) {
                    out.push_str(s);
                    i += len;
                    continue;
                }
            } else if cont > 0 {
                // A sequence cut short: what a UTF-8 decoder reads as one U+FFFD.
                out.push('\u{FFFD}');
                i += 1 + cont;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Lower-cased runs of letters and digits.
fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
}

fn score(name: &str, decoded: Option<&str>, gold: &str) -> Page {
    let Some(decoded) = decoded else {
        return Page {
            name: name.to_string(),
            readable: false,
            recall: 0.0,
            recall_non_ascii: None,
            replacement: 0,
            mojibake: 0,
        };
    };
    let html = scraper::Html::parse_document(decoded);
    let page_text: String = html.root_element().text().collect::<Vec<_>>().join(" ");
    let found: HashSet<String> = tokens(&page_text).collect();
    let (mut all, mut hit, mut all_na, mut hit_na) = (0usize, 0usize, 0usize, 0usize);
    for token in tokens(gold) {
        let present = found.contains(&token);
        all += 1;
        hit += usize::from(present);
        if !token.is_ascii() {
            all_na += 1;
            hit_na += usize::from(present);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    Page {
        name: name.to_string(),
        readable: true,
        recall: ratio(hit, all),
        recall_non_ascii: (all_na > 0).then(|| ratio(hit_na, all_na)),
        replacement: decoded.matches('\u{FFFD}').count(),
        mojibake: MOJIBAKE.find_iter(decoded).count(),
    }
}
