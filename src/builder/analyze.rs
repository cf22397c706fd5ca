//! Analysis, the expensive part of a build: every record's fields tokenized
//! into terms with their frequency per field, on every core.

use super::postings::FxHasher;
use super::Tf;
use crate::scoring::{follower_key, FIELD_ALIASES, FIELD_COUNT, FIELD_GLOSSARY};
use crate::stem::stem;
use crate::stopwords::is_stopword;
use crate::text::{fold, tokenize};
use crate::unicode_fold::UnicodeFolder;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// One record's terms: `(term, per-field tf)` in no particular order, the
/// fields' lengths, its non-ASCII texts (for the fold table), and per word of
/// its name and aliases that another follows, that follower's key
/// (`(word, key)`, for the proximity rule).
pub(super) struct Analyzed<'a> {
    pub terms: Vec<(String, Tf)>,
    pub lens: [u8; FIELD_COUNT],
    pub texts: Vec<&'a str>,
    pub followers: Vec<(String, u16)>,
}

/// `analyze(d)` for every record `d` below `n`, in order, split over
/// `threads` threads (one: where none can be spawned, as under WASI);
/// `progress(done, n)` now and then.
pub(super) fn analyze_all<'a>(
    n: usize,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
    analyze: impl Fn(usize) -> Analyzed<'a> + Sync,
) -> Vec<Analyzed<'a>> {
    let chunk = n.div_ceil(threads.max(1)).max(1);
    let run = |start: usize| -> Vec<Analyzed<'a>> {
        let end = (start + chunk).min(n);
        (start..end)
            .map(|d| {
                if start == 0 && d % 2048 == 0 {
                    progress(d * threads, n);
                }
                analyze(d)
            })
            .collect()
    };
    let analyzed = if threads < 2 {
        run(0)
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..n)
                .step_by(chunk)
                .map(|start| {
                    let run = &run;
                    scope.spawn(move || run(start))
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("analysis thread"))
                .collect()
        })
    };
    progress(n, n);
    analyzed
}

/// Tokenizes a record's fields: per term its frequency in each field, the
/// fields' lengths, and the non-ASCII texts (for the fold table). Of each two
/// adjacent words of the name and of each alias, function words skipped
/// ([`is_stopword`]), the first gets the second's [`follower_key`] (for the
/// proximity rule). Words of the
/// name, aliases and places that the glossary translates add their
/// translations to the glossary field, once each.
pub(super) fn analyze_fields<'a>(
    fields: &[Vec<&'a str>; FIELD_COUNT],
    glossary: &Glossary,
) -> Analyzed<'a> {
    let mut tfs: HashMap<String, Tf, BuildHasherDefault<FxHasher>> =
        HashMap::with_capacity_and_hasher(64, Default::default());
    let mut lens = [0u8; FIELD_COUNT];
    let mut texts = Vec::new();
    let mut translations: Vec<&str> = Vec::new();
    let mut followers: Vec<(String, u16)> = Vec::new();
    for (fi, list) in fields.iter().enumerate() {
        let mut len = 0usize;
        for &t in list {
            let tokens = tokenize(&UnicodeFolder, t);
            if fi <= FIELD_ALIASES {
                // Function words are skipped, as the query leaves them out.
                let content: Vec<&str> = tokens
                    .iter()
                    .map(|t| t.term.as_str())
                    .filter(|t| !is_stopword(t))
                    .collect();
                for w in content.windows(2) {
                    followers.push((w[0].to_string(), follower_key(w[1])));
                }
            }
            for tok in tokens {
                if fi < FIELD_GLOSSARY {
                    glossary.translations(&tok.term, &mut translations);
                }
                tfs.entry(tok.term).or_default()[fi] += 1;
                len += 1;
            }
            if !t.is_ascii() {
                texts.push(t);
            }
        }
        lens[fi] = len.min(255) as u8;
    }
    translations.sort_unstable();
    translations.dedup();
    for t in &translations {
        tfs.entry((*t).to_string()).or_default()[FIELD_GLOSSARY] += 1;
    }
    lens[FIELD_GLOSSARY] = translations.len().min(255) as u8;
    Analyzed {
        terms: tfs.into_iter().collect(),
        lens,
        texts,
        followers,
    }
}

/// The bilingual glossary (`data/glossary.toml`), ready for lookups: a word
/// matches an entry word with the same stem ([`crate::stem`]), so `ospedali`
/// in a name finds the entry `ospedale, hospital`.
pub(super) struct Glossary {
    /// (stem of an entry word, the entry's folded words), sorted by stem.
    by_stem: Vec<(String, Vec<String>)>,
}

impl Glossary {
    pub(super) fn new(entries: &[Vec<String>]) -> Glossary {
        let mut by_stem = Vec::new();
        for entry in entries {
            let words: Vec<String> = entry.iter().map(|w| fold(&UnicodeFolder, w)).collect();
            for w in &words {
                by_stem.push((stem(w).to_string(), words.clone()));
            }
        }
        by_stem.sort();
        by_stem.dedup();
        Glossary { by_stem }
    }

    /// Adds to `out` the other words of every entry one of whose words
    /// shares `term`'s stem.
    fn translations<'g>(&'g self, term: &str, out: &mut Vec<&'g str>) {
        let key = stem(term);
        let start = self.by_stem.partition_point(|(s, _)| s.as_str() < key);
        for (_, words) in self.by_stem[start..].iter().take_while(|(s, _)| s == key) {
            out.extend(words.iter().map(String::as_str).filter(|w| stem(w) != key));
        }
    }
}
