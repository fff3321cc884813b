"""Recordings, materials, /recordings/ and the Atom feed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from .projects import new_project, pdf, session
from .test_cli import in_process
from .test_site import soup, text

YOUTUBE = """\
recording:
  url: https://www.youtube.com/watch?v=abcDEF12345
  duration: 1:52:00
  published: 2021-10-12
"""
SELF_HOSTED = """\
recording:
  url: recordings/2021-10-19.mp4
  captions: recordings/2021-10-19.de.vtt
  duration: 2:05:00
materials:
  - title: Folien Prof. Dr. Hartmann
    file: materials/2021/folien.pdf
  - title: Handreichung
    url: https://www.example.org/handreichung
"""


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    project = new_project(tmp_path_factory.mktemp("rec") / "p", sessions={
        "auftakt": session(extra=YOUTUBE),
        "vimeo": session(title="Vimeo", start="2021-10-07 14:00", extra="recording:\n  url: https://vimeo.com/76979871"),
        "eigen": session(title="Eigen", start="2021-10-19 14:00", extra=SELF_HOSTED),
        "geplant": session(title="Geplant", start="2021-10-26 14:00", extra="recording: planned"),
        "ohne": session(title="Ohne", start="2021-11-02 14:00", extra="recording: none"),
    })
    project.write("series/2020/theme.yml", "title: Vorjahr\nsummary: Text.\n")
    project.write("series/2020/sessions/alt.md", session(title="Vorjahr", start="2020-10-06 14:00", extra=YOUTUBE))
    project.write("content/recordings/2021-10-19.mp4", b"\x00\x00\x00\x18ftypmp42")
    project.write("content/recordings/2021-10-19.de.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nHallo\n")
    project.write("content/materials/2021/folien.pdf", pdf(2_300_000))
    result = project.run("build", today="2021-11-20")
    assert result.returncode == 0, result.stderr
    return project.root / "site"


def test_recordings_page_lists_exactly_the_published_recordings_newest_year_first(recorded):
    page = soup(recorded / "recordings/index.html")
    years = [text(h) for h in page.select(".sp-recordings h2")]
    titles = [text(a) for a in page.select(".sp-recordings tbody td:nth-of-type(2) > a")]
    assert years == ["2021", "2020"]
    assert titles == ["Auftakt", "Vimeo", "Eigen", "Vorjahr"]
    first = page.select_one(".sp-recordings tbody tr")
    assert first.find_all("td")[2].find("time")["datetime"] == "PT1H52M0S"
    assert text(first.find_all("td")[2]) == "1:52:00"


def foreign_references(page: BeautifulSoup) -> list[str]:
    """Every address the browser would fetch on page view that is not the site's own."""
    found = []
    for tag, attribute in [("iframe", "src"), ("script", "src"), ("img", "src"), ("link", "href"),
                           ("video", "src"), ("audio", "src"), ("source", "src"), ("track", "src"),
                           ("video", "poster"), ("object", "data"), ("embed", "src")]:
        for element in page.find_all(tag):
            value = element.get(attribute)
            if value and urlsplit(value).netloc:
                if tag == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                    continue  # not fetched by the browser
                found.append(f"<{tag} {attribute}={value}>")
    return found


def test_youtube_session_page_loads_nothing_from_youtube_on_page_view(recorded):
    page = soup(recorded / "2021/auftakt/index.html")
    assert foreign_references(page) == []
    assert page.find("iframe") is None
    box = page.select_one("[data-sp-video]")
    button = box.find("button")
    assert button["data-embed-src"] == "https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1"
    assert button.has_attr("hidden")  # shown by the script; without it, the link below is all there is
    assert box.find("a")["href"] == "https://www.youtube.com/watch?v=abcDEF12345"
    assert "YouTube" in text(box.select_one(".sp-video__notice")) and "Google" in text(box)


def test_vimeo_button_loads_the_vimeo_player_without_tracking(recorded):
    button = soup(recorded / "2021/vimeo/index.html").select_one("[data-sp-video] button")
    assert button["data-embed-src"] == "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"


def test_self_hosted_recording_plays_in_a_native_video_with_captions(recorded):
    page = soup(recorded / "2021/eigen/index.html")
    video = page.select_one(".sp-recording video")
    assert video["src"] == "../../recordings/2021-10-19.mp4"
    track = video.find("track")
    assert track["kind"] == "captions" and track["src"] == "../../recordings/2021-10-19.de.vtt"
    assert track["srclang"] == "de"
    assert foreign_references(page) == []


def test_materials_list_type_and_size(recorded):
    items = [text(li) for li in soup(recorded / "2021/eigen/index.html").select(".sp-materials li")]
    assert items == ["Folien Prof. Dr. Hartmann (PDF, 2,3 MB)", "Handreichung (www.example.org)"]


@pytest.mark.parametrize("slug,expected", [("geplant", "Aufzeichnung folgt."), ("ohne", None)])
def test_planned_recording_says_it_follows_and_none_says_nothing(recorded, slug, expected):
    section = soup(recorded / f"2021/{slug}/index.html").select_one(".sp-recording")
    assert (text(section.find("p")) if section else None) == expected


def test_speaker_page_lists_their_recordings(recorded):
    items = [text(li.find("a")) for li in soup(recorded / "speakers/prof-dr-lea-hartmann/index.html").select(".sp-recording-list li")]
    assert items == ["Vorjahr", "Auftakt", "Vimeo", "Eigen"]


@pytest.mark.parametrize("extra,words", [
    ("recording:\n  url: https://www.dailymotion.com/video/x7", "YouTube, Vimeo"),
    ("recording:\n  url: recordings/fehlt.mp4", "gibt es nicht"),
    ("recording:\n  url: ftp://example.org/x.mp4", "weder eine YouTube"),
    ("recording:\n  url: https://youtu.be/abcDEF12345\n  captions: recordings/fehlt.vtt", "gibt es nicht"),
    ("materials:\n  - title: Folien\n    file: materials/fehlt.pdf", "gibt es nicht"),
    ("materials:\n  - title: Folien\n    url: javascript:alert(1)", "keine erlaubte Adresse"),
    ("recording: später", "planned"),
])
def test_bad_recording_values_fail_naming_the_session_file(tmp_path, extra, words):
    project = new_project(tmp_path / "p", sessions={"auftakt": session(extra=extra)})
    result = in_process(project, "check")
    assert result.returncode == 1
    assert "series/2021/sessions/auftakt.md:" in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr


ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_has_the_rfc_4287_structure(recorded):
    root = etree.parse(str(recorded / "feed.xml")).getroot()
    assert root.tag == f"{ATOM}feed"
    for element in (root, *root.findall(f"{ATOM}entry")):
        assert element.find(f"{ATOM}id").text
        assert element.find(f"{ATOM}title").text
        assert element.find(f"{ATOM}updated").text.endswith("Z")
        assert element.find(f"{ATOM}link").get("href").startswith("https://reihe.example.org/")
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Testverein e.V."


def test_atom_feed_parses_and_lists_sessions_and_recordings(recorded):
    feed = feedparser.parse((recorded / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    ids = [entry.id for entry in feed.entries]
    assert "tag:reihe.example.org,2021:session/2021-auftakt" in ids
    assert "tag:reihe.example.org,2021:recording/2021-auftakt" in ids
    assert len(ids) == len(set(ids)) == 6 + 4
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)


def test_every_page_links_the_atom_feed_in_its_head(recorded):
    for path in ["index.html", "2021/auftakt/index.html", "recordings/index.html"]:
        link = soup(recorded / path).find("link", rel="alternate", type="application/atom+xml")
        assert link is not None and link["href"].endswith("feed.xml"), path


def test_atom_feed_is_identical_across_builds(tmp_path):
    project = new_project(tmp_path / "p", sessions={"auftakt": session(extra=YOUTUBE)})
    first = project.run("build", today="2021-09-01")
    feed = (project.root / "site/feed.xml").read_bytes()
    second = project.run("build", today="2021-12-01")
    assert first.returncode == second.returncode == 0
    assert (project.root / "site/feed.xml").read_bytes() == feed
