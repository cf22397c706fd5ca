//! A light Italian and English stemmer for folded words: it strips the
//! plural and gender endings, so that singular and plural, masculine and
//! feminine forms share one stem (`ospedale`/`ospedali` → `ospedal`,
//! `terapia`/`terapie` → `terap`, `oncologico`/`oncologiche`/`oncologia` → `oncolog`,
//! `hospital`/`hospitals` → `hospital`, `university`/`universities`/`universita`
//! → `universit`).
//!
//! It only ever removes a suffix, never rewrites one: every word starts with
//! its stem. The engine relies on that: the words sharing the stem of a query
//! word are found by reading the dictionary terms that start with the stem and
//! keeping those whose stem is the same, so the index stores no stems at all.
//!
//! Rules, on a word of letters only (words with digits or non-ASCII letters
//! are left alone), applied in order while the stem keeps at least
//! [`MIN_STEM`] bytes (rule 4: four):
//!
//! 1. English plurals: `ies` is removed (`studies` → `stud`); a final `s` is
//!    removed from words of 5+ letters unless they end in `ss`, `us` or `is`
//!    (`hospitals`, not `campus`, `class`, `analysis`, nor the acronym `cnrs`).
//! 2. Italian `-che`/`-chi`/`-ghe`/`-ghi` lose `he`/`hi` (`banche` → `banc`, like
//!    `banca`); `-ia`/`-ie`/`-io`/`-ii` lose both letters (`terapia` → `terap`).
//! 3. Otherwise a final vowel or `y` is removed (`ospedale` → `ospedal`,
//!    `city` → `cit`).
//! 4. Then a final `ic` is removed, so adjectives in `-ico`/`-ica` meet their
//!    noun in `-ia` (`oncologico`, `oncologia` → `oncolog`).
//!
//! It is deliberately small (a few hundred bytes of the browser build, where a
//! Snowball stemmer for the two languages costs ~13 KB gzip): it conflates
//! the inflections that matter for finding organisations by name, and leaves
//! other derivation to prefixes and the glossary.

/// Shortest stem the rules leave, in bytes.
pub const MIN_STEM: usize = 3;

/// The stem of a folded word; a prefix of `word` (the word itself when no rule applies).
pub fn stem(word: &str) -> &str {
    let b = word.as_bytes();
    if b.len() <= MIN_STEM || !b.iter().all(u8::is_ascii_lowercase) {
        return word;
    }
    let end = inflection(b);
    // 4. Adjectives in -ico/-ica (-ic after the rules above) meet their noun in -ia.
    let end = if b[..end].ends_with(b"ic") && end >= MIN_STEM + 3 {
        end - 2
    } else {
        end
    };
    &word[..end]
}

/// Rules 1 to 3: where the word ends without its inflection (> [`MIN_STEM`] bytes in).
fn inflection(b: &[u8]) -> usize {
    let mut end = b.len();
    let can_cut = |end: usize, n: usize| end >= MIN_STEM + n;
    let ends = |end: usize, s: &[u8]| b[..end].ends_with(s);
    // 1. English plurals.
    if ends(end, b"ies") && can_cut(end, 3) {
        return end - 3;
    }
    if ends(end, b"s") && !(ends(end, b"ss") || ends(end, b"us") || ends(end, b"is")) {
        // Four letters ending in s are more often acronyms (CNRS) than plurals.
        if !can_cut(end, 2) {
            return end;
        }
        end -= 1;
    }
    // 2. Italian -che/-chi/-ghe/-ghi and -ia/-ie/-io/-ii.
    let last = b[end - 1];
    let before = b[end - 2];
    if matches!(last, b'e' | b'i')
        && before == b'h'
        && end >= 3
        && matches!(b[end - 3], b'c' | b'g')
    {
        if can_cut(end, 2) {
            return end - 2;
        }
    } else if before == b'i' && matches!(last, b'a' | b'e' | b'o' | b'i') && can_cut(end, 2) {
        return end - 2;
    }
    // 3. A final vowel or y.
    if matches!(b[end - 1], b'a' | b'e' | b'i' | b'o' | b'u' | b'y') && can_cut(end, 1) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::stem;

    fn same(words: &[&str], want: &str) {
        for w in words {
            assert_eq!(stem(w), want, "stem of {w:?}");
        }
    }

    #[test]
    fn italian_plural_and_gender_forms_share_a_stem() {
        same(&["ospedale", "ospedali"], "ospedal");
        same(&["terapia", "terapie"], "terap");
        same(
            &[
                "oncologico",
                "oncologici",
                "oncologica",
                "oncologiche",
                "oncologia",
            ],
            "oncolog",
        );
        same(&["tecnologico", "tecnologia", "tecnologie"], "tecnolog");
        same(&["scientifico", "scientific"], "scientif");
        same(&["medico", "medici"], "medic");
        same(&["banca", "banche"], "banc");
        same(&["luogo", "luoghi"], "luog");
        same(&["farmaco", "farmaci", "farmacia", "farmacie"], "farmac");
        same(&["lombardo", "lombarda", "lombardia"], "lombard");
        same(&["istituto", "istituti"], "istitut");
        same(&["cellulare", "cellulari"], "cellular");
    }

    #[test]
    fn english_plurals_share_a_stem_and_universita_meets_university() {
        same(&["hospital", "hospitals"], "hospital");
        same(&["university", "universities", "universita"], "universit");
        same(&["institute", "institutes"], "institut");
        same(&["centre", "centres", "centro", "centri"], "centr");
        same(&["science", "sciences"], "scienc");
        same(&["study", "studies", "studio", "studi"], "stud");
        same(&["campus"], "campus");
        same(&["cnrs"], "cnrs");
        same(&["labs"], "labs");
        same(&["class"], "class");
        same(&["analysis"], "analysis");
    }

    #[test]
    fn short_words_digits_and_non_ascii_are_left_alone() {
        for w in [
            "rete", "via", "eni", "cnr", "2024", "covid19", "東京", "ab", "",
        ] {
            let s = stem(w);
            assert!(w.starts_with(s), "{w:?} -> {s:?}");
        }
        assert_eq!(stem("via"), "via");
        assert_eq!(stem("rete"), "ret");
        assert_eq!(stem("covid19"), "covid19");
        assert_eq!(stem("東京"), "東京");
        assert_eq!(stem("ies"), "ies");
        assert_eq!(stem("ties"), "ties");
    }

    #[test]
    fn every_stem_is_a_prefix_of_its_word() {
        for w in [
            "aiia",
            "chie",
            "ghi",
            "sss",
            "ssss",
            "yyyy",
            "iiii",
            "hospitalss",
            "aies",
            "gies",
            "zzies",
            "cche",
            "abcia",
        ] {
            let s = stem(w);
            assert!(
                w.starts_with(s) && s.len() >= 3.min(w.len()),
                "{w:?} -> {s:?}"
            );
        }
    }
}
