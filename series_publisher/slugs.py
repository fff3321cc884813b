"""Slugs: the URL-safe names of files, derived from German titles and names.

Transliteration is python-slugify's job (with Unidecode), not ours: it knows
Turkish, Scandinavian, Slavic, Greek and Cyrillic letters. We only add the
German rule that ä, ö, ü and ß become ae, oe, ue and ss (Unidecode alone
would write "Groesse" as "grosse" and "Übergänge" as "ubergange").
"""

from __future__ import annotations

from slugify import slugify as _library_slugify

_GERMAN = [["ä", "ae"], ["ö", "oe"], ["ü", "ue"], ["Ä", "Ae"], ["Ö", "Oe"], ["Ü", "Ue"], ["ß", "ss"], ["ẞ", "SS"]]


def slugify(text: str, max_words: int = 8) -> str:
    """A lower-case ASCII slug of at most `max_words` words; "" only for text without letters or digits.

    'Öffentlicher Raum' → 'oeffentlicher-raum', 'Dr. Murat Yılmaz' → 'dr-murat-yilmaz',
    'Søren Łukasz Đorđević' → 'soren-lukasz-dordevic', 'Ольга Иванова' → 'olga-ivanova'.
    """
    slug = _library_slugify(text, replacements=_GERMAN, lowercase=True)
    return "-".join(slug.split("-")[:max_words]) if slug else ""
