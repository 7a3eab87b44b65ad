//! The one table `pressdex-eval` prints: a row per (section, dataset, field, match mode).

use std::fmt::Write as _;

/// One line of the evaluation table.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Row {
    /// "entities", "aliases", "dates", "main text", "speed".
    pub section: &'static str,
    /// The data set, e.g. "conll2003 dev".
    pub dataset: String,
    /// What is measured, e.g. "PER overlap", "ORG strict", "date", "extraction MB/s/core".
    pub field: String,
    /// Precision, when the measure has one.
    pub precision: Option<f64>,
    /// Recall, when the measure has one.
    pub recall: Option<f64>,
    /// F1, accuracy or a rate: the number the target applies to.
    pub score: f64,
    /// How many items (mentions, documents, pairs, MB) the score is over.
    pub n: usize,
    /// The target for `score`, if any (score must be >= target).
    pub target: Option<f64>,
}

/// Renders rows as an aligned text table.
pub fn render(rows: &[Row]) -> String {
    let fmt = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
    let mut lines: Vec<[String; 9]> = vec![[
        "section".into(),
        "dataset".into(),
        "field".into(),
        "P".into(),
        "R".into(),
        "F1/score".into(),
        "n".into(),
        "target".into(),
        "ok".into(),
    ]];
    for r in rows {
        let ok = match r.target {
            Some(t) if r.score >= t => "yes",
            Some(_) => "NO",
            None => "",
        };
        lines.push([
            r.section.to_string(),
            r.dataset.clone(),
            r.field.clone(),
            fmt(r.precision),
            fmt(r.recall),
            if r.score >= 10.0 {
                format!("{:.1}", r.score)
            } else {
                format!("{:.3}", r.score)
            },
            r.n.to_string(),
            fmt(r.target),
            ok.to_string(),
        ]);
    }
    let mut widths = [0usize; 9];
    for l in &lines {
        for (w, c) in widths.iter_mut().zip(l) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for l in &lines {
        let mut line = String::new();
        for (i, (c, w)) in l.iter().zip(widths).enumerate() {
            let pad = w - c.chars().count();
            if i >= 3 {
                let _ = write!(line, "{}{}  ", " ".repeat(pad), c);
            } else {
                let _ = write!(line, "{}{}  ", c, " ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
