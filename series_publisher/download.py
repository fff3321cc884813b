"""One bounded download from a server nobody here controls: the published calendar for `check --previous`.

The server may be hostile or broken: an endless answer (it grew to 6 GB), a
byte every few seconds (a timeout per read never fires), a redirect to
another host. So the download has one deadline for everything from the
first connection to the last byte (a timer shuts the socket, which wakes a
blocked read), a size cap, https only (plain http only on 127.0.0.1, for
tests and a local preview), and redirects only on the same host.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from urllib.parse import urljoin, urlsplit

DEADLINE_SECONDS = 60.0
SIZE_LIMIT = 20_000_000
"""20 MB: a calendar of 10 000 sessions is a few MB."""
MAX_REDIRECTS = 5
LOOPBACK = frozenset({"127.0.0.1"})
CHUNK = 65536


class FeedError(Exception):
    """Why the download failed, in German, for the problem report."""


def download(url: str, deadline: float = DEADLINE_SECONDS, limit: int = SIZE_LIMIT) -> bytes:
    """The body behind `url`, or FeedError; never longer than `deadline` seconds, never more than `limit` bytes."""
    until = time.monotonic() + deadline
    host = urlsplit(url).hostname
    for _ in range(MAX_REDIRECTS + 1):
        _allowed(url, host)
        status, location, body = _get(url, until, deadline, limit)
        if location is None:
            if status >= 400:
                raise FeedError(f"der Server antwortete mit HTTP {status}")
            return body
        url = urljoin(url, location)
    raise FeedError(f"mehr als {MAX_REDIRECTS} Weiterleitungen")


def _allowed(url: str, host: str | None) -> None:
    parts = urlsplit(url)
    if parts.hostname != host:
        raise FeedError(f"Weiterleitung auf einen anderen Server ({parts.hostname}) – nur derselbe Server ist erlaubt")
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOOPBACK):
        raise FeedError("nur https://-Adressen sind erlaubt (http:// nur für 127.0.0.1)")


def _get(url: str, until: float, deadline: float, limit: int) -> tuple[int, str | None, bytes]:
    """(status, redirect target or None, body) of one request, within the overall deadline."""
    parts = urlsplit(url)
    remaining = until - time.monotonic()
    if remaining <= 0:
        raise FeedError(f"keine vollständige Antwort innerhalb von {deadline:g} Sekunden")
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    options = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
    connection = connection_class(parts.hostname, parts.port, timeout=remaining, **options)
    timer = threading.Timer(remaining, _shut, (connection,))
    timer.start()
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"User-Agent": "series-publisher (build.py check)"})
        response = connection.getresponse()
        if 300 <= response.status < 400 and response.getheader("Location"):
            return response.status, response.getheader("Location"), b""
        return response.status, None, _body(response, until, deadline, limit)
    except FeedError:
        raise
    except (OSError, http.client.HTTPException, ValueError) as error:
        if time.monotonic() >= until:
            raise FeedError(f"keine vollständige Antwort innerhalb von {deadline:g} Sekunden") from None
        raise FeedError(str(error) or type(error).__name__) from None
    finally:
        timer.cancel()
        connection.close()


def _body(response: http.client.HTTPResponse, until: float, deadline: float, limit: int) -> bytes:
    length = response.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > limit:
        raise FeedError(f"die Antwort ist größer als {limit // 1_000_000} MB")
    chunks, size = [], 0
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > limit:
            raise FeedError(f"die Antwort ist größer als {limit // 1_000_000} MB")
        if time.monotonic() >= until:
            raise FeedError(f"keine vollständige Antwort innerhalb von {deadline:g} Sekunden")
        chunks.append(chunk)
    if time.monotonic() >= until:  # the timer shut the socket: what came is not all
        raise FeedError(f"keine vollständige Antwort innerhalb von {deadline:g} Sekunden")
    if length and length.strip().isdigit() and size < int(length):
        raise FeedError(f"die Antwort brach nach {size} von {int(length)} Bytes ab")
    return b"".join(chunks)


def _shut(connection: http.client.HTTPConnection) -> None:
    """The deadline: wakes the read that waits for the next byte."""
    if connection.sock is not None:
        try:
            connection.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
