"""The factoid plan: the sentence that holds the answer first, then at most ``supporting`` sentences."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from ...figures import (
    MONTHS,
    NUMBER_WORDS,
    amounts,
    asks_price,
    days_named,
    mass_systems,
    measure_asked,
    month_years,
    paid_verb,
    states_measure,
    states_share,
    sum_by,
    told,
    told_years,
    without_unit_prices,
    years,
)
from ...lexicon import (
    FUNCTION_WORDS,
    GENERIC,
    GROUPINGS,
    PLACES,
    find_entities,
    mentions,
    mineral_families,
    minerals_named,
    names_of_kind,
    verb_forms,
)
from ..abstain import (
    Gate,
    event_years,
    gap_on_earlier_question,
    leaves_open,
    names_swapped,
    source_years,
    strength,
    tells_count,
)
from ..evidence import Evidence, asks_duration, attributed_to, states_span
from ..query import (
    SPEECH_ASKED,
    QType,
    ResolvedQuery,
    asks_locality,
    asks_when,
    asks_where,
    asks_which,
    asks_who,
    proper_names,
)
from ..tables import Table
from .base import PlanBase
from .shapes import Plan, TablePick

_SAID = r"(?![^,.;]{0,40}\b(?:said|says|reported|wrote|noted|stated|announced|added|told|argued)\b)"
# "what did the review find?", "what has the G20 agreed?": a deed of the subject asked, by its verb
_WHAT_DID = re.compile(r"^\s*what\s+(?:did|does|do|has|have|had|will|would)\s+(?P<subject>[^?]{2,60}?)\s+"
                       r"(?P<verb>[a-z]{3,})(?:\s+(?:on|about|over|regarding|for|to)\b[^?]{1,60})?\s*\??\s*$",
                       re.IGNORECASE)
_SPOKE = re.compile(r"\b(?:announced|said|stated|confirmed|reported|disclosed)\b")
# "what quota did Acme set?", "which cap applies?": a figure asked for by the name of what it measures
_AMOUNT_HEAD = re.compile(r"(?:^|[,;:]\s*)(?:(?:and|so|but)\s+)?(?:what|which)\s+(?!(?:kinds?|types?|sorts?)\s+of\b)"
                          r"(?:[\w-]+\s+){0,2}?(?:quotas?|caps?|ceilings?|tariffs?|dut(?:y|ies)|levy|levies|fees?|"
                          r"fines?)\b(?!\s+(?:rules?|system|regimes?|polic(?:y|ies)|laws?|decisions?|of|on)\b)",
                          re.IGNORECASE)
# "what replaced the Acme council?", "who succeeded Norway?": who or what did a deed (a verb in the past) to a thing
# named after it (not what happened, which is no deed done to it)
_DOER_ASKED = re.compile(r"^\s*(?:(?:and|so|but)\s+)?(?:what|who|which\s+[\w-]+)\s+(?!happened\b)"
                         r"(?P<verb>[a-z]{3,}ed)\s+(?P<object>[^?,;]{2,60})", re.IGNORECASE)
# where the thing a deed was done to ends ("the Acme council | after 2030", "the meeting | where ...")
_CLAUSE_END = re.compile(r"\b(?:after|before|in|on|at|by|for|from|since|than|during|with|where|when|which|that|"
                         r"and|or|to)\b", re.IGNORECASE)
# a decade told as a time ("since the 1990s")
_DECADE = re.compile(r"\b(?:1[89]|20)\d0s\b")


def defines(text: str, term: str) -> bool:
    """Whether a sentence says what ``term`` is: "Acme, a state refiner,", "Acme is a ...", "the Alliance for Metals
    (AFM)", "a reserve called Acme" (not "..., the ministry said": an attribution is no apposition)."""
    name = r"\s+".join(map(re.escape, term.split()))
    return bool(re.search(
        rf"\b{name}\b,\s+(?:an?|the)\s+{_SAID}|\b{name}\s+(?:is|was|are|were)\s+(?:an?|the)\s"
        rf"|[A-Za-z][\w-]+(?:\s+[\w-]+)+\s+\({name}\)|\b(?:called|named|known as|dubbed)\s+(?:the\s+)?{name}\b",
        text, flags=re.IGNORECASE))


def of_country(text: str, term: str) -> bool:
    """Whether a sentence tells whose ``term`` is, by its country ("Acme's Bolt Metals", "the Acme miner Bolt"): less
    than saying what it is, more than naming it."""
    name = r"\s+".join(map(re.escape, term.split()))
    for _, _, end in find_entities(text)["country"]:
        match = re.match(rf"(?:'s)?\s+((?:[a-z][\w-]*\s+){{0,3}}){name}\b", text[end:])
        # (the words between name what it is, "miner", "rare earth producer"; not a verb or a function word:
        # "Acme renewed Bolt's licence", "Acme's licence for Bolt")
        if match and not any(w in FUNCTION_WORDS or w.endswith("ed") for w in match.group(1).split()):
            return True
    return False


# the head nouns of a question asking for a country or a mineral by its name ("which nation ...?", "which metal ...?")
_KIND_NOUNS = {"country": re.compile(r"\b(?:countr(?:y|ies)|nations?|economy|economies)\b", re.IGNORECASE),
               "mineral": re.compile(r"\b(?:minerals?|metals?|elements?|commodity|commodities)\b", re.IGNORECASE)}
# who does most of something ("who makes most of the world's tin?", "who controls the bulk of smelting?")
# (not who holds "the majority stake" of one venture: a sentence giving the stakes tells that)
_MOST_OF = re.compile(r"\b(?:most|the bulk|the lion's share) of\b", re.IGNORECASE)
# a question asking to be told names ("name the chair", "who are they?")
_NAME_ASKED = re.compile(r"\bname (?:its|their|the|his|her|both|each|all)\b", re.IGNORECASE)
# a question whose answer is a country or a place ("which country mines most after Acme?", "where ...?")
_ASKS_PLACE = re.compile(r"\b(?:which|what) (?:other )?(?:countr(?:y|ies)|nations?|states?|economies|economy|places?|"
                         r"regions?)\b|\bwhere\b|\bwho\b", re.IGNORECASE)


# a place a question puts what it asks about in ("who makes magnets in Acme?"): there, the answer is in that country
_IN_PLACE = re.compile(r"\b(?:in|within|inside)\s+(?:the\s+)?$", re.IGNORECASE)


def _located(focus: str) -> bool:
    """Whether a question asks who or where within a country it names ("who mines tin in Acme?", "where in Acme is
    indium refined?"), so a sentence on that country answers it; "who mines more than Acme?" asks for another."""
    return any(_IN_PLACE.search(focus[:start]) for _, start, _ in find_entities(focus)["country"])


# minerals at large ("30 critical minerals", "nonfuel mineral commodities", "raw materials")
_AT_LARGE = re.compile(r"\b(?:minerals|mineral commodities|raw materials)\b", re.IGNORECASE)

# other minerals a sentence names beside those asked that make it a sentence on a group of them
_GROUP = 3
# an amount asked for in no particular unit
# "how many sites ...?": a count of things named by a plural noun
# ("how many tin smelting sites did ...?": the last word before the verb names them)
# ... or of those on a topic ("how many of them deal with recycling?": "12 recycling")
_COUNT_ASKED = re.compile(r"\bhow many (?:[a-z][a-z-]* ){0,3}?(?P<things>[a-z][a-z-]+s)(?=\s+(?:did|do|does|is|are|was|"
                          r"were|has|have|had|will|would|can|could)\b|\s*[?,]|\s*$)|"
                          r"\bhow many (?:of (?:them|those|these) )?(?:deal with|involve|cover|concern|target|focus on|"
                          r"are about|are for) (?P<topic>[a-z][a-z-]+)\s*[?,]", re.IGNORECASE)
_DURATION_WORDS = re.compile(r"(?:years|months|weeks|days|hours|decades|times)$", re.IGNORECASE)
_HOW_MUCH = re.compile(r"\bhow (?:much|large|big|high)\b", re.IGNORECASE)
# "how much does Acme produce?" in no unit asks for an output, a mass ("how much of its tin does Acme export?" asks
# for a share, "how much did Acme invest?" for a sum)
_OUTPUT_ASKED = re.compile(r"\bhow much\b(?!\s+of\b)[^?]{0,80}?\b(?:produce[sd]?|mine[sd]?|refine[sd]?|separate[sd]?|"
                           r"extract(?:s|ed)?|output)\b", re.IGNORECASE)

# a sentence on output ("Acme produced 90 t", "mine output", "refined 40 t"), not only on trade
_TELLS_OUTPUT = re.compile(r"\b(?:produc\w*|output|mine[drs]?|miners|mining|refin\w*|separat\w*|extract\w*|smelt\w*)\b",
                           re.IGNORECASE)
# words that tell when, not what ("two years earlier", "still", "now")
_TIME_WORDS = re.compile(r"\b(?:years?|months?|days?|weeks?|earlier|later|before|after|since|ago|previous|prior|next|"
                         r"following|now|still|today|currently|current|latest|recently|recent|one|two|three|four|five|"
                         r"six|seven|eight|nine|ten)\b", re.IGNORECASE)
# a cell that is a date and nothing else: a table row's period ("May 2029", "3 May 2029")
_PERIOD = re.compile(rf"(?:\d{{1,2}}\s+)?(?:{'|'.join(MONTHS)})\s+(?:19|20)\d{{2}}", re.IGNORECASE)
# "when did Acme first ...?", "when was the earliest ...?": the earliest time asked for
_FIRST = re.compile(r"\b(?:first|earliest|initially|originally)\b", re.IGNORECASE)
# a question on when something starts ("when does the ban take effect?", "starting when?") ...
_ASKS_START = re.compile(r"\b(?:start\w*|begin\w*|began|commenc\w*|take effect|takes effect|took effect|"
                         r"effective|(?:starting|from) when)\b", re.IGNORECASE)
# ... and a sentence telling when something starts: a start word, then a year ("runs from the third quarter of 2029",
# "took effect on 1 May 2030", "starting in 2031", "expects to start in 2032")
_TELLS_START = re.compile(r"\b(?:from|starting|beginning|effective|took effect|takes effect|began|begins|starts|"
                          r"started|(?:to|will|would) (?:start|begin)|commenc\w*)\b[^.;]{0,40}?\b(?:19|20)\d{2}\b",
                          re.IGNORECASE)


# a people's adjective after a word of trade or reliance ("a ban on Ruritanian tin", "tariffs against Ruritanian
# goods", "reliance on Ruritanian supply"): where goods come from
_ORIGIN_BEFORE = re.compile(r"\b(?:on|against|from|of|for)\s+(?:(?:the|all|any)\s+)?$", re.IGNORECASE)


def _origin_only(question: str) -> bool:
    """Whether each country a question names is named only as the origin of goods, by its people's adjective after
    "on", "against", "from", "of" or "for" ("when does the ministry's ban on Ruritanian tin start?")."""
    spans = find_entities(question)["country"]
    return bool(spans) and all(question[s:e].lower() != name.lower()
                               and re.fullmatch(r"[A-Z][a-z]+(?:ese|ian|an|ish|i|ic)", question[s:e]) is not None
                               and _ORIGIN_BEFORE.search(question[:s]) is not None for name, s, e in spans)


# one of a series by its place, before what it is the place of ("the second call", "its 3rd round"; not "first"
# alone, which mostly tells when: "when did Acme first smelt tin?")
_ORDINAL = re.compile(r"\b(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|2nd|3rd|[4-9]th|10th)\s+"
                      r"(?!(?:of|and|or|in|on|at|to|for|time|times)\b)[a-z]", re.IGNORECASE)
# the first of a series ("the first call", "its 1st round", "the initial tender")
_FIRST = re.compile(r"\b(?:first|1st|initial|inaugural|opening)\b", re.IGNORECASE)
_ORDINAL_DIGITS = {"2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth", "6th": "sixth",
                   "7th": "seventh", "8th": "eighth", "9th": "ninth", "10th": "tenth"}


def _names_ordinal(text: str, ordinal: str) -> bool:
    """Whether a text names a place in a series, in words or in digits ("second" or "2nd")."""
    word = _ORDINAL_DIGITS.get(ordinal.lower(), ordinal.lower())
    digits = next((d for d, w in _ORDINAL_DIGITS.items() if w == word), word)
    return re.search(rf"\b(?:{word}|{digits})\b", text, re.IGNORECASE) is not None


# a yes-no question on whether something changed ("did Acme cut its tin imports?", "has the share fallen?")
_ASKS_CHANGE = re.compile(r"^\s*(?:did|has|have|was|were|is|are|does|do)\b.*\b(?:cut|cuts|reduc\w+|lower\w*|rais\w+|"
                          r"increas\w+|grow\w*|grew|shr[iu]nk\w*|f[ae]ll\w*|fallen|drop\w*|ris\w+|rose|declin\w+|"
                          r"eas\w+|halv\w+|doubl\w+|diversif\w+)\b", re.IGNORECASE)
# ... and a sentence telling one in figures: "from 90% to 60%", "fell to 60%", "down from 90%"
_TELLS_CHANGE = re.compile(r"\bfrom\s+(?:about\s+|around\s+)?\d[\d.,]*\s*(?:%|per ?cent)?[^.;]{0,30}?\bto\s+"
                           r"(?:about\s+|around\s+)?\d|\b(?:fell|dropped|declined|rose|climbed|grew|halved|doubled)"
                           r"\s+(?:to|by)\s+(?:about\s+|around\s+)?\d|\b(?:down|up)\s+from\s+\d", re.IGNORECASE)
# a yes-no question on whether something belongs to a set ("is tin covered by the rules?", "are they on the list?")
_MEMBERSHIP_ASKED = re.compile(r"^\s*(?:are|is|was|were|does|do|did)\b.*\b(?:covered|cover|included|include|"
                               r"on the list|listed|among|part of|subject to|an? members? of|"
                               r"signator(?:y|ies) (?:of|to))\b", re.IGNORECASE)
# how many names of a kind make a sentence a listing of the set
_LISTING = 3


def _earliest(text: str) -> tuple[int, int]:
    """The earliest (year, month) a text names; a year named without a month counts as its end (month 13)."""
    named = [(int(y), MONTHS[m]) for m, y in (my.split() for my in month_years(text))]
    named += [(int(y), 13) for y in years(text) if not any(int(y) == year for year, _ in named)]
    return min(named, default=(9999, 13))


# the words that give a source before its name ("per the Acme Wire Service", "as relayed by Acme Weekly")
_SOURCE_CUE = r"(?:per|according to|citing|(?:as\s+)?(?:reported|relayed|told|said|carried|quoted)\s+by)"
# what a label sets apart from itself ("Asia excluding Freedonia", "rest of world outside Freedonia")
_EXCEPTED = re.compile(r"\b(?:excluding|except(?: for)?|outside|other than|ex-)\s*[^,;|]*"
                       r"|\b(?-i:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*),?\s+(?:excluded|aside)\b", re.IGNORECASE)


def _of_others(text: str, kind: str, names: set[str]) -> bool:
    """Whether a text names things of ``kind``, none of them ``names``: a row or sentence on another country."""
    return bool(names_of_kind(text, kind)) and not any(mentions(text, n) for n in names)


class FactoidPlan(PlanBase):
    """Answers a factoid: the answering sentence, its support, and a table's rows where they answer."""

    def factoid(self, query: ResolvedQuery, evidence: list[Evidence]) -> Plan:
        ranked = sorted(evidence, key=lambda e: -e.score)
        # (a follow-up is not answered by the notes' word that the record stops on what the question before it asked,
        # which scores well on the conversation: "no source named who chairs it now" for "when was it set up?")
        ranked = [e for e in ranked if not gap_on_earlier_question(query, e.text, self.tokens)] or ranked
        if not ranked:
            return Plan(QType.FACTOID)
        best = ranked[0].score
        # (the least a supporting sentence scores, whatever the best)
        support_floor = self.s.abstain_threshold * 0.9
        chosen: list[Evidence] = []
        rows = self._rows(evidence)

        asked = {kind: set(query.names(kind)) for kind in ("country", "mineral")}
        excepted = " ".join(m.group(0) for m in _EXCEPTED.finditer(f"{query.question} {query.text} {query.context}"))
        places = set() if any(mentions(excepted, c) for c in asked["country"]) else asked["country"]

        def off_subject(ev: Evidence) -> bool:
            """A sentence about other minerals only ("lithium" for a question on gallium) supports nothing asked."""
            named = set(minerals_named(ev.text))
            return bool(asked["mineral"] and named) and not named & asked["mineral"] and not any(
                mentions(ev.text, m) for m in asked["mineral"])

        def other_row(ev: Evidence) -> bool:
            """A table row whose labels name another country (or mineral) than those asked: its figure is theirs."""
            if ev not in rows:
                return False
            table, row = rows[ev]
            labels = table.labels(row)
            if any(names and _of_others(labels, kind, names) for kind, names in asked.items()):
                return True
            # (nor a row not naming the firm a follow-up swapped in: after "and Bolt?", Acme's row is Acme's)
            firms = [name for kind, name in query.swapped if kind == "name"]
            if firms and not any(mentions(labels, name) for name in firms):
                return True
            # (nor is a row of a table by place that has a row of its own for the place asked: "Rest of world" or
            # "Asia excluding Freedonia" beside "Freedonia"; unless the question sets the place apart itself, "and
            # Asia outside Freedonia?")
            return bool(places) and not of_asked(table.row_name(row)) and by_place(table)

        def of_asked(text: str) -> bool:
            return any(mentions(_EXCEPTED.sub(" ", text), c) for c in places)

        @functools.cache
        def by_place(table: Table) -> bool:
            """Whether a table's rows are mostly places, one of them the place asked."""
            names = [table.row_name(r) for r in table.rows]
            return any(of_asked(n) for n in names) and sum(bool(names_of_kind(n, "country")) for n in names) * 2 >= len(
                names)

        # (a question asking who or which, or to name them, is answered by names: two new ones are news)
        names_asked = asks_who(query.focus) or asks_which(query.focus) or _NAME_ASKED.search(query.focus) is not None

        def take(ev: Evidence) -> bool:
            if ev in chosen or self._redundant(ev, chosen, names=names_asked) or other_row(ev):
                return False
            if chosen and off_subject(ev):
                return False
            # table rows are long and alike: two from one table are enough
            if ev in rows and sum(1 for c in chosen if c in rows and c.hit.chunk_id == ev.hit.chunk_id) >= 2:
                return False
            chosen.append(ev)
            return True

        def lead_with(wanted: Callable[[Evidence], bool], floor: float | None = None) -> None:
            """First the best sentence ``wanted`` picks, of those answering nearly as well as the best (or at least
            ``floor``)."""
            # (a floor is met as the gate's bar is, by how well a sentence answers any reading of the question: a
            # follow-up asking anew is read by its own words too)
            def close(e: Evidence) -> bool:
                return e.score >= self.s.relative_cutoff * best if floor is None else strength(e) >= floor
            pick = next((e for e in ranked if close(e) and wanted(e)), None)
            if pick is not None:
                take(pick)

        def on_country(e: Evidence) -> bool:
            """A sentence naming a country the question asks about."""
            return any(mentions(e.text, c) for c in asked["country"])

        # (the question's own years, not those it gives its source: "per its minister in May 2031")
        dated = set(query.own_dated) - source_years(query.focus)
        # (a month asked, "how much in May 2029?", is told only by a sentence naming that month: "90 t in 2029" is
        # the year's, "down from 2029 levels" a comparison)
        months = {m for m in month_years(query.focus) if m.split()[-1] in dated}

        # (a year naming a deal, "its 2029 loan", is met by a sentence dated only by who spoke: "the ministry said in
        # May 2029 that Acme would get ...")
        struck = dated & event_years(query.focus)

        # (... and a day asked, "what did Acme announce on 3 May 2029?", only by a sentence naming that day)
        days = {d for d in days_named(query.focus) if d.split()[-1] in dated}

        def of_dated(e: Evidence) -> bool:
            if days:
                return bool(days & days_named(told(e.text)))
            if months:
                return bool(months & month_years(told(e.text)))
            return bool(dated & told_years(e.text)) or bool(struck & years(e.text))

        def of_month(e: Evidence) -> bool:
            """Of the month asked, if one is: a table row by its period cell ("May 2029", not a change "+8% from May
            2029" in a row for June), a sentence by the months it tells."""
            if not months:
                return True
            if e in rows:
                cells = rows[e][1].cells
                return bool(months & {m for c in cells if _PERIOD.fullmatch(c.strip()) for m in month_years(c)})
            return of_dated(e)

        # a question asking who is answered by the close sentence sharing most of its words (below); asked of a
        # year, by such a sentence telling of the year asked ("which minister flew to Oslo in May 2031?"), before the
        # rules for a kind asked ("which minister": "the Prime Minister ..."), a country or a year would lead with
        # another
        who = asks_who(query.focus) and not query.swapped
        # (a follow-up's own words, not the names its answer gave that were added to say what "it" is)
        own = self._plain_words(query.focus.split("?")[0] if query.from_history else query.focus) if who else set()

        def shared(e: Evidence) -> tuple[int, float]:
            words = own & set(self.tokens(told(e.text)))
            return len(words), sum(self.idf(t) for t in words)
        if who and dated:
            dated_close = [e for e in ranked if e.score >= self.s.relative_cutoff * best and not other_row(e)
                           and e not in rows and of_dated(e)]
            most = max(dated_close, key=lambda e: (*shared(e), e.score), default=None)
            if most is not None and shared(most)[0] > shared(ranked[0])[0]:
                take(most)
        # a question naming the source it wants the answer from ("per the Acme Wire Service, ..."): first the best
        # close sentence that source states (before the rules below, which would lead with another's)
        wanted = [n for n in query.names("name", "organisation")
                  if re.search(rf"\b{_SOURCE_CUE}\s+(?:the\s+)?{re.escape(n)}\b", query.question, re.IGNORECASE)
                  and any(attributed_to(e, n) for e in ranked)]
        if not chosen and wanted:
            def stated(e: Evidence) -> bool:  # (by its source, or in its own words: "Acme Weekly reported ...")
                return not other_row(e) and any(attributed_to(e, n) or mentions(e.text, n) for n in wanted)
            # (of those, one on the country asked about, if one is: "how long do mines take in Freedonia, per X?")
            if asked["country"]:
                lead_with(lambda e: stated(e) and on_country(e))
            if not chosen:
                lead_with(stated)
        # "what is X?": first the best close sentence that says what X is
        if query.defines and not chosen:
            lead_with(lambda e: e not in rows and defines(e.text, query.defines))
            if not chosen:
                lead_with(lambda e: e not in rows and of_country(e.text, query.defines))
        # "under which law did Acme ...?": first the best close sentence naming what the question word asks for
        # (a law), when the best does not
        # (a country or a mineral is named by its name: "which country holds the most tin?" is answered by a sentence
        # naming Ruritania, not by a table row whose caption says "by country")
        if not chosen and asks_which(query.focus):
            heads = Gate.head_words(query)
            kind_asked = {t for w in heads for t in self.tokens(w)}
            of_kind = next((kind for kind, noun in _KIND_NOUNS.items() if noun.search(" ".join(heads))), "")

            def names_asked(e: Evidence) -> bool:
                return bool(kind_asked & set(self.tokens(e.text))
                            or of_kind and names_of_kind(told(e.text), of_kind))
            if kind_asked and not names_asked(ranked[0]):
                lead_with(lambda e: not other_row(e) and names_asked(e))
        # "where ...?", "in which town ...?": first the best close sentence naming a place (for a town, a city or a
        # province, a place within a country; else a country will do), which the best may not ("Acme's plant is
        # financed by a US$9 million loan" for "where is the plant the loan pays for?")
        if not chosen and asks_where(query.focus):
            # (a place the conversation names already is where the question starts from, not its answer: "where is
            # the Odda mine?" is not told by "the Odda mine spilled waste", nor "where do the rest come from?" after
            # Ruritania's own share by a sentence naming only Ruritania)
            known = PLACES.places_in(query.text) | names_of_kind(query.text, "country")

            def placed(e: Evidence) -> bool:
                text = told(e.text)
                return bool(PLACES.places_in(text) - known) or (
                    not asks_locality(query.focus) and bool(names_of_kind(text, "country") - GROUPINGS - known))
            lead_with(lambda e: not other_row(e) and placed(e))
            # ... else the best sentence past the gate's bar naming what is asked after by its proper name and a new
            # place ("the Odda mine, in Vestland"), however far below the best it answers (the best may tell what
            # happened there at length and name no place)
            # (a country is where, not what: "where do US firms make magnets?")
            proper = [p for p in proper_names(query.focus) if not names_of_kind(p, "country")]
            if not chosen and proper:
                lead_with(lambda e: not other_row(e) and placed(e) and all(mentions(e.text, p) for p in proper),
                          floor=self.s.abstain_threshold)
        # "who makes most of the world's tin?": first the best close sentence giving a country's or a firm's share,
        # where the best tells what most of something is ("solder makes up most tin use") and names no maker
        if not chosen and asks_who(query.focus) and _MOST_OF.search(query.focus):
            def holds_share(e: Evidence) -> bool:
                text = told(e.text)
                return states_share(text) and bool(names_of_kind(text, "country") | names_of_kind(text, "name"))
            if not holds_share(ranked[0]):
                lead_with(lambda e: not other_row(e) and e not in rows and holds_share(e))
        # a follow-up read with the previous question that names a firm or body of its own ("and when does Bolt
        # Metals start casting?" after a question on Acme's smelter), when the best sentence, close to the
        # conversation, names none of them: first the best close sentence naming one (telling when, if asked when)
        fresh = [n for n in query.names("organisation", "name")
                 if query.context and mentions(query.question, n) and not mentions(query.context, n)]
        if not chosen and fresh and not any(mentions(ranked[0].text, n) for n in fresh):
            def names_fresh(e: Evidence) -> bool:
                return not other_row(e) and any(mentions(e.text, n) for n in fresh)
            def tells_time(e: Evidence) -> bool:
                if _ASKS_START.search(query.focus):
                    return _TELLS_START.search(told(e.text)) is not None
                return bool(told_years(e.text))
            if asks_when(query.focus):
                lead_with(lambda e: names_fresh(e) and tells_time(e))
            if not chosen:
                lead_with(names_fresh)
        # a yes-no question on a change ("did Acme cut its reliance on tin imports?"), whose best sentence tells no
        # change in figures: first the best close sentence that does ("its share fell from 90% to 60%")
        if not chosen and _ASKS_CHANGE.match(query.focus) and not _TELLS_CHANGE.search(told(ranked[0].text)):
            lead_with(lambda e: not other_row(e) and _TELLS_CHANGE.search(told(e.text)) is not None)
        # a question naming one of a series by its place ("how many tenders reached the third round?"), when the best
        # sentence names no such place (it may be on the first call): first the best close sentence naming it
        ordinal = _ORDINAL.search(query.focus)
        if not chosen and ordinal and not _names_ordinal(ranked[0].text, ordinal.group(1)):
            lead_with(lambda e: not other_row(e) and _names_ordinal(e.text, ordinal.group(1)))
        # ... and one asking of the first ("the very first call"), when the best sentence tells of a later one of the
        # kind the question names ("the second call closed in May"): first the best sentence past the gate naming the
        # first of that kind and no later one (it may answer far less closely: its words are the other's)
        best_told = told(ranked[0].text)
        later = (_ORDINAL.search(best_told) if not chosen and _FIRST.search(query.focus)
                 and not _FIRST.search(best_told) else None)
        # (the kind: the words after the ordinal the question uses too, not names, "second indium tender": tender)
        after = best_told[later.end() - 1:].split()[:3] if later else []
        kinds = [w for w in (re.sub(r"\W+$", "", w).lower() for w in after) if w not in FUNCTION_WORDS
                 and not any(find_entities(w).values()) and re.search(rf"\b{re.escape(w)}", query.focus, re.IGNORECASE)]
        if kinds:
            def of_first(e: Evidence) -> bool:
                text = told(e.text)
                named = all(re.search(rf"\b{re.escape(k)}", text, re.IGNORECASE) for k in kinds)
                return named and _FIRST.search(text) is not None and _ORDINAL.search(text) is None
            lead_with(lambda e: not other_row(e) and of_first(e), floor=self.s.abstain_threshold)
        # a question on a country whose best sentence tells of others only ("Bolt mined 20 t" for "how much did Acme
        # mine?"), or of no country where it is not about the one asked by its heading or its note's title (the world's
        # 90 t): first the best close sentence naming the country asked about (unless a country is the answer), of
        # the year asked where one tells of it ("how much did Acme mine in 2029?": not Acme's share in 2030)
        # (not a country named only as where goods come from, "the ministry's ban on Ruritanian tin": the ban is
        # what is asked about, and a sentence on it need not name Ruritania)
        if (asked["country"] and not chosen and not _origin_only(query.focus)
                and (not _ASKS_PLACE.search(query.focus) or _located(query.focus))
                and (_of_others(best_told, "country", asked["country"])
                     or (not names_of_kind(best_told, "country")
                         and not any(mentions(ranked[0].context, c) for c in asked["country"])))):
            if dated:
                lead_with(lambda e: not other_row(e) and on_country(e) and of_dated(e))
            if not chosen:
                lead_with(lambda e: not other_row(e) and on_country(e))
        # a question on a mineral whose best sentence tells of other minerals ("Acme's tin mine" for "who mines indium
        # in Acme?", even in a note on indium) or, asked for an amount, of a group of them ("the average share for
        # tin, zinc, lead and indium"), or of minerals at large and is not about one asked by its heading or its
        # note's title ("Acme imports most of 30 critical minerals" for "how much indium does Acme import?"): first
        # the best close sentence about one asked
        amount_of_one = len(asked["mineral"]) == 1 and bool(measure_asked(query.focus)
                                                            or _HOW_MUCH.search(query.focus))

        def of_group(text: str) -> bool:
            """A sentence whose figure may be the group's (asked of one mineral's amount or share)."""
            return amount_of_one and len(set(minerals_named(text)) - asked["mineral"]) >= _GROUP

        # (not when the question asks which minerals of a group asked and those the best sentence names are of it:
        # "which rare earths did Acme add?" is answered by "Acme added holmium and erbium")
        members = query.asks_for == "mineral" and bool(minerals_named(best_told)) and mineral_families(
            minerals_named(best_told)) <= mineral_families(asked["mineral"])
        if (asked["mineral"] and not chosen and not query.swapped and not members
                and (_of_others(best_told, "mineral", asked["mineral"]) or of_group(best_told)
                     or (_AT_LARGE.search(best_told)
                         and not any(mentions(ranked[0].context, m) for m in asked["mineral"])))):
            def on_mineral(e: Evidence) -> bool:
                return (not other_row(e) and any(mentions(e.context, m) for m in asked["mineral"])
                        and not _of_others(told(e.text), "mineral", asked["mineral"]) and not of_group(told(e.text)))
            # (of those, first one naming only minerals asked, by those very names: "rare earths", not "heavy rare
            # earths" nor "rare earths and tin")
            lead_with(lambda e: on_mineral(e) and set(minerals_named(told(e.text))) <= asked["mineral"]
                      and bool(minerals_named(told(e.text))))
            if not chosen:
                lead_with(on_mineral)
        # a question on a year whose best sentence tells of other years only ("Acme mined 90 t in 2031" for "how much
        # did Acme mine in 2029?"): first the best close sentence telling of the year asked (outside its attribution:
        # "a review of 3 May 2029 said" tells of no 2029)
        if dated and not chosen and not of_dated(ranked[0]):
            # (of those, first one on the country asked: "how much did Acme mine in 2029?" wants Acme's 2029, not
            # Bolt's)
            # (a follow-up read with the previous question and naming a year of its own, "what had it fallen to by
            # 2031?", matches the answer just given best: a row of the year asked, worded otherwise, may trail it far;
            # it needs only the floor of a supporting sentence)
            floor = support_floor if query.context else None
            # (a follow-up swapping a name, "and Bolt?" after "what did Acme get in May 2029?", asks of that name: a
            # sentence of the month asked on Acme answers the question before; Bolt's of another month is for below)
            # (a question asking how long, "how long did the 2029 permits take?", is answered by a sentence stating
            # a span: one telling of the year alone does not answer it)
            spans = asks_duration(query.focus)

            def of_dated_asked(e: Evidence) -> bool:
                return (not other_row(e) and of_dated(e) and (not query.swapped or names_swapped(query.swapped, e))
                        and (not spans or states_span(e.text)))
            if asked["country"]:
                lead_with(lambda e: of_dated_asked(e) and on_country(e), floor)
            if not chosen:
                lead_with(of_dated_asked, floor)
        # a question asking when, whose best sentence tells of no time outside its attribution ("the review said in
        # May 2030 that Acme's ban still held"): first the best close sentence that tells when something happened
        # (what the question's own subject announced tells when it happened: "Acme announced on 2 May 2030 that it
        # had poured its first indium")
        actors = query.names("organisation", "name")
        # a follow-up naming nothing of its own is on what the conversation is about: a sentence leading it instead of
        # the best one is of the best one's note or names what the conversation names (a start asked of the reserve
        # just discussed is not told by another plan's start; "and the Icelandic one?" names its own subject)
        talked = query.names("name", "organisation", "country")
        held = bool(query.context) and not proper_names(query.question)

        def on_topic(e: Evidence) -> bool:
            return not held or e.doc_id == ranked[0].doc_id or any(mentions(e.text, n) for n in talked)

        def tells_when(e: Evidence) -> bool:
            said = _SPOKE.search(e.text)
            return bool(told_years(e.text) or _DECADE.search(told(e.text))) or (said is not None and bool(years(e.text))
                                                and any(mentions(e.text[:said.start()], n) for n in actors))
        if not chosen and asks_when(query.focus) and _FIRST.search(query.focus):
            # "when did Acme first ...?": of the close sentences telling when, the one telling the earliest time
            close = [e for e in ranked if e.score >= self.s.relative_cutoff * best and not other_row(e)
                     and tells_when(e)]
            if close:
                take(min(close, key=lambda e: (_earliest(told(e.text) if told_years(e.text) else e.text), -e.score)))
        # "when does the floor start?": the best close sentence telling when it starts ("the floor runs from 2030"),
        # not when it was agreed ("the ministry agreed the floor in May 2029")
        if (not chosen and asks_when(query.focus) and _ASKS_START.search(query.focus)
                and not _TELLS_START.search(told(ranked[0].text))):
            lead_with(lambda e: not other_row(e) and _TELLS_START.search(told(e.text)) is not None and on_topic(e))
            # ... and a follow-up naming nothing of its own ("so when is it due to begin buying?" after a question on
            # the Acme reserve) is told by the start its subject's note gives, however weakly that sentence matches
            # the follow-up's words ("the reserve was expected to start operating in 2031")
            if not chosen and held:
                start = next((e for e in ranked if e.doc_id == ranked[0].doc_id and not other_row(e)
                              and _TELLS_START.search(told(e.text)) is not None), None)
                if start is not None:
                    take(start)
        # (nor the notes' word that the record stops, "no source confirmed whether the pause was extended when its
        # May 2031 end came", over the close sentence telling the date asked, "paused until 3 May 2031")
        if not chosen and asks_when(query.focus) and (not tells_when(ranked[0]) or leaves_open(ranked[0].text)):
            lead_with(lambda e: not other_row(e) and tells_when(e) and not leaves_open(e.text))
        # "is tin among the metals the rules cover?": a close sentence naming tin answers yes or no, where the best
        # may list the metals covered without it
        belongs = {m for m in asked["mineral"] if m not in GENERIC} or asked["country"]
        if (not chosen and belongs and _MEMBERSHIP_ASKED.match(query.focus)
                and not all(mentions(told(ranked[0].text), m) for m in belongs)):
            lead_with(lambda e: not other_row(e) and all(mentions(told(e.text), m) for m in belongs))
        # a question asking who, whose best sentence shares less of its own words than a close one ("who chairs the
        # council overseeing Decree 9?": "Decree 9 covers tin production" against "the council, chaired by Ana Ruiz,
        # oversees Decree 9"): first the close sentence sharing most, of those sharing as many the one sharing the
        # rarer words (not a table row, whose cells share words by listing them; not for a swapped name, which
        # names what is asked)
        if not chosen and who:
            cutoff = self.s.who_followup_cutoff if query.from_history else self.s.relative_cutoff
            close = [e for e in ranked if e.score >= cutoff * best and e not in rows]
            most = max(close, key=lambda e: (*shared(e), e.score), default=None)
            if most is not None and shared(most)[0] > shared(ranked[0])[0]:
                take(most)
        # "how did the Acme ministry's spokesman describe the ban?": when the best sentence does not name who spoke
        # in the question's own words, first the best close sentence that does ("a ministry spokesman called the ban
        # lawful"), where the best may tell of the ban alone
        described = SPEECH_ASKED.match(query.focus)
        speaker = self._plain_words(described.group("speaker")) if described else set()
        if not chosen and speaker and not speaker <= set(self.tokens(ranked[0].text)):
            lead_with(lambda e: not other_row(e) and speaker <= set(self.tokens(e.text)))
        # "what replaced the Acme council?": asked who or what did a deed to something named, when the best sentence
        # does not tell that deed of it ("the Acme council met in Oslo"), first the best sentence passing the gate's
        # bar that does ("the Bolt forum replaced the Acme council in 2031")
        doer = _DOER_ASKED.match(query.question if query.from_history else query.focus)
        deed = self.tokens(doer.group("verb"))[:1] if doer else []
        # (what the deed was done to: the words up to a preposition or clause, "the Acme council", not "after Norway"
        # in "which country mined the most tin after Norway?")
        done = _CLAUSE_END.split(doer.group("object"))[0] if doer else ""
        done_to = [n for n in query.names() if done and mentions(done, n)]

        def tells_deed_to(e: Evidence) -> bool:
            text = told(e.text)
            return deed[0] in self.tokens(text) and all(mentions(text, n) for n in done_to)
        if not chosen and deed and done_to and not tells_deed_to(ranked[0]):
            lead_with(lambda e: not other_row(e) and tells_deed_to(e), floor=self.s.abstain_threshold)
        # "what did the Acme review find?": when the best sentence tells no deed of that verb ("the ministry opened
        # the Acme review in 2030"), first the best sentence passing the gate's bar that tells it of the subject
        # ("the Acme review found that 12 smelters ...")
        did = _WHAT_DID.match(query.focus)
        if not chosen and did and not query.context:
            forms = verb_forms(did.group("verb"))
            subject = self._plain_words(did.group("subject"))

            def tells_deed(e: Evidence) -> bool:  # (in the whole sentence: "the review found that ..." is no
                # attribution to strip here)
                return (re.search(rf"\b(?:{'|'.join(map(re.escape, forms))})\b", e.text, re.IGNORECASE) is not None
                        and subject <= set(self.tokens(f"{e.text} {e.heading}")))
            if forms and not tells_deed(ranked[0]):
                lead_with(lambda e: not other_row(e) and tells_deed(e), self.s.abstain_threshold)
        # a follow-up read with the conversation that asks for a figure under a word of its own ("and how big are its
        # reserves?" after "how much tin did Acme mine in 2029?"), when the best sentence, close to the conversation,
        # holds none of its new words: first the best close row of a table headed with one ("Tin reserves by
        # country"), on the country asked where one is
        if not chosen and query.context and not query.swapped:
            new = self._plain_words(_TIME_WORDS.sub(" ", query.focus)) - set(self.tokens(query.context))
            if new and not new & set(self.tokens(ranked[0].text)):
                headed = [e for e in ranked if e in rows and e.score >= self.s.relative_cutoff * best
                          and new & set(self.tokens(e.heading)) and not other_row(e)]
                if headed:
                    take(max(headed, key=lambda e: (not asked["country"] or on_country(e), e.score)))
                else:  # ... else the best close sentence holding one ("so how do buyers join it?": "buyers pay ...")
                    lead_with(lambda e: e not in rows and bool(new & set(self.tokens(told(e.text)))) and on_topic(e))
        # a question asking for a kind of figure ("how many tonnes"): the sentences that state one answer it, of the
        # year asked where one tells of it (in the question or the one it was read with)
        output = _OUTPUT_ASKED.search(query.focus) is not None
        measure = measure_asked(query.focus) or ("mass" if output else "")
        years_asked = set(query.dated) - source_years(query.text)

        # (a sum invested or lent is not told by a price per tonne: "a floor of US$9 per kg" for "how much did Acme
        # put into Bolt?")
        unpriced = measure == "money" and not asks_price(query.focus)

        def states(e: Evidence) -> bool:
            # (an output asked in no unit is told by a sentence on output: "Acme exported 20 t" is trade)
            return (states_measure(without_unit_prices(e.text) if unpriced else e.text, measure)
                    and (not output or _TELLS_OUTPUT.search(told(e.text)) is not None))

        def of_year(e: Evidence) -> bool:
            return not years_asked or bool(years_asked & told_years(e.text))

        # "how much did Acme invest in Bolt?": first the best close sentence stating a sum beside the question's own
        # verb ("Acme invested US$9 million"), when the best states one only further from it ("Acme's investment,
        # part of its pledge to spend US$1 billion at home")
        verb = paid_verb(query.focus)
        stem = self.tokens(verb)[0] if verb and self.tokens(verb) else ""
        # (a table row states its sum in a column, not beside a verb; a follow-up swapping a name is led by that name)
        if (stem and not chosen and ranked[0] not in rows and not query.swapped
                and not sum_by(told(ranked[0].text), stem)):
            lead_with(lambda e: not other_row(e) and e not in rows and sum_by(told(e.text), stem))
        # ... first the best close one, when the best states none ("Acme's indium was worth US$9 million" for "how
        # many tonnes did Acme mine?")
        if measure and not chosen and not states(ranked[0]):
            lead_with(lambda e: not other_row(e) and states(e) and of_year(e))
            if not chosen:
                lead_with(lambda e: not other_row(e) and states(e))
        # ... and a mass asked in one system ("how many kilograms ...?"): first the best close sentence giving it in
        # that one, when the best gives it only in the other ("about 20,000 lb" for "what is that in kg?")
        system = mass_systems(query.focus, asked=True) if measure == "mass" else set()
        if len(system) == 1 and not chosen and states(ranked[0]) and not system & mass_systems(told(ranked[0].text)):
            lead_with(lambda e: not other_row(e) and states(e) and of_year(e)
                      and bool(system & mass_systems(told(e.text))))
        # "how much ...?" in no unit ("how much indium will smelters need?"): when the best sentence tells no amount
        # outside its attribution ("the review said in May 2031 that smelters need indium for solder"), first the
        # best close one that does
        # (... and so is a figure asked for by what it measures, "what quota did the ministry set for 2029?", when
        # the best sentence only names who set it)
        if (not measure and not chosen and (_HOW_MUCH.search(query.focus) or _AMOUNT_HEAD.search(query.focus))
                and not amounts(told(ranked[0].text))):
            lead_with(lambda e: not other_row(e) and not off_subject(e) and bool(amounts(told(e.text))) and of_year(e))
        # a follow-up swapping a name ("and Freedonia?"): first the best sentence naming it, not the previous answer's
        # (of those, one stating the kind of figure asked, of the year asked: "and Freedonia?" after "how many tonnes
        # did Norway mine in 2029?" wants Freedonia's tonnes in 2029, not the worth of its output)
        swapped = query.swapped
        # (and "of those, how many concern Freedonia?" wants the one counting them, not one naming Freedonia)
        count_asked = not measure and re.search(r"\bhow many\b", query.question, re.IGNORECASE) is not None

        def counts(e: Evidence) -> bool:
            return not count_asked or tells_count(e.text)

        naming = next((e for want in ((states, counts, of_year, of_month), (states, counts, of_year), (states, counts),
                                      (states, of_year, of_month), (states, of_year), (states,), ()) for e in ranked
                       if names_swapped(swapped, e) and all(w(e) for w in want)), None) if swapped else None
        if naming is not None:
            take(naming)
        # a compound question: first the best sentence for each part
        n_parts = len(ranked[0].part_scores)
        for i in range(n_parts):
            for ev in sorted(ranked, key=lambda e: -e.part_scores[i])[:5]:
                if ev.part_scores[i] < self.s.abstain_threshold:
                    break
                if ev in chosen or take(ev):
                    break
        if not chosen:
            chosen.append(next((e for e in ranked if not other_row(e)), ranked[0]))
        # "... at what, and across how many sites?": when what leads counts none of the things asked for, the best
        # sentence answering closely enough that does ("held 12 sites") comes next (not first: what leads may count
        # them in other words, "five firms" for "how many companies"); a unit is no thing counted ("how many pounds
        # of tin", "how many years")
        counted = _COUNT_ASKED.search(query.focus)
        if counted and (measure_asked(query.focus) or _DURATION_WORDS.match(counted.group("things") or "")):
            counted = None
        if counted and len(chosen) < self.s.max_sentences:
            noun = counted.group("things") or counted.group("topic")
            stem = (re.escape(noun) if counted.group("topic") else f"{re.escape(noun[:-3])}(?:y|ies)"
                    if noun.endswith("ies") else re.escape(noun[:-1]))
            # (a count, not an amount: "12 sites", "16 nonfuel mineral commodities", not "US$9.5 million of sites")
            counts = re.compile(rf"(?<![\w.$€£¥,])(?:\d[\d,]*|{NUMBER_WORDS})\s+(?:(?!(?:of|million|billion|"
                                rf"thousand|tonnes?|per|percent)\b)[\w-]+\s+){{0,3}}?{stem}", re.IGNORECASE)
            if not any(counts.search(told(e.text)) for e in chosen):
                extra = next((e for e in ranked if e not in chosen and not other_row(e) and strength(e) >= support_floor
                              and counts.search(told(e.text))), None)
                if extra is not None:
                    chosen.append(extra)
        # "are tin and zinc covered by the 2031 licensing?": the sentence listing what is covered (three or more
        # names of the kind asked about) supports a yes or a no
        kind = "mineral" if asked["mineral"] else "country" if asked["country"] else ""
        if kind and _MEMBERSHIP_ASKED.match(query.focus):
            listing = next((e for e in ranked if e.score >= self.s.relative_cutoff * best and e not in chosen
                            and not other_row(e) and len(names_of_kind(told(e.text), kind)) >= _LISTING), None)
            # (it names other members than those asked: that is the point, not a sentence off the subject)
            if listing is not None and not self._redundant(listing, chosen):
                chosen.append(listing)
        limit = min(self.s.max_sentences, len(chosen) + self.s.supporting)
        # (a table row supports an answer told in prose when the country it is about is one the answer or the
        # question names: after "Ruritania holds the most tin", Ruritania's row, not the rows of two other countries
        # that scored alike)
        said = names_of_kind(f"{chosen[0].text if chosen and chosen[0] not in rows else ''} {query.focus}", "country")

        def off_answer(ev: Evidence) -> bool:
            if ev not in rows or not chosen or chosen[0] in rows:
                return False
            table, row = rows[ev]
            named = names_of_kind(table.row_name(row), "country")
            return bool(named) and not named & said
        for ev in ranked:
            if len(chosen) >= limit:
                break
            if ev.score < self.s.relative_cutoff * best or ev.score < support_floor:
                break
            if not off_answer(ev):
                take(ev)
        # each thing the question names is covered, if some evidence has it (its companies and programmes too: "do
        # Acme, Bolt and Cogs still use magnets?")
        for term in dict.fromkeys(query.salient + query.names("name")):
            if any(mentions(c.text, term) for c in chosen):
                continue
            extra = next((e for e in ranked if mentions(e.text, term) and e not in chosen and not other_row(e)
                          and e.score >= 0.6 * best), None)
            if extra is not None and len(chosen) < self.s.max_sentences:
                chosen.append(extra)
        # the answer sentence first, the support in reading order (passages by rank, sentences by position)
        head, rest = chosen[:max(1, n_parts)], chosen[max(1, n_parts):]
        rest.sort(key=lambda e: (e.hit_rank, e.position))
        ordered = head + rest
        table_items = [e for e in ordered if e in rows]
        plan = Plan(QType.FACTOID, lead=[e for e in ordered if e not in rows])
        if table_items:
            table, _ = rows[table_items[0]]
            same = [e for e in table_items if rows[e][0].hit.chunk_id == table.hit.chunk_id]
            keep = table.display_columns([rows[e][1] for e in same])
            plan.table = TablePick(table, keep, [(rows[e][1], e) for e in same])
            plan.table_first = ordered[0] in rows
            # rows of a second table are left out: a row is never written as "Column: value" prose
        return plan
