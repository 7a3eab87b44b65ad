//! Who is mentioned with whom: person–person and person–organization edges over the releases
//! a request matches, weighted by the number of releases that mention both, with the first and
//! last of their dates; as CSV or GEXF (Gephi).
//!
//! Releases are streamed (see `for_each_record`); only the edges are kept.

use std::collections::HashMap;
use std::io::{self, Write};

use chrono::NaiveDate;

use super::{for_each_record, PairRow};
use crate::error::Result;
use crate::identities::{Identities, Kind};
use crate::search::SearchRequest;

/// Two identities mentioned together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The first one's kind (always a person).
    pub source_kind: Kind,
    /// The first identity.
    pub source: String,
    /// The second one's kind.
    pub target_kind: Kind,
    /// The second identity.
    pub target: String,
    /// Releases that mention both.
    pub releases: u64,
    /// The earliest of their dates.
    pub first: Option<NaiveDate>,
    /// The latest of their dates.
    pub last: Option<NaiveDate>,
}

/// The edges of [`network`], heaviest first (ties by names).
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// The edges with at least the minimum weight.
    pub edges: Vec<Edge>,
    /// Releases read.
    pub releases: u64,
}

/// Releases, first and last date of an edge.
type Weight = (u64, Option<NaiveDate>, Option<NaiveDate>);

/// The person–person and person–organization edges of the releases `request` matches that
/// at least `min_releases` releases have.
pub fn network(
    identities: &Identities,
    request: &SearchRequest,
    min_releases: u64,
) -> Result<Network> {
    // Names are interned: an edge is two numbers, whatever the length of the names.
    let mut ids: HashMap<(Kind, String), u32> = HashMap::new();
    let mut names: Vec<(Kind, String)> = Vec::new();
    let mut intern = |kind: Kind, name: String| -> u32 {
        match ids.get(&(kind, name.clone())) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(names.len()).unwrap_or(u32::MAX);
                ids.insert((kind, name.clone()), id);
                names.push((kind, name));
                id
            }
        }
    };
    let mut edges: HashMap<(u32, u32), Weight> = HashMap::new();
    let mut releases = 0;
    for_each_record(identities, request, false, &mut |record| {
        releases += 1;
        let date = record.release.date;
        for PairRow {
            kind_a,
            a,
            kind_b,
            b,
        } in record.pairs
        {
            if kind_a != Kind::Person {
                continue;
            }
            let key = (intern(kind_a, a), intern(kind_b, b));
            let e = edges.entry(key).or_insert((0, None, None));
            e.0 += 1;
            e.1 = match (e.1, date) {
                (Some(x), Some(d)) => Some(x.min(d)),
                (x, d) => x.or(d),
            };
            e.2 = e.2.max(date);
        }
        Ok(())
    })?;
    let mut edges: Vec<Edge> = edges
        .into_iter()
        .filter(|(_, (n, _, _))| *n >= min_releases)
        .map(|((a, b), (releases, first, last))| {
            let (source_kind, source) = names[a as usize].clone();
            let (target_kind, target) = names[b as usize].clone();
            Edge {
                source_kind,
                source,
                target_kind,
                target,
                releases,
                first,
                last,
            }
        })
        .collect();
    edges.sort_by(|x, y| {
        (y.releases.cmp(&x.releases))
            .then_with(|| (x.source_kind, &x.source).cmp(&(y.source_kind, &y.source)))
            .then_with(|| (x.target_kind, &x.target).cmp(&(y.target_kind, &y.target)))
    });
    Ok(Network { edges, releases })
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Writes `source,source_kind,target,target_kind,releases,first,last`, one row per edge.
pub fn write_csv<W: Write>(out: W, network: &Network) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let header = [
        "source",
        "source_kind",
        "target",
        "target_kind",
        "releases",
        "first",
        "last",
    ];
    let io = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    };
    w.write_record(header).map_err(io)?;
    for e in &network.edges {
        w.write_record([
            e.source.as_str(),
            e.source_kind.as_str(),
            &e.target,
            e.target_kind.as_str(),
            &e.releases.to_string(),
            &date(e.first),
            &date(e.last),
        ])
        .map_err(io)?;
    }
    w.flush()
}

/// Escapes text for an XML attribute.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Writes a GEXF 1.3 graph for Gephi: one node per identity (`kind` attribute), one undirected
/// edge per pair with `weight` = releases and `first`/`last` attributes.
pub fn write_gexf<W: Write>(out: &mut W, network: &Network) -> io::Result<()> {
    let mut ids: HashMap<(Kind, &str), usize> = HashMap::new();
    let mut nodes: Vec<(Kind, &str)> = Vec::new();
    for e in &network.edges {
        for key in [
            (e.source_kind, e.source.as_str()),
            (e.target_kind, e.target.as_str()),
        ] {
            ids.entry(key).or_insert_with(|| {
                nodes.push(key);
                nodes.len() - 1
            });
        }
    }
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <meta><creator>pressdex {}</creator><description>people and organizations mentioned together, weighted by releases</description></meta>
  <graph defaultedgetype="undirected" mode="static">
    <attributes class="node"><attribute id="kind" title="kind" type="string"/></attributes>
    <attributes class="edge"><attribute id="first" title="first" type="string"/><attribute id="last" title="last" type="string"/></attributes>
    <nodes>"#,
        env!("CARGO_PKG_VERSION")
    )?;
    for (i, (kind, name)) in nodes.iter().enumerate() {
        writeln!(
            out,
            r#"      <node id="n{i}" label="{}"><attvalues><attvalue for="kind" value="{}"/></attvalues></node>"#,
            xml(name),
            kind.as_str()
        )?;
    }
    writeln!(out, "    </nodes>\n    <edges>")?;
    for (i, e) in network.edges.iter().enumerate() {
        let s = ids[&(e.source_kind, e.source.as_str())];
        let t = ids[&(e.target_kind, e.target.as_str())];
        writeln!(
            out,
            r#"      <edge id="e{i}" source="n{s}" target="n{t}" weight="{}"><attvalues><attvalue for="first" value="{}"/><attvalue for="last" value="{}"/></attvalues></edge>"#,
            e.releases,
            date(e.first),
            date(e.last)
        )?;
    }
    writeln!(out, "    </edges>\n  </graph>\n</gexf>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml("AT&T <\"x\">"), "AT&amp;T &lt;&quot;x&quot;&gt;");
        assert_eq!(xml("a\u{1}b"), "a\u{FFFD}b");
    }
}
