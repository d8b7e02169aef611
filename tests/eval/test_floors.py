"""The evaluation gate: the pinned ACLED samples must stay above their floors.

Lowering a floor in eval/floors.json is a deliberate, reviewed change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from incidex.evaluate.acled import floor_failures, run_acled_evaluation

FLOORS = Path(__file__).resolve().parents[2] / "eval" / "floors.json"
PINNED = json.loads(FLOORS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("file_name", sorted(PINNED))
def test_coding_scores_stay_above_their_floors(shared_data: Path, file_name: str) -> None:
    pinned = PINNED[file_name]
    scores = run_acled_evaluation(
        shared_data / "acled-dev" / file_name, limit=pinned["limit"], seed=pinned["seed"]
    )
    assert floor_failures(scores, pinned["floors"]) == []
