"""Fixtures for the serve tests: a small hand-built store and a web folder."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_samples import build_store

# Starlette's test client warns on import that it wants a newer HTTP client
# package; it works as is. Imported here once, quietly, before the tests import it.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import fastapi.testclient  # noqa: F401


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store the tests only read (built once per module: building merges events)."""
    return build_store(tmp_path_factory.mktemp("store") / "events.db")


@pytest.fixture
def fresh_store_url(tmp_path: Path) -> str:
    """A store of its own, for tests that write."""
    return build_store(tmp_path / "events.db")


@pytest.fixture(scope="module")
def web_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp_path = tmp_path_factory.mktemp("site")
    folder = tmp_path / "web"
    folder.mkdir()
    (folder / "index.html").write_text("<!doctype html><title>map</title>", encoding="utf-8")
    (folder / "app.js").write_text("console.log('map');\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the web", encoding="utf-8")
    yield folder
