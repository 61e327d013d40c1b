"""The refusal decision: whether the evidence supports an answer, and if not, the named reason why."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from ..figures import (
    MONTHS,
    WORTH_OF,
    amounts,
    asks_price,
    asks_what_was_paid,
    content_of_one,
    first_date,
    has_figure,
    mass_of_asked,
    masses_of,
    measure_asked,
    month_years,
    pays,
    row_pairs,
    spoken_months,
    states_measure,
    states_share,
    told,
    told_months,
    told_years,
    without_unit_prices,
    year_ends,
)
from ..lexicon import (
    ANSWER_FORM_WORDS,
    FUNCTION_WORDS,
    GENERIC,
    MINERAL_GROUPS,
    PLACES,
    english_word,
    find_entities,
    mentions,
    mineral_families,
    mineral_family,
    minerals_named,
    names_of_kind,
    names_unit,
    possessors,
    unit_symbols,
    without_names,
)
from ..settings import AnswerSettings
from ..text import content_terms, spelled_out, written_out
from .evidence import Evidence, attributions, passage_texts
from .query import (
    AUXILIARY,
    LEADING_PREPOSITION,
    POINTER,
    YEAR,
    QType,
    ResolvedQuery,
    asking_part,
    asks_for,
    asks_town,
    asks_when,
    entities_of,
    without_exclusions,
)

# the endings that make an adjective or a people's name of a place's name ("Eastern", "Canadian", "Japanese")
_DERIVED = ("ern", "ese", "ian", "ean", "ish", "an", "n", "i")


# a question asking for a year's figure by its noun or verb, in no unit ("what was world tin output in 2031?", "any
# figure yet on how much tin output grew in 2032?")
# (not "what rules on output caps did Acme issue in 2031?": rules are asked)
_FIGURE_ASKED = re.compile(r"(?:^\s*(?:(?:and|so)\s+)?what(?:'s|\s+(?:was|were|is|are))|\bhow much|\bhow many)\b[^?]*\b"
                           r"(?:production|output|exports|"
                           r"imports|price|prices|quota|quotas|demand|consumption|reserves|capacity)\b"
                           # ... or by the verb of the amount ("how much tin did Acme export in 2031?")
                           r"|\bhow (?:much|many)\b[^?]*\b(?:did|does|do|will|would|has|have|had)\b[^?]*\b(?:export|"
                           r"import|produce|mine|ship|sell|exported|imported|produced|mined|shipped|sold)\b",
                           re.IGNORECASE)
# an amount asked by "how much" or "how many", not a part of one ("how much of ...?")
_HOW_MUCH = re.compile(r"\bhow (?:much|many)\b(?!\s+of\b)", re.IGNORECASE)


# an amount of none ("exported no tin", "shipped nothing", "zero exports")
_NONE_TOLD = re.compile(r"\b(?:exported|imported|shipped|produced|mined|sold|made)\s+(?:no|nothing|none)\b|"
                        r"\bzero\b", re.IGNORECASE)


_WORD = re.compile(r"[A-Za-z][A-Za-z-]{2,}")
_INITIALS = re.compile(r"\b[A-Z]{2,6}\b")  # a name given by its initials ("AWS reported")


def _words(text: str, *left_out: frozenset[str]) -> list[str]:
    """The words of three letters or more of a text, but those in any of the ``left_out`` sets (in lower case)."""
    return [w for w in _WORD.findall(text) if not any(w.lower() in words for words in left_out)]


def _stems(word: str, *, least: int) -> list[str]:
    """The word without each ending that makes an adjective of a place's name ("Eastern" -> "East"), where at least
    ``least`` letters are left."""
    return [word[:-len(end)] for end in _DERIVED if word.endswith(end) and len(word) - len(end) >= least]


def _base(word: str) -> str:
    """A word without the ending that makes an adjective of a place's name ("Eastern" -> "East"), when what is left
    is a word of four letters or more."""
    return next(iter(_stems(word, least=4)), word)


# a percentage change asked for ("its percentage jump", "by what percentage did it rise?"), not a share
_PERCENT_CHANGE_ASKED = re.compile(r"\b(?:percentage|per ?cent|%)[\s-]+(?:jump|rise|increase|gain|growth|fall|drop|"
                                   r"decline|change|leap|surge|climb|cut|rebound)s?\b|"
                                   r"\bby (?:what|which) (?:percentage|share)\b|\bhow many per ?cent\b", re.IGNORECASE)


class AbstainReason(StrEnum):
    """Why the assistant declined; the API reports the value as ``abstain_reason``."""

    NO_EVIDENCE = "no_evidence"  # nothing was retrieved
    UNKNOWN_NAME = "unknown_name"  # the question names something the corpus never mentions
    MISSING_ENTITY = "missing_entity"  # no passage found says anything about one of the named things
    NOT_TOGETHER = "not_together"  # the named things never meet in one passage
    UNDATED = "undated"  # the question asks about a year or month no close passage gives a figure for
    WEAK_EVIDENCE = "weak_evidence"  # nothing answers it closely enough
    UNSETTLED = "unsettled"  # the notes say the public record stops here (a cited abstention)

    def describe(self, detail: str = "") -> str:
        text = {
            "no_evidence": "no passage matched",
            "unknown_name": "the sources never mention {}",
            "missing_entity": "no passage found says anything about {}",
            "not_together": "no passage covers {} together",
            "undated": "no passage that answers it is about {}",
            "weak_evidence": "no passage answers it closely enough{}",
            "unsettled": "the notes say the public record does not settle it{}",
        }[self.value]
        return text.format(detail) if "{}" in text else text


# a year a question gives its source ("per Reuters in 2031", "according to the 2031 outlook", "the 2031 review", "the
# 2031 Acme Board report")
_SOURCE_YEAR = re.compile(r"\b(?:per|according to)\b[^,?;]{0,40}?\b((?:19|20)\d{2})\b"
                          # (the publisher's name may come between: "the 2031 Acme Trade Board report")
                          r"|\b((?:19|20)\d{2})\s+(?:(?:(?-i:[A-Z][\w.&-]*)|annual|quarterly|interim|final|joint)\s+)"
                          r"{0,5}(?:report|review|outlook|edition|survey|study|summar(?:y|ies)|fact sheet|analysis|"
                          r"paper|commentary|update)s?\b", re.IGNORECASE)


_PERIOD = re.compile(r"years?|annual(?:ly)?|months?|monthly|weeks?|weekly|days?|daily|quarters?|quarterly",
                     re.IGNORECASE)


# a clause saying which thing is meant, set off by commas (", whose deadline fell in May 2031,", ", which opened in
# 2030,")
_IDENTIFYING_CLAUSE = re.compile(r",\s*(?:whose|which|when)\b[^,;:?]*,")


# ... or a publisher named with a year to open a question, as a citation is written ("Acme Review 2031: how many
# ...?"); a country so named is what is asked about ("Freedonia 2031: how many ...?" asks of Freedonia in 2031)
_CITED_YEAR = re.compile(r"^\s*((?-i:[A-Z][\w&.-]*)(?:\s+(?-i:[A-Z][\w&.-]*)){0,3})\s+((?:19|20)\d{2})\s*:")


def source_years(question: str) -> set[str]:
    """The years a question gives its source ("per Reuters in 2031", "the 2031 review"), not what it asks about."""
    years = {y for pair in _SOURCE_YEAR.findall(question) for y in pair if y}
    cited = _CITED_YEAR.match(question)
    if cited and not any(find_entities(cited.group(1)).values()):
        years.add(cited.group(2))
    return years


# a year a question names a deal by ("Acme's 2031 funding deal", "the 2031 accord", "its 2031 heavy tin smelter
# loan"): the year it was struck, which a sentence on it may give only as when its parties spoke ("the ministry said
# in May 2031 that Acme would ...")
_EVENT_YEAR = re.compile(r"\b((?:19|20)\d{2})\s+(?:[a-z-]+\s+){0,3}?(?:deal|agreement|accord|pact|contract|loan|grant|"
                         r"award|investment|framework|memorandum|partnership|offtake|financing|funding|package)s?\b",
                         re.IGNORECASE)


def event_years(question: str) -> set[str]:
    """The years a question names a deal by ("Acme's 2031 funding deal")."""
    return set(_EVENT_YEAR.findall(question))


@dataclass
class Decision:
    reason: AbstainReason | None
    detail: str = ""
    best: float = 0.0
    gap: Evidence | None = None  # the note's own statement that the record stops there
    unmentioned: list[str] = field(default_factory=list)  # names of the question's asides the sources never mention

    @property
    def abstain(self) -> bool:
        return self.reason is not None

    def describe(self) -> str:
        return self.reason.describe(self.detail) if self.reason else ""


# an aside of a question: a parenthesis, or examples after "such as" / "e.g." / "for example" / "including" up to the
# end of the clause ("what has Ruritania stockpiled (the reserve, the ZBX purchases)?")
_ASIDE = re.compile(r"\([^()]*\)|\b(?:such as|e\.g\.|for example|for instance|including|like)\s[^,;:?()]*"
                    r"(?:,\s*(?!and\b|but\b|or\b|what\b|which\b|how\b|why\b|when\b|who\b)[^,;:?()]*)*", re.IGNORECASE)


def aside_spans(question: str) -> list[tuple[int, int]]:
    """Where a question's asides are: its parentheses and its lists of examples."""
    return [m.span() for m in _ASIDE.finditer(question)]


_NAME = r"[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*"
# a list of three or more names ("Acme, Bolt, Cogs and Dyno")
_NAMES_LISTED = re.compile(rf"\b{_NAME}(?:\s*,\s*{_NAME})+,?\s+(?:and|or)\s+{_NAME}")


def listed_among_known(question: str, unknown: list[str]) -> list[str]:
    """The unknown names that stand in a list of three or more names, the others all known ("how do the Acme, Bolt,
    Cogs and Zork forecasts compare?" with only Zork unknown): the question asks about the list, which the sources
    can answer but for that one name."""
    out = []
    for match in _NAMES_LISTED.finditer(question):
        members = [m for m in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", match.group(0)) if m]
        strangers = [u for u in unknown if any(re.search(rf"\b{re.escape(u)}\b", m) for m in members)]
        if len(strangers) == 1 and len(members) >= 3:
            out += strangers
    return out


_GAP = re.compile(r"^(?:no (?:public |official )?(?:source|figure|volume|data|announcement|record|report|evidence|"
                  r"confirmation)\b.*\b(?:found|confirm\w*|report\w*|publish\w*|available|announc\w*)\b"
                  r"|.*\b(?:has|have|had|was|were) not (?:been )?(?:confirmed|published|announced|disclosed|reported)\b"
                  r"|.*\b(?:remains?|is|was) unconfirmed\b"
                  # "... issued the rules without publishing any volumes", "... without disclosing the price"
                  r"|.*\bwithout (?:[\w-]+ ){0,4}?(?:publishing|disclosing|published|disclosed|releasing|giving|"
                  r"stating)\b"
                  r"|.*\b(?:sources?|note|reporting|record)\b.*\b(?:did|do|does|could) not (?:confirm|establish)\b)",
                  re.IGNORECASE)
# ... and what the notes say is left out in looser words, which a broad answer may keep as a caveat: "it was still
# unclear when Acme would restart", "Acme did not disclose the plant's capacity", "the summaries available for this
# note do not name the buyer"
_UNSAID = re.compile(r".*\b(?:remains?|remained|is|was) (?:still )?unclear (?:when|whether|how|what|who|where|which)\b"
                     r"|.*\b(?:did|do|does) not (?:disclose|specify)\b"
                     r"|.*\b(?:sources?|summar(?:y|ies)|note|reporting|record)\b.*\b(?:did|do|does|could) not "
                     r"(?:name|give|state|say|identify)\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<!^)(?<![.?!]\s)\b([A-Z][a-zA-Z]{2,}|[A-Z]{2,}[a-z]?)\b")
_FORM_WORDS = {"What", "Which", "When", "Where", "Why", "How", "Who", "Does", "Did", "Are", "Can", "Could", "Has",
               "Have", "Will", "Would", "Should", "Tell", "Give", "Explain", "Describe", "List", "The", "And", "Was",
               "Were", "Is", "Do", "AI", "I", "Compare"}
# what a factoid's question word asks for: "who is the finance director of ...", "what fee per tonne did ...",
# "under which law did ...", "how many staff will ... hire" (a phrase of up to four words before "of" or the verb)
_AUX = rf"{AUXILIARY}\b"
_HEAD_WORD = rf"(?!{_AUX})[\w-]+"
_HEAD = re.compile(rf"^\s*(?:(?:who|what)(?:'s|\s+(?:is|was|are|were))\s+(?:the\s+|its\s+|their\s+)?"
                   rf"(?P<head>(?:{_HEAD_WORD}\s+){{0,3}}?{_HEAD_WORD})\s+(?:of|at|for|behind)\b"
                   rf"|{LEADING_PREPOSITION}(?:what|which|how many)\s+"
                   rf"(?P<head2>(?:{_HEAD_WORD}\s+){{0,3}}?{_HEAD_WORD})\s+{_AUX})",
                   re.IGNORECASE)
# a question counting the things it names ("how many jobs ...?")
_COUNTED = re.compile(r"\s*how many\b", re.IGNORECASE)
_COUNTED_WORD = re.compile(r"^\s*how many\s+([A-Za-z][\w-]*)", re.IGNORECASE)  # the thing counted, its first word
# a count of things ("40,000 signatures", "350 jobs"): a number, not a year, before a word that is no unit, month or
# joining word
_UNITS = (r"tonnes?|tons?|t|kg|kilo\w*|kt|Mt|lbs?|pounds|per|a|an|each|percent|per cent|years?|months?|weeks?|days?|"
          r"TWh|GWh|GW|MW|times|euros?|yuan|dollars|crowns|" + "|".join(MONTHS))
_COUNT = re.compile(rf"(?<![\d,.$€£¥])\b(?!(?:19|20)\d\d\b)\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion))?\s+"
                    rf"(?!(?:{_UNITS})\b)([a-z][a-z-]+)", re.IGNORECASE)


# a count asked for by name ("what was the total number of drying kilns Acme built?", "..., what is the count of
# licences that ...?"): the lower-case words after it, up to a name, a verb or a preposition
_NUMBER_OF = re.compile(r"^(?:[^?]*?,\s*)?(?i:(?:and\s+|so\s+)?(?:what|which)(?:'s|\s+(?:is|was|are|were))\s+the\s+"
                        r"(?:(?:total|overall|exact|combined|final)\s+)?(?:number|count|tally)\s+of\s+)"
                        r"(?P<thing>(?:[a-z][\w-]*\s+){0,4}?[a-z][\w-]*)(?=\s+(?:[A-Z]|(?:that|which|who|did|does|do|"
                        r"is|are|was|were|has|have|had|in|on|at|by|for|from|during|since|across|over|under|between|"
                        r"to|the|a|an|it|its|they|their|this|these|those|will|would|can|could|[a-z]+ed)\b)|\s*[?,.]|"
                        r"\s*$)")


def _before_of(phrase: str) -> str:
    """What a question's head names before what it is of ("grade of ore" -> "grade", "tonnes of tin" -> "tonnes")."""
    return re.split(r"\s+of\s+", phrase, flags=re.IGNORECASE)[0]


def counted_noun(question: str) -> str:
    """The noun naming what a "how many" question counts ("how many drying kilns does ..." -> "kilns"; "how many
    tonnes of tin did ..." -> "tonnes"): the last word of its head (``_HEAD``) before any "of", else ""; or what a
    question asking for "the number of" something names ("the total number of drying kilns Acme built" ->
    "kilns")."""
    match = _HEAD.match(question) if _COUNTED.match(question) else None
    if match is None or not match.group("head2"):
        number_of = _NUMBER_OF.match(question)
        return number_of.group("thing").split()[-1] if number_of else ""
    words = _before_of(match.group("head2")).split()
    return words[-1] if words else ""


def countries_in_own_right(question: str) -> set[str]:
    """The countries a question names in their own right, not as a word of a longer name ("the US Geological
    Survey", "Export Finance Norway"): a country beside another capitalised word, other than the question's first
    word, is part of a name."""
    out = set()
    for name, start, end in find_entities(question).get("country", []):
        before = question[:start].split()
        in_name = (re.match(r"\s+[A-Z][a-z]", question[end:]) is not None
                   or (len(before) > 1 and before[-1][:1].isupper() and before[-1][-1].isalpha()))
        if not in_name:
            out.add(name)
    return out


def named_by_initials(names: Iterable[str], texts: Iterable[str]) -> list[str]:
    """The names that one of the texts gives by their initials ("the Odda Wire Service" in "OWS reported")."""
    initials = {a for text in texts for a in _INITIALS.findall(text)}
    return [n for n in names if any(written_out(a, n) for a in initials)] if initials else []


def tells_count(text: str) -> bool:
    """Whether a sentence counts things ("40,000 people signed", "350 jobs"), not a mass, sum, share or date."""
    return any(word.lower() not in FUNCTION_WORDS for word in _COUNT.findall(told(text)))


# modal verbs ("what would a ban cost?"), which no sentence needs to answer ("may" is a month too)
_MODALS = frozenset({"would", "could", "might", "must", "shall"})
# the verbs a figure is asked for by, which only say that a figure is wanted ("what does the bill come to?", "how
# much does that work out at?", "the tally converted into euros"): no sentence needs them
_WORKED_OUT = re.compile(r"\b(?:(?:comes?|came|coming|amounts?|amounted|amounting|adds?|added|adding)(?: up)? to"
                         r"|works? out(?: (?:to|at))?|convert(?:s|ed|ing)?(?= (?:to|into)\b))\b", re.IGNORECASE)
# the kinds of thing a programme's or firm's name is followed by ("the Acme initiative", "Bolt's scheme")
_KIND_OF_THING = (r"(?:programmes?|programs?|initiatives?|schemes?|projects?|funds?|facilit(?:y|ies)|plans?|"
                  r"partnerships?|frameworks?|agreements?|deals?|alliances?|forums?|ventures?)")
_HEAD_FORM_WORDS = FUNCTION_WORDS | {"much", "many", "exactly", "actually", "per"}
# words of a party's attitude to what is asked about ("why is Acme worried about the ban?"): how the question frames it,
# not what the sources must speak of
_STANCE_WORDS = frozenset("""worried worry worries worrying concerned anxious nervous alarmed afraid scared fearful
bothered upset keen eager excited optimistic pessimistic confident unhappy happy pleased annoyed frustrated
sceptical skeptical wary care cares cared caring interested bother""".split())


def names_swapped(swapped: list[tuple[str, str]], e: Evidence) -> bool:
    """Whether a sentence names what a follow-up swapped in (``ResolvedQuery.swapped``, "and Freedonia?"): a country
    in the sentence or where it stands (its heading, its note's title); a mineral in the sentence itself (a sentence
    naming another mineral is about that one, whatever its note's title)."""
    # (... unless the sentence names other countries and not it: "Ruritania's ministry set aside A$5 million" in a
    # note titled on Ruritania, Freedonia and Acadia is Ruritania's, not Freedonia's)
    return all(mentions(e.text, name) if kind == "mineral" or (kind == "country" and names_of_kind(e.text, "country"))
               else mentions(e.context, name) for kind, name in swapped)


def on_minerals(families: set[str], e: Evidence) -> bool:
    """Whether a sentence is about one of the mineral families: it names one, or it names no mineral and its heading,
    its note's title or its note's front matter names one (a sentence naming other minerals only is about them; one
    naming none may only say which project is meant: "the fund's stake in the Bolt project", in a note on Bolt's tin
    and zinc projects)."""
    said = (mineral_families(minerals_named(e.text))
            or mineral_families(minerals_named(e.context)) | mineral_families(e.listed_minerals))
    return bool(families & said)


# a factoid asking which firm did something ("which firm got the Acme contract?", "what bank lent the money?"): its
# answer names one
_FIRM_NOUNS = (r"(?:company|companies|firms?|business(?:es)?|corporations?|carmakers?|automakers?|manufacturers?|"
               r"makers?|producers?|miners?|refiners?|smelters?|operators?|banks?|consortium|contractors?|bidders?|"
               r"investors?|suppliers?|partners?)")
# ... or its name ("name the refiner ...", "the name of the Norwegian refiner ...?", "who is Acme's smelting partner?",
# "Acme's partner - who is it?")
# ("what do smelters pay?" asks a price of them, not which they are)
_ASKS_FIRM = re.compile(rf"^\s*(?:(?:and|so|but)\s+)?(?:which|what)\s+(?:(?!{AUXILIARY}\b)[\w-]+\s+){{0,2}}?"
                        rf"{_FIRM_NOUNS}\b"
                        rf"|^\s*(?:(?:what is|what's|give|tell me)\s+)?(?:the\s+)?names?\b[^?]{{0,40}}?\bof\s+"
                        rf"(?:the|its|their)\s+(?:[\w-]+\s+){{0,3}}?{_FIRM_NOUNS}\b"
                        rf"|^\s*who\s+(?:is|was|are|were)\s+(?:the|its|their|[\w-]+['\u2019]s?)\s+(?:[\w-]+\s+){{0,3}}?"
                        rf"{_FIRM_NOUNS}\b"
                        rf"|\b{_FIRM_NOUNS}\s*[-\u2013\u2014:,]\s*who\s+(?:is|was|are|were)\s+(?:it|they)\b",
                        re.IGNORECASE)
# a question asking who comes next ("who takes over the chair from Norway?", "which member succeeds Norway?")
_SUCCESSOR_ASKED = re.compile(r"\b(?:who|which\b[^?]{0,40}?)(?:'s|\s+(?:is|will|would|could|might|then))?\s+(?:be\s+)?"
                              r"(?:succeed(?:s|ing)?|tak(?:e|es|ing) over|replac(?:e|es|ing)|comes? next|next)\b",
                              re.IGNORECASE)
# a succession told: "Acme took over the chair from Bolt", "Acme succeeded Bolt"; "Bolt was succeeded by Acme",
# "Bolt handed the chair to Acme" name the one who comes next after the verb
_CLAUSE_BREAK = re.compile(r"\b(?:that|which|who|and|but|while|after|before|when)\b|[,;:()]", re.IGNORECASE)
_SUCCESSION = re.compile(r"\b(?:(?P<to>succeeded by|replaced by|hand(?:s|ed)? (?:over )?(?:[\w-]+ ){0,5}?to|"
                         r"pass(?:es|ed)? (?:[\w-]+ ){0,5}?to|rotat(?:es|ed) to)|"
                         r"succeed(?:s|ed)?|t(?:ake|akes|ook|aking|aken) over|replac(?:e|es|ed|ing))\b", re.IGNORECASE)
_PROPER = re.compile(r"\b[A-Z][\w&'.-]*[A-Za-z](?:\s+(?:of\s+|&\s+)?[A-Z][\w&'.-]*[A-Za-z])*")
_NOT_NAMES = {m.capitalize() for m in MONTHS} | {"The", "This", "That", "These", "Those", "Its", "Their", "In", "On",
                                                  "At", "By", "For", "From", "After", "Before", "Under", "With"}


def names_a_party(sentence: str, question: str) -> bool:
    """Whether a sentence, its attribution aside, names someone the question does not: a proper name that is no
    country, province or city ("Bolt Mining got the contract", not "Oslo opened the bidding")."""
    for match in _PROPER.finditer(told(sentence)):
        # (a country or mineral is no party, though a name holding one is: "the Norwegian Mint")
        words = [w for w in without_names(match.group(0), kinds=("country", "mineral")).split()
                 if w not in _NOT_NAMES]
        # (a longer form of a name the question gives is no one new: "Acme Holdings" for "Acme")
        if (not words or PLACES.countries_in(" ".join(words))
                or all(re.search(rf"\b{re.escape(w)}", question, re.IGNORECASE) for w in words)
                or any(len(w) >= 4 and re.search(rf"\b{re.escape(w)}\b", question) for w in words)):
            continue
        return True
    return False


def strength(e: Evidence) -> float:
    """How well a sentence answers the question, or any one part of a compound question, or the question read with
    the event that opens its window."""
    return max([e.score, *e.part_scores, *([] if e.whole_score is None else [e.whole_score])])


# what a statement that the record stops says is missing: what no source confirmed or gave ("No source found by 2031
# gave a start date for the Acme plant, before or after ..." -> "a start date for the Acme plant")
_GAP_SUBJECT = re.compile(r"\b(?:confirm(?:ed|s)?|report(?:ed|s)?|gave|give|named|listed|described|published|disclosed|"
                          r"stated|said|says)\s+(?P<what>.+?)(?:,\s*(?:so|which|either|but|while|as)\b|\s+(?:before|"
                          r"after|since|until)\b|[.;]|$)", re.IGNORECASE)


def gap_subject(sentence: str) -> str:
    """What a statement that the record stops says is missing, or the whole sentence when it does not say it in the
    usual way ("no source confirmed X")."""
    match = _GAP_SUBJECT.search(sentence)
    return match.group("what").rstrip(" ,") if match else sentence


# a table cell saying a figure was never made public ("Not disclosed", "not stated"); not "n/a", which may mean that
# nothing applies
_UNDISCLOSED = re.compile(r"(?:not (?:disclosed|stated|published|made public|available)|undisclosed|unknown)\b",
                          re.IGNORECASE)


def _name_words(name: str) -> list[str]:
    """The words of a name that may tell it apart (three letters or more, function words aside)."""
    return [w for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", name) if w.lower() not in FUNCTION_WORDS]


def _word_patterns(words: list[str]) -> list[re.Pattern[str]]:
    """Each word by its first letters, an adjective's by its place's ("Eastern" is found in "the East's"), an
    acronym's also by the words it stands for ("Acme's CFO Jan Olsen" in "Acme chief financial officer Jan Olsen")."""
    out = []
    for w in words:
        pattern = rf"\b{re.escape(_base(w)[:5])}"
        full = spelled_out(w)
        out.append(re.compile(pattern, re.IGNORECASE) if full is None else re.compile(f"(?i:{pattern})|{full.pattern}"))
    return out


@functools.lru_cache(maxsize=1024)  # pure; asked of the same few names for every close sentence
def _name_patterns(name: str) -> tuple[re.Pattern[str], ...]:
    return tuple(_word_patterns(_name_words(name)))


def names_given(query: ResolvedQuery, text: str) -> list[str]:
    """The names of a question that ``text`` (its own words, or the previous question's) gives and that have words
    to tell them apart (not a model number like "F-35")."""
    return [name for name in query.names("name") if name in text and _name_words(name)]


def holds_name(text: str, name: str) -> bool:
    """Whether a text names something, by its name or by all the words that tell it apart ("Acme's Odda plant" in
    "Acme's new plant in Odda"; "Plant: Odda; Company: Acme")."""
    patterns = _name_patterns(name)
    return mentions(text, name) or (bool(patterns) and all(p.search(text) for p in patterns))


# "it was unclear when Acme would restart": what the record leaves open, asked by the question word it is asked by
# (by its question word, "how much" and "how many" apart from "how")
_UNCLEAR = re.compile(r"\bunclear (when|whether|how(?: much| many)?|what|who|where|which)\b", re.IGNORECASE)
_WH = re.compile(r"\b(when|where|who|how(?: much| many)?|which|what)\b", re.IGNORECASE)
_ABOUT = re.compile(r"^\s*(?:and\s+|so\s+)?(?:what|how) about\b", re.IGNORECASE)
_YES_NO = re.compile(r"^\s*(?:and\s+|so\s+)?(?:did|does|do|is|are|was|were|has|have|had|will|can|could)\b",
                     re.IGNORECASE)


_TIME_WORDS = frozenset("date dates day days month months year years decade decades century centuries time times "
                         "deadline".split())
# the kinds of party or sum a question asks for ("which firm ...?", "what sum ...?"), which an answer gives by its
# name or figure, not by the word
_AGENT_WORDS = frozenset("""firm firms company companies business businesses corporation corporations group groups body
bodies agency agencies organisation organisations organization organizations entity entities party parties sum
sums""".split())


# a question asking whether, or when, something came about, doubting it has ("did Acme finally sign?", "has the
# plant opened yet?", "when did it actually start?")
_DONE_ASKED = re.compile(r"\b(?:did|has|have|had|was|were)\b[^?]*\b(?:finally|actually|yet|ever|already|eventually|"
                         r"by now|in the end|end(?:ed)? up)\b|\b(?:finally|eventually)\b", re.IGNORECASE)
_DOUBT_WORDS = frozenset("finally actually yet ever already eventually now end ended".split())
# what a sentence tells as to come, not as done ("Acme targeted a decision in 2031", "the plant was due to open")
_PLANNED = re.compile(r"\b(?:would|will|expects?|expected|expecting|plans?|planned|planning|targets?|targeted|"
                      r"targeting|aims?|aimed|aiming|due to|scheduled|set to|intends?|intended|hopes?|hoped|forecasts?|"
                      r"projected|proposed|looks? to|on track to|awaiting|awaited|pending|yet to|still to)\b",
                      re.IGNORECASE)
_PLAN_REACH = (3, 8)  # words before and after a planning word that it governs


def planned_terms(sentence: str, tokens: Callable[[str], list[str]]) -> set[str]:
    """The tokens a sentence tells of as to come: those within a few words of a planning word ("targeted a final
    investment decision", "a decision targeted for 2031" -> decision)."""
    out: set[str] = set()
    for match in _PLANNED.finditer(sentence):
        before = " ".join(sentence[:match.start()].split()[-_PLAN_REACH[0]:])
        after = " ".join(sentence[match.end():].split()[:_PLAN_REACH[1]])
        out.update(tokens(f"{before} {after}"))
    return out


def close_answers(evidence: list[Evidence], threshold: float) -> list[Evidence]:
    """The sentences answering closely enough (``strength``, a compound question's best part counting), the notes'
    statements that the record stops aside."""
    return [e for e in evidence if strength(e) >= threshold and not is_gap(e.text)]


def is_gap(sentence: str) -> bool:
    """Whether a sentence says the public record does not settle something."""
    return _GAP.match(sentence.strip()) is not None


# "Apart from the 2031 advance, no source ...": what the record does give, set aside before the statement that it
# gives no more
_MAGNITUDES = frozenset({"hundr", "thousand", "million", "billion", "trillion"})
_SET_ASIDE = re.compile(r"^(?:(?:apart|aside) from|other than|except(?: for)?|besides|beyond)\b[^,;.]{1,100},\s*",
                        re.IGNORECASE)


def opens_on_gap(sentence: str, question: str = "") -> bool:
    """Whether a sentence is the statement that the record stops (``leaves_open``) from its first words ("No source
    named the buyer"), rather than a fact with a gap clause after it, or after setting aside what the record does
    give ("Apart from the May advance, no source broke down the rest"), when the question does not ask about that
    ("how big was the advance?" is answered by it)."""
    text = sentence.strip()
    aside = _SET_ASIDE.match(text)
    if aside is not None:
        # (by its words, not its figures: "how are the 90 million divided?" asks nothing of "the 20 million advance")
        def words_of(part: str) -> set[str]:
            return {t for t in content_terms(part) if t.isalpha() and len(t) > 2 and t not in _MAGNITUDES}

        if words_of(aside.group(0)) & words_of(question):
            return False
        text = text[aside.end():]
    return leaves_open(text) and re.match(r"no\b", text, re.IGNORECASE) is not None


# "no source reported any change to the 1 May 2031 start": the start stands, as far as the record goes
_NO_CHANGE = re.compile(r"\bany (?:change|changes|delay|delays|amendment|amendments|revision|revisions) (?:to|in|of)\b",
                        re.IGNORECASE)


def tells_unsaid(sentence: str) -> bool:
    """Whether a sentence says the record leaves something open (``leaves_open``) or, in looser words, that a source
    left it out or that it is unclear ("Acme did not disclose the plant's capacity")."""
    return leaves_open(sentence) or _UNSAID.match(sentence.strip()) is not None


# a capitalised word after a sentence's first: a name ("who chairs Acme?")
_PROPER_NAME = re.compile(r"(?<=\s)[A-Z][\w'-]*")


def gap_on_earlier_question(query: ResolvedQuery, sentence: str, tokens: Callable[[str], list[str]]) -> bool:
    """Whether a statement that the record stops speaks of what the question before a follow-up asked, and not of
    what the follow-up asks: "no source named who chairs it now" does not settle "when was it set up?" after "who
    chairs it?"."""
    if not (query.is_followup and query.context and is_gap(sentence)):
        return False
    # (what is asked of the thing, not its name, which "it" carries into the follow-up: "who chairs Acme?")
    missing = {t for w in _words(without_names(_PROPER_NAME.sub(" ", gap_subject(sentence))), FUNCTION_WORDS)
               for t in tokens(w)}

    def asked_of(text: str) -> set[str]:
        return {t for w in _words(without_names(_PROPER_NAME.sub(" ", text)), FUNCTION_WORDS, ANSWER_FORM_WORDS,
                                  _MODALS) for t in tokens(w)}
    # (of the earlier question, what it asks, not a statement setting its scene: "Acme opened a second call in 2031.
    # How many firms applied?")
    return bool(missing & asked_of(asking_part(query.context))) and not missing & asked_of(query.focus)


def leaves_open(sentence: str) -> bool:
    """Whether a sentence says the record leaves a question open (``is_gap``), and not only that no source reported
    a change to something, which states it as standing ("when does the ban start?": "no source reported any change
    to its 1 May 2031 start" answers)."""
    return is_gap(sentence) and _NO_CHANGE.search(sentence) is None


class Gate:
    """Decides whether to answer.

    >>> Gate(settings, tokens=str.split, in_vocabulary=lambda t: True).decide(query, evidence)  # doctest: +SKIP
    """

    def __init__(self, settings: AnswerSettings, *, tokens: Callable[[str], list[str]],
                 in_vocabulary: Callable[[str], bool], embed: Callable[[str], object] | None = None) -> None:
        self.s = settings
        self.tokens = tokens
        self.in_vocabulary = in_vocabulary
        self.embed = embed

    def unknown_terms(self, question: str) -> list[str]:
        """Names in the question (capitalised words, acronyms) that the whole corpus never mentions."""
        found = find_entities(question)
        spans = [(s, e) for kind in found for _, s, e in found[kind]]
        out = []
        for match in _CAPITALISED.finditer(question):
            word = match.group(1)
            if word in _FORM_WORDS or any(s <= match.start() < e for s, e in spans):
                continue
            tokens = self.tokens(word)
            if tokens and not any(self.in_vocabulary(t) for t in tokens) and not self._derived_from_known(word):
                # (an everyday word owning a thing the corpus names, "the Navy's Kx-90 drones", only says whose it
                # is: the thing is what is asked about)
                owned = re.match(r"['\u2019]s\s+([A-Z][\w-]+)", question[match.end():])
                if owned and english_word(word) and all(self.in_vocabulary(t) for t in self.tokens(owned.group(1))):
                    continue
                out.append(word)
        return out

    def owned(self, name: str) -> str:
        """A name without an owner the corpus never names that is an everyday word ("Navy's Kx-90" -> "Kx-90"): it
        only says whose the thing is (``unknown_terms``); else the name as it is."""
        owner = re.match(r"([A-Z][a-z]+)['\u2019]s\s+(\S.*)$", name)
        if owner and english_word(owner.group(1)) and not any(self.in_vocabulary(t)
                                                               for t in self.tokens(owner.group(1))):
            return owner.group(2)
        return name

    def _derived_from_known(self, word: str) -> bool:
        """Whether a name is an adjective or people's name made from one the corpus holds ("Eastern" from "East",
        "Freedonian" from "Freedonia", "Ruritanese" from "Ruritan")."""
        for stem in _stems(word, least=3):
            for base in (stem, stem + "a"):
                tokens = self.tokens(base)
                if tokens and all(self.in_vocabulary(t) for t in tokens):
                    return True
        return False

    def unfamiliar_words(self, question: str, question_vector: np.ndarray,
                         whole: str | None = None) -> dict[str, float]:
        """Words the corpus never uses that carry the question's meaning: leaving one out moves the question's
        embedding by at least ``centrality``. ``whole``: the text ``question_vector`` embeds, when that is more than
        the question (a follow-up read with the one before it). Returns {word: how far}."""
        if self.embed is None:
            return {}
        words = []
        for word in re.findall(r"[A-Za-z][A-Za-z-]{3,}", without_names(question)):
            tokens = self.tokens(word)
            if (word not in _FORM_WORDS and word.lower() not in FUNCTION_WORDS
                    and word.lower() not in ANSWER_FORM_WORDS and word.lower() not in _STANCE_WORDS and tokens
                    and not any(self.in_vocabulary(t) for t in tokens)
                    # (a unit the sources write by its symbol: "gigawatt-hours" as "GWh")
                    and not self.known_tokens(unit_symbols(word))):
                words.append(word)
        central: dict[str, float] = {}
        for word in dict.fromkeys(words):
            without = np.asarray(self.embed(re.sub(rf"\b{re.escape(word)}\b", " ", whole or question)),
                                 dtype=np.float32)
            moved = 1.0 - float(np.dot(question_vector, without))
            if moved >= self.s.centrality:
                central[word] = moved
        return central

    @staticmethod
    def asked_words(query: ResolvedQuery) -> list[str]:
        """What a question asks about the things it names: its words but the names, function words and the words
        that only say what form of answer is wanted ("the chief executive of Acme Metals" -> chief, executive)."""
        text = query.focus
        for name in query.names("name"):  # (before the places: "the Acme-Norway Fund" is a name holding one)
            # (with the kind of thing it is, which says what is named, not what is asked: "the Acme initiative" may
            # be "the Acme programme" in the notes)
            text = re.sub(rf"{re.escape(name)}(?:['\u2019]s?)?\s+{_KIND_OF_THING}\b", " ", text, flags=re.IGNORECASE)
            text = text.replace(name, " ")
        return _words(without_names(_WORKED_OUT.sub(" ", text)), FUNCTION_WORDS, ANSWER_FORM_WORDS, _MODALS)

    @staticmethod
    def head_words(query: ResolvedQuery) -> list[str]:
        """The words of what a factoid's question word asks for, when it names it ("who is the finance director of
        Acme?" -> finance, director; "what fee per tonne did Acme pay?" -> fee, tonne), else []: the rest of the
        question only says which thing it is about ("..., the company behind the North Quarry?"). A count asked for
        by name asks for the things counted ("what was the total number of drying kilns ...?" -> drying, kilns)."""
        number_of = _NUMBER_OF.match(query.focus)
        if number_of is not None:
            return _words(without_names(number_of.group("thing")), _HEAD_FORM_WORDS)
        match = _HEAD.match(query.focus)
        if match is None:
            return []
        return _words(without_names(match.group("head") or match.group("head2")), _HEAD_FORM_WORDS)

    def _amount_tokens(self, query: ResolvedQuery) -> set[str]:
        """The corpus's tokens of what a factoid asks for: its question word's head, else all it asks about its
        subject."""
        return self.known_tokens(self.head_words(query) or self.asked_words(query))

    def known_tokens(self, words: Iterable[str]) -> set[str]:
        """The tokens of words that the corpus uses (a word it never uses cannot be looked for in a passage)."""
        return {t for w in words for t in self.tokens(w) if self.in_vocabulary(t)}

    @staticmethod
    def _of_proper_names(query: ResolvedQuery, close: list[Evidence], subjects: list[str]) -> list[Evidence]:
        """The passages of the notes naming a proper name among ``subjects``, where some do, else all: a proper name
        is what a question is about more closely than a country or mineral it also names ("the Odda plant")."""
        proper = [n for n in subjects if n in query.names("name")]
        notes = {e.hit.doc_id for e in close if any(mentions(f"{e.hit.text} {e.context}", n) for n in proper)}
        return [e for e in close if e.hit.doc_id in notes] or close

    def unasked_in_followup(self, query: ResolvedQuery, close: list[Evidence], subjects: list[str]) -> str:
        """For a follow-up naming in its own words the kind of thing it asks for ("what grade of ore does it take?",
        "which companies won?"): why it is declined when no close passage about what the conversation names uses a
        word of that kind, else "". (A time asked, "what date ...?", is told as a date, not by the word; nor is a
        form of answer, "what share ...?", a word a passage must use.)"""
        match = _HEAD.match(query.question)
        if match is None or not match.group("head2") or query.qtype is not QType.FACTOID or not subjects:
            return ""
        # (what is asked, before what it is of: "what grade of ore ...?" asks a grade)
        words = _words(without_names(_before_of(match.group("head2"))), _HEAD_FORM_WORDS, _TIME_WORDS,
                       ANSWER_FORM_WORDS, _AGENT_WORDS)
        asked = self.known_tokens(words)
        close = self._of_proper_names(query, [e for e in close if any(mentions(f"{e.hit.text} {e.context}", n)
                                                                      for n in subjects)], subjects)
        if not asked or not close or any(asked & set(self.tokens(f"{e.hit.text} {e.context}")) for e in close):
            return ""
        return f": no passage about {', '.join(map(repr, subjects))} mentions {' '.join(dict.fromkeys(words))!r}"

    def unasked(self, query: ResolvedQuery, close: list[Evidence]) -> str:
        """For a factoid of its own that names something: why it is declined when no close passage about what it
        names uses any of the words of what it asks ("the chief executive of Acme Metals"), else "". A follow-up
        swapping a name in ("and for indium?") asks the previous question of that name, and is held to it; other
        follow-ups are not (their own words are too few and too vague to hold passages to: "how big is it?")."""
        subjects = [*query.specific, *query.names("name")]
        if query.swapped:  # "and for indium?": the previous question asked of what the follow-up swaps in
            subjects = [name for _, name in query.swapped]
            close = [e for e in close if names_swapped(query.swapped, e)]
        elif query.from_history:
            return self.unasked_in_followup(query, close, subjects)
        if query.qtype is not QType.FACTOID or not subjects:
            return ""
        # (how much of a mineral one thing holds, "how much tin material is put inside one Kx-90?", asks the mass of
        # the mineral in it, whatever words ask it: whether a sentence gives that mass is ``unmeasured``'s to say)
        if content_of_one(query.focus) and query.names("mineral"):
            return ""
        # (a question of its own asking when something happened is answered by a sentence telling of it: its
        # passage's other sentences may name the subject and the words asked in passing, "Freedonia" in one and
        # "exports" in another)
        dated = not query.from_history and asks_when(query.focus)

        def text_of(e: Evidence) -> str:
            return e.context if dated else f"{e.hit.text} {e.context}"

        close = [e for e in close if any(mentions(text_of(e), n) for n in subjects)]
        if dated and query.names("country"):  # (... and one naming other countries only tells of them)
            close = [e for e in close if not names_of_kind(e.text, "country")
                     or any(mentions(e.text, c) for c in query.names("country"))]
        close = self._of_proper_names(query, close, subjects)
        # (what the question word asks for, when it names two things or more, "the chief executive", else all the
        # question asks about its subject)
        words = self.head_words(query)
        asked = self.known_tokens(words)
        # (things counted that the sources never speak of, "how many clerks does Acme employ?", "how many clerks
        # work there?", are counted by none)
        first = _COUNTED_WORD.match(query.focus)
        counted = words or (_words(first.group(1), _HEAD_FORM_WORDS) if first else [])
        if (_COUNTED.match(query.focus) and close and not measure_asked(query.focus)
                and any(self.tokens(w) for w in counted) and not self.known_tokens(counted)
                # (a unit named in words the sources write as its symbol, "terawatt-hours" as "TWh", is spoken of)
                and not self.known_tokens(unit_symbols(" ".join(counted)))
                and not any(tells_count(e.text) for e in close)):  # (a count in other words: "40,000 signatures")
            return f": the sources never speak of {' '.join(dict.fromkeys(counted))!r}"
        # (nor are things no close passage names at all, "how many drying kilns does a plant need?" of passages on
        # plants and their tonnes: a count of them is not told)
        noun = counted_noun(query.focus)
        held = self.known_tokens([noun]) if noun and not names_unit(noun) else set()
        if (held and close and not measure_asked(query.focus)
                and not any(held & set(self.tokens(text_of(e))) for e in close)):
            return f": no passage about {', '.join(map(repr, subjects))} counts {noun!r}"
        # (one word is too little to go on, a synonym may stand for it: "the row" for "the dispute"; but not for what
        # "how many" counts, "how many jobs", which a sentence giving the count names; a unit, "how many tonnes", may
        # be a column's "(t)")
        enough = 1 if asked and _COUNTED.match(query.focus) and not measure_asked(query.focus) else 2
        # (nor what a head's modifiers say when the sources never use its noun: "which state-owned lender ...?" is
        # answered by a sentence naming the lender, "Acme Export Finance", in words of the rest of the question)
        if words and not self.known_tokens(words[-1:]):
            asked = set()
        if len(asked) < enough:
            words = self.asked_words(query)
            # (a question asking when names the unit of the time it wants, "which decade ...?", which the answer
            # gives as a time, "the 1990s", not by the word)
            words = [w for w in words if not (dated and w.lower() in _TIME_WORDS)]
            asked = self.known_tokens(words)
        if len(asked) < enough or not close or any(asked & set(self.tokens(text_of(e))) for e in close):
            return ""
        # (nor is a figure asked by its measure over the span of years the question names, "in euro terms, where was
        # tin spending headed from 2030 to 2040?": a close passage on its subject stating that measure beside each of
        # those years tells it, in whatever words it names what is measured, "the value of tin use"; one year is too
        # little to go on, "what did Acme's 2031 raise of US$9 million pay per share?")
        measure = measure_asked(query.focus)
        own_years = set(YEAR.findall(query.focus)) - source_years(query.focus)
        if measure and len(own_years) >= 2 and any(
                states_measure(e.text, measure) and own_years <= set(YEAR.findall(e.text)) for e in close):
            return ""
        return f": no passage about {', '.join(map(repr, subjects))} mentions {' '.join(dict.fromkeys(words))!r}"

    def undisclosed(self, query: ResolvedQuery, evidence: list[Evidence], threshold: float) -> str:
        """For a factoid naming what it is about and what it asks for ("what is the Acme plant's capacity?"): why
        it is unsettled when a table row naming it, answering closely enough, gives the column headed with a word of
        what is asked as not disclosed ("Capacity: Not disclosed"), and no other close sentence naming it states a
        figure with that word; else ""."""
        names = [n for n in [*query.specific, *query.names("name")] if n not in GENERIC]
        if query.qtype is not QType.FACTOID or not names:
            return ""
        asked = self._amount_tokens(query)
        if not asked:
            return ""
        # (a name by its words too: "Acme's Oslo plant" in "Plant: Oslo; Company: Acme")
        close = [e for e in evidence if e.score >= threshold and any(holds_name(e.text, name) for name in names)]
        subject = self.known_tokens(self.asked_words(query)) - asked
        yearly = set(query.own_dated) if measure_asked(query.focus) or _COUNTED.match(query.focus) else set()
        for e in close:
            row = row_pairs(e.text)
            gap = next(((header, cell) for header, cell in (row[1] if row else [])
                        if _UNDISCLOSED.match(cell.strip()) and asked & set(self.tokens(header))), None)
            if gap is None:
                continue
            # (asked for an amount of a year, "how many tonnes was the 2031 quota?": a row of another year settles
            # nothing, and a figure of another year, or of another thing, is no answer for it: "the 2030 quota was
            # 90 tonnes" or "2031 output was 80 tonnes" beside a row giving 2031's quota as not disclosed)
            if yearly and not yearly & told_years(e.text):
                continue
            if any(o is not e and not is_gap(o.text) and has_figure(o.text) and asked & set(self.tokens(o.text))
                   and (row_pairs(o.text) is None if not yearly else
                        yearly & told_years(o.text) and (not subject or subject & set(self.tokens(o.text))))
                   for o in close):
                return ""
            assert row is not None
            table = f"the table {row[0]!r}" if row[0] else "a table of the notes"
            return f": {table} gives {gap[0]!r} as {gap[1]!r}"
        return ""

    def unlisted(self, query: ResolvedQuery, evidence: list[Evidence]) -> str:
        """For a factoid on one country's amount ("how big are Freedonia's tin reserves?"): why it is declined when
        a retrieved table of that amount by country (a number column headed with a word of what is asked, three
        rows or more, each labelled with a country) has no row for it, and no sentence naming the country speaks of
        the amount; else ""."""
        countries = query.names("country")
        if query.qtype is not QType.FACTOID or len(countries) != 1:
            return ""
        country = countries[0]
        asked = self._amount_tokens(query)
        if not asked:
            return ""
        tables: dict[tuple[str, str, str], list[str]] = {}  # (passage, heading, column) -> the rows' first cells
        for e in evidence:
            row = row_pairs(e.text)
            if row is None or len(row[1]) < 2:
                continue
            (_, label), *cells = row[1]
            column = next((header for header, cell in cells
                           if asked & set(self.tokens(header)) and any(c.isdigit() for c in cell)), None)
            if column is not None:
                tables.setdefault((e.hit.chunk_id, row[0], column), []).append(label)
        by_country = {key: labels for key, labels in tables.items()
                      if len(labels) >= 3 and all(names_of_kind(label, "country") for label in labels)}
        if not by_country or any(mentions(label, country) for labels in by_country.values() for label in labels):
            return ""
        # (a sentence on the amount names the country with a figure, or names few countries: a list of partners for
        # a "Strategic Reserve" is none; a time asked, "from what date did Freedonia chair it?", is told by a sentence
        # naming the country with a year, "Freedonia took the chair on 1 May 2031", in no word of the question)
        when = asks_when(query.focus)
        if any(row_pairs(e.text) is None and mentions(e.text, country)
               and (asked & set(self.tokens(e.text)) or (when and YEAR.search(e.text) is not None))
               and (has_figure(e.text) or len(names_of_kind(e.text, "country")) <= 2) for e in evidence):
            return ""
        return f": the table of {next(iter(by_country))[2]!r} by country has no row for {country}"

    @staticmethod
    def unmatched_names(query: ResolvedQuery, passages: dict[str, str], attributed: dict[str, str] | None = None,
                        owned: Callable[[str], str] | None = None) -> list[str]:
        """Proper names of two or more words ("Borealis Mining's North Quarry") whose words no retrieved passage
        (``passage_texts``) holds together: each word may be common in the corpus, the name is not. A passage holds
        a name its sentences are attributed to (``attributions``: "as the Acme Wire Service reported") and a name it
        gives by initials ("AWS reported ...")."""
        attributed = attributed or {}
        texts = [f"{text} {attributed.get(chunk, '')}" for chunk, text in passages.items()]
        out = []
        for name in query.names("name"):
            # (a country or mineral inside it is checked apart)
            # (``owned``: the name without an owner that only says whose it is, ``Gate.owned``)
            words = [w for w in _name_words(owned(name) if owned else name) if not any(find_entities(w).values())]
            if query.focus.lstrip().startswith(name):  # "Chart Freedonia's ...": an imperative, not a name
                words = words[1:]
            if len(words) < 2:
                continue
            patterns = _word_patterns(words)
            if not any(all(p.search(text) for p in patterns) for text in texts):
                out.append(name)
        spelled = named_by_initials(out, texts) if out else []
        return [name for name in out if name not in spelled]

    def decide(self, query: ResolvedQuery, evidence: list[Evidence], question_vector: np.ndarray) -> Decision:
        if not evidence:
            return Decision(AbstainReason.NO_EVIDENCE)
        names = query.salient
        specific = query.specific
        named = [e for e in evidence if any(mentions(e.context, t) for t in specific)] if specific else evidence
        # a follow-up swapping a name ("and Freedonia?") asks about that name: a sentence not naming it answers the
        # previous question
        swapped = query.swapped
        if swapped:
            named = [e for e in named if names_swapped(swapped, e)]
        # a factoid naming a mineral itself ("and how much indium did it buy?") is answered by a sentence on it (or
        # by the notes' statement that the record stops, which may speak of minerals at large)
        own = mineral_families(minerals_named(query.question))
        if own and query.qtype is QType.FACTOID:
            named = [e for e in named if on_minerals(own, e) or is_gap(e.text)]
        # a compound question is answered when one of its parts is: a sentence's best score, whole or by part
        top = max(named, key=strength, default=None)
        best = strength(top) if top is not None else 0.0
        unknown = self.unknown_terms(query.focus)
        # a name a follow-up takes from the answer just read, not from the user's own words, only says which thing
        # "it" is: the answer may have worded it otherwise than the notes do ("Odda Tech" for "Odda Technical
        # University")
        unknown = [u for u in unknown if not (query.said and u in query.said and u not in query.question)]
        # an acronym the conversation writes out ("and when did AM ship?" after "... Acme Metals ...") is known
        unknown = [u for u in unknown if not (query.context and written_out(u, query.context))]
        # a name only an aside gives ("... (the reserve, the ZBX purchases)?") is an example of what is asked, not
        # what it is about: the rest is answered, and the answer says which names the sources never mention
        asides = aside_spans(query.focus)
        unmentioned = [u for u in unknown if any(a <= query.focus.find(u) < b for a, b in asides)]
        unmentioned += [u for u in listed_among_known(query.focus, unknown) if u not in unmentioned]
        unknown = [u for u in unknown if u not in unmentioned]
        passages = passage_texts(evidence)
        # an acronym the passages write out in full ("the ZIB money" and "the Zonal Indium Board") is known, and so
        # is a name their sentences are attributed to ("as the Odda Wire Service reported"), said or not
        attributed = attributions(evidence) if unknown or query.names("name") else {}
        unknown = [u for u in unknown if not any(written_out(u, text) for text in passages.values())
                   and not any(re.search(rf"\b{re.escape(u)}\b", text, re.IGNORECASE) for text in attributed.values())]
        # ... and so are the words of a name they give by initials ("the Odda Wire Service" and "OWS reported")
        if unknown:
            spelled = named_by_initials(query.names("name"), [*passages.values(), *attributed.values()])
            unknown = [u for u in unknown if not any(re.search(rf"\b{re.escape(u)}\b", n) for n in spelled)]
        if unknown:
            return Decision(AbstainReason.UNKNOWN_NAME, ", ".join(repr(u) for u in unknown), best)
        missing = [t for t in names if not any(mentions(e.context, self.owned(t)) for e in evidence)]
        missing += self.unmatched_names(query, passages, attributed, self.owned)
        # (nor is a name only the answer just read gives, not the user: "its" is what the user asked about, and the
        # answer may name its chief or its plant in words the notes never use)
        missing = [m for m in missing if not (query.said and mentions(query.said, m) and not mentions(query.question, m)
                                              and not mentions(query.context, m))]
        if missing:
            return Decision(AbstainReason.MISSING_ENTITY, ", ".join(repr(m) for m in missing), best)
        if len(specific) >= 2 and not all(any(all(mentions(text, t) for t in group) for text in passages.values())
                                          for group in query.specific_by_part):
            return Decision(AbstainReason.NOT_TOGETHER, ", ".join(repr(t) for t in names), best)
        # (a follow-up read with the question before it is embedded with it: its word is left out of both; the
        # embedded text is without the names it leaves out, as searched)
        unfamiliar = self.unfamiliar_words(query.focus, question_vector, without_exclusions(query.text))
        # (an acronym the passages write out in full, "the ZIB" and "the Zonal Indium Board", is a word they use)
        unfamiliar = {word: moved for word, moved in unfamiliar.items()
                      if not any(written_out(word, text) for text in passages.values())}
        # (a factoid's: a broad question framed in a word the notes never use, "why do tin chokepoints worry
        # smelters?", is answered by the sections on what it frames, which the bar alone weighs)
        threshold = self.s.abstain_threshold + (min(self.s.unknown_word_margin, sum(unfamiliar.values()))
                                                if query.qtype is QType.FACTOID else 0.0)
        if top is None or best < threshold:
            extra = (f" (and the sources never use {', '.join(repr(u) for u in unfamiliar)})" if unfamiliar else "")
            return Decision(AbstainReason.WEAK_EVIDENCE, extra, best)
        unasked = self.unasked(query, [e for e in evidence if strength(e) >= threshold])
        if unasked:  # "who is Acme's chief executive?" and passages about Acme that never speak of one
            return Decision(AbstainReason.WEAK_EVIDENCE, unasked, best)
        unlisted = self.unlisted(query, evidence)
        if unlisted:  # "how big are Freedonia's tin reserves?" and a table of reserves by country without Freedonia
            return Decision(AbstainReason.WEAK_EVIDENCE, unlisted, best)
        undisclosed = self.undisclosed(query, evidence, threshold)
        if undisclosed:  # "what is the Acme plant's capacity?" and a row of plants giving it as "Not disclosed"
            return Decision(AbstainReason.UNSETTLED, undisclosed, best)
        # a gap statement settles a question only about the years it names ("no 2025 quota was published" says
        # nothing about 2023)
        leader = max(evidence, key=lambda e: e.score)
        asked_years = {str(y) for y in query.years}
        # (a question other sentences answer well enough, a broad one or one they answer about as well as the gap
        # statement does, is answered: "what did X suspend, and what stayed?" is not settled by "no source says what
        # happened after the suspensions ended")
        # ... though for a factoid, a sentence answers only if it speaks of what the gap statement says is missing:
        # "no source gave the plant's capacity" is not answered by "Acme announced the plant in 2031"
        lacking = {t for w in self.asked_words(query) for t in self.tokens(w)} & set(self.tokens(leader.text))

        def answered() -> bool:
            return any(strength(e) >= threshold and not is_gap(e.text)
                       and (query.qtype is not QType.FACTOID or (e.score >= self.s.gap_relative * leader.score
                                                                 and lacking <= set(self.tokens(e.context))))
                       for e in named)
        # (nor does one that does not name what a follow-up swapped in: "no source says the tin plant opened" does
        # not settle "and indium?")
        # (nor does one on what the question before a follow-up asked, not on what the follow-up asks)
        earlier = gap_on_earlier_question(query, leader.text, self.tokens)
        # (a statement that no source says which of the kind asked for, "no source confirmed which firms won",
        # settles "which firms won?" when it answers about as well as the best, whatever leads: the notes keep no
        # such statement beside a sentence naming them, so a close sentence on the contest names no winner; and its
        # words on what the question before asked, "after the bid deadline", do not make it about that)
        def of_kind(e: Evidence) -> bool:
            return (bool(query.asks_for) and leaves_open(e.text) and asks_for(gap_subject(e.text)) == query.asks_for
                    and e.score >= self.s.relative_cutoff * leader.score)

        which = next((e for e in sorted(evidence, key=lambda e: -e.score) if of_kind(e)), None)
        gap = which or leader
        if (leaves_open(gap.text) and (not asked_years or asked_years & set(YEAR.findall(gap.text)))
                and (not swapped or names_swapped(swapped, gap)) and (which is not None
                                                                      or not earlier and not answered())):
            return Decision(AbstainReason.UNSETTLED, best=best, gap=gap)
        worded = self.gap_worded_as_asked(query, evidence, threshold)
        if worded is not None:
            return Decision(AbstainReason.UNSETTLED, best=best, gap=worded)
        planned = self.only_planned(query, evidence, threshold)
        if planned is not None:
            return Decision(AbstainReason.UNSETTLED, best=best, gap=planned)
        settled_by = self.gap_for_followup(query, evidence, threshold)
        if settled_by is not None:
            return Decision(AbstainReason.UNSETTLED, best=best, gap=settled_by)
        unclear = self.unclear_as_asked(query, evidence, threshold)
        if unclear is not None:
            return Decision(AbstainReason.UNSETTLED, best=best, gap=unclear)
        undated = self.undated(query, evidence)
        if undated:
            # the notes' own statement of where the record stops, when one answers about as well as the best
            # sentence does, is the reason
            gap = self._close_gap(evidence, threshold, best)
            if gap is not None:
                return Decision(AbstainReason.UNSETTLED, best=best, gap=gap)
            return Decision(AbstainReason.UNDATED, undated, best)
        unmeasured = (self.unmeasured(query, evidence, threshold) or self.unshared(query, named, threshold)
                      or self.unnamed(query, evidence, threshold) or self.unowned(query, evidence, threshold)
                      or self.unsucceeded(query, evidence, threshold))
        unlocated = "" if unmeasured else self.unlocated(query, evidence, threshold)
        if unlocated:
            # (so is its statement that no source gave the site)
            gap = self._close_gap(evidence, threshold, best)
            if gap is not None:
                return Decision(AbstainReason.UNSETTLED, best=best, gap=gap)
            return Decision(AbstainReason.WEAK_EVIDENCE, unlocated, best)
        if unmeasured:
            return Decision(AbstainReason.WEAK_EVIDENCE, unmeasured, best)
        return Decision(None, best=best, unmentioned=unmentioned)

    def gap_worded_as_asked(self, query: ResolvedQuery, evidence: list[Evidence], threshold: float) -> Evidence | None:
        """For a factoid of its own, the notes' statement that the record stops ("no public source named the buyer of
        Acme's first cargo") when it holds all the question asks about what it names, two words or more ("which
        buyer got Acme's first cargo?": buyer, first, cargo), and no sentence answering closely enough holds as
        much; else None."""
        if query.qtype is not QType.FACTOID or query.from_history:
            return None
        asked = self.known_tokens(self.asked_words(query))
        # (how much of what is asked each close sentence holds, the gap statements apart from the answers)
        holds = [(len(asked & set(self.tokens(e.text))), e) for e in evidence if e.score >= threshold]
        gaps = [(n, e) for n, e in holds if leaves_open(e.text)]
        if gaps:
            held, gap = max(gaps, key=lambda g: (g[0], g[1].score))
            if held >= max(2, len(asked)) and not any(n >= held for n, e in holds if not leaves_open(e.text)):
                return gap
        # ... or, in its words or looser ones ("the summaries do not name Acme's buyer"), when it holds what the
        # question word asks for ("the buyer's name, for Acme's first cargo?": name), which no other close sentence
        # holds ("Acme sold its first cargo in May")
        # (a date is told as one, not by the word: "from what date ...?" is answered by "from 1 May 2031")
        head = self.known_tokens(w for w in self.head_words(query) if w.lower() not in _TIME_WORDS)
        if not head:
            return None
        heads = [e for _, e in holds if tells_unsaid(e.text) and head <= set(self.tokens(e.text))]
        if not heads or any(head <= set(self.tokens(e.text)) for _, e in holds if not tells_unsaid(e.text)):
            return None
        return max(heads, key=lambda e: e.score)

    def unclear_as_asked(self, query: ResolvedQuery, evidence: list[Evidence], threshold: float) -> Evidence | None:
        """For a factoid, follow-ups too, the notes' statement that it is unclear when (where, who, how, whether)
        something is so, when the question asks just that ("and Bolt, when did they restart?" and "it was still
        unclear when Bolt would resume work"), of all the names the question's own words give (naming none, it may
        ask of anything the statement does not name); else None."""
        if query.qtype is not QType.FACTOID:
            return None
        own = _ABOUT.sub("", query.question)
        asked = {w.lower() for w in _WH.findall(own)} | ({"whether"} if _YES_NO.match(own) else set())
        names = names_given(query, query.question)
        for e in sorted(evidence, key=lambda e: -e.score):
            match = _UNCLEAR.search(e.text)
            if e.score < threshold or match is None or match.group(1).lower() not in asked:
                continue
            clause = e.text[match.start():]
            if names and all(holds_name(clause, name) for name in names):
                return e
        return None

    def _close_gap(self, evidence: list[Evidence], threshold: float, best: float) -> Evidence | None:
        """The notes' best statement that the record stops, when it answers about as well as the best sentence (at
        least ``gap_relative`` of ``best``, and past the threshold); else None."""
        gaps = [e for e in evidence if e.score >= max(threshold, self.s.gap_relative * best) and is_gap(e.text)]
        return max(gaps, key=lambda e: e.score, default=None)

    def _near_best(self, evidence: list[Evidence], threshold: float) -> list[Evidence]:
        """The sentences answering closely enough (``close_answers``) that answer about as well as the best of them
        (at least ``relative_cutoff`` of its strength)."""
        close = close_answers(evidence, threshold)
        best = max((strength(e) for e in close), default=0.0)
        return [e for e in close if strength(e) >= self.s.relative_cutoff * best]

    def _holding_most(self, asked: set[str], close: list[Evidence]) -> tuple[int, list[Evidence]]:
        """How many of the ``asked`` tokens the ``close`` sentences holding most of them hold, and those sentences."""
        counts = [(len(asked & set(self.tokens(e.text))), e) for e in close]
        held = max((n for n, _ in counts), default=0)
        return held, [e for n, e in counts if n == held]

    def only_planned(self, query: ResolvedQuery, evidence: list[Evidence], threshold: float) -> Evidence | None:
        """For a factoid asking whether or when something came about, doubting it has ("so did Acme finally sign the
        lease?"), the sentence answering closely enough that holds most of what it asks, when that sentence tells of
        it only as to come ("Acme planned to sign the lease in 2031") and no close sentence holding as much tells of
        it otherwise; else None. The record stops at the plan, and the answer says so with the latest word on it."""
        if query.qtype is not QType.FACTOID or not _DONE_ASKED.search(query.question):
            return None
        # (what is asked of the names, not the names: "has Acme taken its decision?" -> taken, decision)
        own = query.question
        for name in query.names():
            own = re.sub(rf"\b{re.escape(name)}\b", " ", own)
        asked = self.known_tokens(_words(without_names(own), FUNCTION_WORDS, ANSWER_FORM_WORDS, _STANCE_WORDS,
                                         _TIME_WORDS, _DOUBT_WORDS, _MODALS))
        if not asked:
            return None
        held, most = self._holding_most(asked, [e for e in evidence if e.score >= threshold and not is_gap(e.text)])
        if held < min(2, len(asked)):
            return None
        # (told as to come: most of what it holds of the question is governed by a planning word, "Acme's smelter
        # owners targeted a building decision"; "Acme took the decision and plans to build" tells a deed done)
        def as_planned(e: Evidence) -> bool:
            holds = asked & set(self.tokens(e.text))
            return len(holds & planned_terms(e.text, self.tokens)) >= min(2, len(holds))
        planned = [e for e in most if as_planned(e)]
        if len(planned) < len(most):
            return None
        # (the latest word on the plan: "in May 2031 Acme moved its target to 2032" over its 2030 target)
        return max(planned, key=lambda e: (first_date(e.text) or (0, 0, 0), e.score))

    def gap_for_followup(self, query: ResolvedQuery, evidence: list[Evidence], threshold: float) -> Evidence | None:
        """For a follow-up, the notes' statement that the record stops (answering closely enough) which speaks of
        what the follow-up's own words ask ("when does it start?" and "no source gave a start date for the Acme
        plant"), when no other sentence answering closely enough uses those words too; else None. (A follow-up is
        read with the previous question, whose sentences, the answer just given, score best: repeating them is no
        answer to what is asked now.)"""
        if not query.is_followup or query.qtype is not QType.FACTOID:
            return None
        own = self.known_tokens(_words(without_names(query.question), FUNCTION_WORDS, ANSWER_FORM_WORDS,
                                        _STANCE_WORDS))
        close = [e for e in evidence if e.score >= threshold]
        # (the statement at the plain bar: words the corpus never uses raise the bar for an answer, not for the
        # notes' word that there is none; nor does the answer just given, which may have quoted it, lower it)
        gaps = [(e, own & set(self.tokens(gap_subject(e.text)))) for e in evidence
                if e.score >= self.s.abstain_threshold and leaves_open(e.text)]
        # (a statement on a thing the conversation never named, by any word of its name, is about that thing: "no
        # source gave a start date for the Acme–Bolt smelter" settles nothing of "when did that start?" after a
        # question on Acme's state loan; "the Odda Reserve" is named by "the reserve")
        talked = set(self.tokens(f"{query.text} {query.said}"))

        def named_before(name: str) -> bool:
            return bool(set(self.tokens(name)) & talked)

        gaps = [(e, shared) for e, shared in gaps if shared and all(
            named_before(n.name) for n in entities_of(gap_subject(e.text)) if n.kind == "name")]
        if not gaps:
            return None
        gap, shared = max(gaps, key=lambda pair: pair[0].score)
        if any(shared <= set(self.tokens(e.text)) for e in close if not is_gap(e.text)):
            return None
        return gap

    @staticmethod
    def unshared(query: ResolvedQuery, named: list[Evidence], threshold: float) -> str:
        """For a factoid asking for a share ("what share of ...?"), follow-ups too: why it is declined when no sentence
        naming what it names and answering closely enough gives a share, in figures or words (a table row of tonnes
        and their changes, "+31% year on year", gives none), else ""."""
        if query.qtype is not QType.FACTOID or measure_asked(query.focus) != "percent":
            return ""
        # (a percentage a thing rose or fell by, "its 2031 percentage jump", is given by a change: "up 40% in 2031")
        gives = (lambda text: states_measure(text, "percent")) if _PERCENT_CHANGE_ASKED.search(query.focus) else (
            states_share)
        if any(gives(e.text) for e in close_answers(named, threshold)):
            return ""
        return ": none that comes close gives a share"

    @staticmethod
    def unowned(query: ResolvedQuery, evidence: list[Evidence], threshold: float) -> str:
        """For a factoid of its own asking about what a body or firm holds ("how much indium is in the Acme Fund's
        reserve?"): why it is declined when no sentence answering closely enough speaks of that owner, in its words or
        its note's title or heading ("Norway's state reserve holds 90 tonnes" is another's reserve), else ""."""
        if query.qtype is not QType.FACTOID or query.from_history:
            return ""
        owners = possessors(query.focus, "alias")
        owners += [n for n in query.names("name") if re.search(rf"\b{re.escape(n)}['\u2019]s\b", query.focus)]
        close = close_answers(evidence, threshold)
        # (an acronym written out counts: "the ZIB's reserve" and "the Zonal Indium Board holds ...")
        if not owners or not close or any(mentions(e.context, o) or written_out(o, e.context)
                                          for e in close for o in owners):
            return ""
        return f": none that comes close speaks of {owners[0]}"

    def unnamed(self, query: ResolvedQuery, evidence: list[Evidence], threshold: float) -> str:
        """For a factoid of its own asking which firm ("which firm got the Acme contract?"): why it is declined when
        no sentence answering closely enough names anyone the question does not ("Oslo opened bidding for the Acme
        contract in May" tells of the contract, not who got it), else "". A follow-up is held to it too."""
        if not _ASKS_FIRM.search(query.focus):
            return ""
        if query.from_history:  # (of any plan: "which firms signed it?" asks for names, one or a list of them)
            return self.unnamed_in_followup(query, evidence, threshold)
        if query.qtype is not QType.FACTOID:
            return ""
        close = close_answers(evidence, threshold)
        # (of them, those answering about as well as the best: a weaker row on another deal naming its firms does
        # not name the refiner Acme backed)
        near = self._near_best(evidence, threshold)
        if not close or any(names_a_party(e.text, query.focus) for e in near):
            return ""
        return ": none that comes close names a company"

    @staticmethod
    def unsucceeded(query: ResolvedQuery, evidence: list[Evidence], threshold: float) -> str:
        """For a question asking who comes next ("who takes over the chair from Norway?", "which member will
        succeed Norway?"): why it is declined when no sentence answering closely enough tells of a succession to
        someone the conversation has not named ("Norway took over the chair from Peru in 2031" tells who came before,
        when Norway is the chair asked about), else ""."""
        if not _SUCCESSOR_ASKED.search(query.question):
            return ""
        said = f"{query.question} {query.context} {query.said}"
        for e in close_answers(evidence, threshold):
            text = told(e.text)
            for succession in _SUCCESSION.finditer(text):
                # (the one who comes next: before "took over", "succeeded"; after "was succeeded by", "handed over
                # to")
                # (in its own clause: "the minister announced that Acme would take over" names the minister outside
                # it)
                after = succession.group("to") is not None
                side = (_CLAUSE_BREAK.split(text[succession.end():])[0] if after
                        else _CLAUSE_BREAK.split(text[:succession.start()])[-1])
                if names_a_party(side, said) or names_of_kind(side, "country") - names_of_kind(said, "country"):
                    return ""
        return ": none that comes close tells who comes next"

    def unlocated(self, query: ResolvedQuery, evidence: list[Evidence], threshold: float) -> str:
        """For a question asking which town, city, port or province ("which Freedonian port will ship it?"): why it
        is declined when none of the sentences answering about as well as the best names a place within a country
        ("the plant will be built in Freedonia" names the country only), else "". A follow-up is held to it by its
        own words."""
        own = query.question if query.from_history else query.focus
        if not asks_town(own) or query.qtype is not QType.FACTOID and not query.from_history:
            return ""
        near = self._near_best(evidence, threshold)
        if not near or any(PLACES.countries_in(told(e.text)) for e in near):
            return ""
        return ": none that comes close names a town, city, port or province"

    def unnamed_in_followup(self, query: ResolvedQuery, evidence: list[Evidence], threshold: float) -> str:
        """For a follow-up asking which firm ("which firms signed it?"): why it is declined when none of the
        sentences answering closely enough that hold most of its own words ("signed") names anyone the conversation
        has not (its questions and the answer just read: the answer's own firm is no new one), else "". (Not one
        asking who: "who holds the most of it?" may be answered by a name the answer just read gave.)"""
        own = self.known_tokens(_words(without_names(query.question), FUNCTION_WORDS, ANSWER_FORM_WORDS,
                                       _HEAD_FORM_WORDS, _AGENT_WORDS, _MODALS))
        # (none holding any: all of them)
        _, most = self._holding_most(own, close_answers(evidence, threshold))
        said = f"{query.question} {query.context} {query.said}"
        if any(names_a_party(e.text, said) for e in most):
            return ""
        return ": none that comes close names anyone the conversation has not"

    def unmeasured(self, query: ResolvedQuery, evidence: list[Evidence], threshold: float) -> str:
        """For a factoid of its own asking for a figure in a unit ("how many tonnes does Acme hold in store?"): why
        it is declined when no sentence answering closely enough states a figure of that kind (a share, a date or a
        sum of money is no tonnage) and speaks of what is asked (Acme's 8 tonnes of output is not its store), else
        ""."""
        # (a mass, or a sum asked by what was paid, "how much did Acme invest?": a share or a sum's worth is often
        # told in words, "about a third", "not a fixed sum")
        # (a follow-up's own words may say it: "what about Bolt, how much did the ministry give them?")
        measure = measure_asked(query.focus) or (measure_asked(query.question) if query.from_history else "")
        # (how much of a mineral one thing holds, "how much tin does a phone use?", is a mass in one of it)
        holder = content_of_one(query.focus) if query.names("mineral") else ""
        measure = measure or ("mass" if holder else "")
        # (a follow-up only when it asks a whole question of its own, read with the previous one: "and how many
        # tonnes did it ship?" or "and in 2031?" lean on the previous question for what they ask about)
        leans = bool(query.from_history) and (bool(set(query.from_history) - {"context"})
                                              or POINTER.search(query.question) is not None)
        if query.qtype is not QType.FACTOID or measure not in ("mass", "money", "unit price"):
            return ""
        wanted = {"mass": "a mass (tonnes, kilograms)", "money": "a sum of money",
                  "unit price": "a price per unit (per kilogram, per tonne)"}[measure]
        # (what answers is near the best sentence: a weak row on another deal of the same country gives a sum of its
        # own, and a weak sentence on another plant of the firm, "Bolt's Odda plant will take 90 tonnes of ore from
        # its Narvik mine", answers nothing about the Narvik mine's capacity)
        near = self._near_best(evidence, threshold)
        if leans:
            # ... yet "and how much would the survey run to?" after a question on it is declined when no sentence that
            # comes close gives any sum at all (what it is about came from the conversation, so only the unit tells)
            # (and about what the follow-up swapped in: "and Bolt, how much did the ministry give them?" is not
            # answered by the ministry's award to another firm; a firm or mineral in the sentence itself)
            near = [e for e in near if all(mentions(e.context if kind == "country" else e.text, name)
                                           for kind, name in query.swapped)]
            # (a price asked of what the conversation named, "and what price will those magnets fetch?" after a
            # question on Acme's plant, is told by a sentence naming it, in itself or its heading, not a market's
            # price of the metal)
            theirs = [name for name in names_given(query, query.context) if name not in query.question]
            if measure == "unit price" and theirs and not query.swapped:
                near = [e for e in near if any(holds_name(e.context, name) for name in theirs)]
            if near and not any(states_measure(e.text, measure) for e in near):
                return f": none that comes close gives {wanted}"
            return ""
        # (a price between the firms asked of is told by a sentence naming them: "Acme pays Bolt US$80 a kilogram",
        # not a market's "tin traded at US$30 a kilogram" nor Bolt's price to another buyer; a sum the firm asked of
        # puts in, "how much is Acme putting into the Bolt plant?", or a mass it handles, "how many tonnes were in
        # Acme's first cargo?", by one naming it, in itself or its heading, not by another firm's outlay or plant;
        # the firms the question's own words name, not the conversation's, and not a model number like "F-35")
        parties = [self.owned(name) for name in query.names("name") if name in query.question
                   and (_name_words(name) or re.fullmatch(r"[A-Z]{2,}", name))]

        def of_party(e: Evidence) -> bool:
            text = e.text if measure == "unit price" else e.context
            return all(holds_name(text, name) or written_out(name, text) for name in parties)

        if measure == "money" and not asks_what_was_paid(query.focus):
            # a sum's worth is often told in words ("about a third of the fund"), but the worth of a firm's deal
            # ("what is the Bolt contract worth?") is told by a sentence naming it with a sum, not another deal's
            # (the firms named in what its worth is asked of: "Odda's mayor backs the plant: what is it worth?"
            # asks nothing of the mayor)
            worth = WORTH_OF.search(query.focus)
            parties = [name for name in parties if worth is not None and name in worth.group("thing")]
            if not parties or not near or any(states_measure(e.text, measure) and of_party(e) for e in near):
                return ""
            return f": none that comes close gives {wanted}"
        # (a period a rate is given in, "tonnes a year", is no word of what is asked: any annual figure has it; nor is
        # the verb a sum is asked by, "how much is Acme spending?", which a sentence may tell as "committed")
        asked = self.known_tokens(w for w in self.asked_words(query)
                                  if not measure_asked(w) and not _PERIOD.fullmatch(w) and not pays(w))
        # (and of the mineral it names: "how many tonnes of tin did Acme sell?" is not answered by Acme's 40 tonnes
        # of zinc)
        minerals = set(query.names("mineral"))

        def of_mineral(e: Evidence) -> bool:
            said = minerals_named(e.text)
            if minerals and said:
                # (a sentence naming other elements is about them, whatever group it also names: "the zinc line will
                # make 40 tonnes of cadmium" for a question on its indium; one naming only the group may be)
                asked_own, said_own = minerals - MINERAL_GROUPS, said - MINERAL_GROUPS
                if asked_own and said_own:
                    if not asked_own & said_own:
                        return False
                elif not mineral_families(said) & mineral_families(minerals):
                    return False
            return True

        # (a mass of what is asked: "how many tonnes of scrap did Acme buy?" is not answered by "Acme can process 90
        # tonnes of ore a year"; a mineral is told by its family, "tonnes of indium" for "tonnes of the metal")
        of_what = mass_of_asked(query.focus) if measure == "mass" else ""
        what_tokens = self.known_tokens(_words(of_what, FUNCTION_WORDS))
        what_minerals = mineral_families(minerals_named(of_what))

        def of_object(e: Evidence) -> bool:
            objects = masses_of(told(e.text))
            return not of_what or not objects or any(
                what_tokens & set(self.tokens(o)) or what_minerals & mineral_families(minerals_named(o))
                for o in objects)

        # (... and a mass in the one thing asked of, whatever the verb: "a drone uses 2 kilograms of tin" answers
        # nothing of a phone, "each phone holds 2 grams of tin" answers how much goes into one)
        in_holder = self.known_tokens(_words(holder, FUNCTION_WORDS))

        def of_asked(e: Evidence) -> bool:
            held = set(self.tokens(f"{e.text} {e.heading}"))
            return in_holder <= held if holder else not asked or bool(asked & held)

        if not near or any(states_measure(e.text, measure) and of_mineral(e) and of_party(e) and of_object(e)
                           and of_asked(e) for e in near):
            return ""
        if holder:
            return f": none that comes close gives the mass in one {holder}"
        return f": none that comes close gives {wanted}"

    def undated(self, query: ResolvedQuery, evidence: list[Evidence]) -> str:
        """A factoid asking about one year or month ("the 2031 quota", "the price in May 2030") that no sentence
        answering closely enough names, other than one saying the record stops: that period, else ""."""
        if query.qtype is not QType.FACTOID:
            return ""
        # "when did that start?": its years are context's; but "and is the May 2031 figure out yet?" or "is there a
        # 2033 total yet?" asks a month or a year of its own
        if query.context and not month_years(query.focus) and not query.own_dated:
            return ""
        # a note saying no 2031 figure was found names 2031 but gives no figure for it; a sentence on another of
        # the kind asked about (Freedonia's 2031 output for "Ruritania's 2031 output") gives none for it either
        asked = {kind: set(query.names(kind)) for kind in ("country", "mineral")}
        own_countries = countries_in_own_right(query.focus) & asked["country"]

        def elsewhere(e: Evidence) -> bool:
            """A sentence about another of a kind the question names, and not about all it names of that kind (a
            country may be told by the note's title, "Ruritania's exports": "sales to Freedonia fell"; a mineral the
            sentence names instead of the one asked is what it is about, whatever the title)."""
            # (nor is one naming no country asked, in itself, its heading or its note's title; when the question
            # names two, one trading with the other, "Freedonia's 2031 imports of Ruritanian tin", a sentence on
            # Ruritania's exports to all buyers, or to a third, gives no figure for the pair: it names them both)
            if asked["country"] and (not any(mentions(e.context, n) for n in asked["country"])
                                     or not all(mentions(e.context, n) for n in own_countries)):
                return True
            row = row_pairs(e.text)
            if row is not None and asked["country"]:
                # a table row is about what its heading, its note's title or its first cell names ("World total",
                # "Freedonia"), not what its source column does ("Source: US Survey")
                about = f"{row[0]} {row[1][0][1]} {e.hit.metadata.get('title', '')}"
                if not any(mentions(about, n) for n in asked["country"]):
                    return True
            return any(names and names_of_kind(e.text, kind) - names
                       and not all(mentions(e.context if kind == "country" else e.text, n) for n in names)
                       for kind, names in asked.items())

        # (nor, for a question of its own, is one far weaker than the best: "Acme's 2031 output" gives no 2031 quota
        # when the best sentences, of other years' quotas, answer much better; a follow-up swapping the period, "and
        # the month before?", repeats the previous question's words, which the previous answer's sentence matches
        # best, and a table row of the period asked, worded otherwise, may trail it far)
        floor = self.s.abstain_threshold
        if not query.from_history:
            floor = max(floor, self.s.dated_relative * max(e.score for e in evidence))
        close = close_answers(evidence, floor)
        # ("how many tonnes in 2031?": a sentence of 2031 that gives no tonnage, a share or a ban, is no answer)
        measure = measure_asked(query.focus)
        close = [e for e in close if states_measure(e.text, measure)]
        if not measure and _FIGURE_ASKED.search(query.focus):  # "what was world tin output in 2031?": a sentence of
            # 2031 stating no amount ("mindful of the 2031 price spike") gives no output; none at all is one ("Acme
            # exported no tin in May 2031")
            close = [e for e in close if amounts(told(e.text)) or _NONE_TOLD.search(told(e.text))]
            # ... and "how much tin did Acme mine in 2031?" asks an amount: a sentence giving only shares or changes
            # ("Acme's share ran from 8% to 12% in 2029-2031") gives none (a share asked is a ``measure``)
            # (nor, unless a price is asked, one giving only prices per unit: "how much tin did Acme export in 2031?"
            # is not told by "tin from Acme cost US$30 per kg in 2031")
            if _HOW_MUCH.search(query.focus):
                priced = asks_price(query.focus)

                def gives_amount(e: Evidence) -> bool:
                    text = told(e.text)
                    counted = amounts(text if priced else without_unit_prices(text))
                    return any(not a.endswith("%") for a in counted) or _NONE_TOLD.search(text) is not None
                close = [e for e in close if gives_amount(e)]
        # (a time told in a clause saying which thing is meant, ", whose deadline fell in May 2031,", is not the time
        # asked about: the figure asked may be told without it)
        asked_text = _IDENTIFYING_CLAUSE.sub(" ", query.focus)
        months = month_years(asked_text)
        # (a follow-up asking how things stood at the end of a year, "and at the close of 2031?", asks of its last
        # month: the year's earlier figures are no answer)
        if query.is_followup:
            months |= year_ends(query.question)
        if months:
            # (a month's figure is one for all the question names of each kind: a row of world totals for the month
            # asked is no figure for one country's trade with another; such a sentence is never ``elsewhere``)
            # (a mineral is told as ``on_minerals`` tells it: "Acme's Bolt tin project in May 2031" is answered by
            # "the fund's May 2031 stake in the Bolt project" in a note on Bolt's tin)
            def about(e: Evidence) -> bool:
                return (all(mentions(e.context, n) for n in asked["country"])
                        and all(on_minerals({mineral_family(n)}, e) for n in asked["mineral"]))
            # (for a follow-up asking a month of its own, "and is the May 2031 figure out yet?", the month a source
            # spoke in is no figure for that month, "..., Acme Review reported on 2 May 2031", unless the follow-up
            # gives it as that, "what did Acme Review say in May 2031?"; a question of its own often dates a figure
            # by when it was reported, "Acme Review's May 2031 tally", and is left to the month its sentence names)
            spoken = spoken_months(query.focus) if query.context else months
            missing = sorted(m for m in months if not any(
                m in (month_years(e.text) if m in spoken else told_months(e.text)) | year_ends(told(e.text))
                and about(e) for e in close))
            return ", ".join(m.title() for m in missing)
        years = [y for y in query.own_dated if y in YEAR.findall(asked_text)] if query.since is None else []
        # (the year a source spoke in is no figure for that year, "Reuters reported in 2031 that ...", unless that is
        # the year the question gives its source, "per Reuters in 2031", "the 2031 review", or names a deal by, "its
        # 2031 loan")
        of_source = source_years(query.focus) | event_years(query.focus)
        # (a question of its own asking of an event, not a figure, "which ship brought up the mud in 2031?", is
        # answered by a sentence dated only by when it was reported, "the ministry said on 2 May 2031 that the ship
        # had brought up mud": what it tells happened by then; a figure "Acme Review reported in 2031" may be of any
        # year before, and a follow-up asking a year of its own, "is there a 2031 total yet?", asks for a new one)
        by_report = not query.from_history and not measure and _FIGURE_ASKED.search(query.focus) is None

        def dated(e: Evidence, y: str) -> bool:
            told_of = told_years(e.text)
            if y in of_source or (by_report and not told_of):
                return y in YEAR.findall(e.text)
            return y in told_of
        # (and of what is asked, in a word of the question or of the one it follows: "Acme's capital spending will
        # rise 75% in 2031" gives no 2031 figure for "how much did demand grow in 2031?")
        spoken_of = self.known_tokens(_words(without_names(query.text, kinds=("country", "alias")), FUNCTION_WORDS,
                                             ANSWER_FORM_WORDS, _MODALS))

        def of_asked(e: Evidence) -> bool:
            return not spoken_of or bool(spoken_of & set(self.tokens(told(e.text))))
        missing = [y for y in years if not any(dated(e, y) and not elsewhere(e) and of_asked(e) for e in close)]
        return ", ".join(missing)
