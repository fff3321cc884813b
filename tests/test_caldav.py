"""The season, read back from a real CalDAV server, gives the same result as the model clients.

Radicale (pinned in requirements-dev.txt) runs on a free local port for this
module, storing into a temporary folder. The season of test_season.py is
replayed into two calendar collections, through plain CalDAV requests (RFC
4791): `imported` acts as a CalDAV client that imports every published event
and applies RFC 5546 §2.1.5 before it writes (a higher SEQUENCE replaces, a
lower one is refused, an equal one only with a newer DTSTAMP); `subscribed`
mirrors the feed after each build (PUT every event, DELETE what left the
feed), as a subscription does. At the end both collections are read back
from the server (GET of the collection) and parsed again: they hold what the
in-memory models hold.
"""

from __future__ import annotations

import base64
import ctypes
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Iterator

import icalendar
import pytest

from .test_season import Copy, Season, events, season  # noqa: F401 - the fixture is shared


def _die_with_parent() -> None:
    """The server never outlives the test run (Linux: PR_SET_PDEATHSIG)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("radicale")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{port}", "--auth-type", "none",
         "--rights-type", "owner_only", "--storage-filesystem-folder", str(folder / "collections"),
         "--logging-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_die_with_parent)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/.web/", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode())
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


USER = {"Authorization": "Basic " + base64.b64encode(b"tester:-").decode()}
"""Radicale with `auth type=none` takes any name; `owner_only` gives "tester" its /tester/."""


def request(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> bytes:
    sent = urllib.request.Request(url, data=body, method=method, headers=USER | (headers or {}))
    with urllib.request.urlopen(sent, timeout=10) as answer:
        return answer.read()


MKCALENDAR = b"""<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
<D:set><D:prop><D:displayname>Saison</D:displayname></D:prop></D:set></C:mkcalendar>"""


def make_collection(base: str, name: str) -> str:
    url = f"{base}/tester/{name}/"
    request("MKCALENDAR", url, MKCALENDAR, {"Content-Type": "application/xml"})
    return url


def resource(collection: str, uid: str) -> str:
    return collection + uid.replace("@", "-at-") + ".ics"


def singles(files: dict[str, bytes]) -> dict[str, bytes]:
    """UID → a published single-event file (with its VTIMEZONE), as a client would PUT it."""
    found = {}
    for path, data in sorted(files.items()):
        if path.count("/") == 1 and not path.endswith("/calendar.ics"):
            (uid,) = events(data)
            found.setdefault(uid, data)
    return found


def stored(collection: str, uid: str) -> Copy | None:
    try:
        return events(request("GET", resource(collection, uid)))[uid]
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def import_with_sequencing(collection: str, files: dict[str, bytes]) -> None:
    for uid, data in singles(files).items():
        incoming, mine = events(data)[uid], stored(collection, uid)
        newer = mine is None or incoming.sequence > mine.sequence or (
            incoming.sequence == mine.sequence and incoming.stamp > mine.stamp)
        if newer:
            request("PUT", resource(collection, uid), data, {"Content-Type": "text/calendar; charset=utf-8"})


def mirror(collection: str, files: dict[str, bytes], shown: set[str]) -> set[str]:
    feed = set(events(files["calendar.ics"]))
    for uid, data in singles(files).items():
        if uid in feed:
            request("PUT", resource(collection, uid), data, {"Content-Type": "text/calendar; charset=utf-8"})
    for uid in shown - feed:
        request("DELETE", resource(collection, uid))
    return feed


def read_back(collection: str) -> dict[str, Copy]:
    """The whole collection from the server (Radicale answers GET on a calendar with one VCALENDAR)."""
    data = request("GET", collection)
    return {str(e["UID"]): Copy.of(e) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


@pytest.fixture(scope="module")
def replayed(server: str, season: Season) -> tuple[dict[str, Copy], dict[str, Copy]]:  # noqa: F811
    imported = make_collection(server, "imported")
    subscribed = make_collection(server, "subscribed")
    shown: set[str] = set()
    for files in season.published:
        import_with_sequencing(imported, files)
        shown = mirror(subscribed, files, shown)
    return read_back(imported), read_back(subscribed)


def test_the_caldav_import_holds_what_the_sequencing_model_holds(replayed, season: Season) -> None:  # noqa: F811
    imported, _ = replayed
    last: dict[str, Copy] = {}
    for files in season.published:
        last.update(events(files["calendar.ics"]))
    assert imported == season.sequence.held == last  # every event in its last published state


def test_the_caldav_subscription_holds_the_last_feed(replayed, season: Season) -> None:  # noqa: F811
    _, subscribed = replayed
    assert subscribed == season.mirror.shown == events(season.published[-1]["calendar.ics"])


def test_the_deleted_session_stays_cancelled_in_the_import_and_left_the_subscription(replayed) -> None:
    imported, subscribed = replayed
    uid = "2021-sechste@reihe.example.org"
    assert imported[uid].status == "CANCELLED" and uid not in subscribed
