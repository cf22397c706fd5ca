#!/usr/bin/env python3
"""Generate data/geo/iso3166.tsv: Italian and English labels for ISO 3166 codes.

Source
    Debian's `iso-codes` package (https://salsa.debian.org/iso-codes-team/iso-codes),
    LGPL-2.1-or-later; the codes and names themselves are facts from ISO 3166.
      /usr/share/iso-codes/json/iso_3166-1.json           countries
      /usr/share/iso-codes/json/iso_3166-2.json           subdivisions
      /usr/share/locale/it/LC_MESSAGES/iso_3166-1.mo      Italian translations
      /usr/share/locale/it/LC_MESSAGES/iso_3166-2.mo      (msgid = English `name`)

Output (stdout; UTF-8, LF, tab-separated, rows sorted by `code`)
    Lines starting with `#` are comments; the first one is
    `# source: Debian iso-codes VERSION`.  Then a header line and one row per code:

        code    parent  type    en      it

    code    ISO 3166-1 alpha-2 (`IT`) or ISO 3166-2 code (`IT-25`, `IT-MI`).
    parent  for a subdivision inside another one, the parent's full ISO 3166-2
            code (`IT-MI` -> `IT-25`); empty for countries and top-level
            subdivisions.  (iso-codes stores most parents as a bare suffix,
            `25`; they are expanded here.)
    type    `country`, or the iso-codes subdivision type lowercased
            (`region`, `province`, `metropolitan city`, ...).
    en      countries: `common_name` if iso-codes has one (`South Korea`),
            else `name`.  Subdivisions: `name`, which iso-codes gives in the
            local language/romanisation (`Lombardia`, `Seoul-teukbyeolsi`).
    it      the Italian translation of the same msgid; for countries falling
            back to the translation of `name`; finally falling back to `en`.
            For subdivisions, whose source name is the local name, a translation
            that only differs from it in diacritics, punctuation or case
            (`Emilia Romagna`, `Paranà`, `Kabul` for `Emilia-Romagna`,
            `Paraná`, `Kābul`) adds nothing and loses information, so the
            source name is kept instead (about 250 rows).

    Note: iso-codes gives a few subdivisions the type `Country` (GB-ENG,
    GB-SCT, GB-WLS, NL-AW, NL-CW, NL-SX), so their `type` is `country` too:
    tell countries from subdivisions by the `-` in `code`, not by `type`.

No field contains a tab or a newline (asserted).

Rerun (needs `apt-get install iso-codes`; Python 3 standard library only):

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

COLUMNS = ("code", "parent", "type", "en", "it")


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
    ap.add_argument("--lang", default="it")
    args = ap.parse_args()

    version = package_version("iso-codes")
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
        rows[code] = (code, "", "country", en, it)

    sub_codes = {s["code"] for s in subdivisions}
    for s in subdivisions:
        code = s["code"]
        cc, sep, _ = code.partition("-")
        assert sep and cc in rows, f"{code}: country {cc} not in ISO 3166-1"
        parent = s.get("parent", "")
        if parent and "-" not in parent:
            parent = f"{cc}-{parent}"
        assert not parent or parent in sub_codes, f"{code}: unknown parent {parent}"
        en = s["name"]
        it = translate(t2, en, keep_source_spelling=True) or en
        assert code not in rows, code
        rows[code] = (code, parent, s["type"].strip().lower(), en, it)

    out = sys.stdout
    out.reconfigure(encoding="utf-8", newline="\n")
    out.write(f"# source: Debian iso-codes {version}\n")
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
