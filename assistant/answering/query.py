"""Analyse a question once: its type, what it names, its years, and what it took from the conversation.

Retrieval and composition both read the same ``ResolvedQuery``; nothing downstream parses a question string again.
A follow-up is resolved by substituting a slot of the previous question (a year, a mineral, a country, an
organisation or company), or, for pronoun forms ("who backed it?"), by reading it with the previous question and
the names the last answer opened with.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

from ..figures import MONTH_YEAR, MONTHS, NUMBER_WORDS, YEAR, publication_years, spell_months, told, whole_number
from ..lexicon import (
    ACT_NUMBER,
    FUNCTION_WORDS,
    GENERIC,
    MINERAL_GROUPS,
    PLACES,
    capitals_named,
    find_entities,
    imperative,
    in_a_name,
    mentions,
    only_a_verb,
    without_names,
)
from ..text import content_terms, split_sentences, written_out
from ..types import Turn


class QType(StrEnum):
    FACTOID = "factoid"
    EXPLANATION = "explanation"
    LIST = "list"
    COMPARISON = "comparison"
    TREND = "trend"


@dataclass(frozen=True)
class Entity:
    name: str  # canonical ("United States", "gallium", "Department of Defense", or the name as written)
    kind: str  # mineral | country | organisation | name


@dataclass
class ResolvedQuery:
    """A question as the answerer understands it.

    >>> q = analyse("How have Ruritania's tellurium quotas moved since 2019?")
    >>> q.qtype.value, q.since
    ('trend', 2019)
    """

    question: str  # as asked
    text: str  # standalone: what retrieval searches for
    focus: str  # what is asked now (for a follow-up, without the conversation it leans on)
    qtype: QType
    entities: list[Entity] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    since: int | None = None
    until: int | None = None
    parts: list[str] = field(default_factory=list)  # sub-questions of a compound question
    from_history: dict[str, str] = field(default_factory=dict)  # slot -> value taken from the conversation
    context: str = ""  # the earlier question a pronoun follow-up leans on
    asks_for: str = ""  # the kind of thing a list question asks for ("which metals": mineral), when it is a named kind
    excluded: list[str] = field(default_factory=list)  # names the question leaves out ("firms outside China")
    defines: str = ""  # the name a "what is X?" question asks to be told about
    # other readings of a follow-up whose slot could be either of two names ("and Freedonia?" after "did Ruritania
    # sign with Utopia?"): the caller keeps the one the corpus answers best
    alternatives: list[ResolvedQuery] = field(default_factory=list)
    said: str = ""  # for a follow-up, the answer the user has just read

    def first_named(self, *kinds: str, among: Collection[str] | None = None) -> str | None:
        """The thing the question names first, of ``kinds`` (any, when none given; "alias" for organisations) and
        ``among`` some names: "what is Ruritania doing about its reliance on Freedonia?" is about Ruritania."""
        found = find_entities(self.focus)
        spans = [(start, name) for kind in (kinds or tuple(found)) for name, start, _ in found.get(kind, [])
                 if among is None or name in among]
        return min(spans)[1] if spans else None

    @property
    def is_followup(self) -> bool:
        return bool(self.from_history)

    @property
    def premise(self) -> str:
        """What a why-question states before it asks ("Acme's tin is cheap, so why do buyers shun it?" -> "Acme's
        tin is cheap"; "Acme cut output in 2031. Why?"), else "": the user has said it, the answer need not."""
        return premise_of(self.focus)

    def names(self, *kinds: str) -> list[str]:
        return [e.name for e in self.entities if not kinds or e.kind in kinds]

    @property
    def dated(self) -> list[str]:
        """The years asked about as dates ("in 2024"), not as the ends of a window ("since 2024", "from 2012 to
        2026")."""
        return [str(y) for y in dict.fromkeys(self.years) if y not in (self.since, self.until)]

    @property
    def own_dated(self) -> list[str]:
        """The years asked about as dates that the question's own words give (a swapped-in "what about 2029?"
        counts; the previous question's years, for a question read with the conversation, do not)."""
        return [y for y in self.dated if y in YEAR.findall(self.focus)]

    @property
    def swapped(self) -> list[tuple[str, str]]:
        """The names a follow-up swapped into the previous question, with their kinds ("and Freedonia's?" ->
        country, Freedonia)."""
        def each(kind: str, value: str) -> list[str]:
            # "the US" is the United States wherever a sentence names it either way; several swapped in together are
            # each named ("rare earths and magnets" is both)
            found = find_entities(value).get({"organisation": "alias"}.get(kind, kind), [])
            return [name for name, _, _ in found] or [value]

        return [(k, name) for k, v in self.from_history.items() if k in ("country", "mineral", "organisation", "name")
                for name in each(k, re.sub(r"['\u2019]s$", "", v))]

    @property
    def event_free(self) -> str:
        """For an explanation or a list whose window opens with a dated event, its focus without the event ("what
        followed for carmakers after Acme began licensing in May 2030?" -> "what followed for carmakers?"), else "":
        the event says when, not what (a trend's window is what it asks about)."""
        if self.qtype not in (QType.EXPLANATION, QType.LIST) or self.since is None:
            return ""
        plain = without_event_window(self.focus)
        return plain if plain != self.focus else ""

    @property
    def deeds_of(self) -> str | None:
        """For a list question asking what one country did about another ("what steps has Ruritania taken against
        Freedonia's tin ban?", "how did Ruritania respond to ...?"), the first: the doer; else None."""
        countries = [n for n in self.names("country") if n not in GENERIC]
        if self.qtype is not QType.LIST or len(set(countries)) < 2 or not DEEDS_ASKED.search(self.focus):
            return None
        return self.first_named("country", among=countries)

    @property
    def subject_country(self) -> str | None:
        """For a broad question whose verb has a country as its subject ("how is Ruritania cutting its need for
        tin?", "what has Ruritania done ...?"), that country (not a corpus-wide group word); else None."""
        if self.qtype not in (QType.EXPLANATION, QType.LIST):
            return None
        opening = _SUBJECT_OPENING.match(self.focus)
        if opening is None:
            return None
        spans = find_entities(self.focus).get("country", [])
        return next((name for name, start, _ in spans if start == opening.end() and name not in GENERIC), None)

    @property
    def acting_country(self) -> str | None:
        """The country whose own deeds a question asks about: ``deeds_of``, else ``subject_country``."""
        return self.deeds_of or self.subject_country

    @property
    def salient(self) -> list[str]:
        """What a supporting passage must mention: named minerals, countries, organisations, and years (not the
        ends of a window: "since 2024" asks about the years after it, which a passage need not name)."""
        window = {self.since, self.until}
        return self.names("mineral", "country", "organisation") + [str(y) for y in dict.fromkeys(self.years)
                                                                   if y not in window]

    @property
    def specific(self) -> list[str]:
        """The salient names that narrow the question down (not the corpus-wide group words)."""
        return [n for n in self.salient if n not in GENERIC]

    @property
    def specific_by_part(self) -> list[list[str]]:
        """The specific names of each part of a compound question ("how long do X permits take, and what did Y
        fund?": a sentence answering one part need not name the other's things); one list for a simple question."""
        specific = self.specific
        if self.qtype is QType.COMPARISON and not self.context:
            # the sides of a comparison need not meet in one passage ("compare X's policy with Y's"): each side
            # with the rest of what the question names
            for kind in ("country", "mineral", "organisation", "name"):
                sides = [n for n in dict.fromkeys(self.names(kind)) if n in specific]
                if len(sides) == 2:  # (three: "A-B vs A-C" names one thing on both sides)
                    return [[n for n in specific if n not in sides or n == side] for side in sides]
        if len(self.parts) < 2 or self.context:
            return [specific]
        groups = [[n for n in specific if mentions(part, n) or (n.isdigit() and n in part)] for part in self.parts]
        groups = [group or groups[0] for group in groups]  # a part naming nothing leans on the opening part
        return groups if all(groups) else [specific]


# -- question types: cue rules, precise first (research/answering.md, section 1) -------------------------------------
# the measures a "what ... of" question asks the size of ("what proportion of X", "what value of Y")
_MEASURES = "share|percentage|percent|proportion|amount|price|number|volume|value|quantity|fraction|portion"
# (after a lead-in that names the source or the frame: "Per the Acme survey, how many ...?", "In 2031, who ...?"; and
# one figure for a span: "what was the mean smelter build time over 2031-2035?")
# ... or a figure asked after a topic and a clause setting the frame ("Acme 2031: to close the gap, by what factor
# must output grow?"; not a who or when among other asks, "Acme's fund: how does it work - which metals, who signs
# for it?")
_FIGURE_WORDS = r"how (?:much|many)|(?:by )?what (?:multiple|factor|margin)|what (?:" + _MEASURES + r")"
_AMOUNT = re.compile(r"^\s*(?:[^,:;?]{1,60}:\s+(?:[^,:;?]{1,80},\s*)?(?:and\s+)?(?:" + _FIGURE_WORDS + r")\b|"
                     r"(?:(?:per|according to|in|under|by) [^,?]{1,60},\s*)?"
                     r"(?:and\s+)?(?:" + _FIGURE_WORDS + r"|how (?:high|big|large|low|long)|"
                     r"what (?:was|were|is|are) the (?:average|mean|median|typical|total|combined|cumulative)\b|"
                     r"when|who|where|which (?:company|firm|year|month|day|country))\b)", re.IGNORECASE)
# how a sum or a thing is split between parts ("how is the Acme grant divided between loans and equity?"): the
# shares, not an explanation
_SHARES = re.compile(r"^\s*(?:and\s+|so\s+)?how (?:is|are|was|were|will) .{1,80}?\b(?:split|divided|shared out|"
                     r"allocated|apportioned|broken down|spread)\s+(?:between|among|across)\b", re.IGNORECASE)
# the amounts a question may ask the course of ("what happened to tin exports after the ban?")
AMOUNT_NOUNS = (r"(?:exports|imports|prices|output|production|shipments|sales|supply|supplies|demand|quotas|stocks|"
                r"volumes|shares)")
# a series over time: asked outright ("how has X changed", "over the last year") ...
_TREND = re.compile(r"\b(?:how (?:has|have|did|do|does) .{0,80}?\b(?:chang|mov|evolv|grow|grown|grew|rise|risen|"
                    r"rose|fall|fallen|fell|develop|shift|trend|behav|fluctuat|climb|declin|slid|slump|soar|surg|"
                    r"plung)\w*|"
                    # ... or ahead, to a year ("how will demand change by 2031?", "how is output set to grow to 2031?")
                    r"how (?:will|would|is|are) .{0,80}?\b(?:chang|grow|rise|fall|evolv|develop|shift)\w*\b[^?]{0,40}?"
                    r"\b(?:by|to|between|through|until|out to) (?:19|20)\d{2}|over (?:time|the (?:years|decades?|"
                    r"past|last)\b)|(?:in|during) the (?:last|past) (?:year|years|decade|months)|year by year|"
                    r"by[- ]year|each year|every year|year[- ]on[- ]year|trend|history of|"
                    # "is Ruritania getting more or less reliant on tin?" (not "getting more tin from X than Y?")
                    r"becoming (?:more|less)|(?:getting|growing) (?:more or less|less or more)\b|"
                    # "how did prices do in 2031?", "did exports recover?", "was there a rebound?", "monthly figures",
                    # "up or down?", "where are prices heading?", "the path of prices"
                    r"how (?:did|have|has|do|does) .{1,60}?\b(?:do|fare|fared|perform|performed|go|gone)\b "
                    r"(?:in|during|after|since|over|through|this|last)\b|"
                    r"^\s*(?:did|has|have|is|are|was|were) .{1,80}?\b(?:recover|rebound|bounce back|bounced back|"
                    r"pick up|picked up|slump|collapse|surge|spike|jump|soar|plunge|dip)\w*|"
                    r"\bwas there (?:a|any) (?:[\w-]+ )?(?:rebound|recovery|drop|fall|rise|spike|surge|dip|jump|slump|"
                    r"increase|decrease|decline)\b|"
                    r"\b(?:annual|yearly|monthly|quarterly)\b (?:[\w-]+ ){0,3}?(?:figures|data|numbers|series|"
                    r"totals)\b|\b(?:monthly|quarterly)\b (?:[\w-]+ ){0,3}?(?:exports|imports|output|production|"
                    r"prices|volumes)\b|"
                    r"\b(?:up or down|higher or lower|more or less than (?:last|a) year)\b|"
                    # (not where something is going to be done: "where is Acme going to build its plant?")
                    r"\bwhere (?:are|is) .{1,60}?\b(?:heading|headed|going)\b(?!\s+to\s+(?!be\b))|"
                    r"\b(?:direction|path) of\b|"
                    r"what has happened to|^\s*(?:and\s+|so\s+)?what happened to (?:[\w'-]+ ){0,4}?" + AMOUNT_NOUNS +
                    r"\b(?: [\w'-]+){0,4}? (?:after|since|following|over)\b|"
                    # "show how prices moved", "quarter by quarter", "still growing?", "rising or falling?"
                    r"how (?:[\w'-]+ ){1,6}?(?:moved|changed|evolved|developed|shifted)|"
                    # "how the bans escalated from 2029 into 2031": a change told over a span
                    r"how (?:[\w'-]+ ){1,6}?(?:escalated|tightened|widened|expanded|intensified|grew|spread)\s+"
                    r"(?:from|since|between|over|through)\b|"
                    r"(?:year|quarter|month|week|decade)[- ]by[- ](?:year|quarter|month|week|decade)|"
                    # "chart the rise of X", "tabulate the quotas", "how the list grew in each later edition"
                    r"^\s*(?:please\s+)?(?:chart|plot|graph|tabulate)\b|"
                    r"\b(?:in|with|across) (?:each|every) (?:(?:later|new|successive|subsequent) )?(?:edition|"
                    r"release|version|revision|update|round)\b|"
                    # "how much has output grown?", "has the share gone down?", "is demand still increasing?"
                    r"how (?:much|far) (?:has|have|did) .{0,80}?\b(?:grow|grown|grew|rise|risen|rose|fall|fallen|"
                    r"fell|drop|dropped|increase|increased|decrease|decreased|decline|declined|climb|climbed|"
                    r"change|changed|shrink|shrunk|shrank)\b|"
                    r"^\s*(?:has|have|is|are) .{1,80}?\b(?:gone (?:up|down)|going (?:up|down)|increasing|decreasing|"
                    r"rising|falling|growing|shrinking|declining|dropping|climbing)\b|"
                    r"(?:still|keeps?|kept) (?:growing|rising|falling|increasing|"
                    r"declining|shrinking)|(?:rising|growing|increasing) or (?:falling|shrinking|decreasing|"
                    r"declining)|getting (?:worse|better|bigger|smaller|larger|tighter|looser)|trajectory|"
                    r"how fast (?:has|have|did|is|are) .{0,60}?\b(?:grow|grown|growing|rising|risen|falling|fallen)|"
                    r"(?:headed|heading|gone) .{0,20}\bsince|"
                    # "trace the sequence of X", "a chronology of", "how are X's exports expected to grow?"
                    r"^\s*(?:please )?trace|chronology|sequence of|timeline of|"
                    r"how (?!much\b|many\b|far\b)(?:(?:is|are|will|would) )?.{0,80}?\b(?:(?:is|are) )?(?:expected|"
                    r"projected|forecast|set|"
                    r"likely|going) to "
                    r"(?:change|grow|rise|fall|shift|develop|evolve|decline|increase|decrease))\b",
                    re.IGNORECASE)
# ... or only bounded by years ("since 2019"), which a list or a comparison question may also be
_MONTH_ALTERNATION = "|".join(month.capitalize() for month in MONTHS)  # January|February|...
# a part of a year a window may start or end in ("in spring 2019", "in March 2019", "in late 2019")
_PART_OF_YEAR = rf"(?:early|mid|late|spring|summer|autumn|fall|winter|{_MONTH_ALTERNATION})"
_WINDOW = re.compile(r"\b(?:since (?:the )?(?:(?:early|mid|late|the start of|the end of)[\s-])?(?:19|20)\d{2}(?:'?s)?|"
                     # ... or from an event to a date ("from the slump in spring 2019 to March 2020")
                     rf"from (?:it|they|its|their|this|that|the) (?:[a-z][\w-]* ){{0,3}}?(?:in|of) "
                     rf"(?:{_PART_OF_YEAR} )?(?:19|20)\d{{2}}\b[^?]{{0,40}}?\b(?:to|until|through|till) "
                     rf"(?:{_PART_OF_YEAR} )?(?:19|20)\d{{2}}|"
                     r"from (?:19|20)\d{2} to (?:19|20)\d{2}|between (?:19|20)\d{2} and "
                     r"(?:19|20)\d{2}|(?:19|20)\d{2}\s*[-–]\s*(?:19|20)?\d{2})\b", re.IGNORECASE)
_COMPARISON = re.compile(r"\b(?:compare[sd]?|comparison|compared|contrast|versus|vs\.?|difference between|differ|"
                         r"disagree|how far apart|gap between|stack up|measure up|side[- ]by[- ]side|"
                         r"relative to|as opposed to|which is (?:larger|"
                         r"bigger|smaller|higher|lower|more|less|greater|worse|better|riskier|safer|cheaper|stronger|"
                         r"weaker)|(?:larger|bigger|higher|greater|more|less|smaller)(?: [\w-]+){0,3}? than|"
                         r"\w+ or [\w ]+(?:[:?,]|\s[-–—]) *which|weigh (?:up|[\w ]{1,40} against)|against each other|"
                         # "set Acme's plan against Bolt's", "put the two forecasts next to each other"
                         r"^\s*(?:please\s+)?(?:set|put|place|hold) [^?]{1,80}?\b(?:against|alongside|"
                         r"next to each other|beside each other)|"
                         # "is the US more dependent for A or for B?"
                         # "where is the US more dependent: for A or for B?"
                         r"^\s*(?:(?:where|in which [\w-]+)(?:'s\b|\s+(?:is|are|was|were|does|do|did|has|have)\b)|"
                         r"(?:is|are|was|were|does|do|did|has|have)\b)[^?]{0,80}\b(?:more|less|better|worse|bigger|"
                         r"larger|higher|lower|greater|smaller|further|faster|slower|cheaper|riskier|stronger|weaker|"
                         r"tighter|looser|stricter|tougher|harsher|steeper|scarcer|wider|narrower|deeper)\b[^?]{0,80}"
                         r"\bor\b|"
                         # "is A more exposed to X than B?", "does A rely less on X than B does?"
                         r"^\s*(?:is|are|was|were|does|do|did|has|have)\b[^?]{0,80}\b(?:more|less)\s+[a-z-]+\b"
                         r"[^?]{0,60}\bthan\b|"
                         # "which firm has more capacity, A or B?", "who has bigger reserves, A or B?"
                         # "who is ahead on smelting, A or B?"
                         r"(?:which|who)(?: [\w-]+)? (?:is|are|was|were) (?:further )?(?:ahead|behind|leading|"
                         r"further along)\b[^?]{0,60}\bor\b|"
                         r"(?:which|who)(?: [\w-]+)? (?:[\w-]+ )?(?:the )?(?:more|bigger|larger|"
                         r"higher|greater|less|fewer|smaller|lower)\b[^?]{0,60}\bor\b|"
                         # "is X or Y more exposed?"
                         r"^\s*(?:is|are|was|were|does|do|did|has|have) [\w-]+(?: [\w-]+)? or [\w-]+(?: [\w-]+){0,3} "
                         r"(?:more|less|larger|bigger|smaller|higher|lower|greater|better|worse|faster|slower|further|"
                         r"farther|ahead|behind))\b",
                         re.IGNORECASE)
# plural nouns that ask for an amount or a reason rather than items to list ("what are the prices", "the risks")
_NOT_ITEMS = ("prices|volumes|shares|figures|numbers|amounts|levels|totals|rates|costs|reserves|quotas|exports|imports|"
              "risks|reasons|causes|consequences|implications|effects|benefits|advantages|drawbacks|downsides|"
              "dangers|stakes|odds|chances|earths|elements|terms|details|basics|facts|news|plans|hopes|problems|challenges|"
              "obstacles|barriers|hurdles|difficulties|limits|limitations|weaknesses|concerns|constraints")
# verbs of what something is made of ("what separate levies made up the package?"): its parts are asked for
_MAKE_UP = r"made up|make up|makes up|comprised?|comprises|formed"
# "what was in the pact?", "what exactly is in the decree?": what something holds
_WHAT_IN = r"\bwhat(?:'s| (?:exactly |precisely |actually |really )?(?:was|is|were|are)) in\b"
_LIST = re.compile(r"\b(?:what|which) (?:\w+ ){0,2}?(?:steps|measures|actions|moves|deals|agreements|programmes|"
                   r"programs|policies|countries|companies|firms|projects|partnerships|initiatives|tools|options|"
                   r"controls|restrictions|sanctions|frameworks|commodities|minerals|metals|elements|plants|mines|"
                   r"members|producers|suppliers|ways|options|alternatives|substitutes)\b|"
                   # "which" with a plural noun: next to it, or after a word or two and before a verb
                   # "which of the planned tin smelters are the largest?": several, ranked
                   r"\bwhich\b[^?]{0,80}?\b(?:are|were)\s+the\s+(?:largest|biggest|smallest|highest|lowest|most|"
                   r"least|top|leading|main)\b|"
                   r"\bwhich [a-z-]+(?<![siu])s\b|\bwhich (?:[a-z-]+ ){1,2}[a-z-]+(?<![siu])s (?:did|do|does|are|were|"
                   r"have|has|had|will|would|can|could|should|must|might|may)\b|"
                   r"\bwhat (?:are|is|has|have) .{1,60}\b(?:doing|done|did|"
                   r"committed|announced|agreed|signed|launched|put in place|set up|introduced|adopted|funded|"
                   r"financed|backed|pledged|promised|approved|awarded|granted|"
                   r"rolled out|brought in)\b|"
                   # what a pact's sides took on, asked of the past or ahead ("what did Acme and Bolt each sign up to
                   # under the pact?"; not one act, "what did Acme agree to pay?")
                   r"\bwhat (?:did|do|does|will|would) [^?]{1,60}?\b(?:commit|agree|sign(?:ed)? up|sign(?:ed)? on|"
                   r"pledge|promise)\w* to(?=\s*(?:[?.,;:]|$|(?:under|in|at|as|with|when|through|by)\b))|"
                   # "lay out what the pact asks of each side", "outline what Acme promised" (not "... why" or "how")
                   r"^\s*(?:please\s+)?(?:(?:lay|set|spell) out|outline) (?:what|each|all)\b|"
                   # "what's Ruritania doing?", "what's been done on indium supply?" (not "doing with" one thing)
                   r"\bwhat's (?:been )?(?:[\w-]+ ){0,4}?(?:doing|done)\b(?! with\b)|\blist (?:the|all|some)\b|"
                   # "is Ruritania doing anything about indium?", "has Acme done much since?": what they did
                   r"^\s*(?:is|are|has|have) (?:[\w'-]+ ){1,5}?(?:doing|done) (?:anything|something|much)\b|"
                   + _WHAT_IN + r"|\b(?:what|who|which) (?:are|were) (?:the )?(?:main|key|major|"
                   r"biggest|largest|leading|some|different|various)\b|"
                   # "enumerate the terms", "outline the main pillars", "a rundown of", "give me some examples"
                   r"\b(?:enumerate|itemi[sz]e)\b|\bwho else\b|"
                   # "every piece of the package", "each strand of the plan": its parts, one by one
                   r"\b(?:every|each) (?:piece|part|component|element|strand|plank|pillar|measure|item) of\b|"
                   r"\bname (?:all |some |a few |the )?(?:(?!of\b)[\w-]+ ){0,3}?(?!(?:" + _NOT_ITEMS + r")\b)"
                   r"(?!(?:its|his|this|was|has|does)\b)[\w-]+[^su\W']s\b|"  # (not "name its chair")
                   # ... and so many of them, whatever they are ("name the seven rare earths", "list the 3 elements")
                   r"\b(?:name|list) (?:the |all )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) "
                   r"(?:[\w-]+ ){0,2}?[\w-]+[^su\W']s\b|"
                   r"\bwhat (?:kinds?|types?|sorts?) of\b|\bgive (?:me )?(?:some |a few )?examples\b|"
                   r"^\s*any (?:new |other |more )?(?:[\w-]+ ){0,3}(?!(?:" + _NOT_ITEMS + r")\b)[\w-]+[^su\W']s\b|"
                   r"\bare there (?:any )?(?:other |more |new )?(?:[\w-]+ ){0,2}(?!(?:" + _NOT_ITEMS + r")\b)"
                   r"[\w-]+[^su\W']s\b|"
                   r"\bwho (?:are|were) (?:the )?(?:[\w-]+ ){0,2}?[\w-]+[^su\W']s\b(?! of (?:the )?(?:" + _NOT_ITEMS
                   + r"))|\btell me about (?:the |its |their )?(?:[\w-]+ ){0,2}?[\w-]+[^su\W']s\b|"
                   r"\boutline (?:the |its |their )?(?:main |key )?[\w-]+s\b|"
                   # "set out the levies Acme packed into its plan", "spell out the three tests": one bullet each
                   # (not "set out how the levy works", nor a series over a window, "... the quotas since 2031")
                   r"^\s*(?:please\s+)?(?:set|spell) out (?![^?]*\bsince\b)(?:the |its |their |all (?:of )?(?:the )?)?"
                   r"(?!(?:how|why|what|whether|when|where)\b)(?:[\w'-]+ ){0,3}?(?!(?:" + _NOT_ITEMS + r")\b)"
                   r"[\w-]+[^su\W']s\b|"
                   # "walk me through the tin levies Acme has brought in" (not "... through how the levy works")
                   # ("walk through Acme's tin levies", with no one to walk)
                   r"\b(?:walk|run|take|talk) (?:(?:me|us) )?through "
                   r"(?:the |all (?:of )?the |each of the |its |their )?"
                   r"(?!(?:how|why|what|whether|when|where)\b)(?:[\w'-]+ ){0,3}?(?!(?:" + _NOT_ITEMS + r")\b)"
                   r"[\w-]+[^su\W']s\b|"
                   # "break down the two tin levies": one bullet each
                   r"^\s*(?:please\s+)?break down (?:the |its |their )?(?:[\w'-]+ ){0,4}?(?!(?:" + _NOT_ITEMS + r")\b)"
                   r"[\w-]+[^su\W']s\b|"
                   # "which of Acme's tin levies stayed in force?" (not "which of its levies is the highest?")
                   r"\bwhich of (?!(?:the |these |those )?(?:two|both)\b)(?:the |its |their )?(?:[\w'-]+ ){0,3}?"
                   r"(?!(?:" + _NOT_ITEMS + r")\b)"
                   r"[\w-]+[^su\W']s\b(?!\s+(?:is|was|has)\b)|"
                   # what a text tells others to do, and what its terms are or what it includes: its provisions
                   r"\bwhat (?:does|did|do|will|would) [^?]{1,60}?\b(?:direct|tell|require|order|instruct|ask|oblige)"
                   r"\w* [^?]{0,50}?\bto do\b|\bwhat (?:are|were) the (?:main |key )?(?:terms|provisions|conditions) "
                   r"of\b|\bwhat (?:did|does|do|will) [^?]{1,60}?\binclude\b|"
                   r"\brun-?down of\b|\b(?:by|through) what means\b|"
                   # "how have the allies responded to the curbs?": what they did, one deed a bullet
                   # (not a market's reaction: "how did prices react?" is a trend)
                   r"^\s*how (?:has|have|did|is|are) (?!(?:[\w'-]+ ){0,4}?(?:prices?|quotes|quotations|markets?|"
                   r"exports|imports|output|production|shares?|stocks?)\b).{1,60}?\b(?:respond|responded|responding|"
                   r"react|reacted|reacting|"
                   r"retaliate|retaliated|retaliating|hit back|hitting back)\b|"
                   # "who has invested in Acme?", "who have they signed deals with?": the parties, one by one
                   r"^\s*who (?:has|have) (?:[\w-]+ ){0,4}?(?:signed|invested|funded|backed|joined|partnered|"
                   r"financed|bought|agreed|lent|sold|supplied)\b|"
                   # "who is building smelters in Ruritania?", "who are opening new mines?": the builders of things
                   # in the plural, one by one
                   r"^\s*who (?:is|are) (?:now |currently |also )?(?:building|developing|planning|opening|constructing|"
                   r"running|operating) (?:new )?(?:[\w-]+ ){0,3}?(?:plants|mines|refineries|factories|facilities|"
                   r"projects|smelters|sites)\b|"
                   # "where is Acme building plants?", "where does Ruritania get its indium from?": the places
                   r"^\s*where (?:is|are|has|have) .{1,60}?\b(?:building|planning|opening) (?:new )?(?:[\w-]+ ){0,2}?"
                   r"[\w-]{2,}[^su\W']s\b|^\s*where (?:is|are|does|do) .{1,60}?\b(?:get|gets|getting|source|sources|"
                   r"sourcing|buy|buys|buying|import|imports|importing)\b.{0,60}\bfrom\s*\??\s*$|"
                   # "what funding has Acme received?", "what support did they get?"
                   r"\bwhat (?:funding|support|money|loans|grants|investments|aid|help|financing|backing) "
                   r"(?:has|have|did|does|do|is|are|was|were)\b|"
                   # "which EU agencies fund mines?", "what new refineries are planned?": plural things asked for
                   r"\bwhich (?!(?:company|firm|country|agency|body|group|department|ministry|government|state|"
                   r"nation|person|official|plant|mine|project|deal|law|rule|year|month|day|one)\b)(?:[\w-]+ ){1,2}?"
                   r"(?!(?:" + _NOT_ITEMS + r")\b)[a-z-]{2,}[^su\W']s\b(?! (?:the|an?|its|their)\b)|"
                   # (not a measure of them: "what proportion of the plants are idle?" asks one figure)
                   r"^\s*what (?!(?:" + _MEASURES + r")\b)(?:new |other |more )?"
                   r"(?:(?!(?:did|does|do|has|have|had|will|would|can|could|is|are|"
                   r"was|were)\b)[\w-]+ ){0,3}?(?!(?:" + _NOT_ITEMS + r")\b)"
                   r"[\w-]{2,}[^su\W']s "
                   # ("what separate levies made up the Acme package?": its parts, one a bullet)
                   r"(?:are|were|have|has|will|did|" + _MAKE_UP + r")\b|"
                   r"\btell me (?:about )?(?:the |its |their )?(?:main|key|major|biggest|largest|leading|various|"
                   r"different) |\bgive me (?:a few |some |the main |the key |the )?(?:examples|[\w-]+s)\b|"
                   r"\bwhat'?s in\b|\bwhat [\w-]+s (?:are|were) (?:in|included|covered)\b|"
                   # "what are the bottlenecks in smelting?", "what are Ruritania's grants": a plural thing to list
                   r"^\s*what (?:are|were) (?:the )?(?:[\w-]+'s? )?(?:(?!(?:" + _NOT_ITEMS + r")\b)[\w-]+ ){0,3}?"
                   r"(?!(?:" + _NOT_ITEMS + r")\b)[\w-]+[^su\W']s\b(?: (?:in|of|for|at|on|behind|to)\b|\s*\??\s*$)",
                   re.IGNORECASE)
# ("what happened to carmakers after the ban?": what followed, the consequences)
_EXPLANATION = re.compile(r"^\s*(?:and\s+|so\s+)?what (?:happened to|followed for) .{1,60}?\b(?:after|following)\b|"
                          # (also after a statement setting the scene: "Acme shut its mill in 2031. Why?")
                          r"(?:^|[:;]\s*|[.!?]\s+|,?\s+and\s+)(?:why|how (?:exactly |precisely |really |actually )?"
                          r"(?:does|do|did|can|could|is|are|would|will|has|have|was|were)|"
                          r"what makes|explain|describe)\b|\b(?:link|relationship|connection|relation) between\b|"
                          r"\bbreak down (?:the )?(?:logic|reasoning|rationale|case)\b|\bhelp me understand\b|"
                          r"\bwalk me through\b|\bhow (?:[\w'-]+ ){1,8}?(?:works?|operates?|functions?)\b|"
                          r"\btell me (?:what|why|how)\b(?! (?:much|many))|"
                          r"\bwhat (?:did|does|do|will|would) .{1,80}\b(?:cover|include|involve|require|"
                          r"mean|change|do|set out|lay out|lay down|establish|introduce|provide for)\b|"
                          r"\bwhat (?:explains|is behind|lies behind|drives|caused|causes|"
                          r"set off|sets off|triggered|triggers|prompted|prompts|led to|leads to)\b|"
                          r"\bwhat (?:are|were) the (?:risks|consequences|implications|effects|reasons)\b|"
                          # "what are the safety problems in smelting?", "what challenges does Acme face?"
                          r"\bwhat (?:are|were|is|was) (?:the )?(?:[\w-]+ ){0,2}?(?:problems?|challenges?|obstacles?|"
                          r"barriers?|hurdles?|difficult(?:y|ies)|downsides?|drawbacks?|limits?|limitations?|"
                          r"weakness(?:es)?|dangers?|concerns?|bottlenecks?|constraints?|pros and cons|"
                          r"trade-?offs?)\b|"
                          r"\bwhat (?:problems?|challenges?|obstacles?|barriers?|hurdles?|difficulties|risks?|"
                          r"dangers?) (?:does|do|did|is|are|was|were|stand|stands|face|faces|lie|lies|remain|"
                          r"remains|could|would|will|might|can)\b|"
                          # "what would happen if ...?", "what happens to smelters when ...?"
                          r"\bwhat (?:would|will|could|might) happen\b|\bwhat happens\b(?: to .{1,60}?)? (?:if|when)\b|"
                          # "what is holding Acme back?", "what limits new mines?", "what's behind the slump?"
                          r"\bwhat(?:'s| is| are) (?:holding|keeping) .{0,40}\bback\b|\bwhat's behind\b|"
                          r"\bwhat (?:limits|constrains|prevents|stops|hinders|hampers|slows|blocks|stands in the way|"
                          r"gives|gave)\b|"
                          # "can Ruritania build a smelter without Acme?", "could recycling replace mining?"
                          r"^\s*(?:can|could|will|would|should) (?!you\b|i\b|we\b)(?:[\w'-]+ ){1,6}?(?:replace|build|"
                          r"break|end|reduce|cut|match|catch up|compete|survive|cope|substitute|meet|close|make up for|"
                          r"offset|do without|bypass|get around|escape|solve|rival|overtake)\b|"
                          r"\bis there (?:a|any) way (?:around|to|out)\b|\bin what (?:sense|way)\b|"
                          # "is recycling a realistic answer to it?", "are the new mines viable?": a judgement, reasoned
                          r"^\s*(?:and\s+|so\s+)?(?:is|are|would|will)\s+(?:[\w'-]+\s+){1,6}?(?:an?\s+)?(?:realistic|"
                          r"feasible|viable|practical|credible|workable)\b|"
                          # "what is driving demand?", "what does Acme gain from it?", "what's at stake?"
                          r"\bwhat(?:'s| is| are) (?:driving|causing|fuell?ing|pushing)\b|\bwhat(?:'s| is) at stake\b|"
                          r"\bwhat (?:does|do|did|would|could|will) .{1,60}?\b(?:gain|lose|stand to)\b|"
                          # "what was the 2031 row between Acme and Bolt about?": what lay behind it
                          r"^\s*(?:and |so )?what (?:was|were|is|are) .{3,80}? (?:all )?about\s*\??\s*$|"
                          # "what was Acme trying to achieve with the grant?", "what did Bolt want from it?": its aims
                          r"\bwhat (?:is|was|are|were) .{1,60}?\b(?:trying|hoping|seeking|aiming|looking|meant|"
                          r"supposed|intended) to (?:get|achieve|gain|accomplish|do|win|secure|deliver)\b|"
                          r"\bwhat (?:does|do|did) .{1,60}?\b(?:want|hope|seek|aim|expect) (?:to (?:get|achieve|gain)|"
                          r"from|out of)\b|"
                          r"\bwhat (?:is|was|are|were) the (?:rationale|reasoning|logic|motivation|thinking|"
                          r"justification|idea|aim|goal|purpose)\b|"
                          r"\bwhat (?:effects?|impacts?|difference) (?:did|does|do|has|have|will|would|could|might)\b|"
                          # "tell me about Acme", "an overview of", "what do we need to know", "the big picture"
                          r"^\s*tell me about\b|\boverview\b|\bbig picture\b|\bbackground (?:on|to)\b|"
                          r"^\s*(?:please )?(?:summari[sz]e|sum up)\b|"
                          r"\bwhat (?:should|do) (?:i|we) (?:need to )?know\b|"
                          r"^\s*(?:is|are|was|were) .{1,60}?\b(?:a|an) (?:real |big |serious |major |growing )?"
                          r"(?:threat|risk|problem|danger|concern|worry|bottleneck|vulnerability)\b|"
                          r"\bhow (?:significant|important|worrying|concerning|crucial|critical|vulnerable|exposed|"
                          r"serious|realistic|feasible|hard|difficult|likely)\b|"
                          r"\bwhat(?:'s| is| are) (?:so )?(?:special|different|unique|distinctive|new) about\b|"
                          r"^\s*how come\b|"
                          # "what is the fund actually for?": its purpose, not "what is it used for" (its uses)
                          r"\bwhat (?:is|are|was|were) (?!.*\bused for\b)[^?,]{1,60}\bfor\s*(?:[?,]|$)|"
                          r"['\u2019]s role (?:in|for|on)\b|\bwhat part (?:does|do|did|will|has|have|can)\b|"
                          r"\b(?:role of|what role|impact of|importance of|significance of|point of|"
                          r"purpose of|why (?:is|are|do|does|did)|matter(?:s)? (?:for|to)|critical (?:to|for)|"
                          r"important (?:to|for)|depend on|rely on)\b", re.IGNORECASE)


# (not "compared with": "why is tin such a bottleneck compared with zinc?" asks the reasons for the difference, as
# "why are prices higher here than there?" does)
_CONTRAST_VERB = re.compile(r"\b(?:differ\w*|disagree\w*|compar\w*(?!\s+(?:with|to)\b)|contrast\w*|versus|vs)\b",
                            re.IGNORECASE)
_WHY_FIRST = re.compile(r"^\s*(?:(?:help me understand|explain|tell me) )?(?:why|how come)\b", re.IGNORECASE)


# the auxiliary verbs a question's verb phrase may open with ("did", "has", "will", ...)
AUXILIARY = r"(?:did|does|do|has|have|had|will|would|can|could|is|are|was|were)"
# what kind of named thing a "which/what ..." question asks for: an answer that enumerates such names answers it
# ("what did Acme Elements get?" asks for no elements: no verb stands between the question word and the kind)
# (up to four words between, none an auxiliary or a word that makes the kind a part of something else: "which five
# new metals", "which of the metals", "list the metals", not "what share of the metals")
_ASKED_NAMES = (rf"\b(?:which|what|name|list) (?:of )?(?:(?:the|its|their|these|those) )?"
                rf"(?:(?!(?:{AUXILIARY}|of|the|a|an|in|on|for|to|from|by|with)\b)[\w-]+ ){{0,4}}?")
# ... or every one of them ("name every metal Ruritania curbs", "list each firm that bid")
_EVERY_NAMED = r"\b(?:name|list|give|identify)\s+(?:me\s+|us\s+)?(?:every|each)\s+(?:[\w-]+\s+){0,3}?"
_ASKS_FOR = {
    # (in lower case: "Materials", "Metals" ending a firm's name, "list what Acme Materials built", ask no minerals)
    "mineral": re.compile(_ASKED_NAMES + r"(?-i:minerals|metals|elements|rare earths|earths|commodities|materials|"
                          r"raw materials)\b|" + _EVERY_NAMED + r"(?-i:mineral|metal|element|commodity|material)\b",
                          re.IGNORECASE),
    "country": re.compile(_ASKED_NAMES + r"(?:countries|nations|states|governments|members|partners|economies)\b|"
                          + _EVERY_NAMED + r"(?:country|nation|government|member|partner|economy)\b", re.IGNORECASE),
    "company": re.compile(_ASKED_NAMES + r"(?:companies|firms|businesses|corporations|carmakers|automakers|"
                          r"manufacturers|makers|producers|miners|traders|investors|buyers|customers|suppliers)\b|"
                          + _EVERY_NAMED + r"(?:company|firm|business|corporation|carmaker|automaker|manufacturer|"
                          r"maker|producer|miner|trader|investor|buyer|customer|supplier)\b", re.IGNORECASE),
}


# a question about what something holds ("what did the 2024 rules cover?", "what exactly is in the pact?"): its
# answer enumerates
_CONTENTS = re.compile(r"\bwhat (?:did|does|do|will|would|was|were|is|are) .{1,80}\b(?:cover|covers|covered|include|"
                       r"includes|included|contain|contains|contained|add|adds|added|list|lists|listed|set out|"
                       r"sets out|lay out|lays out|lay down|lays down|direct|directs|directed|require|requires|"
                       r"required|instruct|instructs|instructed|ordered|mandate|mandates|mandated)\b|"
                       + _WHAT_IN, re.IGNORECASE)


# words asking what someone did ("what steps", "how did it respond", "what has it done")
DEEDS_ASKED = re.compile(r"\b(?:steps?|measures?|actions?|moves?|initiatives?|doing|done|taken|taking|"
                         r"respon(?:d|ds|ded|ding|se|ses)|counter(?:ed|ing)?|react(?:s|ed|ing)?|retaliat\w*)\b",
                         re.IGNORECASE)


# a reason asked for in other words, or after a sentence setting the question up ("Acme's figures run from 10% to
# 90%. What explains the gap?", "what was behind the ban?", "what were the reasons for Acme's delay?")
# (also after an opening phrase set off by a comma: "Put simply, why ...?")
_REASON_ASKED = re.compile(r"(?:^|[.!?:;]\s+|^[^,.?!]{1,40},\s+(?=why|how come))(?:(?:and|so|but)\s+)?"
                           r"(?:why|how come|what (?:explains|explained|"
                           r"accounts? for|lies behind|lay behind|drives|drove|caused|causes|prompted|triggered|"
                           r"motivated)|what(?:'s|\s+is|\s+was|\s+are|\s+were)\s+(?:behind|driving|the\s+(?:reasons?|"
                           r"causes?|rationale|motives?)\s+(?:for|behind|of|why)))\b", re.IGNORECASE)


# a statement, then the why asked of it ("Acme's tin is cheap, so why do buyers shun it?", "Acme cut output in 2031.
# Why did it?")
_PREMISE = re.compile(r"^(?P<premise>[^?]{15,}?)(?:[,;:]|\s[-\u2013\u2014]|\.)\s+(?:(?:so|but|yet|then|and)\s+)?"
                      r"(?=why\b)", re.IGNORECASE)


def premise_of(question: str) -> str:
    """The statement a why-question opens with, before it asks why, else "" (see ``ResolvedQuery.premise``); a
    question before it is none ("how do the two figures differ, and why?")."""
    match = _PREMISE.match(question)
    if match is None or _ASKING_OPENER.match(match.group("premise")):
        return ""
    return match.group("premise")


# the words a question opens with (a statement opens otherwise)
_ASKING_OPENER = re.compile(r"^\s*(?:(?:and|so|but)\s+)?(?:what|how|which|who|whom|whose|when|where|why|is|are|was|"
                            r"were|do|does|did|has|have|had|can|could|will|would|should|may|might|must|tell|give|"
                            r"explain|describe|compare|list)\b", re.IGNORECASE)


def asks_why(question: str) -> bool:
    """Whether a question asks for a reason ("why ...?", "how come ...?", "explain why ...", "what explains ...?")."""
    return _WHY_FIRST.match(question) is not None or _REASON_ASKED.search(question) is not None


# a question asking for a time ("when did Acme open?", "in which year ...?", "since when?", "what date ...?")
_ASKS_WHEN = re.compile(r"^\s*(?:(?:and|so|but)\s+)?(?:(?:since|until|till|starting|from)\s+)?when\b"
                        r"|\b(?:which|what)\s+(?:year|month|date|day|decade|century)\b", re.IGNORECASE)


def asks_when(question: str) -> bool:
    """Whether a question asks for a time ("when ...?", "in which year ...?", "since when?")."""
    return _ASKS_WHEN.search(question) is not None


# a place within a country asked for ("which town", "what province"), not where in the world
# ... of which those a sentence naming only the country does not give ("which town?", "what province?"; not a site,
# which may be a mine's own name, nor a state, which may be a member state)
_TOWN = "town|city|province|county|district|seaport|port"
_LOCALITY = f"{_TOWN}|state|site"
# (with the country's adjective between: "which Freedonian port ...?")
_WHICH_KIND = r"\b(?:which|what) (?:[A-Z][\w-]+ )?"
_ASKS_LOCALITY = re.compile(rf"{_WHICH_KIND}(?:{_LOCALITY})s?\b", re.IGNORECASE)
_ASKS_TOWN = re.compile(rf"{_WHICH_KIND}(?:{_TOWN})s?\b", re.IGNORECASE)
# a question asking for a place ("where ...?", "in which town ...?", "what city is it in?")
_ASKS_WHERE = re.compile(rf"^\s*(?:and\s+)?where\b|\bwhere (?:is|are|was|were|does|do|did|will|would|can)\b|"
                         rf"\b(?:which|what) (?:{_LOCALITY}|region|location)s?\b", re.IGNORECASE)


# "where did prices stand?", "where will output end up?": a level, not a place
_WHERE_LEVEL = re.compile(r"\bwhere\b[^?,;]{0,60}?\b(?:stand|stands|stood|end up|ends up|ended up|land|lands|landed|"
                          r"sit|sits|sat|settle|settled|peak|peaked|bottom out|bottomed out|going|headed|heading)\b",
                          re.IGNORECASE)


# ... of an amount or at a time ("where does the smelter stand?" asks a place)
_LEVELLED = re.compile(r"\b(?:(?:19|20)\d{2}|prices?|output|production|shares?|quotas?|caps?|ceilings?|limits?|levels?|"
                       r"totals?|figures?|rates?|exports|imports|stocks|spending|demand|supply|value)\b", re.IGNORECASE)


def asks_where(question: str) -> bool:
    """Whether a question asks for a place ("where ...?", "in which town ...?"), not a level ("where did prices
    stand in 2031?")."""
    return _ASKS_WHERE.search(question) is not None and not (_WHERE_LEVEL.search(question) is not None
                                                             and _LEVELLED.search(question) is not None)


def asks_locality(question: str) -> bool:
    """Whether a question asks for a place within a country ("in which town ...?", "what province ...?")."""
    return _ASKS_LOCALITY.search(question) is not None


def asks_town(question: str) -> bool:
    """Whether a question asks for a town, city, port or province ("which Freedonian port ...?"), which a sentence
    naming only the country does not give."""
    return _ASKS_TOWN.search(question) is not None


def asks_who(question: str) -> bool:
    """Whether a question asks who ("who chairs ...?", "and who's in charge?", "which minister flew to Oslo?")."""
    return re.match(_WHO_LED, question, re.IGNORECASE) is not None or _WHICH_PERSON.match(question) is not None


# a preposition a question word may follow ("under which law ...?", "from what date ...?")
LEADING_PREPOSITION = r"(?:(?:under|in|from|by|at|for|with|to|on)\s+)?"
# a person asked for by role ("which minister ...?", "what Acme executive ...?", "which two senators ...?")
_WHICH_PERSON = re.compile(r"^\s*(?:(?:and|so|but)\s+)?" + LEADING_PREPOSITION
                           + r"(?:which|what)\s+(?:[\w'-]+\s+){0,2}?(?:ministers?|secretar(?:y|ies)|officials?|"
                           r"executives?|presidents?|premiers?|treasurers?|chancellors?|spokes(?:person|man|woman)|"
                           r"envoys?|ambassadors?|commissioners?|directors?|chair(?:man|woman|person)?s?|ceos?|"
                           r"founders?|persons?|people|leaders?|lawmakers?|senators?|governors?|negotiators?|"
                           r"officers?)\b", re.IGNORECASE)
# "which law ...?", "under which law ...?"
_WHICH_LED = re.compile(rf"\s*{LEADING_PREPOSITION}which\b", re.IGNORECASE)


# a question asking which country or mineral leads by an amount ("which country mines the most tin?", "which metals
# have the largest reserves?", "which nations are the top producers?")
RANKING = re.compile(r"^\s*(?:and\s+)?which (?:countries|country|nations?|states|minerals?|metals?|elements?)\b"
                      r".*\b(?:most|largest|biggest|highest|top|leading)\b", re.IGNORECASE)


# ... one of them ("which country mines the most tin?"): the leader, a figure, though its verb reads as a plural noun
_ONE_RANKED = re.compile(r"^\s*(?:and\s+)?which (?:country|nation|state|mineral|metal|element)\b", re.IGNORECASE)


def asks_ranking(question: str) -> bool:
    """Whether a question asks which countries or minerals lead by an amount (``RANKING``)."""
    return RANKING.search(question) is not None


def asks_which(question: str) -> bool:
    """Whether a question asks which one of a kind ("which law ...?", "under which law ...?")."""
    return _WHICH_LED.match(question) is not None


def asks_for(question: str) -> str:
    """What a question asks for: a kind of named thing ("which countries joined?": country), the items something
    holds ("what did the rules cover?": items), else ""."""
    kind = next((kind for kind, pattern in _ASKS_FOR.items() if pattern.search(question)), "")
    return kind or ("items" if _CONTENTS.search(question) else "")


# the things a list question asks for, by their plural noun ("what separate levies made up the package?": levies;
# "which steps has Acme taken?": steps)
_LISTED_NOUN = re.compile(r"^\s*(?:(?:and|so|but)\s+)?(?:what|which)\s+(?:[\w-]+\s+){0,3}?(?!(?:" + _NOT_ITEMS
                          + r")\b)(?P<noun>[a-z-]{2,}[^su\W']s)\s+(?:are|were|have|has|had|did|do|does|will|would|"
                          + _MAKE_UP + r")\b", re.IGNORECASE)


# "..., levy by levy": the things to go through one at a time (not a span of time, "year by year", nor an idiom,
# "side by side", "one by one", "bit by bit")
_ONE_BY_ONE = re.compile(r"\b(?P<noun>[a-z-]{3,})\s+by\s+(?P=noun)\b", re.IGNORECASE)
_NOT_ONE_BY_ONE = frozenset("year month quarter week day decade side one bit little hand piece".split())


def listed_noun(question: str) -> str:
    """The noun naming what a list question asks for: plural ("what new rules did Acme adopt?": rules), or said one
    at a time ("itemise Acme's plan, levy by levy": levy); else ""."""
    match = _LISTED_NOUN.match(question)
    if match:
        return match.group("noun").lower()
    each = next((m for m in _ONE_BY_ONE.finditer(question) if m.group("noun").lower() not in _NOT_ONE_BY_ONE), None)
    return each.group("noun").lower() if each else ""


# "list ..." (also "please list", "enumerate", "itemise") at the start: a list whatever else the question says
_LIST_ASKED = re.compile(r"\s*(?:please\s+)?(?:(?:give|show|make)\s+(?:me\s+|us\s+)?(?:a\s+)?list\s+of|list|enumerate|"
                         r"itemi[sz]e|catalog(?:ue)?|name\s+(?:me\s+|us\s+)?(?:every|each|all)\b)\b", re.IGNORECASE)


# "what is Project Acme?", "who are the Acme Group?", "what's ACMA?": a name asked to be told, all of the question
_DEFINITION = re.compile(r"^\s*(?i:what|who)(?:'s|\s+(?i:is|was|are|were))\s+(?:(?i:the|an?)\s+)?"
                         r"(?P<term>[A-Z0-9][\w&'./-]*(?:\s+(?:(?:of|the|and|for|on|&)\s+)*[A-Z0-9][\w&'./-]*)*)"
                         r"\s*\??\s*$")


def defined_term(question: str) -> str:
    """The name a question asks to be told about, when it asks nothing else ("What is the Acme Minerals Pact?": the
    Acme Minerals Pact); "" for any other question."""
    match = _DEFINITION.match(question)
    return match.group("term") if match else ""


# "who are the two ministers heading the talks?", "who were the officials behind it?": people, named together in a
# sentence, not items to list one a bullet (a role noun, plural; "who are the leading refiners?" stays a list)
_WHO_PEOPLE = re.compile(r"^\s*(?:(?:and|so|but)\s+)?who(?:\s+(?:are|were)|'re)\s+(?:the\s+|its\s+|their\s+)?"
                         r"(?:[\w-]+\s+){0,2}?(?:officials|ministers|secretaries|leaders|heads|chiefs|chairs|"
                         r"co-chairs|chairmen|chairwomen|presidents|executives|directors|founders|negotiators|envoys|"
                         r"signatories|spokespeople|spokesmen|spokeswomen|people|men|women|persons)\b", re.IGNORECASE)


# an aside saying why the figure is wanted ("and Freedonia's, for comparison?"): the reader compares, the question
# asks for one figure ("for comparison with Ruritania's" names the other side: a comparison)
_FOR_COMPARISON = re.compile(r",?\s*\b(?:for|by|in) comparison\b(?!\s+(?:with|to|between|of|against)\b)",
                             re.IGNORECASE)
# how fast or how much something moved ("how fast did demand grow in 2031?"), asked of one year: its rate (but not
# from an event on, "since the ban in 2031", which opens a window)
_RATE_IN_ONE_YEAR = re.compile(r"^\s*(?:(?:and|so)\s+)?how (?:fast|quickly|much) (?:did|has|have|does|do|was|were) ",
                               re.IGNORECASE)
_OPENS_WINDOW = re.compile(r"\b(?:since|after|over)\b", re.IGNORECASE)
# how much something makes or takes each year, in the present or ahead ("how much tin will the smelter make each
# year?"): one yearly figure, its capacity or rate, not figures by year
# (or what a forecast expects each year: "what does the survey expect solar farms to add each year?")
_YEARLY_RATE = re.compile(r"^\s*(?:(?:and|so)\s+)?(?:how (?:much|many)|what)\b[^?]*?\b(?:does|do|is|are|will|would|"
                          r"can|could|should)\b[^?]*\b(?:each|every|per) year\b", re.IGNORECASE)


def asking_part(question: str) -> str:
    """What a question asks, without a statement opening it that sets the scene ("Acme closed its mill in 2029.
    Chart Bolt's output since." -> "Chart Bolt's output since."); the whole question when none opens it."""
    sentences = split_sentences(question)
    if len(sentences) > 1 and sentences[0].rstrip().endswith("."):
        return " ".join(sentences[1:])
    return question


def question_type(question: str) -> QType:
    """The answer plan a question calls for, by cue rules, precise first; anything unclear is a factoid question.
    A question opened by a statement setting the scene ("Acme once smelted more tin than Bolt. Chart Bolt's output
    since 2029.") or by a topic and a colon ("Acme's pact: spell out its terms") is typed by what it asks, when that
    has a cue of its own; else by the whole."""
    for asking in (asking_part(question), _after_topic(question)):
        if asking != question:
            qtype = _cued_type(asking)
            if qtype is not QType.FACTOID:
                return qtype
    return _cued_type(question)


# a topic named before a colon, then what is asked of it ("Acme's 2031 pact: break down its terms")
_TOPIC = re.compile(r"^[^:?.!]{3,100}:\s+(?P<verb>[A-Za-z]+)\b")


def _after_topic(question: str) -> str:
    """What a question bids done after the topic it names before a colon ("break down its terms"); the whole
    question when it names none, or asks a question of its own there ("Acme's pact: what did it cost?" is typed
    whole)."""
    topic = _TOPIC.match(question)
    return question[topic.start("verb"):] if topic and imperative(topic.group("verb")) else question

# "how did the Acme ministry describe the ban?", "what did its chair call the deal?": the words someone put a thing
# in, one statement, not an explanation ("how would you describe ...?" asks the assistant to explain)
SPEECH_ASKED = re.compile(r"^\s*(?:(?:and|so|but)\s+)?(?:how|what)\s+(?:did|does|do|has|have|had)\s+"
                          r"(?!(?:you|we|i|one)\b)(?P<speaker>[^?]{2,60}?)\s+(?:describe|call|characteri[sz]e|label|"
                          r"term|dub|portray)\b", re.IGNORECASE)


def _cued_type(question: str) -> QType:
    text = _FOR_COMPARISON.sub("", question).strip()
    if _WHO_PEOPLE.match(text) or SPEECH_ASKED.match(text):
        return QType.FACTOID
    # "why are prices outside X higher than inside?": the reasons, not two figures (but "why do A and B disagree?"
    # asks for both positions side by side)
    if _WHY_FIRST.match(text) and not _CONTRAST_VERB.search(text):
        return QType.EXPLANATION
    if defined_term(text):  # "what is the Acme Metals Partnership?": what it is, not a list of metals
        return QType.FACTOID
    if _LIST_ASKED.match(text):  # "list the loans since 2020": a list, asked for in so many words
        return QType.LIST
    if (_RATE_IN_ONE_YEAR.match(text) and len(set(YEAR.findall(text))) == 1 and not _WINDOW.search(text)
            and not _OPENS_WINDOW.search(text)):
        return QType.FACTOID  # "how fast did demand grow in 2031?": one year's rate, a figure
    if _YEARLY_RATE.match(text) and not YEAR.search(text) and not _OPENS_WINDOW.search(text):
        return QType.FACTOID
    if asks_ranking(text) and _ONE_RANKED.match(text):
        return QType.FACTOID
    for pattern, qtype in ((_TREND, QType.TREND), (_COMPARISON, QType.COMPARISON), (_LIST, QType.LIST)):
        if any(not _verb_taken_for_plural(cue.group(0)) for cue in pattern.finditer(text)):
            return qtype
    if _AMOUNT.search(text) or _SHARES.search(text):
        return QType.FACTOID
    if _EXPLANATION.search(text):
        return QType.EXPLANATION
    if _WINDOW.search(text):
        return QType.TREND
    return QType.FACTOID


def _verb_taken_for_plural(cue: str) -> bool:
    """Whether a "which ..." cue for a list ends on a verb, not a plural noun ("which tax rate applies": one rate);
    an auxiliary closing the cue is not the word it takes for the plural ("which levies has Acme ...")."""
    words = cue.split()
    if re.fullmatch(AUXILIARY, words[-1], re.IGNORECASE):
        words = words[:-1]
    last = words[-1]
    return cue.lower().startswith("which ") and last.lower().endswith("s") and only_a_verb(last)


# -- compound questions ----------------------------------------------------------------------------------------------
_PART_SPLIT = re.compile(r"(?:,\s*|\s+)(?:and|but|while|or)\s+(?=(?:what|when|where|which|who|whom|how|why|is|are|was|"
                         r"were|does|do|did|has|have|can|will)\b)|[?;]\s+(?=\w)|:\s+(?=(?:what|when|how|which|who|is|"
                         r"are|does|did)\b)"
                         # ... and a closing list of examples, set off by a dash or colon ("what has X done - grants,
                         # loans, tariffs and so on?"): the examples are a part of their own, the question without
                         # them another
                         r"|(?:\s+[-\u2013\u2014]|\s*:)\s+(?=[^-\u2013\u2014:?]*,[^-\u2013\u2014:?]*"
                         r"\b(?:and so on|etc\b|and the like|and so forth)[^-\u2013\u2014:?]*\??\s*$)", re.IGNORECASE)


def question_parts(question: str) -> list[str]:
    """The sub-questions of a compound question, each at least three words long."""
    parts = [p.strip(" ,?") for p in _PART_SPLIT.split(question)]
    parts = [p for p in parts if len(p.split()) >= 3]
    return parts if len(parts) > 1 else [question]


def part_texts(query: ResolvedQuery) -> list[str]:
    """The text each part of a compound question is searched and scored with: a later part is read with the opening
    part, which it leans on ("and who paid?", "and where are the mines?"); a follow-up's parts are used as they
    are."""
    parts = query.parts
    if len(parts) > 1 and not query.context:
        parts = [parts[0]] + [f"{p} ({parts[0]})" for p in parts[1:]]
    return parts


# -- entities --------------------------------------------------------------------------------------------------------
# a proper name, with a document's number when it has one ("Decree No. 14", "Order 9071"), and a one-letter prefix
# when it has one ("e-Acme")
# (a model's number after a hyphen is part of it: "Kx-90")
_NAME = re.compile(r"\b(?:[a-z]-)?[A-Z][a-zA-Z&'-]+(?:(?<=-)\d+[A-Za-z]*\b)?"
                   r"(?:\s+(?:of\s+|the\s+|&\s+)?(?!No\.?\s*\d)[A-Z][a-zA-Z&'-]+(?:(?<=-)\d+[A-Za-z]*\b)?)*"
                   r"(?:\s+No\.?\s*\d+[A-Za-z]?\b|\s+(?!(?:19|20)\d{2}\b)\d{2,6}\b(?!\s*(?:%|per|tonnes|t\b)))?")
_NUMBERED = re.compile(rf"\s+{ACT_NUMBER}$")  # the number that makes a kind of act one act
_PARTICIPLE = re.compile(r"[A-Z][a-z]{2,}(?:ing|ed)|Given|Taken")
_QUESTION_WORDS = set("""What Which When Where Why How Who Does Did Are Can Could Has Have Will Would Should Tell Give
Explain Describe List The And Was Were Is Do I AI Compare Name Also But So Plus In On For According A An Please
Show Set Lay Spell Outline Chart Walk Break Trace Follow Put Summarise Summarize Catalogue Enumerate Sketch""".split())
# prepositions that may open a question's first phrase ("Across all of 2031, ...", "During the ban, ..."): at its start,
# no part of a name
_OPENING_PREPOSITIONS = frozenset("""across during throughout within among amid since after before from between over
through unlike""".split())
# conjunctions and linking adverbs that may open a question set against what went before ("Whereas the Acme review
# gave what?", "Meanwhile, ..."): at its start, no part of a name
_OPENING_CONJUNCTIONS = frozenset("""whereas although though while whilst meanwhile yet however even nonetheless
nevertheless""".split())
_MONTHS = {month.capitalize() for month in MONTHS}


# what a sentence opens after: a stop or a colon, or the bracket the question a follow-up is read with sits in
_SENTENCE_BREAK = re.compile(r"[.?!:;(]\s*$")
# a possessive ending ("Acme's", "Acme Metals'"): no part of the name
_POSSESSIVE_END = re.compile(r"['\u2019]s?$")
_EXCLUDING_OPENERS = frozenset({"outside", "except", "excluding", "other", "beyond", "apart", "besides", "without"})
_EXCLUDING = re.compile(r"\b(?:outside|except|excluding|other than|beyond|apart from|besides|without|non)[\s-]+"
                        r"(?:the\s+)?$", re.IGNORECASE)


def _left_out(text: str, kinds: tuple[str, ...] = ("mineral", "country"), *,
              named_too: bool = False) -> list[tuple[str, int, int]]:
    """The names of ``kinds`` a text names only to leave them out ("outside China", "other than copper"): each with
    where its phrase starts ("outside") and where the name ends; with ``named_too``, also those it names elsewhere as
    well (every phrase that leaves a name out)."""
    found = find_entities(text)
    out = []
    for kind in kinds:
        cuts = []
        for name, start, end in found[kind]:
            before = _EXCLUDING.search(text[max(0, start - 20):start])
            cuts.append((name, max(0, start - 20) + before.start(), end) if before else None)
        # a name also named outside such a phrase is part of the subject ("magnets made outside China, a tool for
        # China": China is asked about too)
        kept = {name for (name, _, _), cut in zip(found[kind], cuts, strict=True) if cut is None}
        out += [cut for cut in cuts if cut is not None and (named_too or cut[0] not in kept)]
    return out


def numbered(name: str) -> bool:
    """Whether a name is one numbered act ("Decree No. 9", "Executive Order 9999")."""
    return _NUMBERED.search(name) is not None


def without_exclusions(text: str) -> str:
    """The question without the names it leaves out ("firms outside China make magnets" -> "firms make magnets"),
    for searching: a passage about China is not what it asks for."""
    # (a phrase leaving out a name the question asks about in other words goes too: "beyond NdFeB, which magnets
    # ...?" searches for magnets, not for NdFeB ones)
    cuts = {(start, end) for _, start, end in [*_left_out(text, ("alias", "mineral", "country"), named_too=True),
                                                *_entities(text)[1]]}
    merged: list[list[int]] = []
    for start, end in sorted(cuts):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + text[end:]
    return re.sub(r"\s{2,}", " ", text).strip()


# a window opened by a dated event ("since Iceland closed its smelter in 2019", "after Iceland began licensing
# exports in May 2030"): the year starts the window
_SINCE_DATED_EVENT = (r"\b(?:[Ss]ince|[Aa]fter|[Ff]ollowing)\s+(?:(?!since\b|after\b)[\w'-]+\s+){1,8}?in\s+"
                      r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?"
                      r"((?:19|20)\d{2})\b")
_EVENT_WINDOW = re.compile(r"\s*,?\s*" + _SINCE_DATED_EVENT + ",?")


def without_event_window(text: str) -> str:
    """The question without a window opened by a dated event ("what has Portugal done since Iceland closed its
    smelter in 2019 to secure indium?" -> "what has Portugal done to secure indium?"): the event says when, not
    what."""
    return re.sub(r"\s+([?.!,;:])", r"\1", re.sub(r"\s{2,}", " ", _EVENT_WINDOW.sub(" ", text))).strip()


def excluded_names(text: str) -> list[str]:
    """The minerals, countries and other names a question names only to leave them out ("outside China", "other than
    copper", "besides Acme Metals")."""
    return [name for name, _, _ in _all_left_out(text)]


def without_left_out(text: str) -> str:
    """The text with the phrases that name something only to leave it out blanked ("Acme is the only smelter outside
    Norway" -> "Acme is the only smelter "): what is left is what it is about."""
    for _, start, end in sorted(_all_left_out(text), key=lambda span: -span[1]):
        text = f"{text[:start]} {text[end:]}"
    return text


def _all_left_out(text: str) -> list[tuple[str, int, int]]:
    """The minerals, countries and proper names a text names only to leave them out ("outside China", "besides Acme
    Metals"), each with where its phrase starts and where the name ends."""
    return _left_out(text) + list(_entities(text)[1])


def mineral_in_a_name(text: str, start: int, end: int) -> bool:
    """Whether a mineral written at ``start:end`` is part of a firm's name: written with a capital and run into
    another capitalised word that is no small word ("The Tin Corporation", "Lithium Acme"), not "Tin output" nor
    "and Tin?"."""
    after = re.match(r"\s+([A-Z][\w&'-]*)", text[end:])
    return (text[start].isupper() and after is not None
            and after.group(1).lower() not in FUNCTION_WORDS and after.group(1) not in _QUESTION_WORDS)


def entities_of(text: str) -> list[Entity]:
    """Minerals, countries, organisations (by alias) and other proper names (companies, programmes) in a text."""
    return list(_entities(text)[0])


@functools.lru_cache(maxsize=1024)
def _entities(text: str) -> tuple[tuple[Entity, ...], tuple[tuple[str, int, int], ...]]:
    """The entities of a text, and the proper names it leaves out with where each one's phrase starts and ends (one
    parse serves the question's entities, its exclusions and its search text)."""
    found = find_entities(text)
    left: list[tuple[str, int, int]] = []
    left_out = {(name, end) for name, _, end in _left_out(text, ("alias", "mineral", "country"))}
    out: list[Entity] = []
    spans: list[tuple[int, int]] = []
    for kind, label in (("alias", "organisation"), ("mineral", "mineral"), ("country", "country")):
        for name, start, end in found[kind]:
            # ("The Tin Corporation", "the Indium Supply Pact": a name, which the name pattern below reads whole; the
            # mineral is still what it is about)
            if not (kind == "mineral" and mineral_in_a_name(text, start, end)):
                spans.append((start, end))
            if (name, end) in left_out:
                continue  # "firms outside China": what is left out is not what the question is about
            if kind == "country" and in_a_name(text, start) and re.match(r"\s+[A-Z]", text[end:]):
                continue  # "a deal with Ruritania Freedonia Metals": a country inside a firm's name is not asked about
            entity = Entity(name, label)
            if entity not in out:
                out.append(entity)
    # a lead-in phrase ("Big picture: how ...?", "Quick question: ..."); a name as a topic ("Acme Metals: ...") stays
    # (or a phrase of common words set off by a dash: "Site choice - why there?")
    lead_in = (re.match(r"\s*[A-Z][\w'-]*(?: [\w'-]+)*? [a-z][\w'-]*:\s", text)
               or re.match(r"\s*[A-Z][a-z'-]*(?: [a-z][\w'-]*)+ [-\u2013\u2014]\s", text))
    for match in _NAME.finditer(text):
        if lead_in and match.start() < lead_in.end() and not any(s <= match.start() < e for s, e in spans):
            continue  # a lead-in's words are no name
        start = match.start()
        # (a question word, or one run into "is", opens no name, also alone: "What's Freedonia's Smelter Fund?",
        # "Who's buying?"; nor does a small word that opens the sentence: "Under Acme's 2031 deal, ...", nor a word
        # that opens a phrase leaving a name out: "Apart from Acme, ...")
        while True:
            word = re.match(r"(?:([A-Z][a-z]+)(?:['\u2019]s)?|the|of|&)(?:\s+|$)", text[start:match.end()])
            if word is None or (word.group(1) is not None and word.group(1) not in _QUESTION_WORDS
                                and not ((word.group(1).lower() in FUNCTION_WORDS
                                          or word.group(1).lower() in _EXCLUDING_OPENERS
                                          or word.group(1).lower() in _OPENING_PREPOSITIONS
                                          or word.group(1).lower() in _OPENING_CONJUNCTIONS)
                                         and (not text[:start].strip() or _SENTENCE_BREAK.search(text[:start])))):
                break
            start += word.end()
        for s_, e_ in sorted(spans):  # "Ruritania's Decree No. 14": the name after the country's
            if s_ <= start < e_ and match.end() > e_:
                if _NUMBERED.fullmatch(text[e_:match.end()]):  # "Executive Order 9999": one numbered act, whole
                    break
                # (and after its possessive, "Ruritania's" or "Flanders'")
                start = e_ + (2 if text[e_:e_ + 2] in ("'s", "\u2019s") else 1 if text[e_:e_ + 1] in ("'", "\u2019")
                              else 0)
        words = [w for w in text[start:match.end()].split() if w not in _QUESTION_WORDS and w not in _MONTHS]
        # a sentence opened by a participle is no name: "Thinking of Acme Metals, ...", "Given the Busan truce" (a
        # participle that starts a name is followed by another capitalised word: "United Rare Earths")
        if ((start == 0 or _SENTENCE_BREAK.search(text[:start])) and words and _PARTICIPLE.fullmatch(words[0])
                and (len(words) == 1 or words[1] in ("of", "the"))):
            words = words[2:] if len(words) > 1 else []
        numbered = start == match.start() and _NUMBERED.search(text[start:match.end()]) is not None
        if (not any(w[:1].isupper() or re.match(r"[a-z]-[A-Z]", w) for w in words)
                or (not numbered and any(s <= start < e or s < match.end() <= e for s, e in spans))):
            continue
        name = _POSSESSIVE_END.sub("", " ".join(words))  # "Acme Metals's plant": the name is Acme Metals
        # ("ZX" may name a firm; "I" is the asker)
        if name.lower() in {"and", "the"} or len(name) < 2 or (len(name) < 3 and not name.isupper()):
            continue
        cut = _EXCLUDING.search(text[max(0, start - 20):start])
        if cut:  # "who else besides Acme Metals ...?": what is left out is not what the question is about
            left.append((name, max(0, start - 20) + cut.start(), match.end()))
            continue
        entity = Entity(name, "name")
        if entity not in out:
            out.append(entity)
    kept = {e.name for e in out}
    return tuple(out), tuple(cut for cut in left if cut[0] not in kept)


def _years(text: str) -> list[int]:
    return [int(y) for y in YEAR.findall(text)]


# a window's start told as an event of the thing asked about: "since it began work in 2019", "from its launch in
# 2012", "from the slump in spring 2019" (plain lower-case words only: "from the US in 2024" is where from, not since
# when)
_SINCE_EVENT = re.compile(r"\b(?:[Ss]ince|[Ff]rom)\s+(?:it|they|its|their|this|that|the)\s+(?:[a-z][\w-]*\s+){0,3}?"
                          rf"(?:in|of)\s+(?:{_PART_OF_YEAR}\s+)?((?:19|20)\d{{2}})\b")


# a span told by its length and its last year ("across the twenty years to 2031", "in the decade to 2031", "the five
# years through 2031")
_SPAN_TO = re.compile(rf"\b(?:over|in|during|across|for|within)\s+the\s+(?:(?:past|last|previous)\s+)?"
                      rf"(?:(?P<n>\d{{1,2}}|{NUMBER_WORDS})\s+years|(?P<decade>decade))\s+"
                      r"(?:to|until|till|through|up to|ending(?:\s+in)?)\s+((?:19|20)\d{2})\b", re.IGNORECASE)


def _window(text: str, *, trend: bool = False) -> tuple[int | None, int | None]:
    """The years a question's window starts and ends with ("since 2019", "from 2012 to 2026", "over the ten years to
    2031"); for a question about change (``trend``) also a start told as an event ("since it began work in 2019")
    and an end as a dated one ("to the 2024 review")."""
    span = _SPAN_TO.search(text)
    length = (10 if span.group("decade") else whole_number(span.group("n"))) if span else None
    if span and length:
        end = int(span.group(3))
        return end - length, end
    # (a decade starts the window at its first year: "since the late 1980s" is since 1980)
    since = re.search(r"\b(?:since|from|after|starting in)\s+(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?"
                      r"((?:19|20)\d{2})(?:'?s)?\b", text, re.IGNORECASE)
    if since is None:  # "since Iceland closed its smelter in 2019" (not a span: "... in 2019 to 2021")
        since = re.search(_SINCE_DATED_EVENT + r"(?!\s*(?:-|to|and)\s*\d)", text)
    if since is None and trend:  # "between 2020 and 2028" bounds a change
        since = _SINCE_EVENT.search(text) or re.search(r"\bbetween\s+((?:19|20)\d{2})(?=\s+and\s+(?:19|20)\d{2}\b)",
                                                              text)
    ending = r"(?:the\s+)?" if trend else ""
    until = re.search(rf"\b(?:to|until|through|till|and|before|by|into)\s+{ending}(?:(?:early|mid|late)[\s-]+)?"
                      rf"(?:(?:{_MONTH_ALTERNATION})\s+)?((?:19|20)\d{{2}})\b", text, re.IGNORECASE)
    if since and until and until.start() < since.end():
        until = None
    return (int(since.group(1)) if since else None), (int(until.group(1)) if until and since else None)


# -- follow-ups ------------------------------------------------------------------------------------------------------
_ELLIPSIS = re.compile(r"^\s*(and|also|plus|but|what about|how about|what of|and what about|same for|same question for)"
                       r"\b", re.IGNORECASE)
# the words by which a question points back at the conversation ("it", "they", "then")
POINTER = re.compile(r"\b(it|its|it's|they|them|their|theirs|this|that|these|those|he|she|his|her|there|then|such)\b",
                     re.IGNORECASE)
# "the same source", "same year", "the equivalent figure": what the previous question gave
_SAME = re.compile(r"\b(?:same|equivalent|corresponding)\b", re.IGNORECASE)
# "the metal", "the mineral": the one the previous question named
_THE_MINERAL = re.compile(r"\bthe (?:metal|mineral|element|commodity)\b", re.IGNORECASE)
# "those three", "these firms", "those" alone: a demonstrative plural points back however much else a question names
# (not "those who ...", "those of ...": a phrase of its own)
_THOSE = re.compile(r"\b(?:these|those)\b(?!\s+(?:who|whom|whose|which|that|of|in|at|on|with|where|when|days|times)\b)",
                    re.IGNORECASE)
_FILLER = re.compile(r"^\s*(and|also|plus|but|so|what about|how about|what of|same for|same question for)\s*[,:]?\s*"
                     r"(?:in\s+|for\s+)?", re.IGNORECASE)
_COUNT = {w: n for n, w in enumerate(["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], start=2)}
_YEAR_SHIFT = re.compile(r"\b(?:(?:the |a )?year (?:before|earlier|prior)|(?:the )?previous year|(?:the )?prior year"
                         rf"|(?P<back>{'|'.join(_COUNT)}|\d{{1,2}}) years (?:before|earlier|prior)"
                         r"|(?P<later>(?:the |a )?year (?:after|later)|(?:the )?(?:following|next) year"
                         rf"|(?P<on>{'|'.join(_COUNT)}|\d{{1,2}}) years (?:after|later|on)))\b",
                         re.IGNORECASE)


def _years_shifted(shift: re.Match[str]) -> int:
    """How many years a shift moves: "the year before" -1, "three years later" +3."""
    count = shift.group("back") or shift.group("on")
    n = 1 if count is None else _COUNT.get(count.lower()) or int(count)
    return n if shift.group("later") else -n


# ... and a month ("the month after", "the previous month"): the previous question's month moves, with its year
_MONTH_SHIFT = re.compile(r"\b(?:(?:the |a )?month (?:before|earlier|prior)|(?:the )?(?:previous|prior) month"
                          r"|(?P<later>(?:the |a )?month (?:after|later)|(?:the )?(?:following|next) month))\b",
                          re.IGNORECASE)
_MONTH_NAMES = sorted(MONTHS, key=MONTHS.__getitem__)  # january ... december
# ... or to a month named ("the July before", "the following March"): its last time before the previous question's
# month, or its next time after it
_NAMED_MONTH_SHIFT = re.compile(rf"\b(?:the )?(?P<month>{'|'.join(_MONTH_NAMES)}) (?:before|earlier|prior|"
                                rf"(?P<later>after|later))\b|\b(?:the )?(?:previous|preceding|"
                                rf"(?P<next>following|next)) (?P<named>{'|'.join(_MONTH_NAMES)})\b", re.IGNORECASE)
# the shifts a follow-up may ask of the previous question's time (a named month first: "the July before")
_SHIFTS = (_NAMED_MONTH_SHIFT, _MONTH_SHIFT, _YEAR_SHIFT)
_CITATION_MARK = re.compile(r"\[\d+\]")


def _without_shifts(text: str) -> str:
    for shift in _SHIFTS:
        text = shift.sub(" ", text)
    return text


def _asked_years(text: str) -> list[re.Match[str]]:
    """The years a question asks about, which a follow-up's year replaces: those not dating the document it names
    ("what did the Acme outlook published in 2031 give for 2029?": 2029), unless no other is named."""
    found = list(YEAR.finditer(text))
    dating = publication_years(text)
    return [y for y in found if (y.start(), y.end()) not in dating] or found


# a comparison with what was just said ("is Norway's share even higher?", "was it bigger than that?"): it asks the
# previous question again, of what it names
_COMPARED_BACK = re.compile(r"\beven\s+(?:more|less|fewer|higher|lower|bigger|larger|smaller|greater|tighter|looser|"
                            r"stronger|weaker|worse|better|faster|slower|cheaper|dearer|longer|shorter|wider|deeper|"
                            r"steeper|harder|easier|earlier|later|heavier|bolder|broader|narrower|stricter)\b|"
                            r"\bthan (?:that|this|those|these|it|them|before)\b", re.IGNORECASE)


def leans_on_conversation(question: str, earlier: str = "") -> bool:
    """Whether a question leans on the conversation: elliptic, pronoun-led, or naming nothing of its own (nothing
    ``earlier``, the turns before it, did not name already: "who pays for the Japanese half?" after an answer on
    Japan's half of a venture)."""
    terms = content_terms(question)
    if _ELLIPSIS.match(question) or any(shift.search(question) for shift in _SHIFTS):
        return True
    # (a year alone names no subject: "what did the 2031 rules do to prices?" after a question on indium is about
    # indium's rules, and is read with the previous question)
    # (an acronym the turns before wrote out is named already: "GM" after "General Motors")
    named = (YEAR.search(question) and not earlier) or [e for e in entities_of(question)
                                                         if not mentions(earlier, e.name)
                                                         and not written_out(e.name, earlier)]
    # ("it" in a long question naming nothing of its own points back all the same: "which officials were named to
    # run the review board it set up?")
    if (POINTER.search(question) or _SAME.search(question) or _THE_MINERAL.search(question)) and (
            len(terms) <= 6 or not named):
        return True
    if _THOSE.search(question) or _COMPARED_BACK.search(question):
        return True
    return len(terms) <= 2 or (not named and len(terms) <= 6)


def _place(name: str) -> bool:
    """Whether a name is a place: a country (or its capital, "Beijing"), a province or a large city."""
    return name in PLACES.index() or any(s == 0 and e == len(name) for _, s, e in find_entities(name)["country"])


def named_alone(question: str) -> str | None:
    """What an elliptic follow-up names on its own ("what about acme metals?" -> "acme metals"), else None."""
    if not _ELLIPSIS.match(question):
        return None
    return _FILLER.sub("", question).strip(" ?.!") or None


def answer_lead(answer: str) -> str:
    """The first sentence of an answer, without its citation marks; none for an answer that opens with a table (its
    header "| Member | Joined |" is no sentence, and the bullets after it only support the table)."""
    if answer.lstrip().startswith("|"):
        return ""
    text = re.sub(r"^[#>*\-\s]+", "", _CITATION_MARK.sub("", answer).strip())
    text = _YES_NO_REPLY.sub("", text)  # "No. The price stayed above the floor ...": the sentence after the reply
    # (a sentence ends with its paragraph: a lead of one sentence is followed by bullets or "**Read more:** ...",
    # whose marks no splitter reads as a sentence's start)
    text = re.split(r"\n\s*\n", text, maxsplit=1)[0]
    # (the corpus's splitter: "printed at 90 Fed. Reg. 13673" is one sentence)
    return next(iter(split_sentences(text)), "")


def answer_names(answer: str, limit: int = 4) -> list[str]:
    """Proper names in the first sentence of the last answer, outside its attribution ("according to the Survey",
    "Reuters reported that"): what "it" and "there" most likely point at."""
    first = told(answer_lead(answer))
    names: list[str] = []
    for match in _NAME.finditer(first):
        name = match.group(0)
        if match.start() == 0 and " " not in name and not _place(name):  # a sentence-initial word is not reliably
            continue  # a name (a country is: "Freedonia, with 9 Mt, ...")
        if name.split()[0] in ("The", "A", "An") and " " in name:  # "The Acme Act is ...": the name is "Acme Act"
            name = name.split(" ", 1)[1]
        name = _POSSESSIVE_END.sub("", name)  # "Acme's loan", "Acme Metals' loan": the name is Acme (Metals)
        if name.split()[0] in _MONTHS or name.split()[0] in _QUESTION_WORDS or first[match.end():][:1] == "$":
            continue  # (nor is a currency's sign: "US$5")
        if first[match.end():].startswith(".") and first[match.end() + 1:].strip():
            continue  # an abbreviation inside the sentence ("90 Fed. Reg. 13673", "Gov. Smith"), not a name
        if name not in names:
            names.append(name)
    return names[:limit]


def proper_names(text: str) -> set[str]:
    """The proper names a sentence gives outside its attribution ("Acme Metals", "Order 9071", "Minister Jo Berg"),
    not a sentence-initial word alone, a month or a question word."""
    told_text = told(text)
    out = set()
    for match in _NAME.finditer(told_text):
        name = _POSSESSIVE_END.sub("", match.group(0))
        if name.split()[0] in ("The", "A", "An") and " " in name:  # "The Acme Council oversees ...": Acme Council
            name = name.split(" ", 1)[1]
        elif (match.start() == 0 and " " not in name) or name.split()[0] in _MONTHS or name in _QUESTION_WORDS:
            continue
        out.add(name)
    return out


def _replace_span(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _takes_article(name: str) -> bool:
    """Whether a country's name is written with "the": "the US", "the United Kingdom", "the Netherlands"."""
    name = re.split(r",\s*|\s+and\s+", name.strip())[0]  # a group is read by its first name: "the US and Japan"
    first = name.split()[0] if name.split() else ""
    return (first in {"United", "Republic", "Democratic", "Czech"} or (name.isupper() and len(name) <= 4)
            or name.endswith(("lands", "pines", "Emirates", "Islands")))


def _swap_name(text: str, start: int, end: int, new: str) -> str:
    """``text`` with the name at start:end replaced by ``new``, with "the" before it where ``new`` takes it and
    not where it does not ("to the US" -> "to Japan", "did Japan" -> "did the UK")."""
    article = text[:start].endswith(("the ", "The "))
    if article and not _takes_article(new):
        start -= 4
    elif not article and _takes_article(new) and not new.lower().startswith("the "):
        new = "the " + new
    return _replace_span(text, start, end, new)


# month names; "may" only capitalised (else it is the verb)
# ("may" in lower case is the month only before a year: "in may 2030", not "what may happen")
MONTH_WORD = re.compile(rf"\b(?:(?i:{'|'.join(m for m in MONTHS if m != 'may')})|May|may(?=\s+(?:19|20)\d{{2}}\b))\b")


# the day written before a month ("25 December")
_DAY_BEFORE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?$", re.IGNORECASE)


def _day_of(text: str, month: re.Match[str]) -> str:
    """The day of the month a text gives with a month it names ("25 December", "December 25th"), else ""."""
    before = _DAY_BEFORE.search(text[:month.start()])
    after = re.match(r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?\d{3})", text[month.end():])
    found = before or after
    return found.group(1) if found is not None else ""


# the words of its own (not in the previous question) that make a follow-up a question of its own
_OWN_QUESTION = 3


def _substitute(previous: str, question: str) -> tuple[str, dict[str, str], list[str]] | None:
    """Swap the previous question's slots for the follow-up's: years, minerals, countries, organisations, names.
    Returns (text, slots taken, other readings when the slot could be either of two names)."""
    # a follow-up asking a question of its own about what it names ("and when is Bolt Metals meant to start casting
    # tin at the Acme mill?"): three or more words of its own, names and times aside, that the previous question
    # lacks; it is read with that one, not swapped into it
    rest = _FILLER.sub("", question)
    own_entities = entities_of(rest)
    named = " ".join(e.name for e in own_entities)
    undated = YEAR.sub(" ", MONTH_WORD.sub(" ", _without_shifts(without_names(rest))))
    own = set(content_terms(undated)) - set(content_terms(f"{named} {previous}"))
    if len(own) >= _OWN_QUESTION:
        return None
    out = previous
    taken: dict[str, str] = {}
    # a month ("and the March one?"): the previous question's month, kept with its year unless a year is given
    # ... with its day, when either gives one ("and on 25 December?" after "... on 9 July 2031?" asks of 25 December
    # 2031, "and in March?" of March 2031)
    # (a month named as a shift, "the July before", moves the month and its year: below)
    named_shift = _NAMED_MONTH_SHIFT.search(question)
    new_month = None if named_shift else MONTH_WORD.search(question)
    old_month = MONTH_WORD.search(out)
    new_day = _day_of(question, new_month) if new_month else ""
    if new_month and old_month and (new_month.group(0).lower() != old_month.group(0).lower()
                                    or new_day != _day_of(out, old_month)):
        old_day = _DAY_BEFORE.search(out[:old_month.start()])
        start = old_day.start() if old_day else old_month.start()
        # (a day is "on" it, a month "in" it)
        preposition = re.search(r"\b(?:on|in)\s+$", out[:start], re.IGNORECASE)
        if preposition:
            start = preposition.start()
        out = _replace_span(out, start, old_month.end(), " ".join(
            w for w in ((preposition and ("on" if new_day else "in")) or "", new_day,
                        new_month.group(0).capitalize()) if w))
        taken["month"] = new_month.group(0).capitalize()
    new_years = YEAR.findall(question)
    old_years = _asked_years(out)
    if new_years and old_years:
        last = old_years[-1]
        out = _replace_span(out, last.start(), last.end(), new_years[0])
        taken["year"] = new_years[0]
    elif new_years:
        out = out.rstrip(" ?") + f" in {new_years[0]}?"
        taken["year"] = new_years[0]
    shift = _YEAR_SHIFT.search(question)
    if shift and not new_years and old_years:
        last = old_years[-1]
        year = str(int(last.group(0)) + _years_shifted(shift))
        out = _replace_span(out, last.start(), last.end(), year)
        taken["year"] = year
    month_shift = _MONTH_SHIFT.search(question)
    dated = MONTH_YEAR.search(out)
    if month_shift and dated and "month" not in taken:
        index = MONTHS[dated.group(1).lower()] - 1 + (1 if month_shift.group("later") else -1)
        moved = f"{_MONTH_NAMES[index % 12].capitalize()} {int(dated.group(2)) + index // 12}"
        out = _replace_span(out, dated.start(), dated.end(), moved)
        taken["month"] = moved
    if named_shift and dated and "month" not in taken:
        named_month = MONTHS[(named_shift.group("month") or named_shift.group("named")).lower()]
        asked_month, asked_year = MONTHS[dated.group(1).lower()], int(dated.group(2))
        if named_shift.group("later") or named_shift.group("next"):
            asked_year += 0 if named_month > asked_month else 1
        else:
            asked_year -= 0 if named_month < asked_month else 1
        moved = f"{_MONTH_NAMES[named_month - 1].capitalize()} {asked_year}"
        out = _replace_span(out, dated.start(), dated.end(), moved)
        taken["month"] = moved
    new = find_entities(question)
    new["mineral"] = [m for m in new["mineral"] if not mineral_in_a_name(question, m[1], m[2])]
    # "and for magnets?" after a question on a stage of the chain ("how much rare earth separation does Ruritania
    # do?"): magnets are the chain's last stage, which takes the stage's place (not the mineral's)
    stages = list(_STAGE.finditer(out))
    if ([name for name, _, _ in new["mineral"]] == ["magnets"] and not new["country"] and not new["alias"]
            and len(stages) == 1 and not stages[0].group(0).lower().startswith("magnet") and _ELLIPSIS.match(question)):
        out = _replace_span(out, stages[0].start(), stages[0].end(), "magnet making")
        taken["stage"] = "magnet making"
        new["mineral"] = []
    # a country the previous question names already, by any of its names ("then what did Tokyo do about it?" after a
    # question on Japan), is no slot to swap
    if new["country"] and {n for n, _, _ in new["country"]} <= {n for n, _, _ in find_entities(out)["country"]}:
        new["country"] = []
    alternatives: list[str] = []
    swapped = [kind for kind in ("mineral", "country", "alias") if new[kind]]
    for kind, slot in (("mineral", "mineral"), ("country", "country"), ("alias", "organisation")):
        if not new[kind]:
            continue
        # (a country is written as the corpus writes it, "south korea" -> "South Korea", "the British one" -> "the
        # United Kingdom", but for an abbreviation, "UK")
        names = " and ".join(name if kind == "country" and not question[s:e].isupper() else question[s:e]
                             for name, s, e in new[kind])
        # a mineral with the stage or product asked ("and lithium refining?", "and of tellurium ingots?"): the
        # words after it end the question, and take the old name's place with it
        # (in a follow-up that is only that: "and how big are Iceland's indium reserves?" asks its own question)
        bare = re.fullmatch(r"\s*(?:(?:and|also|plus|but|what about|how about|what of|same for)\s+)?"
                            r"(?:(?:of|for|in|on)\s+)?(?:the\s+)?", question[:new[kind][0][1]], re.IGNORECASE)
        after_name = question[new[kind][-1][2]:]
        staged = _stage_words(after_name) if kind == "mineral" and bare is not None else ""
        if not re.fullmatch(r"\s*[?.!]*\s*", after_name[len(staged):]):
            staged = ""
        names += staged
        groups = _groups(out, find_entities(out)[kind])
        if kind == "mineral" and len(groups) > 1:
            # a mineral takes the place of minerals named as it is, one by one or as a group ("and indium?" after
            # "what does Acme's light rare earths mill pay for terbium?" swaps terbium, not the mill's kind)
            groups = _named_as(out, groups, grouped={name in MINERAL_GROUPS for name, _, _ in new[kind]} == {True})
        # "and to Portugal?" after "... did Iceland ship to Norway?": the name after the same preposition
        by = _PREPOSITION_BEFORE.search(question[:new[kind][0][1]])
        if by and len(groups) > 1:
            same = [g for g in groups if re.search(rf"\b{by.group(1)}\s+(?:the\s+)?$", out[:g[0]], re.IGNORECASE)]
            if len(same) != 1:  # ("and for Portugal?" after "when did Iceland stop tin sales to Norway?": the name
                # after a preposition, what the question's verb acts on, not its subject)
                same = [g for g in groups if _PREPOSITION_BEFORE.search(out[:g[0]])]
            if len(same) == 1:
                groups = same + [g for g in groups if g != same[0]]
        if groups and staged:  # (... and so do the words after the old name: "graphite anodes" -> "lithium refining")
            groups[0] = (groups[0][0], groups[0][1] + len(_stage_words(out[groups[0][1]:])))
        if groups:
            swap = _swap_name if kind == "country" else _replace_span
            if len(groups) > 1 and len(swapped) == 1:  # "and Freedonia?" after a question naming two countries:
                # each could be the one swapped; the corpus decides (``ResolvedQuery.alternatives``)
                alternatives = [swap(out, start, end, names) for start, end in groups[1:]]
            out = swap(out, groups[0][0], groups[0][1], names)
        elif kind == "alias" and (firms := [e.name for e in entities_of(out) if e.kind == "name"]):
            # an organisation after a question on companies ("and the ministry?" after "how much did Acme pay
            # Bolt Metals?"): it takes a company's place, which one the corpus decides
            if len(swapped) == 1:
                alternatives = [out.replace(firm, names, 1) for firm in firms[1:]]
            out = out.replace(firms[0], names, 1)
        else:
            out = out.rstrip(" ?") + f" ({names})?"
        taken[slot] = names
    if taken and "name" not in taken:
        # ... and a company named with it ("what about Bolt, how much did the ministry give them?" after "how much
        # has Acme received from the agency?"): it takes the previous question's company's place as well
        new_names = [e.name for e in own_entities if e.kind == "name" and e.name not in out]
        old_names = [e.name for e in entities_of(previous) if e.kind == "name" and e.name in out
                     and e.name not in question]
        if new_names and old_names:
            out = out.replace(old_names[0], new_names[0], 1)
            taken["name"] = new_names[0]
    if not taken:
        # a company or programme named on its own: "what about Acme Metals?"
        rest = _FILLER.sub("", question).strip(" ?")
        new_names = [e.name for e in entities_of(rest) if e.kind == "name"]
        # (not a name that only says where or when what the follow-up asks of took place: "and the third batch at
        # the Acme Expo?" asks of the batch, not of the expo)
        new_names = [n for n in new_names if not _QUALIFIED.search(rest[:rest.find(n)])]
        if new_names and _ELLIPSIS.match(question):
            # the company or programme it replaces: a name of its kind first ("what about Bolt Metals?" after a
            # question on the ministry's deal with Acme Metals replaces Acme Metals), else an organisation
            old_names = [e.name for e in entities_of(previous) if e.kind == "name" and e.name in out]
            old_names += [e.name for e in entities_of(previous) if e.kind == "organisation" and e.name in out]
            new_name = new_names[0]
            # a name with the thing it names, when the old name stood alone at the question's end ("and for the
            # Bolt cruiser?" after "tonnes of steel per Acme-9?"): "Bolt cruiser" takes Acme-9's place, or the
            # question would lose what it asks of
            after_new = rest[rest.find(new_name) + len(new_name):]
            head = re.fullmatch(r"\s*([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)\s*[?.!]*\s*", after_new)
            ends = bool(old_names) and re.fullmatch(r"\s*[?.!]*\s*", out[out.find(old_names[0]) + len(old_names[0]):])
            if head and ends and not set(content_terms(head.group(1))) & set(content_terms(out)):
                new_name = f"{new_name} {head.group(1)}"
            out = (out.replace(old_names[0], new_name, 1) if old_names
                   else out.rstrip(" ?") + f" ({new_name})?")
            taken["name"] = new_names[0]
    if not taken and _ELLIPSIS.match(question):
        # a stage of the supply chain on its own ("what about separation?" after "what is Ruritania's share of
        # magnet making?"): it takes the place of the stage the previous question named
        rest = re.sub(r"^(?:of|for|in|on|the)\s+", "", _FILLER.sub("", question).strip(" ?.!"), flags=re.IGNORECASE)
        old_stages = list(_STAGE.finditer(out))
        if _STAGE.fullmatch(rest) and len(old_stages) == 1 and old_stages[0].group(0).lower() != rest.lower():
            out = _replace_span(out, old_stages[0].start(), old_stages[0].end(), rest.lower())
            taken["stage"] = rest.lower()
    if not taken:
        return None
    return out, taken, alternatives


# words, then a preposition of place or time: what follows says where or when the words' thing took place
_QUALIFIED = re.compile(r"\w[\w' -]*\s(?:at|during|on the sidelines of)\s+(?:the\s+|this\s+|that\s+)?$",
                        re.IGNORECASE)


# the stages of a mineral's supply chain, as a question names them
_STAGE = re.compile(r"\b(?:mine (?:output|production|supply)|mining|extraction|refining|refined (?:output|production)|"
                    r"processing|separation|smelting|magnet (?:making|production|manufacturing)|magnet-making|"
                    r"recycling)\b", re.IGNORECASE)


# the same stage told in other words ("extraction" and "mine output" are mining): each stage's words, by its name
_STAGE_WORDS = {
    "mining": r"mine (?:output|production|supply)|mining|mined|extract(?:ion|ed|ing)?",
    "refining": r"refin(?:ing|ery|eries|ed (?:output|production))",
    "separation": r"separat(?:ion|ing|ed)",
    "smelting": r"smelt(?:ing|er|ers|ed)",
    "magnet making": r"magnet[- ](?:making|production|manufacturing|output)",
    "recycling": r"recycl(?:ing|ed)",
}
_STAGE_NAMED = {stage: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for stage, words in _STAGE_WORDS.items()}


def stages(text: str) -> set[str]:
    """The supply-chain stages ``text`` names, each by one name whatever words tell it ("extraction" is mining)."""
    return {stage for stage, pattern in _STAGE_NAMED.items() if pattern.search(text)}


_PREPOSITION_BEFORE = re.compile(r"\b(to|from|in|into|with|for|by|of|against|on)\s+(?:the\s+)?$", re.IGNORECASE)


def _named_as(text: str, groups: list[tuple[int, int]], *, grouped: bool) -> list[tuple[int, int]]:
    """The groups of minerals in ``text`` named as the one swapped in is: by group names ("heavy rare earths")
    when ``grouped``, else one by one ("terbium and dysprosium"); all the groups when none is."""
    spans = find_entities(text)["mineral"]

    def named_so(group: tuple[int, int]) -> bool:
        inside = [name for name, start, end in spans if group[0] <= start and end <= group[1]]
        return {name in MINERAL_GROUPS for name in inside} == {grouped}
    return [g for g in groups if named_so(g)] or groups


def _stage_words(text: str) -> str:
    """The one or two lower-case words, not function words, that open ``text`` after a mineral's name: the stage or
    product named with it (" refining", " ingots" in "tellurium ingots does ..."), else ""."""
    end = 0
    for n, match in enumerate(re.finditer(r"\s+([a-z][a-z-]+)\b", text)):
        if n == 2 or match.start() != end or match.group(1) in FUNCTION_WORDS:
            break
        end = match.end()
    return text[:end]


def _groups(text: str, spans: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """The (start, end) of each group of entities in ``text``: names joined by "and" or commas make one group, and
    so do names side by side ("rare earth magnets": one thing)."""
    groups: list[list[int]] = []
    for _, start, end in sorted(spans, key=lambda x: x[1]):
        if groups and re.fullmatch(r"(\s*(,|and|or|&)\s*)+|[ ]", text[groups[-1][1]:start]):
            groups[-1][1] = end
        else:
            groups.append([start, end])
    return [(start, end) for start, end in groups]


# the time the previous question asked of, named again ("that year", "the same month"), and a month's day
_SAME_TIME = re.compile(r"\b(?:that|the same|same) (?:year|month)\b|\b\d{1,2}(?:st|nd|rd|th)?\b", re.IGNORECASE)


# a yes-no question whose subject is a pronoun ("did it ...?", "are they ...?")
_YES_NO_OF_IT = re.compile(r"\s*(?:and\s+|so\s+|but\s+)?(?:did|does|do|is|was|were|are|has|have|had|will|would|can|"
                           r"could)\s+(?:it|they|that|this|he|she)\b", re.IGNORECASE)


def _elliptic(question: str) -> bool:
    """Whether a follow-up says little beyond the slot it swaps: names, years, months ("and the March one?")."""
    rest = _FILLER.sub("", question)
    for spans in find_entities(rest).values():
        for _, start, end in sorted(spans, key=lambda s: -s[1]):
            rest = rest[:start] + " " + rest[end:]
    rest = MONTH_WORD.sub(" ", YEAR.sub(" ", _without_shifts(rest)))
    rest = _SAME_TIME.sub(" ", rest)  # ("and on 25 December that year?": a day, of the same year)
    terms = content_terms(rest)
    if terms and re.match(r"\s*(?:who|whom|where|when|what|which|why|how)\b", rest, re.IGNORECASE):
        return False  # a question word with a verb of its own: "where does it make magnets?"
    if DEEDS_ASKED.search(rest) and POINTER.search(rest):
        return False  # what someone did about what was asked: "what is Freedonia doing about it?"
    if terms and _YES_NO_OF_IT.match(rest) and any(find_entities(_FILLER.sub("", question)).values()):
        return False  # a yes or no asked of what was named, with a verb of its own and a name: "did it name Norway?"
    return len(terms) <= 1


# a bare question word ("why?", "and when?", "how long?") asks the previous question again about another thing: it
# replaces that question's own adverbial question word ("When did Acme sign?" -> "Why did Acme sign?"), opens a
# yes-no question ("Did Acme sign?" -> "Why did Acme sign?") and stands for a subject's "who" ("Who signed the
# pact?" -> "When signed the pact?", read for its words); not "Which firm did Acme buy?", whose question word is the
# thing asked
_AUX = rf"(?:{AUXILIARY}|should)"
# a question's opening words up to the subject of its verb ("how is ", "what has the ", "in what ways does ")
_SUBJECT_OPENING = re.compile(rf"^\s*(?:(?:and|so)\s+)?(?:how|what|why|in what ways?)\s+{_AUX}\s+(?:the\s+)?",
                              re.IGNORECASE)
_BARE_WH = re.compile(r"^\s*(?:(?:and|so|but|ok|okay)\s*,?\s+)?(?:(since|starting|from|until|till)\s+(?=when\b))?"
                      r"(why|when|where|how(?:\s+(?:much|many|long|far|often))?)"
                      r"(?:\s*,?\s+(?:then|exactly|precisely|so|though|again|now|really))?\s*\??\s*$", re.IGNORECASE)
_LEADING_WH = re.compile(rf"^\s*(?:when|where|why|how(?: much| many| long| far| often)?)\s+(?={_AUX}\b)", re.IGNORECASE)
_YES_NO = re.compile(rf"^\s*(?={_AUX}\b)", re.IGNORECASE)
_WHO_DID = re.compile(rf"^\s*who\s+(?!{_AUX}\b)", re.IGNORECASE)


# a reply that opens an answer before the sentence saying why ("No. The price stayed above the floor.", "Probably
# not: ...")
# ("No. 18 of 2031 ..." opens with a number's abbreviation, not a reply)
_YES_NO_REPLY = re.compile(r"^(?:(?:yes|not quite|not yet|partly|correct|(?:probably|likely|apparently)(?: not)?)"
                           r"\s*[.,;:]|no\s*[,;:]|no\.(?!\s*\d))\s+(?=[A-Z0-9])",
                           re.IGNORECASE)
# a short follow-up about an amount the last answer told: its size ("why so high?", "how come it's that low?") or its
# change ("what caused the drop?", "why the jump?")
# ("differ so much" is how far things differ, not an amount told)
_DEGREE = re.compile(r"\b(?:so|that|this|such an?)\s+(?:high|low|big|small|large|many|few|cheap|expensive|steep|"
                     r"late|early)\b|\bthe\s+(?:drop|fall|rise|jump|spike|surge|slump|decline|increase|rally|crash|"
                     r"dip|plunge)\b", re.IGNORECASE)


def _wh_swap(question: str, previous: str) -> str | None:
    bare = _BARE_WH.match(question)
    if bare is None:
        return None
    lead = _LEADING_WH.match(previous) or _WHO_DID.match(previous)
    wh = re.sub(r"\s+", " ", bare.group(2)).capitalize()
    if bare.group(1):  # "starting when?": since when; "until when?"
        wh = "Until when" if bare.group(1).lower() in {"until", "till"} else "Since when"
    if lead is not None:
        return f"{wh} {previous[lead.end():]}"
    if _YES_NO.match(previous):
        rest = previous.strip()
        return f"{wh} {rest[:1].lower()}{rest[1:]}"
    return None


def _claim(question: str, previous: str, said: str) -> str:
    """What a bare "why?" after a yes-no question asks the reason for: the answer's claim, not the question's premise
    ("Is Acme still building its plant?" "Probably not: its chair said in May 2031 that the plant would not go ahead."
    "why?": why the plant would not go ahead), without its attribution; "" for other follow-ups."""
    bare = _BARE_WH.match(question)
    if bare is None or bare.group(2).lower() != "why" or not _YES_NO.match(previous):
        return ""
    claim = told(answer_lead(said)).strip().rstrip(".")
    if len(content_terms(claim)) < 2:
        return ""
    first = claim.split(maxsplit=1)[0]
    return claim[:1].lower() + claim[1:] if first.lower() in FUNCTION_WORDS else claim  # "the price ...", "Acme ..."


# a question asking who: its answer is a name ("who is building ...?", "which company makes ...?")
_WHO_LED = r"^\s*(?:(?:and|so|but)\s+)?who\b"
_ASKS_WHO = re.compile(_WHO_LED + r"|\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:company|firm|business|corporation|"
                       r"carmaker|automaker|manufacturer|maker|producer|miner|refiner|agency|bank|fund)\b",
                       re.IGNORECASE)


# a question asking for one country ("which country holds the most tin?")
_ONE_COUNTRY = re.compile(r"\b(?:which|what) (?:[\w-]+ )?(?:country|nation)\b", re.IGNORECASE)
# the thing a question ends on, after a determiner ("... get its first state loan?": "first state loan"), and a
# pronoun that may point at one thing
_OBJECT = re.compile(r"\b(?:its|their|the|his|her)\s+((?:[\w'-]+\s+){0,4}[\w'-]+)\s*\??\s*$", re.IGNORECASE)
_SINGULAR = re.compile(r"\b(?:it|that|this)\b", re.IGNORECASE)


# a question asked in the present or present perfect ("how big are ...?", "what's ...", "how much has it spent?"),
# and one asked of a past time ("did", "was", "then")
_NOW = re.compile(r"\b(?:is|are|isn't|aren't|has|have|hasn't|haven't|does|do|doesn't|don't)\b"
                  r"|\b(?:what|who|where|how|it|that|there)['\u2019](?:s|re)\b", re.IGNORECASE)
# ("since", "after that" without a date of their own count from the previous question's: "is Acme's tin selling
# better since?")
_THEN = re.compile(r"\b(?:did|didn't|was|wasn't|were|weren't|had|hadn't|then|at the time|that year|since|after that|"
                   r"afterwards?|later)\b(?!\s+(?:\w+\s+)?(?:19|20)\d{2}\b)", re.IGNORECASE)
# the time a question asks about, told at its end ("... mine in May 2029?", "... by 2031?"); not a date that names
# what it asks about ("the May 2029 ban", "China's 2031 quotas")
_DATE_PHRASE = re.compile(r"\s*\b(?:in|during|for|by|through|until|as of)\s+(?:(?:early|mid|late)[\s-]+)?"
                          r"(?:\d{1,2}\s+)?"
                          rf"(?:(?:{'|'.join(MONTHS)})\s+)?(?:19|20)\d{{2}}\b(?=\s*(?:[?.!,;]|$))", re.IGNORECASE)


# a date anywhere in a question ("the rules announced in October 2031 take effect", "signed on 3 May 2031")
_EVENT_DATE = re.compile(r"\s*\b(?:in|on|during|of)\s+(?:(?:early|mid|late)[\s-]+)?(?:\d{1,2}\s+)?"
                         rf"(?:(?:{'|'.join(MONTHS)})\s+)?(?:19|20)\d{{2}}\b", re.IGNORECASE)


def _undated(text: str) -> str:
    """A question without its dates: "how much did Acme mine in May 2029?" -> "how much did Acme mine?"."""
    return re.sub(r"\s*,?\s*([?.!])", r"\1", re.sub(r"\s+,", ",", _DATE_PHRASE.sub("", text))).strip()


def _whole_word(name: str) -> re.Pattern[str]:
    """A name as a whole word, in any case."""
    return re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)


def _resolve_text(question: str, previous: str, names: list[str],
                  said: str = "") -> tuple[str, str, dict[str, str], str, list[str]]:
    """(standalone text, focus, slots taken from the conversation, context, other readings) for one question."""
    # (one that leans on it only because what it names was named already, "who pays for the Japanese share?", is a
    # question of its own, read with the previous one; no slot of that one is swapped)
    own = not leans_on_conversation(question)
    if not previous or (own and not leans_on_conversation(question, f"{previous} {answer_lead(said)}")):
        return question, question, {}, "", []
    swapped = None if own else _wh_swap(question, previous)
    claim = _claim(question, previous, said) if swapped is not None else ""
    if claim:
        return f"Why {claim} ({previous.strip()})", f"Why {claim}", {"question": previous.strip()}, previous.strip(), []
    if swapped is not None:
        return swapped, swapped, {"question": previous.strip()}, "", []
    # a slot swap is for a bare follow-up ("and gallium?"); a question of its own that leans on "it" ("where does
    # it make its magnets?") is read with the previous question instead
    # ("then" is the earlier question's time, which a swap keeps: "and how many did Freedonia buy then?")
    pointing = (any(m.group(0).lower() != "then" for m in POINTER.finditer(question))
                or _THE_MINERAL.search(question) is not None)
    substituted = None if own or (pointing and not _elliptic(question)) else _substitute(previous, question)
    if substituted and substituted[0].lower() == previous.lower() and not _elliptic(question):
        # (a name swapped for itself, however it is typed, "how did tokyo respond?" after a question on Japan, is no
        # swap)
        substituted = None  # "and how big are its reserves?": a question of its own, read with the previous one
    if substituted:
        text, taken, alternatives = substituted
        if asks_when(text) and not set(taken) & {"year", "month", "date"}:
            # (a question asking when names its dates only to say which event it means: swapped to another subject,
            # they are the old one's, "when did the tin rules Norway announced in May 2029 take effect?" -> "and
            # zinc?" asks when the zinc rules took effect, announced whenever they were)
            text = _EVENT_DATE.sub("", text)
            alternatives = [_EVENT_DATE.sub("", alt) for alt in alternatives]
        return text, text, taken, "", alternatives
    focus = _FILLER.sub("", question).strip()
    # a follow-up asking one fact at a year of its own ("where did both stand by 2031?") asks the previous question
    # of that year, not of the previous one's: the conversation is read at the follow-up's year
    at_year = _AT_YEAR.findall(focus)
    if len(at_year) == 1 and question_type(focus) is QType.FACTOID and _asked_years(previous):
        moved = _substitute(previous, at_year[0])
        if moved is not None:
            previous = moved[0]
    if _NOW.search(question) and not _THEN.search(question):
        # a question of the present ("and how big are its reserves?", "who has funded it since?") asks about now,
        # not about the previous question's time ("... in 2029?"): the conversation is read without its dates
        previous = _undated(previous)
    told_lead = answer_lead(said) if _DEGREE.search(question) and len(content_terms(question)) <= 4 else ""
    if told_lead:  # "why so high?", "what caused the drop?": the amount the answer told is what is asked about
        previous = f"{previous.strip()} {told_lead}"
    # a question naming no subject after one asking who ("which company makes magnets?" -> "how many tonnes a
    # year?"): it asks about the one the answer named, as "it" would
    of_answer = (_ASKS_WHO.search(previous) is not None and not re.match(_WHO_LED, question, re.IGNORECASE)
                 and not entities_of(_FILLER.sub("", question)))
    # ... but a follow-up opening on a firm of its own ("and Bolt - where does it make them?") points "it" at that
    # firm (not one naming a firm further on: "what share does it keep beside Bolt?" is still about the last one)
    def holds(text: str, name: str) -> bool:
        return _whole_word(name).search(text) is not None

    opening = _FILLER.sub("", question)
    own_firm = next((e.name for e in entities_of(opening) if e.kind == "name"
                     and opening.lower().startswith(e.name.lower()) and not holds(previous, e.name)), None)
    if own_firm is not None:
        # (and the previous question it is read with is asked of that firm, in place of the first name it gives:
        # "how much has Bolt received?", not of a place it names after)
        firms = [(found.start(), e.name) for e in entities_of(previous)
                 if e.kind == "name" and (found := _whole_word(e.name).search(previous))]
        if firms:
            previous = _whole_word(min(firms)[1]).sub(own_firm, previous, count=1)
    if names and (POINTER.search(question) or of_answer) and own_firm is None:  # "Where did it build that?" after an
        # answer naming Acme
        # (a place the answer names is what "there" points at, not "it": "when did they ratify it?" after "... signed
        # in Reykjavik" is not about Reykjavik)
        there = re.search(r"\bthere\b", question, re.IGNORECASE) is not None

        # "it" may point at the thing the previous question ended on, which no name tells: "how much was it?" after
        # "when did Acme get its first state loan?" asks the loan's sum (a question saying anything of its own, "who
        # signed it?", is about what it says)
        thing = _OBJECT.search(previous)
        if (thing is not None and _SINGULAR.search(question) and not there and not content_terms(question)
                and not set(content_terms(thing.group(1))) <= set(content_terms(focus))):
            focus += " " + thing.group(1)
        candidates = [n for n in names if there or not _place(n)]
        if not there and _ONE_COUNTRY.search(previous):
            # "how much does it mine?" after "which country holds the most tin?": "it" is the country the answer
            # names first
            candidates = [n for n in names if _place(n)][:1] or candidates
        # the answer's subject that the previous question named too is what "it" most likely points at: the focus
        # names it ("how much can it make? Acme" after "who is Acme?" answered "Acme, formerly Bolt Works, ..."),
        # with the answer's other new names
        subject = next((n for n in candidates if holds(previous, n)), None)
        extra = ([] if not subject or holds(focus, subject) else [subject]) + [
            n for n in candidates if not holds(f"{focus} {previous}", n)]
        if extra:
            focus += " " + ", ".join(extra)
    return f"{focus} ({previous.strip()})", focus, {"context": previous.strip()}, previous.strip(), []


# a year a fact is asked at ("in 2031", "by 2031", "as of 2031"), not one opening or closing a span ("since 2031",
# "before 2031")
_AT_YEAR = re.compile(r"\b(?:in|by|for|during|as of|at the end of|at end-)\s*((?:19|20)\d\d)\b(?!\s*[-\u2013])",
                      re.IGNORECASE)


# a phrasal verb the notes write plainly: "when does the ban kick in?" is when it takes effect
_KICK_IN = re.compile(r"\b(kick|kicks|kicked|kicking)\s+in\b", re.IGNORECASE)
_TAKE_EFFECT = {"kick": "take effect", "kicks": "takes effect", "kicked": "took effect", "kicking": "taking effect"}


# who is in charge of something, as the notes write it: who oversees it ("which ministry is in charge of running the
# reserve?" asks which ministry oversees the reserve)
_IN_CHARGE = re.compile(r"(?:\s+(?P<past>was|were)|\s+(?:is|are)|['\u2019]s)\s+in charge of"
                        r"(?:\s+(?:carrying (?:(?P<object>it|them|this|that) )?out|implementing|running|enforcing|"
                        r"delivering|overseeing))?\b", re.IGNORECASE)


# a rule taken away, as the notes write it: suspended ("has Acme lifted its tin curbs?" asks whether Acme suspended
# them; the notes say what was suspended and which rules stayed in force)
_LIFTED = re.compile(r"\b(?:lift|scrap|drop|remove|rescind|revoke)(?P<ending>s|ed|ing|ped|ping|d)?\b"
                     r"(?=(?:\s+[\w'-]+){0,5}?\s+(?:controls?|bans?|restrictions?|curbs?|licensing|licen[cs]es?|"
                     r"quotas?|tariffs?|measures?|rules?|sanctions?|embargo(?:es)?)\b)", re.IGNORECASE)
_SUSPEND = {"": "suspend", "s": "suspends", "ed": "suspended", "d": "suspended", "ped": "suspended",
            "ing": "suspending", "ping": "suspending"}


# whether a rule applies now, asked in other words: "are the Acme rules really being applied at present?" is whether
# they are still in force (the notes tell what took effect, was suspended or stayed in force)
_IN_FORCE = re.compile(r"\b(?:(?:actually|really|still)\s+)?(?:being\s+(?:enforced|applied|implemented)|in\s+effect)"
                       r"(?:\s+(?:right\s+now|now|currently|today|at\s+present))?(?=\s*[?.!]?\s*$)", re.IGNORECASE)


# holidays on a fixed day, written as the notes write dates ("on Christmas Day 2031" -> "on 25 December 2031"); the
# movable ones (Easter, the Spring Festival) are left as asked: the maintained calendar library, holidays, pins
# python-dateutil below the version Chroma's Kubernetes client needs
_FIXED_HOLIDAYS = {"christmas eve": "24 December", "christmas day": "25 December", "christmas": "25 December",
                   "boxing day": "26 December", "new year's eve": "31 December", "new year's day": "1 January"}
_HOLIDAY = re.compile(r"\b(?:" + "|".join(h.replace("'", "['\u2019]") for h in _FIXED_HOLIDAYS) + r")\b",
                      re.IGNORECASE)


def _plainly(question: str) -> str:
    """A question with its phrasal verbs, its months, its fixed holidays and its asking whether a rule applies now
    written as the notes write them."""
    question = _HOLIDAY.sub(lambda m: _FIXED_HOLIDAYS[m.group(0).lower().replace("\u2019", "'")], question)
    question = _IN_FORCE.sub("still in force", question)
    question = _LIFTED.sub(lambda m: _SUSPEND[(m.group("ending") or "").lower()], question)
    question = _IN_CHARGE.sub(lambda m: (" oversaw" if m.group("past") else " oversees")
                              + (f" {m.group('object')}" if m.group("object") else ""), question)
    question = _by_country(question)
    return spell_months(_KICK_IN.sub(lambda m: _TAKE_EFFECT[m.group(1).lower()], question))


def _by_country(question: str) -> str:
    """A question naming a government by its capital ("what has Oslo done?") with the country's name, as the notes
    name it ("what has Norway done?"); a capital named as where something happened ("signed in Oslo") stays."""
    out, end = [], 0
    for country, start, stop in capitals_named(question):
        out += [question[end:start], country]
        end = stop
    return "".join(out) + question[end:]


# a word of talk that opens a turn and asks nothing ("ok, and in 2031?", "thanks. who paid?", "hmm so why?")
_INTERJECTION = re.compile(r"^\s*(?:ok(?:ay)?|right(?!\s+now\b)|great|thanks|thank you|cool|hmm+|got it|i see|"
                           r"alright|all right|sure|interesting|nice)\b\s*[,.!:;-]*\s*(?=\S)", re.IGNORECASE)


def without_interjection(question: str) -> str:
    """A turn without the word of talk it opens with ("ok and who paid?" -> "and who paid?")."""
    return _INTERJECTION.sub("", question, count=1)


def analyse(question: str, history: list[Turn] | None = None) -> ResolvedQuery:
    """The one analysis of a question, with the conversation so far (oldest turn first)."""
    question = without_interjection(question)
    previous = ""
    last_answer = ""
    for turn in history or []:  # resolve each earlier user turn in order, so chains of follow-ups work
        if turn.role == "user" and turn.content.strip():
            previous = _resolve_text(_plainly(without_interjection(turn.content.strip())), previous, [])[0]
            last_answer = ""
        elif turn.role == "assistant":
            last_answer = turn.content
    names = answer_names(last_answer) if last_answer else []
    text, focus, taken, context, alternatives = _resolve_text(_plainly(question), previous, names, last_answer)
    resolved = _resolved(question, text, focus, taken, context)
    resolved.alternatives = [_resolved(question, alt, alt, taken, context) for alt in alternatives]
    if taken:
        for reading in (resolved, *resolved.alternatives):
            reading.said = last_answer
    return resolved


# a question word asking for one fact ("when was it signed?", "who backed it?", "how large was the loan?", "what is
# the Bolt deal worth?"; "and how much in 2031?" after a trend asks for the trend's figure)
_FACT_ASKED = re.compile(r"^\s*(?:(?:and|but|so|also)\s*,?\s+)?"
                         r"(?:when|who|whom|whose|where|how (?:big|large|long|old)|"
                         r"(?:what|how much)(?:'s|\s+(?:is|was|are|were))\s+[^?]{1,60}?\bworth)\b", re.IGNORECASE)


def _resolved(question: str, text: str, focus: str, taken: dict[str, str], context: str) -> ResolvedQuery:
    # the type comes from what is asked now; a bare follow-up ("and in 2023?") keeps the earlier question's type, but
    # one asking for a fact in so many words does not ("when was it founded?" after "who are its members?")
    qtype = question_type(question)
    if (taken and qtype is QType.FACTOID and len(content_terms(_FILLER.sub("", question))) <= 3
            and not _FACT_ASKED.match(question)):
        qtype = question_type(text)
    since, until = _window(text, trend=qtype is QType.TREND)
    parts = question_parts(text) if not context else [focus, text]
    years = _years(text)
    if context and asks_when(question) and not YEAR.search(question):
        # a follow-up asking when something of the earlier question's subject happened ("when did it reopen?"
        # after "what did Acme invest in 2031?") asks a time of its own: the earlier year dated another event
        years = []
    return ResolvedQuery(question=question, text=text, focus=focus, qtype=qtype, entities=entities_of(text),
                         years=years, since=since, until=until, parts=parts, from_history=taken,
                         context=context, asks_for=asks_for(focus), excluded=excluded_names(focus),
                         # (or its opening part asks it: "what is Project Acme, and who runs it?")
                         defines=defined_term(focus) or (defined_term(parts[0]) if len(parts) > 1 and not context
                                                          else ""))
