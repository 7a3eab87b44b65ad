//! The `pressdex` binary: parses arguments, calls the library, renders, and maps errors to
//! exit codes ([`Exit`]: 0 success, 1 nothing found, 2 error; a closed pipe is a success).

mod cli;

use std::io::{self, BufRead, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use cli::{
    Cli, ColorArg, Command, ExportArgs, ExtractArgs, FormatArg, GraphFormat, IdentityAction,
    IdentityArgs, IndexArgs, ListArgs, MentionsArgs, NetworkArgs, NoteArgs, OutputArgs, SearchArgs,
    ServeArgs, ShowArgs, TrendsArgs,
};
use pressdex::identities::{EntitySummary, Identities, Kind, Mentions};
use pressdex::index::{IndexOptions, Progress};
use pressdex::render::{self, Color};
use pressdex::search::{Engine, FacetCount, Facets, Period, SearchRequest, SearchResults};
use pressdex::NameUse;

/// How a run ended. Its exit status is the README's table: 0 success, 1 nothing found or some
/// inputs skipped, 2 error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    /// Did what was asked (search: found something).
    Success,
    /// Searched and found nothing (search, mentions, people, orgs).
    NothingFound,
    /// Some inputs could not be read and were skipped with a warning (extract).
    SomeSkipped,
    /// Failed; the message is on stderr.
    Error,
}

impl Exit {
    /// [`Exit::Success`] when something was found, else [`Exit::NothingFound`].
    fn found(any: bool) -> Exit {
        if any {
            Exit::Success
        } else {
            Exit::NothingFound
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        match exit {
            Exit::Success => ExitCode::SUCCESS,
            Exit::NothingFound | Exit::SomeSkipped => ExitCode::from(1),
            Exit::Error => ExitCode::from(2),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let index_dir = cli.index.clone();
    let exit = match run(cli) {
        Ok(exit) => exit,
        Err(err) if is_broken_pipe(&err) => Exit::Success,
        Err(err) => {
            match cli_message(&err) {
                Some(message) => eprintln!("pressdex: error: {message}"),
                None => eprintln!("pressdex: error: {err:#}"),
            }
            if damaged_data(&err) {
                let dir = index_dir.display();
                eprintln!(
                    "pressdex: the index at '{dir}' may be damaged: rebuild it with \
                     'pressdex index --rebuild CORPUS_DIR --index {dir}'"
                );
            }
            Exit::Error
        }
    };
    exit.into()
}

/// A library error in the words of the command line: the library says which value is wrong
/// ("the person filter"), the command line names the flag it came with (`--person`).
fn cli_message(err: &anyhow::Error) -> Option<String> {
    let see = "; see 'pressdex search --help' for the fields and the syntax";
    match err.downcast_ref::<pressdex::Error>()? {
        pressdex::Error::NoLetters { what, value } => {
            let needs = match what {
                NameUse::PersonFilter => "--person needs a name with",
                NameUse::OrgFilter => "--org needs a name with",
                NameUse::Role => "a role needs",
                _ => "a name needs",
            };
            Some(format!(
                "invalid query: {needs} letters or digits, got '{value}'{see}"
            ))
        }
        pressdex::Error::OutDirNotEmpty(dir) => Some(format!(
            "'{}' exists and is not empty: choose a new or empty folder, or add --force to \
             write into it (an earlier export's files are replaced)",
            dir.display()
        )),
        pressdex::Error::NoNameOrRole => Some(format!(
            "invalid query: give a name, a --role, or both{see}"
        )),
        _ => None,
    }
}

/// How results are printed, chosen once from the flags; each method is the one place that
/// picks a renderer for its kind of result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    /// Text for people, with colors or plain.
    Human(Color),
    /// JSON Lines.
    Json,
    /// CSV.
    Csv,
}

impl Output {
    fn new(args: &OutputArgs) -> Output {
        match args.format() {
            FormatArg::Human => Output::Human(color(args.color)),
            FormatArg::Json => Output::Json,
            FormatArg::Csv => Output::Csv,
        }
    }

    fn search(
        self,
        out: &mut impl Write,
        request: &SearchRequest,
        results: &SearchResults,
        facets: Option<(&Facets, &[FacetCount])>,
    ) -> io::Result<()> {
        match self {
            Output::Json => render::json::search(out, request, results, facets),
            Output::Csv => render::csv::search(out, results),
            Output::Human(color) => {
                render::human::search(out, results, request.offset, color)?;
                match facets {
                    Some((facets, languages)) => {
                        render::human::facets(out, facets, languages, color)
                    }
                    None => Ok(()),
                }
            }
        }
    }

    fn mentions(self, out: &mut impl Write, found: &Mentions, offset: usize) -> io::Result<()> {
        match self {
            Output::Json => render::json::mentions(out, found),
            Output::Csv => render::csv::mentions(out, found),
            Output::Human(color) => render::human::mentions(out, found, offset, color),
        }
    }

    fn entities(self, out: &mut impl Write, rows: &[EntitySummary]) -> io::Result<()> {
        match self {
            Output::Json => render::json::entities(out, rows),
            Output::Csv => render::csv::entities(out, rows),
            Output::Human(color) => render::human::entities(out, rows, color),
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
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(|json| json.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}

fn run(cli: Cli) -> anyhow::Result<Exit> {
    match cli.command {
        Command::Index(args) => index(&cli.index, args),
        Command::Search(args) => search(&cli.index, args),
        Command::Extract(args) => extract(args),
        Command::Mentions(args) => mentions(&cli.index, args),
        Command::People(args) => entities(&cli.index, Kind::Person, args),
        Command::Orgs(args) => entities(&cli.index, Kind::Org, args),
        Command::Trends(args) => trends(&cli.index, args),
        Command::Export(args) => export(&cli.index, args),
        Command::Network(args) => network(&cli.index, args),
        Command::Show(args) => show(&cli.index, args),
        Command::Serve(args) => serve(&cli.index, args),
        Command::Identity(args) => identity(&cli.index, args),
        Command::Check => {
            let checked = pressdex::store::check(&cli.index)?;
            let mut out = io::stdout().lock();
            let name = pressdex::source::path_key(&cli.index);
            render::human::checked(&mut out, &name, &checked)?;
            out.flush()?;
            Ok(Exit::Success)
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "pressdex", &mut io::stdout());
            Ok(Exit::Success)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = BufWriter::new(io::stdout().lock());
            clap_mangen::Man::new(cmd).render(&mut out)?;
            out.flush()?;
            Ok(Exit::Success)
        }
    }
}

fn warn(w: &pressdex::Warning) {
    let path = render::sanitize_line(&w.path);
    eprintln!("pressdex: warning: {path}: {}", w.reason);
}

/// A progress bar on stderr, drawn only when stderr is a terminal; with `--json`, a `commit`
/// line on stdout after each batch commit.
struct Bar {
    bar: indicatif::ProgressBar,
    json: bool,
}

impl Progress for Bar {
    fn start(&self, files: u64) {
        self.bar.set_length(files);
    }
    fn advance(&self) {
        self.bar.inc(1);
    }
    fn committed(&self, written: u64) {
        self.bar.set_message(format!("{written} committed"));
        if self.json {
            // A closed stdout shows when the summary is written.
            let mut out = io::stdout().lock();
            let _ = render::json::index_commit(&mut out, written).and_then(|()| out.flush());
        }
    }
    fn committing(&self) {
        self.bar.set_message("committing");
    }
}

fn index(dir: &std::path::Path, args: IndexArgs) -> anyhow::Result<Exit> {
    let options = IndexOptions {
        max_file_size: args.max_file_size,
        rebuild: args.rebuild,
        file_time_limit: Some(std::time::Duration::from_secs_f64(args.file_time_limit)),
        commit_every: (args.commit_every > 0).then_some(args.commit_every),
        commit_interval: std::time::Duration::from_secs_f64(args.commit_interval),
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
    let progress = Bar {
        bar,
        json: args.json,
    };
    let report = pressdex::index::index_paths(dir, &args.paths, &options, &progress)?;
    progress.bar.finish_and_clear();
    let name = pressdex::source::path_key(dir);
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        render::json::index_report(&mut out, &name, &report)?;
    } else {
        report.warnings.iter().for_each(warn);
        for c in &report.unmatched_corrections {
            eprintln!("pressdex: warning: {}", unmatched(&c.correction));
        }
        render::human::index_report(&mut out, &name, &report)?;
    }
    out.flush()?;
    Ok(Exit::Success)
}

fn search(dir: &std::path::Path, args: SearchArgs) -> anyhow::Result<Exit> {
    let output = Output::new(&args.output);
    anyhow::ensure!(
        !(args.facets && output == Output::Csv),
        "--facets cannot be used with CSV output"
    );
    let mut request = SearchRequest {
        sort: args.sort.into(),
        limit: args.limit,
        offset: args.offset,
        fragments: args.fragments,
        ..args.filters.request()
    };
    check_period(request.since, request.until)?;
    let identities = Identities::open(dir)?;
    identities.resolve(&mut request)?;
    let results = identities.engine().search(&request)?;
    let facets = if args.facets {
        Some((
            identities.facets(&request, 10)?,
            identities.engine().languages(&request)?,
        ))
    } else {
        None
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let facets = facets.as_ref().map(|(f, l)| (f, l.as_slice()));
    output.search(&mut out, &request, &results, facets)?;
    out.flush()?;
    Ok(Exit::found(results.total > 0))
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

fn mentions(dir: &std::path::Path, args: MentionsArgs) -> anyhow::Result<Exit> {
    let output = Output::new(&args.output);
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
    if let Some(file) = &args.names_file {
        return names_file(&identities, file, kind, &request, output);
    }
    let found = identities.mentions(args.name.as_deref(), args.role.as_deref(), kind, &request)?;
    let mut out = BufWriter::new(io::stdout().lock());
    output.mentions(&mut out, &found, request.offset)?;
    out.flush()?;
    Ok(Exit::found(found.total > 0))
}

/// `mentions --names-file`: every name of the file looked up; bad rows are warned about.
fn names_file(
    identities: &Identities,
    file: &std::path::Path,
    kind: Option<Kind>,
    request: &SearchRequest,
    output: Output,
) -> anyhow::Result<Exit> {
    let (rows, bad) = pressdex::names::read(file)?;
    let shown = pressdex::source::path_key(file);
    for b in &bad {
        eprintln!(
            "pressdex: warning: {} line {}: {}",
            render::sanitize_line(&shown),
            b.line,
            render::sanitize_line(&b.reason)
        );
    }
    let found = pressdex::names::resolve(identities, &rows, kind, request)?;
    let mut out = BufWriter::new(io::stdout().lock());
    let count = |s: &str| found.iter().filter(|r| r.status == s).count();
    match output {
        Output::Json => {
            for r in &found {
                render::json::line(&mut out, "name", r)?;
            }
            let summary = serde_json::json!({
                "file": shown, "names": found.len(), "resolved": count("resolved"),
                "ambiguous": count("ambiguous"), "unknown": count("unknown"), "bad_rows": bad,
            });
            render::json::line(&mut out, "summary", summary)?;
        }
        Output::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record([
                "line",
                "name",
                "status",
                "kind",
                "identity",
                "releases",
                "first",
                "last",
                "aliases",
                "candidates",
            ])?;
            for r in &found {
                let date =
                    |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                w.write_record([
                    r.line.to_string(),
                    r.name.clone(),
                    r.status.to_string(),
                    r.kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
                    r.identity.clone().unwrap_or_default(),
                    r.releases.to_string(),
                    date(r.first),
                    date(r.last),
                    r.aliases.join("; "),
                    r.candidates.join("; "),
                ])?;
            }
            w.flush()?;
        }
        Output::Human(_) => {
            for r in &found {
                let name = render::sanitize_line(&r.name);
                match (&r.identity, r.status) {
                    (Some(id), "resolved") => writeln!(
                        out,
                        "{name} → {} ({}): {}",
                        render::sanitize_line(id),
                        r.kind.map_or("", |k| k.as_str()),
                        plural(r.releases, "release")
                    )?,
                    (_, "ambiguous") => writeln!(
                        out,
                        "{name}: ambiguous ({}): {}",
                        render::sanitize_line(&r.candidates.join(" or ")),
                        plural(r.releases, "release")
                    )?,
                    _ if r.candidates.is_empty() => writeln!(out, "{name}: unknown")?,
                    _ => writeln!(
                        out,
                        "{name}: unknown; did you mean {}?",
                        render::sanitize_line(&r.candidates.join(" or "))
                    )?,
                }
            }
        }
    }
    out.flush()?;
    Ok(Exit::found(found.iter().any(|r| r.status != "unknown")))
}

fn entities(dir: &std::path::Path, kind: Kind, args: ListArgs) -> anyhow::Result<Exit> {
    let output = Output::new(&args.output);
    let mut request = args.filters.request();
    check_period(request.since, request.until)?;
    let identities = Identities::open(dir)?;
    identities.resolve(&mut request)?;
    let rows = identities.entities(kind, &request, args.limit)?;
    let mut out = BufWriter::new(io::stdout().lock());
    output.entities(&mut out, &rows)?;
    out.flush()?;
    Ok(Exit::found(!rows.is_empty()))
}

fn trends(dir: &std::path::Path, args: TrendsArgs) -> anyhow::Result<Exit> {
    let output = Output::new(&args.output);
    let mut request = args.filters.request();
    check_period(request.since, request.until)?;
    let identities = Identities::open(dir)?;
    identities.resolve(&mut request)?;
    let found = identities
        .engine()
        .trends(&request, args.by.into(), args.normalize)?;
    let mut out = BufWriter::new(io::stdout().lock());
    match output {
        Output::Json => render::trends::json(&mut out, &request, &found)?,
        Output::Csv => render::trends::csv(&mut out, &found)?,
        Output::Human(_) => render::trends::human(&mut out, &found)?,
    }
    out.flush()?;
    Ok(Exit::found(found.total > 0))
}

/// A progress bar for exports.
struct ExportBar(indicatif::ProgressBar);

impl pressdex::export::ExportProgress for ExportBar {
    fn advance(&self, done: u64, total: u64) {
        if done == 1 {
            self.0.set_length(total);
        }
        self.0.set_position(done);
    }
}

fn export(dir: &std::path::Path, args: ExportArgs) -> anyhow::Result<Exit> {
    use pressdex::export::ExportOptions;
    let mut request = args.filters.request();
    check_period(request.since, request.until)?;
    let identities = Identities::open_streamed(dir)?;
    identities.resolve(&mut request)?;
    let options = ExportOptions {
        force: args.force,
        chunk_bytes: usize::try_from(args.chunk_size).unwrap_or(usize::MAX),
        ..ExportOptions::new(args.to.into(), args.out_dir.clone())
    };
    let bar = if args.quiet || !io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(0).with_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} exporting {pos}/{len} releases {wide_bar} {eta}",
            )
            .expect("valid template"),
        )
    };
    let progress = ExportBar(bar);
    let manifest = pressdex::export::export(&identities, &request, &options, &progress)?;
    progress.0.finish_and_clear();
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        render::json::line(&mut out, "export", &manifest)?;
    } else {
        let rows = manifest.rows;
        writeln!(
            out,
            "exported {}, {} and {} to {} ({})",
            plural(rows.releases as usize, "release"),
            plural(rows.mentions as usize, "mention"),
            plural(rows.co_mentions as usize, "co-mention"),
            pressdex::source::path_key(&args.out_dir),
            manifest.files.join(", ")
        )?;
    }
    out.flush()?;
    Ok(Exit::Success)
}

fn network(dir: &std::path::Path, args: NetworkArgs) -> anyhow::Result<Exit> {
    use pressdex::export::network;
    let mut request = args.filters.request();
    check_period(request.since, request.until)?;
    let identities = Identities::open_streamed(dir)?;
    identities.resolve(&mut request)?;
    let found = network::network(&identities, &request, args.min_releases)?;
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        GraphFormat::Csv => network::write_csv(&mut out, &found)?,
        GraphFormat::Gexf => network::write_gexf(&mut out, &found)?,
    }
    out.flush()?;
    Ok(Exit::found(!found.edges.is_empty()))
}

fn show(dir: &std::path::Path, args: ShowArgs) -> anyhow::Result<Exit> {
    let engine = Engine::open(dir)?;
    let release = engine.release(&args.path)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        render::json::release(&mut out, &release)?;
    } else {
        render::human::release(&mut out, &release, color(args.color))?;
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// Opens the index, binds the address (both fail before anything is served), prints the URL and
/// serves until stopped.
fn serve(dir: &std::path::Path, args: ServeArgs) -> anyhow::Result<Exit> {
    // Every file's checksum, as `pressdex check` verifies them (it reads the index once, about
    // 10 ms for 3,000 releases): garbled bytes that keep a file's size would otherwise give
    // wrong answers, not errors.
    pressdex::store::check(dir)?;
    // A table another pressdex wrote (or none) would leave every request of a large index to
    // work the identities out: work it out once now.
    if !pressdex::identities::refresh_table(dir)? {
        eprintln!(
            "pressdex: warning: cannot write the people and organizations table beside the index; answers stay right, people and organization lists are slower"
        );
    }
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
    let options = pressdex::serve::Options {
        allow_edits: args.allow_edits,
        limits: pressdex::serve::limits::Limits {
            time: std::time::Duration::from_secs_f64(args.time_limit),
            ..Default::default()
        },
    };
    pressdex::serve::run(engine, &name, listener, options).context("the web server stopped")?;
    Ok(Exit::Success)
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

fn extract(args: ExtractArgs) -> anyhow::Result<Exit> {
    pressdex::extract::tagger::check_model().map_err(anyhow::Error::msg)?;
    let mut out = BufWriter::new(io::stdout().lock());
    let mut skipped = 0usize;
    let limit = Some(std::time::Duration::from_secs_f64(args.file_time_limit));
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
            let found = match pressdex::budget::extract_text_within(input.text, limit) {
                Ok(found) => found,
                Err(reason) => {
                    let id = input.id.to_string();
                    let id = render::sanitize_line(&id);
                    eprintln!(
                        "pressdex: warning: stdin line {} (id {id}): {reason}",
                        n + 1
                    );
                    skipped += 1;
                    continue;
                }
            };
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
                .map(|p| pressdex::extract_file_within(p, args.max_file_size, limit))
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
        Exit::SomeSkipped
    } else {
        Exit::Success
    })
}

/// The warning for a correction that changes no release.
fn unmatched(c: &pressdex::corrections::Correction) -> String {
    format!(
        "correction #{} ({}) matches nothing in the index: no release has what it names now; \
         it is kept and applies when one does ('pressdex identity undo {}' withdraws it)",
        c.id,
        render::sanitize(&c.change.to_string()),
        c.id
    )
}

/// `pressdex identity ...`: records a decision and brings the index up to date, or lists them.
fn identity(dir: &std::path::Path, args: IdentityArgs) -> anyhow::Result<Exit> {
    use pressdex::corrections::{self, Change};
    use pressdex::identities::edit::{self, Status};
    let (change, note) = match args.action {
        IdentityAction::List { json } => return identity_list(dir, json),
        IdentityAction::Merge {
            names,
            into,
            decision,
        } => {
            let into = into.unwrap_or_else(|| names[0].clone());
            let kind = decision.kind.into();
            (Change::Merge { kind, names, into }, decision.note)
        }
        IdentityAction::Rename { name, to, decision } => {
            let kind = decision.kind.into();
            (Change::Rename { kind, name, to }, decision.note)
        }
        IdentityAction::Hide { names, decision } => {
            let kind = decision.kind.into();
            (Change::Hide { kind, names }, decision.note)
        }
        IdentityAction::Split {
            name,
            from,
            into,
            decision,
        } => {
            let kind = decision.kind.into();
            let into = into.unwrap_or_else(|| name.clone());
            let change = Change::Split {
                kind,
                name,
                from,
                into,
            };
            (change, decision.note)
        }
        IdentityAction::Undo { id, note } => (Change::Undo { id }, note),
    };
    let NoteArgs { why, by, json } = note;
    let by = by
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string());
    let author = corrections::Author {
        by,
        at: corrections::now(),
        why,
    };
    let recorded = edit::record(dir, change, author)?;
    let c = &recorded.decision.correction;
    if recorded.decision.status == Status::MatchesNothing {
        eprintln!("pressdex: warning: {}", unmatched(c));
    } else if !recorded.unknown.is_empty() {
        let names: Vec<String> = recorded.unknown.iter().map(|n| format!("'{n}'")).collect();
        eprintln!(
            "pressdex: warning: no release has {} named {}; correction #{} applies to the other names",
            match c.change.kind() {
                Some(Kind::Org) => "an organization",
                _ => "a person",
            },
            render::sanitize(&names.join(" or ")),
            c.id
        );
    }
    if !recorded.unknown.is_empty() {
        if let Some(names) = did_you_mean(dir, c.change.kind(), &recorded.unknown) {
            eprintln!("pressdex: did you mean {names}?");
        }
    }
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        let name = pressdex::source::path_key(dir);
        render::json::recorded(&mut out, &name, &recorded)?;
    } else {
        render::human::recorded(&mut out, &recorded)?;
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// Names of the index close to `names` ("bill clinton" → 'Bill Clinton'), with their release
/// counts, as `mentions` suggests them.
fn did_you_mean(dir: &std::path::Path, kind: Option<Kind>, names: &[String]) -> Option<String> {
    let identities = Identities::open(dir).ok()?;
    let request = SearchRequest {
        limit: 1,
        ..Default::default()
    };
    let mut seen: Vec<String> = Vec::new();
    for name in names {
        let Ok(found) = identities.mentions(Some(name), None, kind, &request) else {
            continue;
        };
        for e in found.matched.iter().chain(&found.suggestions) {
            let shown = format!("'{}' ({})", e.name, plural(e.releases, "release"));
            if e.name != *name && !seen.contains(&shown) {
                seen.push(shown);
            }
        }
    }
    seen.truncate(5);
    (!seen.is_empty()).then(|| render::sanitize(&seen.join(" or ")).into_owned())
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

fn identity_list(dir: &std::path::Path, json: bool) -> anyhow::Result<Exit> {
    let (file, rows) = pressdex::identities::edit::list(dir)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        render::json::corrections(&mut out, &pressdex::source::path_key(&file), &rows)?;
    } else if rows.is_empty() {
        writeln!(
            out,
            "no corrections yet (they are kept in {})",
            pressdex::source::path_key(&file)
        )?;
    } else {
        render::human::corrections(&mut out, &rows)?;
    }
    out.flush()?;
    Ok(Exit::found(!rows.is_empty()))
}
