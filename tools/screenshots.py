#!/usr/bin/env python3
"""Screenshots of the example site for the README: home, a year, a session.

    python tools/screenshots.py [--today 2021-09-15] [--out docs/screenshots]

Builds the example content (series/, content/) into a temporary folder, serves
it on 127.0.0.1 and photographs three pages with headless Chromium (Debian's
/usr/bin/chromium, never a downloaded browser) at desktop width (1280 px) and
phone width (360 px), each as its first screen:
docs/screenshots/{home,year,session}-{desktop,phone}.png, and the year's
programme on a phone (programme-phone.png, scrolled to the programme).
The pages load nothing from any other host, so no network is needed.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import threading
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 640}}
"""The first screen of an office PC and of a phone: what a visitor sees before scrolling."""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _start(path: Path) -> datetime:
    text = path.read_text(encoding="utf-8")
    start = yaml.safe_load(text.split("---", 2)[1])["start"]
    return start if isinstance(start, datetime) else datetime.fromisoformat(str(start))


def pages() -> dict[str, str]:
    """Site paths of the three pages: the newest year and its first session."""
    years = sorted(p.name for p in (REPO / "series").iterdir() if p.name.isdigit())
    year = years[-1]
    sessions = sorted((REPO / "series" / year / "sessions").glob("*.md"), key=_start)
    return {"home": "", "year": f"{year}/", "session": f"{year}/{sessions[0].stem}/"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--today", default="2021-09-15", help="reference date for the build (YYYY-MM-DD)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        site = Path(tmp) / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        build = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--today", args.today,
                                "-d", str(site)], cwd=REPO, env=env, capture_output=True, text=True)
        if build.returncode != 0:
            print(build.stderr, file=sys.stderr)
            return 1
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        args.out.mkdir(parents=True, exist_ok=True)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for size_name, viewport in SIZES.items():
                    context = browser.new_context(viewport=viewport, locale="de-DE")
                    # Nothing may leave the machine: abort any request to another host.
                    context.route("**/*", lambda route: route.continue_()
                                  if route.request.url.startswith(base) else route.abort())
                    page = context.new_page()
                    for name, path in pages().items():
                        page.goto(base + path, wait_until="networkidle")
                        target = args.out / f"{name}-{size_name}.png"
                        page.screenshot(path=str(target))
                        print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
                        if name == "year" and size_name == "phone":
                            page.evaluate("document.getElementById('programm').scrollIntoView()")
                            page.wait_for_timeout(500)  # Material swaps the header title on scroll
                            target = args.out / "programme-phone.png"
                            page.screenshot(path=str(target))
                            print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
                    context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
