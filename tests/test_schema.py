"""The committed JSON Schemas match the content model and accept what editors write."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from series_publisher import schema as schemas
from series_publisher.model import FILE_MODELS
from series_publisher.problems import Problems
from series_publisher.editor_file import read_editor_file
from series_publisher.sources import parse_yaml

from .projects import REPO
from .test_cli import in_process

SCHEMA_DIR = REPO / "schema"
KINDS = sorted(schemas.SCHEMA_MODELS)


def load(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def validator(kind: str) -> jsonschema.Draft7Validator:
    schema = load(kind)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_committed_schemas_are_current() -> None:
    """Fails when the model changed and `python3 build.py schema` was not run (and committed)."""
    stale = schemas.stale_schemas(SCHEMA_DIR)
    assert not stale, f"veraltet: {stale} — python3 build.py schema ausführen und die Dateien committen"


def test_schema_check_command(tmp_path: Path) -> None:
    run = lambda *args: in_process(None, "schema", *args)  # noqa: E731
    assert run("--check").returncode == 0
    assert run("--check", "-o", str(tmp_path)).returncode == 1  # nothing there yet
    written = run("-o", str(tmp_path))
    assert written.returncode == 0 and sorted(p.name for p in tmp_path.iterdir()) == [f"{k}.schema.json" for k in KINDS]
    assert run("--check", "-o", str(tmp_path)).returncode == 0
    assert run("-o", str(tmp_path)).stdout == ""  # deterministic: a second run changes nothing


def test_generation_is_deterministic_and_sorted() -> None:
    for kind in KINDS:
        text = schemas.schema_text(kind)
        assert text == schemas.schema_text(kind)
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("kind", KINDS)
def test_schema_matches_the_model(kind: str) -> None:
    schema = load(kind)
    model = schemas.SCHEMA_MODELS[kind]
    assert set(schema["properties"]) == set(model.model_fields)
    assert set(schema.get("required", [])) == {name for name, f in model.model_fields.items() if f.is_required()}
    assert schema["additionalProperties"] is False  # unknown keys are errors in the build too
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)  # draft-07 `definitions`, which yaml-language-server resolves
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"{kind}.{name} has no description"


class _Core12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema, as yaml-language-server (VS Code) reads a file: `16:30` is text, `50` a number."""


_Core12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", list("-+.0123456789")),
]:
    _Core12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def as_vscode_reads(text: str) -> dict:
    """The data the JSON Schema is checked against in the editor."""
    return yaml.load(text, Loader=_Core12Loader)


def _front_matter_text(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")


def _example_files(pattern: str) -> list[Path]:
    files = sorted((REPO / "series").glob(pattern))
    assert files, pattern
    return files


def test_example_theme_files_validate() -> None:
    check = validator("theme")
    for path in _example_files("*/theme.yml"):
        assert read_editor_file(path, path.name, "theme", Problems()).meta is not None
        errors = [error.message for error in check.iter_errors(as_vscode_reads(path.read_text(encoding="utf-8")))]
        assert not errors, (path, errors)


@pytest.mark.parametrize("kind, pattern", [("session", "*/sessions/*.md"), ("speaker", "speakers/*.md")])
def test_example_front_matter_validates(kind: str, pattern: str) -> None:
    check = validator(kind)
    for path in _example_files(pattern):
        assert read_editor_file(path, path.name, kind, Problems()).meta is not None
        errors = [error.message for error in check.iter_errors(as_vscode_reads(_front_matter_text(path)))]
        assert not errors, (path, errors)


def front_matter(text: str) -> dict:
    document = parse_yaml(text, "x.md", Problems())
    assert document is not None
    return document.data


MINIMAL = "title: Auftakt\nstart: 2022-10-04 09:00\n"


@pytest.mark.parametrize("end", ["end: 16:30", "end: '16:30'", "end: 2022-10-04 16:30", "end: 9:05"])
def test_session_schema_accepts_what_editors_write(end: str) -> None:
    assert not list(validator("session").iter_errors(as_vscode_reads(MINIMAL + end + "\n")))
    assert FILE_MODELS["session"].model_validate(front_matter(MINIMAL + end + "\n"))  # and so does the model


@pytest.mark.parametrize("extra", ["speaker: [a]", "status: canceled", "perspective: science",
                                   "registration: javascript:alert(1)", "end: 16.30 Uhr", "booked_out: vielleicht"])
def test_session_schema_rejects_what_the_model_rejects(extra: str) -> None:
    end = "" if extra.startswith("end:") else "end: 16:30\n"
    text = MINIMAL + end + extra + "\n"
    assert list(validator("session").iter_errors(as_vscode_reads(text))), extra
    with pytest.raises(Exception):
        FILE_MODELS["session"].model_validate(front_matter(text))


def test_recording_and_materials_validate() -> None:
    text = (MINIMAL + "end: 16:30\nrecording:\n  url: https://youtu.be/abc\n  duration: 1:52:00\n"
            "materials:\n  - title: Folien\n    file: materials/folien.pdf\n")
    assert front_matter(text)["recording"]["duration"] == "1:52:00"  # as typed, not YAML 1.1's 6720 seconds
    assert FILE_MODELS["session"].model_validate(front_matter(text)).recording.duration.total_seconds() == 6720
    assert not list(validator("session").iter_errors(as_vscode_reads(text)))
    assert not list(validator("session").iter_errors(as_vscode_reads(MINIMAL + "end: 16:30\nrecording: planned\n")))


def test_modeline_comment_is_harmless_to_the_build() -> None:
    """The yaml-language-server line is a YAML comment inside the front matter."""
    data = front_matter("# yaml-language-server: $schema=../../../schema/session.schema.json\n" + MINIMAL + "end: 16:30\n")
    assert set(data) == {"title", "start", "end"}


# ---------------------------------------------------------------- the editor's guide


EDITING = (REPO / "EDITING.md").read_text(encoding="utf-8")


def _all_keys(kind: str) -> set[str]:
    schema = load(kind)
    keys = set(schema["properties"])
    for definition in schema.get("definitions", {}).values():
        keys |= set(definition.get("properties", {}))
    return keys


@pytest.mark.parametrize("kind", KINDS)
def test_guide_documents_every_key(kind: str) -> None:
    missing = [key for key in sorted(_all_keys(kind)) if f"`{key}`" not in EDITING and f"`{key}:" not in EDITING]
    assert not missing, f"EDITING.md erklärt {missing} nicht"


@pytest.mark.parametrize("example, kind", [
    ("series/2021/theme.yml", "theme"),
    ("series/2021/sessions/auftakt.md", "session"),
    ("series/speakers/prof-dr-lea-hartmann.md", "speaker"),
])
def test_guide_modelines_point_at_the_schemas(example: str, kind: str) -> None:
    line = next(text for text in EDITING.splitlines() if "$schema=" in text and f"/{kind}.schema.json" in text)
    relative = line.split("$schema=", 1)[1].split("`")[0].strip()
    assert (REPO / example).parent.joinpath(relative).resolve() == (SCHEMA_DIR / f"{kind}.schema.json").resolve()


def test_guide_yaml_examples_are_valid() -> None:
    """The theme.yml and recording examples in EDITING.md pass the model and the schema."""
    blocks = re.findall(r"```yaml\n(.*?)```", EDITING, re.S)
    theme = next(block for block in blocks if block.startswith("title:"))
    theme = theme.replace("…", "Text.")
    FILE_MODELS["theme"].model_validate(front_matter(theme))
    assert not list(validator("theme").iter_errors(as_vscode_reads(theme)))
    recording = MINIMAL + "end: 16:30\n" + next(block for block in blocks if block.startswith("recording:\n"))
    FILE_MODELS["session"].model_validate(front_matter(recording))
    assert not list(validator("session").iter_errors(as_vscode_reads(recording)))


def test_site_settings_pass_the_settings_schema() -> None:
    """extra.series in the repository's mkdocs.yml, accessibility statement included, passes the schema."""
    from series_publisher.settings import read_mkdocs_yml

    options = read_mkdocs_yml(REPO / "mkdocs.yml")["extra"]["series"]
    assert "accessibility" in options, "mkdocs.yml shows no example of the accessibility statement's fields"
    errors = [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator("series").iter_errors(
        json.loads(json.dumps(options, default=str)))]
    assert not errors, errors


def test_settings_schema_rejects_an_unknown_accessibility_status() -> None:
    options = {"accessibility": {"status": "mostly"}}
    assert list(validator("series").iter_errors(options)), "status: mostly passed the schema"
