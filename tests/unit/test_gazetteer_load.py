"""Loading GeoNames dump tables into the gazetteer, and downloading them (issue 4).

The base of every load is the default index, built once per cache as for the other
gazetteer tests; each test loads into its own temporary cache directory, so the
user's cache is never written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from incidex.errors import IncidexError
from incidex.gazetteer import (
    Gazetteer,
    build_index,
    default_index_path,
    download_geonames_dumps,
    index_in_use,
    index_status,
    load_geonames_dumps,
    loaded_index_path,
    parse_dump_row,
    reset_loaded_index,
)
from incidex.records import Document, Entity, Report, Span
from incidex.serve.cli import main
from incidex.stages.places import PlacesStage

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "geonames"
DUMP = FIXTURES / "XX.txt"
NAMES = FIXTURES / "alternatenames-XX.txt"
VILLAGE_ID = 990000001


@pytest.fixture(scope="session")
def default_index() -> Path:
    """The embedded default index in the user's cache (built there when missing)."""
    path = default_index_path()
    if not path.is_file():
        build_index(path)
    return path


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("INCIDEX_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def loaded(cache: Path, default_index: Path) -> Gazetteer:
    summary = load_geonames_dumps([DUMP], alternate_names=[NAMES], base=default_index)
    return Gazetteer(summary.path)


def zipped(source: Path, archive: Path, member: str) -> Path:
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped_file:
        zipped_file.write(source, member)
        zipped_file.writestr("readme.txt", "invented rows\n")
    return archive


def geoname_line(
    geonameid: int | None,
    name: str,
    alternates: str,
    feature_class: str,
    feature_code: str,
    admin1: str,
    population: int,
) -> str:
    """A row of the 19-column GeoNames table, in Syria at a made-up point."""
    fields = [str(geonameid), name, name, alternates, "36.5", "37.9", feature_class, feature_code]
    fields += ["SY", "", admin1, "", "", "", str(population), "", "", "", ""]
    return "\t".join(fields)


def ids(gazetteer: Gazetteer, name: str) -> set[int | None]:
    return {place.geonameid for place in gazetteer.candidates(name)}


@pytest.mark.parametrize(
    "spelling",
    [
        "Kafr Example",  # name
        "kafr-example",  # name_key variants
        "Kafr al-Example",
        "Kfar Example",  # the dump's own alternate names
        "Kafr Ixampl",
        "Kafr Eksampel",  # alternateNames table
        "Kefr Ikzampil",  # a historic name is kept
    ],
)
def test_loaded_village_is_found_by_every_spelling(loaded: Gazetteer, spelling: str) -> None:
    assert VILLAGE_ID in ids(loaded, spelling)


def test_loaded_village_is_a_place_with_coordinates(loaded: Gazetteer) -> None:
    village = next(p for p in loaded.candidates("Kafr Example") if p.geonameid == VILLAGE_ID)
    assert (village.latitude, village.longitude) == (36.4012, 36.8817)
    assert village.country == "Syria"
    assert village.admin1 == "Aleppo"
    assert (village.feature_code, village.population) == ("PPL", 1250)


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Tall Example", True),  # T.HLL kept
        ("Example Refugee Camp", True),  # S.CMPRF kept
        ("Camp Example", True),  # its alternate name
        ("Nahiyat Example", True),  # A.ADM3 kept, by its ASCII name
        ("Hotel Example", False),  # S.HTL left out
        ("Wadi Example", False),  # H left out
        ("Old Example", False),  # PPLH: historical
        ("Short Row Example", False),  # malformed rows
        ("Nowhere Example", False),
        ("Example Town", False),  # colloquial
        ("Unknown Example", False),  # a name of a place not in the index
        ("KFE", False),  # iata code
        ("Kafr Ex", False),  # abbr
    ],
)
def test_kept_and_skipped_features_and_names(loaded: Gazetteer, name: str, found: bool) -> None:
    assert loaded.has_name(name) is found


def test_default_places_are_still_there(loaded: Gazetteer) -> None:
    assert loaded.candidates("Aleppo")[0].country == "Syria"
    assert loaded.country("SY") is not None
    assert loaded.admin1("SY", "Aleppo") is not None


def test_summary_counts_kept_rows_names_and_bad_rows(cache: Path, default_index: Path) -> None:
    summary = load_geonames_dumps([DUMP], alternate_names=[NAMES], base=default_index)
    assert summary.path == loaded_index_path()
    assert summary.places == 4
    assert summary.skipped_rows == 3  # two in the dump, one in the names table
    assert summary.names > 0


def test_load_default_opens_the_loaded_index_until_reset(
    loaded: Gazetteer, default_index: Path
) -> None:
    assert index_in_use() == loaded_index_path()
    assert VILLAGE_ID in ids(Gazetteer.load_default(), "Kafr Example")
    status = index_status()
    assert status.loaded and status.sources == ("XX.txt", "alternatenames-XX.txt")
    assert status.places > 100_000 and status.names > status.places
    assert reset_loaded_index() is True
    assert index_in_use() == default_index_path()
    assert reset_loaded_index() is False


def test_a_dump_row_replaces_the_row_of_the_same_id(
    cache: Path, default_index: Path, tmp_path: Path
) -> None:
    base = Gazetteer(default_index)
    town = next(p for p in base.candidates("Manbij") if p.country == "Syria")
    row = geoname_line(town.geonameid, "Manbij", "Menbij Example", "P", "PPLA2", "09", 4242)
    dump = tmp_path / "SY.txt"
    dump.write_text(row + "\n", encoding="utf-8")
    loaded = Gazetteer(load_geonames_dumps([dump], base=default_index).path)
    replaced = next(p for p in loaded.candidates("Menbij Example"))
    assert replaced.geonameid == town.geonameid
    assert (replaced.population, replaced.feature_code) == (4242, "PPLA2")
    assert town.geonameid in ids(loaded, "Manbij")  # the base's names stay


def test_countries_and_admin1_areas_keep_their_default_rows(
    cache: Path, default_index: Path, tmp_path: Path
) -> None:
    base = Gazetteer(default_index)
    syria = base.country("SY")
    assert syria is not None
    row = geoname_line(syria.geonameid, "Syrian Example Republic", "", "A", "PCLI", "00", 1)
    dump = tmp_path / "SY.txt"
    dump.write_text(row + "\n", encoding="utf-8")
    loaded = Gazetteer(load_geonames_dumps([dump], base=default_index).path)
    assert loaded.country("SY") == syria
    assert not loaded.has_name("Syrian Example Republic")


def test_loads_accumulate_and_read_zip_members(cache: Path, default_index: Path) -> None:
    archive = zipped(DUMP, cache / "in" / "XX.zip", "XX.txt")
    load_geonames_dumps([archive], base=default_index)
    other = cache / "in" / "YY.txt"
    other.write_text(
        DUMP.read_text(encoding="utf-8").replace("990000002\tTall Example", "990000010\tTall Other")
    )
    gazetteer = Gazetteer(load_geonames_dumps([other]).path)  # base: the loaded index
    assert gazetteer.has_name("Tall Other") and gazetteer.has_name("Kafr Example")


@pytest.mark.parametrize(
    "line",
    [
        "",
        "1\tonly two",
        "x\tA\tA\t\t1\t2\tP\tPPL\tSY" + "\t" * 10,
        "1\tA\tA\t\t95\t2\tP\tPPL" + "\t" * 11,
    ],
)
def test_malformed_dump_rows_raise_value_error(line: str) -> None:
    with pytest.raises(ValueError):
        parse_dump_row(line)


def test_unreadable_inputs_are_one_line_errors(
    cache: Path, default_index: Path, tmp_path: Path
) -> None:
    fake = tmp_path / "XX.zip"
    fake.write_bytes(b"not a zip at all")
    with pytest.raises(IncidexError, match="cannot read the GeoNames archive"):
        load_geonames_dumps([fake], base=default_index)
    with pytest.raises(IncidexError, match="no such file"):
        load_geonames_dumps([tmp_path / "missing.txt"], base=default_index)
    with pytest.raises(IncidexError, match="not a gazetteer index"):
        load_geonames_dumps([DUMP], base=fake)
    assert not loaded_index_path().exists()


def test_places_stage_resolves_a_report_with_the_loaded_gazetteer(loaded: Gazetteer) -> None:
    text = "Shelling hit the village of Kafr Example on Tuesday, residents said."
    start = text.index("Kafr Example")
    report = Report(
        report_id="r1", text=text, content_hash="x", origin="test", published=dt.date(2024, 1, 1)
    )
    entity = Entity(Span(start, start + 12, "Kafr Example"), "GPE")
    doc = PlacesStage()(Document(report=report, entities=(entity,)))  # Gazetteer.load_default()
    place = next(t.place for t in doc.toponyms if t.span.text == "Kafr Example")
    assert place is not None
    assert (place.geonameid, place.latitude, place.longitude) == (VILLAGE_ID, 36.4012, 36.8817)


# ---------------------------------------------------------------------------
# Downloading, from a server on the loopback interface
# ---------------------------------------------------------------------------


class DumpServer(http.server.BaseHTTPRequestHandler):
    files: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        folder, _, name = self.path.rpartition("/")
        if folder == "/slow":
            time.sleep(1.0)
        body = self.files.get(f"/{name}" if folder in {"/slow", "/unsized"} else self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        if folder != "/unsized":  # HTTP/1.0: the body then ends when the connection closes
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(ConnectionError):  # the client gave up on an oversized body
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    DumpServer.files = {
        "/XX.zip": zipped(DUMP, tmp_path / "srv" / "XX.zip", "XX.txt").read_bytes(),
        "/alternatenames/XX.zip": zipped(
            NAMES, tmp_path / "srv" / "names.zip", "XX.txt"
        ).read_bytes(),
        "/ZZ.zip": b"<html>not a zip</html>",
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DumpServer)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_download_loads_the_country_and_its_names(
    server: str, cache: Path, default_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("incidex.gazetteer.default_index_path", lambda: default_index)
    summary = download_geonames_dumps(["xx"], base_url=server, alternate_names=True)
    gazetteer = Gazetteer(summary.path)
    assert VILLAGE_ID in ids(gazetteer, "Kafr Eksampel")
    assert summary.places == 4
    assert [p.name for p in cache.iterdir()] == [loaded_index_path().name]  # no leftovers


@pytest.mark.parametrize(
    ("codes", "options", "message"),
    [
        (["QQ"], {}, "HTTP 404"),
        (["ZZ"], {}, "did not send a zip archive"),
        (["XX"], {"max_bytes": 100}, "over 100"),  # by its Content-Length
        (["XX"], {"base_suffix": "unsized/", "max_bytes": 100}, "more than 100 bytes"),
        (["XX"], {"base_suffix": "slow/", "timeout_s": 0.2}, "timed out"),
        (["Syria"], {}, "not a country code"),
    ],
)
def test_download_failures_are_one_line_errors(
    server: str, cache: Path, codes: list[str], options: dict, message: str
) -> None:
    base_url = server + options.pop("base_suffix", "")
    with pytest.raises(IncidexError, match=message) as raised:
        download_geonames_dumps(codes, base_url=base_url, **options)
    assert "\n" not in str(raised.value)
    assert not loaded_index_path().exists()


# ---------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------


def run_cli(*argv: str) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_load_status_reset(
    cache: Path, default_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("incidex.gazetteer.default_index_path", lambda: default_index)
    code, _, err = run_cli("gazetteer", "load", str(DUMP), "--alternate-names", str(NAMES))
    assert code == 0 and "4 places" in err and "3 malformed rows skipped" in err
    code, out, _ = run_cli("gazetteer", "status")
    assert code == 0 and "loaded" in out and "XX.txt" in out
    code, out, _ = run_cli("gazetteer", "reset")
    assert code == 0 and not loaded_index_path().exists()
    code, out, _ = run_cli("gazetteer", "status")
    assert "embedded default" in out


def test_cli_download_errors_exit_2(server: str, cache: Path) -> None:
    code, _, err = run_cli("gazetteer", "download", "QQ", "--base-url", server)
    assert code == 2 and err.count("\n") == 1 and "HTTP 404" in err
