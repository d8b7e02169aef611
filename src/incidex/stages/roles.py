"""Who did what to whom in one event: actor1, actor2, associated actors and suspects."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from incidex.gazetteer import DEMONYMS
from incidex.records import (
    Actor,
    ActorMention,
    CasualtyCount,
    Document,
    Span,
    Token,
)
from incidex.stages.actors import COUNTRY_WORDS, name_for_country
from incidex.stages.detect import TAXONOMY
from incidex.stages.event_type import CRUDE_BOMBS, crowd_attacked_protest
from incidex.stages.fatalities import TALLY_GROUP

if TYPE_CHECKING:
    from incidex.stages.merge import Mention


UNIDENTIFIED_AIR = Actor("Unidentified Military Forces", inter=8, kind="unidentified-air")
UNIDENTIFIED_GROUP = Actor("Unidentified Armed Group", inter=3, kind="unidentified")
PROTESTERS = Actor("Protesters", inter=6, kind="protesters")
RIOTERS = Actor("Rioters", inter=5, kind="rioters")
CIVILIANS = Actor("Civilians", inter=7, kind="civilians")
POLICE = Actor("Police Forces", inter=1, kind="police")
# Verbs whose subject suffers the event rather than causes it.
VICTIM_VERBS = frozenset({"lose", "die", "suffer", "mourn", "perish", "be", "escape", "survive"})
REPORTING_VERBS = frozenset(
    """say tell report confirm add state announce describe quote deny allege accuse
    blame""".split()  # noqa: SIM905 - one word list reads better than a column
)
FINDING_VERBS = frozenset({"find", "discover", "recover", "retrieve", "exhume", "locate"})
FIGHT_VERBS = frozenset({"fight", "clash", "battle", "engage", "exchange", "skirmish", "battles"})
MODIFIER_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
HARM_VERBS = frozenset({"kill", "hit", "strike", "target", "wound", "injure", "shoot", "slay"})
NOUN_LINKS = frozenset(
    {"compound", "amod", "poss", "nmod", "appos", "conj", "det", "case", "nummod"}
)


@dataclass(frozen=True, slots=True)
class Roles:
    actor1: ActorMention | None
    actor2: ActorMention | None
    suspected: ActorMention | None


def token_at(tokens: Sequence[Token], starts: Sequence[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


def phrase_head(tokens: Sequence[Token], first: int, last: int) -> int:
    """The token of ``first..last`` whose head lies outside the span."""
    for i in range(first, last + 1):
        head = tokens[i].head
        if head < first or head > last or head == i:
            return i
    return last


# Nouns whose "of" phrase names who they belong to: "members of a local militia" act as
# the militia does, while "the killing of civilians" still makes civilians the target.
MEMBER_NOUNS = frozenset(
    """
    member members element elements fighter fighters unit units group groups supporter
    supporters cadre cadres militant militants troop troops soldier soldiers officer officers
    personnel faction factions wing militia militias gunman gunmen youth youths activist
    activists force forces team teams column columns squad squads number dozens hundreds
    scores band bands gang gangs mob crowd handful contingent detachment platoon battalion patrol
    sniper snipers commander commanders leader leaders assailants attackers operative
    operatives affiliate affiliates official officials
    """.split()  # noqa: SIM905 - one word list reads better than a column
)
# Nouns for a fight, whose "with" phrase names the other side: "clashes with X".
FIGHT_NOUNS = frozenset(
    """
    clash clashes fighting battle battles fight fights confrontation skirmish gunfight
    gunfights firefight firefights encounter encounters shootout shootouts gunbattle
    gunbattles
    """.split()  # noqa: SIM905 - one word list reads better than a column
)
TARGET_WORDS = frozenset({"against", "on", "at", "targeting", "of", "upon", "toward", "towards"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
# "fighting broke out between X and Y", "clashes between X and Y": X is actor1, Y actor2.
# "Among the dead are two police reservists and a herder" lists victims, not two sides.
BETWEEN = re.compile(
    r"\b(?:between|among(?!\s+(?:the\s+)?(?:dead|killed|injured|wounded|victims|casualties"
    r"|those|them|others)\b))\b",
    re.IGNORECASE,
)


def role_of(tokens: Sequence[Token], i: int) -> str | None:
    """'actor1' (did it), 'actor2' (suffered it), 'finder' (found the dead) or None, from
    the dependency parse."""
    i, via_conj = climb_noun_phrase(tokens, i)
    token = tokens[i]
    if token.dep in {"aux", "auxpass"} and token.text.isupper() and token.head != i:
        return "actor1"  # "IS opened fire": the parser read the acronym as the verb "is"
    if suffered_named_harm(tokens, i):
        return "actor2"
    if token.dep == "nsubj":
        return subject_role(tokens, token.head, via_conj=via_conj)
    if token.dep in {"nsubjpass", "dative"} or token.dep in OBJECT_DEPS:
        return "actor2"
    if token.dep == "pobj":
        return object_of_preposition_role(tokens, token.head, via_conj=via_conj)
    return None


# Verbs of harm that, hung on a noun ("rustlers shot dead by police", "civilians killed in
# the strike"), make the noun the one harmed.
REDUCED_HARMS = HARM_VERBS | frozenset(
    """attack abduct kidnap behead execute stab hack beat torture lynch capture arrest
    detain""".split()  # noqa: SIM905 - one word list reads better than a column
)


def suffered_named_harm(tokens: Sequence[Token], i: int) -> bool:
    """Does a harm verb with its "by" hang on the noun as a reduced relative clause ("9
    rustlers shot dead by police a week after the minister visited")? The noun suffered it,
    whatever the parse makes it the subject of."""
    return any(
        t.head == i
        and t.dep == "acl"
        and t.tag == "VBN"
        and t.lemma in REDUCED_HARMS
        and any(agent.head == k and agent.dep == "agent" for agent in tokens[k + 1 : k + 4])
        for k, t in enumerate(tokens[i + 1 : i + 4], start=i + 1)
    )


def climb_noun_phrase(tokens: Sequence[Token], i: int) -> tuple[int, bool]:
    """The head of the noun phrase around token ``i`` ("Houthi" -> "forces", "militia" in
    "members of a militia" -> "members"), and whether the climb went through a conjunct."""
    via_conj = False
    for _ in range(8):
        token = tokens[i]
        if token.head == i:
            break
        if token.dep == "pobj" and is_member_of(tokens, token.head):
            i = tokens[token.head].head  # "members of X": X plays the members' part
            continue
        if token.dep not in NOUN_LINKS:
            break
        via_conj = via_conj or token.dep == "conj"
        i = token.head
    return i, via_conj


def is_member_of(tokens: Sequence[Token], preposition: int) -> bool:
    word = tokens[preposition]
    owner = tokens[word.head]
    # "members of X"; "fighters from the X tribe"
    return word.text.casefold() in {"of", "from"} and owner.text.casefold() in MEMBER_NOUNS


def subject_role(tokens: Sequence[Token], verb: int, *, via_conj: bool) -> str | None:
    head = tokens[verb]
    if head.lemma in REPORTING_VERBS:
        return None  # "police said": a source of the report, not a party to the event
    if head.lemma in FINDING_VERBS and found_the_dead(tokens, verb):
        return "finder"  # "police found the body": who found the dead did not kill them
    if head.lemma in VICTIM_VERBS or is_headline_passive(tokens, verb) or comes_under(tokens, verb):
        return "actor2"
    if via_conj and head.lemma in FIGHT_VERBS and not has_fight_partner(tokens, verb):
        return "actor2"  # "X and Y clashed": the second named side is the other party
    return "actor1"


def found_the_dead(tokens: Sequence[Token], verb: int) -> bool:
    """ "found the bodies", not "found an IED and defused it"."""
    return any(
        t.head == verb and t.dep in OBJECT_DEPS and t.lemma in {"body", "corpse", "remains"}
        for t in tokens[verb + 1 : verb + 6]
    )


def comes_under(tokens: Sequence[Token], verb: int) -> bool:
    """ "A patrol came under fire": the subject suffered the attack."""
    return tokens[verb].lemma == "come" and any(
        t.head == verb and t.text.casefold() == "under" for t in tokens[verb + 1 : verb + 3]
    )


def has_fight_partner(tokens: Sequence[Token], verb: int) -> bool:
    """Does the fight verb name its other side ("clashed with Y")?"""
    return any(
        t.head == verb and t.text.casefold() in {"with", "against"}
        for t in tokens[verb + 1 : verb + 15]
    )


def object_of_preposition_role(
    tokens: Sequence[Token], preposition: int, *, via_conj: bool
) -> str | None:
    word = tokens[preposition].text.casefold()
    governor = tokens[tokens[preposition].head]
    if word == "by" or (word, governor.lemma) in {("on", "blame"), ("of", "work")}:
        # "an explosion blamed on al-Shabaab", "the work of al-Shabaab": the suspect
        return "actor1"
    if word in TARGET_WORDS:
        return "actor2"
    if word in {"between", "among"}:
        return "actor2" if via_conj else "actor1"
    if word == "with" and (
        governor.lemma in FIGHT_VERBS or governor.text.casefold() in FIGHT_NOUNS
    ):
        return "actor2"
    return None


def is_headline_passive(tokens: Sequence[Token], verb: int) -> bool:
    """ "Commander killed in strike": a harm verb with a subject but no object means the
    subject suffered it (headlines drop the "was"). "Police shot and killed two men" is
    active: the object may hang on a verb joined by "and", or the parser may miss it when
    a noun follows the verb ("drones targeted workers")."""
    if tokens[verb].lemma not in HARM_VERBS:
        return False
    verbs = {verb} | {
        k for k in range(verb + 1, min(len(tokens), verb + 6)) if is_joined_verb(tokens, k, verb)
    }
    if any(t.head in verbs and t.dep in OBJECT_DEPS for t in tokens[verb + 1 : verb + 15]):
        return False
    after = tokens[verb + 1] if verb + 1 < len(tokens) else None
    return after is None or after.pos not in {"NOUN", "PROPN", "DET", "NUM", "PRON"}


def is_joined_verb(tokens: Sequence[Token], k: int, verb: int) -> bool:
    return tokens[k].dep == "conj" and tokens[k].head == verb and tokens[k].pos == "VERB"


def vote_roles(doc: Document, mentions: Sequence[Mention]) -> dict[str, list[ActorMention]]:
    starts = [t.start for t in doc.tokens]
    votes: dict[str, list[ActorMention]] = {"actor1": [], "actor2": [], "other": [], "finder": []}
    sentence_spans = [m.span for m in mentions]
    for mention in doc.actors:
        if not any(s.start <= mention.span.start < s.end for s in sentence_spans):
            continue
        role = None
        if doc.tokens:
            first = token_at(doc.tokens, starts, mention.span.start)
            last = token_at(doc.tokens, starts, mention.span.end - 1)
            role = role_of(doc.tokens, phrase_head(doc.tokens, first, last))
            if role != "actor1" and opens_active_clause(doc.tokens, first, last):
                role = "actor1"
        votes[role or "other"].append(mention)
    return votes


# Past forms of the verbs that report political violence, and the present forms of
# headlines ("Degodia fighters attack and kill two herders"), read from the words themselves
# because the parser often garbles a sentence that opens with a date ("On 3 May, a Houthi
# sniper shot ...").
ACTION_FORMS = frozenset(
    """
    attacked ambushed abducted kidnapped killed shot fired shelled raided stormed seized
    looted burned burnt torched detonated launched carried conducted targeted struck hit
    bombed lobbed threw hurled set clashed fought opened captured arrested detained
    assaulted beat beheaded executed tortured stabbed hacked engaged exchanged repelled
    intercepted injured wounded overran overtook took destroyed planted abducted pursued
    attack attacks kill kills raid raids shoot shoots storm storms ambush ambushes abduct
    abducts kidnap kidnaps torch torches battle battles clash fight dismantle dismantled
    """.split()  # noqa: SIM905 - one word list reads better than a column
)
# What may stand between a doer and its verb: "Houthi drones targeted", "IS Sahel
# militants (suspected) seized".
SUBJECT_TAIL_POS = frozenset({"NOUN", "PROPN", "ADJ", "PUNCT", "ADV"})
# A verb followed by these words is a headline passive: "soldiers killed in an ambush".
PASSIVE_TAIL = frozenset(
    {"by", "in", "at", "near", "during", "on", "after", "as", "when", "while", ".", ",", ";", ":"}
)


def opens_active_clause(tokens: Sequence[Token], first: int, last: int) -> bool:
    """Is the mention at ``first..last`` the subject of an active violent verb, read from
    the surface: no verb before it in its clause, then within three words a past form such
    as "attacked" that does not read as a headline passive ("killed in ...")?"""
    before = clause_before(tokens, first)
    if any(tokens[k].pos in {"VERB", "AUX"} for k in before):
        return False
    content = [tokens[k].text.casefold() for k in before if tokens[k].pos != "DET"]
    if hangs_on_preposition(content):
        return False  # "troops of the MNJTF": the name hangs on a preposition
    for k in range(last + 1, min(len(tokens) - 1, last + 4)):
        word = tokens[k].text.casefold()
        if word in ACTION_FORMS:
            return not starts_headline_passive([t.text for t in tokens[k + 1 : k + 3]])
        if tokens[k].pos not in SUBJECT_TAIL_POS or word in {"and", "was", "were"}:
            return False
    return False


def starts_headline_passive(words_after: Sequence[str]) -> bool:
    """Do the words after a verb open with a preposition or a stop, past a "dead" ("officer
    shot dead by gunmen", "soldiers killed in an ambush"), or end the text?"""
    words = [w.casefold() for w in words_after]
    if words[:1] == ["dead"]:
        words = words[1:]
    return not words or words[0] in PASSIVE_TAIL


def clause_before(tokens: Sequence[Token], first: int) -> range:
    """Token indices from the start of the clause (after the last comma or full stop,
    or the start of the sentence) up to ``first``."""
    start = first
    while start > 0 and tokens[start - 1].text not in {",", ".", ";", ":"}:
        start -= 1
    return range(start, first)


def in_casualty_group(mention: ActorMention, casualties: Sequence[CasualtyCount]) -> bool:
    return any(
        c.span.start <= mention.span.start < c.span.end + 40
        for c in casualties
        if c.kind == "killed"
    )


def assign_roles(doc: Document, mentions: Sequence[Mention], scope: Sequence[Span]) -> Roles:
    """Who acted (actor1) and against whom (actor2), from the parse, a "between X and Y"
    phrase, a claim, or a hedge that names a suspect ("militants, likely IS")."""
    votes = vote_roles(doc, mentions)
    casualties = [c for m in mentions for c in m.casualties]
    pair = fighting_pair(doc, mentions)
    acting = [a for a in votes["actor1"] if a.actor.inter != 7]
    actor1 = (
        claimant(doc, scope)
        or (pair[0] if pair else None)
        or next(iter(acting), None)
        or unparsed_doer(doc, votes, mentions)
    )
    passive = [a for a in votes["actor1"] if a.actor.inter == 7]
    victims = [a for a in votes["actor2"] + votes["other"] if in_casualty_group(a, casualties)]
    candidates2 = ([pair[1]] if pair else []) + votes["actor2"] + passive + victims
    if actor1 is None:
        actor1 = first_of_two_armed_sides(candidates2, casualties)
    actor2 = next((a for a in candidates2 if a is not actor1 and not same_party(a, actor1)), None)
    if actor2 is None or actor2.actor.kind == "unidentified":
        actor2 = killer_of_attackers(acting, actor1, casualties) or actor2
    if actor2 is None and actor1 is not None:
        actor2 = conjoined_doer(doc.report.text, acting, actor1) or fought_with(
            doc, mentions, actor1
        )
    excluded = {actor2.actor} if actor2 else set()
    suspected = suspected_actor(doc, scope, excluded)
    if is_named_suspect(suspected, actor1) and hedge_modifies(doc, suspected):
        actor1 = suspected  # "suspected TTP militants": ACLED codes the suspect as the actor
    named = named_by_same_word(doc, mentions, actor1)
    if named is not None:
        # "four TTP militants were killed as militants attacked a post": killed attackers
        actor1 = named
        if same_party(named, actor2):
            actor2 = next((a for a in candidates2 if not same_party(a, named)), None)
    if actor2 is not None and actor2.actor.kind == "unidentified":
        actor2 = only_named_group(doc, mentions, actor1) or actor2
    return Roles(actor1, actor2, suspected)


def only_named_group(
    doc: Document, mentions: Sequence[Mention], actor1: ActorMention | None
) -> ActorMention | None:
    """ "recaptured the town from Al Shabaab; 12 militants were killed": the one armed
    group the event's sentences name stands for the unnamed militants."""
    named = {
        a.actor: a
        for a in doc.actors
        if a.actor.kind == "group"
        and a.actor.inter in {2, 3}
        and not same_party(a, actor1)
        and any(m.span.start <= a.span.start < m.span.end for m in mentions)
    }
    return next(iter(named.values())) if len(named) == 1 else None


# Words for an armed group's members that a report uses for a named group and then alone.
GENERIC_FIGHTERS = frozenset(
    """militants insurgents rebels fighters separatists guerrillas jihadists terrorists
    extremists cadres""".split()  # noqa: SIM905 - one word list reads better than a column
)


def named_by_same_word(
    doc: Document, mentions: Sequence[Mention], actor1: ActorMention | None
) -> ActorMention | None:
    """ "Five TTP militants were killed as militants attacked a post": the unnamed militants
    are the one group that their sentence names with the same word."""
    if actor1 is None or actor1.actor.kind != "unidentified":
        return None
    word = actor1.span.text.split()[-1].casefold()
    sentence = next((s for s in doc.sentences if s.start <= actor1.span.start < s.end), None)
    if word not in GENERIC_FIGHTERS or sentence is None:
        return None
    named = {
        a.actor: a
        for a in doc.actors
        if a.actor.kind == "group"
        and a.actor.inter in {2, 3}
        and a.span.text.split()[-1].casefold() == word
        and sentence.start <= a.span.start < sentence.end
    }
    return next(iter(named.values())) if len(named) == 1 else None


def first_of_two_armed_sides(
    sides: Sequence[ActorMention], casualties: Sequence[CasualtyCount]
) -> ActorMention | None:
    """Two armed sides that the parse puts on the receiving end ("seven policemen were
    killed in a gunbattle with Naxals") fought each other. The side whose men the report
    counts among the casualties is actor2, as ACLED codes it; the other is actor1.
    ``None`` when they are one side."""
    armed = [a for a in sides if a.actor.inter in {1, 2, 3, 4, 8}]
    if not any(not same_party(a, armed[0]) for a in armed[1:]):
        return None
    counted = [
        a for a in armed if any(c.span.start <= a.span.start < c.span.end for c in casualties)
    ]
    return next((a for a in armed if a not in counted), armed[0])


def unparsed_doer(
    doc: Document, votes: dict[str, list[ActorMention]], mentions: Sequence[Mention]
) -> ActorMention | None:
    """A doer found from the words when the parse gave none; never the side that the parse
    says suffered the event ("Another IS commander killed", then "IS lost a governor")."""
    doer = first_before_event(doc, votes["other"], mentions) or earlier_doer(doc, mentions)
    if doer is not None and any(same_party(a, doer) for a in votes["actor2"]):
        return None
    return doer


def fighting_pair(
    doc: Document, mentions: Sequence[Mention]
) -> tuple[ActorMention, ActorMention] | None:
    """The two sides named right after "between" ("clashes between X and Y")."""
    text = doc.report.text
    for mention in mentions:
        for found in BETWEEN.finditer(text, mention.span.start, mention.span.end):
            after = [
                a
                for a in doc.actors
                if found.end() <= a.span.start < min(mention.span.end, found.end() + 120)
            ]
            if len(after) < 2 or not is_near(text, found.end(), after[0].span.start):
                continue
            if " and " in text[after[0].span.end : after[1].span.start] and not same_party(
                after[1], after[0]
            ):
                return after[0], after[1]
    return None


def earlier_doer(doc: Document, mentions: Sequence[Mention]) -> ActorMention | None:
    """The doer of an earlier sentence, for an event told in two steps ("Troops raided the
    village. Two men were arrested."): reports name who acted first, then what followed.
    Earlier sentences may not have been parsed, so this reads the words only."""
    if not mentions:
        return None
    opening = min(m.span.start for m in mentions)
    text = doc.report.text
    for mention in doc.actors:
        if mention.span.start >= opening:
            break
        if mention.actor.inter != 7 and is_surface_doer(text, mention.span):
            return mention
    return None


WORD = re.compile(r"[\w'-]+|[^\w\s]")
# Words that may stand between a doer and its verb without a parse ("Houthi drones").
ARTICLES = frozenset({"the", "a", "an"})
PREPOSITIONS = frozenset(
    {"of", "in", "at", "on", "from", "to", "with", "by", "against", "near", "for", "between"}
)
NOT_SUBJECT_TAIL = frozenset({"and", "was", "were", "is", "are", "had", "has", "have", "who"})


def is_surface_doer(text: str, span: Span) -> bool:
    """``span`` opens its clause and a past form such as "fired" follows within three
    words, not read as a headline passive ("killed in ...")."""
    clause_start = max(text.rfind(mark, 0, span.start) for mark in ",.;:\n")
    before = [w.casefold() for w in WORD.findall(text[clause_start + 1 : span.start])]
    if any(word in ACTION_FORMS for word in before):
        return False
    if hangs_on_preposition([word for word in before if word not in ARTICLES]):
        return False  # "troops of the MNJTF": the name hangs on a preposition
    after = WORD.findall(text[span.end : span.end + 80])
    for k, word in enumerate(after[:5]):
        folded = word.casefold()
        if folded in ACTION_FORMS:
            return not starts_headline_passive(after[k + 1 : k + 3])
        # "troops of the MNJTF carried out": an "of" phrase may stand in between
        stops = NOT_SUBJECT_TAIL | (PREPOSITIONS - {"of"})
        if folded in stops or not word[:1].isalpha():
            return False
    return False


def hangs_on_preposition(words_before: Sequence[str]) -> bool:
    """Is the last word before a name a preposition, other than the "of" of a member
    noun ("a mob of villagers", "members of the militia")?"""
    if not words_before or words_before[-1] not in PREPOSITIONS:
        return False
    return not (
        words_before[-1] == "of" and len(words_before) > 1 and words_before[-2] in MEMBER_NOUNS
    )


def is_near(text: str, end: int, start: int) -> bool:
    """Only a few words ("the", "two groups of") stand between ``end`` and ``start``."""
    gap = text[end:start]
    return len(gap) <= 30 and not any(mark in gap for mark in ",;.")


def first_before_event(
    doc: Document, others: Sequence[ActorMention], mentions: Sequence[Mention]
) -> ActorMention | None:
    """An armed party named before the event words when the parse gave it no role
    ("IS opened fire" read as "is opened"); never a modifier ("al Qaeda-aligned group")."""
    starts = [t.start for t in doc.tokens]
    for mention in mentions:
        for actor in others:
            if actor.actor.inter in {5, 6, 7} or not doc.tokens:
                continue
            if doc.tokens[head_token(doc, starts, actor.span)].dep in NOT_A_DOER_DEPS:
                continue
            if mention.span.start <= actor.span.start < mention.anchor:
                return actor
    return None


# A name that modifies another word, or hangs on a preposition ("a governor of the Islamic
# State who died"), does not act.
NOT_A_DOER_DEPS = frozenset({"npadvmod", "amod", "compound", "poss", "nmod", "advmod", "pobj"})


HEDGE_MODIFIER = re.compile(
    r"\b(?:suspected|presumed|presumably|alleged|allegedly|likely|purported|assumed|possibly)"
    r"(?: to be)?(?: an?| the)?[\s(]*$",
    re.IGNORECASE,
)


def hedge_modifies(doc: Document, suspected: ActorMention | None) -> bool:
    """The hedge is a word on the name itself ("suspected TTP militants", "militants
    (presumed JNIM)"), not a belief stated about the event ("it is believed to be the work of
    X"): only then is the suspect the doer the report names."""
    if suspected is None:
        return False
    before = doc.report.text[max(0, suspected.span.start - 30) : suspected.span.start]
    return bool(HEDGE_MODIFIER.search(before))


def is_named_suspect(suspected: ActorMention | None, actor1: ActorMention | None) -> bool:
    """A named group suspected of an event whose doer the report leaves unidentified."""
    if suspected is None or suspected.actor.kind in GENERIC_ACTOR_KINDS:
        return False
    return actor1 is None or actor1.actor.kind in GENERIC_ACTOR_KINDS - {"military", "police"}


CROWD_KINDS = frozenset({"protesters", "rioters", "civilians"})
GENERIC_ACTOR_KINDS = frozenset(
    {
        "unidentified",
        "unidentified-air",
        "militia",
        "gang",
        "military",
        "police",
        "tribal",
        "clan",
        "cult",
    }
)


# What reports call an armed group's men once it has struck: "killed all four attackers".
ATTACKER_GROUPS = frozenset(
    "attackers assailants militants gunmen insurgents terrorists rebels fighters".split()  # noqa: SIM905
)


CONJOINED = re.compile(r"\s{0,3}(?:,|and|&)\s{1,3}(?:the\s{1,3})?")
# The verbs that make two joined doers each other's other side: they fought or made a deal.
EACH_OTHER_VERBS = re.compile(
    r"\s{1,3}(?:[\w-]{1,30}\s{1,3}){0,2}?(?:clash|fought|fight|battl|exchang|engag|skirmish|traded|agreed"
    r"|signed|reached|negotiat)",
    re.IGNORECASE,
)


def conjoined_doer(
    text: str, acting: Sequence[ActorMention], actor1: ActorMention
) -> ActorMention | None:
    """ "Azerbaijani and Armenian forces exchanged fire", "the army and the RSF agreed to a
    truce": two doers joined by "and" that fought or made a deal, each the other's side
    ("Wagner and Malian forces killed ..." are allies)."""
    return next(
        (
            a
            for a in acting
            if not same_party(a, actor1)
            and CONJOINED.fullmatch(text, actor1.span.end, a.span.start)
            and EACH_OTHER_VERBS.match(text, a.span.end)
        ),
        None,
    )


# "exchanged fire with military police forces": the side named after a fight's "with".
FIGHT_WITH = re.compile(
    r"\b(?:clash(?:ed|es|ing)?|exchang(?:ed|ing) (?:gun)?fire|fought|battled|skirmished"
    r"|(?:gun|fire)fights?|shoot-?outs?|engaged in (?:an? )?(?:[\w-]{1,20} ){0,2}?"
    r"(?:gunfight|firefight|shoot-?out|battle|clash))\s{1,3}with\s{1,3}(?:the\s{1,3})?",
    re.IGNORECASE,
)


def fought_with(
    doc: Document, mentions: Sequence[Mention], actor1: ActorMention
) -> ActorMention | None:
    """The actor named right after a fight's "with", when the parse gave no other side."""
    for mention in mentions:
        for found in FIGHT_WITH.finditer(mention.span.text):
            start = mention.span.start + found.end()
            side = next((a for a in doc.actors if start <= a.span.start <= start + 30), None)
            if side is not None and side.actor.inter != 7 and not same_party(side, actor1):
                return side
    return None


def killer_of_attackers(
    acting: Sequence[ActorMention], actor1: ActorMention | None, casualties: Sequence[CasualtyCount]
) -> ActorMention | None:
    """ "Militants attacked a post. Security forces killed all four attackers": the forces
    that killed the attackers fought them, though no clause names both sides."""
    if actor1 is None or actor1.actor.inter not in {2, 3, 4}:
        return None
    return next(
        (
            a
            for a in acting
            if a.actor.inter in {1, 8}
            and not same_party(a, actor1)
            and any(
                c.kind == "killed"
                and c.group in ATTACKER_GROUPS
                and 0 <= c.span.start - a.span.end < 30
                for c in casualties
            )
        ),
        None,
    )


def same_party(mention: ActorMention, other: ActorMention | None) -> bool:
    """Whether two mentions name the same party ("Nigerian soldiers" and "the troops")."""
    if other is None:
        return False
    if mention.actor == other.actor:
        return True
    generic = mention.actor.country is None or other.actor.country is None
    return (
        generic
        and not is_named_branch(mention.actor)
        and not is_named_branch(other.actor)
        and mention.actor.kind in GENERIC_ACTOR_KINDS | CROWD_KINDS
        and mention.actor.kind == other.actor.kind
        and mention.actor.inter == other.actor.inter
    )


def is_named_branch(actor: Actor) -> bool:
    """A country's forces of their own name ("Military Forces of Yemen Supreme Political
    Council", the Houthis), whom the country's plain "soldiers" do not stand for."""
    return actor.country is not None and actor.name != name_for_country(
        replace(actor, country=None), actor.country
    )


def claimant(doc: Document, scope: Sequence[Span]) -> ActorMention | None:
    """The named actor that claims the event ("X claimed responsibility")."""
    for cue in doc.cues:
        if cue.level != "claimed" or cue.negated or not within(cue.span, scope):
            continue
        sentence = next((s for s in doc.sentences if s.start <= cue.span.start < s.end), None)
        if sentence is None:
            continue
        before = [
            m
            for m in doc.actors
            if sentence.start <= m.span.start < cue.span.start and m.actor.inter in {2, 3, 4}
        ]
        if before:
            return before[-1]
    return None


def suspected_actor(
    doc: Document, scope: Sequence[Span], excluded: set[Actor]
) -> ActorMention | None:
    """The actor named after a hedge ("believed to be the work of X") within the event's sentences."""
    hedges = [
        c for c in doc.cues if c.level == "suspected" and not c.negated and within(c.span, scope)
    ]
    for cue in hedges:
        sentence = next((s for s in doc.sentences if s.start <= cue.span.start < s.end), None)
        if sentence is None:
            continue
        for mention in doc.actors:
            if (
                cue.span.start <= mention.span.start < sentence.end
                and mention.actor not in excluded
            ):
                return mention
    return None


def crowd_roles(
    doc: Document, mentions: Sequence[Mention], roles: Roles, sub_event_type: str
) -> Roles:
    """ACLED codes a crowd as Protesters or Rioters; the police it met, or the people a mob
    attacked, are actor2. The crowd is actor1 even when the report names no crowd word, so
    that the forces met (or a country word) never take its place; a protest's forces never
    do ("police removed the activists blocking the road")."""
    spans = [m.span for m in mentions]
    in_event = [a for a in doc.actors if within(a.span, spans)]
    crowd_named = any(a.actor.inter in {5, 6} for a in in_event) or any(
        CROWD_ACTION.search(m.span.text) for m in mentions
    )
    protest = TAXONOMY[sub_event_type][0] == "Protests"
    # "assailants threw bricks at the car": unnamed assailants whose violence is a riot's
    # are its rioters.
    unnamed = roles.actor1 is not None and roles.actor1.actor.kind == "unidentified"
    if is_armed_doer(doc, roles.actor1) and not crowd_named and not protest and not unnamed:
        return roles  # no crowd in sight: "forces beat citizens" is the forces' doing
    attacked = attacked_protest(mentions)
    if attacked is not None and sub_event_type in {"Protest with intervention", "Mob violence"}:
        return Roles(*attacked, None)  # rioters who fell on protesters
    crowd = crowd_mention(mentions, in_event, sub_event_type)
    if sub_event_type == "Mob violence":
        victim = roles.actor2 or next((a for a in in_event if a.actor.inter == 7), None)
        return Roles(crowd, victim, None)
    if sub_event_type == "Peaceful protest":
        return Roles(crowd, None, None)
    forces = next((a for a in in_event if a.actor.inter == 1), None)
    return Roles(crowd, forces, None)


def attacked_protest(mentions: Sequence[Mention]) -> tuple[ActorMention, ActorMention] | None:
    """The rioters who fell on a protest and its protesters ("activists attacked the
    rally")."""
    for mention in mentions:
        found = crowd_attacked_protest(mention.span.text)
        if found is not None:
            crowd, protest = (
                Span(mention.span.start + m.start(), mention.span.start + m.end(), m.group())
                for m in found
            )
            return ActorMention(crowd, RIOTERS), ActorMention(protest, PROTESTERS)
    return None


# Words that show a crowd at work; without them an armed doer keeps its role.
CROWD_ACTION = re.compile(
    r"\b(?:protest|demonstrat|rall(?:y|ied|ies)|march|sit-in|picket|gather|strike|riot|mob"
    rf"|cocktail|{CRUDE_BOMBS})",
    re.IGNORECASE,
)


def is_armed_doer(doc: Document, actor: ActorMention | None) -> bool:
    """An armed party that is itself the doer, not the modifier of a crowd word ("army
    aspirants staged a protest")."""
    if actor is None or actor.actor.inter not in {1, 2, 3, 8} or not doc.tokens:
        return False
    starts = [t.start for t in doc.tokens]
    return doc.tokens[head_token(doc, starts, actor.span)].dep not in {"compound", "amod", "poss"}


def crowd_mention(
    mentions: Sequence[Mention], in_event: Sequence[ActorMention], sub_event_type: str
) -> ActorMention | None:
    """The crowd as a mention: its own words ("demonstrators") or the words of the event."""
    crowd = PROTESTERS if TAXONOMY[sub_event_type][0] == "Protests" else RIOTERS
    named = next((a for a in in_event if a.actor.kind == crowd.kind), None)
    if named is not None:
        return ActorMention(named.span, crowd)
    trigger = next((t for m in mentions for t in m.triggers), None)
    return ActorMention(trigger.span, crowd) if trigger else None


# Groups a crowd is often made of, named as ACLED's associated actors ("Teachers (Kenya)").
CROWD_GROUPS = re.compile(
    r"\b(teachers|students|nurses|doctors|health workers|traders|farmers|workers|lawyers"
    r"|journalists|pensioners|drivers|miners|vendors|fishermen|herders|employees|women"
    r"|unionists|retirees|civil servants|taxi drivers|motorcyclists|refugees|labou?r unions?)\b",
    re.IGNORECASE,
)


def associated_names(
    doc: Document, mentions: Sequence[Mention], roles: Roles, event_type: str, country: str | None
) -> tuple[str | None, str | None]:
    if event_type in {"Protests", "Riots"}:
        return crowd_group(mentions, country), None
    partner1 = partner_of(doc, roles.actor1, mentions)
    partner2 = partner_of(doc, roles.actor2, mentions)
    return (
        name_for_country(partner1.actor, country) if partner1 else None,
        name_for_country(partner2.actor, country) if partner2 else None,
    )


def crowd_group(mentions: Sequence[Mention], country: str | None) -> str | None:
    """The group a crowd is made of, as ACLED's associated actor: "Teachers (Nigeria)"."""
    for mention in mentions:
        found = CROWD_GROUPS.search(mention.span.text)
        if found:
            group = found.group(1).title()
            return f"{group} ({country})" if country else group
    return None


def partner_of(
    doc: Document, main: ActorMention | None, mentions: Sequence[Mention]
) -> ActorMention | None:
    """An actor joined to ``main`` by "and" or "together with": ACLED's associated actor."""
    if main is None or not doc.tokens:
        return None
    starts = [t.start for t in doc.tokens]
    main_head = head_token(doc, starts, main.span)
    spans = [m.span for m in mentions]
    for mention in doc.actors:
        if mention is main or mention.actor == main.actor or not within(mention.span, spans):
            continue
        head = head_token(doc, starts, mention.span)
        token = doc.tokens[head]
        joined = token.dep == "conj" and token.head == main_head
        with_word = doc.tokens[token.head]
        together = token.dep == "pobj" and with_word.text.casefold() in {"with", "alongside"}
        if joined or (together and with_word.head == main_head):
            return mention
    return None


def head_token(doc: Document, starts: Sequence[int], span: Span) -> int:
    first = token_at(doc.tokens, starts, span.start)
    last = token_at(doc.tokens, starts, span.end - 1)
    return phrase_head(doc.tokens, first, last)


COUNTRY_OF_NAME = {name: country for country, (_, names) in COUNTRY_WORDS.items() for name in names}
STATE_MODIFIERS = frozenset({"government", "regime", "army", "military", "pro-government"})
GENERIC_MILITARY = Actor("Military Forces", inter=1, kind="military")


def attacker_in_modifier(
    text: str, type_spans: Sequence[Span], country: str | None
) -> Actor | None:
    """State forces named only as a modifier of the weapon: "government shelling",
    "Russian air strikes", "Syrian government artillery"."""
    for span in type_spans:
        words = MODIFIER_WORD.findall(text[max(0, span.start - 40) : span.start])[-3:]
        # The weapon words may open with the owner's name ("an Israeli strike hit").
        opening = MODIFIER_WORD.match(span.text)
        if opening and DEMONYMS.get(opening.group().casefold()):
            words.append(opening.group())
        for word in reversed(words):
            # "Somalis clashed with Borana": a people in the plural is no state's forces.
            owner = DEMONYMS.get(word.casefold())
            if owner is None and word.casefold() in STATE_MODIFIERS:
                owner = country
            if owner is not None:
                return Actor(name_for_country(GENERIC_MILITARY, owner), 1, owner, "military")
    return None


# "a Houthi-planted landmine", "landmines, presumed to be Houthi,": an actor named on the
# weapon itself, before it or just after it.
BESIDE_WEAPON_BEFORE = re.compile(
    r"-(?:planted|laid|made|fired|launched|operated|owned|controlled)\s+$", re.IGNORECASE
)
BESIDE_WEAPON_AFTER = re.compile(
    r"^,?\s+(?:presumed|believed|suspected|thought|said)\s+to\s+(?:be|have\s+been)"
    r"(?:\s+(?:planted|laid|fired)\s+by)?\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def actor_beside_weapon(doc: Document, type_spans: Sequence[Span]) -> ActorMention | None:
    """The armed actor whose name is joined to the weapon words of the event: "a
    presumed Houthi-planted landmine" was the Houthis' (their attribution, suspected,
    comes from "presumed")."""
    text = doc.report.text
    for span in type_spans:
        for mention in doc.actors:
            if mention.actor.inter not in {1, 2, 3, 4, 8}:
                continue
            before = text[mention.span.end : span.start]
            after = text[span.end : mention.span.start]
            if (len(before) <= 20 and BESIDE_WEAPON_BEFORE.search(before)) or (
                len(after) <= 40 and BESIDE_WEAPON_AFTER.match(after)
            ):
                return mention
    return None


# "police repelled an attack by gunmen": the attackers began the fight and are actor1.
REPELLED_ATTACK = re.compile(
    r"\b(?:repelled|repulsed|repelling|repulsing|foiled|thwarted|fought off|pushed back)"
    r"\s+(?:an?|the|their)\s+(?:[\w-]+\s+)?(?:attacks?|assaults?|offensives?|incursions?"
    r"|advances?|raids?)\s+(?:by|of|from)\s+"
    # "shot down 22 of 25 drones launched by Russia": who launched them struck
    r"|\b(?:drones?|UAVs?|missiles?|rockets?|munitions?|projectiles?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:launched|fired|sent)\s+(?:overnight\s+)?by\s+",
    re.IGNORECASE,
)


def repelled_attacker(doc: Document, mentions: Sequence[Mention]) -> ActorMention | None:
    """The actor whose attack the event's doer repelled, or whose drones or missiles it
    shot down, named right after "by" or "of"."""
    for mention in mentions:
        found = REPELLED_ATTACK.search(mention.span.text)
        if found is None:
            continue
        start = mention.span.start + found.end()
        return next(
            (a for a in doc.actors if start <= a.span.start <= start + 20 and a.actor.inter != 7),
            None,
        ) or country_forces_at(doc.report.text, start)
    return None


COUNTRY_NAME_AT = re.compile(r"(?:the\s{1,3})?([A-Z][\w.-]{0,30}(?:\s{1,3}[A-Z][\w.-]{0,30}){0,2})")


def country_forces_at(text: str, start: int) -> ActorMention | None:
    """ "drones launched by Russia": a country named alone stands for its armed forces."""
    found = COUNTRY_NAME_AT.match(text, start)
    if found is None:
        return None
    words = found[1].split()
    for size in range(len(words), 0, -1):
        name = " ".join(words[:size])
        country = COUNTRY_OF_NAME.get(name)
        if country is not None:
            span = Span(found.start(1), found.start(1) + len(name), name)
            actor = Actor(name_for_country(GENERIC_MILITARY, country), 1, country, "military")
            return ActorMention(span, actor)
    return None


# Words of people leaving their homes: the event (Other) is theirs.
DISPLACEMENT = re.compile(
    r"\b(?:evacuat|displac|fled\b|flee|refugees|forced to (?:flee|leave|move)|evict)",
    re.IGNORECASE,
)


def default_actor1(sub_event_type: str, type_words: str = "", *, passive: bool = False) -> Actor:
    """Who acted when the report names no one: a crowd for protests and riots, the people
    who fled for a displacement, the police for an arrest told in the passive ("150 men
    were held"), an unidentified air force or armed group otherwise."""
    if sub_event_type == "Other" and DISPLACEMENT.search(type_words):
        return CIVILIANS  # "3,000 people were displaced": civilians are its actor
    if sub_event_type == "Arrests" and passive:
        return POLICE  # only the state arrests: an unnamed arrester is its police
    event_type = TAXONOMY[sub_event_type][0]
    if event_type == "Protests":
        return PROTESTERS
    if event_type == "Riots":
        return RIOTERS
    if sub_event_type == "Air/drone strike":
        return UNIDENTIFIED_AIR
    return UNIDENTIFIED_GROUP


# Sub-event types whose target ACLED codes as civilians when the report names no other: the
# people a state arrests, whose goods are looted or destroyed, or whom a mob attacks.
CIVILIAN_TARGET_TYPES = frozenset({"Arrests", "Looting/property destruction", "Mob violence"})
# Sub-event types where both sides fight, so that two unnamed sides are one kind of actor.
MUTUAL_FIGHT_TYPES = frozenset({"Armed clash", "Mob violence"})
# "two groups clashed", "rival factions", "fought each other": both sides are of one kind.
MUTUAL_SIDES = re.compile(
    r"\b(?:two|rival|opposing|both)\s+(?:[a-z-]+\s+){0,2}?(?:groups|factions|sides|camps|candidates|clans"
    r"|communities|tribes|gangs|villages|families|militias|parties)\b|\beach\s+other\b"
    r"|\bone\s+another\b|\b(?:factional|intra-?party|inter-?communal|inter-?clan)\b",
    re.IGNORECASE,
)


def default_actor2(sub_event_type: str, actor1: Actor, mentions: Sequence[Mention]) -> Actor | None:
    """The other side when the report names none, as ACLED codes it: a fight between two
    unnamed sides of one kind ("two groups clashed with sticks") has that kind on both
    sides; an attack, an arrest, a looting or a mob's violence targets civilians."""
    if sub_event_type in MUTUAL_FIGHT_TYPES and any(
        MUTUAL_SIDES.search(m.span.text) for m in mentions
    ):
        return actor1
    event_type = TAXONOMY[sub_event_type][0]
    if event_type == "Violence against civilians" or sub_event_type in CIVILIAN_TARGET_TYPES:
        return CIVILIANS
    return None


# Words for armed men, and the generic actor they belong to: an attack whose only named
# victims are soldiers, police or militants is a fight with them, not violence against
# civilians ("gunmen shot and injured an ATMIS soldier"), whether the casualty count names
# them or a later sentence describes them ("the victim was a police officer"). A gang comes
# first: "a member of a drug trafficking group" is a gang's man.
ARMED_SIDES = tuple(
    (re.compile(rf"\b(?:{words})\b", re.IGNORECASE), actor)
    for words, actor in (
        (
            r"members?\sof\s(?:an?\s|the\s)?(?:[\w-]+\s){0,3}(?:gangs?|cartels?|criminal\sgroups?"
            r"|crime\sgroups?|trafficking\sgroups?|factions?)|gang\smembers?|gangsters?|drug\s"
            r"(?:dealers?|traffickers?)|involved\sin\sdrug\strafficking|hitm[ae]n|sicarios?"
            r"|extortionists?",
            Actor("Unidentified Gang", inter=3, kind="gang"),
        ),
        (
            r"members?\sof\s(?:an?\s|the\s)?(?:[\w-]+\s){0,2}armed\sgroups?|militants?|fighters?"
            r"|rebels?|insurgents?|jihadists?|extremists?|terrorists?|guerrillas?|combatants?"
            r"|militiam[ae]n",
            UNIDENTIFIED_GROUP,
        ),
        (r"police\s?(?:officers?|m[ae]n)|constables?|gendarmes?", POLICE),
        (
            r"soldiers?|troops|troopers?|marines?|commandos?|jawans?|conscripts?|reservists?"
            r"|servicem[ae]n|guardsm[ae]n|sergeants?|lieutenants?|colonels?|corporals?",
            GENERIC_MILITARY,
        ),
    )
)
ARMED_VICTIM_TYPES = frozenset({"Attack", "Abduction/forced disappearance"})


def armed_victims(sub_event_type: str, mentions: Sequence[Mention], text: str) -> Actor | None:
    """The armed side that the event's casualties all belong to, when the report names no
    target: soldiers shot by gunmen are the military (ACLED's battle), unless off duty."""
    if sub_event_type not in ARMED_VICTIM_TYPES or OFF_DUTY.search(text):
        return None
    groups = {
        c.group
        for m in mentions
        for c in m.casualties
        if c.group and c.group != TALLY_GROUP and c.low > 0
    }
    sides = {
        next((actor for pattern, actor in ARMED_SIDES if pattern.fullmatch(g)), None)
        for g in groups
    }
    if len(sides) != 1:
        return None
    return sides.pop()


# "The victim was recognized as a member of an organized crime group", "one of the victims
# was a police officer": the victims described after the event.
DESCRIBED_VICTIM = re.compile(
    r"\b(?:the\s|one\sof\sthe\s|both\s)?victims?\b(?:\s\w+){0,2}?\s(?:was|were|is|are)\b"
    r"(?:\s(?:recogni[sz]ed|identified|reportedly|allegedly|reported|said|believed)"
    r"(?:\s(?:as|to\sbe))?)?\s(?P<who>(?:an?|members?|involved)\s[^.;]{1,80}?)"
    r"(?=[.;]|\s(?:who|by|when|while|as|and)\s|$)",
    re.IGNORECASE,
)


def described_victims(text: str) -> Actor | None:
    """The armed side a report says its victims belonged to, after telling the attack:
    a gang member or a police officer shot dead is a side of a fight, not a civilian."""
    if OFF_DUTY.search(text):
        return None
    for found in DESCRIBED_VICTIM.finditer(text):
        side = next((a for pattern, a in ARMED_SIDES if pattern.search(found["who"])), None)
        if side is not None:
            return side
    return None


def armed_counterpart(doc: Document, mentions: Sequence[Mention], actor1: Actor) -> Actor | None:
    """The first armed actor other than ``actor1`` named in the event's sentences."""
    return next(
        (
            found.actor
            for found in doc.actors
            if found.actor.inter in {1, 2, 3, 4, 8}
            and found.actor != actor1
            and any(m.span.start <= found.span.start < m.span.end for m in mentions)
        ),
        None,
    )


# Unnamed armed sides: a mob's victims called by such a name ("suspected rustlers", "a
# suspected gang member") are civilians.
UNNAMED_ARMED_KINDS = frozenset({"unidentified", "militia", "gang", "clan", "tribal", "cult"})
# A people's herders named as the target are its civilians, whatever alias matched them.
HERDERS = re.compile(r"\b(?:herders?|herdsm[ae]n)$", re.IGNORECASE)


def target_of(
    sub_event_type: str, actor1: Actor, mention: ActorMention | None, text: str
) -> Actor | None:
    """ACLED's rules on who the target of an attack is: off-duty or former soldiers, police
    or fighters, and a people's herders, are civilians; an attack's victim is not the attacker's
    own unidentified group, nor a crowd ("youths shot by soldiers" are civilians)."""
    if mention is None:
        return None
    target = mention.actor
    if target.inter == 4 and HERDERS.search(mention.span.text):
        return CIVILIANS  # "raiders killed six Turkana herders": herders, not a militia
    if target.inter in {1, 2, 3} and OFF_DUTY.search(
        text[max(0, mention.span.start - 40) : mention.span.end + 30]
    ):
        return CIVILIANS  # "a former FARC member", "a police officer (assumed off duty)"
    if sub_event_type == "Attack":
        if target == actor1 and target.kind.startswith("unidentified"):
            return None
        if target.kind == "rioters":
            return CIVILIANS
    if (
        sub_event_type == "Mob violence"
        and actor1.inter == 5
        and target.kind in UNNAMED_ARMED_KINDS
    ):
        return CIVILIANS  # "villagers lynched two suspected rustlers": no militia fought
    return target


# Words that make a report's violence communal: ethnic or tribal clashes, rival clans or
# communities, a land dispute, a cattle raid. The unnamed side of it is an identity militia.
COMMUNAL_CONFLICT = re.compile(
    r"\b(?:ethnic (?:clash|violence|fighting|conflict|tension|group|militia|rival|raid|attack)\w*"
    r"|inter-? ?(?:ethnic|communal|community|tribal|clan)|communities|tribes|(?P<clans>clans)"
    r"|(?:pastoralists|herders|herdsmen) and farmers|farmers and (?:pastoralists|herders|herdsmen)"
    r"|rival (?P<rival_clan>clan)|between (?:two|rival|neighbou?ring) (?:villages|communities)"
    r"|between (?:the )?(?-i:[A-Z]\w+) and (?:the )?(?-i:[A-Z]\w+) groups|raiders|land invaders"
    r"|(?-i:[A-Z]\w+) and (?:the )?(?-i:[A-Z]\w+) (?:groups|communities|tribes|clans)"
    r"|between (?:rival|neighbou?ring) (?:pastoralists|herders|herdsmen|groups)"
    r"|tribal (?:clash|fighting|violence|conflict|feud|dispute|war|rival)\w*"
    r"|(?P<clan>clan) (?:clash|fighting|violence|conflict|feud|dispute|rival|revenge)\w*"
    r"|land (?:dispute|disagreement|ownership|conflict|row|feud)s?"
    r"|disputes? over (?:a |the )?(?:plot of |piece of )?land|grazing|pastures?|watering points?"
    r"|water disputes?|cattle (?:raid|rustl)\w*|(?:cattle|livestock) theft"
    r"|(?:stolen|rustled) (?:cattle|livestock|goats|camels|cows))\b",
    re.IGNORECASE,
)
COMMUNAL_MILITIA = Actor("Unidentified Communal Militia", inter=4, kind="militia")
CLAN_MILITIA = Actor("Unidentified Clan Militia", inter=4, kind="clan")


# "Camel herders attacked three men": herders who attack are the armed side, unless only
# suspected ("suspected armed herders": an unidentified group).
HERDERS_ATTACK = re.compile(
    r"\b(?:pastoralists|herders|herdsmen) (?:(?!(?:were|was|are|is|have|had|been) )[\w-]+ )?"
    r"(?:attack(?:ed|s)?|raid(?:ed|s)?|kill(?:ed|s)?|invad(?:ed|es?)|shot|shoots?)\b",
    re.IGNORECASE,
)
SUSPECTED_BEFORE = re.compile(r"\bsuspected\b[^.;]{0,25}$", re.IGNORECASE)


def herders_attack(text: str) -> bool:
    return any(
        not SUSPECTED_BEFORE.search(text, max(0, found.start() - 40), found.start())
        for found in HERDERS_ATTACK.finditer(text)
    )


def communal_side(actor: Actor, text: str) -> Actor:
    """An unnamed armed side (gunmen, attackers, or no one named) in a communal conflict is
    ACLED's identity militia (inter 4), a clan's when clans fight, not an unidentified armed
    group: "two people were killed when two communities clashed over grazing land"."""
    if actor.kind != "unidentified":
        return actor
    found = COMMUNAL_CONFLICT.search(text)
    if found is None:
        return COMMUNAL_MILITIA if herders_attack(text) else actor
    clan = found["clan"] or found["clans"] or found["rival_clan"]
    return CLAN_MILITIA if clan else COMMUNAL_MILITIA


OFF_DUTY = re.compile(r"\b(?:off[- ]duty|former|retired|ex-|day off|on leave)\b", re.IGNORECASE)


def within(span: Span, scope: Sequence[Span]) -> bool:
    return any(part.start <= span.start < part.end for part in scope)
