"""Score the coder against hand-coded data sets (``incidex evaluate ...``)."""

from __future__ import annotations

from incidex.evaluate.acled import AcledScores, format_scores, run_acled_evaluation

__all__ = ["AcledScores", "format_scores", "run_acled_evaluation"]
