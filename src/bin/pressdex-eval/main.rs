//! `pressdex-eval DATA_DIR`: scores pressdex's extraction against the gold data in DATA_DIR
//! (the project's shared data folder) and prints one table.
//!
//! Sections (each module owns one): people and organizations in press releases read by hand
//! ([`releases`]), entities and alias grouping in news ([`ner`]), publication dates
//! ([`dates`]), main text ([`maintext`]) and speed ([`speed`]). Every section runs the same code
//! paths `pressdex index` uses. A missing data set is reported and skipped. Progress notes go to
//! stderr; the table goes to stdout.
//!
//! ```text
//! cargo run --release --bin pressdex-eval -- ../shared/data
//! cargo run --release --bin pressdex-eval -- ../shared/data --only dates,speed --json rows.jsonl
//! ```

mod dates;
mod encoding;
mod maintext;
mod ner;
#[path = "../common/press.rs"]
#[allow(dead_code)] // the span projection is for training
mod press;
mod releases;
mod speed;
mod table;
#[path = "../common/unpack.rs"]
mod unpack;

use std::path::PathBuf;

use clap::Parser;

/// Scores pressdex's extraction against gold data and prints one table.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// The shared data folder (holding conll2003/, re3d/, gum-news-ner/, ...).
    data: PathBuf,
    /// Run only these sections (entities, aliases, dates, maintext, speed); default all.
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Also write the rows as JSON Lines to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// The project's own annotations of press releases (gold JSON Lines files).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/annotations"))]
    annotations: PathBuf,
    /// List up to N wrong answers per dates row on stderr (with where the wrong date came from),
    /// and the N commonest false positives and misses of the releases rows.
    #[arg(long, value_name = "N", default_value_t = 0)]
    show_misses: usize,
}

/// The section names `--only` accepts.
const SECTIONS: &[&str] = &[
    "releases", "entities", "aliases", "dates", "maintext", "speed",
];

fn main() -> std::process::ExitCode {
    match run(Args::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("pressdex-eval: error: {err:#}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    if let Some(bad) = args.only.iter().find(|o| !SECTIONS.contains(&o.as_str())) {
        anyhow::bail!(
            "unknown section '{bad}' in --only. Choose from: {}.",
            SECTIONS.join(", ")
        );
    }
    if !args.data.is_dir() {
        anyhow::bail!(
            "data folder {} not found — pass the shared data folder, e.g. ../shared/data",
            args.data.display()
        );
    }
    pressdex::extract::tagger::check_model().map_err(anyhow::Error::msg)?;
    let wants = |s: &str| args.only.is_empty() || args.only.iter().any(|o| o == s);
    let mut rows = Vec::new();
    if wants("releases") {
        eprintln!("pressdex-eval: section releases (people and organizations read by hand)");
        rows.extend(releases::run(
            &args.data,
            &args.annotations,
            args.show_misses,
        )?);
    }
    if wants("entities") || wants("aliases") {
        eprintln!("pressdex-eval: section entities/aliases");
        rows.extend(ner::run(&args.data, wants("entities"), wants("aliases"))?);
    }
    if wants("dates") {
        eprintln!("pressdex-eval: section dates");
        rows.extend(dates::run(&args.data, args.show_misses)?);
    }
    if wants("maintext") {
        eprintln!("pressdex-eval: section maintext");
        rows.extend(maintext::run(&args.data)?);
    }
    if wants("encoding") {
        rows.extend(encoding::run(&args.data)?);
    }
    if wants("speed") {
        eprintln!("pressdex-eval: section speed (one thread; run it on an idle machine)");
        rows.extend(speed::run(&args.data)?);
    }
    print!("{}", table::render(&rows));
    if let Some(path) = &args.json {
        let mut out = String::new();
        for r in &rows {
            out.push_str(&serde_json::to_string(r)?);
            out.push('\n');
        }
        std::fs::write(path, out)?;
    }
    Ok(())
}
