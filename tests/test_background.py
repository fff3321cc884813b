"""Work on the second core: results and failures come back to the build."""

from __future__ import annotations

import pytest

from series_publisher.background import Background, BackgroundError


@pytest.mark.parametrize("inline", [False, True])
def test_values_come_back_in_order(inline):
    data = {"calendar.ics": b"x" * 1_000_000}  # larger than a pipe's buffer

    def job():
        yield "pages"
        yield data

    run = Background(job, inline=inline)
    assert run.next() == "pages"
    assert run.next() == data


@pytest.mark.parametrize("inline", [False, True])
def test_failure_in_the_job_is_raised(inline):
    def broken():
        yield "pages"
        raise RuntimeError("kaputt")

    run = Background(broken, inline=inline)
    assert run.next() == "pages"
    with pytest.raises((BackgroundError, RuntimeError), match="kaputt"):
        run.next()


def test_asking_past_the_end_is_an_error():
    def one():
        yield 1

    run = Background(one)
    assert run.next() == 1
    with pytest.raises(BackgroundError, match="ended"):
        run.next()


def test_cancel_stops_a_child_whose_values_are_never_read():
    import time

    def slow():
        time.sleep(30)
        yield None

    run = Background(slow)
    started = time.monotonic()
    run.cancel()
    assert time.monotonic() - started < 5
    with pytest.raises(BackgroundError):
        run.next()
