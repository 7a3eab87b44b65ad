//! Every mention of one person or organization across releases, in its sentence, or of
//! everyone a release gives a role. Roles are matched exactly, through the keys `pressdex
//! index` stores (see [`crate::extract::roles::role_keys`]): nothing is extracted per query.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, Order, TantivyDocument, Term};

use super::catalog::Catalog;
use super::links::{contains_seq, folded};
use super::tally::{max_date, min_date, Stat};
use super::{EntitySummary, Identities, Kind, RoleDates};
use crate::error::{Error, NameUse, Result};
use crate::extract::roles;
use crate::model::Entity;
use crate::schema;
use crate::search::{SearchRequest, Span};
use crate::store;

/// Every mention of one person or organization, release by release, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mentions {
    /// The name that was asked for (empty when only a role was).
    pub query: String,
    /// The role that was asked for.
    pub role: Option<String>,
    /// The entities the name matched (usually one; several when the name is ambiguous).
    pub matched: Vec<EntitySummary>,
    /// Releases with at least one mention (all of them, not only this page).
    pub total: usize,
    /// The requested page of releases.
    pub releases: Vec<MentionRelease>,
    /// When nothing matched: the closest names in the corpus.
    pub suggestions: Vec<EntitySummary>,
}

/// One release and every mention in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRelease {
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Headline.
    pub title: String,
    /// Path of the file.
    pub path: String,
    /// The entity as this release names it (its in-release canonical name).
    pub entity: String,
    /// Offices this release gives the person ("Secretary-General of ITU").
    pub roles: Vec<String>,
    /// Every mention, in order.
    pub mentions: Vec<Kwic>,
}

/// A mention in its sentence (keyword in context).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kwic {
    /// The mention as written ("Chairman He").
    pub text: String,
    /// The mention's byte range in the release body.
    pub start: usize,
    /// End of the mention (exclusive).
    pub end: usize,
    /// The sentence around the mention.
    pub sentence: String,
    /// The mention's byte range inside `sentence`.
    pub highlight: Span,
}

/// What a name matched, over the kinds asked for.
#[derive(Default)]
struct NameMatches {
    /// The identities it names, with their aliases.
    matched: Vec<EntitySummary>,
    /// One clause per identity (its canonical names) and per kind (its surface forms).
    queries: Vec<(Occur, Box<dyn Query>)>,
    /// The canonical names of each identity it names.
    groups: Vec<(Kind, Vec<String>)>,
    /// The kinds where no name contains it (where suggestions come from).
    unmatched: Vec<Kind>,
}

impl Identities {
    /// Every release that mentions a person or organization (`kind` None: either), under any
    /// alias, newest first; `request` adds its query and filters and gives the page. With a
    /// `role`, only people the release gives that role ("Secretary-General"); the name may
    /// then be left out to find everyone who held it.
    pub fn mentions(
        &self,
        name: Option<&str>,
        role: Option<&str>,
        kind: Option<Kind>,
        request: &SearchRequest,
    ) -> Result<Mentions> {
        let role_key = match role {
            Some(r) => {
                let key = schema::role_key(r);
                if key.is_empty() {
                    return Err(Error::NoLetters {
                        what: NameUse::Role,
                        value: r.to_string(),
                    });
                }
                Some(key)
            }
            None => None,
        };
        let Some(name) = name else {
            let key = role_key.ok_or(Error::NoNameOrRole)?;
            return self.holders(role.unwrap_or_default(), &key, request);
        };
        let wanted = schema::name_tokens(name);
        if wanted.is_empty() {
            return Err(Error::NoLetters {
                what: NameUse::Name,
                value: name.to_string(),
            });
        }
        let kinds: Vec<Kind> = match (kind, &role_key) {
            (_, Some(_)) => vec![Kind::Person],
            (Some(k), None) => vec![k],
            (None, None) => vec![Kind::Person, Kind::Org],
        };
        let within = self.engine.query(request)?;
        let mut found = NameMatches::default();
        for &k in &kinds {
            self.match_name(k, name, &wanted, &mut found)?;
        }
        // The identity most releases name first (it is the one a timeline shows).
        found.matched.sort_by(|a, b| {
            b.releases
                .cmp(&a.releases)
                .then_with(|| a.name.cmp(&b.name))
        });
        let NameMatches {
            matched,
            queries,
            groups,
            unmatched,
        } = found;
        let mut clauses = vec![
            (
                Occur::Must,
                Box::new(BooleanQuery::new(queries)) as Box<dyn Query>,
            ),
            (Occur::Must, within),
        ];
        if let Some(key) = &role_key {
            // One of the names the asked-for name resolves to holds the role in the release.
            let members = groups.iter().flat_map(|(_, members)| members);
            clauses.push((Occur::Must, self.role_query(members, key)));
        }
        let query = BooleanQuery::new(clauses);
        let picked = |k: Kind, e: &Entity, body: &str| {
            let in_group = groups
                .iter()
                .any(|(gk, members)| *gk == k && members.contains(&e.name));
            in_group
                || e.mentions.iter().any(|m| {
                    body.get(m.start..m.end)
                        .is_some_and(|s| contains_seq(&schema::name_tokens(s), &wanted))
                })
        };
        let (total, releases) = self.scan(&query, &kinds, request, role_key.as_deref(), &picked)?;
        let mut suggestions = Vec::new();
        if total == 0 && matched.is_empty() {
            let mut near = Vec::new();
            for k in unmatched {
                let corpus = self.corpus_identities(k)?;
                near.extend(self.near(k, name, &corpus.catalog)?);
            }
            suggestions = closest(near);
        }
        Ok(Mentions {
            query: name.to_string(),
            role: role.map(str::to_string),
            matched,
            total,
            releases,
            suggestions,
        })
    }

    /// Releases where one of `names` holds the role whose [`schema::role_key`] is `key`.
    fn role_query<'a>(&self, names: impl Iterator<Item = &'a String>, key: &str) -> Box<dyn Query> {
        let field = self.engine.fields().role;
        let clauses: Vec<(Occur, Box<dyn Query>)> = names
            .map(|n| {
                let term = Term::from_field_text(field, &format!("{n}{}{key}", schema::ROLE_SEP));
                let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    /// Adds to `found` the identities of kind `k` that `name` (folded: `wanted`) names: those
    /// with a canonical name containing its words, or whose initials it spells, with every name
    /// that resolves to them; and a clause for the surface forms that contain it. When no
    /// canonical name contains it, the close names of that kind are kept as suggestions.
    fn match_name(
        &self,
        k: Kind,
        name: &str,
        wanted: &[String],
        found: &mut NameMatches,
    ) -> Result<()> {
        let corpus = self.corpus_identities(k)?;
        let catalog = &corpus.catalog;
        // Names that contain the asked-for words, or that the name is an acronym of.
        let hits = catalog.matching(name, wanted);
        let mut by_root: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for n in &hits {
            by_root.entry(catalog.root(n)).or_default();
        }
        // Every name that resolves to one of those identities belongs to its group.
        for (root, members) in by_root.iter_mut() {
            if catalog.contains(root) && catalog.root(root) == *root {
                members.push(root.to_string());
            }
            members.extend(
                catalog
                    .members(root)
                    .filter(|m| catalog.contains(m))
                    .map(str::to_string),
            );
        }
        // A short name that is itself an identity but also a part of fuller ones that
        // matched is the ambiguous short form: keep it, flagged.
        for (root, mut members) in by_root {
            members.sort_unstable();
            let mut stat = Stat::default();
            for m in &members {
                stat.add(catalog.stat(m).unwrap_or_default());
            }
            let releases = if members.len() > 1 {
                self.count_any(k, &members, &tantivy::query::AllQuery)?
            } else {
                stat.releases
            };
            found.matched.push(EntitySummary {
                kind: k,
                name: root.to_string(),
                releases,
                aliases: members.iter().filter(|m| *m != root).cloned().collect(),
                roles: Vec::new(),
                role_dates: Vec::new(),
                first: stat.first,
                last: stat.last,
                ambiguous: catalog.ambiguous(root),
                years: Vec::new(),
            });
            found
                .queries
                .push((Occur::Should, self.any_name(k, &members)));
            found.groups.push((k, members));
        }
        // Surface forms ("Chairman He") are indexed as folded text: match them too.
        let text_field = match k {
            Kind::Person => self.engine.fields().person_text,
            Kind::Org => self.engine.fields().org_text,
        };
        found.queries.push((
            Occur::Should,
            crate::search::filters::name_query(text_field, name, NameUse::Name)?,
        ));
        if hits.is_empty() {
            found.unmatched.push(k);
        }
        Ok(())
    }

    /// The identities of kind `k` with a name close to `name` (normalized Damerau-Levenshtein
    /// similarity 0.7 or more, on the whole name or one of its words), with their similarity.
    fn near(&self, k: Kind, name: &str, catalog: &Catalog) -> Result<Vec<(f64, EntitySummary)>> {
        let target = folded(name);
        let mut best: HashMap<&str, f64> = HashMap::new();
        for (n, _) in catalog.listed() {
            let score = strsim::normalized_damerau_levenshtein(&target, &folded(n)).max(
                schema::name_tokens(n)
                    .iter()
                    .map(|t| strsim::normalized_damerau_levenshtein(&target, t))
                    .fold(0.0, f64::max),
            );
            if score >= 0.7 {
                let e = best.entry(catalog.root(n)).or_insert(0.0);
                *e = e.max(score);
            }
        }
        let mut near = Vec::with_capacity(best.len());
        for (root, score) in best {
            let mut members: Vec<String> = catalog
                .names_of([root])
                .into_iter()
                .filter(|m| catalog.contains(m))
                .collect();
            members.sort_unstable();
            let mut stat = Stat::default();
            for m in &members {
                stat.add(catalog.stat(m).unwrap_or_default());
            }
            near.push((
                score,
                EntitySummary {
                    kind: k,
                    name: root.to_string(),
                    releases: self.count_any(k, &members, &tantivy::query::AllQuery)?,
                    aliases: members.iter().filter(|m| *m != root).cloned().collect(),
                    roles: Vec::new(),
                    role_dates: Vec::new(),
                    first: stat.first,
                    last: stat.last,
                    ambiguous: Vec::new(),
                    years: Vec::new(),
                },
            ));
        }
        Ok(near)
    }

    /// Releases matching `query`, newest first, with the entities `picked` chooses (and, with
    /// a role key, that the release gives that role); returns the number of releases and the
    /// requested page. The query itself must keep only releases where someone holds the role:
    /// the page and the count come straight from the index.
    fn scan(
        &self,
        query: &dyn Query,
        kinds: &[Kind],
        request: &SearchRequest,
        role: Option<&str>,
        picked: &dyn Fn(Kind, &Entity, &str) -> bool,
    ) -> Result<(usize, Vec<MentionRelease>)> {
        let searcher = self.engine.searcher();
        let (limit, offset) = crate::search::page(request, &searcher);
        let top = TopDocs::with_limit(limit)
            .and_offset(offset)
            .order_by_fast_field::<DateTime>(schema::field::DATE, Order::Desc);
        let (docs, total) = searcher.search(query, &(top, Count))?;
        let f = self.engine.fields();
        let mut releases = Vec::new();
        for (_, address) in docs.into_iter().take(request.limit) {
            let doc: TantivyDocument = searcher.doc(address)?;
            let stored = store::decode(&doc, f)?;
            let body = stored.body.as_str();
            for &k in kinds {
                for e in k.of(&stored).iter().filter(|e| picked(k, e, body)) {
                    if role.is_some_and(|key| !holds(e, key)) {
                        continue;
                    }
                    releases.push(MentionRelease {
                        date: stored.date,
                        title: stored.title.clone(),
                        path: stored.path.clone(),
                        entity: e.name.clone(),
                        roles: e.roles.clone(),
                        mentions: e
                            .mentions
                            .iter()
                            .map(|m| kwic(body, m.start, m.end))
                            .collect(),
                    });
                }
            }
        }
        Ok((total, releases))
    }

    /// Everyone a release gives a role, for `mentions --role ROLE` without a name: the releases
    /// from the `role` field, and who held it (releases, first and last date, the role as
    /// written) from the `person_role` fast field over all of them.
    fn holders(&self, role: &str, key: &str, request: &SearchRequest) -> Result<Mentions> {
        let f = self.engine.fields();
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.role, key),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (Occur::Must, self.engine.query(request)?),
        ]);
        let (total, releases) =
            self.scan(&query, &[Kind::Person], request, Some(key), &|_, _, _| true)?;
        // Holders by identity: "Holder" in one release and "Eric Holder" in another are one.
        let corpus = self.corpus_identities(Kind::Person)?;
        let catalog = &corpus.catalog;
        let mut by_root: BTreeMap<String, (Stat, Vec<String>, Vec<RoleDates>)> = BTreeMap::new();
        for (name, held) in self.role_dates(&query)? {
            let matching: Vec<RoleDates> = held
                .into_iter()
                .filter(|r| roles::role_keys(&r.role).iter().any(|k| k == key))
                .collect();
            let Some(most) = matching.iter().map(|r| r.releases).max() else {
                continue;
            };
            let entry = by_root.entry(catalog.root(&name).to_string()).or_default();
            entry.0.releases += most;
            for r in &matching {
                entry.0.first = min_date(entry.0.first, r.first);
                entry.0.last = max_date(entry.0.last, r.last);
            }
            entry.1.push(name);
            entry.2.extend(matching);
        }
        let mut matched = Vec::with_capacity(by_root.len());
        for (root, (mut stat, mut members, held)) in by_root {
            // Two spellings of the role, or two names of the person, in one release count once.
            if members.len() > 1 || held.len() > 1 {
                let query = BooleanQuery::new(vec![
                    (Occur::Must, self.role_query(members.iter(), key)),
                    (Occur::Must, self.engine.query(request)?),
                ]);
                stat.releases = self.engine.searcher().search(&query, &Count)?;
            }
            members.sort_unstable();
            let role_dates = super::merge_roles(held);
            matched.push(EntitySummary {
                kind: Kind::Person,
                aliases: members.into_iter().filter(|m| *m != root).collect(),
                name: root,
                releases: stat.releases,
                roles: role_dates.iter().map(|r| r.role.clone()).collect(),
                role_dates,
                first: stat.first,
                last: stat.last,
                ambiguous: Vec::new(),
                years: Vec::new(),
            });
        }
        matched.sort_by(|a, b| {
            b.releases
                .cmp(&a.releases)
                .then_with(|| a.name.cmp(&b.name))
        });
        Ok(Mentions {
            query: String::new(),
            role: Some(role.to_string()),
            matched,
            total,
            releases,
            suggestions: Vec::new(),
        })
    }
}

/// Whether a release gives person `e` the role whose key is `key`.
fn holds(e: &Entity, key: &str) -> bool {
    e.roles
        .iter()
        .any(|r| roles::role_keys(r).iter().any(|k| k == key))
}

/// The three closest names, most similar first (then most releases, then by name), each once.
fn closest(mut near: Vec<(f64, EntitySummary)>) -> Vec<EntitySummary> {
    near.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| b.1.releases.cmp(&a.1.releases))
            .then_with(|| a.1.name.cmp(&b.1.name))
    });
    let mut suggestions = Vec::new();
    let mut seen = BTreeSet::new();
    for (_, s) in near {
        if seen.insert((s.kind, s.name.clone())) {
            suggestions.push(s);
        }
        if suggestions.len() == 3 {
            break;
        }
    }
    suggestions
}

/// The sentence around `start..end` in `body`: from the previous sentence end (". ", "! ",
/// "? " or a line break) to the next one, at most about 240 bytes on each side.
pub(crate) fn kwic(body: &str, start: usize, end: usize) -> Kwic {
    const REACH: usize = 240;
    let bytes = body.as_bytes();
    let mut s = start;
    let floor = start.saturating_sub(REACH);
    while s > floor {
        let prev = bytes[s - 1];
        if prev == b'\n' {
            break;
        }
        if s >= 2 && prev.is_ascii_whitespace() && matches!(bytes[s - 2], b'.' | b'!' | b'?') {
            // "Mr. Zhao" and "U.S. officials" do not end a sentence.
            let word_start = body[..s - 2]
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
            let word = &body[word_start..s - 2];
            let abbreviation = word.len() <= 3
                && word.chars().next().is_some_and(char::is_uppercase)
                || word.contains('.');
            if !abbreviation {
                break;
            }
        }
        s -= 1;
    }
    let mut e = end;
    let ceil = (end + REACH).min(body.len());
    while e < ceil {
        let c = bytes[e];
        if c == b'\n' {
            break;
        }
        e += 1;
        if matches!(c, b'.' | b'!' | b'?') && (e == body.len() || bytes[e].is_ascii_whitespace()) {
            let word_start = body[..e - 1]
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
            let word = &body[word_start..e - 1];
            let abbreviation = word.len() <= 3
                && word.chars().next().is_some_and(char::is_uppercase)
                || word.contains('.');
            if !abbreviation {
                break;
            }
        }
    }
    while !body.is_char_boundary(s) {
        s += 1;
    }
    while !body.is_char_boundary(e) {
        e -= 1;
    }
    // Cut short by the reach: start and end on whole words, marked with an ellipsis.
    let cut_start = s == floor && s > 0 && bytes[s - 1] != b'\n';
    if cut_start {
        if let Some(i) = body[s..start].find(char::is_whitespace) {
            s += i + 1;
        }
    }
    let cut_end = e == ceil && e < body.len();
    if cut_end {
        if let Some(i) = body[end..e].rfind(char::is_whitespace) {
            e = end + i;
        }
    }
    let sentence = &body[s..e];
    let lead = sentence.len() - sentence.trim_start().len();
    let prefix = if cut_start { "… " } else { "" };
    let mut text = format!("{prefix}{}", sentence.trim());
    if cut_end {
        text.push_str(" …");
    }
    let shift = prefix.len() + start - s - lead;
    Kwic {
        text: body[start..end].to_string(),
        start,
        end,
        sentence: text,
        highlight: Span {
            start: shift,
            end: shift + (end - start),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kwic_keeps_the_sentence() {
        let body = "First sentence here. Then Mr. Zhao spoke at the U.S. embassy today. Last one.";
        let start = body.find("Zhao").unwrap();
        let k = kwic(body, start, start + 4);
        assert_eq!(k.sentence, "Then Mr. Zhao spoke at the U.S. embassy today.");
        assert_eq!(&k.sentence[k.highlight.start..k.highlight.end], "Zhao");
    }

    #[test]
    fn kwic_cuts_long_sentences_at_words() {
        let body = format!(
            "{} António Guterres spoke {}.",
            "word ".repeat(100),
            "more ".repeat(100)
        );
        let start = body.find("Guterres").unwrap();
        let k = kwic(&body, start, start + "Guterres".len());
        assert!(k.sentence.starts_with("… word word"), "{}", k.sentence);
        assert!(k.sentence.ends_with("more …"), "{}", k.sentence);
        assert_eq!(&k.sentence[k.highlight.start..k.highlight.end], "Guterres");
    }

    #[test]
    fn kwic_takes_wide_spaces() {
        let body = "Mr.\u{a0}Zhao spoke. Then Dr.\u{a0}He left.";
        let start = body.find("He").unwrap();
        let k = kwic(body, start, start + 2);
        assert_eq!(&k.sentence[k.highlight.start..k.highlight.end], "He");
    }

    #[test]
    fn kwic_stops_at_line_breaks_and_char_boundaries() {
        let body = "Título\nAntónio Guterres dijo algo — sí";
        let start = body.find("Guterres").unwrap();
        let k = kwic(body, start, start + "Guterres".len());
        assert_eq!(k.sentence, "António Guterres dijo algo — sí");
        assert_eq!(&k.sentence[k.highlight.start..k.highlight.end], "Guterres");
    }
}
