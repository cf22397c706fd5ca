#!/usr/bin/env python3
"""Generate data/geo/iso3166.tsv: Italian and English labels for ISO 3166 codes.

Sources
    Debian's `iso-codes` package (https://salsa.debian.org/iso-codes-team/iso-codes),
    LGPL-2.1-or-later; the codes and names themselves are facts from ISO 3166.
      /usr/share/iso-codes/json/iso_3166-1.json           countries
      /usr/share/iso-codes/json/iso_3166-2.json           subdivisions
      /usr/share/locale/it/LC_MESSAGES/iso_3166-1.mo      Italian translations
      /usr/share/locale/it/LC_MESSAGES/iso_3166-2.mo      (msgid = English `name`)
    Debian's `unicode-cldr-core` package: Unicode CLDR's subdivision names
    (https://cldr.unicode.org, Unicode-DFS-2016), the names Italian and English
    speakers use ("Seul"/"Seoul", "Mosca"/"Moscow", "Lombardia"/"Lombardy"):
      /usr/share/unicode/cldr/common/subdivisions/it.xml
      /usr/share/unicode/cldr/common/subdivisions/en.xml
    keyed by the ISO 3166-2 code lowercased without its hyphen (`kr11` = KR-11).

Output (stdout; UTF-8, LF, tab-separated, rows sorted by `code`)
    Lines starting with `#` are comments; the first one is
    `# source: Unicode CLDR VERSION (Debian unicode-cldr-core), Debian iso-codes VERSION`.
    Then a header line and one row per code:

        code    parent  type    en      it      names

    code    ISO 3166-1 alpha-2 (`IT`) or ISO 3166-2 code (`IT-25`, `IT-MI`).
    parent  for a subdivision inside another one, the parent's full ISO 3166-2
            code (`IT-MI` -> `IT-25`); empty for countries and top-level
            subdivisions.  (iso-codes stores most parents as a bare suffix,
            `25`; they are expanded here.)
    type    `country`, or the iso-codes subdivision type lowercased
            (`region`, `province`, `metropolitan city`, ...).
    en      countries: `common_name` if iso-codes has one (`South Korea`),
            else `name`.  Subdivisions: CLDR's English name (`Lombardy`,
            `Seoul`); else iso-codes' `name`, which is the local language or a
            romanisation (`Seoul-teukbyeolsi`).
    it      countries: the Italian translation of the same msgid, falling back
            to the translation of `name`, finally to `en`.
            (Except where CLDR 41's codes are stale: see cldr_is_stale.)
            Subdivisions: CLDR's Italian name (`Lombardia`, `Seul`); else
            iso-codes' Italian translation of `name` when it is a real
            translation; else CLDR's English name; else iso-codes' `name`.
            A translation that only differs from the iso-codes name in
            diacritics, punctuation or case (`Emilia Romagna`, `Paranà`,
            `Kabul` for `Emilia-Romagna`, `Paraná`, `Kābul`) adds nothing and
            loses information, so it does not count as a translation.
    names   other names that are not labels, `|`-separated, for matching only
            (`ricerca import` turns free-text region names into codes with the
            labels and these): iso-codes' `name` and its Italian translation
            where CLDR gave the labels (`Seoul-teukbyeolsi`, `Bayern`), so a
            record spelled the local way still maps.  Empty for countries.

    Note: iso-codes gives a few subdivisions the type `Country` (GB-ENG,
    GB-SCT, GB-WLS, NL-AW, NL-CW, NL-SX), so their `type` is `country` too:
    tell countries from subdivisions by the `-` in `code`, not by `type`.

No field contains a tab or a newline (asserted).

Rerun (needs `apt-get install iso-codes unicode-cldr-core`; Python 3 standard
library only):

    python3 data/geo/generate.py > data/geo/iso3166.tsv
"""

import argparse
import gettext
import json
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

COLUMNS = ("code", "parent", "type", "en", "it", "names")


class _Missing(gettext.NullTranslations):
    """Fallback that returns None, so an absent translation is detectable."""

    def gettext(self, message):
        return None


def load_translations(domain, localedir, lang):
    t = gettext.translation(domain, localedir=localedir, languages=[lang])
    t.add_fallback(_Missing())
    return t


def fold(s):
    """Lowercase, strip diacritics and everything that is not a letter or digit."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", s.casefold())


def translate(t, *msgids, keep_source_spelling=False):
    """First non-empty translation among msgids (None-safe), or None.

    keep_source_spelling: the msgid is an authoritative local-language name
    (subdivisions), so a translation equal to it up to diacritics, punctuation
    and case is replaced by the msgid itself.  Not used for countries, whose
    msgid is English and whose Italian accents are genuine (`Peru` -> `Perù`).
    """
    for m in msgids:
        if not m:
            continue
        tr = t.gettext(m)
        if tr:
            if keep_source_spelling and fold(tr) == fold(m):
                return m
            return tr
    return None


def cldr_subdivisions(cldr_dir, lang):
    """CLDR subdivision names of one language: {"KR-11": "Seul", ...}.

    CLDR keys are ISO 3166-2 codes lowercased without the hyphen (`kr11`); the
    country part is always two letters.  Every entry is used, draft or not
    (most Italian names are `contributed`)."""
    path = os.path.join(cldr_dir, f"{lang}.xml")
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        sys.exit(f"generate.py: cannot read CLDR subdivisions {path}: {e}")
    names = {}
    for el in root.iter("subdivision"):
        key, text = el.get("type", ""), (el.text or "").strip()
        # CLDR marks a name it gives to two codes with a superscript digit
        # ("Washington²"); the mark is dropped and the clash resolved by
        # choose_labels.
        text = re.sub(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+", "", text).strip()
        if len(key) > 2 and text and "alt" not in el.attrib:
            names[f"{key[:2].upper()}-{key[2:].upper()}"] = text
    return names


def cldr_is_stale(code, parent):
    """True where CLDR 41 names a code by a numbering ISO 3166-2 has since
    replaced (found by comparing every CLDR English name with the iso-codes
    names of the same country: these codes' CLDR names are the iso-codes names
    of *other* codes).  Their labels come from iso-codes.
      IR  ISO 3166-2:IR renumbered the provinces (CLDR's IR-10 "Khuzestan" is
          iso-codes' IR-06; IR-10 is Eşfahān).
      MA  the twelve regions of 2015 took the codes MA-01..MA-12 of the old
          sixteen, which CLDR 41 still names (MA-04 "Oriental" is MA-02)."""
    country = code.split("-")[0]
    return country == "IR" or (country == "MA" and not parent)


def subdivision_candidates(iso_name, iso_it, cldr_en, cldr_it):
    """Label candidates of one subdivision per language, best first: CLDR, then
    iso-codes (for Italian: its real translation, then CLDR's English name)."""
    en = [cldr_en, iso_name]
    it = [cldr_it, iso_it, cldr_en, iso_name]
    return [[n for n in en if n], [n for n in it if n]]


def choose_labels(cands, iso_names):
    """Labels of one country's subdivisions: {code: [en_cands, it_cands]} ->
    {code: (en, it)}.  Each language takes its first candidate, except that a
    name another subdivision of the country also carries, as a label or as its
    iso-codes name, is passed over for the next candidate (CLDR gives
    "Washington" to US-DC in Italian and to US-WA; "Buenos Aires" to AR-C, which
    is iso-codes' name of AR-B), unless it is the code's own iso-codes name."""
    pick = {code: [0, 0] for code in cands}
    changed = True
    while changed:
        changed = False
        owners = {}
        for code, (ie, ii) in pick.items():
            for name in (cands[code][0][ie], cands[code][1][ii], iso_names[code]):
                owners.setdefault(fold(name), set()).add(code)
        for code, idx in pick.items():
            for lang in (0, 1):
                name = cands[code][lang][idx[lang]]
                shared = len(owners[fold(name)]) > 1
                last = idx[lang] + 1 >= len(cands[code][lang])
                if shared and not last and fold(name) != fold(iso_names[code]):
                    idx[lang] += 1
                    changed = True
    return {code: (cands[code][0][ie], cands[code][1][ii]) for code, (ie, ii) in pick.items()}


def other_names(en, it, iso_name, iso_it, taken):
    """iso-codes' names that did not become a label (compared ignoring case
    only, so that importers still match the other spelling: `Biobío` beside
    CLDR's `Bío Bío`), `|`-joined.  iso-codes' Italian translation is left out
    when it folds to the label of another subdivision at the same level
    (`taken`): its translations of a few Chinese provinces are other provinces'
    names (CN-SX "Shaanxi")."""
    seen = {en.casefold(), it.casefold()}
    names = []
    for n in (iso_name, iso_it):
        if not n or n.casefold() in seen or (n is iso_it and fold(n) in taken):
            continue
        seen.add(n.casefold())
        names.append(n)
    assert all("|" not in n for n in names), names
    return "|".join(names)


def subdivision_rows(subdivisions, countries, t2, cldr_en, cldr_it):
    """{code: row} of every subdivision."""
    sub_codes = {s["code"] for s in subdivisions}
    head, iso, cands = {}, {}, {}
    for s in subdivisions:
        code = s["code"]
        cc, sep, _ = code.partition("-")
        assert sep and cc in countries, f"{code}: country {cc} not in ISO 3166-1"
        parent = s.get("parent", "")
        if parent and "-" not in parent:
            parent = f"{cc}-{parent}"
        assert not parent or parent in sub_codes, f"{code}: unknown parent {parent}"
        assert code not in head, code
        head[code] = (code, parent, s["type"].strip().lower())
        iso_it = translate(t2, s["name"], keep_source_spelling=True)
        iso[code] = (s["name"], None if iso_it == s["name"] else iso_it)
        cldr = (None, None) if cldr_is_stale(code, parent) else (cldr_en.get(code), cldr_it.get(code))
        cands[code] = subdivision_candidates(*iso[code], *cldr)
    labels = {}
    for cc in sorted({c.split("-")[0] for c in cands}):
        of = {c: v for c, v in cands.items() if c.split("-")[0] == cc}
        labels.update(choose_labels(of, {c: iso[c][0] for c in of}))
    rows = {}
    for code in head:
        cc = code.split("-")[0]
        # labels of the other subdivisions at the same level of the same country
        peers = (c for c in labels if c != code and c.startswith(cc + "-") and head[c][1] == head[code][1])
        taken = {fold(n) for c in peers for n in labels[c]}
        rows[code] = head[code] + labels[code] + (other_names(*labels[code], *iso[code], taken),)
    return rows


def package_version(pkg):
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", pkg],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"generate.py: cannot read {pkg} version via dpkg-query: {e}")
    if not out:
        sys.exit(f"generate.py: package {pkg} is not installed")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json-dir", default="/usr/share/iso-codes/json")
    ap.add_argument("--locale-dir", default="/usr/share/locale")
    ap.add_argument("--cldr-dir", default="/usr/share/unicode/cldr/common/subdivisions")
    ap.add_argument("--lang", default="it")
    args = ap.parse_args()

    version = package_version("iso-codes")
    cldr_version = package_version("unicode-cldr-core")
    cldr_en = cldr_subdivisions(args.cldr_dir, "en")
    cldr_it = cldr_subdivisions(args.cldr_dir, args.lang)
    with open(os.path.join(args.json_dir, "iso_3166-1.json"), encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]
    with open(os.path.join(args.json_dir, "iso_3166-2.json"), encoding="utf-8") as f:
        subdivisions = json.load(f)["3166-2"]
    t1 = load_translations("iso_3166-1", args.locale_dir, args.lang)
    t2 = load_translations("iso_3166-2", args.locale_dir, args.lang)

    rows = {}

    for c in countries:
        code = c["alpha_2"]
        en = c.get("common_name") or c["name"]
        it = translate(t1, c.get("common_name"), c["name"]) or en
        assert code not in rows, code
        rows[code] = (code, "", "country", en, it, "")

    rows.update(subdivision_rows(subdivisions, rows, t2, cldr_en, cldr_it))

    out = sys.stdout
    out.reconfigure(encoding="utf-8", newline="\n")
    out.write(f"# source: Unicode CLDR {cldr_version} (Debian unicode-cldr-core), Debian iso-codes {version}\n")
    out.write("# generated by data/geo/generate.py (see its docstring); do not edit by hand\n")
    out.write("\t".join(COLUMNS) + "\n")
    for code in sorted(rows):
        row = rows[code]
        for field in row:
            assert "\t" not in field and "\n" not in field and "\r" not in field, row
        assert row[0] and row[2] and row[3] and row[4], row
        out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
