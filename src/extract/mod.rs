//! The extract stage: a [`Parsed`] document becomes a [`Release`] with a publication date,
//! people and organizations.
//!
//! Dates come from [`date`]; people and organizations from [`entities`]: rules driven by the
//! word lists in `src/extract/data/`, combined with the trained sequence tagger of [`tagger`];
//! then the roles of each person from [`roles`].

pub mod confidence;
pub mod date;
pub mod entities;
mod lang_words;
mod lists;
pub mod roles;
pub mod tagger;
mod tokens;

use chrono::NaiveDate;

use crate::model::{DateSource, Entity, Parsed, Release};

/// Turns a parsed document into a release: the date from the markup hints, then the body, then
/// the path; people and organizations from the body.
pub fn extract(path: &str, parsed: Parsed) -> Release {
    let found = date::release_date(&parsed.date_hints, &parsed.title, &parsed.body, path);
    let lang = crate::lang::of_release(parsed.lang.as_deref(), &parsed.title, &parsed.body);
    let (mut people, mut orgs) = entities::find_entities(&parsed.body);
    lang_words::drop_function_word_names(&lang, &mut people, &mut orgs);
    roles::attach(&parsed.body, &mut people);
    Release {
        path: path.to_string(),
        title: parsed.title,
        date: found.map(|(d, _)| d),
        date_source: found.map(|(_, s)| s),
        format: parsed.format,
        lang,
        url: parsed.url,
        body: parsed.body,
        people,
        orgs,
    }
}

/// What [`extract_text`] finds in the body of a plain-text release.
#[derive(Debug, Clone, PartialEq)]
pub struct TextExtraction {
    /// The publication date, if one was found.
    pub date: Option<NaiveDate>,
    /// Where the date came from.
    pub date_source: Option<DateSource>,
    /// People, in order of first mention; offsets point into the text.
    pub people: Vec<Entity>,
    /// Organizations, in order of first mention; offsets point into the text.
    pub orgs: Vec<Entity>,
}

/// For `pressdex extract --jsonl`: the text is the body of a plain-text release (no path, no
/// hints).
pub fn extract_text(text: &str) -> TextExtraction {
    let found = date::publication_date(&[], text, "");
    let (mut people, orgs) = entities::find_entities(text);
    roles::attach(text, &mut people);
    TextExtraction {
        date: found.map(|(d, _)| d),
        date_source: found.map(|(_, s)| s),
        people,
        orgs,
    }
}
