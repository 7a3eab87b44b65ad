//! `pressdex-eval DATA_DIR`: scores pressdex's extraction against the gold data in DATA_DIR
//! (the project's shared data folder) and prints one table.
//!
//! Sections (each module owns one): entities and alias grouping ([`ner`]), publication dates
//! ([`dates`]), main text ([`maintext`]) and speed ([`speed`]). Every section runs the same code
//! paths `pressdex index` uses. A missing data set is reported and skipped.

mod dates;
mod encoding;
mod maintext;
mod ner;
mod speed;
mod table;

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
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let wants = |s: &str| args.only.is_empty() || args.only.iter().any(|o| o == s);
    let mut rows = Vec::new();
    if wants("entities") || wants("aliases") {
        rows.extend(ner::run(&args.data, wants("entities"), wants("aliases"))?);
    }
    if wants("dates") {
        rows.extend(dates::run(&args.data)?);
    }
    if wants("maintext") {
        rows.extend(maintext::run(&args.data)?);
    }
    if wants("encoding") {
        rows.extend(encoding::run(&args.data)?);
    }
    if wants("speed") {
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
