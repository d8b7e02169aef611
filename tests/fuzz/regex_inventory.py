"""Every regular expression the incidex package compiles, found by walking its modules.

Module-level patterns are found in module globals (and inside tuples, lists, dicts and
dataclass instances there); patterns compiled later (by helpers such as the casualty
parser's cached ``_compile``, the trigger table, the attribution cues, the date rules,
stage constructors) are caught by recording ``re.compile`` while the factories run and
while one small report goes through the text stages.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import importlib
import pkgutil
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import incidex

# Modules that need an optional extra, or do import-time work we do not want here.
PACKAGE_DIR = str(Path(incidex.__file__).parent)
SKIPPED_MODULES = frozenset({"incidex.store.postgres"})
SAMPLE_TEXT = (
    "Gunmen killed at least 12 villagers and wounded three others near Kidal on Monday, "
    "local officials said. The army blamed the attack on an armed group; on March 3 "
    "troops shelled the outskirts of the town of Gao, 20 km north of Tessalit.\n"
    "Protesters marched in Bamako last week. Gen. J. Smith was reportedly shot dead."
)


@dataclasses.dataclass(frozen=True)
class FoundPattern:
    """One compiled pattern and where it was found."""

    where: str
    regex: re.Pattern[Any]

    @property
    def label(self) -> str:
        source = self.regex.pattern
        shown = source if isinstance(source, str) else source.decode("latin-1")
        return f"{self.where}: {shown[:60]!r}"


def incidex_modules() -> Iterator[Any]:
    prefix = incidex.__name__ + "."
    for info in pkgutil.walk_packages(incidex.__path__, prefix):
        if info.name in SKIPPED_MODULES:
            continue
        try:
            yield importlib.import_module(info.name)
        except ImportError:  # an optional extra that is not installed
            continue


def patterns_in(value: object, depth: int = 0) -> Iterator[re.Pattern[Any]]:
    """Patterns in a value and in the containers and dataclasses it holds (a few levels)."""
    if isinstance(value, re.Pattern):
        yield value
        return
    if depth > 4:
        return
    if isinstance(value, dict):
        items: list[object] = [*value.keys(), *value.values()]
    elif isinstance(value, tuple | list | set | frozenset):
        items = list(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [getattr(value, f.name) for f in dataclasses.fields(value)]
    else:
        return
    for item in items:
        yield from patterns_in(item, depth + 1)


def module_patterns() -> Iterator[FoundPattern]:
    for module in incidex_modules():
        for name, value in vars(module).items():
            for regex in patterns_in(value):
                yield FoundPattern(f"{module.__name__}.{name}", regex)


@contextmanager
def recording_compiles(found: list[FoundPattern], where: str) -> Iterator[None]:
    """Record every pattern compiled (``re.compile`` and the ``re.search``-style helpers)."""
    original = re._compile  # type: ignore[attr-defined]

    def record(pattern: Any, flags: Any) -> Any:
        compiled = original(pattern, flags)
        caller = compiling_module()
        if isinstance(compiled, re.Pattern) and caller.startswith(PACKAGE_DIR):
            found.append(FoundPattern(where, compiled))
        return compiled

    re._compile = record  # type: ignore[attr-defined]
    try:
        yield
    finally:
        re._compile = original  # type: ignore[attr-defined]


def compiling_module() -> str:
    """The file of the first frame outside the ``re`` module (libraries compile their own)."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename == re.__file__:
        frame = frame.f_back  # type: ignore[assignment]
    return frame.f_code.co_filename if frame is not None else ""


def built_patterns() -> list[FoundPattern]:
    """Patterns built by factories and stage constructors, and compiled while coding text."""
    from incidex.records import RawReport
    from incidex.stages import attribution, dates, detect, fatalities
    from incidex.stages.actors import load_default_dictionary
    from incidex.stages.extract import extract_report
    from incidex.stages.nlp import split_sentences

    found: list[FoundPattern] = []
    fatalities._compile.cache_clear()
    attribution.compiled_cues.cache_clear()
    dates._rules.cache_clear()
    with recording_compiles(found, "incidex.stages.fatalities.compile_patterns()"):
        fatalities.compile_patterns()
    with recording_compiles(found, "incidex.stages.detect.load_trigger_patterns()"):
        triggers = detect.load_trigger_patterns()
    with recording_compiles(found, "incidex.stages.attribution.compiled_cues()"):
        attribution.compiled_cues()
    with recording_compiles(found, "incidex.stages.dates._rules()"):
        dates._rules()
    with recording_compiles(found, "incidex.stages.actors.load_default_dictionary()"):
        dictionary = load_default_dictionary()
    with recording_compiles(found, "text stages on a sample report"):
        extract_report(RawReport(origin="sample", content=SAMPLE_TEXT, kind="text"))
        extract_report(
            RawReport(origin="sample", content=f"<html><p>{SAMPLE_TEXT}</p></html>", kind="html")
        )
        split_sentences(SAMPLE_TEXT)
        detect.find_triggers(SAMPLE_TEXT, triggers)
        fatalities.find_casualties(SAMPLE_TEXT)
        attribution.find_cues(SAMPLE_TEXT)
        dates.find_dates(SAMPLE_TEXT, dt.date(2024, 3, 9))
        dictionary.find(SAMPLE_TEXT)
    return found


REGEX_FUNCTIONS = frozenset(
    {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}
)


def literal_patterns() -> Iterator[FoundPattern]:
    """Literal patterns passed straight to ``re.search(...)`` and friends in the source,
    which only compile when a rare branch runs."""
    for module in incidex_modules():
        if module.__file__ is None:
            continue
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            function = node.func
            first = node.args[0]
            is_re_call = (
                isinstance(function, ast.Attribute)
                and isinstance(function.value, ast.Name)
                and function.value.id == "re"
                and function.attr in REGEX_FUNCTIONS
            )
            if (
                is_re_call
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str | bytes)
            ):
                flags = re.IGNORECASE if "IGNORECASE" in ast.unparse(node) else 0
                where = f"{module.__name__} line {node.lineno}"
                yield FoundPattern(where, re.compile(first.value, flags))


def all_patterns() -> list[FoundPattern]:
    """Every distinct (pattern, flags) once, under the first place it was found."""
    seen: set[tuple[object, int]] = set()
    unique = []
    for found in [*module_patterns(), *built_patterns(), *literal_patterns()]:
        key = (found.regex.pattern, found.regex.flags)
        if key not in seen:
            seen.add(key)
            unique.append(found)
    return unique
