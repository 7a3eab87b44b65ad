//! A request as one tantivy query: the query text (or every release), then each person,
//! organization and date filter as a clause that must match and adds nothing to the score.

use std::ops::Bound;

use chrono::NaiveDate;
use serde::Serialize;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, Term};

use super::{query, query_text, Engine, SearchRequest};
use crate::error::{Error, NameUse, Result};
use crate::schema;

/// A date bound given as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day of the period.
    pub first: NaiveDate,
    /// Last day of the period.
    pub last: NaiveDate,
}

impl std::str::FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Period, String> {
        let bad = || {
            format!("'{s}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2017, 2017-06, 2017-06-13)")
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
        match parts.as_slice() {
            [y] if y.len() == 4 => {
                let y = num(y)? as i32;
                let first = NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(bad)?;
                let last = NaiveDate::from_ymd_opt(y, 12, 31).ok_or_else(bad)?;
                Ok(Period { first, last })
            }
            [y, m] if y.len() == 4 => {
                let (y, m) = (num(y)? as i32, num(m)?);
                let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                };
                let last = next.and_then(|d| d.pred_opt()).ok_or_else(bad)?;
                Ok(Period { first, last })
            }
            [y, m, d] if y.len() == 4 => {
                let day =
                    NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?).ok_or_else(bad)?;
                Ok(Period {
                    first: day,
                    last: day,
                })
            }
            _ => Err(bad()),
        }
    }
}

impl Engine {
    /// The tantivy query for a request: the query text (or every release) and the filters.
    pub(crate) fn query(&self, request: &SearchRequest) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let main: Box<dyn Query> = match query_text(request) {
            Some(q) => {
                let (rest, specials) = query::split(q)?;
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                if !rest.trim().is_empty() {
                    clauses.push((Occur::Must, query::parse(&self.index, f, &rest)?));
                }
                let searcher = self.reader.searcher();
                for s in &specials {
                    s.check_expansions(&searcher, f)?;
                    let occur = if s.negated {
                        Occur::MustNot
                    } else {
                        Occur::Must
                    };
                    clauses.push((occur, s.query(f)?));
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            None => Box::new(AllQuery),
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main)];
        for (i, name) in request.people.iter().enumerate() {
            let identity = request.person_names.get(i).filter(|n| !n.is_empty());
            // A name the identities resolved is matched as written; their names find the
            // forms with a middle initial ("George W. Bush" must not find "George H. W. Bush").
            let written = match identity {
                Some(_) => exact_name_query(f.person_text, name)?,
                None => name_query(f.person_text, name, NameUse::PersonFilter)?,
            };
            clauses.push((Occur::Must, filter(or_names(written, f.person, identity))));
        }
        for (i, name) in request.orgs.iter().enumerate() {
            let written = name_query(f.org_text, name, NameUse::OrgFilter)?;
            let identity = request.org_names.get(i).filter(|n| !n.is_empty());
            clauses.push((Occur::Must, filter(or_names(written, f.org, identity))));
        }
        if !request.langs.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = request
                .langs
                .iter()
                .map(|lang| {
                    let code = crate::lang::from_tag(lang).unwrap_or_else(|| lang.to_lowercase());
                    let term = Term::from_field_text(f.lang, &code);
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                    (Occur::Should, q)
                })
                .collect();
            clauses.push((Occur::Must, filter(Box::new(BooleanQuery::new(any)))));
        }
        if request.since.is_some() || request.until.is_some() {
            let bound = |d: NaiveDate| {
                let secs = d
                    .and_hms_opt(0, 0, 0)
                    .map_or(0, |t| t.and_utc().timestamp());
                Term::from_field_date_for_search(f.date, DateTime::from_timestamp_secs(secs))
            };
            let lower = request
                .since
                .map_or(Bound::Unbounded, |p| Bound::Included(bound(p.first)));
            let upper = request
                .until
                .map_or(Bound::Unbounded, |p| Bound::Included(bound(p.last)));
            clauses.push((Occur::Must, filter(Box::new(RangeQuery::new(lower, upper)))));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }
}

/// A name filter: the name as `written`, or any of the canonical `names` of the identity it
/// resolved to in `field`.
fn or_names(written: Box<dyn Query>, field: Field, names: Option<&Vec<String>>) -> Box<dyn Query> {
    let Some(names) = names else {
        return written;
    };
    let mut any: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, written)];
    for n in names {
        let term = Term::from_field_text(field, n);
        any.push((
            Occur::Should,
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
        ));
    }
    Box::new(BooleanQuery::new(any))
}

/// A filter clause: must match, adds nothing to the score.
fn filter(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// A person's name as written, without the middle word [`name_query`] allows.
fn exact_name_query(field: Field, name: &str) -> Result<Box<dyn Query>> {
    let terms: Vec<Term> = schema::name_tokens(name)
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    match terms.len() {
        0 | 1 => name_query(field, name, NameUse::PersonFilter),
        _ => Ok(Box::new(PhraseQuery::new(terms))),
    }
}

/// A phrase (or term) query over the folded names of a field.
pub(crate) fn name_query(field: Field, name: &str, what: NameUse) -> Result<Box<dyn Query>> {
    let tokens = schema::name_tokens(name);
    let terms: Vec<Term> = tokens
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    match terms.len() {
        0 => Err(Error::NoLetters {
            what,
            value: name.to_string(),
        }),
        1 => Ok(Box::new(TermQuery::new(
            terms[0].clone(),
            IndexRecordOption::Basic,
        ))),
        _ => {
            let mut phrase = PhraseQuery::new(terms);
            // A person's full name finds it written with a middle name or initial ("Lanny
            // Breuer", "Lanny A. Breuer").
            if what == NameUse::PersonFilter {
                phrase.set_slop(1);
            }
            Ok(Box::new(phrase))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let p: Period = "2017".parse().unwrap();
        assert_eq!(p.first.to_string(), "2017-01-01");
        assert_eq!(p.last.to_string(), "2017-12-31");
        let p: Period = "2018-02".parse().unwrap();
        assert_eq!(p.last.to_string(), "2018-02-28");
        let p: Period = "2017-06-13".parse().unwrap();
        assert_eq!(p.first, p.last);
        assert!("2017-13".parse::<Period>().is_err());
        assert!("June".parse::<Period>().is_err());
    }
}
