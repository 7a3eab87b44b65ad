//! Releases over time: how many releases a request matches per year, month or ISO week, and,
//! normalized, which share of all the releases of each period that is (a count alone misleads
//! when the number of releases per year changes).
//!
//! Counts are read from the `date` fast field by a collector that keeps one counter per period
//! (no document is loaded, no vector of hits is built). Undated releases fall in no period;
//! they are counted apart.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::error::Result;
use crate::schema;
use crate::search::{Engine, SearchRequest};
use crate::store::to_naive;

/// The length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// Calendar years: `2017`.
    Year,
    /// Calendar months: `2017-06`.
    Month,
    /// ISO weeks, Monday to Sunday: `2017-W24`.
    Week,
}

impl By {
    /// The first day of the period that holds `day`.
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            By::Year => day.with_ordinal(1).unwrap_or(day),
            By::Month => day.with_day(1).unwrap_or(day),
            By::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
        }
    }

    /// The first day of the period after the one starting on `start`.
    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            By::Year => start.checked_add_months(Months::new(12)),
            By::Month => start.checked_add_months(Months::new(1)),
            By::Week => start.checked_add_days(Days::new(7)),
        }
    }

    /// The period's name: `2017`, `2017-06` or `2017-W24` (ISO year and week).
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            By::Year => format!("{}", start.year()),
            By::Month => format!("{}-{:02}", start.year(), start.month()),
            By::Week => {
                let week = start.iso_week();
                format!("{}-W{:02}", week.year(), week.week())
            }
        }
    }
}

/// The releases of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// The period's name: `2017`, `2017-06` or `2017-W24`.
    pub period: String,
    /// Its first day.
    pub first: NaiveDate,
    /// Its last day.
    pub last: NaiveDate,
    /// Releases that match and were published in it.
    pub releases: u64,
    /// With normalization: every release published in it (within the request's dates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all: Option<u64>,
    /// With normalization: `releases / all` (`None` when the period has no release at all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
}

/// The answer of [`Engine::trends`].
#[derive(Debug, Clone, Serialize)]
pub struct Trends {
    /// The length of the periods.
    pub by: By,
    /// Whether shares were worked out.
    pub normalize: bool,
    /// One row per period from the first to the last with a match, empty periods between
    /// included (with 0), oldest first. Gaps are not filled when that would take more than
    /// [`MAX_FILLED`] rows.
    pub periods: Vec<Trend>,
    /// Releases that match.
    pub total: u64,
    /// Releases that match but have no date (in no period).
    pub undated: u64,
    /// Time spent, in milliseconds.
    pub elapsed_ms: f64,
}

/// Most rows a trend fills in between its first and last period.
pub const MAX_FILLED: usize = 100_000;

impl Engine {
    /// Counts the releases `request` matches (its query and filters; sort and page are ignored)
    /// per period; with `normalize`, also every release of each period within the request's
    /// dates, and the share.
    pub fn trends(&self, request: &SearchRequest, by: By, normalize: bool) -> Result<Trends> {
        let start = Instant::now();
        let searcher = self.searcher();
        let query = self.query(request)?;
        let counts = searcher.search(query.as_ref(), &PeriodCollector { by })?;
        let all = if normalize {
            let dates_only = SearchRequest {
                since: request.since,
                until: request.until,
                ..Default::default()
            };
            let query = self.query(&dates_only)?;
            Some(searcher.search(query.as_ref(), &PeriodCollector { by })?)
        } else {
            None
        };
        let mut starts: Vec<NaiveDate> = counts.periods.keys().copied().collect();
        if let (Some(&first), Some(&last)) = (starts.first(), starts.last()) {
            if let Some(filled) = fill(by, first, last) {
                starts = filled;
            }
        }
        let periods = starts
            .into_iter()
            .map(|first| {
                let releases = counts.periods.get(&first).copied().unwrap_or(0);
                let all = all
                    .as_ref()
                    .map(|a| a.periods.get(&first).copied().unwrap_or(0));
                let share = all.filter(|&a| a > 0).map(|a| releases as f64 / a as f64);
                let last = by
                    .next(first)
                    .and_then(|n| n.pred_opt())
                    .unwrap_or(NaiveDate::MAX);
                Trend {
                    period: by.label(first),
                    first,
                    last,
                    releases,
                    all,
                    share,
                }
            })
            .collect();
        Ok(Trends {
            by,
            normalize,
            periods,
            total: counts.total,
            undated: counts.undated,
            elapsed_ms: start.elapsed().as_secs_f64() * 1000.0,
        })
    }
}

/// Every period start from `first` to `last`, or `None` when there would be too many.
fn fill(by: By, first: NaiveDate, last: NaiveDate) -> Option<Vec<NaiveDate>> {
    let mut out = vec![first];
    let mut at = first;
    while at < last {
        at = by.next(at)?;
        out.push(at);
        if out.len() > MAX_FILLED {
            return None;
        }
    }
    Some(out)
}

/// Counts per period start.
#[derive(Debug, Default)]
struct PeriodCounts {
    periods: BTreeMap<NaiveDate, u64>,
    total: u64,
    undated: u64,
}

impl PeriodCounts {
    fn merge(&mut self, other: PeriodCounts) {
        for (k, n) in other.periods {
            *self.periods.entry(k).or_default() += n;
        }
        self.total += other.total;
        self.undated += other.undated;
    }
}

struct PeriodCollector {
    by: By,
}

struct SegmentPeriods {
    by: By,
    dates: Option<Column<DateTime>>,
    /// Counts per stored date value (days are few; periods are worked out once per day).
    days: BTreeMap<i64, u64>,
    total: u64,
    undated: u64,
}

impl Collector for PeriodCollector {
    type Fruit = PeriodCounts;
    type Child = SegmentPeriods;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(SegmentPeriods {
            by: self.by,
            dates: segment.fast_fields().column_opt(schema::field::DATE)?,
            days: BTreeMap::new(),
            total: 0,
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<PeriodCounts>) -> tantivy::Result<PeriodCounts> {
        let mut out = PeriodCounts::default();
        for f in fruits {
            out.merge(f);
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentPeriods {
    type Fruit = PeriodCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.total += 1;
        match self.dates.as_ref().and_then(|c| c.first(doc)) {
            Some(d) => *self.days.entry(d.into_timestamp_secs()).or_default() += 1,
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> PeriodCounts {
        let mut out = PeriodCounts {
            total: self.total,
            undated: self.undated,
            ..Default::default()
        };
        for (secs, n) in self.days {
            match to_naive(DateTime::from_timestamp_secs(secs)) {
                Some(day) => *out.periods.entry(self.by.start(day)).or_default() += n,
                None => out.undated += n,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_start_and_are_named() {
        assert_eq!(By::Year.start(day("2017-06-13")), day("2017-01-01"));
        assert_eq!(By::Month.start(day("2017-06-13")), day("2017-06-01"));
        // 2017-06-13 is a Tuesday.
        assert_eq!(By::Week.start(day("2017-06-13")), day("2017-06-12"));
        assert_eq!(By::Week.label(day("2017-06-12")), "2017-W24");
        // The Monday of the first ISO week of 2020 is in 2019.
        assert_eq!(By::Week.label(day("2019-12-30")), "2020-W01");
        assert_eq!(By::Month.label(day("2017-06-01")), "2017-06");
    }

    #[test]
    fn gaps_are_filled() {
        let f = fill(By::Month, day("2017-11-01"), day("2018-02-01")).unwrap();
        assert_eq!(f.len(), 4);
        assert_eq!(f[2], day("2018-01-01"));
        assert!(fill(By::Week, day("0001-01-01"), day("9999-01-04")).is_none());
    }
}
