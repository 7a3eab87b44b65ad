//! What an element's id, class and itemprop say about it: the word patterns of boilerplate,
//! page furniture, article containers and bylines, matched once per distinct value and kept
//! per thread.

use std::sync::LazyLock;

use regex::Regex;
use scraper::ElementRef;

/// id/class words that mark boilerplate. Words match at a word start (`social-links`,
/// `cookieBanner`), and `ad`/`ads`/`tags` only as whole words.
static BOILERPLATE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^a-z0-9])(?:cookie|consent|banner|share|sharing|social|related|breadcrumb|menu|navbar|sidebar|newsletter|subscribe|comment|advert|promo|skip|pagination|print|(?:ads?|tags?)(?:[^a-z0-9]|$))",
    )
    .expect("valid regex")
});

/// id/class words of likely article containers.
static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|release|press",
    )
    .expect("valid regex")
});

/// id/class words of page furniture around and inside articles.
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|byline|author|caption|credit|newsletter|subscribe|signup|recommend|teaser|trending|popular|most-read|more-stories|read-more|breadcrumb",
    )
    .expect("valid regex")
});

/// id/class words of boilerplate that no amount of text makes an article.
static ALWAYS_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)comment|disqus|related|recommend|cookie|consent|newsletter")
        .expect("valid regex")
});

/// id/class/itemprop/rel words of bylines, datelines and captions, which are not article text.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)byline|author|dateline|updated|modified|writtenby|p-author|caption|credit|timestamp|publish(?:ed)?[-_]?(?:date|time|on)|article[-_]?date|post[-_]?date|posted[-_]?on",
    )
    .expect("valid regex")
});

/// Bits of `name_flags`: which id/class word patterns an attribute value matches.
pub(super) mod name {
    /// `BOILERPLATE_NAME`.
    pub const BOILERPLATE: u8 = 1;
    /// `NEGATIVE`.
    pub const NEGATIVE: u8 = 1 << 1;
    /// `POSITIVE`.
    pub const POSITIVE: u8 = 1 << 2;
    /// `ALWAYS_FURNITURE`.
    pub const ALWAYS_FURNITURE: u8 = 1 << 3;
    /// `BYLINE`.
    pub const BYLINE: u8 = 1 << 4;
}

/// Most attribute values kept in `NAME_FLAGS` before it starts over.
const NAME_FLAGS_MAX: usize = 1 << 14;

thread_local! {
    /// `name_flags` of the values seen lately on this thread.
    static NAME_FLAGS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, u8>> =
        Default::default();
}

/// Which of the id/class word patterns (the `name` bits) match `value`. The answers are kept
/// per thread: a site's pages repeat the same few hundred class and id values, and matching
/// the long patterns again costs more than looking the value up.
pub(super) fn name_flags(value: &str) -> u8 {
    NAME_FLAGS.with_borrow_mut(|cache| {
        if let Some(&flags) = cache.get(value) {
            return flags;
        }
        let flags = [
            (&*BOILERPLATE_NAME, name::BOILERPLATE),
            (&*NEGATIVE, name::NEGATIVE),
            (&*POSITIVE, name::POSITIVE),
            (&*ALWAYS_FURNITURE, name::ALWAYS_FURNITURE),
            (&*BYLINE, name::BYLINE),
        ]
        .into_iter()
        .filter(|(re, _)| re.is_match(value))
        .fold(0, |flags, (_, bit)| flags | bit);
        if cache.len() >= NAME_FLAGS_MAX {
            cache.clear();
        }
        cache.insert(value.into(), flags);
        flags
    })
}

/// Whether the element's id or class names it as boilerplate.
pub(super) fn is_boilerplate_name(el: ElementRef<'_>) -> bool {
    let e = el.value();
    let boilerplate = |v: &str| name_flags(v) & name::BOILERPLATE != 0;
    e.id().is_some_and(boilerplate) || e.attr("class").is_some_and(boilerplate)
}

/// +25 for each of id and class that says article/content, −25 for each that says furniture.
pub(super) fn class_weight(el: ElementRef<'_>) -> f64 {
    let e = el.value();
    let mut weight = 0.0;
    for value in [e.attr("class"), e.id()].into_iter().flatten() {
        let flags = name_flags(value);
        if flags & name::NEGATIVE != 0 {
            weight -= 25.0;
        }
        if flags & name::POSITIVE != 0 {
            weight += 25.0;
        }
    }
    if e.attr("itemprop")
        .is_some_and(|p| p.to_ascii_lowercase().contains("articlebody"))
    {
        weight += 30.0;
    }
    weight
}

/// Whether the element is marked `itemprop=articleBody`.
pub(super) fn is_article_body(el: ElementRef<'_>) -> bool {
    el.value()
        .attr("itemprop")
        .is_some_and(|p| p.to_ascii_lowercase().contains("articlebody"))
}
