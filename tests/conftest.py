from __future__ import annotations

import pytest

from .projects import Project, new_project


@pytest.fixture
def project(tmp_path) -> Project:
    """A valid one-year project in a temporary folder."""
    return new_project(tmp_path / "project")
