"""Series-wide settings: what the build needs from mkdocs.yml, without MkDocs.

They live under `extra.series` in mkdocs.yml so that they travel with the site
configuration; `site_url`, `theme.language`, `docs_dir` and `edit_uri` are read
from their usual MkDocs places. Reading them here (not through MkDocs) lets
`build.py check` run in a fraction of a second and keeps the core portable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema

from .model import Language, Text, Url, ZoneName
from .validation import GERMAN_TYPES
from .values import parse_date
from .problems import Problems
from .sources import CONTROL, CONTROL_HINT, describe_control


class Organiser(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Text
    email: Text | None = None
    url: Url | None = None


SettingsDay = Annotated[date, BeforeValidator(lambda v: v if isinstance(v, date) else parse_date(v)),
                        WithJsonSchema({"type": "string", "format": "date"})]
"""A date in mkdocs.yml, which PyYAML has already read as a date (the content files keep text)."""


class Contact(BaseModel):
    """Who answers reports of barriers (the statement's feedback section)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Text
    email: Text | None = None
    phone: Text | None = None
    url: Url | None = None


class Arbitration(BaseModel):
    """The body a reader can turn to when feedback brings no solution."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Text
    address: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    url: Url | None = None


BGG_ARBITRATION = Arbitration(
    name="Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (§ 16 BGG) bei dem Beauftragten der "
         "Bundesregierung für die Belange von Menschen mit Behinderungen",
    address="Mauerstraße 53, 10117 Berlin",
    phone="+49 30 18 527-2805",
    email="info@schlichtungsstelle-bgg.de",
    url="https://www.schlichtungsstelle-bgg.de/",
)
"""The federal body; public bodies of a Land name the Land's own body instead."""


class Limitation(BaseModel):
    """One part of the site that is not (yet) accessible, as the model statement lists them."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    content: Text
    """What is not accessible, e.g. „Aufzeichnungen vor 2021 haben keine Untertitel“."""
    reason: Text | None = None
    alternative: Text | None = None


class AccessibilityOptions(BaseModel):
    """`extra.series.accessibility`: the fields of the Erklärung zur Barrierefreiheit."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    status: Literal["full", "partial", "none"] = "partial"
    """Conformance with WCAG 2.1 AA / EN 301 549 / BITV 2.0, as last assessed."""
    limitations: list[Limitation] = []
    prepared: SettingsDay | None = None
    """Date the statement was prepared; defaults to the last commit's date."""
    reviewed: SettingsDay | None = None
    """Date it was last reviewed; defaults to `prepared`."""
    method: Literal["self", "external"] = "self"
    """Self-assessment or an assessment by a third party."""
    contact: Contact | None = None
    """Feedback contact; defaults to the organiser."""
    arbitration: Arbitration = BGG_ARBITRATION
    """Schlichtungsstelle: § 16 BGG by default, or the Land's body."""
    regulation: Text | None = None
    """The law that applies, e.g. „BayBGG und BayBITV“; defaults to BGG and BITV 2.0."""


EasyReadLevel = Literal["federal", "bavaria", "voluntary"]
"""How strictly BITV 2.0 § 4 applies: federal body, Bavarian state body, or neither."""


class EasyReadOptions(BaseModel):
    """`extra.series.easy_read`: Leichte Sprache and Deutsche Gebärdensprache (BITV 2.0 § 4, Anlage 2)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    level: EasyReadLevel = "voluntary"
    """Which explanations must exist in both: federal all four parts (BITV 2.0), bavaria inhalt, navigation
    and weitere (BayBITV), voluntary none, so a missing part is only a warning (easy_pages.py)."""


class SeriesOptions(BaseModel):
    """`extra.series` in mkdocs.yml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Text = "Veranstaltungsreihe"
    """The series' name, e.g. „NIKO-Online“: calendar name and page titles."""
    timezone: ZoneName = "Europe/Berlin"
    location: Text = "Online"
    """Default location of a session, e.g. „Online (Zoom)“."""
    organiser: Organiser | None = None
    calendar_name: Text | None = None
    """Name of the subscription feed; defaults to the series' name."""
    refresh_hours: int = Field(default=1, gt=0, le=168)
    """The feeds' REFRESH-INTERVAL and X-PUBLISHED-TTL, in hours: 1 by default, so a short-notice
    cancellation is not held back for half a day by clients that treat the TTL as a limit
    (see calendars.py:calendar)."""
    source: Text = "series"
    """Folder of the editors' content, relative to mkdocs.yml."""
    example_data: bool = False
    """Shows a banner that speakers and abstracts are invented (the shipped example content)."""
    fail_on_placeholders: bool = False
    """Template text left in place („Beschreibung folgt.“) is an error, not a warning: for publishing builds."""
    allow_raw_html: bool = False
    """Lets editors' HTML carry frames, images from any host and free styles (never script,
    event handlers or javascript: links). Only for sites whose every editor is trusted with the site."""
    allowed_hosts: tuple[Text, ...] = ()
    """Hosts besides the site's own that images and media in editors' texts may load from
    (each page view then asks them)."""
    edit_links: bool = False
    """Shows Material's edit pencil on every page, to the file behind it (`edit_uri`): for sites
    whose readers are their editors. Off by default: visitors took it for a broken link."""
    content_language: Language = "de"
    """The language editors write in; marked as `lang` where it is not the site's language."""
    accessibility: AccessibilityOptions = AccessibilityOptions()
    easy_read: EasyReadOptions = EasyReadOptions()


@dataclass(frozen=True)
class Settings:
    """Everything the core needs to know about the site it builds for."""

    root: Path
    """Folder of mkdocs.yml: every shown path is relative to it."""
    series_dir: Path
    docs_dir: Path
    site_url: str
    language: str
    options: SeriesOptions
    edit_base: str | None = None
    """URL prefix that, followed by a path relative to `root`, edits that file."""
    theme_dir: Path | None = None
    """`theme.custom_dir`: MkDocs publishes its files too."""
    markdown_extensions: tuple[Any, ...] = ()
    """`markdown_extensions` as in mkdocs.yml: names, or one-key mappings to their options."""
    config_name: str = "mkdocs.yml"
    """The configuration's file name, as messages show it."""
    repo_url: str = ""
    edit_uri: str = ""
    """`repo_url` and `edit_uri` as typed: the launch check looks for example hosts in them."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.options.timezone)

    @property
    def host(self) -> str:
        return urlsplit(self.site_url).hostname or "localhost"

    @property
    def calendar_name(self) -> str:
        return self.options.calendar_name or self.options.name

    def page_url(self, path: str) -> str:
        """Absolute URL of a site path like '2021/auftakt/'."""
        return self.site_url.rstrip("/") + "/" + path.lstrip("/")

    def shown(self, path: Path) -> str:
        """A path as editors see it in messages: relative to the project, with /."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


class LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags we do not need."""


LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)
LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=LenientLoader) or {}


def settings_from_config(config: dict[str, Any], config_file: Path, problems: Problems) -> Settings | None:
    """Settings from a parsed mkdocs.yml (MkDocs' own config object works too)."""
    root = config_file.parent.resolve()
    shown = config_file.name
    raw_options = ((config.get("extra") or {}).get("series")) or {}
    errors_before = len(problems.errors)
    options = _options(raw_options, shown, problems)
    if options is not None:  # control characters in values that parsed; a broken one has its own message
        _has_control(options.model_dump(), "extra.series", shown, problems)
    site_url = config.get("site_url") or ""
    if not isinstance(site_url, str) or not site_url.startswith(("https://", "http://")):
        problems.error(shown, None, "site_url fehlt oder ist keine http(s)-Adresse",
                       "site_url: https://www.example.org/reihe/ eintragen (für Kalender und Links nötig)")
    if options is None or len(problems.errors) > errors_before:
        return None  # every mistake is reported above, in one round
    theme = config.get("theme") or {}
    language = theme.get("language") if isinstance(theme, dict) else getattr(theme, "get", lambda *_: None)("language")
    docs_dir = Path(config.get("docs_dir") or "docs")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else getattr(theme, "custom_dir", None)
    return Settings(
        root=root,
        series_dir=(root / options.source).resolve(),
        docs_dir=(docs_dir if docs_dir.is_absolute() else root / docs_dir).resolve(),
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        language=language or "en",
        options=options,
        edit_base=_edit_base(config, docs_dir),
        theme_dir=(root / custom_dir).resolve() if custom_dir else None,
        markdown_extensions=tuple(config.get("markdown_extensions") or ()),
        config_name=shown,
        repo_url=str(config.get("repo_url") or ""),
        edit_uri=str(config.get("edit_uri") or ""),
    )


def _options(raw: Any, shown: str, problems: Problems) -> SeriesOptions | None:
    """`extra.series`, validated; None with one problem per mistake."""
    try:
        return SeriesOptions.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"])
            problems.error(shown, None, f"extra.series.{key}: {_german(error)}")
        return None


def _has_control(value: Any, name: str, shown: str, problems: Problems) -> bool:
    """True, with a problem, when a setting holds a control character: it would reach feed and calendars."""
    if isinstance(value, dict):
        return any([_has_control(item, f"{name}.{key}", shown, problems) for key, item in value.items()])
    if isinstance(value, list):
        return any([_has_control(item, f"{name}[{index + 1}]", shown, problems) for index, item in enumerate(value)])
    found = CONTROL.search(value) if isinstance(value, str) else None
    if found:
        problems.error(shown, None, f"{name}: enthält ein unsichtbares Steuerzeichen ({describe_control(found[0])})",
                       CONTROL_HINT)
    return found is not None


def _german(error: Any) -> str:
    """Pydantic's message for a settings error, in the editors' language where we know the type."""
    kind = error["type"]
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "").replace(" or ", " oder ")
        return f"„{error['input']}“ ist nicht erlaubt; erlaubt: {expected}"
    if kind == "missing":
        return "Pflichtangabe fehlt"
    if kind == "extra_forbidden":
        return "unbekannte Angabe (Schreibweise prüfen; erlaubt sind die Angaben in schema/series.schema.json)"
    return str(error.get("ctx", {}).get("error") or GERMAN_TYPES.get(kind) or error["msg"])


def _edit_base(config: dict[str, Any], docs_dir: Path) -> str | None:
    """`edit_uri` points into docs_dir; strip that folder to reach any file of the repository."""
    edit_uri = config.get("edit_uri") or ""
    if not edit_uri.startswith(("https://", "http://")):
        return None
    suffix = docs_dir.name.strip("/") + "/"
    base = edit_uri if edit_uri.endswith("/") else edit_uri + "/"
    return base[: -len(suffix)] if base.endswith("/" + suffix) else base
