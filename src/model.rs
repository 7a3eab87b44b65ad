//! The data that flows between the pipeline stages.
//!
//! Every stage has one central type, and they all live here so that each stage can be read,
//! tested and replaced on its own: `source` yields bytes, [`parse`](crate::parse) turns them into
//! a [`Parsed`] document, [`extract`](crate::extract) turns that into a [`Release`], and the index
//! stores releases. All types are serde-serializable: `--json` output is plain serialization.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The input format of a release file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (`.txt` and anything that is not HTML).
    Text,
    /// HTML (`.html`, `.htm`, `.xhtml`).
    Html,
}

impl Format {
    /// The name used in the index and in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
        }
    }
}

/// People or organizations: the two kinds of entity a release names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// People.
    Person,
    /// Organizations.
    Org,
}

impl Kind {
    /// `person` or `org`, as in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Org => "org",
        }
    }
}

/// Where a release's publication date was found. Listed from the most to the least trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// A JSON-LD `datePublished` (or `dateCreated`) in an HTML page.
    JsonLd,
    /// A `<meta>` tag such as `article:published_time`, `date` or `dc.date`.
    Meta,
    /// An HTML `<time datetime=…>` element.
    Time,
    /// A header line such as `Date: 2017-06-26` at the top of a text release.
    Header,
    /// A dateline opening the release: `GENEVA, 13 June 2017 –`.
    Dateline,
    /// The first full date written in the text.
    Text,
    /// A date in the file path, such as `14Aug2006` or `2017/06/26`.
    Path,
}

impl DateSource {
    /// The name used in the index and in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::JsonLd => "json_ld",
            DateSource::Meta => "meta",
            DateSource::Time => "time",
            DateSource::Header => "header",
            DateSource::Dateline => "dateline",
            DateSource::Text => "text",
            DateSource::Path => "path",
        }
    }
}

/// A date found in markup by the parser, before the extractor picks the publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateHint {
    /// The calendar day.
    pub date: NaiveDate,
    /// The markup it came from.
    pub source: DateSource,
}

/// A decoded document: what [`parse`](crate::parse::parse) makes of a file's bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parsed {
    /// Text or HTML.
    pub format: Format,
    /// The headline (may be empty when the document has none).
    pub title: String,
    /// The main text, boilerplate removed, paragraphs separated by blank lines.
    /// It does not repeat the title as its first line.
    pub body: String,
    /// Dates found in markup (`<meta>`, `<time>`, JSON-LD), in document order.
    pub date_hints: Vec<DateHint>,
    /// The language the markup declares (`<html lang="zh-CN">` gives `zh`), as an ISO 639-1
    /// code; `None` for text files and pages that declare none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The address of the release's original page, as the page names it (`<link
    /// rel="canonical">`, else `og:url`): an absolute `http`/`https` URL, checked by
    /// [`original_url`](crate::parse::original_url); `None` for text files and pages that name
    /// none (or only a relative or unsafe one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One mention of an entity: a UTF-8 byte range into a release body, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Mention {
    /// First byte of the mention.
    pub start: usize,
    /// One past the last byte of the mention.
    pub end: usize,
}

/// A person or an organization, with every place the release mentions it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// The canonical name: the fullest form the release uses, without titles
    /// ("He Xuming" for "Executive Chairman He Xuming" … "Chairman He"; the long form of an
    /// organization introduced with an acronym).
    pub name: String,
    /// Every mention, aliases included, sorted by position and never overlapping.
    pub mentions: Vec<Mention>,
    /// The offices the release gives a person, in order of first appearance ("Assistant
    /// Attorney General for the Criminal Division", "U.S. Attorney"); none for organizations.
    /// Found at extraction (see [`roles`](crate::extract::roles)) and stored with the release,
    /// so they carry its date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
}

/// A release after extraction: what the index stores and `pressdex extract` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Release {
    /// The path of the file, as given on the command line or relative to the indexed folder.
    pub path: String,
    /// The headline.
    pub title: String,
    /// The publication date, if one was found.
    pub date: Option<NaiveDate>,
    /// Where the date came from.
    pub date_source: Option<DateSource>,
    /// Text or HTML.
    pub format: Format,
    /// The language, an ISO 639-1 code (`en`, `zh`, `fr`…): the one the HTML declares, else
    /// the one detected from the text (see [`lang`](crate::lang)).
    #[serde(default)]
    pub lang: String,
    /// The address of the original page, when the HTML names one (see [`Parsed::url`]);
    /// absent from JSON otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The main text; mention offsets point into it.
    pub body: String,
    /// People, in order of first mention.
    pub people: Vec<Entity>,
    /// Organizations, in order of first mention.
    pub orgs: Vec<Entity>,
}
