"""The ``--update-golden`` review mode of the golden tests.

With ``--update-golden`` every golden test also writes what incidex produced,
in the golden file's own format, to ``examples/<name>.golden.new.json`` and the
run ends with a unified diff of each golden file against it. Golden files are
never rewritten: a reviewer copies a ``.new.json`` over its golden file by hand.
"""

from __future__ import annotations

import pytest

REVIEW_KEY = pytest.StashKey[dict[str, str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="write examples/<name>.golden.new.json and print its diff against the golden file",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    # The default covers runs where this conftest was found after option parsing.
    return bool(request.config.getoption("--update-golden", default=False))


@pytest.fixture
def golden_review(request: pytest.FixtureRequest) -> dict[str, str]:
    """Diffs for review, by example name, printed at the end of the run."""
    return request.config.stash.setdefault(REVIEW_KEY, {})


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    diffs = terminalreporter.config.stash.get(REVIEW_KEY, {})
    if not diffs:
        return
    terminalreporter.section("golden review (--update-golden)")
    for name, diff in sorted(diffs.items()):
        terminalreporter.write_line(f"== {name}: " + ("no change" if not diff else "changes"))
        if diff:
            terminalreporter.write_line(diff)
