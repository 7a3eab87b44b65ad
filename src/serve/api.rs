//! The JSON API's handlers: parameters in, the library's serde types out.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

use super::limits::Cancel;
use super::params::{ApiError, Params};
use super::AppState;
use crate::error::{Error, NameUse};
use crate::identities::{EntitySummary, Identities, Kind, Mentions};
use crate::model::Release;
use crate::search::query::Rewrite;
use crate::search::{FacetCount, Facets, Hit, Period, SearchRequest, Span, Suggestion, YearCount};
use crate::trends::By;

/// Most hits one search returns.
pub const MAX_LIMIT: usize = 100;
/// Deepest page: hits skipped at most.
pub const MAX_OFFSET: usize = 10_000;
/// Most people or organizations one listing returns.
pub const MAX_ENTITIES: usize = 1_000;
/// Most releases one mentions request returns.
pub const MAX_MENTIONS: usize = 200;

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;
type ApiResult<T> = Result<Json<T>, ApiError>;

fn params(pairs: Pairs, allowed: &[&str]) -> Result<Params, ApiError> {
    let Query(pairs) = pairs.map_err(|e| {
        ApiError::status(
            StatusCode::BAD_REQUEST,
            format!("bad query string: {}", e.body_text()),
        )
    })?;
    Params::new(pairs, allowed)
}

/// Runs index work on tokio's blocking pool within the server's time and concurrency bounds
/// (see [`super::limits`]); the work may stop early at a [`Cancel::check`].
async fn blocking<T, F>(state: Arc<AppState>, work: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Cancel) -> Result<T, ApiError> + Send + 'static,
{
    state.budget.run(work).await.map(Json)
}

/// Runs work that must not be cut short (an identity correction writes the index) on tokio's
/// blocking pool.
async fn unbounded<T, F>(work: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map(Json),
        Err(e) => Err(ApiError::status(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error: {e}"),
        )),
    }
}

/// A library error as an API error: the user's mistakes are 400s, a missing release a 404.
fn engine_error(err: Error) -> ApiError {
    match err {
        Error::BadQuery {
            position, message, ..
        } => ApiError::bad(
            "q",
            format!("invalid query at character {position}: {message}"),
        ),
        Error::UnsupportedQuery(message) => ApiError::bad("q", format!("invalid query: {message}")),
        e @ Error::QueryTooLarge(_) => ApiError::bad("q", e),
        Error::NoLetters { what, value } => {
            let parameter = match what {
                NameUse::PersonFilter => "person",
                NameUse::OrgFilter => "org",
                NameUse::Role => "role",
                _ => "name",
            };
            ApiError::bad(parameter, format!("'{value}' has no letter or digit"))
        }
        Error::NoNameOrRole => ApiError::bad("name", "required (or give a role)"),
        Error::NotFound(path) => ApiError::status(
            StatusCode::NOT_FOUND,
            format!("no release '{path}' in the index"),
        ),
        e @ Error::AmbiguousPath { .. } => ApiError::bad("path", e),
        e => {
            eprintln!("pressdex: error: {e}");
            ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
        }
    }
}

/// The query and the filters shared by search, people and orgs.
fn filters(p: &Params) -> Result<SearchRequest, ApiError> {
    let (since, until) = p.dates()?;
    Ok(SearchRequest {
        query: p.one("q")?.map(str::to_string),
        people: p.names("person")?,
        orgs: p.names("org")?,
        langs: p.all("lang"),
        since,
        until,
        ..Default::default()
    })
}

/// A request of [`filters`] with each person it filters on resolved to the names of that
/// person's identities ([`Identities::resolve`]: "Lanny Breuer" also finds "Lanny A. Breuer"),
/// once the work may still go on.
fn resolved(
    state: &AppState,
    mut request: SearchRequest,
    cancel: &Cancel,
) -> Result<SearchRequest, ApiError> {
    state
        .identities
        .resolve(&mut request)
        .map_err(engine_error)?;
    cancel.check()?;
    Ok(request)
}

#[derive(Serialize)]
pub(crate) struct Info {
    index: String,
    releases: u64,
    version: &'static str,
    /// Whether `POST /api/identity` records corrections.
    edits: bool,
}

/// `GET /api/info`.
pub(crate) async fn info(State(state): State<Arc<AppState>>, pairs: Pairs) -> ApiResult<Info> {
    params(pairs, &[])?;
    Ok(Json(Info {
        index: state.name.clone(),
        releases: state.engine().num_docs(),
        version: env!("CARGO_PKG_VERSION"),
        edits: state.allow_edits,
    }))
}

#[derive(Serialize)]
pub(crate) struct SearchResponse {
    query: Option<String>,
    /// The index state answered from (see [`crate::search::Engine::generation`]).
    generation: String,
    total: usize,
    returned: usize,
    offset: usize,
    limit: usize,
    elapsed_ms: f64,
    hits: Vec<Hit>,
    rewrites: Vec<Rewrite>,
    suggestions: Vec<Suggestion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<LangFacets>,
    #[serde(skip_serializing_if = "Option::is_none")]
    years: Option<Vec<YearCount>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    months: Option<Vec<MonthCount>>,
}

const SEARCH_PARAMS: &[&str] = &[
    "q",
    "person",
    "org",
    "lang",
    "since",
    "until",
    "sort",
    "limit",
    "offset",
    "fragments",
    "facets",
    "facet_limit",
];

/// `GET /api/search`.
pub(crate) async fn search(
    State(state): State<Arc<AppState>>,
    pairs: Pairs,
) -> ApiResult<SearchResponse> {
    let p = params(pairs, SEARCH_PARAMS)?;
    let request = SearchRequest {
        sort: p.sort()?,
        limit: p.number("limit", 10, 1, MAX_LIMIT)?,
        offset: p.number("offset", 0, 0, MAX_OFFSET)?,
        fragments: p.number("fragments", 3, 0, 10)?,
        ..filters(&p)?
    };
    let with_facets = p.flag("facets", false)?;
    let facet_limit = p.number("facet_limit", 10, 1, MAX_LIMIT)?;
    blocking(state.clone(), move |cancel| {
        let start = std::time::Instant::now();
        let generation = state.engine().generation();
        let request = resolved(&state, request, cancel)?;
        let results = state.engine().search(&request).map_err(engine_error)?;
        let (facets, chart) = if with_facets {
            cancel.check()?;
            let (facets, chart) = facets_and_years(&state.identities, &request, facet_limit)?;
            (Some(facets), Some(chart))
        } else {
            (None, None)
        };
        let (years, months) = chart.map_or((None, None), |c| (Some(c.years), c.months));
        Ok(SearchResponse {
            query: request.query,
            generation,
            total: results.total,
            returned: results.hits.len(),
            offset: request.offset,
            limit: request.limit,
            elapsed_ms: start.elapsed().as_secs_f64() * 1000.0,
            hits: results.hits,
            rewrites: results.rewrites,
            suggestions: results.suggestions,
            facets,
            years,
            months,
        })
    })
    .await
}

/// [`Facets`] and the releases per language, as `pressdex search --facets --json` writes them.
#[derive(Serialize)]
pub(crate) struct LangFacets {
    #[serde(flatten)]
    facets: Facets,
    languages: Vec<FacetCount>,
}

/// Releases published in one calendar month, for the page's chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct MonthCount {
    /// `YYYY-MM`, as `since` and `until` take it.
    month: String,
    /// Matching releases published that month: the total of a search with `since` and
    /// `until` both this month.
    releases: u64,
}

/// The page's chart: releases per year, and per month when they span a short range.
struct Chart {
    /// Releases per year for the request without its date filters.
    years: Vec<YearCount>,
    /// Releases per month over the calendar years of [`month_window`], from the first month
    /// with releases to the last (empty months between with 0); `None` when the chart is by
    /// year, or those years have no release.
    months: Option<Vec<MonthCount>>,
}

/// Most calendar years the chart shows month by month.
const MONTH_CHART_YEARS: i32 = 2;

/// The calendar years whose months the chart shows, if any: every year of `years` (the releases
/// per year without the date filters) when they span at most [`MONTH_CHART_YEARS`], else the
/// years the request's `since`/`until` narrow them to, when those are at most that many.
fn month_window(years: &[YearCount], request: &SearchRequest) -> Option<(i32, i32)> {
    let (first, last) = (years.first()?.year, years.last()?.year);
    if last - first < MONTH_CHART_YEARS {
        return Some((first, last));
    }
    if request.since.is_none() && request.until.is_none() {
        return None;
    }
    let lo = request
        .since
        .map_or(first, |p| chrono::Datelike::year(&p.first).max(first));
    let hi = request
        .until
        .map_or(last, |p| chrono::Datelike::year(&p.last).min(last));
    (lo <= hi && hi - lo < MONTH_CHART_YEARS).then_some((lo, hi))
}

/// The releases `request` matches per month of the years `lo..=hi`, whatever its own dates
/// (counted as `pressdex trends --by month` counts them).
fn months(
    identities: &Identities,
    request: &SearchRequest,
    (lo, hi): (i32, i32),
) -> Result<Vec<MonthCount>, ApiError> {
    let day = chrono::NaiveDate::from_ymd_opt;
    let (Some(first), Some(last)) = (day(lo, 1, 1), day(hi, 12, 31)) else {
        return Ok(Vec::new());
    };
    let years = Some(Period { first, last });
    let window = SearchRequest {
        since: years,
        until: years,
        ..request.clone()
    };
    let trends = identities
        .engine()
        .trends(&window, By::Month, false)
        .map_err(engine_error)?;
    Ok(trends
        .periods
        .into_iter()
        .map(|t| MonthCount {
            month: t.period,
            releases: t.releases,
        })
        .collect())
}

/// The facets of a request's matches (people and organizations merged by identity, and the
/// languages, as `pressdex search --facets`), and the page's chart: the releases per year
/// without its date filters, and per month when the range is short (see [`month_window`]).
fn facets_and_years(
    identities: &Identities,
    request: &SearchRequest,
    top: usize,
) -> Result<(LangFacets, Chart), ApiError> {
    let facets = identities.facets(request, top).map_err(engine_error)?;
    let languages = identities
        .engine()
        .languages(request)
        .map_err(engine_error)?;
    let undated = SearchRequest {
        since: None,
        until: None,
        ..request.clone()
    };
    let years = if request.since.is_some() || request.until.is_some() {
        identities
            .engine()
            .facets(&undated, 0)
            .map_err(engine_error)?
            .years
    } else {
        facets.years.clone()
    };
    let months = match month_window(&years, request) {
        Some(window) => Some(months(identities, &undated, window)?).filter(|m| !m.is_empty()),
        None => None,
    };
    Ok((LangFacets { facets, languages }, Chart { years, months }))
}

#[derive(Serialize)]
pub(crate) struct FacetsResponse {
    query: Option<String>,
    /// The index state answered from.
    generation: String,
    total: u64,
    elapsed_ms: f64,
    facets: LangFacets,
    years: Vec<YearCount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    months: Option<Vec<MonthCount>>,
}

/// `GET /api/facets`: the facets of `/api/search` alone (the page asks for them beside the
/// hits, which come first).
pub(crate) async fn facets(
    State(state): State<Arc<AppState>>,
    pairs: Pairs,
) -> ApiResult<FacetsResponse> {
    let p = params(
        pairs,
        &[
            "q",
            "person",
            "org",
            "lang",
            "since",
            "until",
            "facet_limit",
        ],
    )?;
    let request = filters(&p)?;
    let facet_limit = p.number("facet_limit", 10, 1, MAX_LIMIT)?;
    blocking(state.clone(), move |cancel| {
        let start = std::time::Instant::now();
        let generation = state.engine().generation();
        let request = resolved(&state, request, cancel)?;
        let (facets, chart) = facets_and_years(&state.identities, &request, facet_limit)?;
        Ok(FacetsResponse {
            query: request.query,
            generation,
            total: facets.facets.total,
            elapsed_ms: start.elapsed().as_secs_f64() * 1000.0,
            facets,
            years: chart.years,
            months: chart.months,
        })
    })
    .await
}

/// A release, and where a query matches in its body when one was given.
#[derive(Serialize)]
pub(crate) struct ReleaseResponse {
    #[serde(flatten)]
    release: Release,
    /// The query's matches in `body` (byte ranges), as search highlights them; only with `q`.
    #[serde(skip_serializing_if = "Option::is_none")]
    matches: Option<Vec<Span>>,
}

/// `GET /api/release?path=P` (with `q`, `person`, `org`: also the matches of that search).
pub(crate) async fn release(
    State(state): State<Arc<AppState>>,
    pairs: Pairs,
) -> ApiResult<ReleaseResponse> {
    let p = params(pairs, &["path", "q", "person", "org"])?;
    let path = p
        .one("path")?
        .ok_or_else(|| ApiError::bad("path", "required: the release's path as search gives it"))?
        .to_string();
    let request = SearchRequest {
        query: p.one("q")?.map(str::to_string),
        people: p.names("person")?,
        orgs: p.names("org")?,
        ..Default::default()
    };
    blocking(state.clone(), move |cancel| {
        let release = state.engine().release(&path).map_err(engine_error)?;
        let matches = match request.query {
            Some(_) => {
                let request = resolved(&state, request, cancel)?;
                Some(
                    state
                        .engine()
                        .matches(&request, &release)
                        .map_err(engine_error)?,
                )
            }
            None => None,
        };
        Ok(ReleaseResponse { release, matches })
    })
    .await
}

#[derive(Serialize)]
pub(crate) struct EntityList {
    returned: usize,
    entities: Vec<EntitySummary>,
}

async fn entities(state: Arc<AppState>, pairs: Pairs, kind: Kind) -> ApiResult<EntityList> {
    let p = params(pairs, &["q", "person", "org", "since", "until", "limit"])?;
    let request = filters(&p)?;
    let limit = p.number("limit", 20, 1, MAX_ENTITIES)?;
    blocking(state.clone(), move |cancel| {
        let request = resolved(&state, request, cancel)?;
        let entities = state
            .identities
            .entities(kind, &request, limit)
            .map_err(engine_error)?;
        Ok(EntityList {
            returned: entities.len(),
            entities,
        })
    })
    .await
}

/// `GET /api/people`.
pub(crate) async fn people(
    State(state): State<Arc<AppState>>,
    pairs: Pairs,
) -> ApiResult<EntityList> {
    entities(state, pairs, Kind::Person).await
}

/// `GET /api/orgs`.
pub(crate) async fn orgs(
    State(state): State<Arc<AppState>>,
    pairs: Pairs,
) -> ApiResult<EntityList> {
    entities(state, pairs, Kind::Org).await
}

/// `GET /api/mentions?name=N`.
pub(crate) async fn mentions(
    State(state): State<Arc<AppState>>,
    pairs: Pairs,
) -> ApiResult<Mentions> {
    let p = params(
        pairs,
        &[
            "name", "role", "kind", "q", "since", "until", "limit", "offset",
        ],
    )?;
    let name = p.one("name")?.map(str::to_string);
    let role = p.one("role")?.map(str::to_string);
    for (param, value) in [("name", &name), ("role", &role)] {
        if value
            .as_deref()
            .is_some_and(|v| !v.chars().any(char::is_alphanumeric))
        {
            return Err(ApiError::bad(param, "needs a letter or digit"));
        }
    }
    if name.is_none() && role.is_none() {
        return Err(ApiError::bad("name", "required (or give a role)"));
    }
    let kind = match p.one("kind")? {
        None => None,
        Some("person") => Some(Kind::Person),
        Some("org") => Some(Kind::Org),
        Some(other) => {
            return Err(ApiError::bad(
                "kind",
                format!("'{other}' is not a kind: use person or org"),
            ))
        }
    };
    let (since, until) = p.dates()?;
    let request = SearchRequest {
        query: p.one("q")?.map(str::to_string),
        since,
        until,
        limit: p.number("limit", 20, 1, MAX_MENTIONS)?,
        offset: p.number("offset", 0, 0, MAX_OFFSET)?,
        ..Default::default()
    };
    blocking(state.clone(), move |_| {
        state
            .identities
            .mentions(name.as_deref(), role.as_deref(), kind, &request)
            .map_err(engine_error)
    })
    .await
}

/// The answer of `POST /api/identity`.
#[derive(Serialize)]
pub(crate) struct IdentityResponse {
    /// The decision recorded, as a `correction` line of `pressdex identity list --json`.
    correction: crate::identities::edit::Listed,
    /// Releases written again.
    rewritten: usize,
}

/// `POST /api/identity`: records a correction (JSON body: the fields of a line of the
/// corrections file without `id` and `at`) and brings the index up to date.
pub(crate) async fn identity(
    State(state): State<Arc<AppState>>,
    headers: axum::http::HeaderMap,
    body: Result<Json<crate::corrections::Request>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<IdentityResponse> {
    use crate::corrections::{self, Author};
    use axum::extract::rejection::JsonRejection;
    if !state.allow_edits {
        return Err(ApiError::status(
            StatusCode::FORBIDDEN,
            "identity edits are off: this server was started without allowing them",
        ));
    }
    if !same_origin(&headers) {
        return Err(ApiError::status(
            StatusCode::FORBIDDEN,
            "identity edits are only accepted from this server's own page",
        ));
    }
    let Json(request) = body.map_err(|e| match e {
        JsonRejection::MissingJsonContentType(_) => ApiError::status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the correction as JSON, with Content-Type: application/json",
        ),
        other => ApiError::bad("body", other.body_text()),
    })?;
    let change = request
        .change()
        .map_err(|e| ApiError::status(StatusCode::BAD_REQUEST, e.to_string()))?;
    let author = Author {
        by: request
            .by
            .clone()
            .filter(|b| !b.trim().is_empty())
            .unwrap_or_else(|| "web".to_string()),
        at: corrections::now(),
        why: request.why.clone(),
    };
    unbounded(move || {
        let engine = state.engine();
        let recorded =
            crate::identities::edit::record(engine.dir(), change, author).map_err(|e| match e {
                e @ Error::BadCorrection(_) => {
                    ApiError::status(StatusCode::BAD_REQUEST, e.to_string())
                }
                e @ Error::Locked(_) => ApiError::status(StatusCode::CONFLICT, e.to_string()),
                e => engine_error(e),
            })?;
        engine.reload().map_err(engine_error)?;
        Ok(IdentityResponse {
            correction: recorded.decision,
            rewritten: recorded.rewritten,
        })
    })
    .await
}

/// Whether a request comes from a page of this server: no `Origin` (not sent by a browser, or
/// a same-origin GET), or one whose host is the request's `Host`.
fn same_origin(headers: &axum::http::HeaderMap) -> bool {
    use axum::http::header;
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin.to_str().ok().and_then(|o| {
        o.strip_prefix("http://")
            .or_else(|| o.strip_prefix("https://"))
    });
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}
