"""What a fuller gazetteer would change on ACLED rows (issue 4), measured without a download.

The embedded gazetteer (GeoNames cities500) lacks most villages that conflict reports name,
and full GeoNames dumps cannot be fetched everywhere. This script stands in for one: it
writes the villages that ACLED codes at geo_precision 1 in the rows *outside* the scored
sample as a GeoNames 19-column table, loads it into a separate cache directory, and
scores the sample against it. Evaluation only: the table lives in
a temporary directory, removed at the end, and nothing derived from ACLED is kept.

    python eval/fuller_gazetteer.py --seed 3
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from incidex.evaluate.acled import filter_countries, read_gold_events, sample_events
from incidex.gazetteer import Gazetteer

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "acled-dev"
COUNTRIES = "Syria,Iraq,Yemen,Afghanistan,Somalia,Nigeria,Ukraine"


def village_rows(
    path: Path, countries: list[str], scored: set[str]
) -> dict[tuple[str, str], dict[str, str]]:
    """One ACLED row per (location, country) coded at the town itself, outside the sample."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            outside = row["country"] in countries and row["event_id_cnty"] not in scored
            if outside and row.get("geo_precision") == "1":
                rows[(row["location"], row["country"])] = row
    return rows


def write_table(rows: dict[tuple[str, str], dict[str, str]], target: Path) -> int:
    gazetteer = Gazetteer.load_default()
    with target.open("w", encoding="utf-8") as out:
        for number, ((location, country), row) in enumerate(rows.items()):
            iso2 = gazetteer.iso2(gazetteer.country(country)) or ""
            area = gazetteer.admin1(iso2, row["admin1"]) if iso2 else None
            code = (gazetteer.admin1_code(area) or "").rpartition(".")[2] if area else ""
            fields = [str(990_000_000 + number), location, location, "", row["latitude"],
                      row["longitude"], "P", "PPL", iso2, "", code, "", "", "", "0", "", "", "",
                      "2022-01-01"]  # fmt: skip
            out.write("\t".join(fields) + "\n")
    return len(rows)


def sample_arguments(description: str) -> argparse.Namespace | None:
    """The places sample's command line (file, countries, limit, seed); ``None``, with a
    message, when the ACLED file is absent."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--file", type=Path, default=DATA / "acled-global-2022h1.csv")
    parser.add_argument("--countries", default=COUNTRIES)
    parser.add_argument("--limit", type=int, default=700)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"no ACLED file at {str(args.file)!r}: nothing to measure", file=sys.stderr)
        return None
    return args


def main() -> int:
    args = sample_arguments(__doc__.splitlines()[0])
    if args is None:
        return 0
    countries = args.countries.split(",")
    events = filter_countries(read_gold_events(args.file), countries)
    scored = {e.event_id for e in sample_events(events, limit=args.limit, seed=args.seed)}
    with tempfile.TemporaryDirectory(prefix="incidex-fuller-") as cache:
        table = Path(cache) / "villages.txt"
        count = write_table(village_rows(args.file, countries, scored), table)
        env = {**os.environ, "INCIDEX_CACHE_DIR": cache}
        subprocess.run(["incidex", "gazetteer", "load", str(table)], check=True, env=env)
        print(f"{count} villages from {len(events) - len(scored)} rows outside the sample")
        command = ["incidex", "evaluate", "acled", str(args.file), "--country", args.countries,
                   "--limit", str(args.limit), "--seed", str(args.seed)]  # fmt: skip
        return subprocess.run(command, env=env, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
