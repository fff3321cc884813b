"""The template contract (series_publisher/contexts.py): every template renders from the shapes the builder makes,
and every key of every shape is read by a template.

The contexts are the real ones, made by PageBuilder: the shipped example at three reference dates (registration
open before a season, the middle of one with a cancellation ahead, between seasons), and a copy with what the
example lacks (a page in Gebärdensprache, a video and an audio recording on the site itself). Each is rendered
through render.py's Renderer and its environment, StrictUndefined included, so a key a template needs that the
builder does not make fails. Each context is wrapped in a mapping that knows its TypedDict and notes every key a
template (or render.py, for the theme) reads; the reads of all renders together must cover every declared key,
so a key that no template reads fails too. The theme's partials that render.py:theme_extra feeds (footer, header,
404 page) are rendered as well, with MkDocs' `url` filter as the identity.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Union

import jinja2
import pytest
from jinja2.runtime import Context

from series_publisher import context_parts, contexts
from series_publisher.easy_pages import easy_page_data
from series_publisher.inputs import BuildInputs
from series_publisher.output import PageData
from series_publisher.pages import PageBuilder
from series_publisher.paths import programme_path
from series_publisher.problems import Problem, Problems
from series_publisher.render import Renderer, markdown_renderer, template_env, theme_extra
from series_publisher.sanitise import HtmlPolicy
from series_publisher.site import check, load_settings

from .projects import REPO, Project, copy_example
from .test_easy_read import sign_project

OVERRIDES = REPO / "overrides"
HOME = "<h1>Willkommen</h1>\n<p>Die Reihe stellt sich vor.</p>"
BODY = "<p>Der Text der Redaktion.</p>"
Read = tuple[type, str]
"""A key read, under the TypedDict that declares it."""


@dataclasses.dataclass(frozen=True)
class Case:
    """One project at one reference date: every page, the home page, the theme."""

    id: str
    today: date
    variant: bool = False
    """The example's copy with a DGS page and recordings on the site itself, instead of the example."""


CASES = [
    Case("registration-open", date(2021, 9, 1)),
    Case("mid-season", date(2021, 11, 10)),
    Case("between-seasons", date(2026, 12, 7)),
    Case("own-recordings-and-dgs", date(2021, 11, 10), variant=True),
]

SHAPES = sorted({shape for module in (contexts, context_parts) for shape in vars(module).values()
                 if typing.is_typeddict(shape) and shape.__module__ == module.__name__}, key=lambda s: s.__name__)
"""Every TypedDict of the contract."""


# ------------------------------------------------------------------ noting what is read


MIXINS = (contexts.Common, contexts.Statement)
"""The TypedDicts others extend (a TypedDict keeps no record of its bases): a key of theirs counts as theirs,
read when any template that gets it reads it."""


def extends(shape: type, mixin: type) -> bool:
    keys = list(typing.get_type_hints(shape))
    return shape is not mixin and all(key in keys for key in typing.get_type_hints(mixin))


def declaring(shape: type, key: str) -> type:
    """The TypedDict that declares `key` of `shape`: a mixin it extends, else itself."""
    return next((mixin for mixin in MIXINS if extends(shape, mixin) and key in typing.get_type_hints(mixin)), shape)


class Noted(dict[str, Any]):
    """A context's mapping that notes each key read, under the TypedDict it belongs to."""

    def __init__(self, shape: type, data: Mapping[str, Any], reads: set[Read]) -> None:
        super().__init__(data)
        self._shape, self._reads = shape, reads

    def __getitem__(self, key: str) -> Any:
        if key in self:
            self._reads.add((declaring(self._shape, key), key))
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default


def noted(value: Any, hint: Any, reads: set[Read], where: str) -> Any:
    """`value` with each mapping its type names wrapped; fails where a mapping's keys are not its TypedDict's."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if value is None or hint is Any:
        return value
    if typing.is_typeddict(hint):
        fields = typing.get_type_hints(hint)
        assert set(value) == set(fields), (f"{where}: {hint.__name__} declares {sorted(set(fields) - set(value))} "
                                           f"that the builder does not make, the builder makes "
                                           f"{sorted(set(value) - set(fields))} that it does not declare")
        return Noted(hint, {key: noted(item, fields[key], reads, f"{where}.{key}") for key, item in value.items()},
                     reads)
    if origin in (Union, types.UnionType):
        members = [member for member in args if member is not type(None)]
        shapes = [member for member in members if typing.is_typeddict(member)]
        if len(shapes) > 1:  # e.g. a planned or a published recording: the one whose keys the value has
            members = [member for member in shapes if set(typing.get_type_hints(member)) == set(value)] or shapes
        return noted(value, members[0], reads, where)
    if origin in (list, Sequence):
        return [noted(item, args[0], reads, f"{where}[{index}]") for index, item in enumerate(value)]
    return value


class NotingContext(Context):
    """Jinja's context, noting each top-level name a page template reads from its context."""

    page: tuple[str, type, set[Read]] | None = None
    """The template being rendered, its shape, and where reads go (set by `render`)."""

    def resolve_or_missing(self, key: str) -> Any:
        page = type(self).page
        if page and self.name == page[0] and key in self.parent and key in typing.get_type_hints(page[1]):
            page[2].add((declaring(page[1], key), key))
        return super().resolve_or_missing(key)


# ------------------------------------------------------------------ rendering everything


@dataclasses.dataclass(repr=False)
class Run:
    """What rendering every case gave: the keys read and, per template, how often it rendered or why it failed."""

    reads: set[Read] = dataclasses.field(default_factory=set)
    rendered: dict[str, int] = dataclasses.field(default_factory=dict)
    failed: dict[str, str] = dataclasses.field(default_factory=dict)

    def render(self, case: Case, template: str, make: typing.Callable[[], object]) -> None:
        NotingContext.page = (template, contexts.TEMPLATES[template], self.reads)
        try:
            make()
        except Exception as error:  # noqa: BLE001 - the test for this template reports it
            self.failed.setdefault(template, f"{case.id}: {type(error).__name__}: {error}")
        else:
            self.rendered[template] = self.rendered.get(template, 0) + 1
        finally:
            NotingContext.page = None


def variant(root: Path) -> Project:
    """The example with a DGS page, a captioned video and an audio recording on the site itself."""
    project = copy_example(root)
    sign_project(project)
    for slug, old, new in (
            ("diversity-mainstreaming-kommunalverwaltung", "url: https://vimeo.com/123456789",
             "url: recordings/vielfalt.mp4\n  captions: recordings/vielfalt.de.vtt"),
            ("interkulturelle-oeffnung-verwaltung-forschung", "url: https://www.youtube.com/watch?v=Bsp2020a03x",
             "url: recordings/oeffnung.mp3")):
        path = project.root / f"series/2020/sessions/{slug}.md"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    project.write("content/recordings/vielfalt.mp4", b"\x00\x00\x00\x18ftypmp42")
    project.write("content/recordings/vielfalt.de.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nHallo\n")
    project.write("content/recordings/oeffnung.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00")
    return project


def page_data(root: Path, today: date) -> tuple[list[PageData], contexts.HomeContext, contexts.SiteExtra]:
    """Every page's data, the home page's and the theme's, as the build makes them (the PDFs' sizes made up)."""
    problems = Problems()
    settings = load_settings(root / "mkdocs.yml", problems)
    assert settings is not None
    content = check(settings, problems, BuildInputs(today))
    assert content is not None and not problems.has_errors, [str(p) for p in problems.errors]
    made = {programme_path(year.year, settings.language) for year in content.years}
    builder = PageBuilder(content, settings, today, programme_size=lambda path: 48_000 if path in made else None)
    return builder.all_pages() + easy_page_data(builder), builder.home_context(), builder.site_extra()


def theme_env() -> jinja2.Environment:
    """The theme's own templates, with MkDocs' page template replaced by its content block."""
    loader = jinja2.ChoiceLoader([jinja2.DictLoader({"main.html": "{% block content %}{% endblock %}"}),
                                  jinja2.FileSystemLoader(str(OVERRIDES))])
    env = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined)
    env.filters["url"] = lambda path: path
    return env


def render_case(run: Run, case: Case, root: Path) -> None:
    """Every page of one project at one date, the home page, the theme's partials, the preview's error page."""
    env = template_env(OVERRIDES / "series")
    env.context_class = NotingContext
    renderer = Renderer(env, markdown_renderer([], {}))
    pages, home, extra = page_data(root, case.today)
    for data in pages:
        run.render(case, data.template, lambda data=data: renderer.page(
            dataclasses.replace(data, context=noted(data.context, contexts.TEMPLATES[data.template], run.reads,
                                                    data.template)), BODY, HtmlPolicy()))
    run.render(case, "home.html", lambda: render_home(renderer, noted(home, contexts.HomeContext, run.reads, "home.html"),
                                                      noted(extra, contexts.SiteExtra, run.reads, "theme")))
    run.render(case, "errors.html", lambda: renderer.errors([Problem("series/2021/theme.yml", 3, "Fehler", "So beheben")]))


def render_home(renderer: Renderer, home: contexts.HomeContext, extra: contexts.SiteExtra) -> None:
    """The home page, then what the theme shows on every page: footer, header, 404 page."""
    renderer.home(home, HOME, HtmlPolicy())
    config = {"copyright": None, "extra": theme_extra(extra) | {"generator": False}}
    theme = theme_env()
    for name in ("404.html", "partials/copyright.html"):
        theme.get_template(name).render(config=config)
    theme.from_string('{% import "partials/easy-links.html" as e with context %}{{ e.header() }}').render(config=config)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    made = Run()
    copy = variant(tmp_path_factory.mktemp("contract") / "example")
    for case in CASES:
        render_case(made, case, copy.root if case.variant else REPO)
    return made


# ------------------------------------------------------------------ the tests


@pytest.mark.parametrize("template", sorted(contexts.TEMPLATES))
def test_template_renders_from_its_contract(run: Run, template: str) -> None:
    assert template not in run.failed, run.failed.get(template)
    assert run.rendered.get(template), f"{template}: no case renders it"


def test_every_template_has_a_contract() -> None:
    templates = {path.name for path in (OVERRIDES / "series").glob("*.html") if not path.name.startswith("_")}
    assert templates == set(contexts.TEMPLATES)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.__name__)
def test_every_key_is_read_by_a_template(run: Run, shape: type) -> None:
    own = [key for key in typing.get_type_hints(shape) if declaring(shape, key) is shape]
    unread = sorted(key for key in own if (shape, key) not in run.reads)
    assert not unread, f"{shape.__name__}: no template reads {unread}"
