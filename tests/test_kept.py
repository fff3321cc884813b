"""Output kept between builds (kept.py): only in a folder of the user's own, whole or not at all."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from series_publisher import kept


@dataclass(frozen=True)
class Folder:
    """A state of the folder under $TMPDIR, and whether an entry kept there comes back."""

    id: str
    arrange: Callable[[Path], None]
    kept: bool


def _private(path: Path) -> None:
    path.mkdir(mode=0o700)


def _writable_by_others(path: Path) -> None:
    path.mkdir()
    path.chmod(0o777)


def _link_to_elsewhere(path: Path) -> None:
    (path.parent / "elsewhere").mkdir(mode=0o700)
    path.symlink_to(path.parent / "elsewhere")


def _a_file(path: Path) -> None:
    path.write_bytes(b"")


FOLDERS = [
    Folder("missing-is-made", lambda path: None, True),
    Folder("private", _private, True),
    Folder("writable-by-others", _writable_by_others, False),
    Folder("symlink", _link_to_elsewhere, False),
    Folder("not-a-folder", _a_file, False),
]


@pytest.fixture
def tmpdir_(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path / f"_series-publisher-{os.getuid()}"


@pytest.mark.parametrize("case", FOLDERS, ids=lambda case: case.id)
def test_kept_only_in_a_private_folder(tmpdir_: Path, case: Folder) -> None:
    case.arrange(tmpdir_)
    kept.keep("abc.pdf", b"%PDF-1.7 data")
    assert kept.fetch("abc.pdf") == (b"%PDF-1.7 data" if case.kept else None)


def test_longest_unused_go_beyond_the_limit(tmpdir_: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept, "LIMIT", 3)
    for number in range(3):
        kept.keep(f"{number}.pdf", b"x")
        os.utime(tmpdir_ / f"{number}.pdf", (1000 + number, 1000 + number))
    assert kept.fetch("0.pdf") == b"x"  # used now: the last to go
    kept.keep("3.pdf", b"x")
    assert sorted(path.name for path in tmpdir_.iterdir()) == ["0.pdf", "2.pdf", "3.pdf"]


def test_nothing_half_written_is_ever_fetched(tmpdir_: Path) -> None:
    tmpdir_.mkdir(mode=0o700)
    (tmpdir_ / ".writing-x").write_bytes(b"%PDF-1.7 trunc")
    os.utime(tmpdir_ / ".writing-x", (1000, 1000))
    kept.keep("a.pdf", b"whole")
    assert kept.fetch("a.pdf") == b"whole"
    assert [path.name for path in tmpdir_.iterdir()] == ["a.pdf"]
