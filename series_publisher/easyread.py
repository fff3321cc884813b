"""The Leichte-Sprache check: the rules of the Netzwerk Leichte Sprache and DIN SPEC 33429 an editor can slip on.

Every message names the line and the fix. Rules that a pattern decides for
sure (two sentences on one line, „z. B.“, „09:00“, „12.02.2027“, italics,
a sentence of more than 15 words) are errors; rules a machine can only guess
(passive, subjunctive, negation, genitive, subordinate clauses, long words,
number words) are warnings, so the editor keeps the last word. Readers who
need Leichte Sprache check the text too: that stays the editors' work.

Sentences are split by SoMaJo, a German tokenizer that knows „z. B.“ and
„15. August“ are no sentence ends. It needs no download; it is imported only
when a site has LS pages (about a second).

Readability (Flesch after Amstad, Wiener Sachtextformel) is printed by
`check` per page and never fails.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Callable, Iterator

from . import kept
from .problems import Problem, Severity

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")

ABBREVIATIONS = {
    "z. B.": "zum Beispiel", "ca.": "etwa", "bzw.": "oder", "usw.": "und so weiter", "d. h.": "das heißt",
    "u. a.": "unter anderem", "etc.": "und so weiter", "ggf.": "vielleicht", "evtl.": "vielleicht",
    "vgl.": "siehe", "inkl.": "mit", "bzgl.": "über", "Nr.": "Nummer", "Tel.": "Telefon", "e. V.": "Verein",
    "max.": "höchstens", "min.": "mindestens", "sog.": "so genannt",
}
"""Abbreviations and the words to write instead."""

LONG_WORD = 13
"""Letters from which a word without hyphen or Mediopunkt gets a warning."""

MAX_WORDS, WARN_WORDS = 15, 10
"""Words in a sentence: over MAX_WORDS an error, over WARN_WORDS a warning."""


@dataclass(frozen=True)
class Line:
    """One line of the page's text, as a reader sees it (Markdown marks removed)."""

    number: int
    text: str
    raw: str
    """As typed: italics are found here."""


@dataclass(frozen=True)
class Sentence:
    line: int
    """Where it starts."""
    end_line: int
    words: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Rule:
    """A slip found by a pattern in a line: its severity, its message and its fix."""

    name: str
    pattern: re.Pattern[str]
    severity: Severity
    message: Callable[[re.Match[str]], str]
    hint: Callable[[re.Match[str]], str]


def _abbreviation(text: str) -> str:
    return r"(?<!\w)" + re.escape(text).replace(r"\ ", r"\s?") + r"(?!\w)"


def _date_hint(match: re.Match[str]) -> str:
    day, month, year = int(match["day"]), int(match["month"]), match["year"]
    full = f"{day}. {MONTHS[month - 1]}" if 1 <= month <= 12 else f"{day}. <Monat>"
    if year:
        full += " " + (year if len(year) == 4 else "20" + year)
    return f"so schreiben: „{full}“"


def _time_hint(match: re.Match[str]) -> str:
    return f"so schreiben: „{int(match['hour'])}:{match['minute']} Uhr“"


LINE_RULES: tuple[Rule, ...] = (
    Rule("abkürzung", re.compile("|".join(map(_abbreviation, ABBREVIATIONS))), "error",
         lambda m: f"Abkürzung „{m[0]}“",
         lambda m: f"ausschreiben: „{_expansion(m[0])}“"),
    Rule("datum", re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>0?[1-9]|1[0-2])\.(?P<year>\d{4}|\d{2})?(?!\d)"),
         "error", lambda m: f"Datum in Ziffern „{m[0]}“", _date_hint),
    Rule("uhrzeit", re.compile(r"(?<![\d.:])(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?![\d:]|\.\d)(?:\s*Uhr)?"),
         "error", lambda m: f"Uhrzeit „{m[0]}“", _time_hint),
)
"""Errors a pattern finds for sure; each match is one message."""


def _expansion(found: str) -> str:
    key = re.sub(r"\.\s?(?=\w)", ". ", found)
    return ABBREVIATIONS.get(key, ABBREVIATIONS.get(found, "das ganze Wort"))


_TIME_OK = re.compile(r"^(?:[1-9]|1\d|2[0-3]):[0-5]\d Uhr$")
_ITALICS = re.compile(r"(?<![\w*])\*(?![\s*])[^*\n]+?(?<![\s*])\*(?![\w*])|(?<![\w_])_(?![\s_])[^_\n]+?(?<![\s_])_(?!\w)")
_CAPS = re.compile(r"(?<![\w-])[A-ZÄÖÜ]{2,}(?![a-zäöüß])")
_WORD = re.compile(r"[\wÄÖÜäöüß·-]+")

HEURISTICS: tuple[tuple[str, re.Pattern[str], str, str], ...] = (
    ("Passiv", re.compile(r"\b(?:wird|werden|wurde|wurden|worden)\b.*\b(?:ge\w+[tn]|\w+iert)\b", re.I),
     "Passiv?", "aktiv schreiben: wer tut was? „Wir schicken Ihnen …“"),
    ("Konjunktiv", re.compile(r"\b(?:würden?|würdest|könnten?|hätten?|wären?|müssten?|sollten?|dürften?)\b", re.I),
     "Konjunktiv?", "in der Wirklichkeitsform schreiben: „Sie können …“"),
    ("Verneinung", re.compile(r"\b(?:nicht|kein\w*|nie|niemals|niemand|nichts|weder)\b", re.I),
     "Verneinung?", "positiv sagen, was ist: „Die Treffen sind kostenlos.“"),
    ("Genitiv", re.compile(r"\b(?:des|eines|wegen|trotz|während|innerhalb|außerhalb)\b", re.I),
     "Genitiv?", "mit „von“ schreiben: „das Haus von meinem Vater“"),
    ("Nebensatz", re.compile(r",\s*(?:dass|weil|obwohl|damit|nachdem|sodass|falls|ob|wenn|als|da|die|der|das|"
                             r"den|dem|welche\w*)\b|^(?:dass|weil|obwohl|nachdem|falls|wenn)\b.*,", re.I),
     "Nebensatz?", "zwei kurze Sätze daraus machen"),
)
"""Guesses: (name, pattern, message, fix); never errors."""

_UNITS = {"eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}
_TEENS = {"zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16,
          "siebzehn": 17, "achtzehn": 18, "neunzehn": 19}
_TENS = {"zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
         "achtzig": 80, "neunzig": 90}

_JOINTS = re.compile(r"(?<=.{4})(?:ungs|heits|keits|schafts|tions|täts|ings|lings)(?=.{4})")
_TAILS = ("sprache", "stelle", "seite", "stunde", "arbeit", "gruppe", "leute", "frau", "mann", "zeit",
          "verwaltung", "beratung", "programm", "netzwerk", "gesellschaft", "freiheit", "erklärung", "treffen",
          "angebot", "thema", "reihe", "raum", "recht", "amt", "haus", "platz", "schrift", "video")


def number_value(word: str) -> int | None:
    """A German number word up to 1000 as its value: „dreiundzwanzig“ → 23; not „ein“ (the article)."""
    word = word.lower()
    if word in ("tausend", "eintausend"):
        return 1000
    hundreds, _, rest = word.rpartition("hundert")
    if _ == "hundert":
        head = {"": 1, "ein": 1} | _UNITS
        if hundreds not in head:
            return None
        tail = _below_hundred(rest) if rest else 0
        return None if tail is None else head[hundreds] * 100 + tail
    return _below_hundred(word)


def _below_hundred(word: str) -> int | None:
    if word in _UNITS or word in _TEENS or word in _TENS:
        return (_UNITS | _TEENS | _TENS)[word]
    unit, _, tens = word.partition("und")
    unit = "eins" if unit == "ein" else unit
    return _UNITS[unit] + _TENS[tens] if unit in _UNITS and tens in _TENS else None


def split_suggestion(word: str) -> str | None:
    """A place to split a long compound, for the hint: „Veranstaltungsreihe“ → „Veranstaltungs-Reihe“."""
    match = _JOINTS.search(word)
    if match:
        return word[: match.end()] + "-" + word[match.end()].upper() + word[match.end() + 1:]
    lower = word.lower()
    for tail in sorted(_TAILS, key=len, reverse=True):
        if lower.endswith(tail) and len(word) - len(tail) >= 3:
            cut = len(word) - len(tail)
            return word[:cut] + "-" + word[cut].upper() + word[cut + 1:]
    return None


# ------------------------------------------------------------------ the page as lines and sentences

_MARKUP = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"<[^>]+>"), " "),
    (re.compile(r"\{:?[^}]*\}"), " "),  # attr_list
    (re.compile(r"`[^`]*`"), " "),
    (re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+\.\s+)"), ""),
    (re.compile(r"\*\*|__|(?<![\w*])\*|\*(?![\w*])|(?<!\w)_|_(?!\w)"), ""),
)
_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+\.\s|>)")


def text_lines(body: str, first_line: int) -> list[Line]:
    """The body's lines that hold text; fenced code, tables and HTML blocks are left out."""
    lines, fenced = [], False
    for number, raw in enumerate(body.split("\n"), first_line):
        if raw.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or raw.lstrip().startswith(("|", "<")):
            continue
        text = raw
        for pattern, replacement in _MARKUP:
            text = pattern.sub(replacement, text)
        lines.append(Line(number, text.strip(), raw))
    return lines


def _blocks(lines: list[Line]) -> Iterator[list[Line]]:
    """Paragraphs; a heading or list item starts a block of its own."""
    block: list[Line] = []
    for line in lines:
        if not line.text or _BLOCK_START.match(line.raw):
            if block:
                yield block
            block = [line] if line.text else []
            if line.raw.lstrip().startswith("#"):
                yield block
                block = []
        else:
            block.append(line)
    if block:
        yield block


@functools.cache
def _splitter():
    """SoMaJo's German model, loaded once per process (it ships with the package: no download)."""
    from somajo import SoMaJo

    return SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)


@functools.cache
def _splitter_id() -> str:
    """SoMaJo's version and model: a new one may split differently (read once: reading it costs 4 ms)."""
    from importlib.metadata import version

    return f"somajo {version('somajo')} de_CMC"


def sentences(lines: list[Line]) -> list[Sentence]:
    """Every sentence with the lines it starts and ends on."""
    found = []
    for block in _blocks(lines):
        text = "\n".join(line.text for line in block)
        starts = [0]
        for line in block[:-1]:
            starts.append(starts[-1] + len(line.text) + 1)
        for first, last, end, words in _spans(text):
            found.append(Sentence(block[_index(starts, first)].number, block[_index(starts, last)].number,
                                  tuple(words), text[first:end]))
    return found


def _spans(text: str) -> list[tuple[int, int, int, list[str]]]:
    """Each sentence of a block as (first token's offset, last token's offset, end, words).

    Kept per machine under the digest of the text and SoMaJo's version
    (kept.py): SoMaJo takes about half a second to set up in every process,
    and a build should pay that only for a page whose text changed.
    """
    name = hashlib.sha256(f"{_splitter_id()}\n{text}".encode("utf-8")).hexdigest() + ".sentences"
    data = kept.fetch(name)
    if data is not None:
        return json.loads(data)
    spans = []
    for tokens in _splitter().tokenize_text([text]):
        words = [t.text for t in tokens if any(c.isalnum() for c in t.text)]
        spans.append((tokens[0].character_offset[0], tokens[-1].character_offset[0], tokens[-1].character_offset[1],
                      words))
    kept.keep(name, json.dumps(spans, ensure_ascii=False).encode("utf-8"))
    return spans


def _index(starts: list[int], offset: int) -> int:
    return max(i for i, start in enumerate(starts) if start <= offset)


# ------------------------------------------------------------------ the check

def check_text(body: str, path: str, first_line: int, glossary: set[str]) -> list[Problem]:
    """Every slip on one LS page, in line order, as problems with file:line and the fix."""
    lines = text_lines(body, first_line)
    found = sentences(lines)
    problems = _sentence_problems(found, path)
    for line in lines:
        problems += _line_problems(line, path, glossary)
    return sorted(problems, key=lambda p: (p.line or 0, p.severity, p.message))


def _sentence_problems(found: list[Sentence], path: str) -> list[Problem]:
    problems = []
    for before, sentence in zip([None, *found], found):
        if before is not None and before.end_line == sentence.line:
            problems.append(Problem(path, sentence.line, "zwei Sätze in einer Zeile",
                                    "jeden Satz in eine eigene Zeile schreiben", "error"))
        count = len(sentence.words)
        if count > WARN_WORDS:
            severity: Severity = "error" if count > MAX_WORDS else "warning"
            problems.append(Problem(path, sentence.line, f"der Satz hat {count} Wörter (höchstens "
                                    f"{MAX_WORDS if severity == 'error' else WARN_WORDS}): „{_start(sentence)}“",
                                    "in kurze Sätze teilen: ein Satz, eine Aussage", severity))
        for name, pattern, message, hint in HEURISTICS:
            if pattern.search(sentence.text.replace("\n", " ")):
                problems.append(Problem(path, sentence.line, f"{message} „{_start(sentence)}“", hint, "warning"))
    return problems


def _start(sentence: Sentence) -> str:
    text = " ".join(sentence.text.split())
    return text if len(text) <= 60 else text[:57] + " …"


def _line_problems(line: Line, path: str, glossary: set[str]) -> list[Problem]:
    problems, taken = [], []
    for rule in LINE_RULES:
        for match in rule.pattern.finditer(line.text):
            if (rule.name == "uhrzeit" and _TIME_OK.match(match[0])) or any(
                    start < match.end() and match.start() < end for start, end in taken):
                continue  # a correct time, or part of a date already reported
            taken.append(match.span())
            problems.append(Problem(path, line.number, rule.message(match), rule.hint(match), rule.severity))
    for match in _ITALICS.finditer(line.raw):
        problems.append(Problem(path, line.number, f"kursiv: „{match[0]}“",
                                "Kursiv ist schwer zu lesen: fett schreiben („**Wort**“) oder ohne Hervorhebung",
                                "error"))
    problems += _word_problems(line, path, glossary)
    return problems


def _word_problems(line: Line, path: str, glossary: set[str]) -> list[Problem]:
    problems = []
    for match in _CAPS.finditer(line.text):
        if match[0] not in glossary:
            problems.append(Problem(path, line.number, f"Abkürzung „{match[0]}“ ohne Erklärung",
                                    f"ausschreiben, oder im Front Matter erklären: glossar: {{{match[0]}: …}}",
                                    "error"))
    for word in _WORD.findall(line.text):
        value = number_value(word)
        if value is not None:
            problems.append(Problem(path, line.number, f"Zahlwort „{word}“", f"als Ziffer schreiben: „{value}“",
                                    "warning"))
            continue
        letters = sum(c.isalpha() for c in word)
        if letters >= LONG_WORD and "-" not in word and "·" not in word:
            split = split_suggestion(word)
            hint = f"trennen, z. B. „{split}“ oder „{split.replace('-', '·')}“" if split else \
                "mit Bindestrich oder Mediopunkt trennen, z. B. „Bürger-Meister“, oder ein kürzeres Wort nehmen"
            problems.append(Problem(path, line.number, f"langes Wort „{word}“", hint, "warning"))
    return problems


# ------------------------------------------------------------------ readability

def syllables(word: str) -> int:
    """Vowel groups (ei, au, eu, ie count once): near enough for the two formulas."""
    return max(1, len(re.findall(r"[aeiouyäöü]+", word.lower())))


@dataclass(frozen=True)
class Readability:
    flesch: float
    """Flesch reading ease after Amstad (German): 0 hard … 100 easy; LS aims above 70."""
    wiener: float
    """First Wiener Sachtextformel: the school year a reader needs, 4 easy … 15 hard."""

    def __str__(self) -> str:
        return (f"Lesbarkeit: Flesch (Amstad) {self.flesch:.0f} von 100 (über 70 ist leicht), "
                f"Wiener Sachtextformel {self.wiener:.1f} (Schuljahr; unter 6 ist leicht)")


def readability(body: str) -> Readability | None:
    """Both measures of a page's text, or None for a page without sentences."""
    found = [s for s in sentences(text_lines(body, 1)) if s.words]
    words = [w for s in found for w in s.words]
    if not words:
        return None
    counts = [syllables(w) for w in words]
    per_sentence = len(words) / len(found)
    flesch = 180 - per_sentence - 58.5 * sum(counts) / len(words)
    share = lambda test: 100 * sum(map(test, words, counts)) / len(words)  # noqa: E731
    wiener = (0.1935 * share(lambda w, n: n >= 3) + 0.1672 * per_sentence
              + 0.1297 * share(lambda w, n: len(w) > 6) - 0.0327 * share(lambda w, n: n == 1) - 0.875)
    return Readability(round(flesch, 1), round(wiener, 1))
