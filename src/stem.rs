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
//! [`MIN_STEM`] bytes (rules 4 to 6: four):
//!
//! 6. (first) nouns in -zione/-tion and adjectives in -zionale/-tional are cut
//!    where Italian and English meet ([`derivation`]: `promozione`,
//!    `promotion` → `promo`; `vaccinazione`, `vaccinations` → `vaccin`);
//! 1. English plurals: `ies` is removed (`studies` → `stud`); a final `s` is
//!    removed unless the word ends in `ss`, `us` or `is` (`hospitals`, not
//!    `campus`, `class`, `analysis`), nor from four letters with no vowel
//!    before it (the acronym `cnrs`; `hubs` → `hub`); then `ing` and `ed`
//!    (`training` → `train`, `advanced` → `advanc` like `advance`), `ied`
//!    like `ies`;
//! 2. Italian `-che`/`-chi`/`-ghe`/`-ghi` lose `he`/`hi` (`banche` → `banc`, like
//!    `banca`); `-ia`/`-ie`/`-io`/`-ii` lose both letters (`terapia` → `terap`).
//! 3. Otherwise a final vowel or `y` is removed (`ospedale` → `ospedal`,
//!    `city` → `cit`).
//! 5. Adjectives of peoples and places lose `ian`, or `an` after a vowel or
//!    `c`, to meet the place (`italiane`, `italian` → `ital` like `italia`,
//!    `coreani`, `korean` → `core`, `kore` like `corea`, `korea`).
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
    if let Some(end) = derivation(b) {
        return &word[..end];
    }
    let mut end = inflection(b);
    // 5. Adjectives of peoples and places meet the place: -ian, -an after a
    //    vowel or c (`italiane`, `italian` → `ital` like `italia`; `coreani` →
    //    `core` like `corea`; `americano` → `americ`), the stem keeping 4 bytes.
    if b[..end].ends_with(b"ian") && end >= 7 {
        end -= 3;
    } else if b[..end].ends_with(b"an") && end >= 6 && b"aeiouc".contains(&b[end - 3]) {
        end -= 2;
    }
    // 4. Adjectives in -ico/-ica (-ic after the rules above) meet their noun in -ia.
    if b[..end].ends_with(b"ic") && end >= MIN_STEM + 3 {
        end -= 2;
    }
    &word[..end]
}

/// Rule 6: nouns in -zione/-zioni and -tion(s), adjectives in -zionale/-zionali
/// and -tional(s), cut before `zion`/`tion`, where Italian and English meet
/// (`promozione`, `promotion` → `promo`; `internazionale`, `international` →
/// `interna`); `ction` also loses its `c` (`produzione`, `production` →
/// `produ`), and a noun then a final vowel when 6 bytes stay, so it meets the
/// word it is made from (`vaccinazioni`, `vaccination` → `vaccin` like
/// `vaccino`, `vaccine`; `formazione` stays `forma`, apart from `forma`'s
/// `form`). Not `-stion` (`questione`, `question` already meet). The cut
/// keeps 4 bytes (`nazione`, `stazione` are left to rule 3).
fn derivation(b: &[u8]) -> Option<usize> {
    let b = b.strip_suffix(b"s").unwrap_or(b);
    let n = b.len();
    // `zion`/`tion` k bytes from the end: Italian -zione/-zioni (5) and
    // -zionale/-zionali (7), English -tion (4) and -tional (6).
    for k in 4..8 {
        let cut = n.checked_sub(k)?;
        let z = b[cut] == b'z';
        let fits = &b[cut + 1..cut + 4] == b"ion"
            && (z || b[cut] == b't')
            && z == (k % 2 == 1)
            && (k < 6 || &b[cut + 4..cut + 6] == b"al")
            && (!z || matches!(b[n - 1], b'e' | b'i'));
        if !fits {
            continue;
        }
        if cut < 4 || b[cut - 1] == b's' {
            return None;
        }
        let mut end = cut;
        if !z && b[end - 1] == b'c' {
            end -= 1;
        }
        if k < 6 && end >= 7 && matches!(b[end - 1], b'a' | b'e' | b'i' | b'o' | b'u') {
            end -= 1;
        }
        return Some(end);
    }
    None
}

/// Rules 1 to 3: where the word ends without its inflection (> [`MIN_STEM`] bytes in).
fn inflection(b: &[u8]) -> usize {
    let mut end = b.len();
    let can_cut = |end: usize, n: usize| end >= MIN_STEM + n;
    let ends = |end: usize, s: &[u8]| b[..end].ends_with(s);
    // 1. English plurals, then -ing and -ed (-ied like -ies).
    if ends(end, b"ies") && can_cut(end, 3) {
        return end - 3;
    }
    if ends(end, b"s") && !(ends(end, b"ss") || ends(end, b"us") || ends(end, b"is")) {
        // Four letters ending in s with no vowel before are acronyms (CNRS), not plurals.
        if end == 4 && !b[..3].iter().any(|c| b"aeiouy".contains(c)) {
            return end;
        }
        end -= 1;
        if end == MIN_STEM {
            return end;
        }
    }
    if ends(end, b"ing") && end >= 7 {
        return end - 3;
    }
    if ends(end, b"ied") && end >= 7 {
        return end - 3;
    }
    if ends(end, b"ed") && end >= 6 {
        return end - 2;
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
        same(&["lab", "labs"], "lab");
        same(&["hub", "hubs"], "hub");
        same(&["class"], "class");
        same(&["analysis"], "analysis");
    }

    #[test]
    fn zione_and_tion_nouns_and_adjectives_meet_across_the_languages() {
        same(
            &["promozione", "promozioni", "promotion", "promotions"],
            "promo",
        );
        same(&["innovazione", "innovation", "innovations"], "innova");
        same(&["produzione", "production"], "produ");
        same(
            &[
                "vaccinazione",
                "vaccinazioni",
                "vaccination",
                "vaccino",
                "vaccine",
            ],
            "vaccin",
        );
        same(
            &["internazionale", "internazionali", "international"],
            "interna",
        );
        // Short roots keep their vowel, apart from the word's other forms.
        same(&["formazione", "formation"], "forma");
        same(&["forma", "forme"], "form");
        same(&["fondazione", "fondazioni"], "fonda");
        same(&["fondo", "fondi"], "fond");
        same(&["interno", "interni"], "intern");
        // Left to the other rules.
        same(&["question", "questione"], "question");
        same(&["nazione", "nazioni"], "nazion");
        same(&["stazione"], "stazion");
        same(&["nazionale", "nazionali"], "nazional");
    }

    #[test]
    fn adjectives_of_peoples_meet_their_place() {
        same(
            &["italia", "italiano", "italiane", "italian", "italy"],
            "ital",
        );
        same(&["corea", "coreano", "coreani", "coreane"], "core");
        same(&["korea", "korean", "koreans"], "kore");
        same(&["russia", "russo", "russi", "russian"], "russ");
        same(&["america", "americano", "american"], "amer");
        same(&["toscana", "toscano"], "tosc");
        same(&["canada", "canadian"], "canad");
        // Not the nouns in -ano/-an.
        same(&["milano", "milan"], "milan");
        same(&["settimana", "settimane"], "settiman");
        same(&["human"], "human");
        same(&["german"], "german");
        same(&["piano"], "pian");
    }

    #[test]
    fn english_ing_and_ed_forms_meet_the_word() {
        same(&["training", "train", "trains"], "train");
        same(&["advanced", "advance", "advances"], "advanc");
        same(&["applied", "apply", "applies"], "appl");
        same(&["engineering", "engineer", "engineers"], "engineer");
        same(&["computing", "computed"], "comput");
        // Short words keep them.
        for w in ["bring", "during", "based", "need", "speed"] {
            assert_eq!(stem(w), w.trim_end_matches(['e', 'y']), "{w}");
        }
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
        assert_eq!(stem("ties"), "tie");
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
