//! Tests of the date grammar and of choosing a publication date.

use super::grammar::full_year;
use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn styles() {
    let cases = [
        ("2017-06-26", d(2017, 6, 26)),
        ("2017-6-26 19:04:02", d(2017, 6, 26)),
        ("2017/06/26", d(2017, 6, 26)),
        ("2019年9月6日", d(2019, 9, 6)),
        ("June 13, 2017", d(2017, 6, 13)),
        ("Jun. 13, 2017", d(2017, 6, 13)),
        ("Sept. 3, 2019", d(2019, 9, 3)),
        ("13 June 2017", d(2017, 6, 13)),
        ("13th June, 2017", d(2017, 6, 13)),
        ("June 13th, 2017", d(2017, 6, 13)),
        ("Tuesday, June 13, 2017", d(2017, 6, 13)),
        ("13.06.2017", d(2017, 6, 13)),
        ("26-FEB-1987 15:01:01.79", d(1987, 2, 26)),
        ("25/03/2019", d(2019, 3, 25)),
        ("03/25/2019", d(2019, 3, 25)),
        ("2017-06-26T10:00:00Z", d(2017, 6, 26)),
        ("Tuesday, 14 March 2023", d(2023, 3, 14)),
    ];
    for (s, want) in cases {
        assert_eq!(parse_date(s), Some(want), "{s}");
    }
}

#[test]
fn rejects() {
    for s in [
        "03/04/2019",
        "2017-02-30",
        "1850-01-01",
        "June 32, 2017",
        "Mayor 5, 2017",
        "hello",
        "",
        "12345678901234567890",
        "2017-13-01",
    ] {
        assert_eq!(parse_date(s), None, "{s}");
    }
}

#[test]
fn hints_first() {
    let h = [
        DateHint {
            date: d(2020, 1, 2),
            source: DateSource::Time,
        },
        DateHint {
            date: d(2020, 1, 3),
            source: DateSource::Meta,
        },
    ];
    assert_eq!(
        publication_date(&h, "Date: 2018-04-02", ""),
        Some((d(2020, 1, 3), DateSource::Meta))
    );
}

#[test]
fn header_dateline_path_text() {
    assert_eq!(
        publication_date(&[], "Date: 2018-04-02\n\nText on 5 May 2019.", ""),
        Some((d(2018, 4, 2), DateSource::Header))
    );
    assert_eq!(
        publication_date(&[], "2017-6-26 19:04:02\n\nText.", ""),
        Some((d(2017, 6, 26), DateSource::Header))
    );
    assert_eq!(
        publication_date(&[], "EMBARGOED UNTIL 00:01 BST, 29 JULY 2022\n\nText.", ""),
        Some((d(2022, 7, 29), DateSource::Header))
    );
    assert_eq!(
        publication_date(&[], "<DATE> 26-FEB-1987 15:01:01.79\nText.", ""),
        Some((d(1987, 2, 26), DateSource::Header))
    );
    for (body, want) in [
        ("GENEVA, 13 June 2017 – The ITU said.", d(2017, 6, 13)),
        (
            "NAIROBI, Kenya, March 3, 2019 — Officials said.",
            d(2019, 3, 3),
        ),
        (
            "Washington, D.C. (June 5, 2018) - The senator.",
            d(2018, 6, 5),
        ),
        (
            "Intro line.\n\nSAN FRANCISCO, Calif. -- Jan. 4, 2016 -- Acme",
            d(2016, 1, 4),
        ),
    ] {
        assert_eq!(
            publication_date(&[], body, "x/2001/01/01/r.txt"),
            Some((want, DateSource::Dateline)),
            "{body}"
        );
    }
    assert_eq!(
        publication_date(&[], "LONDON (Reuters) June 2 - Shares fell in 1987.", ""),
        Some((d(1987, 6, 2), DateSource::Dateline))
    );
    assert_eq!(
        publication_date(
            &[],
            "Senator Kennedy spoke.",
            "grimmer/Kennedy/14Aug2006Kennedy123.txt"
        ),
        Some((d(2006, 8, 14), DateSource::Path))
    );
    assert_eq!(
        publication_date(&[], "Text.", "news/2017/06/26/x.txt"),
        Some((d(2017, 6, 26), DateSource::Path))
    );
    assert_eq!(path_date("a/20170626_b.txt"), Some(d(2017, 6, 26)));
    assert_eq!(path_date("a/2017_06_26.txt"), Some(d(2017, 6, 26)));
    assert_eq!(path_date("a/26June2017.txt"), Some(d(2017, 6, 26)));
    assert_eq!(path_date("a/b.txt"), None);
    assert_eq!(
        publication_date(&[], "The meeting on 13 June 2017 went well.", "a.txt"),
        Some((d(2017, 6, 13), DateSource::Text))
    );
}

#[test]
fn year_glued_to_a_time() {
    // Text flattened from a web page: no space between year and time, nor before the title.
    assert_eq!(
        publication_date(
            &[],
            "March09,200811:05 PM ESTSenator Doe visits the port",
            ""
        ),
        Some((d(2008, 3, 9), DateSource::Header))
    );
    // Other digits glued to a year still make it no date.
    assert_eq!(parse_date("March 9, 20081"), None);
    assert_eq!(parse_date("March 9, 2008123"), None);
}

#[test]
fn date_opening_the_text_or_the_title() {
    assert_eq!(
        publication_date(&[], "Thursday  March  6  2008  Senator Doe said today.", ""),
        Some((d(2008, 3, 6), DateSource::Header))
    );
    assert_eq!(
        release_date(&[], "October 2 2006 Doe Bill Passes Senate", "Text.", ""),
        Some((d(2006, 10, 2), DateSource::Header))
    );
    // Only the first line may run on after its date.
    assert_eq!(
        publication_date(
            &[],
            "Headline
March 6, 2008 was a day to remember.",
            ""
        ),
        Some((d(2008, 3, 6), DateSource::Text))
    );
}

#[test]
fn two_digit_years() {
    assert_eq!(
        publication_date(
            &[],
            "Posted: 04/10/07

Text.",
            ""
        ),
        Some((d(2007, 4, 10), DateSource::Header))
    );
    assert_eq!(parse_date("26-FEB-87 15:01"), Some(d(1987, 2, 26)));
    assert_eq!(parse_date("31/01/09"), Some(d(2009, 1, 31)));
    // "5 May 20 people": two digits after a spelled month with a space are no year.
    assert_eq!(parse_date("5 May 20 people"), None);
    assert_eq!(full_year(87), 1987);
    assert_eq!(full_year(7), 2007);
}

#[test]
fn numeric_order_from_the_document() {
    let day_first = "Released 04/10/2017.

The forum met on 13 June 2017 in Geneva.";
    assert_eq!(infer_order(day_first), Order::DayFirst);
    assert_eq!(
        publication_date(&[], day_first, "").map(|(d, _)| d),
        Some(d(2017, 10, 4))
    );
    let month_first = "Released 04/10/2017.

The forum met on June 13, 2017.";
    assert_eq!(infer_order(month_first), Order::MonthFirst);
    assert_eq!(
        publication_date(&[], month_first, "").map(|(d, _)| d),
        Some(d(2017, 4, 10))
    );
    // No evidence: month first.
    assert_eq!(infer_order("Date: 04/10/2017"), Order::MonthFirst);
    assert_eq!(infer_order("on 25/12/2016 and 04/10/2017"), Order::DayFirst);
}

#[test]
fn viewing_and_copyright_dates_are_not_publication_dates() {
    let body = "Media Release

Today: July 24, 2008

The senator spoke on March 3, 2006.

                    Copyright July 1, 2005";
    assert_eq!(
        publication_date(&[], body, ""),
        Some((d(2006, 3, 3), DateSource::Text))
    );
    // The bound of a period is not the day of the release.
    assert_eq!(
        publication_date(
            &[],
            "Applications accepted through October 25, 2007. August 8, 2007 – text.",
            ""
        ),
        Some((d(2007, 8, 8), DateSource::Text))
    );
    assert_eq!(publication_date(&[], "Last updated: May 2, 2011", ""), None);
}

#[test]
fn never_in_the_future() {
    let future = DateHint {
        date: d(2999, 1, 1),
        source: DateSource::Meta,
    };
    assert_eq!(
        publication_date(&[future], "Date: 2018-04-02", ""),
        Some((d(2018, 4, 2), DateSource::Header))
    );
    assert_eq!(
        publication_date(
            &[],
            "The plan runs until June 1, 2099. Signed May 5, 2010.",
            ""
        ),
        Some((d(2010, 5, 5), DateSource::Text))
    );
    assert_eq!(publication_date(&[], "x", "a/2099-01-01.txt"), None);
}

#[test]
fn file_name_before_text_folders_after_dateline() {
    // A date in the file name is a label written on purpose; the text's date may be the
    // day a wire story ran.
    assert_eq!(
        publication_date(
            &[],
            "Date: 2007-12-13

Text.",
            "raw/Doe/11Dec2007Doe19.txt"
        ),
        Some((d(2007, 12, 11), DateSource::Path))
    );
    assert_eq!(
        publication_date(&[], "GENEVA, 13 June 2017 – Text.", "news/2017/06/20/x.txt"),
        Some((d(2017, 6, 13), DateSource::Dateline))
    );
    assert_eq!(
        publication_date(&[], "Text without dates.", "news/2017/06/20/x.txt"),
        Some((d(2017, 6, 20), DateSource::Path))
    );
    assert_eq!(
        publication_date(&[], "Text without dates.", "news/2017/06/21-x.txt"),
        Some((d(2017, 6, 21), DateSource::Path))
    );
}

#[test]
fn never_panics_on_odd_text() {
    for s in [
        "é2017-06-26",
        "13 Juné 2017",
        "Jan 1, 99999",
        "\u{0}",
        "‐–—",
    ] {
        let _ = parse_date(s);
        let _ = publication_date(&[], s, s);
    }
}

#[test]
fn markup_values_read_with_the_text_grammar() {
    for (value, want) in [
        // A placeholder some sites write in JSON-LD: no year before 1900 is a date.
        ("0001-01-01T00:00:00Z", None),
        ("1899-12-30", None),
        ("2999-01-01", None),
        ("20190507T090000Z", Some(d(2019, 5, 7))),
        ("201905071", None),
        // The date need not open the value, and is read in any form text is.
        ("Published 11:11 PM EST Nov 19, 2019", Some(d(2019, 11, 19))),
        ("Updated: 2019-05-07 10:00", Some(d(2019, 5, 7))),
        ("11/20/19 6:38 AM", Some(d(2019, 11, 20))),
        ("by Someone / 2016.12.01", Some(d(2016, 12, 1))),
        ("01.12.2016", Some(d(2016, 12, 1))),
        ("2019年9月6日", Some(d(2019, 9, 6))),
        // The first date wins; an unclear all-numeric date is not read.
        ("7 May 2019 (updated June 3, 2019)", Some(d(2019, 5, 7))),
        ("07/05/2019", None),
    ] {
        assert_eq!(parse_markup_date(value), want, "{value}");
    }
}

#[test]
fn one_list_of_month_names() {
    for (word, want) in [
        ("January", Some(1)),
        ("jan", Some(1)),
        ("Sept", Some(9)),
        ("sep", Some(9)),
        ("Dec.", Some(12)),
        ("june", Some(6)),
        ("Mayor", None),
        ("Janu", None),
        ("", None),
    ] {
        assert_eq!(month_of_word(word), want, "{word}");
    }
}
