//! Snippets and highlights: where the query's words stand in a hit's text.

use crate::sort::sort_short_by;
use crate::text::{tokenize, Folder};

/// Snippet length target, in code points.
pub const SNIPPET_CHARS: usize = 180;
/// Context kept before the first match, in code points.
const LEAD_CHARS: usize = 50;

/// The dictionary terms a query matched, plus the prefix typed last.
#[derive(Debug, Clone, Default)]
pub struct MatchedTerms {
    terms: Vec<String>,
    prefix: Option<String>,
}

impl MatchedTerms {
    /// Records a matched term.
    pub fn insert(&mut self, term: String) {
        if !self.terms.contains(&term) {
            self.terms.push(term);
        }
    }

    /// Records the last word typed, which matches as a prefix.
    pub fn set_prefix(&mut self, prefix: &str) {
        self.prefix = Some(prefix.to_string());
    }

    /// Whether a text token with this folded form should be highlighted.
    pub fn matches(&self, term: &str) -> bool {
        self.terms.iter().any(|t| t == term)
            || self
                .prefix
                .as_deref()
                .is_some_and(|p| !p.is_empty() && term.starts_with(p))
    }
}

/// `[start, end)` code-point ranges of the matched words of `text`, merged.
pub fn highlight(folder: &impl Folder, text: &str, matched: &MatchedTerms) -> Vec<[u32; 2]> {
    // Loops rather than iterator chains that collect: a smaller engine.
    let mut ranges: Vec<[u32; 2]> = Vec::new();
    for t in tokenize(folder, text) {
        if matched.matches(&t.term) {
            ranges.push([t.start, t.end]);
        }
    }
    sort_short_by(&mut ranges, |a, b| a.cmp(b));
    let mut out: Vec<[u32; 2]> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r[0] <= last[1] => last[1] = last[1].max(r[1]),
            _ => out.push(r),
        }
    }
    out
}

/// Where a snippet may start or end: ASCII white space and the common Unicode
/// spaces (a short list instead of the full White_Space table in the wasm).
fn is_space(c: char) -> bool {
    c.is_ascii_whitespace()
        || matches!(
            c,
            '\u{a0}' | '\u{2000}'..='\u{200b}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
        )
}

/// A part of `text` of about [`SNIPPET_CHARS`] code points around its first
/// matched word (or its start), with "…" where cut, and the highlights in it.
pub fn snippet(
    folder: &impl Folder,
    text: &str,
    matched: &MatchedTerms,
) -> (String, Vec<[u32; 2]>) {
    let all = highlight(folder, text, matched);
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= SNIPPET_CHARS {
        return (text.to_string(), all);
    }
    let first = all.first().map_or(0, |r| r[0] as usize);
    let mut start = first.saturating_sub(LEAD_CHARS);
    // Start at a word boundary, never past the first match.
    while start > 0 && start < first && !is_space(chars[start - 1]) {
        start += 1;
    }
    while start < first && is_space(chars[start]) {
        start += 1;
    }
    let mut end = (start + SNIPPET_CHARS).min(chars.len());
    let cut = end < chars.len();
    if cut {
        // End at a word boundary when one is near.
        let floor = end.saturating_sub(30).max(start + 1);
        if let Some(e) = (floor..end).rev().find(|&e| is_space(chars[e])) {
            end = e;
        }
    }
    while end > start && is_space(chars[end - 1]) {
        end -= 1;
    }
    let lead = u32::from(start > 0);
    let mut s = String::with_capacity(end - start + 8);
    if start > 0 {
        s.push('\u{2026}');
    }
    s.extend(&chars[start..end]);
    if cut {
        s.push('\u{2026}');
    }
    let (lo, hi) = (start as u32, end as u32);
    let mut hl = Vec::new();
    for r in all {
        if r[0] >= lo && r[1] <= hi {
            hl.push([r[0] - lo + lead, r[1] - lo + lead]);
        }
    }
    (s, hl)
}
