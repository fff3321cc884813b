"""German for click's own texts ("Usage:", "Options:", its error messages).

The command line speaks to editors in German, like every content message, so
click's built-in English must not appear beside our texts. Click marks its
texts for gettext (`from gettext import gettext as _` in each module) but ships
no catalogues; instead of compiling a `.mo` file we replace the `_` and
`ngettext` that click's modules call with lookups in the tables below. Texts
not listed (messages for programmers, e.g. about broken option declarations)
stay English.
"""

from __future__ import annotations

import importlib

import click

TEXTS: dict[str, str] = {
    "Usage:": "Aufruf:",
    "Options": "Optionen",
    "Commands": "Befehle",
    "Show this message and exit.": "Diese Hilfe zeigen und beenden.",
    "Show the version and exit.": "Die Version zeigen und beenden.",
    "default: {default}": "Standard: {default}",
    "env var: {var}": "Umgebungsvariable: {var}",
    "required": "Pflicht",
    "Error: {message}": "Fehler: {message}",
    "Try '{command} {option}' for help.": "Hilfe: {command} {option}",
    "No such command {name!r}.": "Den Befehl „{name}“ gibt es nicht.",
    "No such option {name!r}.": "Die Option „{name}“ gibt es nicht.",
    "Option {name!r} does not take a value.": "Die Option „{name}“ nimmt keinen Wert.",
    "Missing argument": "Angabe fehlt",
    "Missing option": "Option fehlt",
    "Missing parameter": "Angabe fehlt",
    "Missing command.": "Befehl fehlt.",
    "Missing parameter: {param_name}": "Angabe fehlt: {param_name}",
    "Missing {param_type}": "{param_type} fehlt",
    "Invalid value for {param_hint}: {message}": "Ungültiger Wert für {param_hint}: {message}",
    "Invalid value: {message}": "Ungültiger Wert: {message}",
    "Aborted!": "Abgebrochen.",
    "Choose from:\n\t{choices}": "Zur Wahl:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "„{value}“ ist keine gültige Zahl ({number_type}).",
    "{value} is not in the range {range}.": "{value} liegt nicht im Bereich {range}.",
    "{name} {filename!r} does not exist.": "{name} „{filename}“ gibt es nicht.",
    "{name} {filename!r} is a directory.": "{name} „{filename}“ ist ein Ordner.",
    "{name} {filename!r} is a file.": "{name} „{filename}“ ist eine Datei.",
    "{name} {filename!r} is not readable.": "{name} „{filename}“ ist nicht lesbar.",
    "{name} {filename!r} is not writable.": "{name} „{filename}“ ist nicht beschreibbar.",
    "Could not open file {filename!r}: {message}": "Die Datei „{filename}“ lässt sich nicht öffnen: {message}",
    "file": "Datei",
    "directory": "Ordner",
    "path": "Pfad",
    "unknown error": "unbekannter Fehler",
    "Error: invalid input": "Bitte mit „ja“ oder „nein“ antworten.",
}
"""click's English text → German; placeholders are kept (some lose `!r`: German quotes instead)."""

PLURALS: dict[str, tuple[str, str]] = {
    "Got unexpected extra argument ({args})": (
        "Unerwartete zusätzliche Angabe ({args})", "Unerwartete zusätzliche Angaben ({args})"),
    "Did you mean {possibility}?": ("Meinten Sie {possibility}?", "(Meinten Sie eine von: {possibilities}?)"),
    "Option {name!r} requires an argument.": (
        "Die Option „{name}“ braucht einen Wert.", "Die Option „{name}“ braucht {nargs} Werte."),
    "{value!r} is not {choice}.": ("„{value}“ ist nicht {choice}.", "„{value}“ ist keiner von {choices}."),
    "{value!r} does not match the format {format}.": (
        "„{value}“ passt nicht zum Format {format}.", "„{value}“ passt zu keinem der Formate {formats}."),
}
"""click's singular form → German (singular, plural)."""

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def gettext(message: str) -> str:
    return TEXTS.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    german = PLURALS.get(singular)
    if german is None:
        return singular if n == 1 else plural
    return german[0] if n == 1 else german[1]


def install() -> None:
    """Make click speak German in this process (call once, before the first command runs)."""
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


YES = frozenset({"j", "ja", "y", "yes"})
NO = frozenset({"n", "nein", "no"})
"""Answers to a yes/no question: German as the guide teaches („ja“), and the English an editor may type."""


def confirm(text: str, default: bool) -> bool:
    """click.confirm in German: asks „… [J/n]“ and takes j/ja/n/nein (y/yes/no too), Enter for the default.

    click's own confirm knows only y/yes/n/no and answers „ja“ with an error.
    """
    suffix = "J/n" if default else "j/N"
    while True:
        answer = click.prompt(f"{text} [{suffix}]", default="", show_default=False).strip().casefold()
        if answer in YES or (not answer and default):
            return True
        if answer in NO or not answer:
            return False
        click.echo(TEXTS["Error: invalid input"], err=True)
