//! The maintext section of the evaluation table (to be written).

use std::path::Path;

use crate::table::Row;

pub fn run(_data: &Path) -> anyhow::Result<Vec<Row>> {
    Ok(Vec::new())
}
