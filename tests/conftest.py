from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


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
