//! `pressdex serve`: a local web page and the JSON API behind it.
//!
//! One page (HTML, CSS and JavaScript embedded in the binary: no CDN, works offline) talks to a
//! read-only JSON API over the open [`Engine`]:
//!
//! | route | answers |
//! | --- | --- |
//! | `GET /api/info` | the index's name and size |
//! | `GET /api/search` | ranked hits with highlighted fragments (and facets on request) |
//! | `GET /api/facets` | people, organizations, years (and months over a short range) of the matching releases |
//! | `GET /api/release?path=P` | one release of the index with every mention span |
//! | `GET /api/people`, `GET /api/orgs` | the people or organizations of the matching releases |
//! | `GET /api/mentions?name=N` | a person's or organization's mentions, release by release |
//! | `POST /api/identity` | records an identity correction (only when edits are allowed) |
//!
//! The README documents every parameter and field; field names are those of the CLI's
//! `--json` output (the same serde types). Bad parameters get a 400 with
//! `{"error": "...", "parameter": "..."}`, unknown routes a 404, other methods than GET and HEAD
//! a 405 (`/api/identity` takes POST only). Nothing but the embedded assets and the index's stored releases is ever served: the
//! server reads no file after the index is open.
//!
//! Every response carries `Content-Security-Policy: default-src 'self'` (no inline script can
//! run) and `X-Content-Type-Options: nosniff`; the page builds its DOM with `textContent`, so
//! release text is always data, never markup. When bound to a loopback address, requests whose
//! `Host` is not a loopback name are refused (403), so a web site cannot read the index through
//! DNS rebinding.
//!
//! Edits are off unless the server is started with them allowed: any web page the user visits
//! can send requests to localhost. Even then, `POST /api/identity` takes only a body with
//! `Content-Type: application/json` (which a plain HTML form cannot send, and which a script
//! of another site cannot send without a CORS preflight this server does not answer), and
//! refuses a request whose `Origin` is another site.
//!
//! Searches run on tokio's blocking pool within the bounds of [`limits`]: a time budget per
//! request (10 s by default; over it, a 503 that names the limit), a bound on the requests
//! reading the index at once, and no work for a client that has gone. A URL over
//! [`MAX_URI_BYTES`] is a 414 and a query string that does not decode to UTF-8 a 400, both
//! answered as JSON; so are the errors hyper answers itself, before any handler (see
//! `conn.rs`).
//!
//! The engine's reader follows the index's commits: a later `pressdex index` run, or the new
//! index a `pressdex index --rebuild` swaps into the folder, is seen within about a second.

mod api;
mod conn;
pub mod limits;
pub mod params;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::identities::Identities;
use crate::search::Engine;
use limits::{Budget, Limits};
use params::ApiError;

/// The longest URL answered (longer: 414). A query has at most 1,000 characters: even
/// percent-encoded, with filters, a page's URL stays well under this.
pub const MAX_URI_BYTES: usize = 16 * 1024;

/// The policy sent with every response: scripts, styles and images only from this server.
/// Following a link is not a fetch the policy governs, so a release's "Original page" link
/// (an absolute `http(s)` address the server checked, opened with `noopener noreferrer`) works
/// under it.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");
const FAVICON_SVG: &str = include_str!("assets/favicon.svg");

/// What the handlers share.
pub(crate) struct AppState {
    /// The people/org table, over the engine that answers searches.
    identities: Identities,
    /// The index as named on the command line (shown by the page).
    name: String,
    /// Whether `POST /api/identity` records corrections.
    allow_edits: bool,
    /// The time and concurrency bounds of the requests that read the index.
    budget: Budget,
}

impl AppState {
    /// The engine that answers searches.
    fn engine(&self) -> &Engine {
        self.identities.engine()
    }
}

/// How `pressdex serve` runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Whether `POST /api/identity` records corrections.
    pub allow_edits: bool,
    /// The time and concurrency bounds of each request.
    pub limits: Limits,
}

/// The router: the page, its assets and the API; identity corrections are recorded only with
/// `options.allow_edits`.
pub fn router(engine: Engine, name: &str, loopback_only: bool, options: Options) -> Router {
    let state = Arc::new(AppState {
        identities: Identities::new(engine),
        name: name.to_string(),
        allow_edits: options.allow_edits,
        budget: Budget::new(options.limits),
    });
    Router::new()
        .route("/", get(|| asset("text/html; charset=utf-8", INDEX_HTML)))
        .route(
            "/app.js",
            get(|| asset("text/javascript; charset=utf-8", APP_JS)),
        )
        .route(
            "/style.css",
            get(|| asset("text/css; charset=utf-8", STYLE_CSS)),
        )
        .route("/favicon.svg", get(|| asset("image/svg+xml", FAVICON_SVG)))
        .route("/api/info", get(api::info))
        .route("/api/search", get(api::search))
        .route("/api/facets", get(api::facets))
        .route("/api/release", get(api::release))
        .route("/api/people", get(api::people))
        .route("/api/orgs", get(api::orgs))
        .route("/api/mentions", get(api::mentions))
        .route("/api/identity", post(api::identity))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            guard(req, next, loopback_only)
        }))
}

async fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn not_found(req: Request) -> ApiError {
    ApiError::status(
        StatusCode::NOT_FOUND,
        format!("not found: {}", req.uri().path()),
    )
}

async fn method_not_allowed(req: Request) -> ApiError {
    let only = if req.uri().path() == "/api/identity" {
        "only POST"
    } else {
        "only GET and HEAD"
    };
    ApiError::status(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("method {} not allowed: {only}", req.method()),
    )
}

/// Whether a `Host` header names this machine's loopback interface.
fn loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Why a request is refused before routing: a foreign `Host` on a loopback server, a URL over
/// [`MAX_URI_BYTES`], a query string that is not UTF-8 once percent-decoded.
fn refusal(req: &Request, loopback_only: bool) -> Option<ApiError> {
    let host_ok = !loopback_only
        || req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .is_none_or(loopback_host);
    if !host_ok {
        return Some(ApiError::status(
            StatusCode::FORBIDDEN,
            "this server only answers requests addressed to localhost",
        ));
    }
    let uri = req.uri();
    let length = uri.path_and_query().map_or(0, |pq| pq.as_str().len());
    if length > MAX_URI_BYTES {
        return Some(ApiError::status(
            StatusCode::URI_TOO_LONG,
            format!(
                "URI too long: {length} bytes, a request's URL may have at most {MAX_URI_BYTES}"
            ),
        ));
    }
    let query = uri.query().unwrap_or("");
    params::decode_query(query).err()
}

/// Refuses what [`refusal`] refuses and adds the security headers to every answer.
async fn guard(req: Request, next: Next, loopback_only: bool) -> Response {
    let mut res = match refusal(&req, loopback_only) {
        None => next.run(req).await,
        Some(err) => err.into_response(),
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// Serves the page and the API on `listener` until the process is stopped.
///
/// `name` is the index as the user gave it, shown by the page. The listener is already bound
/// (so the caller can report a busy address before anything else and print the actual port
/// of `127.0.0.1:0`). With `options.allow_edits`, `POST /api/identity` records corrections.
pub fn run(
    engine: Engine,
    name: &str,
    listener: TcpListener,
    options: Options,
) -> std::io::Result<()> {
    let addr: SocketAddr = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    let app = router(engine, name, addr.ip().is_loopback(), options);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = conn::Listener(tokio::net::TcpListener::from_std(listener)?);
        axum::serve(listener, app).await
    })
}

#[cfg(test)]
mod tests {
    use super::loopback_host;

    #[test]
    fn loopback_hosts() {
        for ok in [
            "localhost",
            "localhost:7777",
            "LOCALHOST:1",
            "127.0.0.1",
            "127.0.0.1:7777",
            "127.1.2.3:80",
            "[::1]:7777",
            "[::1]",
        ] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:7777",
            "localhost.evil.example",
            "10.0.0.1:7777",
            "[::2]:80",
            "",
        ] {
            assert!(!loopback_host(bad), "{bad}");
        }
    }
}
