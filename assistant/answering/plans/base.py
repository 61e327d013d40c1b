"""What every plan shares: the settings and models, and the helpers that weigh evidence (its relevance, its subject,
what it repeats)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import numpy as np

from ...figures import MONTH_YEAR, amounts, first_date, month_years, told, told_years
from ...lexicon import (
    FUNCTION_WORDS,
    GENERIC,
    firm_like,
    mentions,
    mineral_families,
    minerals_named,
    names_of_kind,
    unit_symbols,
    without_names,
)
from ...settings import AnswerSettings
from ..abstain import is_gap
from ..evidence import Evidence
from ..query import DEEDS_ASKED, YEAR, QType, ResolvedQuery, proper_names
from ..tables import Row, Table, row_sentences
from .shapes import event_year

_ENUMERATION = re.compile(r"\b[A-Za-z][\w-]*(?: [\w-]+)?, [A-Za-z][\w-]*(?: [\w-]+)?,? (?:and|or) [A-Za-z][\w-]*")
# three or more proper names in a row ("Acme Metals, Bolt, Cogs Inc and Dyna's Edda")
_NAME_WORDS = r"[A-Z][\w&'.-]*(?: (?:[A-Z][\w&'.-]*|of|de|&))*"
_NAMES_ENUMERATED = re.compile(rf"\b{_NAME_WORDS}, {_NAME_WORDS},? (?:{_NAME_WORDS}, )*(?:and|or) {_NAME_WORDS}")


# a second question after the first ("which firms were hit, and how badly?")
_ASKS_MORE = re.compile(r"\b(?:and|but|plus)\s+(?:how|what|when|where|why|which|who|whom)\b", re.IGNORECASE)
# the head word of a public body's, a law's or a programme's name ("the Acme Ministry", "the Bolt Act"): no company
_INSTITUTION = re.compile(r"\b(?:Department|Ministry|Minister|Agency|Commission|Council|Congress|Parliament|Senate|"
                          r"House|Office|Bureau|Administration|Government|Survey|Act|Law|Order|Decree|Announcement|"
                          r"Proclamation|Fund|Forum|Partnership|Alliance|Initiative|Programme|Program|Plan|Strategy|"
                          r"Framework|Reserve|Stockpile|University|Laboratory|Institute|Union|Organi[sz]ation|"
                          r"Association|Authority|Board|Cabinet|Court|Army|Navy|Force|Prime|President|Secretary|"
                          r"Chancellor|State|States|Ambassador)\b")

# a sentence that tells of a deed (a deal signed, money lent, a rule imposed), not of a state of affairs or a forecast:
# what answers a question asking what someone did (``DEEDS_ASKED``: "what steps has Ruritania taken?")
_DEED = re.compile(r"\b(?:signed|agreed|launched|announced|adopted|approved|awarded|invested|funded|financed|lent|"
                   r"loaned|granted|committed|pledged|set up|created|established|opened|built|began|started|imposed|"
                   r"introduced|issued|passed|enacted|unveiled|selected|formed|joined|bought|acquired|took|ordered|"
                   r"directed|invoked|restricted|banned|expanded|allocated|provided|offered|backed|filed|"
                   r"(?:has|have|had) (?:\w+ )?(?:agreed|signed|launched|set|created|begun))\b", re.IGNORECASE)


# a table by its note, heading and columns
TableKey = tuple[str, str, tuple[str, ...]]


def table_key(table: Table) -> TableKey:
    """One table's identity across passages: a long table split over passages is one table (two tables of a note
    with the same columns under other headings are two)."""
    return table.hit.doc_id, str(table.hit.metadata.get("heading", "")), tuple(table.columns)


def shares_stem(words: set[str], header: list[str]) -> bool:
    """Whether a header shares a word with a question, or the stem of one: "producers" and "Production", "miners" and
    "Mine output" (a stemmer cuts the first to "produc", the second to "product")."""
    return any(w == h or min(len(w), len(h)) >= 4 and (w.startswith(h) or h.startswith(w))
               for w in words for h in header)


# a number column headed by a year and what it counts ("2030 (TWh)")
_YEAR_HEADED = re.compile(r"^\s*((?:19|20)\d{2})\b\s*(.*)$")


def measure_columns(table: Table, column: int) -> list[int]:
    """The columns that show a table's rows by one number column: the first label, the number (with the other number
    columns of its series, when its header is a year and what it counts: "2024 (TWh)" and "2030 (TWh)"), the other
    labels, the year."""
    labels = table.label_columns()
    numbers = [column]
    headed = _YEAR_HEADED.match(table.columns[column])
    if headed:
        numbers = [c for c in table.numeric_columns()
                   if (m := _YEAR_HEADED.match(table.columns[c])) and m.group(2) == headed.group(2)]
    return [*labels[:1], *numbers, *labels[1:]] + ([table.year_column] if table.year_column >= 0 else [])


# the stages of a supply chain a question may compare ("a firmer hold on extraction or on smelting?"), each with the
# forms a sentence tells it by ("mine output", "mined", "extraction" for mining)
STAGES = {"mining": r"\b(?:min(?:e|es|ed|ing)|extract\w*)\b", "refining": r"\brefin\w*",
          "processing": r"\bprocess\w*", "separation": r"\bseparat\w*", "smelting": r"\bsmelt\w*",
          "magnet making": r"\bmagnet(?:-making| making| manufactur\w*| production| makers?| plants?| factor\w*)\b"}


def compared_stages(focus: str) -> list[str]:
    """The stages of a supply chain a question names, in its order ("more of the extraction or of the magnet
    plants?": mining, magnet making)."""
    found = [(m.start(), stage) for stage, form in STAGES.items() for m in [re.search(form, focus, re.IGNORECASE)]
             if m is not None]
    return [stage for _, stage in sorted(found)]


def _names(text: str) -> frozenset[str]:
    """The minerals and countries a sentence names."""
    return names_of_kind(text, "mineral") | names_of_kind(text, "country")


class PlanBase:
    """The settings, tokenizer and embedder, and the evidence helpers every plan uses."""

    def __init__(self, settings: AnswerSettings, *, tokens: Callable[[str], list[str]],
                 embed: Callable[[str], Any] | None = None, idf: Callable[[str], float] | None = None) -> None:
        self.s = settings
        self.tokens = tokens
        self.embed = embed
        self.idf = idf or (lambda token: 1.0)  # how rare a token is in the corpus
        self._titles: dict[str, np.ndarray] = {}

    def _redundant(self, ev: Evidence, chosen: list[Evidence], limit: float | None = None, *,
                   names: bool = False) -> bool:
        """A near-copy of a chosen sentence that adds no figure of its own (nor, with ``names``, for an answer that
        names who or what, two proper names of its own), or a sentence on the same subject whose figures (one is
        enough) the answer has all stated already in about the same words (the same benchmark told a second time: a
        note's key point and the body sentence it sums up)."""
        limit = self.s.redundancy if limit is None else limit
        # (two names no chosen sentence gives are news to such an answer: "the council Acme's order set up, chaired by
        # Minister Jo Berg", though it repeats the order's number)
        if names:
            given = {n for c in chosen for n in proper_names(c.text)}
            # (a name inside another, or holding one, is that one: "US DFC" and "DFC")
            if sum(not any(n in g or g in n for g in given) for n in proper_names(ev.text)) >= 2:
                return False
        similar = [c for c in chosen if float(np.dot(ev.vector, c.vector)) >= limit]
        countries = {n for c in similar for n in names_of_kind(c.text, "country")}
        if (similar and not amounts(ev.text) - {f for c in similar for f in amounts(c.text)}
                and not names_of_kind(ev.text, "country") - countries):
            return True  # nothing new but a date: "on 15 May 2025" for "in May 2025" (a new country is news)
        return self._restates(ev, chosen, least=1)

    def _pool(self, evidence: list[Evidence], best: float, years: set[str] | None = None, *,
              relaxed: bool = False, query: ResolvedQuery | None = None) -> list[Evidence]:
        """Sentences relevant enough for a broad answer: past the relevance gate, not table rows or gap notes.
        ``relaxed`` drops the floor relative to the best sentence (a question few sentences answer closely); a
        ``query`` that names minerals leaves out sentences on other minerals' supply chains."""
        rows = self._rows(evidence)
        floor = self.s.abstain_threshold * (0.6 if relaxed else 0.75)
        if not relaxed:
            floor = max(floor, best * 0.5)
        pool = [e for e in evidence if e.semantic >= self.s.relevance_gate and e.score >= floor
                and e not in rows and not is_gap(e.text) and len(e.text.split()) >= 6]
        if query is not None:
            on_subject = [e for e in pool
                          if not self._other_minerals(query, e.listed_minerals, e.text)]
            if len(on_subject) >= 2:
                pool = on_subject
        if years and not relaxed:  # a question about a year: a sentence about another year is off the subject
            pool = [e for e in pool if not YEAR.search(e.text) or years & set(YEAR.findall(e.text))]
        seen: set[str] = set()
        out = []
        for e in sorted(pool, key=lambda x: -x.score):
            key = re.sub(r"\W+", " ", e.text.lower()).strip()
            if key not in seen:
                seen.add(key)
                out.append(e)
        return out

    @staticmethod
    def _other_minerals(query: ResolvedQuery, note: frozenset[str], text: str = "") -> bool:
        """A sentence (or, with no ``text``, a note) about other minerals only ("gallium licences" for a question on
        rare earths): the sentence names only other minerals, or none, and its note's front matter lists none of
        those asked about (``note``: a note on the asked mineral may compare it with others); a note on critical
        minerals at large is on every subject."""
        asked = mineral_families(query.names("mineral"))
        if not asked:
            return False
        if "critical-minerals" in note or asked & mineral_families(note):
            return False
        named = (minerals_named(text) if text else frozenset()) or note
        return bool(named) and not asked & mineral_families(named)

    @staticmethod
    def _names_other_minerals(query: ResolvedQuery, text: str) -> bool:
        """A sentence naming minerals, none of them (nor of their family) among those the question names."""
        asked = mineral_families(query.names("mineral"))
        said = mineral_families(minerals_named(text))
        return bool(asked and said) and not asked & said

    def _other_note(self, doc: str | None, evidence: list[Evidence], query: ResolvedQuery) -> bool:
        """A note whose front matter lists only other minerals than those asked about: it frames no answer."""
        own = next((e for e in evidence if e.doc_id == doc), None)
        return own is not None and self._other_minerals(query, own.listed_minerals)

    @staticmethod
    def _rows(evidence: list[Evidence]) -> dict[Evidence, tuple[Table, Row]]:
        out: dict[Evidence, tuple[Table, Row]] = {}
        cache: dict[str, dict[int, tuple[Table, Row]]] = {}
        for e in evidence:
            rows = cache.get(e.hit.chunk_id)
            if rows is None:
                rows = cache[e.hit.chunk_id] = row_sentences(e.hit)
            if e.position in rows:
                out[e] = rows[e.position]
        return out

    def _rows_by_table(self, evidence: list[Evidence]) -> list[tuple[Table, list[tuple[Row, Evidence]]]]:
        """The tables whose rows are among the evidence, each with those rows and their sentences."""
        groups: dict[TableKey, tuple[Table, list[tuple[Row, Evidence]]]] = {}
        for e, (table, row) in self._rows(evidence).items():
            groups.setdefault(table_key(table), (table, []))[1].append((row, e))
        return list(groups.values())

    def _asked_tokens(self, query: ResolvedQuery) -> set[str]:
        """The tokens of a question's focus but those of the names it mentions: what it asks of them (a unit named in
        words by its symbol too: "terawatt-hours" is a column's "(TWh)")."""
        return set(self.tokens(self._asked_text(query))) - {t for n in query.names() for t in self.tokens(n)}

    @staticmethod
    def _asked_text(query: ResolvedQuery) -> str:
        """A question's focus, followed by the symbols of the units it names in words."""
        return " ".join([query.focus, *unit_symbols(query.focus)])

    def _measured_tables(self, query: ResolvedQuery,
                         evidence: list[Evidence]) -> list[tuple[Table, int, list[tuple[Row, Evidence]]]]:
        """The tables whose rows are among the evidence, each with the first number column whose header the
        question's words name (the words of what is asked, not of what it names: "which metals did Ruritania
        restrict?" is not asked by a column "Ruritania's share"), and its rows there; tables with no such column
        are left out."""
        asked = self._asked_tokens(query)
        out = []
        for table, rows in self._rows_by_table(evidence):
            measure = [i for i in table.numeric_columns() if shares_stem(asked, self.tokens(table.columns[i]))]
            if measure:
                out.append((table, measure[0], rows))
        return out

    @staticmethod
    def _one_name(query: ResolvedQuery) -> str | None:
        """The company or programme a question is about, when it names exactly one ("how does Project Acme work?");
        a name that only says when ("since the Reykjavik summit", "after the Acme deal") is not what it is about, nor
        one that a change is made to ("the 2031 proposal amending the Acme Act": the proposal is what is asked)."""
        named = [n for n in query.names("name")
                 if not re.search(rf"\b(?:since|after|before|until|following|amending|replacing|revising|"
                                  rf"(?:amendments?|changes?|revisions?)\s+(?:to|of))\s+(?:the\s+|its\s+|their\s+)?"
                                  rf"{re.escape(n)}\b", query.focus, re.IGNORECASE)]
        return named[0] if len(named) == 1 else None

    @functools.cached_property
    def _generic_tokens(self) -> set[str]:
        """The tokens of the corpus-wide words ("critical minerals"), which name no aspect of a question."""
        return {t for phrase in GENERIC for t in self.tokens(phrase)}

    def _plain_words(self, text: str) -> set[str]:
        """The tokens of a question's own words: not its names (minerals, countries, organisations), not function
        words, not the corpus-wide words."""
        return {t for t in self._content_words(without_names(text))
                if t not in self._generic_tokens and not YEAR.fullmatch(t)}

    def _repeats(self, e: Evidence, lead: list[Evidence]) -> bool:
        """Whether a sentence says again what the lead says: near-identical (the bullet rule's cosine) and naming
        nothing new (two new metals or countries are news, and so is a figure: a lead's "funded the firm from 2011"
        and a section's "lent it US$50 million in 2011"), or the same figures on the same subject ("about 3% of
        demand" twice)."""
        if any(float(np.dot(e.vector, ld.vector)) >= self.s.bullet_redundancy
               and len(_names(e.text) - _names(ld.text)) < 2 and not amounts(e.text) - amounts(ld.text)
               for ld in lead):
            return True
        return self._restates(e, lead, least=1)

    def _restates(self, e: Evidence, chosen: list[Evidence], *, least: int = 2) -> bool:
        """Whether a sentence's figures (at least ``least`` of them; dates and document numbers are no figures:
        "No. 18 of 4 April" and "on 4 April" share none) are all stated already, by sentences on the same subject,
        and most of its words too: the same benchmarks told a second time (a sentence that tells more about a
        figure already given, "the 10-year loan runs from 2027 and covers every mine", says something new)."""
        own = amounts(e.text)
        if len(own) < least:
            return False
        day = first_date(told(e.text))
        if day and day[2]:  # the same figures on the same day: one event told again, whatever else it adds
            same_day = [c for c in chosen if first_date(told(c.text)) == day]
            if same_day and own <= {f for c in same_day for f in amounts(c.text)}:
                return True
        near = self._on_its_subject(e, chosen)
        if not own <= {f for c in near for f in amounts(c.text)}:
            return False
        if not self.s.restate_new_words:
            return True
        words = self._content_words(told(e.text))
        said = {w for c in near for w in self._content_words(c.text)}
        return not words or self._mostly_said(words, said)

    def _says_again(self, e: Evidence, chosen: list[Evidence]) -> bool:
        """Whether a sentence with no figures of its own is mostly the words of chosen sentences on its subject: a
        section's second sentence that rewords its first ("covers the metals and oxides of the four elements" after
        "covers indium, tellurium, bismuth and gallium in metal and oxide forms") adds nothing to a bullet."""
        if amounts(e.text) or not self.s.restate_new_words:
            return False
        near = self._on_its_subject(e, chosen)
        day = first_date(told(e.text))
        if day and day[2] and all(first_date(told(c.text)) != day for c in near):
            return False  # the day something happened is news ("banned on 3 May 2031" after "bans since 2031")
        # (a shared source is no shared point, nor are the names both sentences give: "Acme's 2031 rules also cover X")
        words = self._content_words(without_names(told(e.text)))
        said = {w for c in near for w in self._content_words(without_names(told(c.text)))}
        return bool(near and words) and self._mostly_said(words, said)

    @staticmethod
    def _on_its_subject(e: Evidence, chosen: list[Evidence]) -> list[Evidence]:
        """The chosen sentences on a sentence's subject: cosine 0.5 or more."""
        return [c for c in chosen if float(np.dot(e.vector, c.vector)) >= 0.5]

    def _mostly_said(self, words: set[str], said: set[str]) -> bool:
        """Whether fewer than ``restate_new_words`` of a sentence's (non-empty) words are new."""
        return len(words - said) / len(words) < self.s.restate_new_words

    def _content_words(self, text: str) -> set[str]:
        """The tokens of a text's words other than function words (names, years and all)."""
        return {t for w in re.findall(r"[A-Za-z][A-Za-z-]+", text) if w.lower() not in FUNCTION_WORDS
                for t in self.tokens(w)}

    def _names(self, e: Evidence, side: str, *, own_text: bool = False) -> bool:
        """Whether a sentence (with ``own_text`` False: or its note's title and heading) names one side, by name or
        by its words' stems ("refining" in "refined"); a month ("May 2031") or a year only where the sentence tells
        of it, not where its source spoke then ("a review of May 2031 recalled the 2010 price spike": 2010's)."""
        if MONTH_YEAR.fullmatch(side):
            return side.lower() in month_years(told(e.text))
        if YEAR.fullmatch(side):
            return side in told_years(e.text)
        if side in STAGES:  # (by the sentence itself: a note's title naming every stage tells none apart)
            return re.search(STAGES[side], e.text, re.IGNORECASE) is not None
        if mentions(e.text if own_text else e.context, side):
            return True
        if side[:1].isupper():  # (a name is named, not stemmed: "Acme" is not in "Acmeville")
            return False
        words = [w for w in re.findall(r"[a-z]{4,}", side.lower())]
        return bool(words) and all(re.search(rf"\b{re.escape(w[:5])}", e.text.lower()) for w in words)

    def _enumeration(self, e: Evidence, query: ResolvedQuery) -> float:
        """The boost for a sentence that answers a list outright: it names three or more things of the kind asked
        for ("which metals ...?"), or, for a question about what something holds ("what did the rules cover?"),
        it enumerates ("a, b and c")."""
        if query.asks_for == "items":
            return self.s.enumeration_boost if _ENUMERATION.search(e.text) else 0.0
        if query.asks_for == "company":  # "which firms ...?": one naming three or more ("Acme, Bolt and Cogs"),
            # not countries ("Norway, Peru and Chile")
            found = _NAMES_ENUMERATED.search(told(e.text))
            firms = found is not None and len(names_of_kind(found.group(0), "country")) < 2
            return self.s.enumeration_boost if firms else 0.0
        if query.asks_for and len(names_of_kind(e.text, query.asks_for)) >= 3:
            return self.s.enumeration_boost
        return 0.0

    @staticmethod
    def _firms_asked(query: ResolvedQuery) -> bool:
        """Whether a question asks which companies, and nothing more of them."""
        return query.asks_for == "company" and not _ASKS_MORE.search(query.focus)

    def _firm(self, e: Evidence, query: ResolvedQuery) -> float:
        """The boost for a list item naming a company, when the question asks which companies and nothing more ("...,
        and how badly were they hit?" asks what befell them too): a proper name in what the sentence tells (not its
        source) that may be a firm's (``firm_like``) and is no public institution by its kind of name ("the Zorblax
        Ministry", "the Zorblax Act")."""
        if not self._firms_asked(query):
            return 0.0
        asked = set(query.names("name"))
        firms = [n for n in proper_names(e.text) if n not in asked and firm_like(n) and not _INSTITUTION.search(n)]
        return self.s.enumeration_boost if firms else 0.0

    def _deed(self, e: Evidence, query: ResolvedQuery) -> float:
        """The boost for a list item that tells of a deed, when the question asks what someone did."""
        if query.qtype is not QType.LIST or not DEEDS_ASKED.search(query.focus) or not _DEED.search(told(e.text)):
            return 0.0
        return self.s.deed_boost

    @staticmethod
    def _by_year(pool: list[Evidence], since: int | None, until: int | None) -> dict[int, list[Evidence]]:
        """A pool's sentences by the year each tells of (not the date its source spoke), inside ``since``-``until``."""
        dated: dict[int, list[Evidence]] = {}
        for e in pool:
            year = event_year(e.text)
            if year is None or since and year < since or until and year > until:
                continue
            dated.setdefault(year, []).append(e)
        return dated
