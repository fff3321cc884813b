"""Make the hashed locks from the short input lists: requirements*.in → requirements*.txt.

Every package that building or testing installs is pinned with the hashes of its files on
PyPI, so `pip install -r requirements.txt` installs exactly what was reviewed, or nothing.
The locks are universal (one file for every platform and Python ≥ 3.11, markers where a
package needs them) and name no index, so a machine's own pip settings never end up in them.

Needs uv and the network (PyPI); run it after editing an input list:

    python3 -m venv /tmp/uv && /tmp/uv/bin/pip install uv && python3 tools/lock.py /tmp/uv/bin/uv

Later lists are constrained by the earlier locks, so a package has one version in all of them.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: input list → lock, in order: each lock is constrained by those before it.
LOCKS = (
    ("requirements.in", "requirements.txt"),
    ("requirements-dev.in", "requirements-dev.txt"),
    ("requirements-engines.in", "requirements-engines.txt"),
)
#: The flags every lock is made with; tests/test_lock.py reads them back from each lock's header.
FLAGS = ("--no-emit-index-url", "--generate-hashes", "--universal", "--python-version", "3.11")


def compile_lock(uv: str, source: str, target: str, constraints: list[str]) -> None:
    """One `uv pip compile`, from PyPI only, ignoring the machine's pip and uv settings."""
    command = [uv, "pip", "compile", "--no-config", "--index-url", "https://pypi.org/simple", *FLAGS,
               *(f"--constraint={c}" for c in constraints), source, "-o", target]
    subprocess.run(command, cwd=ROOT, check=True)


def main(uv: str = "uv") -> None:
    done: list[str] = []
    for source, target in LOCKS:
        if (ROOT / source).exists():
            compile_lock(uv, source, target, done)
            done.append(target)


if __name__ == "__main__":
    main(*sys.argv[1:2])
