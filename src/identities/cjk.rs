//! Names in CJK script that releases pair with a romanized one ("He Xuming (何旭明)", see
//! `extract::entities::cjk_forms`): the corpus links the CJK form to the identity of the
//! romanized name, so a release that names the person only in Chinese characters is the same
//! person, and `--person 何旭明` finds every release about He Xuming.
//!
//! The pairs are read from the index as it is: the CJK words of the surface forms
//! (`person_text`, `org_text`) that are no canonical name in the releases holding them are
//! another entity's forms there; those releases say whose.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::catalog::Catalog;
use super::links::Links;
use super::Kind;
use crate::error::Result;
use crate::lang::is_cjk_letter;
use crate::search::Engine;
use crate::store;

/// Releases read per CJK word, and in all: enough to see who a form belongs to, bounded so a
/// corpus full of them costs no more than a look at a few thousand releases.
const PER_WORD: usize = 20;
const IN_ALL: usize = 5_000;

fn has_cjk(s: &str) -> bool {
    s.chars().any(is_cjk_letter)
}

/// The words of a kind's surface-form field that hold CJK letters (the first byte of every
/// such letter's UTF-8 is 0xE1 or more, past the Latin, Greek and Cyrillic letters).
fn cjk_words(engine: &Engine, kind: Kind) -> Result<BTreeSet<String>> {
    let field = match kind {
        Kind::Person => engine.fields().person_text,
        Kind::Org => engine.fields().org_text,
    };
    let mut out = BTreeSet::new();
    for segment in engine.searcher().segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge([0xE1u8])
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            if let Ok(word) = std::str::from_utf8(stream.key()) {
                if word.chars().next().is_some_and(is_cjk_letter) {
                    out.insert(word.to_string());
                }
            }
        }
    }
    Ok(out)
}

/// CJK form → the canonical names (not in CJK) releases wrote it for, with how many releases
/// did.
fn pairs(engine: &Engine, kind: Kind) -> Result<BTreeMap<String, BTreeMap<String, usize>>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let words = cjk_words(engine, kind)?;
    if words.is_empty() {
        return Ok(out);
    }
    let f = engine.fields();
    let (raw, text) = match kind {
        Kind::Person => (f.person, f.person_text),
        Kind::Org => (f.org, f.org_text),
    };
    let searcher = engine.searcher();
    let mut seen = BTreeSet::new();
    for word in words {
        if seen.len() >= IN_ALL {
            break;
        }
        // Releases with the word among an entity's forms, where it is not a canonical name.
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(text, &word),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(raw, &word),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        for (_, address) in
            searcher.search(&query, &TopDocs::with_limit(PER_WORD).order_by_score())?
        {
            if !seen.insert(address) {
                continue;
            }
            let doc: TantivyDocument = searcher.doc(address)?;
            let release = store::decode(&doc, f)?;
            let mut found = BTreeSet::new();
            for e in kind.of(&release).iter().filter(|e| !has_cjk(&e.name)) {
                for m in &e.mentions {
                    if let Some(form) = release.body.get(m.start..m.end).filter(|s| has_cjk(s)) {
                        found.insert((form.to_string(), e.name.clone()));
                    }
                }
            }
            for (form, name) in found {
                *out.entry(form).or_default().entry(name).or_default() += 1;
            }
        }
    }
    Ok(out)
}

/// Links each CJK form the releases pair with romanized names to their identity, when those
/// names are one identity (after `ids`); a form paired with two identities stays apart.
pub(super) fn link_cjk_forms(engine: &Engine, kind: Kind, ids: &mut Links) -> Result<()> {
    for (form, names) in pairs(engine, kind)? {
        let roots: BTreeSet<String> = names.keys().map(|n| ids.root(n).to_string()).collect();
        if let [root] = roots.into_iter().collect::<Vec<_>>().as_slice() {
            if *root != form {
                ids.resolved.insert(form, root.clone());
            }
        }
    }
    Ok(())
}

/// The name a person's name given in CJK script stands for: the identity the corpus links it
/// to ("何旭明" → "He Xuming"); any other name as it is.
pub(super) fn written_for<'a>(catalog: &'a Catalog, name: &'a str) -> &'a str {
    let name = name.trim();
    if !has_cjk(name) {
        return name;
    }
    catalog.root(name)
}
