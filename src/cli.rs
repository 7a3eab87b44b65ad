//! Command-line arguments (clap derive). Nothing here reaches the library: `main` turns these
//! into library requests.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use pressdex::search::{Period, SearchRequest, Sort};

const ABOUT: &str =
    "Search engine over press releases: dates, people and organizations, ranked and highlighted.";

const AFTER_HELP: &str = "\
Examples:
  pressdex index corpus/
  pressdex search \"internet of things\"
  pressdex search '\"internet of things\" AND \"smart city\"' --since 2017 --until 2017
  pressdex search --person \"He Xuming\"
  pressdex search \"smart city\" --org ITU --since 2017 --until 2018-06 --sort newest --json
  pressdex extract corpus/2017/wiotc-wsis-forum-2017.txt
  pressdex mentions Guterres
  pressdex people --since 2017 --until 2017 --csv
  pressdex show wiotc-wsis-forum-2017.txt
  pressdex identity merge \"Barack Obama\" Obama --why \"same person\"   # corrections that last
  pressdex serve                       # then open http://127.0.0.1:7777/

Exit codes: 0 success (search: hits found), 1 search found nothing / extract skipped a file,
2 error. The index folder is ./.pressdex unless --index or PRESSDEX_INDEX say otherwise.";

#[derive(Debug, Parser)]
#[command(name = "pressdex", version, about = ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    /// Index folder.
    #[arg(
        long,
        global = true,
        env = "PRESSDEX_INDEX",
        default_value = ".pressdex",
        value_name = "DIR"
    )]
    pub index: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index the press releases (.txt, .html) under one or more folders.
    #[command(after_help = "\
Examples:
  pressdex index corpus/                 # first run builds ./.pressdex
  pressdex index corpus/                 # later runs only re-read changed files
  pressdex index corpus/ --rebuild       # start over (needed after a pressdex upgrade changes the schema)
  pressdex index a/ b/ --index /data/pressdex --json

Unchanged files (same size and modification time) are not read again, changed files are
replaced, files deleted from an indexed folder are removed. Files that cannot be read or parsed
are reported on stderr, counted as skipped, and the run goes on. A long run commits in batches
(every --commit-every releases or --commit-interval seconds, whichever comes first), each a
complete index: if it fails or is killed, the index is as its last commit left it, and the next
run does only what was not committed (files gone are removed by a run's last commit). A
--rebuild builds its new index beside the old one, in batches too, and swaps it in at its end:
interrupted, it leaves the old index as it was (searches keep reading it), and the next
--rebuild takes up the new index where it stopped (unless the program, the corrections or
--max-file-size changed meanwhile: then it starts over).

Exit codes: 0 committed (skipped files are counted, not fatal), 2 error (the index is as the
run's last commit, or the run before, left it).")]
    Index(IndexArgs),
    /// Search the index: ranked releases with highlighted fragments.
    #[command(after_help = "\
Query syntax (tantivy): words are ANDed; OR, AND, NOT (or -word, +word); \"exact phrase\";
field:term with the fields title, body, person_text, org_text, year (e.g. year:2017);
grouping with parentheses; word* (prefix) and word~1 or word~2 (fuzzy: within one or two edits),
which combine with the other words by AND. Matching ignores case and accents and stems English
words. When nothing matches, queries that would find something are suggested. A query has at
most 1000 characters, 100 words, parentheses 10 deep and 10 prefix or fuzzy terms, each
matching at most 1000 index words.

Examples:
  pressdex search \"internet of things\"
  pressdex search '\"internet of things\" AND \"smart city\"' --since 2017 --until 2017
  pressdex search 'title:alliance OR title:convention' --sort oldest
  pressdex search --person Guterres                 # every release mentioning António Guterres
  pressdex search --person \"He Xuming\" --json      # aliases like \"Chairman He\" are highlighted
  pressdex search cybersecurity --org ITU --limit 5 --offset 5
  pressdex search '\"smart city\"' --facets -n 3            # who and when, counted over all hits
  pressdex search 'xum*'                            # prefix: every word starting with xum
  pressdex search 'Guteres~1'                       # fuzzy: words within 1 edit (~2: two)

Exit codes: 0 hits found, 1 no hits, 2 error (bad query, no index, ...).")]
    Search(SearchArgs),
    /// Print what extraction finds in files (or in JSON Lines on stdin), as JSON Lines.
    #[command(after_help = "\
Output (one compact JSON object per line, offsets are UTF-8 byte offsets into the body, end
exclusive):
  files:   {\"path\",\"title\",\"date\",\"date_source\",\"format\",\"body\",
            \"people\":[{\"name\",\"mentions\":[{\"start\",\"end\"}]}],\"orgs\":[...]}
  --jsonl: reads {\"id\",\"text\"} lines from stdin, treats each text as the body of a plain-text
           release, prints {\"id\",\"date\",\"people\",\"orgs\"} with offsets into that text.

Examples:
  pressdex extract corpus/2017/*.html
  echo '{\"id\":1,\"text\":\"Executive Chairman He Xuming spoke. Chairman He thanked ITU.\"}' | pressdex extract --jsonl")]
    Extract(ExtractArgs),
    /// Every mention of a person or organization, release by release, in context.
    #[command(after_help = "\
Finds the releases that mention NAME under any alias, newest first, and prints every mention in
its sentence. A short name is resolved across releases when the index knows exactly one fuller
name for it (\"Guterres\" → \"António Guterres\", an acronym → the one organization it spells);
a short name with several candidates is reported as unresolved. A name the index does not know
gets suggestions.

Examples:
  pressdex mentions \"He Xuming\"              # also \"Chairman He Xuming\" and \"Chairman He\"
  pressdex mentions Guterres --since 2019
  pressdex mentions ITU --org --csv > itu.csv
  pressdex mentions Okafor-Diallo --query \"smart city\" --json
  pressdex mentions --role Secretary-General          # everyone called Secretary-General
  pressdex mentions Guterres --role Secretary-General --since 2020
  pressdex mentions --names-file officials.csv --csv    # one row per name of the file

Exit codes: 0 mentions found, 1 none (suggestions are printed), 2 error.")]
    Mentions(MentionsArgs),
    /// List the people mentioned by the releases that match, most mentioned first.
    #[command(after_help = "\
Counts releases, not mentions. Takes the same query and filters as search.

Examples:
  pressdex people
  pressdex people '\"internet of things\"' --since 2017 --until 2017   # who was quoted most
  pressdex people --org ITU --csv

Exit codes: 0 listed, 1 none found, 2 error.")]
    People(ListArgs),
    /// List the organizations mentioned by the releases that match, most mentioned first.
    #[command(after_help = "\
Counts releases, not mentions. Takes the same query and filters as search.

Examples:
  pressdex orgs
  pressdex orgs cybersecurity --since 2018 --json

Exit codes: 0 listed, 1 none found, 2 error.")]
    Orgs(ListArgs),
    /// Count the releases that match per year, month or week (and their share of all releases).
    #[command(after_help = "\
Takes the same query and filters as search. Every period from the first to the last match is
listed, empty ones with 0; undated releases are counted apart. With --normalize, each period
also shows every release published in it (within --since/--until) and the share that matches.

Examples:
  pressdex trends cybersecurity
  pressdex trends --person Guterres --by month --since 2019
  pressdex trends '\"smart city\"' --by week --normalize --csv > smart-city.csv

Exit codes: 0 counted, 1 nothing matches, 2 error.")]
    Trends(TrendsArgs),
    /// Export the releases that match: Parquet or CSV tables, OpenSearch or Quickwit files.
    #[command(after_help = "\
Takes the same query and filters as search (none: every release). Writes into OUT_DIR, which
must be new or empty unless --force:
  parquet, csv: releases, mentions and co_mentions tables (.parquet or .csv);
  opensearch:   template.json (an index template) and bulk-00001.ndjson... for the _bulk API,
                at most --chunk-size bytes each (see the README for the curl commands);
  quickwit:     releases.yaml and mentions.yaml (index configs: Quickwit has no arrays of
                objects, so mentions are an index of their own), releases-00001.ndjson... and
                mentions-00001.ndjson... for 'quickwit index ingest --input-path', at most
                --chunk-size bytes each; undated.yaml and undated-00001.ndjson... for releases
                without a date (a Quickwit index with a timestamp field refuses them).
Each export also writes manifest.json: the query and filters, the pressdex version, the index's
commit (opstamp), the row counts and the time.

Examples:
  pressdex export --to parquet out/
  pressdex export --to csv out/ cybersecurity --since 2018 --force
  pressdex export --to opensearch bulk/ --person Guterres
  pressdex export --to quickwit qw/ --since 2020

Exit codes: 0 exported, 2 error.")]
    Export(ExportArgs),
    /// Who is mentioned with whom: person–person and person–organization edges, for Gephi.
    #[command(after_help = "\
Takes the same query and filters as search (none: every release). An edge joins two identities
(as 'pressdex people' and 'pressdex orgs' name them) mentioned by the same release; its weight
is the number of such releases, with the first and last of their dates. Heaviest first.
  csv:  source,source_kind,target,target_kind,releases,first,last
  gexf: a GEXF 1.3 graph (nodes with a kind, edges with weight, first, last) that Gephi opens

Examples:
  pressdex network --min-releases 3 > edges.csv
  pressdex network cybersecurity --since 2018 --format gexf > cyber.gexf

Exit codes: 0 edges found, 1 none, 2 error.")]
    Network(NetworkArgs),
    /// Show one release with every person and organization mention highlighted.
    #[command(after_help = "\
RELEASE is the path search prints, or a unique ending of it such as the file name.

Examples:
  pressdex show 2017/wiotc-wsis-forum-2017.txt
  pressdex show wiotc-wsis-forum-2017.txt --json

Exit codes: 0 shown, 2 error (not in the index, ambiguous, ...).")]
    Show(ShowArgs),
    /// Serve a local web page (search, facets, timelines) and its JSON API.
    #[command(after_help = "\
Serves one page for the browser: a search box, people and organization facets, a date range
with releases per year, ranked results with highlights, each release with its mentions, and a
person's mentions timeline. The URL holds the search, so it can be shared. The page's JSON API
(GET /api/search, /api/release, /api/people, /api/orgs, /api/mentions, /api/info) serves
scripts too: see the README, Web interface. Assets are built in: it works offline.

The first line printed is 'Serving INDEX at http://ADDR/' with the address actually bound (so
--addr 127.0.0.1:0 picks a free port). The server follows new commits of 'pressdex index',
and the new index a 'pressdex index --rebuild' swaps in, within about a second. Stop it with
Ctrl-C.

Examples:
  pressdex serve
  pressdex serve --index /data/pressdex --addr 127.0.0.1:8080
  pressdex serve --addr 127.0.0.1:0                     # any free port
  curl 'http://127.0.0.1:7777/api/search?q=smart+city&person=He+Xuming&limit=3'

Listening on another address than loopback (e.g. --addr 0.0.0.0:7777) shares the index with
the network: there is no authentication. --allow-edits lets the API record identity corrections
(POST /api/identity with a JSON body, e.g. {\"action\":\"hide\",\"names\":[\"WASHINGTON\"],\"kind\":\"org\"}).

Exit codes: 2 error (no index, damaged index, address in use, ...); it runs until stopped.")]
    Serve(ServeArgs),
    /// Correct people and organizations by hand: merge, rename, hide, split, undo, list.
    #[command(after_help = "\
Each decision is kept, with who made it, when and why, in pressdex-corrections.jsonl in the
index folder (one JSON object per line; 'pressdex index --rebuild' keeps it). It is applied to
the index at once (the releases it changes are extracted again and rewritten, in one commit),
and to every release 'pressdex index' reads later. NAME is a canonical name as 'pressdex people'
or 'pressdex orgs' prints it.

Examples:
  pressdex identity merge \"Barack Obama\" Obama \"President Obama\" --why \"same person\"
  pressdex identity merge \"Bill Clinton\" --into \"William J. Clinton\"
  pressdex identity rename \"ERIC HOLDER\" \"Eric H. Holder Jr.\"
  pressdex identity hide WASHINGTON --kind org --why \"a dateline\"
  pressdex identity split Lynch --from \"Loretta E. Lynch\" --as \"Michael Lynch\"   # another Lynch
  pressdex identity list
  pressdex identity undo 3

A decision whose names no release has is kept and reported: here, by 'identity list'
(\"matches nothing\") and after 'pressdex index'.

Exit codes: 0 recorded (list: listed), 1 list: no decision yet, 2 error (nothing recorded).")]
    Identity(IdentityArgs),
    /// Check the index: every file present, consistent, and with the right checksum.
    #[command(after_help = "\
Every command checks cheaply that the index is whole when it opens it; this also reads every
file and verifies its checksum (as long as reading the index from disk). A damaged index is
reported with the command that rebuilds it: pressdex index --rebuild CORPUS_DIR.

Exit codes: 0 the index is sound, 2 damaged or missing.")]
    Check,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "\
Examples:
  pressdex completions bash > ~/.local/share/bash-completion/completions/pressdex
  pressdex completions zsh > \"${fpath[1]}/_pressdex\"
  pressdex completions fish > ~/.config/fish/completions/pressdex.fish")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `pressdex man | man -l -`.
    Man,
}

#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Folders or files to index.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Build a new index from scratch, replacing the old one when done.
    #[arg(long)]
    pub rebuild: bool,
    /// Skip files larger than this (e.g. 50MB, 512KB, 1000000).
    #[arg(long, default_value = "50MB", value_parser = parse_size, value_name = "SIZE")]
    pub max_file_size: u64,
    /// Skip a file whose extraction takes longer than this many seconds (a warning names it).
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS", value_parser = positive_seconds)]
    pub file_time_limit: f64,
    /// Commit every N releases written, so that a rerun after a kill resumes (0: by time only).
    #[arg(long, default_value_t = pressdex::index::DEFAULT_COMMIT_EVERY, value_name = "N")]
    pub commit_every: usize,
    /// Commit every SECONDS too, whichever comes first.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS", value_parser = positive_seconds)]
    pub commit_interval: f64,
    /// Print JSON Lines (warnings, a line per batch commit, a summary) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Don't show a progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// Order of the hits (relevance without a query means newest).
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Number of hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Number of hits to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Highlighted fragments per hit.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub fragments: usize,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Also count, over all matching releases: top people, top organizations, releases per year.
    #[arg(long, conflicts_with = "csv")]
    pub facets: bool,
}

/// The query and filters that choose releases (search, people, orgs).
#[derive(Debug, clap::Args)]
pub struct Filters {
    /// Query in tantivy syntax; omit it to take every release that passes the filters.
    #[arg(value_name = "QUERY")]
    pub query: Option<String>,
    /// Only releases mentioning this person (full name, surname or alias); repeatable: all must match.
    #[arg(long, value_name = "NAME")]
    pub person: Vec<String>,
    /// Only releases mentioning this organization (long form or acronym); repeatable.
    #[arg(long, value_name = "NAME")]
    pub org: Vec<String>,
    /// Only releases in this language, an ISO 639-1 code (en, zh, fr, de, es…); repeatable: any may match.
    #[arg(long, value_name = "CODE")]
    pub lang: Vec<String>,
    #[command(flatten)]
    pub dates: DateArgs,
}

impl Filters {
    /// The search request these filters make (default sort and page).
    pub fn request(self) -> SearchRequest {
        SearchRequest {
            query: self.query,
            people: self.person,
            orgs: self.org,
            langs: self.lang,
            since: self.dates.since,
            until: self.dates.until,
            ..Default::default()
        }
    }
}

/// Publication-date filters (search, mentions, people, orgs).
#[derive(Debug, clap::Args)]
pub struct DateArgs {
    /// Only releases published on or after this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub since: Option<Period>,
    /// Only releases published on or before this date: YYYY, YYYY-MM or YYYY-MM-DD (inclusive).
    #[arg(long, value_name = "DATE")]
    pub until: Option<Period>,
}

/// How results are printed (search, mentions, people, orgs).
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format (default human; --json and --csv are short for the other two).
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with_all = ["json", "csv"])]
    pub format: Option<FormatArg>,
    /// Print JSON Lines: one line per hit, mention or entity, then a summary (see README, Output).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: a header row, then one row per hit, mention or entity.
    #[arg(long)]
    pub csv: bool,
    /// When to use colors.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

impl OutputArgs {
    /// The format the flags ask for: `--format`, or its aliases `--json` and `--csv`.
    pub fn format(&self) -> FormatArg {
        match (self.format, self.json, self.csv) {
            (Some(format), _, _) => format,
            (None, true, _) => FormatArg::Json,
            (None, _, true) => FormatArg::Csv,
            (None, false, false) => FormatArg::Human,
        }
    }
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// For people: aligned text, colors on a terminal.
    Human,
    /// JSON Lines: one line per hit, mention or entity, then a summary (see README, Output).
    Json,
    /// CSV: a header row, then one row per hit, mention or entity.
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct MentionsArgs {
    /// A person or organization: full name, surname, alias or acronym.
    #[arg(value_name = "NAME", required_unless_present_any = ["role", "names_file"])]
    pub name: Option<String>,
    /// Look up every name of a file instead (one name per line, or CSV with a `name` column):
    /// each with its identity (or unknown, with suggestions) and release count.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["name", "role"])]
    pub names_file: Option<PathBuf>,
    /// Only people a release gives this role ("Secretary-General", "Minister"); without NAME,
    /// everyone who held it.
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Only people.
    #[arg(long, conflicts_with = "org")]
    pub person: bool,
    /// Only organizations.
    #[arg(long)]
    pub org: bool,
    /// Only releases that also match this query (tantivy syntax, as in search).
    #[arg(long, short, value_name = "QUERY")]
    pub query: Option<String>,
    #[command(flatten)]
    pub dates: DateArgs,
    /// Number of releases to show.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// Number of releases to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// Number of entities to list.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The format.
    #[arg(long, value_enum)]
    pub to: ToArg,
    /// The folder to write (new or empty, unless --force).
    #[arg(value_name = "OUT_DIR")]
    pub out_dir: PathBuf,
    #[command(flatten)]
    pub filters: Filters,
    /// Write into a folder that holds files already (an earlier export's files are replaced).
    #[arg(long)]
    pub force: bool,
    /// Most bytes per OpenSearch or Quickwit NDJSON file (e.g. 10MB, 512KB).
    #[arg(long, default_value = "10MB", value_parser = parse_size, value_name = "SIZE")]
    pub chunk_size: u64,
    /// Print the manifest as one JSON line instead of a sentence.
    #[arg(long)]
    pub json: bool,
    /// Don't show a progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// What `pressdex export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ToArg {
    /// Three Parquet tables.
    Parquet,
    /// Three CSV tables.
    Csv,
    /// An index template and _bulk NDJSON files (OpenSearch, Elasticsearch).
    Opensearch,
    /// Index configs (YAML) and NDJSON files for releases and for mentions (Quickwit).
    Quickwit,
}

impl From<ToArg> for pressdex::export::Target {
    fn from(t: ToArg) -> Self {
        match t {
            ToArg::Parquet => pressdex::export::Target::Parquet,
            ToArg::Csv => pressdex::export::Target::Csv,
            ToArg::Opensearch => pressdex::export::Target::Opensearch,
            ToArg::Quickwit => pressdex::export::Target::Quickwit,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct NetworkArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// Only edges that at least this many releases have.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_releases: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Csv)]
    pub format: GraphFormat,
}

/// How `pressdex network` prints the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// One row per edge.
    Csv,
    /// GEXF 1.3 (Gephi).
    Gexf,
}

#[derive(Debug, clap::Args)]
pub struct TrendsArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// The length of a period.
    #[arg(long, value_enum, default_value_t = ByArg::Year)]
    pub by: ByArg,
    /// Also give every release of each period and the share that matches.
    #[arg(long)]
    pub normalize: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The length of a trend's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// Calendar years (2017).
    Year,
    /// Calendar months (2017-06).
    Month,
    /// ISO weeks, Monday to Sunday (2017-W24).
    Week,
}

impl From<ByArg> for pressdex::trends::By {
    fn from(b: ByArg) -> Self {
        match b {
            ByArg::Year => pressdex::trends::By::Year,
            ByArg::Month => pressdex::trends::By::Month,
            ByArg::Week => pressdex::trends::By::Week,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The release: its path as search prints it, or a unique ending such as the file name.
    #[arg(value_name = "RELEASE")]
    pub path: String,
    /// Print one JSON line (the fields of `pressdex extract`).
    #[arg(long)]
    pub json: bool,
    /// When to use colors.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:7777", value_name = "IP:PORT")]
    pub addr: std::net::SocketAddr,
    /// Accept identity corrections (POST /api/identity, as 'pressdex identity' records them).
    /// Off by default: any web page you visit can send requests to localhost.
    #[arg(long)]
    pub allow_edits: bool,
    /// Longest a request may take, in seconds (over it: a 503 that says so).
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS", value_parser = positive_seconds)]
    pub time_limit: f64,
}

/// A time limit: a positive number of seconds, at most a day.
fn positive_seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 86_400.0 => Ok(v),
        _ => Err(format!(
            "'{s}' is not a number of seconds between 0 and 86400"
        )),
    }
}

#[derive(Debug, clap::Args)]
pub struct IdentityArgs {
    #[command(subcommand)]
    pub action: IdentityAction,
}

/// A decision about identities, or the list of them.
#[derive(Debug, Subcommand)]
pub enum IdentityAction {
    /// Merge names into one identity: the first NAME, or the one given with --into.
    Merge {
        /// Names to merge (canonical names, as 'pressdex people' prints them).
        #[arg(required = true, value_name = "NAME")]
        names: Vec<String>,
        /// The name they all take (default: the first NAME).
        #[arg(long, value_name = "NAME")]
        into: Option<String>,
        #[command(flatten)]
        decision: DecisionArgs,
    },
    /// Rename an identity everywhere.
    Rename {
        /// Its name now.
        #[arg(value_name = "NAME")]
        name: String,
        /// Its new name.
        #[arg(value_name = "NEW_NAME")]
        to: String,
        #[command(flatten)]
        decision: DecisionArgs,
    },
    /// Hide names that are no person (or no organization) from every release.
    Hide {
        /// Names to hide.
        #[arg(required = true, value_name = "NAME")]
        names: Vec<String>,
        #[command(flatten)]
        decision: DecisionArgs,
    },
    /// Make the mentions of FULL_NAME written NAME (or a title and NAME) an identity of their own.
    Split {
        /// The name to split off ("Lynch").
        #[arg(value_name = "NAME")]
        name: String,
        /// The identity it was grouped with ("Loretta E. Lynch").
        #[arg(long, required = true, value_name = "FULL_NAME")]
        from: String,
        /// The name of the new identity (default: NAME). A short name alone is linked again to
        /// the one fuller name containing it across releases; give the person's full name.
        #[arg(long = "as", value_name = "NEW_NAME")]
        into: Option<String>,
        #[command(flatten)]
        decision: DecisionArgs,
    },
    /// Undo a decision (as a new decision: the file keeps both).
    Undo {
        /// The decision's number, as 'pressdex identity list' prints it (3 or #3).
        #[arg(value_name = "ID", value_parser = parse_id)]
        id: u64,
        #[command(flatten)]
        note: NoteArgs,
    },
    /// List every decision with who, when, why and how many releases it changes now.
    List {
        /// Print JSON Lines: one line per decision, then a summary (see README, Output).
        #[arg(long)]
        json: bool,
    },
}

/// What a decision is about, and the note kept with it.
#[derive(Debug, clap::Args)]
pub struct DecisionArgs {
    /// People or organizations.
    #[arg(long, value_enum, default_value_t = KindArg::Person)]
    pub kind: KindArg,
    #[command(flatten)]
    pub note: NoteArgs,
}

/// Who, why, and how the result is printed.
#[derive(Debug, clap::Args)]
pub struct NoteArgs {
    /// Why the decision is made (kept with it).
    #[arg(
        long,
        default_value = "",
        hide_default_value = true,
        value_name = "TEXT"
    )]
    pub why: String,
    /// Who makes it (default: $USER).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Print JSON Lines: the decision, then a summary.
    #[arg(long)]
    pub json: bool,
}

/// People or organizations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// People.
    Person,
    /// Organizations.
    Org,
}

impl From<KindArg> for pressdex::identities::Kind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Person => pressdex::identities::Kind::Person,
            KindArg::Org => pressdex::identities::Kind::Org,
        }
    }
}

/// A decision's number: "3" or "#3".
fn parse_id(s: &str) -> Result<u64, String> {
    let digits = s.trim().trim_start_matches('#');
    match digits.parse::<u64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(format!(
            "'{s}' is not a decision number: give it as 'pressdex identity list' prints it (e.g. 3)"
        )),
    }
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Files to extract.
    #[arg(
        value_name = "PATH",
        required_unless_present = "jsonl",
        conflicts_with = "jsonl"
    )]
    pub paths: Vec<PathBuf>,
    /// Read {"id","text"} JSON Lines from stdin instead of files.
    #[arg(long)]
    pub jsonl: bool,
    /// Skip files larger than this.
    #[arg(long, default_value = "50MB", value_parser = parse_size, value_name = "SIZE")]
    pub max_file_size: u64,
    /// Skip a file, or a --jsonl line, whose extraction takes longer than this many seconds (a
    /// warning names it).
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS", value_parser = positive_seconds)]
    pub file_time_limit: f64,
}

/// Hit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Latest publication date first.
    Newest,
    /// Earliest publication date first.
    Oldest,
}

impl From<SortArg> for Sort {
    fn from(s: SortArg) -> Sort {
        match s {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Newest => Sort::Newest,
            SortArg::Oldest => Sort::Oldest,
        }
    }
}

/// Color policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colors when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always color.
    Always,
    /// Never color; highlights are shown as **text**.
    Never,
}

/// Parses "50MB", "512KB", "2GB", "1000" into bytes.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not a size: use e.g. 50MB, 512KB or 1000000"))?;
    let mult = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" => 1_000,
        "M" | "MB" => 1_000_000,
        "G" | "GB" => 1_000_000_000,
        _ => return Err(format!("'{s}' has an unknown unit: use B, KB, MB or GB")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("'{s}' is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("50MB"), Ok(50_000_000));
        assert_eq!(parse_size("512kb"), Ok(512_000));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5XB").is_err());
    }
}
