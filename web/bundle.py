"""Copy the pinned browser libraries from web/node_modules into the package.

Run ``npm ci`` (or ``npm install``) in ``web/`` first, then ``python web/bundle.py``.
The copies live in ``src/incidex/serve/web/vendor/`` and are committed, so people
who ``pip install incidex`` never need npm. Each library's licence is copied next
to its files, and ``vendor/manifest.json`` records the version of each library;
``tests/web/test_vendor.py`` checks the manifest against ``web/package.json``.

``python web/bundle.py --check`` copies nothing: it exits 1 when a vendored file
differs from the one in node_modules or a version differs from its pin.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import sys
from pathlib import Path

WEB = Path(__file__).resolve().parent
NODE_MODULES = WEB / "node_modules"
VENDOR = WEB.parent / "src" / "incidex" / "serve" / "web" / "vendor"

# package -> (file inside the package, name under vendor/<package>/)
FILES: dict[str, tuple[tuple[str, str], ...]] = {
    "leaflet": (
        ("dist/leaflet.js", "leaflet.js"),
        ("dist/leaflet.css", "leaflet.css"),
        ("dist/images/layers.png", "images/layers.png"),
        ("dist/images/layers-2x.png", "images/layers-2x.png"),
        ("dist/images/marker-icon.png", "images/marker-icon.png"),
        ("dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"),
        ("dist/images/marker-shadow.png", "images/marker-shadow.png"),
        ("LICENSE", "LICENSE"),
    ),
    "leaflet.markercluster": (
        ("dist/leaflet.markercluster.js", "leaflet.markercluster.js"),
        ("dist/MarkerCluster.css", "MarkerCluster.css"),
        ("dist/MarkerCluster.Default.css", "MarkerCluster.Default.css"),
        ("MIT-LICENCE.txt", "LICENSE"),
    ),
    "topojson-client": (
        ("dist/topojson-client.min.js", "topojson-client.min.js"),
        ("LICENSE", "LICENSE"),
    ),
    "world-atlas": (
        ("countries-50m.json", "countries-50m.json"),
        ("LICENSE", "LICENSE"),
    ),
}

NATURAL_EARTH_NOTE = """\
countries-50m.json is Natural Earth's Admin 0 country boundaries (1:50m),
version 4.1.0, converted to TopoJSON by the world-atlas package (ISC licence,
see LICENSE). Natural Earth data is in the public domain:
"No permission is needed to use Natural Earth. Crediting the authors is
unnecessary." Made with Natural Earth. Free vector and raster map data
at naturalearthdata.com.
"""


def pinned_versions() -> dict[str, str]:
    manifest = json.loads((WEB / "package.json").read_text(encoding="utf-8"))
    return dict(manifest["dependencies"])


def installed_version(package: str) -> str:
    manifest = NODE_MODULES / package / "package.json"
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


def version_mismatches() -> list[str]:
    return [
        f"{package}: package.json pins {pin!r}, node_modules has {installed_version(package)!r}"
        for package, pin in pinned_versions().items()
        if installed_version(package) != pin
    ]


def copy_all() -> None:
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for package, files in FILES.items():
        for source, target in files:
            destination = VENDOR / package / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(NODE_MODULES / package / source, destination)
    (VENDOR / "world-atlas" / "NATURAL-EARTH.txt").write_text(NATURAL_EARTH_NOTE, encoding="utf-8")
    versions = {package: installed_version(package) for package in FILES}
    (VENDOR / "manifest.json").write_text(
        json.dumps(versions, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def stale_files() -> list[str]:
    return [
        f"{package}/{target}"
        for package, files in FILES.items()
        for source, target in files
        if not (VENDOR / package / target).is_file()
        or not filecmp.cmp(NODE_MODULES / package / source, VENDOR / package / target, False)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, copy nothing")
    args = parser.parse_args(argv)
    if not NODE_MODULES.is_dir():
        sys.stderr.write("bundle: run `npm ci` in web/ first\n")
        return 2
    problems = version_mismatches()
    if args.check:
        problems += [f"vendored file differs: {name}" for name in stale_files()]
    elif not problems:
        copy_all()
    for problem in problems:
        sys.stderr.write(f"bundle: {problem}\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
