//! Query-string parameters of the JSON API, checked strictly: an unknown parameter, a repeated
//! single-valued one, a number that is not one or is over its cap, an impossible date or an
//! unknown sort is an [`ApiError`] with status 400 that names the parameter and the reason.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::search::{Period, Sort};

/// An API error: a status and a JSON body `{"error": message, "parameter": name}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for people.
    pub message: String,
    /// The query-string parameter at fault, if one is.
    pub parameter: Option<String>,
}

impl ApiError {
    /// A 400 about one parameter; the message starts with the parameter's name.
    pub fn bad(parameter: &str, reason: impl std::fmt::Display) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: format!("{parameter}: {reason}"),
            parameter: Some(parameter.to_string()),
        }
    }

    /// An error with a status and no parameter.
    pub fn status(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            parameter: None,
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: &self.message,
            parameter: self.parameter.as_deref(),
        };
        (self.status, axum::Json(body)).into_response()
    }
}

/// Checks that every name and value of a raw query string is UTF-8 once percent-decoded
/// (`q=caf%e9` is Latin-1: a 400, not a search for `caf\u{FFFD}`).
pub fn decode_query(query: &str) -> Result<(), ApiError> {
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name_bytes = percent_decode(name);
        let Ok(name) = std::str::from_utf8(&name_bytes) else {
            return Err(ApiError::status(
                StatusCode::BAD_REQUEST,
                "bad query string: a parameter name is not UTF-8 once percent-decoded",
            ));
        };
        if std::str::from_utf8(&percent_decode(value)).is_err() {
            return Err(ApiError::bad(
                name,
                "not UTF-8 once percent-decoded: percent-encode text as UTF-8 (é is %C3%A9)",
            ));
        }
    }
    Ok(())
}

/// The bytes of a percent-encoded string (`+` is a space; a `%` not followed by two hex
/// digits stays as it is, as browsers and form decoders do).
fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(a), Some(b)) => {
                    out.push((a * 16 + b) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// The parameters of one request, checked against the names an endpoint accepts.
#[derive(Debug)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Keeps the pairs if every name is one of `allowed`.
    pub fn new(pairs: Vec<(String, String)>, allowed: &[&str]) -> Result<Params, ApiError> {
        if let Some((name, _)) = pairs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(ApiError::bad(
                name,
                format!(
                    "unknown parameter; this endpoint takes {}",
                    allowed.join(", ")
                ),
            ));
        }
        Ok(Params { pairs })
    }

    /// A single-valued parameter, trimmed; empty counts as absent, twice is an error.
    pub fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self
            .pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim());
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::bad(name, "given more than once"));
        }
        Ok(first.filter(|v| !v.is_empty()))
    }

    /// Every non-empty value of a repeatable parameter, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A name filter (person, org): repeatable, each with a letter or digit.
    pub fn names(&self, name: &str) -> Result<Vec<String>, ApiError> {
        let names = self.all(name);
        if let Some(bad) = names.iter().find(|n| !n.chars().any(char::is_alphanumeric)) {
            return Err(ApiError::bad(
                name,
                format!("'{bad}' has no letter or digit"),
            ));
        }
        Ok(names)
    }

    /// A whole number in `min..=max`, or `default` when absent.
    pub fn number(
        &self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        let Some(v) = self.one(name)? else {
            return Ok(default);
        };
        let n: usize = v
            .parse()
            .map_err(|_| ApiError::bad(name, format!("'{v}' is not a whole number")))?;
        if n < min || n > max {
            return Err(ApiError::bad(
                name,
                format!("{n} is out of range: give {min} to {max}"),
            ));
        }
        Ok(n)
    }

    /// A date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn period(&self, name: &str) -> Result<Option<Period>, ApiError> {
        self.one(name)?
            .map(|v| v.parse::<Period>().map_err(|e| ApiError::bad(name, e)))
            .transpose()
    }

    /// `since` and `until`, with `since` not after `until`.
    pub fn dates(&self) -> Result<(Option<Period>, Option<Period>), ApiError> {
        let since = self.period("since")?;
        let until = self.period("until")?;
        if let (Some(s), Some(u)) = (since, until) {
            if s.first > u.last {
                return Err(ApiError::bad(
                    "since",
                    format!("{} is after until {}: nothing can match", s.first, u.last),
                ));
            }
        }
        Ok((since, until))
    }

    /// `sort`: relevance (default), newest or oldest.
    pub fn sort(&self) -> Result<Sort, ApiError> {
        match self.one("sort")? {
            None | Some("relevance") => Ok(Sort::Relevance),
            Some("newest") => Ok(Sort::Newest),
            Some("oldest") => Ok(Sort::Oldest),
            Some(other) => Err(ApiError::bad(
                "sort",
                format!("'{other}' is not a sort: use relevance, newest or oldest"),
            )),
        }
    }

    /// A yes/no parameter: true/false, 1/0, yes/no.
    pub fn flag(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.one(name)? {
            None => Ok(default),
            Some("true" | "1" | "yes") => Ok(true),
            Some("false" | "0" | "no") => Ok(false),
            Some(other) => Err(ApiError::bad(
                name,
                format!("'{other}' is not a yes/no value: use true or false"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_must_be_utf8_once_decoded() {
        assert!(decode_query("").is_ok());
        assert!(decode_query("q=caf%C3%A9&person=He+Xuming&x=%zz&y=%").is_ok());
        assert_eq!(percent_decode("a%41+%4"), b"aA %4");
        let err = decode_query("limit=3&q=caf%e9").unwrap_err();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert_eq!(err.parameter.as_deref(), Some("q"));
        assert!(err.message.starts_with("q: not UTF-8"), "{}", err.message);
        assert!(decode_query("%ff=1").unwrap_err().parameter.is_none());
    }

    fn params(pairs: &[(&str, &str)], allowed: &[&str]) -> Result<Params, ApiError> {
        Params::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            allowed,
        )
    }

    #[test]
    fn unknown_parameters_are_named() {
        let err = params(&[("q", "x"), ("qq", "y")], &["q", "limit"]).unwrap_err();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert_eq!(err.parameter.as_deref(), Some("qq"));
        assert!(
            err.message.starts_with("qq: unknown parameter"),
            "{}",
            err.message
        );
    }

    #[test]
    fn numbers_are_checked_and_capped() {
        let p = params(&[("limit", "abc")], &["limit"]).unwrap();
        let err = p.number("limit", 10, 1, 100).unwrap_err();
        assert_eq!(err.message, "limit: 'abc' is not a whole number");
        let p = params(&[("limit", "101")], &["limit"]).unwrap();
        let err = p.number("limit", 10, 1, 100).unwrap_err();
        assert_eq!(err.message, "limit: 101 is out of range: give 1 to 100");
        let p = params(&[("limit", "-1")], &["limit"]).unwrap();
        assert!(p.number("limit", 10, 1, 100).is_err());
        let p = params(&[("limit", " 7 ")], &["limit"]).unwrap();
        assert_eq!(p.number("limit", 10, 1, 100), Ok(7));
        let p = params(&[("limit", "")], &["limit"]).unwrap();
        assert_eq!(p.number("limit", 10, 1, 100), Ok(10));
        let p = params(&[("limit", "1"), ("limit", "2")], &["limit"]).unwrap();
        assert_eq!(
            p.number("limit", 10, 1, 100).unwrap_err().message,
            "limit: given more than once"
        );
    }

    #[test]
    fn dates_are_checked() {
        let p = params(&[("since", "2017-13-45")], &["since", "until"]).unwrap();
        let err = p.dates().unwrap_err();
        assert_eq!(err.parameter.as_deref(), Some("since"));
        assert!(
            err.message.contains("'2017-13-45' is not a date"),
            "{}",
            err.message
        );
        let p = params(
            &[("since", "2019"), ("until", "2017-06")],
            &["since", "until"],
        )
        .unwrap();
        assert!(p.dates().unwrap_err().message.contains("after until"));
        let p = params(&[("since", "2017"), ("until", "2017")], &["since", "until"]).unwrap();
        let (s, u) = p.dates().unwrap();
        assert_eq!(s.unwrap().first.to_string(), "2017-01-01");
        assert_eq!(u.unwrap().last.to_string(), "2017-12-31");
    }

    #[test]
    fn sorts_flags_and_names() {
        let p = params(&[("sort", "best")], &["sort"]).unwrap();
        assert!(p
            .sort()
            .unwrap_err()
            .message
            .starts_with("sort: 'best' is not a sort"));
        let p = params(&[("sort", "oldest")], &["sort"]).unwrap();
        assert_eq!(p.sort(), Ok(Sort::Oldest));
        let p = params(&[("facets", "maybe")], &["facets"]).unwrap();
        assert!(p.flag("facets", true).is_err());
        let p = params(
            &[
                ("person", "He Xuming"),
                ("person", " "),
                ("person", "Guterres"),
            ],
            &["person"],
        )
        .unwrap();
        assert_eq!(p.names("person").unwrap(), ["He Xuming", "Guterres"]);
        let p = params(&[("person", "!!")], &["person"]).unwrap();
        assert_eq!(
            p.names("person").unwrap_err().message,
            "person: '!!' has no letter or digit"
        );
    }
}
