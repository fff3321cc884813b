"""`check --previous` against servers that misbehave: each ends within the deadline with a German message.

The servers run on 127.0.0.1 in a thread: one that never stops sending, one
that sends a byte every second, one that redirects elsewhere or in a circle,
one that answers a huge Content-Length, one that never answers. The deadline
is a parameter, so the tests wait seconds, not a minute.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

import pytest

from series_publisher.previous import published_events, read_feed
from series_publisher.problems import Problem, Problems

from .projects import new_project
from .test_cli import in_process

DEADLINE = 2.0
LIMIT = 1_000_000
FEED = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//DE\r\nBEGIN:VEVENT\r\nUID:2021-a@reihe.example.org\r\n"
        b"DTSTAMP:20210901T000000Z\r\nDTSTART:20211005T120000Z\r\nSUMMARY:A\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def _endless(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.end_headers()
    while True:
        handler.wfile.write(b"X" * 65536)


def _slow(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", str(len(FEED)))
    handler.end_headers()
    for byte in FEED:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(1)


def _slow_headers(handler: BaseHTTPRequestHandler) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nX-Drip: " + b"a" * 1000:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.5)


def _redirect_to(location: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return answer


def _huge_length(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", str(10 * LIMIT))
    handler.end_headers()


def _silent(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(DEADLINE * 3)


def _feed(body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return answer


@dataclass(frozen=True)
class Server:
    id: str
    answer: Callable[[BaseHTTPRequestHandler], None]
    words: tuple[str, ...]
    """What the message says."""


SERVERS = [
    Server("endless", _endless, ("größer als 1 MB",)),
    Server("byte-per-second", _slow, ("innerhalb von 2 Sekunden",)),
    Server("dripping-headers", _slow_headers, ("innerhalb von 2 Sekunden",)),
    Server("silent", _silent, ("innerhalb von 2 Sekunden",)),
    Server("huge-content-length", _huge_length, ("größer als 1 MB",)),
    Server("redirect-elsewhere", _redirect_to("https://evil.example/calendar.ics"), ("anderen Server (evil.example)",)),
    Server("redirect-in-circle", _redirect_to("/calendar.ics"), ("mehr als 5 Weiterleitungen",)),
    Server("not-found", lambda handler: handler.send_error(404), ("HTTP 404",)),
]


class _Handler(BaseHTTPRequestHandler):
    answer: Callable[[BaseHTTPRequestHandler], None]

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        try:
            type(self).answer(self)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[BaseHTTPRequestHandler], None]], str]]:
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Callable[[BaseHTTPRequestHandler], None]) -> str:
        handler = type("Handler", (_Handler,), {"answer": staticmethod(answer)})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/calendar.ics"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _only_problem(problems: Problems) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems.items[0]


@pytest.mark.parametrize("case", SERVERS, ids=lambda case: case.id)
def test_a_hostile_server_ends_within_the_deadline_with_a_message(serve, case: Server) -> None:
    url = serve(case.answer)
    problems = Problems()
    started = time.monotonic()
    assert read_feed(url, problems, deadline=DEADLINE, limit=LIMIT) is None
    assert time.monotonic() - started < DEADLINE + 1.5
    problem = _only_problem(problems)
    assert problem.is_error and "ließ sich nicht laden" in problem.message
    assert all(word in problem.message for word in case.words), problem.message


def test_a_good_server_on_loopback_is_read(serve) -> None:
    url = serve(_feed(FEED))
    problems = Problems()
    assert read_feed(url, problems, deadline=DEADLINE, limit=LIMIT) == (url, FEED)
    assert not problems.items


@pytest.mark.parametrize("url", ["http://example.org/calendar.ics", "http://localhost:9/calendar.ics"])
def test_plain_http_is_refused_except_on_127_0_0_1(url: str) -> None:
    problems = Problems()
    assert read_feed(url, problems) is None
    assert "nur https://" in _only_problem(problems).message


@dataclass(frozen=True)
class Hostile:
    id: str
    event: bytes
    """The VEVENT's lines between UID and END:VEVENT."""
    words: tuple[str, ...]


HOSTILE_FEEDS = [
    Hostile("sequence-5000-digits", b"SEQUENCE:" + b"9" * 5000 + b"\r\n", ("SEQUENCE", "keine Zahl")),
    Hostile("sequence-negative", b"SEQUENCE:-1\r\n", ("SEQUENCE „-1“",)),
    Hostile("sequence-text", b"SEQUENCE:drei\r\n", ("SEQUENCE „drei“",)),
    Hostile("start-unreadable", b"DTEND:2021-13-45\r\n", ("DTEND", "kein lesbares Datum")),
]


@pytest.mark.parametrize("case", HOSTILE_FEEDS, ids=lambda case: case.id)
def test_an_unreadable_value_in_the_feed_is_an_error_not_zero(case: Hostile) -> None:
    data = FEED.replace(b"SUMMARY:A\r\n", b"SUMMARY:A\r\n" + case.event)
    problems = Problems()
    published_events("published.ics", data, problems)
    problem = _only_problem(problems)
    assert problem.is_error and problem.line == 5, str(problem)
    assert all(word in problem.message for word in case.words), problem.message


def test_terminal_escapes_in_a_feed_reach_the_log_escaped(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p")
    feed = tmp_path / "published.ics"
    feed.write_bytes(FEED.replace(b"UID:2021-a@", b"UID:2021-weg@").replace(
        b"SUMMARY:A", b"SUMMARY:Weg\x1b[2J\x1b]0;pwned\x07"))
    result = in_process(project, "check", "--previous", str(feed))
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "„Weg\\x1b[2J\\x1b]0;pwned\\x07“" in result.stderr
