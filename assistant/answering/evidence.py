"""Candidate sentences and their scores, computed in one pass: the one place for boosts and penalties.

A sentence's score mixes its meaning (cosine to the question), the question's words it holds (IDF-weighted, with
its section heading), and the rank of its passage; questions asking for an amount favour sentences stating one.
Sentences from passages that do not name what the question names count for less.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..figures import has_figure, missing_figures, month_years
from ..lexicon import ANSWER_FORM_WORDS, PLACES, expand_aliases, find_entities, mentions, without_names
from ..settings import AnswerSettings
from ..text import written_out
from ..types import Hit
from ..verify import is_instruction
from .cite import sources_for
from .query import YEAR, QType, ResolvedQuery, asks_where, without_event_window, without_left_out

_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_QUANTITY_Q = re.compile(r"\b(how (much|many|high|big|large|low|long|far|fast|quickly)|what (share|percentage|percent|"
                         r"proportion|amount|price|prices|cost|rate|value|volume|level|size|number|figure|total|"
                         r"capacity))\b", re.IGNORECASE)


# "how long ...?", "until when ...?": a sentence stating a span ("a 180-day window", "for three weeks", "until
# 1 May 2031") answers it, not any sentence with a figure
_DURATION_Q = re.compile(r"\b(?:how long|until when|till when)\b", re.IGNORECASE)
# (not a comparison's "up 9% from a year earlier", "than two years ago", "on a month before"; "a year before the
# ban" is a span)
_DURATION = re.compile(r"(?<!\bfrom )(?<!\bthan )(?<!\bon )(?<!\bover )(?<!\bversus )"
                       r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a)[- ]"
                       r"(?:day|week|month|year|decade)s?\b(?![- ]ago\b)|"
                       r"\b(?:until|till|through|runs? to|expires?|ends?)\s+(?:the end of\s+)?(?:\d{1,2}\s+)?"
                       r"(?:[A-Z][a-z]+\s+)?(?:19|20)\d{2}\b|"
                       r"\bfor (?:a|one|two|three|\d+) (?:days?|weeks?|months?|years?)\b", re.IGNORECASE)


def asks_duration(question: str) -> bool:
    """Whether a question asks how long something lasts or takes ("how long ...?", "until when ...?")."""
    return _DURATION_Q.search(question) is not None


def states_span(text: str) -> bool:
    """Whether a sentence states a span of time ("up to 45 days", "until May 2031", "for three weeks")."""
    return _DURATION.search(text) is not None


@dataclass(eq=False)  # identity, not array comparison
class Evidence:
    """One sentence of a retrieved passage, with its own source keys and scores."""

    text: str
    vector: np.ndarray
    hit: Hit
    hit_rank: int
    position: int
    keys: list[str] = field(default_factory=list)
    score: float = 0.0
    semantic: float = 0.0
    lexical: float = 0.0
    part_scores: list[float] = field(default_factory=list)
    whole_score: float | None = None  # with an event opening the window: the score for the question read whole
    restates: bool = False  # it only restates the statement a why-question opens with (``ResolvedQuery.premise``)

    @property
    def doc_id(self) -> str:
        return self.hit.doc_id

    @property
    def heading(self) -> str:
        return str(self.hit.metadata.get("heading", ""))

    @property
    def section(self) -> str:
        return str(self.hit.metadata.get("section", "body"))

    @property
    def kind(self) -> str:
        return str(self.hit.metadata.get("kind", ""))

    @property
    def without_heading(self) -> str:
        """The sentence without the heading a table row quoted as a sentence opens with ("Smelters, 2020 to 2031:
        Year: 2029; Output: 40 t." -> "Year: 2029; Output: 40 t."): what the row itself says."""
        prefix = f"{self.heading}: "
        return self.text[len(prefix):] if self.heading and self.text.startswith(prefix) else self.text

    @property
    def context(self) -> str:
        """The sentence with its note title and heading: what "this passage is about X" is judged on."""
        return f"{self.text} {self.hit.metadata.get('title', '')} {self.heading}"

    @property
    def listed_minerals(self) -> frozenset[str]:
        """The minerals its note's front matter lists, as indexed ("rare-earths", "gallium")."""
        return frozenset(m for m in str(self.hit.metadata.get("minerals") or "").split("|") if m)


def sentence_keys(meta: Mapping[str, Any], i: int) -> list[str]:
    """The source keys of a passage's i-th sentence (``sentence_sources`` written at ingest)."""
    raw = meta.get("sentence_sources") or "[]"
    keys = _parsed_keys(raw) if isinstance(raw, str) else None
    if keys is None:
        return []
    if 0 <= i < len(keys) and isinstance(keys[i], list):
        return [str(k) for k in keys[i]]
    return []


@functools.lru_cache(maxsize=8192)  # a passage's keys are read once per sentence, for every answer that uses it
def _parsed_keys(raw: str) -> list[Any] | None:
    try:
        keys = json.loads(raw)
    except json.JSONDecodeError:
        return None
    return keys if isinstance(keys, list) else None


def gather(hits: list[Hit], sentences: Mapping[str, tuple[str, Any]]) -> list[Evidence]:
    """Every stored sentence of the retrieved passages, except those addressed to a model."""
    evidence: list[Evidence] = []
    for rank, hit in enumerate(hits):
        for i in range(int(hit.metadata.get("n_sentences", 0))):
            record = sentences.get(f"{hit.chunk_id}:{i}")
            # a sentence addressed to a model ("ignore previous instructions ...") is not evidence of anything
            if record is not None and not is_instruction(record[0]):
                evidence.append(Evidence(record[0], np.asarray(record[1], dtype=np.float32), hit, rank, i,
                                         keys=sentence_keys(hit.metadata, i)))
    return evidence


def passage_texts(evidence: list[Evidence]) -> dict[str, str]:
    """Each retrieved passage's sentences read together with its title and heading, by chunk id: what "the passage
    names X" is judged on."""
    passages: dict[str, str] = {}
    for e in evidence:
        passages[e.hit.chunk_id] = passages.get(e.hit.chunk_id, e.context) + " " + e.text
    return passages


def _source_names(e: Evidence) -> list[str]:
    """Whom a sentence is attributed to: the publishers of its own sources and the outlets that carried them
    (``via``)."""
    return [str(source[f]) for source in sources_for(e.hit.metadata, e.keys) for f in ("publisher", "via")
            if source.get(f)]


def attributions(evidence: list[Evidence]) -> dict[str, str]:
    """Whom each retrieved passage's sentences are attributed to (``_source_names``), by chunk id. A question may
    name the source ("as Acme Weekly reported") where the sentence itself never does."""
    names: dict[str, list[str]] = {}
    for e in evidence:
        names.setdefault(e.hit.chunk_id, []).extend(_source_names(e))
    return {chunk: " ".join(dict.fromkeys(held)) for chunk, held in names.items()}


def attributed_to(e: Evidence, name: str) -> bool:
    """Whether a sentence is attributed to ``name`` (``_source_names``): by that name, or by initials the name
    writes out ("AWS" for "Acme Wire Service")."""
    return any(re.search(rf"\b{re.escape(name)}\b", said, re.IGNORECASE) or written_out(said, name)
               for said in _source_names(e))


class Scorer:
    """Scores evidence for a resolved query, all sentences at once."""

    def __init__(self, settings: AnswerSettings, *, tokens: Callable[[str], list[str]],
                 idf: Callable[[str], float], in_vocabulary: Callable[[str], bool]) -> None:
        self.s = settings
        self.tokens = tokens
        self.idf = idf
        self.in_vocabulary = in_vocabulary

    def _lexical(self, words: str, evidence: list[Evidence], *, one_name: bool = True) -> np.ndarray:
        """The IDF-weighted share of the question's words each sentence (with its heading) holds; with ``one_name``,
        a name the question writes one way counts as held by a sentence writing it any other ("the Pentagon" by "the
        Department of Defense"), once; else every word of ``words`` counts on its own."""
        names: dict[str, float] = {}
        if one_name:
            for name, start, stop in find_entities(words)["alias"]:
                names[name] = max(names.get(name, 0.0),
                                  sum(self.idf(t) for t in set(self.tokens(words[start:stop]))))
            plain = set(self.tokens(without_names(words, kinds=("alias",))))
        else:
            plain = set(self.tokens(words))
        # an acronym is held by a sentence writing it out ("the ZIB" by "the Zonal Indium Board")
        acronyms = {a: t for a in _ACRONYM.findall(words) for t in self.tokens(a)[:1] if t in plain}
        total = sum(self.idf(t) for t in plain) + sum(names.values()) or 1.0
        held = []
        for e in evidence:
            text = f"{e.text} {e.heading}"
            tokens = set(self.tokens(text))
            spelled = {t for a, t in acronyms.items() if t not in tokens and written_out(a, text)}
            held.append(sum(self.idf(t) for t in plain & (tokens | spelled))
                        + sum(weight for name, weight in names.items() if mentions(text, name)))
        return np.asarray(held, dtype=np.float32) / total

    def asked_terms(self, query: ResolvedQuery, focus: str | None = None) -> set[str]:
        """The question's content words (of ``focus``, its focus by default) other than the names it mentions and the
        words that only say what form of answer is wanted ("share", "number"): what it asks about those names."""
        text = query.focus if focus is None else focus
        for name in query.names():
            text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]+", text) if w.lower() not in ANSWER_FORM_WORDS]
        return {t for w in words for t in self.tokens(w) if self.in_vocabulary(t) and not YEAR.fullmatch(t)}

    def score(self, query: ResolvedQuery, query_vector: np.ndarray, evidence: list[Evidence],
              part_vectors: list[np.ndarray] | None = None, lexical_query: str | None = None, *,
              event_free: np.ndarray | None = None, spelled: np.ndarray | None = None,
              own: np.ndarray | None = None) -> None:
        """Scores each sentence for the question; ``event_free`` is the vector of a broad question without the
        dated event that opens its window ("what followed for carmakers after Acme began licensing in May 2030?"),
        ``spelled`` that of the question with its short names spelled out ("the Pentagon": "the Department of
        Defense"), ``own`` that of a follow-up's own words (``query.question``) when it asks something new of the
        previous question's subject ("who flew to Oslo to sell it?" after "how big is the reserve?")."""
        if not evidence:
            return
        s = self.s
        matrix = np.stack([e.vector for e in evidence])
        semantic = matrix @ query_vector
        if spelled is not None:  # a sentence may use either name: it reads as close as the nearer reading
            semantic = np.maximum(semantic, matrix @ spelled)
        whole = semantic
        if event_free is not None:
            semantic = (1 - s.event_window_share) * semantic + s.event_window_share * (matrix @ event_free)
        if own is not None:  # (read with the previous question, whose sentences the user has just been given)
            semantic = (1 - s.followup_own_share) * semantic + s.followup_own_share * (matrix @ own)
        words = lexical_query or query.text
        # (a factoid's one answering sentence may use either name; a broad answer, framed by notes and their
        # sections, was picked better with all the names' words counted: one name a factoid's only)
        factoid = query.qtype is QType.FACTOID
        if not factoid:
            words = expand_aliases(words)
        lexical = self._lexical(words if event_free is None else without_event_window(words), evidence,
                                one_name=factoid)
        if own is not None:  # (its own words count as much as those of the two read together)
            lexical = ((1 - s.followup_own_share) * lexical
                       + s.followup_own_share * self._lexical(query.question, evidence, one_name=factoid))
        ranks = np.asarray([1.0 / (1 + e.hit_rank) for e in evidence], dtype=np.float32)
        quantity = _QUANTITY_Q.search(query.focus) is not None
        figures = np.asarray([has_figure(e.text) for e in evidence], dtype=np.float32)
        score = s.semantic_weight * semantic + s.lexical_weight * lexical + s.rank_weight * ranks
        if asks_duration(query.focus):
            score += s.duration_boost * np.asarray([states_span(e.text) for e in evidence], dtype=np.float32)
        elif quantity:
            score += s.figure_boost * figures
        if asks_where(query.focus):  # "where ...?": a sentence naming a city, province or state answers it
            score += s.place_boost * np.asarray([bool(PLACES.countries_in(e.text)) for e in evidence],
                                                dtype=np.float32)
        # penalties: passages that do not name what the question names, sentences sharing none of what it asks
        # (what names only the event opening a broad question's window is no anchor: what followed "after Acme
        # began licensing tellurium" need not name Acme or tellurium)
        plain = without_event_window(query.focus) if event_free is not None else query.focus
        specific = [n for n in query.specific if plain == query.focus or mentions(plain, n)]
        if specific:
            passages = passage_texts(evidence)
            # a compound question: a passage answering either part is anchored
            groups = [g for g in ([n for n in group if n in specific] for group in query.specific_by_part) if g]
            anchored = {cid for cid, text in passages.items()
                        if any(all(mentions(text, t) for t in group) for group in groups)}
            # the share of the named things a sentence leaves out ("are X and Y covered by Z?": a sentence on Z
            # alone leaves out two of three)
            missing = np.asarray([min(sum(not mentions(e.context, t) for t in group) / len(group) for group in groups)
                                  for e in evidence], dtype=np.float32)
            off_anchor = np.asarray([e.hit.chunk_id not in anchored for e in evidence])
            score -= s.off_anchor_penalty * off_anchor + s.off_anchor_penalty * missing
        if query.excluded:  # "firms outside China": a sentence about China is about what is left out
            # (not one naming it only to leave it out too: "Acme is the only smelter outside Norway" answers "which
            # smelters are there outside Norway?")
            score -= s.off_anchor_penalty * 2 * np.asarray(
                [any(mentions(without_left_out(e.text), name) for name in query.excluded) for e in evidence],
                dtype=np.float32)
        asked = self.asked_terms(query, plain)
        if asked:
            shares = np.asarray([bool(asked & set(self.tokens(e.context))) for e in evidence])
            score -= s.off_anchor_penalty * (~shares)
        if query.years and query.qtype is QType.FACTOID:
            # a sentence is about the first year it names: "the 2024 quota, up 6% on 2023" is not about 2023 (a table
            # row by its own cells before its table's heading: "Output, 2020 to 2031: Year: 2029; ..." is about 2029)
            # ... and with a window ("since 2010", "after the 2010 embargo"), any year in it is asked about
            asked = {str(y) for y in query.years}
            # ... and a follow-up read with the question before it that dates itself ("had it risen by 2031?" after
            # "... in 2029?") asks about its own years: the earlier one's answer has been read
            if query.context and query.since is None and query.own_dated:
                asked = set(query.own_dated)
            first = [YEAR.search(e.without_heading) or YEAR.search(e.text) for e in evidence]

            def off_year(year: str) -> bool:
                if query.since is not None:
                    return not query.since <= int(year) <= (query.until or 9999)
                return year not in asked
            score -= s.year_focus_penalty * np.asarray([m is not None and off_year(m.group(0)) for m in first])
        if query.said:
            # a follow-up: a sentence the previous answer already said is not news, unless it states a figure that
            # answer did not ("Acme got 40 t" after "Bolt got 90 t", both in one sentence)
            said = set(self.tokens(query.said))

            def repeats(e: Evidence) -> bool:
                if e.without_heading != e.text:  # a table row: its column names are no news; its amounts may be
                    return has_figure(e.without_heading) and not missing_figures(e.without_heading, query.said)
                words = set(self.tokens(e.text))
                return (bool(words) and len(words & said) >= s.repeat_share * len(words)
                        and not missing_figures(e.text, query.said))
            score -= s.repeat_penalty * np.asarray([repeats(e) for e in evidence], dtype=np.float32)
        premise = query.premise if not factoid else ""
        if premise:
            # a broad why-question opening with a statement: a sentence only restating it ("Acme's tin is cheap"
            # for "Acme's tin is cheap, so why do buyers shun it?") tells the user what they said, not why
            asking = set(self.tokens(query.focus[len(premise):]))
            stated = set(self.tokens(premise)) - asking

            def restates(e: Evidence) -> bool:
                words = set(self.tokens(e.text))
                return (bool(stated) and len(words & stated) >= s.premise_share * len(stated)
                        and not words & asking)
            for e in evidence:
                e.restates = restates(e)
            score -= s.repeat_penalty * np.asarray([e.restates for e in evidence], dtype=np.float32)
        # (the month of an event opening a broad question's window is when, not what: "after the May 2030 ban")
        wanted = month_years(plain)
        if wanted:  # "the April 2025 controls": sentences naming that very month are about them
            score += s.date_boost * np.asarray([bool(wanted & month_years(e.text)) for e in evidence])
        if query.qtype is not QType.FACTOID:
            # broad questions: an explainer written to answer one, and each note's own key points, read best
            score += np.asarray([s.explainer_boost * (e.kind == "explainer") for e in evidence], dtype=np.float32)
        for e, sem, lex, sc in zip(evidence, semantic, lexical, score, strict=True):
            e.semantic, e.lexical, e.score = float(sem), float(lex), float(sc)
        if event_free is not None or own is not None:  # (how well a sentence answers, for the refusal decision,
            # reads it whole too)
            for e, value in zip(evidence, score + s.semantic_weight * (whole - semantic), strict=True):
                e.whole_score = float(value)
        if part_vectors and len(part_vectors) > 1:
            plain = s.semantic_weight * semantic + s.lexical_weight * lexical + s.rank_weight * ranks
            adjustments = score - plain  # the boosts and penalties of the whole question carry over to each part
            for vector in part_vectors:
                part_sem = 0.3 * semantic + 0.7 * (matrix @ vector)
                part = s.semantic_weight * part_sem + s.lexical_weight * lexical + s.rank_weight * ranks + adjustments
                for e, value in zip(evidence, part, strict=True):
                    e.part_scores.append(float(value))
