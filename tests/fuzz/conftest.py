"""Fuzzing settings and a count of the examples each property test ran.

The counts are printed at the end of the session ("fuzz cases tried") so the figures in
docs/reliability.md can be measured again with one command.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# The inventory module and the hostile corpus helpers are imported by name.
sys.path.insert(0, str(Path(__file__).parent))

# "fuzz" keeps the whole folder under a minute on a busy two-core machine;
# "fuzz-long" (HYPOTHESIS_PROFILE=fuzz-long) is for a deliberate, longer run.
settings.register_profile(
    "fuzz",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile("fuzz-long", parent=settings.get_profile("fuzz"), max_examples=5_000)

EXAMPLES_KEY = pytest.StashKey[Counter[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[EXAMPLES_KEY] = Counter()


def counting(inner: Callable[..., Any], counts: Counter[str], name: str) -> Callable[..., Any]:
    def run_one_example(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return inner(*args, **kwargs)

    return run_one_example


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Wrap each hypothesis test's inner function (``test.hypothesis.inner_test``, the
    hook hypothesis provides for this) so every example it runs is counted."""
    counts = config.stash[EXAMPLES_KEY]
    for item in items:
        function = getattr(item, "obj", None)
        handle = getattr(function, "hypothesis", None)
        if handle is None or getattr(handle.inner_test, "_counted", False):
            continue
        wrapped = counting(handle.inner_test, counts, item.name)
        wrapped._counted = True  # type: ignore[attr-defined]
        handle.inner_test = wrapped


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    counts = config.stash[EXAMPLES_KEY]
    if not counts:
        return
    terminalreporter.section("fuzz cases tried")
    for name, count in sorted(counts.items()):
        terminalreporter.write_line(f"{count:7,d}  {name}")
    terminalreporter.write_line(f"{sum(counts.values()):7,d}  in all")
