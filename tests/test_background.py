"""Work on the second core: results and failures come back to the build."""

from __future__ import annotations

import pytest

from series_publisher.background import Background, BackgroundError


def test_result_comes_back_from_the_child():
    data = {"calendar.ics": b"x" * 1_000_000}  # larger than a pipe's buffer
    assert Background(lambda: data).result() == data


def test_failure_in_the_child_is_raised_with_its_traceback():
    def broken():
        raise RuntimeError("kaputt")

    with pytest.raises(BackgroundError, match="kaputt"):
        Background(broken).result()


def test_cancel_stops_a_child_whose_result_is_never_read():
    import time

    pending = Background(lambda: time.sleep(30))
    pending.cancel()
    assert pending._process is None


def test_a_photo_that_is_no_image_fails_the_build_naming_the_speaker(project):
    project.write("content/images/lea.jpg", b"not a jpeg")
    speaker = (project.root / "series/speakers/prof-dr-lea-hartmann.md").read_text(encoding="utf-8")
    project.write("series/speakers/prof-dr-lea-hartmann.md",
                  speaker.replace("sector: academia", "sector: academia\nphoto: images/lea.jpg"))
    result = project.run("build")
    assert result.returncode == 1
    assert "series/speakers/prof-dr-lea-hartmann.md: Fehler: das Foto lea.jpg ist kein lesbares Bild" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project.root / "site").exists()
