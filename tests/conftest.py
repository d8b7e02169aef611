"""Fixtures for every test folder: the shared data, and an empty store of each backend.

pytest puts this folder on ``sys.path``, so tests also ``import factories`` from here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NO_POSTGRES = 'INCIDEX_TEST_POSTGRES_URL is not set (eval "$(bash .ci/postgres.sh)" sets it)'


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The team's evaluation data beside the checkout; tests using it skip when it is absent."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip("../shared/data is not available")
    return path


@pytest.fixture(scope="session")
def seed_article() -> Path:
    path = SHARED / "examples" / "seed-article.txt"
    if not path.is_file():
        pytest.skip("../shared/examples/seed-article.txt is not available")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of the PostgreSQL server the tests may use; skips when none is set."""
    url = os.environ.get("INCIDEX_TEST_POSTGRES_URL")
    if not url:
        pytest.skip(NO_POSTGRES)
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty store of each backend (postgres: a schema of its own).

    The serve and web tests override it with a store of their sample events.
    """
    if request.param == "sqlite":
        yield str(tmp_path / "events.db")
        return
    server = request.getfixturevalue("postgres_url")
    from incidex.store.postgres import scratch_schema

    with scratch_schema(server) as url:
        yield url
