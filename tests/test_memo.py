"""Made once per version of a file, and only the last version kept: `serve` does not grow with every save."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from series_publisher import images
from series_publisher.memo import LastVersion


@dataclass(frozen=True)
class Case:
    name: str
    saves: list[tuple[str, bytes]]
    """(path, bytes) of each build, in order."""
    entries: int
    """Entries kept afterwards."""
    made: int
    """How often the result had to be made."""


CASES = [
    Case("a photo saved five times keeps one entry", [("a.jpg", bytes([n])) for n in range(5)], 1, 5),
    Case("an unchanged file is made once", [("a.jpg", b"x")] * 3, 1, 1),
    Case("two files keep an entry each", [("a.jpg", b"x"), ("b.jpg", b"x")], 2, 2),
    Case("back to an older version is made again", [("a.jpg", b"1"), ("a.jpg", b"2"), ("a.jpg", b"1")], 1, 3),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_one_entry_per_file_made_once_per_version(case: Case) -> None:
    memo, made = LastVersion(), []
    for key, raw in case.saves:
        assert memo.get(key, raw, lambda raw: made.append(raw) or raw.upper()) == raw.upper()
    assert (len(memo), len(made)) == (case.entries, case.made)


def test_a_failure_keeps_nothing() -> None:
    memo = LastVersion()
    with pytest.raises(ValueError):
        memo.get("a.jpg", b"broken", lambda raw: int(raw).to_bytes())
    assert len(memo) == 0


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(out, "JPEG")
    return out.getvalue()


def test_a_photo_saved_again_and_again_is_resized_anew_in_one_entry(tmp_path: Path) -> None:
    photo = tmp_path / "lea.jpg"
    before = len(images._portraits)
    for colour in ((200, 0, 0), (0, 200, 0), (0, 0, 200)):
        photo.write_bytes(_jpeg(colour))
        made = images.portrait(photo, "lea")
        assert made is not None
        with Image.open(io.BytesIO(made.data)) as shown:
            centre = shown.convert("RGB").getpixel((shown.width // 2, shown.height // 2))
        assert max(abs(got - want) for got, want in zip(centre, colour)) < 8, "the new photo, not the old one"
    assert len(images._portraits) == before + 1
