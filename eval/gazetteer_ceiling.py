"""How far the embedded gazetteer can take distance on ACLED rows (issue 4).

Codes the places sample (seven countries by default), and sorts the rows coded more than
25 km from ACLED's point by what the gazetteer knows of ACLED's location name (and of each
part of a name written "Town - Place"):

- *has it*: a place of that name lies within 25 km of ACLED's point, so choosing better
  among candidates could still win the row;
- *namesakes only*: places of that name exist, all farther away;
- *missing*: no place of that name in any spelling the gazetteer knows.

The ceiling is the share within 25 km if every *has it* row were won. Evaluation only:
nothing is written.

    python eval/gazetteer_ceiling.py --seed 3
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from fuller_gazetteer import sample_arguments

from incidex.evaluate.acled import (
    filter_countries,
    first_event,
    km_error,
    read_gold_events,
    sample_events,
)
from incidex.gazetteer import Gazetteer, great_circle_km
from incidex.pipeline import default_pipeline

NEAR_KM = 25.0


def locations(path: Path) -> dict[str, str]:
    """ACLED's location name of each event."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["event_id_cnty"]: row["location"] for row in csv.DictReader(handle)}


def known_as(gazetteer: Gazetteer, location: str, latitude: float, longitude: float) -> str:
    names = {location, *(part.strip() for part in location.split(" - "))}
    distances = [
        great_circle_km(place.latitude, place.longitude, latitude, longitude)
        for name in names
        for place in gazetteer.candidates(name)
    ]
    if any(distance <= NEAR_KM for distance in distances):
        return "has it"
    return "namesakes only" if distances else "missing"


def main() -> int:
    args = sample_arguments(__doc__.splitlines()[0])
    if args is None:
        return 0
    events = filter_countries(read_gold_events(args.file), args.countries.split(","))
    sample = sample_events(events, limit=args.limit, seed=args.seed)
    names = locations(args.file)
    gazetteer = Gazetteer.load_default()
    pipeline = default_pipeline()
    placed = near = 0
    far: Counter[str] = Counter()
    for gold in sample:
        error = km_error(gold, first_event(pipeline, gold))
        if error is None or gold.latitude is None or gold.longitude is None:
            continue
        placed += 1
        if error <= NEAR_KM:
            near += 1
        else:
            far[known_as(gazetteer, names[gold.event_id], gold.latitude, gold.longitude)] += 1
    if not placed:
        print("no row was placed")
        return 0
    print(f"{placed} rows placed, {near} within {NEAR_KM:.0f} km ({near / placed:.3f})")
    print(f"{sum(far.values())} farther off:")
    for kind in ("has it", "namesakes only", "missing"):
        print(f"  {kind:<15} {far[kind]}")
    ceiling = (near + far["has it"]) / placed
    print(f"ceiling with the embedded gazetteer: {ceiling:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
