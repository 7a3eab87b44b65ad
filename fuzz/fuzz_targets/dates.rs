//! Any string: every date found has a byte range on character boundaries inside the text, and
//! parsing a found date's own text gives the same date.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pressdex::extract::date;

fuzz_target!(|text: &str| {
    for (start, end, found) in date::find_dates(text) {
        assert!(start < end && end <= text.len());
        let written = text.get(start..end).expect("range on char boundaries");
        assert_eq!(date::parse_date(written), Some(found), "{written:?}");
    }
    let _ = date::parse_date(text);
    let _ = date::path_date(text);
    let _ = date::publication_date(&[], text, text);
    let _ = pressdex::parse::parse_date_value(text);
});
