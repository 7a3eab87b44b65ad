//! The address of a release's original page, as the page names it: `<link rel="canonical">`,
//! else `<meta property="og:url">`.
//!
//! The value comes from the page, so it is taken only when it cannot be anything but a plain
//! link: an absolute `http` or `https` URL with a host, of at most [`MAX_URL_BYTES`], without
//! whitespace, control or invisible formatting characters (bidi, zero-width), or user info.
//! Nothing is resolved: a relative address (`/news/x`) is left out, as are `javascript:`,
//! `data:` and any other scheme.

use scraper::ElementRef;

/// The longest address kept, in bytes (browsers and servers commonly stop near 2,000).
pub const MAX_URL_BYTES: usize = 2048;

/// `value` as an address of the original page, if it is a safe absolute `http(s)` URL (see the
/// module doc); leading and trailing ASCII whitespace, which HTML ignores in URL attributes,
/// is trimmed.
pub fn original_url(value: &str) -> Option<String> {
    let url = value.trim_matches(|c: char| c.is_ascii_whitespace());
    if url.is_empty() || url.len() > MAX_URL_BYTES {
        return None;
    }
    if url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || crate::schema::reorders_or_hides(c))
    {
        return None;
    }
    let scheme_len = ["https://", "http://"].into_iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|s| s.eq_ignore_ascii_case(scheme))
            .map(|_| scheme.len())
    })?;
    let rest = &url[scheme_len..];
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // `https://trusted.example@elsewhere.example/` goes to elsewhere: no user info.
    if authority.contains(['@', '\\']) {
        return None;
    }
    let digits = |port: &str| port.bytes().all(|b| b.is_ascii_digit());
    let host = match authority.strip_prefix('[') {
        // An IPv6 address: `[2001:db8::1]`, `[::1]:8080`.
        Some(v6) => {
            let (inside, after) = v6.split_once(']')?;
            match after.strip_prefix(':') {
                Some(port) if digits(port) => inside,
                None if after.is_empty() => inside,
                _ => return None,
            }
        }
        None => {
            let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
            if !digits(port) {
                return None;
            }
            host
        }
    };
    if host.is_empty() || host.starts_with(['.', '-']) {
        return None;
    }
    Some(url.to_string())
}

/// Whether a `rel` value names the canonical address (`rel` is a list of words, in any case).
fn is_canonical(rel: &str) -> bool {
    rel.split_ascii_whitespace()
        .any(|w| w.eq_ignore_ascii_case("canonical"))
}

/// The page's original address: the first `<link rel="canonical">` whose `href` is a safe
/// absolute URL, else `og_url` (the first safe `og:url`, from `read_metas`).
pub(super) fn page_url(links: &[ElementRef<'_>], og_url: Option<String>) -> Option<String> {
    links
        .iter()
        .filter(|el| el.value().attr("rel").is_some_and(is_canonical))
        .find_map(|el| el.value().attr("href").and_then(original_url))
        .or(og_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_http_urls_only() {
        for ok in [
            "https://www.justice.gov/opa/pr/x",
            "http://example.org",
            "HTTPS://Example.org/a?b=c&d=e#f",
            "https://example.org:8443/path",
            "https://[2001:db8::1]/x",
            "https://例え.jp/ニュース",
        ] {
            assert_eq!(original_url(ok).as_deref(), Some(ok), "{ok}");
        }
        assert_eq!(
            original_url("  https://example.org/x\n").as_deref(),
            Some("https://example.org/x")
        );
        for bad in [
            "",
            "/news/x",
            "news/x",
            "//example.org/x",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "ftp://example.org/x",
            "mailto:a@example.org",
            "https://",
            "https:///x",
            "http:example.org",
            "https://trusted.example@evil.example/",
            "https://a\\b.example/",
            "https://example.org/a b",
            "https://example.org/a\tb",
            "https://example.org/\u{0}",
            "https://example.org/\u{7f}",
            "https://example.org/\u{202e}gpj.exe",
            "https://:80/x",
        ] {
            assert_eq!(original_url(bad), None, "{bad:?}");
        }
        let long = format!("https://example.org/{}", "a".repeat(MAX_URL_BYTES));
        assert_eq!(original_url(&long), None);
        let longest = format!("https://example.org/{}", "a".repeat(MAX_URL_BYTES - 20));
        assert_eq!(longest.len(), MAX_URL_BYTES);
        assert_eq!(original_url(&longest), Some(longest));
    }
}
