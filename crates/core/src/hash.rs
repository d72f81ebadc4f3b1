//! The 32-bit FNV-1a hash, as `search.js` computes it: it spreads the
//! search index's terms over shards, and names the preview's folder.

/// 32-bit FNV-1a, as `search.js` computes it.
pub fn fnv1a(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}
