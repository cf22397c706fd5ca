//! Function words: articles, prepositions (with their articulated forms) and
//! conjunctions of Italian and English, plus the few French, Spanish and
//! German ones that organisation names carry (`de`, `du`, `der`, `und` …).
//!
//! They say nothing about which record is meant, yet a record's text has them
//! or not by accident: required like other words, `trasferimento di
//! tecnologia` missed the foundation whose alias says `trasferimento
//! tecnologico`, and in a relaxed query a record matching `di` outranked one
//! matching a content word. So a query's function words are left out of
//! matching when it has other words ([`crate::search::query`]), and the
//! builder's word followers (the proximity rule) skip them, so that `ministero
//! esteri` and `ministero degli affari esteri` find the same adjacent pairs.
//! Words are folded (lower case, no accents).

/// The function words, sorted, separated by single spaces (one string keeps the
/// browser build small). Not `ai` (Italian "to the"): it is also AI.
const WORDS: &str = concat!(
    "a agli al all alla alle allo an and at by coi col con da dagli dai dal dall ",
    "dalla dalle dallo das de degli dei del dell della delle dello der des di die du ",
    "e ed et for fra from fur gli i il in la le lo negli nei nel nell nella nelle ",
    "nello o od of on or per su sugli sui sul sull sulla sulle sullo the to tra un ",
    "una und uno von with y zu",
);

/// The longest function word, in bytes: longer terms are none.
const LONGEST: usize = 5;

/// True when `term` (folded) is a function word.
pub fn is_stopword(term: &str) -> bool {
    // A plain scan: `str::split` would add its pattern searcher to the browser build. The
    // builder asks for every word of every name: long words and the words past `term`'s
    // first letter (the list is sorted) are not compared.
    let (w, t) = (WORDS.as_bytes(), term.as_bytes());
    let Some(first) = t.first() else {
        return false;
    };
    if t.len() > LONGEST {
        return false;
    }
    let mut start = 0;
    for end in 0..=w.len() {
        if end == w.len() || w[end] == b' ' {
            let word = &w[start..end];
            if word == t {
                return true;
            }
            if word.first() > Some(first) {
                return false;
            }
            start = end + 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_without_duplicates() {
        let words: Vec<&str> = WORDS.split(' ').collect();
        assert!(words.windows(2).all(|w| w[0] < w[1]), "{words:?}");
        assert!(words.iter().all(|w| !w.is_empty()), "{WORDS:?}");
        assert_eq!(words.iter().map(|w| w.len()).max(), Some(LONGEST));
    }

    #[test]
    fn the_scan_agrees_with_the_list_on_its_words_and_their_neighbours() {
        let words: Vec<&str> = WORDS.split(' ').collect();
        for w in &words {
            // Each word, its prefixes, and the word with a letter before or after it.
            let mut probes: Vec<String> = (0..=w.len()).map(|n| w[..n].to_string()).collect();
            for c in ['a', 'm', 'z', '0', '\u{e0}'] {
                probes.push(format!("{w}{c}"));
                probes.push(format!("{c}{w}"));
            }
            for p in probes {
                assert_eq!(is_stopword(&p), words.contains(&p.as_str()), "{p:?}");
            }
        }
    }

    #[test]
    fn function_words_are_stopwords_and_content_words_are_not() {
        for w in [
            "di", "della", "degli", "the", "of", "and", "sui", "in", "de", "und",
        ] {
            assert!(is_stopword(w), "{w}");
        }
        for w in [
            "ricerca",
            "it",
            "is",
            "ai",
            "ice",
            "iss",
            "dia",
            "dell'",
            "",
            "universita",
        ] {
            assert!(!is_stopword(w), "{w}");
        }
    }
}
