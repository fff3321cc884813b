"""What the build's sanitiser removes, `check` names first; no executable HTML survives it.

The payload table (tests/payloads.py) is planted in a page, an abstract and
a bio; `check` must name each at its line. A Hypothesis test feeds generated
fragments to `sanitise.clean` and reads the result with html5lib, a parser
that builds the tree as browsers do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from series_publisher.sanitise import SCHEMES, TAGS, HtmlPolicy, clean, normalised

from .payloads import PAYLOADS, PLACES, Payload, Place, plant
from .projects import new_project
from .test_cli import in_process
from .test_messages import find

POLICY = HtmlPolicy(frozenset({"reihe.example.org"}))


@dataclass(frozen=True)
class Planted:
    payload: Payload
    place: Place

    @property
    def id(self) -> str:
        return f"{self.payload.family}-in-{self.place.kind}"


PLANTED = [Planted(payload, place) for payload in PAYLOADS for place in PLACES]


@pytest.mark.parametrize("case", PLANTED, ids=lambda case: case.id)
def test_check_names_what_the_build_would_remove(tmp_path: Path, case: Planted) -> None:
    project = new_project(tmp_path / "p")
    plant(project, case.payload, [case.place])
    if case.place.kind == "bio":  # the speaker needs a session to appear on
        plant(project, Payload(case.payload.family, "Harmlos.\n", ()), [PLACES[1]])
    result = in_process(project, "check")
    assert result.returncode == 1, result.stderr
    path = case.place.path.format(family=case.payload.family)
    find(result.stderr, path, case.place.first_line + case.payload.line - 1, "Fehler", case.payload.words)


@dataclass(frozen=True)
class Harmless:
    id: str
    html: str


HARMLESS = [
    Harmless("text", '<p>Mehr <a href="https://www.example.org/">bei uns</a> oder <a href="mailto:a@b.de">so</a>.</p>'),
    Harmless("own-image", '<p><img alt="Plakat" src="../images/plakat.png"></p>'),
    Harmless("own-host-image", '<p><img alt="" src="https://reihe.example.org/a.png"></p>'),
    Harmless("details", '<details open=""><summary>Mehr</summary><p>Text</p></details>'),
    Harmless("table", '<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'),
    Harmless("class-and-id", '<h2 id="ablauf">Ablauf</h2><p class="hinweis">Hinweis</p>'),
    Harmless("local-style", '<p style="color: red; background: url(/bg.png)">Rot</p>'),
]


@pytest.mark.parametrize("case", HARMLESS, ids=lambda case: case.id)
def test_harmless_html_is_kept_as_written(case: Harmless) -> None:
    assert clean(case.html, POLICY) == (case.html, [])


def test_raw_html_allows_frames_and_foreign_images_but_never_script() -> None:
    raw = HtmlPolicy(POLICY.hosts, raw_html=True)
    html = '<iframe src="https://video.example.com/x"></iframe><img src="https://cdn.example.com/a.png">'
    assert clean(html, raw) == (html, [])
    cleaned, removed = clean('<p onclick="x()">a</p><script>x()</script><a href="javascript:x()">b</a>', raw)
    assert cleaned == "<p>a</p><a>b</a>" and len(removed) == 3


# ------------------------------------------------------------------ generated fragments

PIECES = ["<", ">", "/", "!", "-", "?", "[", "]", "=", '"', "'", " ", "\t", "\n", "&", "#", ";", ":", "x",
          "<!--", "-->", "<![CDATA[", "]]>", "<?", "?>", "<script>", "</script>", "<svg>", "<math>", "<img",
          "<a", "<iframe", "<style>", "<template>", "<noscript>", "<textarea>", "<title>", "<xmp>", "<p>",
          " src=", " href=", " srcset=", " style=", " onerror=", " onclick=", " srcdoc=", " xlink:href=",
          "javascript:", "java\tscript:", "jav&#x61;script:", "&#106;avascript:", "data:text/html,",
          "vbscript:", "url(", "https://tracker.example/", "//tracker.example/", "/\\tracker.example/",
          "alert(1)", "&lt;", "&#0;", "\x00", "<animate attributeName=href values=", "<base href=", "<meta",
          "<object data=", "<embed src=", "<form action=", "<button formaction=", "<video poster="]


def _executable(html: str) -> list[str]:
    """What a browser would run or fetch in this HTML, read from html5lib's tree."""
    from xml.etree.ElementTree import Comment

    found = []
    for element in html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False).iter():
        if element.tag is Comment:
            found.append("comment")
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.startswith("{") or (tag != "DOCUMENT_FRAGMENT" and tag not in TAGS):
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or name in {"srcdoc", "formaction", "action", "xlink:href"}:
                found.append(f"{tag} {name}")
            url = normalised(value).lower()
            if name in {"href", "src", "srcset", "poster"} and ":" in url.split("/")[0]:
                if url.split(":")[0] not in SCHEMES:
                    found.append(f"{tag} {name}={value!r}")
            if name in {"src", "srcset", "poster", "style"} and "tracker.example" in url:
                found.append(f"{tag} {name} asks a foreign host")
    return found


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_no_executable_html_survives_the_sanitiser(fragment: str) -> None:
    cleaned, _ = clean(fragment, POLICY)
    assert _executable(cleaned) == [], cleaned
    assert clean(cleaned, POLICY)[0] == cleaned  # parsed again, it stays what it is (no mutation XSS)


def test_an_allowed_host_may_serve_images(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    project.write("content/seite.md", "# Seite\n\n![Plakat](https://media.example.org/plakat.png)\n")
    assert in_process(project, "check").returncode == 1
    project.config(extra={"series": {"name": "Testreihe", "allowed_hosts": ["media.example.org"]}})
    result = in_process(project, "check")
    assert result.returncode == 0, result.stderr
