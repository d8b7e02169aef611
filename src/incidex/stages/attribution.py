"""Find the words that say how sure a report is of who did something.

A cue is ``claimed`` (the actor says it did it), ``suspected`` (hedged: believed,
likely, reportedly, may be the work of) or ``confirmed`` (an authoritative
party establishes it). ``negated`` cues ("no confirmation", "no group has
claimed") count against their level; the merge stage turns cues into one
attribution per event and flags reports that contradict themselves.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import ClassVar

from incidex.records import Attribution, AttributionCue, Document, Span

# (level, negated, pattern). Order matters only for overlapping matches: the first wins.
CUE_PATTERNS: tuple[tuple[Attribution, bool, str], ...] = (
    (
        "confirmed",
        True,
        r"no (?:official )?confirmations?|(?:not|never) (?:been |yet |officially |independently )*"
        r"confirmed|unconfirmed|could not (?:be )?(?:independently )?(?:verif(?:y|ied)|confirm(?:ed)?)"
        r"|no (?:information|details|word) (?:\w+ ){0,3}(?:on|about|as to) who|unclear who|not known who",
    ),
    (
        "claimed",
        True,
        r"(?:no (?:group|one|organi[sz]ation)|nobody|none) (?:has |had )?(?:yet |immediately )?claimed"
        r"|(?:has|have|had) not (?:yet )?(?:been )?claimed|denied (?:any )?(?:involvement|responsibility)",
    ),
    (
        "claimed",
        False,
        r"claim(?:ed|s|ing)? (?:responsibility|credit)|claimed (?:the|an|that|it) "
        r"|(?:took|accepted|assumed) responsibility|responsibility was claimed",
    ),
    (
        "suspected",
        False,
        r"(?:it is|are|is|was|were|widely) (?:widely |also )?(?:believed|thought|suspected|presumed)"
        r"|(?:believed|presumed|thought|assumed) to (?:be|have)|suspected|presumed|likely|probably"
        r"|(?<=\()assumed"
        r"|reportedly|allegedly|alleged"
        r"|may (?:have been|be|well be) (?:the work of|behind|responsible)|the work of"
        r"|blamed|accused|presumably|apparently|attributed to",
    ),
    (
        "confirmed",
        False,
        r"confirm(?:ed|s|ing)?|confirmation (?:was|has been|came) (?:given|provided)"
        r"|acknowledged|announced (?:that )?(?:its|their) (?:forces|troops|aircraft|jets|drones)",
    ),
)


@functools.cache
def compiled_cues() -> tuple[tuple[Attribution, bool, re.Pattern[str]], ...]:
    return tuple(
        (level, negated, re.compile(rf"\b(?:{pattern})", re.IGNORECASE))
        for level, negated, pattern in CUE_PATTERNS
    )


def find_cues(text: str) -> list[AttributionCue]:
    """Every attribution cue in ``text``, sorted by start; overlapping later matches are dropped."""
    found: list[AttributionCue] = []
    taken: list[tuple[int, int]] = []
    for level, negated, regex in compiled_cues():
        for match in regex.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.append(AttributionCue(Span(start, end, match.group()), level, negated))
    found.sort(key=lambda cue: cue.span.start)
    return found


class AttributionStage:
    """Mark words that grade who-did-it: claimed, suspected, confirmed, or their negations."""

    name: ClassVar[str] = "attribution.cues.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"report"})
    provides: ClassVar[frozenset[str]] = frozenset({"cues"})

    def __call__(self, doc: Document) -> Document:
        return replace(doc, cues=tuple(find_cues(doc.report.text)))
