//! The `pressdex` binary: parses arguments, calls the library, renders, and maps errors to
//! exit codes (0 success, 1 nothing found, 2 error; a closed pipe is a success).

mod cli;

use std::io::{self, BufRead, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use cli::{
    Cli, ColorArg, Command, ExtractArgs, IndexArgs, ListArgs, MentionsArgs, SearchArgs, ServeArgs,
    ShowArgs,
};
use pressdex::identities::{Identities, Kind};
use pressdex::index::{IndexOptions, Progress};
use pressdex::render::{self, Color};
use pressdex::search::{Engine, Period, SearchRequest};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let index_dir = cli.index.clone();
    match run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("pressdex: error: {err:#}");
            if damaged_data(&err) {
                let dir = index_dir.display();
                eprintln!(
                    "pressdex: the index at '{dir}' may be damaged: rebuild it with \
                     'pressdex index --rebuild CORPUS_DIR --index {dir}'"
                );
            }
            ExitCode::from(2)
        }
    }
}

/// Whether an error says that index data could not be read (a damaged file found by tantivy
/// while searching, after the index opened fine, or a stored release that does not decode).
fn damaged_data(err: &anyhow::Error) -> bool {
    use tantivy::TantivyError as T;
    err.chain().any(|e| {
        matches!(
            e.downcast_ref::<pressdex::Error>(),
            Some(
                pressdex::Error::Tantivy(
                    T::DataCorruption(_)
                        | T::IoError(_)
                        | T::OpenReadError(_)
                        | T::DeserializeError(_)
                ) | pressdex::Error::DamagedRelease { .. }
            )
        )
    })
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Index(args) => index(&cli.index, args),
        Command::Search(args) => search(&cli.index, args),
        Command::Extract(args) => extract(args),
        Command::Mentions(args) => mentions(&cli.index, args),
        Command::People(args) => entities(&cli.index, Kind::Person, args),
        Command::Orgs(args) => entities(&cli.index, Kind::Org, args),
        Command::Show(args) => show(&cli.index, args),
        Command::Serve(args) => serve(&cli.index, args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "pressdex", &mut io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = BufWriter::new(io::stdout().lock());
            clap_mangen::Man::new(cmd).render(&mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn warn(w: &pressdex::Warning) {
    eprintln!("pressdex: warning: {w}");
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
struct Bar(indicatif::ProgressBar);

impl Progress for Bar {
    fn start(&self, files: u64) {
        self.0.set_length(files);
    }
    fn advance(&self) {
        self.0.inc(1);
    }
    fn committing(&self) {
        self.0.set_message("committing");
    }
}

fn index(dir: &std::path::Path, args: IndexArgs) -> anyhow::Result<ExitCode> {
    let options = IndexOptions {
        max_file_size: args.max_file_size,
        rebuild: args.rebuild,
        ..Default::default()
    };
    let bar = if args.quiet || !io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(0).with_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} indexing {pos}/{len} files {wide_bar} {eta} {msg}",
            )
            .expect("valid template"),
        )
    };
    let progress = Bar(bar);
    let report = pressdex::index::index_paths(dir, &args.paths, &options, &progress)?;
    progress.0.finish_and_clear();
    let name = pressdex::source::path_key(dir);
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        render::json::index_report(&mut out, &name, &report)?;
    } else {
        report.warnings.iter().for_each(warn);
        render::human::index_report(&mut out, &name, &report)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn search(dir: &std::path::Path, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let request = SearchRequest {
        sort: args.sort.into(),
        limit: args.limit,
        offset: args.offset,
        fragments: args.fragments,
        ..args.filters.request()
    };
    check_period(request.since, request.until)?;
    let identities = Identities::open(dir)?;
    let results = identities.engine().search(&request)?;
    let facets = if args.facets {
        Some(identities.facets(&request, 10)?)
    } else {
        None
    };
    let mut out = BufWriter::new(io::stdout().lock());
    if args.output.json {
        render::json::search(&mut out, &request, &results, facets.as_ref())?;
    } else if args.output.csv {
        render::csv::search(&mut out, &results)?;
    } else {
        render::human::search(&mut out, &results, request.offset, color(args.output.color))?;
        if let Some(facets) = &facets {
            render::human::facets(&mut out, facets, color(args.output.color))?;
        }
    }
    out.flush()?;
    Ok(if results.total == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Colors for human output: on a terminal unless NO_COLOR is set, or as the flag says.
fn color(arg: ColorArg) -> Color {
    match arg {
        ColorArg::Always => Color::Ansi,
        ColorArg::Never => Color::Plain,
        ColorArg::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            if io::stdout().is_terminal() && !no_color {
                Color::Ansi
            } else {
                Color::Plain
            }
        }
    }
}

fn check_period(since: Option<Period>, until: Option<Period>) -> anyhow::Result<()> {
    if let (Some(since), Some(until)) = (since, until) {
        anyhow::ensure!(
            since.first <= until.last,
            "--since {} is after --until {}: nothing can match",
            since.first,
            until.last
        );
    }
    Ok(())
}

fn mentions(dir: &std::path::Path, args: MentionsArgs) -> anyhow::Result<ExitCode> {
    check_period(args.dates.since, args.dates.until)?;
    let request = SearchRequest {
        query: args.query,
        since: args.dates.since,
        until: args.dates.until,
        limit: args.limit,
        offset: args.offset,
        ..Default::default()
    };
    let kind = match (args.person, args.org) {
        (true, _) => Some(Kind::Person),
        (_, true) => Some(Kind::Org),
        _ => None,
    };
    let identities = Identities::open(dir)?;
    let found = identities.mentions(args.name.as_deref(), args.role.as_deref(), kind, &request)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.output.json {
        render::json::mentions(&mut out, &found)?;
    } else if args.output.csv {
        render::csv::mentions(&mut out, &found)?;
    } else {
        render::human::mentions(&mut out, &found, request.offset, color(args.output.color))?;
    }
    out.flush()?;
    Ok(if found.total == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn entities(dir: &std::path::Path, kind: Kind, args: ListArgs) -> anyhow::Result<ExitCode> {
    let request = args.filters.request();
    check_period(request.since, request.until)?;
    let identities = Identities::open(dir)?;
    let rows = identities.entities(kind, &request, args.limit)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.output.json {
        render::json::entities(&mut out, &rows)?;
    } else if args.output.csv {
        render::csv::entities(&mut out, &rows)?;
    } else {
        render::human::entities(&mut out, &rows, color(args.output.color))?;
    }
    out.flush()?;
    Ok(if rows.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn show(dir: &std::path::Path, args: ShowArgs) -> anyhow::Result<ExitCode> {
    let engine = Engine::open(dir)?;
    let release = engine.release(&args.path)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        render::json::release(&mut out, &release)?;
    } else {
        render::human::release(&mut out, &release, color(args.color))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Opens the index, binds the address (both fail before anything is served), prints the URL and
/// serves until stopped.
fn serve(dir: &std::path::Path, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let engine = Engine::open(dir)?;
    // Tantivy opens lazily: read the index once now, so a damaged one fails here, not per request.
    engine.search(&SearchRequest {
        limit: 1,
        ..Default::default()
    })?;
    let listener = std::net::TcpListener::bind(args.addr)
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    let name = pressdex::source::path_key(dir);
    let mut out = io::stdout().lock();
    writeln!(out, "Serving {name} at http://{addr}/")?;
    out.flush()?;
    drop(out);
    pressdex::serve::run(engine, &name, listener).context("the web server stopped")?;
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Deserialize)]
struct JsonlInput {
    id: serde_json::Value,
    text: String,
}

#[derive(serde::Serialize)]
struct JsonlOutput<'a> {
    id: &'a serde_json::Value,
    date: Option<chrono::NaiveDate>,
    people: &'a [pressdex::Entity],
    orgs: &'a [pressdex::Entity],
}

fn extract(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let mut out = BufWriter::new(io::stdout().lock());
    let mut skipped = 0usize;
    if args.jsonl {
        for (n, line) in io::stdin().lock().lines().enumerate() {
            let line = line.context("cannot read stdin")?;
            if line.trim().is_empty() {
                continue;
            }
            let input: JsonlInput = match serde_json::from_str(&line) {
                Ok(input) => input,
                Err(e) => {
                    eprintln!(
                        "pressdex: warning: stdin line {}: not a {{\"id\", \"text\"}} object: {e}",
                        n + 1
                    );
                    skipped += 1;
                    continue;
                }
            };
            let found = pressdex::extract::extract_text(&input.text);
            let record = JsonlOutput {
                id: &input.id,
                date: found.date,
                people: &found.people,
                orgs: &found.orgs,
            };
            serde_json::to_writer(&mut out, &record)?;
            out.write_all(b"\n")?;
        }
    } else {
        let releases: Vec<_> = {
            use rayon::prelude::*;
            args.paths
                .par_iter()
                .map(|p| pressdex::extract_file(p, args.max_file_size))
                .collect()
        };
        for release in releases {
            match release {
                Ok(release) => {
                    serde_json::to_writer(&mut out, &release)?;
                    out.write_all(b"\n")?;
                }
                Err(w) => {
                    warn(&w);
                    skipped += 1;
                }
            }
        }
    }
    out.flush()?;
    Ok(if skipped > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
