"""Hostile HTML families, planted in a content page, a session abstract and a speaker bio.

One table feeds two tests: `test_sanitise.py` (check names each at its line)
and `browser/test_payloads.py` (built with the check switched off, so the
build's sanitiser alone stands between the text and Chromium).
"""

from __future__ import annotations

from dataclasses import dataclass

from .projects import Project, new_project, session

RUN = "window.__ran=1"
"""What every payload tries to run; the browser test reads `window.__ran`."""
TRACKER = "tracker.example"
"""The foreign host every loading payload asks."""


@dataclass(frozen=True)
class Payload:
    family: str
    text: str
    """Markdown as an editor might write it."""
    words: tuple[str, ...]
    """What `check`'s message must say."""
    line: int = 3
    """The payload's line within the text (`check` names the file's line)."""


PAYLOADS = [
    Payload("comment", f'Text.\n\n<!--><img src=x onerror="{RUN}">-->\n', ("HTML-Kommentar",)),
    Payload("cdata", f'Text.\n\n<![CDATA[ x ><img src=x onerror="{RUN}"> ]]>\n', ("CDATA",)),
    Payload("processing-instruction", f'Text.\n\n<?x ><img src=x onerror="{RUN}">?>\n', ("<?…>",)),
    Payload("svg-animate", f'Text.\n\n<svg><a><animate attributeName=href values="javascript:{RUN}"/>'
                           '<text x=20 y=20>klick</text></a></svg>\n', ("<svg>",)),
    Payload("math", f'Text.\n\n<math><maction actiontype="statusline" href="javascript:{RUN}">'
                    '<mtext>klick</mtext></maction></math>\n', ("<math>",)),
    Payload("entity-encoded", f"Text.\n\n[klick](jav&#x61;script&#58;{RUN})\n", ("javascript:",)),
    Payload("mixed-case", f'Text.\n\n<a href="JaVaScRiPt:{RUN}">klick</a>\n', ("javascript:",)),
    Payload("whitespace-split", f"Text.\n\n[klick](javascr\nipt:{RUN})\n", ("javascript:",)),
    Payload("srcdoc", f'Text.\n\n<iframe srcdoc="<script>{RUN}</script>"></iframe>\n', ("<iframe>",)),
    Payload("attr-list", f'Text.\n\nEin Absatz.\n{{: onmouseover="{RUN}" onclick="{RUN}" }}\n', ("onmouseover",), 4),
    Payload("reference-link", f"Text.\n\n[klick][ziel]\n\n[ziel]: javascript:{RUN}\n", ("javascript:",), 5),
    Payload("autolink", f"Text.\n\n<javascript:{RUN}> und <vbscript:msgbox>\n", ("nicht erlaubt",)),
    Payload("style-url", f'Text.\n\n<p style="background:url(https://{TRACKER}/s.gif)">Farbe</p>\n', (TRACKER,)),
    Payload("foreign-image", f"Text.\n\n![Pixel](https://{TRACKER}/pixel.gif)\n", (TRACKER,)),
    Payload("foreign-srcset", f'Text.\n\n<img alt="" srcset="//{TRACKER}/a.png 2x">\n', (TRACKER,)),
]


@dataclass(frozen=True)
class Place:
    """Where an editor's Markdown becomes a page."""

    kind: str
    path: str
    """The source file, with {family} in it."""
    page: str
    """The built page's path under site/."""
    first_line: int
    """The line of the text's first line in the file."""


PLACES = [
    Place("page", "content/seiten/{family}.md", "seiten/{family}/", 1),
    Place("abstract", "series/2021/sessions/p-{family}.md", "2021/p-{family}/", 8),
    Place("bio", "series/speakers/s-{family}.md", "speakers/s-{family}/", 7),
]


def speaker(family: str, bio: str) -> str:
    return (f"---\nname: Person {family}\nrole: Rolle\norganisation: Verein\nsector: civil-society\n"
            f"---\n{bio}")


def plant(project: Project, payload: Payload, places: list[Place] = PLACES) -> None:
    """The payload in each place: a page of its own, a session's abstract, that session's speaker's bio."""
    for place in places:
        path = place.path.format(family=payload.family)
        if place.kind == "page":
            project.write(path, payload.text)
        elif place.kind == "abstract":
            project.write(path, session(f"Sitzung {payload.family}", speakers=(f"s-{payload.family}",),
                                        abstract=payload.text.rstrip("\n")))
        else:
            project.write(path, speaker(payload.family, payload.text))


def payload_project(root) -> Project:
    project = new_project(root)
    for payload in PAYLOADS:
        plant(project, payload)
    return project
