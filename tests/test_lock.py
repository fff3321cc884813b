"""The locks: every package that building or testing installs is pinned with its hashes.

`requirements*.in` are the short input lists, `requirements*.txt` the locks `tools/lock.py`
makes from them. These tests read the files as pip does (one requirement per logical line,
`\\` continuations) and the installed distributions as `importlib.metadata` sees them.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import lock  # noqa: E402  (tools/ is no package; the flags live there once)

PAIRS = [(source, target) for source, target in lock.LOCKS if (ROOT / source).exists()]


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    marker: Marker | None
    hashes: tuple[str, ...]

    def applies(self) -> bool:
        return self.marker is None or self.marker.evaluate()


def logical_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    return [line.split(" #")[0].strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def pins(lock_file: str) -> list[Pin]:
    found = []
    for line in logical_lines(ROOT / lock_file):
        hashes = tuple(re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
        requirement = Requirement(re.sub(r"\s--hash=\S+", "", line).strip())
        (specifier,) = requirement.specifier
        found.append(Pin(canonicalize_name(requirement.name), specifier.version, requirement.marker, hashes))
    return found


def inputs(source: str) -> list[Requirement]:
    found = []
    for line in logical_lines(ROOT / source):
        if line.startswith("-r "):
            found += inputs(line.split(maxsplit=1)[1])
        else:
            found.append(Requirement(line))
    return found


@pytest.mark.parametrize("source,target", PAIRS, ids=[t for _, t in PAIRS])
def test_every_package_is_pinned_with_hashes(source, target):
    locked = pins(target)
    assert locked, f"{target} lists nothing"
    for pin in locked:
        assert pin.hashes, f"{target}: {pin.name}=={pin.version} has no --hash"


@pytest.mark.parametrize("source,target", PAIRS, ids=[t for _, t in PAIRS])
def test_the_lock_names_no_index_and_no_local_path(source, target):
    text = (ROOT / target).read_text(encoding="utf-8")
    for forbidden in ("--index-url", "--extra-index-url", "--find-links", "-f ", "file:", "/opt/", "/tmp/"):
        assert forbidden not in text.split("command:")[-1].split("\n", 2)[-1], (target, forbidden)


@pytest.mark.parametrize("source,target", PAIRS, ids=[t for _, t in PAIRS])
def test_the_lock_was_made_from_its_input_list(source, target):
    header = (ROOT / target).read_text(encoding="utf-8").splitlines()[1]
    assert header.endswith(f" {source} -o {target}"), header
    for flag in lock.FLAGS:
        assert f" {flag}" in header, (target, flag)
    locked = {pin.name: pin for pin in pins(target)}
    for wanted in inputs(source):
        name = canonicalize_name(wanted.name)
        assert name in locked, f"{source} asks for {wanted}, {target} lacks it: run tools/lock.py"
        assert wanted.specifier.contains(locked[name].version), (
            f"{source} asks for {wanted}, {target} pins {locked[name].version}: run tools/lock.py")


def test_one_version_of_each_package_across_the_locks():
    seen: dict[str, tuple[str, str]] = {}
    for _, target in PAIRS:
        for pin in pins(target):
            if pin.name in seen and pin.applies():
                assert seen[pin.name][0] == pin.version, (pin.name, seen[pin.name], (pin.version, target))
            elif pin.applies():
                seen[pin.name] = (pin.version, target)


def test_the_test_environment_is_the_lock():
    """What runs these tests is exactly requirements-dev.txt (.ci/run installs it)."""
    for pin in pins("requirements-dev.txt"):
        if pin.applies():
            assert metadata.version(pin.name) == pin.version, pin.name
