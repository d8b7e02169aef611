"""Run many word patterns over a text by trying each only where its first letters occur.

Python's regular expression engine tries every alternative of a pattern at every
position of the text, so scanning a report with dozens of long alternations costs
far more than reading it. Each pattern's possible first letters are worked out once
from its parsed form ("air[- ]?strikes?" can only begin with "air"); the text's word
starts are then looked up in that table, and a pattern is tried only there. The
matches are exactly those ``finditer`` gives, in the same order: a pattern whose
first letters cannot be bounded is simply scanned whole.
"""

from __future__ import annotations

import functools
import re
import re._constants as opcodes
import re._parser as regex_parser
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import cast

PREFIX_LENGTH = 3
MAX_PREFIXES = 2000  # a pattern with more first-letter strings is scanned whole
MAX_CLASS_SIZE = 20  # "[ae]" is expanded; "[a-z]" makes the pattern unbounded
WORD_START = re.compile(r"\b\w")

Prefixes = frozenset[str] | None


@dataclass(frozen=True, slots=True)
class PrefixIndex:
    """Which patterns may start with a given string, and those that must be scanned."""

    by_prefix: dict[str, tuple[int, ...]]
    lengths: tuple[int, ...]
    scanned: tuple[int, ...]


def match_prefixes(pattern: re.Pattern[str]) -> Prefixes:
    """Strings of ``PREFIX_LENGTH`` letters (shorter for a match that ends sooner) that
    every match of ``pattern`` begins with one of; ``None`` when no such small set exists
    or a match can begin with something other than a letter or digit."""
    if pattern.flags & re.IGNORECASE:
        return None
    found = _sequence(list(regex_parser.parse(pattern.pattern)), PREFIX_LENGTH)
    if not found or any(not prefix[:1].isalnum() for prefix in found):
        return None
    return frozenset(found)


@functools.lru_cache(maxsize=16)
def prefix_index(patterns: tuple[re.Pattern[str], ...]) -> PrefixIndex:
    by_prefix: dict[str, list[int]] = {}
    scanned = []
    for number, pattern in enumerate(patterns):
        prefixes = match_prefixes(pattern)
        if prefixes is None:
            scanned.append(number)
            continue
        for prefix in prefixes:
            by_prefix.setdefault(prefix, []).append(number)
    lengths = tuple(sorted({len(prefix) for prefix in by_prefix}, reverse=True))
    return PrefixIndex(
        {prefix: tuple(numbers) for prefix, numbers in by_prefix.items()}, lengths, tuple(scanned)
    )


def find_all(patterns: Sequence[re.Pattern[str]], text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """(pattern number, match) for every match ``pattern.finditer(text)`` would give."""
    index = prefix_index(tuple(patterns))
    for number in index.scanned:
        for found in patterns[number].finditer(text):
            yield number, found
    resume = [0] * len(patterns)
    for word in WORD_START.finditer(text):
        position = word.start()
        tried: set[int] = set()
        for length in index.lengths:
            for number in index.by_prefix.get(text[position : position + length], ()):
                if position < resume[number] or number in tried:
                    continue
                tried.add(number)
                match = patterns[number].match(text, position)
                if match is not None:
                    resume[number] = max(match.end(), position + 1)
                    yield number, match


# --- first letters of a parsed pattern ------------------------------------------------


def _sequence(items: list[tuple[object, object]], limit: int) -> set[str] | None:
    """Prefixes of a sequence of parsed items: strings of ``limit`` letters, or shorter
    strings that the whole sequence can match."""
    result = {""}
    for operator, argument in items:
        options = _item(operator, argument, limit)
        if options is None:
            return None
        result = _join(result, options, limit)
        if len(result) > MAX_PREFIXES:
            return None
        if all(len(prefix) >= limit for prefix in result):
            break
    return result


def _join(left: set[str], right: set[str], limit: int) -> set[str]:
    return {
        prefix if len(prefix) >= limit else (prefix + option)[:limit]
        for prefix in left
        for option in (right if len(prefix) < limit else {""})
    }


def _item(operator: object, argument: object, limit: int) -> set[str] | None:
    if operator is opcodes.LITERAL:
        return {chr(cast(int, argument))}
    if operator is opcodes.IN:
        return _class_members(cast(list[tuple[object, object]], argument))
    if operator in (opcodes.AT, opcodes.ASSERT, opcodes.ASSERT_NOT):
        return {""}  # zero-width: the pattern's own match checks it
    if operator is opcodes.SUBPATTERN:
        group = cast(tuple[object, object, object, list[tuple[object, object]]], argument)
        return _sequence(list(group[3]), limit)
    if operator is opcodes.BRANCH:
        return _branches(cast(tuple[None, list[list[tuple[object, object]]]], argument)[1], limit)
    if operator in (opcodes.MAX_REPEAT, opcodes.MIN_REPEAT):
        low, high, repeated = cast(tuple[int, int, list[tuple[object, object]]], argument)
        return _repeat(low, high, list(repeated), limit)
    return None


def _branches(alternatives: list[list[tuple[object, object]]], limit: int) -> set[str] | None:
    found: set[str] = set()
    for alternative in alternatives:
        prefixes = _sequence(list(alternative), limit)
        if prefixes is None:
            return None
        found |= prefixes
    return found


def _repeat(
    low: int, high: int, repeated: list[tuple[object, object]], limit: int
) -> set[str] | None:
    once = _sequence(repeated, limit)
    if once is None:
        return None
    found: set[str] = set()
    current = {""}
    for count in range(high + 1):
        if count >= low:
            found |= current
        # More repetitions than letters cannot make a new prefix (each one adds a letter
        # or adds nothing).
        ended = all(len(prefix) >= limit for prefix in current)
        if count == high or ended or once == {""} or count > low + limit:
            break
        current = _join(current, once, limit)
        if len(current) > MAX_PREFIXES:
            return None
    return found


def _class_members(items: list[tuple[object, object]]) -> set[str] | None:
    members: set[str] = set()
    for operator, argument in items:
        if operator is opcodes.LITERAL:
            members.add(chr(cast(int, argument)))
        elif operator is opcodes.RANGE:
            low, high = cast(tuple[int, int], argument)
            members.update(chr(code) for code in range(low, high + 1))
        else:
            return None  # a negated class or a category such as \w
        if len(members) > MAX_CLASS_SIZE:
            return None
    return members
