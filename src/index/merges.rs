//! The merge policy of every index writer: tantivy's log merge policy, with each merge kept
//! to a bounded number of documents.

use std::collections::HashMap;

/// Most documents a merge may produce.
///
/// A merge reads its segments through memory maps, and every page it reads counts in the
/// process's resident memory until the merge ends: tantivy's default policy merged a million
/// synthetic releases into one segment of 1.6 GB and peaked at 2.7 GB. At about 3 KB of index
/// per release, 100,000 documents keep a merge to about 300 MB.
const MAX_MERGED_DOCS: u32 = 100_000;

/// tantivy's log merge policy, with each merge split so that it produces at most
/// [`MAX_MERGED_DOCS`] documents (segments that big are not merged again).
#[derive(Debug)]
pub(crate) struct BoundedMerges {
    inner: tantivy::indexer::LogMergePolicy,
}

impl BoundedMerges {
    pub(crate) fn new() -> BoundedMerges {
        let mut inner = tantivy::indexer::LogMergePolicy::default();
        inner.set_max_docs_before_merge(MAX_MERGED_DOCS as usize / 2);
        BoundedMerges { inner }
    }
}

impl tantivy::indexer::MergePolicy for BoundedMerges {
    fn compute_merge_candidates(
        &self,
        segments: &[tantivy::index::SegmentMeta],
    ) -> Vec<tantivy::indexer::MergeCandidate> {
        use tantivy::indexer::MergeCandidate;
        let docs: HashMap<tantivy::index::SegmentId, u32> =
            segments.iter().map(|s| (s.id(), s.num_docs())).collect();
        let mut out = Vec::new();
        for MergeCandidate(mut ids) in self.inner.compute_merge_candidates(segments) {
            ids.sort_by_key(|id| docs.get(id).copied().unwrap_or(0));
            let (mut chunk, mut total) = (Vec::new(), 0u32);
            for id in ids {
                let n = docs.get(&id).copied().unwrap_or(0);
                if total.saturating_add(n) > MAX_MERGED_DOCS && !chunk.is_empty() {
                    if chunk.len() > 1 {
                        out.push(MergeCandidate(std::mem::take(&mut chunk)));
                    }
                    chunk.clear();
                    total = 0;
                }
                chunk.push(id);
                total = total.saturating_add(n);
            }
            if chunk.len() > 1 {
                out.push(MergeCandidate(chunk));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;
    use tantivy::indexer::MergePolicy;
    use tantivy::Index;

    #[test]
    fn merges_stay_under_the_cap() {
        let index = Index::create_in_ram(schema::build());
        let metas: Vec<tantivy::index::SegmentMeta> = (0..16)
            .map(|_| index.new_segment_meta(tantivy::index::SegmentId::generate_random(), 20_000))
            .collect();
        let candidates = BoundedMerges::new().compute_merge_candidates(&metas);
        assert!(!candidates.is_empty());
        for c in &candidates {
            assert!(c.0.len() > 1);
            assert!(c.0.len() as u32 * 20_000 <= MAX_MERGED_DOCS);
        }
        // Segments at half the cap or more are left alone.
        let big: Vec<_> = (0..16)
            .map(|_| index.new_segment_meta(tantivy::index::SegmentId::generate_random(), 60_000))
            .collect();
        assert!(BoundedMerges::new()
            .compute_merge_candidates(&big)
            .is_empty());
    }
}
