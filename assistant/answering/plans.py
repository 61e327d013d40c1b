"""One answer plan per question type: each picks evidence and lays it out as blocks.

- factoid: the sentence that holds the answer first, then at most ``supporting`` sentences;
- explanation: a short lead, then 3-6 bullets, each a distinct aspect (a note's section), from different notes
  where the evidence allows, relevance first and diversity second (MMR);
- list: one bullet per distinct item (a note, or a section of an overview), dated, in date order;
- comparison: the two sides side by side, each with its own figure and source;
- trend: the rows of a data note's table that the question asks about, as a table, with a computed lead.

A plan that cannot fill its shape hands over to a simpler one (trend -> explanation -> factoid), never to an error.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..figures import MONTHS, amounts, first_date, has_figure, month_years, told, told_years, years
from ..lexicon import (
    ANSWER_FORM_WORDS,
    FUNCTION_WORDS,
    GENERIC,
    find_entities,
    mentions,
    mineral_families,
    minerals_named,
    names_of_kind,
    without_names,
)
from ..settings import AnswerSettings
from .abstain import is_gap, names_swapped
from .evidence import Evidence
from .query import YEAR, QType, ResolvedQuery, numbered, question_type, without_event_window
from .tables import Row, Table, row_sentences

_CONNECTIVE = re.compile(r"^(however|moreover|in addition|additionally|also|meanwhile|furthermore|separately|"
                         r"by contrast|in contrast|still|yet|instead|similarly|likewise|even so|as a result)\s*,\s*",
                         re.IGNORECASE)
_CAUSAL = re.compile(r"\b(because|since|used in|used for|needed (?:for|in)|rely on|relies on|depend|so that|"
                     r"which is why|drives?|driven|power|essential|critical|key to|reasons?|in (?:response|reply) to|"
                     r"retaliat\w*|prompted|triggered|in order to|aim(?:s|ed)? to)\b", re.IGNORECASE)


_ENUMERATION = re.compile(r"\b[\w-]+(?: [\w-]+)?, [\w-]+(?: [\w-]+)?,? (?:and|or) [\w-]+")


# a question about what someone did ("what steps has Ruritania taken?", "what is Bolt doing about it?") and a sentence
# that tells of a deed (a deal signed, money lent, a rule imposed), not of a state of affairs or a forecast
_DEEDS_ASKED = re.compile(r"\b(?:steps?|measures?|actions?|moves?|doing|done|taken|initiatives?|"
                          r"respon(?:se|ses|ded|ding))\b", re.IGNORECASE)
_DEED = re.compile(r"\b(?:signed|agreed|launched|announced|adopted|approved|awarded|invested|funded|financed|lent|"
                   r"loaned|granted|committed|pledged|set up|created|established|opened|built|began|started|imposed|"
                   r"introduced|issued|passed|enacted|unveiled|selected|formed|joined|bought|acquired|took|ordered|"
                   r"directed|invoked|restricted|banned|expanded|allocated|provided|offered|backed|filed|"
                   r"(?:has|have|had) (?:\w+ )?(?:agreed|signed|launched|set|created|begun))\b", re.IGNORECASE)


# a question about the order of events, not about an amount ("trace the sequence", "a timeline of", "step by step")
_SEQUENCE = re.compile(r"\b(?:trace|tracing|sequence|timeline|chronolog\w*|step by step|one after another|"
                       r"year by year|each step|what happened)\b", re.IGNORECASE)

_UNIT_COL = re.compile(r"\b(?:unit|units|currency|market|basis)\b", re.IGNORECASE)


def _length(e: Evidence) -> int:
    """The words a sentence adds to an answer, its citation mark counted."""
    return len(e.text.split()) + 1


def _names(text: str) -> frozenset[str]:
    """The minerals and countries a sentence names."""
    return names_of_kind(text, "mineral") | names_of_kind(text, "country")


def _label_key(cell: str, *, names_only: bool = False) -> str:
    """A table label as a series key: the names in it canonical ("Pr-Nd oxide" and "NdPr oxide" are one product);
    ``names_only``: just the names, when there are any ("China" and "China domestic" are one market)."""
    spans = sorted((start, end, name) for found in find_entities(cell).values() for name, start, end in found)
    if names_only and spans:
        return "|".join(sorted({name for _, _, name in spans}))
    key, last = [], 0
    for start, end, name in spans:
        key += [cell[last:start], name]
        last = end
    return re.sub(r"\s+", " ", "".join(key) + cell[last:]).strip().lower()


def _at(period: str) -> str:
    """A period with its preposition: "on 1 March 2024", "in March 2024", "in 2024"."""
    return f"on {period}" if re.match(r"\d{1,2}\s+[A-Za-z]", period.strip()) else f"in {period}"


_MONTH_NAME = rf"(?:{'|'.join(m[:3] for m in MONTHS)})[a-z]*"  # "Aug", "August"


def _period_shape(cell: str) -> str:
    """What length of period a cell names: a year ("2024", "Full year 2024"), a span within one ("Q1 2025",
    "January-March 2026", "first half"), or a month or day ("March 2026", "late August 2025"); rows of one shape
    compare like with like."""
    text = cell.lower()
    if re.search(rf"\b(?:q[1-4]|quarter|half|h[12]|{_MONTH_NAME}\s*[-–]\s*{_MONTH_NAME})\b", text):
        return "span"
    if re.search(rf"\b{_MONTH_NAME}\b", text):
        return "month"
    if re.fullmatch(r"\s*(?:full[- ]year\s*)?(?:19|20)\d{2}\s*", text):
        return "year"
    return re.sub(r"\d+", "9", text)


def _keeps_figures(summary: str, sentence: str) -> bool:
    """Whether a summary holds every amount a sentence holds, and every month and year it tells of (not the date its
    source spoke); it may hold more."""
    said, sums = told(sentence), told(summary)
    return (amounts(sentence) <= amounts(summary) and month_years(said) <= month_years(sums)
            and years(said) <= years(sums))


def _breadth_first(picks: list[Evidence], limit: int, *, summaries: list[Evidence]) -> list[Evidence]:
    """At most ``limit`` of a note's section picks, in their order, each section told once (by its key point, where
    one sums it up) before any is told twice: a note of seven sections, two of them told by two sentences, keeps
    all seven sections in a list of seven rather than its first five."""
    if len(picks) <= limit:
        return picks
    first: dict[str, int] = {}
    for i, e in enumerate(picks):
        if e in summaries or not any(x.heading == e.heading for x in summaries):
            first.setdefault(e.heading, i)
    kept = set(list(first.values())[:limit])
    for i in range(len(picks)):
        if len(kept) >= limit:
            break
        kept.add(i)
    return [e for i, e in enumerate(picks) if i in kept]


_SAID = r"(?![^,.;]{0,40}\b(?:said|says|reported|wrote|noted|stated|announced|added|told|argued)\b)"


def defines(text: str, term: str) -> bool:
    """Whether a sentence says what ``term`` is: "Acme, a state refiner,", "Acme is a ...", "the Alliance for Metals
    (AFM)", "a reserve called Acme" (not "..., the ministry said": an attribution is no apposition)."""
    name = r"\s+".join(map(re.escape, term.split()))
    return bool(re.search(
        rf"\b{name}\b,\s+(?:an?|the)\s+{_SAID}|\b{name}\s+(?:is|was|are|were)\s+(?:an?|the)\s"
        rf"|[A-Za-z][\w-]+(?:\s+[\w-]+)+\s+\({name}\)|\b(?:called|named|known as|dubbed)\s+(?:the\s+)?{name}\b",
        text, flags=re.IGNORECASE))


def event_year(text: str) -> int | None:
    """The year a sentence tells of: the earliest year it names outside its attribution."""
    return min(map(int, told_years(text)), default=None)


def trim(sentence: str) -> str:
    text = _CONNECTIVE.sub("", sentence.strip())
    return text[:1].upper() + text[1:] if text else text


@dataclass
class Item:
    """One chosen piece of an answer: a sentence (with its evidence) or a table row, and a label."""

    evidence: Evidence
    label: str = ""
    extra: list[Evidence] = field(default_factory=list)  # further sentences of the same aspect, in note order

    @property
    def words(self) -> int:
        return sum(map(_length, [self.evidence, *self.extra])) + len(self.label.split())


@dataclass
class TablePick:
    table: Table
    columns: list[int]
    rows: list[tuple[Row, Evidence | None]]
    lead: str = ""
    lead_rows: list[Evidence] = field(default_factory=list)


@dataclass
class Plan:
    """What a plan decided: the answer type and its parts, before citation numbers are given."""

    qtype: QType
    lead: list[Evidence] = field(default_factory=list)
    bullets: list[Item] = field(default_factory=list)
    table: TablePick | None = None
    computed_lead: str = ""
    table_first: bool = False  # a factoid answered by a table row: the row comes before the supporting sentences


class Planner:
    """Chooses and fills the plan for a question."""

    def __init__(self, settings: AnswerSettings, *, tokens: Callable[[str], list[str]],
                 embed: Callable[[str], Any] | None = None) -> None:
        self.s = settings
        self.tokens = tokens
        self.embed = embed
        self._titles: dict[str, np.ndarray] = {}

    # -- shared pieces ------------------------------------------------------------------------------------------------
    def _redundant(self, ev: Evidence, chosen: list[Evidence], limit: float | None = None) -> bool:
        """A near-copy of a chosen sentence that adds no figure of its own, or a sentence on the same subject
        whose figures (one is enough) the answer has all stated already in about the same words (the same
        benchmark told a second time: a note's key point and the body sentence it sums up)."""
        limit = self.s.redundancy if limit is None else limit
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
                          if not self._other_minerals(query, e.hit.metadata.get("minerals"), e.text)]
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
    def _other_minerals(query: ResolvedQuery, note_minerals: object, text: str = "") -> bool:
        """A sentence (or, with no ``text``, a note) about other minerals only ("gallium licences" for a question on
        rare earths): the sentence names only other minerals, or none, and its note's front matter lists none of
        those asked about (a note on the asked mineral may compare it with others); a note on critical minerals at
        large is on every subject."""
        asked = mineral_families(query.names("mineral"))
        if not asked:
            return False
        note = frozenset(m for m in str(note_minerals or "").split("|") if m)
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
        return own is not None and self._other_minerals(query, own.hit.metadata.get("minerals"))

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

    # -- plans --------------------------------------------------------------------------------------------------------
    def plan(self, query: ResolvedQuery, evidence: list[Evidence], question_vector: np.ndarray | None = None) -> Plan:
        if query.since is not None and self.embed is not None and question_vector is not None:
            # a window opened by a dated event: what frames the answer is what is asked, not the event
            plain = without_event_window(query.focus)
            if plain != query.focus:
                question_vector = np.asarray(self.embed(plain), dtype=np.float32)
        if query.qtype is not QType.FACTOID:
            # a broad question on some minerals: a sentence naming only others is about them, whatever else its note
            # covers (its framing note's sections, the sentences deepening a bullet)
            on_subject = [e for e in evidence if not self._names_other_minerals(query, e.text)]
            evidence = on_subject or evidence
        plan = self._plan(query, evidence, question_vector)
        if plan.qtype is not QType.FACTOID:
            self._answer_parts(query, plan, evidence)
        return plan

    def _answer_parts(self, query: ResolvedQuery, plan: Plan, evidence: list[Evidence]) -> None:
        """A compound broad question ("when did X start, and which members came in afterwards?"): the sentence answering
        each factoid part leads the answer, unless the answer holds it already."""
        if len(query.parts) < 2 or not evidence or len(evidence[0].part_scores) != len(query.parts):
            return
        rows = self._rows(evidence)
        front: list[Evidence] = []
        for i, part in enumerate(query.parts):
            if question_type(part) is not QType.FACTOID:
                continue
            best = max((e for e in evidence if e not in rows), key=lambda e: e.part_scores[i], default=None)
            if best is None or best.part_scores[i] < self.s.abstain_threshold:
                continue
            if any(e is best or float(np.dot(e.vector, best.vector)) >= self.s.redundancy for e in [*plan.lead,
                                                                                                   *front]):
                continue
            front.append(best)
        if front:
            for item in plan.bullets:  # a bullet sentence that now opens the answer is not said twice
                item.extra = [e for e in item.extra if e not in front]
                if item.evidence in front and item.extra:
                    item.evidence, item.extra = item.extra[0], item.extra[1:]
            plan.bullets = [item for item in plan.bullets if item.evidence not in front and not any(
                float(np.dot(item.evidence.vector, f.vector)) >= self.s.bullet_redundancy for f in front)]
            plan.lead = front + plan.lead

    def _plan(self, query: ResolvedQuery, evidence: list[Evidence], question_vector: np.ndarray | None) -> Plan:
        best = max((e.score for e in evidence), default=0.0)
        if query.qtype is QType.TREND:
            plan = self.trend(query, evidence, question_vector) or self.timeline(query, evidence, best)
            if plan is not None:
                return plan
        if query.qtype is QType.COMPARISON:
            plan = self.comparison(query, evidence, best)
            if plan is not None:
                return plan
        if query.qtype is QType.LIST:
            plan = self.listing(query, evidence, best, question_vector)
            if plan is not None:
                return plan
        if query.qtype in (QType.EXPLANATION, QType.TREND, QType.COMPARISON, QType.LIST):
            plan = self.explanation(query, evidence, best, question_vector)
            if plan is None:  # few sentences pass the broad gates: the relevant ones, with the gate alone
                plan = self.explanation(query, evidence, best, question_vector, relaxed=True)
            if plan is not None:
                return plan
        return self.factoid(query, evidence)

    def factoid(self, query: ResolvedQuery, evidence: list[Evidence]) -> Plan:
        ranked = sorted(evidence, key=lambda e: -e.score)
        if not ranked:
            return Plan(QType.FACTOID)
        best = ranked[0].score
        chosen: list[Evidence] = []
        rows = self._rows(evidence)

        asked = {kind: set(query.names(kind)) for kind in ("country", "mineral")}

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
            return any(names and names_of_kind(labels, kind) and not any(mentions(labels, n) for n in names)
                       for kind, names in asked.items())

        def take(ev: Evidence) -> bool:
            if ev in chosen or self._redundant(ev, chosen) or other_row(ev):
                return False
            if chosen and off_subject(ev):
                return False
            # table rows are long and alike: two from one table are enough
            if ev in rows and sum(1 for c in chosen if c in rows and c.hit.chunk_id == ev.hit.chunk_id) >= 2:
                return False
            chosen.append(ev)
            return True

        # "what is X?": first the best sentence that says what X is, of those answering nearly as well as the best
        if query.defines:
            defining = next((e for e in ranked if e.score >= self.s.relative_cutoff * best and e not in rows
                             and defines(e.text, query.defines)), None)
            if defining is not None:
                take(defining)
        # a follow-up swapping a name ("and Freedonia?"): first the best sentence naming it, not the previous answer's
        swapped = query.swapped
        naming = next((e for e in ranked if names_swapped(swapped, e)), None) if swapped else None
        if naming is not None:
            take(naming)
        # a compound question: first the best sentence for each part
        n_parts = len(ranked[0].part_scores)
        for i in range(n_parts):
            for ev in sorted(evidence, key=lambda e: -e.part_scores[i])[:5]:
                if ev.part_scores[i] < self.s.abstain_threshold:
                    break
                if ev in chosen or take(ev):
                    break
        if not chosen:
            chosen.append(next((e for e in ranked if not other_row(e)), ranked[0]))
        limit = min(self.s.max_sentences, len(chosen) + self.s.supporting)
        for ev in ranked:
            if len(chosen) >= limit:
                break
            if ev.score < self.s.relative_cutoff * best or ev.score < self.s.abstain_threshold * 0.9:
                break
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

    def explanation(self, query: ResolvedQuery, evidence: list[Evidence], best: float,
                    qv: np.ndarray | None = None, *, relaxed: bool = False) -> Plan | None:
        # (a trend told in prose, "how has X changed from 2012 to 2026?", wants the years between too)
        years = set() if query.qtype is QType.TREND else set(query.dated)
        pool = self._pool(evidence, best, years, relaxed=relaxed, query=query)
        if len(pool) < 2:
            return None
        # a question about one named programme or company ("how does Project Acme work?"): its aspects name it (in
        # the sentence or its heading), when enough do
        subject = self._one_name(query)
        about = [e for e in pool if subject is not None and mentions(f"{e.text} {e.heading}", subject)]
        everything = pool
        if len(about) >= self.s.min_bullets:
            pool = about
        # a question about a dated event ("the March 2024 rules") wants that event, not an explainer's overview
        framing = self._framing(evidence, qv, query, overview=not query.dated)
        if self._other_note(framing, evidence, query):
            framing = None
        lead = self._lead(pool, framing, evidence)
        # the framing note's sections are the first aspects, in its order, as far as the word budget allows ...
        bullets: list[Item] = []
        for e in self._sections(evidence, lead, framing, query):
            if len(bullets) >= 2 and self._words(lead, bullets) >= self.s.broad_words:
                break
            labelled = bullets and bullets[-1].evidence.heading == e.heading  # one section's sentences: one label
            bullets.append(Item(e, "" if labelled else self._label(e)))
        # ... and the other notes' aspects follow, each a note's section, its most relevant and central sentence
        for pick in self._aspects(pool, lead, bullets, skip=framing if bullets else None):
            bullets.append(Item(pick, self._label(pick)))
        if len(bullets) < 2 and framing is not None:  # no other note says more: the framing note's other sentences
            for pick in self._aspects(pool, lead, bullets):
                bullets.append(Item(pick, self._label(pick)))
        if len(bullets) < 2 and pool is not everything:  # the sentences naming it all say one thing: the rest too
            for pick in self._aspects(everything, lead, bullets):
                bullets.append(Item(pick, self._label(pick)))
        if len(bullets) < min(2, self.s.min_bullets):
            return None
        self._deepen(lead, bullets, evidence)
        return Plan(QType.EXPLANATION, lead=lead, bullets=bullets)

    def _aspects(self, pool: list[Evidence], lead: list[Evidence], taken: list[Item], *, skip: str | None = None,
                 limit: int | None = None, extra_words: int = 0) -> list[Evidence]:
        """Aspects beyond ``taken``: one per note section, relevance first, diversity (MMR) second, until the answer
        holds ``max_bullets`` bullets (or ``limit`` more) or its word budget; when the best sections only repeat the
        lead, the less relevant ones make up the ``min_bullets`` an explanation needs (else it falls back to a
        factoid's few sentences)."""
        limit = self.s.max_bullets - len(taken) if limit is None else limit
        used = {id(e) for e in lead} | {id(e) for item in taken for e in [item.evidence, *item.extra]}
        centrality = self._centrality(pool)
        groups: dict[tuple[str, str, int], list[Evidence]] = {}
        taken_sections = {(i.evidence.doc_id, i.evidence.heading) for i in taken}
        for e in pool:
            if id(e) in used or e.doc_id == skip or (e.doc_id, e.heading) in taken_sections:
                continue
            # a note's key points each sum up a different part of it: each is an aspect of its own
            part = e.position if e.section == "key_points" else -1
            groups.setdefault((e.doc_id, e.heading, part), []).append(e)
        aspects = []
        for members in groups.values():
            members.sort(key=lambda e: -e.score)
            top2 = sum(m.score for m in members[:2])
            pick = max(members, key=lambda e: 0.7 * e.score + 0.3 * centrality[id(e)]
                       + self.s.figure_boost * has_figure(e.text))
            aspects.append((top2, pick))
        if not aspects:
            return []
        aspects.sort(key=lambda a: -a[0])
        best = max(e.score for e in pool)
        floor = self.s.cluster_floor * aspects[0][0]
        candidates = [pick for score, pick in aspects if score >= floor]
        # relevance first: diversity only reorders the bullets that answer about as well as the best sentence does
        # (research/answering.md: "centrality and diversity should only reorder what passes")
        close = [e for e in candidates if e.score >= self.s.relative_cutoff * best]
        wanted = max(self.s.min_bullets - len(taken), 0)
        everyone = sorted(candidates, key=lambda e: -e.score)
        candidates = close if len(close) >= wanted else everyone[:max(wanted, len(close))]
        # the rest, in order of relevance, for when the best repeat the lead and too few bullets are left
        reserve = [e for e in everyone if e not in candidates]
        chosen_vectors = [*lead, *(i.evidence for i in taken)]
        per_doc: dict[str, int] = {}
        for item in taken:
            per_doc[item.evidence.doc_id] = per_doc.get(item.evidence.doc_id, 0) + 1
        words = self._words(lead, taken) + extra_words
        out: list[Evidence] = []
        while len(out) < limit and words < self.s.broad_words:
            if not candidates:
                if len(out) >= wanted or not reserve:
                    break
                candidates, reserve = reserve, []

            def mmr(e: Evidence) -> float:
                novelty = max((float(np.dot(e.vector, c.vector)) for c in chosen_vectors), default=0.0)
                spread = 0.05 * per_doc.get(e.doc_id, 0)  # a second bullet from one note needs a better reason
                return self.s.mmr_lambda * e.score - (1 - self.s.mmr_lambda) * novelty - spread
            pick = max(candidates, key=mmr)
            candidates.remove(pick)
            # (near-identical to a chosen sentence and stating no figure it lacks: the same point again; the same
            # sentence for another year, "54 in 2025, up from 46", is news)
            if any(float(np.dot(pick.vector, c.vector)) >= self.s.bullet_redundancy
                   and not amounts(pick.text) - amounts(c.text) for c in chosen_vectors):
                continue
            if self._repeats(pick, [*lead, *(i.evidence for i in taken), *out]):
                continue
            if per_doc.get(pick.doc_id, 0) >= 2:
                continue
            per_doc[pick.doc_id] = per_doc.get(pick.doc_id, 0) + 1
            chosen_vectors.append(pick)
            out.append(pick)
            words += _length(pick)
        return out

    @staticmethod
    def _words(lead: list[Evidence], items: list[Item]) -> int:
        return sum(map(_length, lead)) + sum(i.words for i in items)

    def _deepen(self, lead: list[Evidence], bullets: list[Item], evidence: list[Evidence],
                extra_words: int = 0, *, sides: list[str] | None = None) -> None:
        """While the answer is shorter than its word budget, give bullets, in order, a second sentence from their
        own section that adds something (a figure or a point the answer lacks); the first bullets of a comparison,
        one a side, never take a sentence naming another ``sides`` and not their own."""
        words = self._words(lead, bullets) + extra_words
        used = {id(e) for e in lead} | {id(e) for item in bullets for e in [item.evidence, *item.extra]}
        rows = self._rows(evidence)
        sides = sides or []
        for n, item in enumerate(bullets):
            if words >= self.s.broad_words:
                break
            head = item.evidence
            said = [*lead, *(e for i in bullets for e in [i.evidence, *i.extra])]
            more = [e for e in evidence if e.hit.chunk_id == head.hit.chunk_id and e.heading == head.heading
                    and id(e) not in used and e not in rows and not is_gap(e.text) and len(e.text.split()) >= 6
                    and e.semantic >= self.s.relevance_gate and not self._repeats(e, said)
                    and not self._says_again(e, said)]
            if n < len(sides):
                more = [e for e in more if self._names(e, sides[n], own_text=True) or not any(
                    self._names(e, other, own_text=True) for other in sides)]
            if not more:
                continue
            pick = max(more, key=lambda e: e.score)
            if words + len(pick.text.split()) > self.s.broad_words + 20:
                continue
            item.extra.append(pick)
            item.extra.sort(key=lambda e: e.position)
            used.add(id(pick))
            words += _length(pick)

    def _focus_note(self, evidence: list[Evidence], *, overview: bool = True) -> str | None:
        """A note that retrieval ranked first and again among its three best passages: a note about just what is
        asked (one deal, one programme, one mechanism), whose sections are then the answer's aspects. ``overview``
        False leaves explainers out (a question about a dated event wants that event, not an overview)."""
        by_rank: dict[int, str] = {}
        kinds: dict[str, str] = {}
        for e in evidence:
            if e.hit_rank <= 2:
                by_rank[e.hit_rank] = e.doc_id
                kinds[e.doc_id] = e.kind
        first = by_rank.get(0)
        if first is None or kinds.get(first) == "data-note" or (not overview and kinds.get(first) == "explainer"):
            return None
        return first if sum(1 for doc in by_rank.values() if doc == first) >= 2 else None

    def _sections(self, evidence: list[Evidence], lead: list[Evidence], explainer: str | None,
                  query: ResolvedQuery) -> list[Evidence]:
        """When the lead opens the framing note: the best sentence of each of its other sections, in the note's order.

        The framing note was written to answer the question (an explainer), or is about just what it asks (one
        package, one programme), so each of its sections is an aspect of the answer; none needs to pass the pool's
        gates (retrieval chose the note as a whole).
        """
        if explainer is None or not lead or all(e.doc_id != explainer for e in lead):
            return []
        doc = explainer
        rows = self._rows(evidence)
        sections: dict[str, list[Evidence]] = {}
        for e in evidence:
            if (e.doc_id == doc and e not in lead and e.section != "key_points" and e.heading and e not in rows
                    and not is_gap(e.text) and len(e.text.split()) >= 6):
                sections.setdefault(e.heading, []).append(e)
        # a note on several things, asked about one it names ("how does Project Acme work?"): the sections on it
        # (the other things the question names count too: "why did Acme and the Nordic suppliers stop?" wants the
        # sections on both)
        subject = self._one_name(query)

        def on(names: list[str]) -> dict[str, list[Evidence]]:
            return {h: m for h, m in sections.items()
                    if any(mentions(h, n) or any(mentions(e.text, n) for e in m) for n in names)}

        whole = sections
        on_subject = on([subject]) if subject is not None else {}
        if subject is not None and on_subject and len(on_subject) < len(sections):
            others = [n for n in query.names("country", "mineral", "organisation") if n not in GENERIC
                      and not on([n]).keys() & on_subject.keys()]  # named, and not where the subject is
            sections = on([subject, *others]) if others else on_subject
        focus = self._focus_heading(query, list(sections))
        if focus is not None:  # the question asks about one of the note's aspects: that section, told in full
            members = sorted(sections[focus], key=lambda e: (int(e.hit.metadata.get("position", 0)), e.position))
            return [e for e in members if not self._repeats(e, lead)][:self.s.focus_sentences]
        picks = []
        for members in sections.values():
            # the section's best sentence that does not repeat the lead (an opening often states a section's figure)
            ranked = sorted(members, key=lambda e: -(e.score + (0.05 if e.position == 0 else 0.0)
                                                     + self._enumeration(e, query) + self._deed(e, query)))
            fresh = [e for e in ranked if not self._repeats(e, lead)]
            if fresh:
                picks.append(fresh[0])
            elif not self._restates(ranked[0], lead, least=1):  # (one the lead's figures retell adds nothing; one
                picks.append(ranked[0])                         # only worded like the lead still does)
        points = [e for e in evidence if e.doc_id == doc and e.section == "key_points" and e not in lead
                  and not self._repeats(e, lead)]
        if sections is not whole:  # (only the key points on what the question is about)
            points = [k for k in points if subject is not None and mentions(k.text, subject)]
        told = self._summarise(picks, points, whole)
        told.sort(key=lambda e: (int(e.hit.metadata.get("position", 0)), e.position))
        if query.qtype is QType.LIST:
            return _breadth_first(told, self.s.max_items, summaries=[e for e in told if e not in picks])
        return told[:self.s.max_bullets]

    def _summarise(self, picks: list[Evidence], points: list[Evidence],
                   sections: dict[str, list[Evidence]]) -> list[Evidence]:
        """The note's key points stand in for the sections they sum up, and a section with key points is told by
        them, in their order, instead of its pick: key points are the note's own summary, denser than any one
        section's sentences. A key point sums up the section holding a sentence it restates (cosine
        ``bullet_redundancy``), else the section whose pick it is nearest, when that cosine is ``key_point_stand_in``
        or more (1.0: none does); one restating a section left out is left out too. Sections no key point sums up
        keep their pick, and so do those whose key points drop the pick's figures or dates (beside them)."""
        if not picks or not points:
            return picks
        at = {pick.heading: i for i, pick in enumerate(picks)}
        placed: dict[int, list[Evidence]] = {}
        for k in points:
            near = {h: max(float(np.dot(k.vector, e.vector)) for e in members) for h, members in sections.items()}
            heading = max(near, key=lambda h: near[h], default="")
            if heading and near[heading] >= self.s.bullet_redundancy:  # it restates a sentence of that section
                if heading in at and near[heading] >= self.s.key_point_stand_in:
                    placed.setdefault(at[heading], []).append(k)
                continue
            i = max(range(len(picks)), key=lambda i: float(np.dot(k.vector, picks[i].vector)))
            if float(np.dot(k.vector, picks[i].vector)) >= self.s.key_point_stand_in:
                placed.setdefault(i, []).append(k)
        out: list[Evidence] = []
        for i, pick in enumerate(picks):
            # (placed and labelled as the section it sums up)
            told = sorted(placed.get(i, []), key=lambda e: e.position)
            # (a key point that drops the pick's figures or dates sums it up beside it, unless it only retells the
            # pick: the same words, no figure of its own)
            beside = not told or not _keeps_figures(" ".join(k.text for k in told), pick.text)
            if told and beside:
                told = [k for k in told if float(np.dot(k.vector, pick.vector)) < self.s.bullet_redundancy
                        or not _keeps_figures(pick.text, k.text)]
            out += [dataclasses.replace(k, hit=pick.hit) for k in told]
            if beside:
                out.append(pick)
        return out

    @staticmethod
    def _one_name(query: ResolvedQuery) -> str | None:
        """The company or programme a question is about, when it names exactly one ("how does Project Acme work?")."""
        named = query.names("name")
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

    def _focus_heading(self, query: ResolvedQuery, headings: list[str]) -> str | None:
        """The one section heading that shares a two-word phrase with the question ("how does X use export licensing
        as a lever?" and "Export licensing from 2023 to 2025"), names aside: the question asks about that aspect of
        the note, not the note's whole subject."""
        # function words ("how far") and the corpus-wide words ("critical minerals") make no phrase of an aspect
        chunks = re.split(r"\||\b(?:" + "|".join(sorted(FUNCTION_WORDS)) + r")\b", without_names(query.focus, " | "),
                          flags=re.IGNORECASE)
        words = [self.tokens(chunk) for chunk in chunks if chunk]
        pairs = {(a, b) for chunk in words for a, b in zip(chunk, chunk[1:], strict=False)
                 if not ({a, b} & self._generic_tokens or YEAR.fullmatch(a) or YEAR.fullmatch(b))}
        matched = [h for h in headings if pairs & set(zip(self.tokens(h), self.tokens(h)[1:], strict=False))]
        if len(matched) != 1:
            return None
        # ... unless the question names what another section is about too ("the record at Acme and at Bolt"; a name
        # in several headings is the note's own subject, not one section's)
        named = [n for n in query.names() if n not in GENERIC and not mentions(matched[0], n)]
        if any(sum(mentions(h, n) for h in headings) == 1 for n in named):
            return None
        return matched[0]

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
        near = [c for c in chosen if float(np.dot(e.vector, c.vector)) >= 0.5]
        if not own <= {f for c in near for f in amounts(c.text)}:
            return False
        if not self.s.restate_new_words:
            return True
        words = self._content_words(told(e.text))
        said = {w for c in near for w in self._content_words(c.text)}
        return not words or len(words - said) / len(words) < self.s.restate_new_words

    def _says_again(self, e: Evidence, chosen: list[Evidence]) -> bool:
        """Whether a sentence with no figures of its own is mostly the words of chosen sentences on its subject: a
        section's second sentence that rewords its first ("covers the metals and oxides of the four elements" after
        "covers indium, tellurium, bismuth and gallium in metal and oxide forms") adds nothing to a bullet."""
        if amounts(e.text) or not self.s.restate_new_words:
            return False
        near = [c for c in chosen if float(np.dot(e.vector, c.vector)) >= 0.5]
        day = first_date(told(e.text))
        if day and day[2] and all(first_date(told(c.text)) != day for c in near):
            return False  # the day something happened is news ("banned on 3 May 2031" after "bans since 2031")
        words = self._content_words(told(e.text))
        said = {w for c in near for w in self._content_words(told(c.text))}  # (a shared source is no shared point)
        return bool(near and words) and len(words - said) / len(words) < self.s.restate_new_words

    def _content_words(self, text: str) -> set[str]:
        """The tokens of a text's words other than function words (names, years and all)."""
        return {t for w in re.findall(r"[A-Za-z][A-Za-z-]+", text) if w.lower() not in FUNCTION_WORDS
                for t in self.tokens(w)}

    def _framing(self, evidence: list[Evidence], qv: np.ndarray | None, query: ResolvedQuery, *,
                 overview: bool = True, items: bool = False) -> str | None:
        """The note that frames a broad answer: the explainer written for the question; else the note whose title
        is the question (one package, one programme, one mechanism); else the note retrieval ranked first and again.
        ``overview`` False leaves explainers out (a question about a dated event wants that event); ``items`` (a
        list question) takes a note whose title is the question even when one of its headings is closer: its
        sections are the items asked for ("what was in the package?")."""
        return ((self._best_explainer(evidence, qv, query) if overview else None)
                or self._title_note(evidence, qv, query, overview=overview, whole=not items)
                or self._focus_note(evidence, overview=overview))

    def _best_explainer(self, evidence: list[Evidence], question_vector: np.ndarray | None,
                        query: ResolvedQuery | None = None) -> str | None:
        """The explainer written for the question, when retrieval ranked one among the best passages.

        Passage retrieval reads a note's title and headings with its text, so it finds the explainers that fit
        better than any one sentence's similarity does; among those it ranked near the top, the one whose title
        (the question it was written to answer) is closest to the question wins. It frames the answer only when
        it names what the question names, and when its opening answers at least as well as its best section: a
        question about one of its aspects ("why is recycling slow?") is better answered from all the notes.
        """
        near = self._near(evidence, query, lambda e: e.kind == "explainer")
        if self.embed is not None and question_vector is not None:
            # (an explainer whose title all but restates the question was written for it, wherever its passages
            # ranked: retrieval may rank a broader overview's passages first)
            near |= {d: e for d, e in self._near(evidence, query, lambda e: e.kind == "explainer",
                                                  rank=len(evidence)).items()
                     if float(np.dot(self._title_vector(str(e.hit.metadata.get("title", ""))), question_vector))
                     >= self.s.explainer_title_close}
        if not near:
            return None
        if len(near) == 1 or self.embed is None or question_vector is None:
            doc = next(iter(near))
        else:
            titles = {d: str(e.hit.metadata.get("title", "")) for d, e in near.items()}
            doc = max(titles, key=lambda d: float(np.dot(self._title_vector(titles[d]), question_vector)))
        if self.embed is None or question_vector is None:
            return doc
        title = self._title_vector(str(near[doc].hit.metadata.get("title", "")))
        if float(np.dot(title, question_vector)) < self.s.explainer_title_min:
            return None
        # (a compound question may ask about two of its aspects, "why do Acme's smelters run late, and who pays?":
        # a title as close as a note's about just what is asked answers both)
        if query is not None and len(query.parts) > 1 and float(np.dot(title, question_vector)) >= \
                self.s.framing_title_min:
            return doc
        return doc if self._about_whole(doc, near[doc], evidence, question_vector) else None

    def _title_note(self, evidence: list[Evidence], question_vector: np.ndarray | None, query: ResolvedQuery, *,
                    overview: bool = True, whole: bool = True) -> str | None:
        """A note among the best passages whose title is close to the question: a note about just what is asked,
        whose sections are then the answer's first aspects (a data note's table is for the trend plan)."""
        if self.embed is None or question_vector is None:
            return None
        near = self._near(evidence, query, lambda e: e.kind != "data-note" and (overview or e.kind != "explainer"),
                          years=True)
        months = month_years(query.focus)
        scored = []
        for doc, e in near.items():
            title = str(e.hit.metadata.get("title", ""))
            cos = float(np.dot(self._title_vector(title), question_vector))
            # a note titled with the month the question names ("the March 2024 rules") is about that very event
            fit = cos + (0.2 if months & month_years(title) else 0.0)
            if fit >= self.s.framing_title_min:
                scored.append((fit, doc))
        if not scored:
            return None
        _, doc = max(scored)
        return doc if not whole or self._about_whole(doc, near[doc], evidence, question_vector) else None

    def _near(self, evidence: list[Evidence], query: ResolvedQuery | None, wanted: Callable[[Evidence], bool], *,
              years: bool = False, rank: int | None = None) -> dict[str, Evidence]:
        """Notes with a passage among the best ``explainer_rank`` that name (in title or summary) what the question
        names, and with ``years`` its years too; each with its best-ranked sentence."""
        near = {e.doc_id: e for e in sorted(evidence, key=lambda e: -e.hit_rank)
                if wanted(e) and e.hit_rank <= (self.s.explainer_rank if rank is None else rank)}
        if query is not None:
            named = [n for n in query.specific if not n.isdigit()]
            if years:
                named += query.dated
            # what the opening part of a compound question names is what the note is about (its title or summary);
            # a later part's names may be one of its sections ("..., and why do samarium magnets suit the military?")
            opening = query.specific_by_part[0]
            headings: dict[str, str] = {}
            for x in evidence:
                if x.doc_id in near and x.heading:
                    headings[x.doc_id] = f"{headings.get(x.doc_id, '')} {x.heading}"
            near = {doc: e for doc, e in near.items() if all(
                mentions(f"{e.hit.metadata.get('title', '')} {e.hit.metadata.get('summary', '')}"
                         + ("" if n in opening or n.isdigit() else f" {headings.get(doc, '')}"), n) for n in named)}
        return near

    def _about_whole(self, doc: str, e: Evidence, evidence: list[Evidence], question_vector: np.ndarray) -> bool:
        """The question is about the note's whole subject when it is closer to the note's title (the question the
        note answers) than to any one section heading (an aspect of it)."""
        headings = {x.heading.split(" > ")[-1] for x in evidence if x.doc_id == doc and x.heading
                    and x.section != "key_points"}
        title = str(e.hit.metadata.get("title", ""))
        whole = float(np.dot(self._title_vector(title), question_vector))
        aspect = max((float(np.dot(self._title_vector(h), question_vector)) for h in headings), default=-1.0)
        return whole + self.s.explainer_title_margin >= aspect

    def _title_vector(self, title: str) -> np.ndarray:
        vector = self._titles.get(title)
        if vector is None:
            assert self.embed is not None
            vector = self._titles[title] = np.asarray(self.embed(title), dtype=np.float32)
        return vector

    def _lead(self, pool: list[Evidence], explainer: str | None = None,
              evidence: list[Evidence] | None = None, bonus: Callable[[Evidence], float] | None = None
              ) -> list[Evidence]:
        """Two sentences that answer in brief: the opening of the explainer written for the question, else the
        best sentence (and the next one, when it continues it); ``bonus`` favours some (a list's enumeration)."""
        extra = bonus or (lambda e: 0.0)
        top = pool[:10]
        if explainer is not None:
            own = [e for e in (evidence or pool) if e.doc_id == explainer and e.section != "key_points"
                   and not is_gap(e.text)]
            intro = sorted((e for e in own if not e.heading and e.position <= 2), key=lambda e: e.position)
            if intro:
                return intro[:3]
            top = sorted(own, key=lambda e: -(e.score + extra(e)))[:3] or top
        if not top:
            return []

        def lead_score(e: Evidence) -> float:
            return (e.score + extra(e) + (0.03 if _CAUSAL.search(e.text) else 0.0)
                    + (0.02 if e.position == 0 else 0.0))
        first = max(top, key=lead_score)
        lead = [first]
        follow = next((e for e in top if e is not first and e.doc_id == first.doc_id
                       and abs(e.position - first.position) == 1 and e.hit.chunk_id == first.hit.chunk_id
                       and e.score >= 0.85 * first.score), None)
        if follow is not None:
            lead.append(follow)
            lead.sort(key=lambda e: e.position)
        return lead

    @staticmethod
    def _centrality(pool: list[Evidence]) -> dict[int, float]:
        if len(pool) < 2:
            return {id(e): 0.0 for e in pool}
        matrix = np.stack([e.vector for e in pool])
        sims = matrix @ matrix.T
        mean = (sims.sum(axis=1) - 1.0) / (len(pool) - 1)
        return {id(e): float(m) for e, m in zip(pool, mean, strict=True)}

    @staticmethod
    def _label(e: Evidence) -> str:
        """An explainer's section heading names its aspect; other notes' headings are not written as labels."""
        if e.kind != "explainer" or not e.heading or e.section == "key_points":
            return ""
        return e.heading.split(" > ")[-1]

    def timeline(self, query: ResolvedQuery, evidence: list[Evidence], best: float) -> Plan | None:
        """A change no table records, told in prose: the best sentence, then one sentence for each year it happened
        in (the year the sentence tells of, not the date its source spoke), in order of time, inside the question's
        window. None when the sentences tell of fewer than three years: then the aspects explain it."""
        pool = self._pool(evidence, best, query=query)
        # each step names what the question is about (a partnership's step, not a like one's launch that year)
        named = [n for n in [*query.names("name"), *query.specific] if not n.isdigit()]  # (specific: no group words)
        about = [e for e in pool if any(mentions(f"{e.text} {e.heading}", n) for n in named)]
        if named and len(about) >= self.s.min_bullets:
            pool = about
        dated = self._by_year(pool, query.since, query.until)
        if len(dated) < 3:
            return None
        lead = self._lead(pool)
        chosen: list[Evidence] = list(lead)
        picks: list[tuple[int, Evidence]] = []
        words = sum(map(_length, lead))
        # each year's best sentence, the best-answering years first while the word budget lasts
        firsts = sorted(((year, max(members, key=lambda e: e.score)) for year, members in dated.items()),
                        key=lambda p: -p[1].score)
        for year, _ in firsts:
            if len(picks) >= self.s.max_bullets or words >= self.s.broad_words:
                break
            fresh = [e for e in sorted(dated[year], key=lambda e: -e.score)
                     if e not in chosen and not self._redundant(e, chosen) and not self._repeats(e, chosen)]
            if not fresh:
                continue
            picks.append((year, fresh[0]))
            chosen.append(fresh[0])
            words += _length(fresh[0])
        if len(picks) < 2:
            return None
        picks.sort(key=lambda p: (p[0], p[1].hit_rank, p[1].position))
        bullets = [Item(e, str(year)) for year, e in picks]
        self._deepen(lead, bullets, evidence)
        return Plan(QType.TREND, lead=lead, bullets=bullets)

    def listing(self, query: ResolvedQuery, evidence: list[Evidence], best: float,
                qv: np.ndarray | None = None) -> Plan | None:
        pool = self._pool(evidence, best, set(query.dated), query=query)
        if len(pool) < 3:
            return None
        # a list about named things ("what has Canada done") holds items about them; an organisation named in
        # passing ("the ministry's rules") is enough named in the item's passage
        named = [n for n in query.specific if not n.isdigit()]
        bodies = set(query.names("organisation"))
        def names(e: Evidence, n: str) -> bool:
            return mentions(e.context, n) or (n in bodies and mentions(e.hit.text, n))

        # (things of one kind named together are each a subject: "what did Norway and Iceland launch?" lists what
        # either did; things of different kinds narrow each other: "what has Norway done about indium?")
        kinds = {e.name: e.kind for e in query.entities}
        by_kind: dict[str, list[str]] = {}
        for n in named:
            by_kind.setdefault(kinds.get(n, n), []).append(n)
        about = [e for e in pool if all(any(names(e, n) for n in group) for group in by_kind.values())]
        if named and len(about) < self.s.min_bullets:
            # few close sentences name them all: those past the gate alone that name what the question is about
            # (the thing it names first: "what is Ruritania doing about its reliance on Freedonia?")
            wide = self._pool(evidence, best, set(query.dated), relaxed=True, query=query)
            subject = self._subject(query, named)
            on_subject = [e for e in wide if subject is not None and names(e, subject)]
            if len(on_subject) > len(about):
                about = on_subject
        # a list about one numbered act ("what did Decree No. 9 require?"): the items that name it, in their sentence
        # or their note's title or heading, when enough do (the other decrees are other lists; a programme's name,
        # unlike a number, is often shortened, so only a number is held to)
        act = self._one_name(query)
        if act is not None and numbered(act):
            wide = self._pool(evidence, best, set(query.dated), relaxed=True, query=query)
            on_act = [e for e in wide if (not about or e in about or not named) and mentions(e.context, act)]
            if len(on_act) >= self.s.min_bullets:
                about = on_act
        need = self.s.min_bullets
        if about and (len(about) >= need or len(about) < len(pool)):
            # fewer items than usual about what is asked beat a full list about something else
            need = 1
            pool = about
        # ... and a list about a month ("the package of March 2024") holds what that month's notes say
        months = month_years(query.focus)
        if months:
            dated = [e for e in pool if months & month_years(e.context)]
            if len(dated) >= self.s.min_bullets:
                pool = dated
        # one item per section of a note (a note is one deal, programme or control; an overview, one per section)
        def weight(e: Evidence) -> float:
            """An item dated to the month reads better in a dated list; a sentence naming several things of the
            kind asked for ("which metals ...?") answers the list outright."""
            date = first_date(e.text)
            return e.score + (0.03 if date and date[1] else 0.0) + self._enumeration(e, query) + self._deed(e, query)

        items: dict[tuple[str, str], Evidence] = {}
        for e in pool:
            key = (e.doc_id, e.heading)
            current = items.get(key)
            if current is None or weight(e) > weight(current):
                items[key] = e
        framing = self._framing(evidence, qv, query, overview=not query.dated,
                               items=True)
        lead = self._lead(pool, framing, evidence, lambda e: self._enumeration(e, query)) if framing else []
        # a note about just what is asked (an overview written for the question, one package): its sections are
        # the first items, in its order; the other notes' items follow in date order
        framed = [e for e in self._sections(evidence, lead, framing, query) if e not in lead]
        subject = self._subject(query, named) if named else None
        # "which graphite curbs ...?": the overview's sections on graphite (a note titled with the subject is all
        # about it, though its sections need not name it again)
        title = next((str(e.hit.metadata.get("title", "")) for e in evidence if e.doc_id == framing), "")
        if subject is not None and framed and not mentions(title, subject):
            section_text: dict[str, str] = {}
            for x in evidence:
                if x.doc_id == framing:
                    section_text[x.heading] = f"{section_text.get(x.heading, x.heading)} {x.text}"
            framed = [e for e in framed if mentions(section_text.get(e.heading, e.heading), subject)]
        skip = framing if framed else None
        ranked = sorted((e for e in items.values() if e.doc_id != skip and e not in lead), key=lambda e: -weight(e))
        chosen: list[Evidence] = []
        per_doc: dict[str, int] = {}
        words = self._words(lead, [Item(e) for e in framed])
        for e in ranked:
            if len(framed) + len(chosen) >= self.s.max_items or (framed and words >= self.s.broad_words):
                break
            if any(float(np.dot(e.vector, c.vector)) >= self.s.bullet_redundancy for c in [*lead, *framed, *chosen]):
                continue
            # the same event from two notes: the same day, told alike
            day = first_date(e.text)
            if day and day[2] and any(first_date(c.text) == day and float(np.dot(e.vector, c.vector)) >= 0.6
                                      for c in [*framed, *chosen]):
                continue
            if per_doc.get(e.doc_id, 0) >= (4 if e.kind == "explainer" else 2):
                continue
            per_doc[e.doc_id] = per_doc.get(e.doc_id, 0) + 1
            chosen.append(e)
            words += _length(e)
        table = self._named_rows(query, evidence)
        ranking = self._ranked_rows(query, evidence) if table is None else None
        table = table or ranking
        if len(framed) + len(chosen) < need and table is None:
            return None
        chosen.sort(key=lambda e: (first_date(e.text) is None, first_date(e.text) or (0, 0, 0)))
        bullets = [Item(e) for e in [*framed, *chosen]]
        if table is not None:  # the table's rows are the first items; the rest as far as the word budget allows
            words = self._words(lead, []) + sum(len(" ".join(r.cells).split()) for r, _ in table.rows)
            kept: list[Item] = []
            if table is ranking and len(query.parts) < 2:
                # (beside a ranking, the sentences on what it ranks by: "reserves", "output"; a second part of the
                # question asks more)
                measure = set(self.tokens(table.table.columns[table.columns[1]])) - self._generic_tokens
                bullets = [item for item in bullets if measure & set(self.tokens(item.evidence.text))]
            for item in bullets:
                words += item.words
                if words > self.s.broad_words and kept:
                    break
                kept.append(item)
            return Plan(QType.LIST, lead=lead, bullets=kept, table=table)
        self._deepen(lead, bullets, evidence)
        return Plan(QType.LIST, lead=lead, bullets=bullets)

    def _enumeration(self, e: Evidence, query: ResolvedQuery) -> float:
        """The boost for a sentence that answers a list outright: it names three or more things of the kind asked
        for ("which metals ...?"), or, for a question about what something holds ("what did the rules cover?"),
        it enumerates ("a, b and c")."""
        if query.asks_for == "items":
            return self.s.enumeration_boost if _ENUMERATION.search(e.text) else 0.0
        if query.asks_for and len(names_of_kind(e.text, query.asks_for)) >= 3:
            return self.s.enumeration_boost
        return 0.0

    def _deed(self, e: Evidence, query: ResolvedQuery) -> float:
        """The boost for a list item that tells of a deed, when the question asks what someone did."""
        if query.qtype is not QType.LIST or not _DEEDS_ASKED.search(query.focus) or not _DEED.search(told(e.text)):
            return 0.0
        return self.s.deed_boost

    @staticmethod
    def _subject(query: ResolvedQuery, named: list[str]) -> str | None:
        """What a question is about among the things it names: the one named first, else the first of ``named``."""
        return query.first_named(among=named) or (named[0] if named else None)

    def _named_rows(self, query: ResolvedQuery, evidence: list[Evidence]) -> TablePick | None:
        """For a list about named things ("what has Ruritania funded?"): the rows of a data note's table whose label
        cells name them all, when one table has two or more such rows (a table of programmes by country)."""
        named = [n for n in query.specific if not n.isdigit()]
        if not named:
            return None
        by_table: dict[int, tuple[Table, list[tuple[Row, Evidence]]]] = {}
        table_rows = self._rows(evidence)
        minerals = set(query.names("mineral"))
        subject = self._subject(query, named)
        for wanted in (named, [subject] if subject is not None and len(named) > 1 else []):
            for e, (table, row) in table_rows.items():
                # a mineral the note's title names is what every row is about ("Indium programmes": each is
                # indium's); a country is looked for in the rows (a table of programmes by country)
                title = str(table.hit.metadata.get("title", ""))
                asked = [n for n in wanted if not (n in minerals and mentions(title, n))]
                labels = table.labels(row)
                if asked and all(mentions(labels, n) for n in asked):
                    by_table.setdefault(id(table), (table, []))[1].append((row, e))
            if by_table:
                break
        if not by_table:
            return None
        table, rows = max(by_table.values(), key=lambda t: (len(t[1]), max(e.score for _, e in t[1])))
        if len(rows) < 2:
            return None
        year_col = table.year_column
        rows.sort(key=lambda r: (r[0].year(year_col) or 0) if year_col >= 0 else 0)
        rows = rows[-self.s.max_table_rows:]
        return TablePick(table, table.display_columns([r for r, _ in rows]), [(r, e) for r, e in rows])

    def _ranked_rows(self, query: ResolvedQuery, evidence: list[Evidence]) -> TablePick | None:
        """For a list asking for countries or minerals by an amount ("which countries hold the most tellurium
        reserves?"): the rows of a data note's table that each name one such thing, largest first by the number
        column whose header the question's words name (a table of reserves by country), when three or more do."""
        kind = query.asks_for
        if kind not in ("country", "mineral"):
            return None
        asked = set(self.tokens(query.focus))
        groups: dict[tuple[str, tuple[str, ...]], tuple[Table, list[tuple[Row, Evidence]]]] = {}
        for e, (table, row) in self._rows(evidence).items():  # (a long table split over passages is one table)
            groups.setdefault((table.hit.doc_id, tuple(table.columns)), (table, []))[1].append((row, e))
        best: tuple[float, Table, int, list[tuple[Row, Evidence]]] | None = None
        for table, rows in groups.values():
            measure = [i for i in table.numeric_columns() if asked & set(self.tokens(table.columns[i]))]
            if not measure:
                continue
            named = [(r, e) for r, e in rows
                     if len(names_of_kind(table.labels(r), kind)) == 1 and r.value(measure[0]) is not None]
            score = max((e.score for _, e in named), default=0.0)
            if len(named) >= 3 and (best is None or score > best[0]):
                best = (score, table, measure[0], named)
        if best is None:
            return None
        _, table, column, named = best
        year_col = table.year_column
        latest = max((r.year(year_col) or 0 for r, _ in named), default=0) if year_col >= 0 else 0
        if latest:  # a ranking compares like with like: the latest year's rows, not an earlier estimate beside them
            named = [(r, e) for r, e in named if r.year(year_col) == latest]
        named.sort(key=lambda pair: -(pair[0].value(column) or 0.0))
        labels = table.label_columns()
        columns = [*labels[:1], column, *labels[1:]] + ([year_col] if year_col >= 0 else [])
        picked: list[tuple[Row, Evidence | None]] = [(r, e) for r, e in named[:self.s.max_table_rows]]
        return TablePick(table, columns, picked)

    def comparison(self, query: ResolvedQuery, evidence: list[Evidence], best: float) -> Plan | None:
        """Each side with its own sentence (one with a figure, where there is one), then context bullets."""
        sides = self._sides(query)
        if len(sides) < 2:
            return None
        rows = self._rows(evidence)  # a table row is never written as "Column: value" prose
        pool = sorted((e for e in evidence if e.semantic >= self.s.relevance_gate and e not in rows),
                      key=lambda e: -e.score)
        bullets: list[Item] = []
        used: list[Evidence] = []
        years = set(query.dated) - set(sides)  # (two years as the sides are no period to keep to)

        def in_period(e: Evidence) -> bool:
            """A sentence naming no year, or one the question asks about (not "2008-2009" for "after May 2024"); when
            its source spoke is no period."""
            named = told_years(e.text)
            return not years or not named or bool(named & years)

        for side in sides[:4]:
            # a sentence that names the side itself, with a figure where there is one; else one whose note does;
            # of the period asked about, where one is
            pick = next((e for period in (True, False)
                         for tier in ((True, True), (True, False), (False, True), (False, False)) for e in pool
                         if e not in used and self._names(e, side, own_text=tier[0])
                         and (has_figure(e.text) or not tier[1]) and (in_period(e) or not period)), None)
            if pick is None:
                return None
            used.append(pick)
            bullets.append(Item(pick, side[:1].upper() + side[1:]))
        both = next((e for e in pool if e not in used and all(self._names(e, s) for s in sides)
                     and e.score >= 0.8 * best), None)
        lead = [both] if both else []
        # then what else bears on the comparison: the notes' other aspects
        context = self._pool(evidence, best, set(query.dated), query=query)
        bullets += [Item(e) for e in self._aspects([e for e in context if e not in used], lead, bullets,
                                                   limit=self.s.context_bullets)]
        # each side first takes more sentences naming it; then the context bullets their own section's next sentence
        self._widen_sides(bullets[:len(sides[:4])], sides, lead, bullets, [e for e in context if in_period(e)])
        self._deepen(lead, bullets, [e for e in evidence if in_period(e)], sides=sides[:4])
        return Plan(QType.COMPARISON, lead=lead, bullets=bullets)

    def _widen_sides(self, side_items: list[Item], sides: list[str], lead: list[Evidence], bullets: list[Item],
                     context: list[Evidence]) -> None:
        """While the answer is shorter than its word budget, each side in turn takes one more relevant sentence that
        names it, from anywhere in its notes (of ``context``: those of the period asked about), adding a point the
        answer lacks (a side told in one sentence is half a comparison)."""
        words = self._words(lead, bullets)
        for _ in range(2):
            for item, side in zip(side_items, sides, strict=False):
                if words >= self.s.broad_words:
                    return
                said = [*lead, *(e for i in bullets for e in [i.evidence, *i.extra])]
                more = [e for e in context if e not in said and self._names(e, side, own_text=True)
                        and not any(self._names(e, other, own_text=True) for other in sides if other != side)
                        and not self._redundant(e, said) and not self._repeats(e, said)
                        and not any(float(np.dot(e.vector, c.vector)) >= self.s.bullet_redundancy for c in said)]
                if not more:
                    continue
                pick = max(more, key=lambda e: e.score)
                if words + _length(pick) > self.s.broad_words + 20:
                    continue
                item.extra.append(pick)
                words += _length(pick)

    def _names(self, e: Evidence, side: str, *, own_text: bool = False) -> bool:
        """Whether a sentence (with ``own_text`` False: or its note's title and heading) names one side, by name or
        by its words' stems ("refining" in "refined")."""
        if mentions(e.text if own_text else e.context, side):
            return True
        words = [w for w in re.findall(r"[a-z]{4,}", side.lower())]
        return bool(words) and all(re.search(rf"\b{re.escape(w[:5])}", e.text.lower()) for w in words)

    @staticmethod
    def _sides(query: ResolvedQuery) -> list[str]:
        """The things compared: the named things either side of "or" ("more dependent on X for A or for B?"), two
        or more named things of one kind, or the phrases around "and"/"vs"."""
        found = find_entities(query.focus)
        for joint in re.finditer(r"\bor\b", query.focus):
            for kind in ("mineral", "country", "alias"):
                before = [(name, end) for name, _, end in found[kind] if end <= joint.start()
                          and len(query.focus[end:joint.start()].split()) <= 2]
                after = [(name, start) for name, start, _ in found[kind] if start >= joint.end()
                         and len(query.focus[joint.end():start].split()) <= 2]
                if before and after and before[-1][0] != after[0][0]:
                    return [before[-1][0], after[0][0]]
        by_kind: dict[str, list[str]] = {}
        for e in query.entities:
            by_kind.setdefault(e.kind, []).append(e.name)
        for kind in ("country", "mineral", "organisation", "name"):
            if len(by_kind.get(kind, [])) >= 2:
                return by_kind[kind]
        years = list(dict.fromkeys(str(y) for y in query.years))
        if len(years) >= 2:  # "how did the 2010 price shock compare with 2025's?": the two periods
            return [years[0], years[-1]]
        # "Ruritania's record of smelting with its record of casting": the second side read past "its record of"
        match = re.search(r"(?:compare|between|of)\s+(?:[\w'-]+\s+){0,4}?([\w-]+)\s+(?:and|vs\.?|versus|with|to)\s+"
                          r"(?:(?:its|their|the|a|an|his|her)\s+)?(?:[\w-]+\s+of\s+)?([\w-]+)", query.focus,
                          re.IGNORECASE)
        if match:
            return [match.group(1), match.group(2)]
        return []

    def trend(self, query: ResolvedQuery, evidence: list[Evidence], qv: np.ndarray | None = None) -> Plan | None:
        rows = self._rows(evidence)
        if not rows:
            return None
        # the table whose rows answer best, among tables with a year column and a number column
        by_table: dict[int, tuple[Table, list[Evidence]]] = {}
        for e, (table, _) in rows.items():
            by_table.setdefault(id(table), (table, []))[1].append(e)
        scored = []
        told = [e for e in evidence if e not in rows]  # the notes' prose
        named = [n for n in query.specific if not n.isdigit()]
        asked_minerals = set(query.names("mineral"))
        form_asked = {t for w in re.findall(r"[a-z]+", query.focus.lower()) if w in ANSWER_FORM_WORDS
                      for t in self.tokens(w)}
        for table, members in by_table.values():
            # a series of figures, or (a question tracing what happened) a table of dated events
            if table.year_column < 0 or not (table.numeric_columns() or self._events(table, query)):
                continue
            # a series about something else is no answer: the table's note must name what the question names
            about = f"{table.hit.metadata.get('title', '')} {table.hit.metadata.get('heading', '')} {table.hit.text}"
            if any(not mentions(about, n) for n in named):
                continue
            # the measure the question names ("share", "price") in a number column's header
            headers = {t for i in table.numeric_columns() for t in self.tokens(table.columns[i])}
            form = self.s.table_title_weight if form_asked & headers else 0.0
            # a table that measures something else must answer about as well as the other notes' prose (its own
            # note telling its series in prose is no sign it is off the question)
            elsewhere = max((e.score for e in told if e.doc_id != table.hit.doc_id), default=0.0)
            floor = self.s.abstain_threshold * 0.9 if form else max(self.s.abstain_threshold * 0.9,
                                                                    self.s.table_relative * elsewhere)
            if max(m.score for m in members) < floor:
                continue
            # the best row's score, and a little for a note whose title is the question ("... by year"); a table
            # whose headers measure another mineral ("Magnet exports" for a question on rare earth exports) last
            title = str(table.hit.metadata.get("title", ""))
            fit = float(np.dot(self._title_vector(title), qv)) if self.embed is not None and qv is not None else 0.0
            measured = set(minerals_named(" ".join(table.columns)))
            other = bool(asked_minerals and measured and not measured & asked_minerals)
            scored.append((max(m.score for m in members) + self.s.table_title_weight * fit + form
                           - (1.0 if other else 0.0), table, members))
        if not scored:
            return None
        scored.sort(key=lambda t: -t[0])
        row_evidence = {id(row): e for e, (_, row) in rows.items()}

        def relevance(row: Row) -> float:
            return row_evidence[id(row)].score if id(row) in row_evidence else 0.0

        # the words and names the question uses, as written and canonical (for label cells)
        spans = [query.focus[a:b] for found in find_entities(query.focus).values() for _, a, b in found]
        words = self._plain_words(query.focus) | {t for n in [*query.names(), *spans] for t in self.tokens(n)}
        # the best table that holds a series over two or more periods
        for _, table, _members in scored:
            # a long table is split over passages: its pieces (same note, same columns) are one table again
            pieces = sorted((t for t, _ in by_table.values() if t.hit.doc_id == table.hit.doc_id
                             and t.columns == table.columns), key=lambda t: int(t.hit.metadata.get("position", 0)))
            if len(pieces) > 1:
                table = Table(table.hit, table.columns, [r for t in pieces for r in t.rows])
            year_col = table.year_column
            picked = []
            for row in table.rows:
                year = row.year(year_col)
                if year is None:
                    continue
                if query.since and year < query.since or query.until and year > query.until:
                    continue
                picked.append(row)
            # rows about what the question names, when the table has rows for several things (a note whose title
            # names it is about it in every row: "Acme's quotas" has rows for Acme's subsidiaries, all of them Acme's)
            labels = table.label_columns()
            title = str(table.hit.metadata.get("title", ""))
            unnamed = [n for n in named if not mentions(title, n)]
            if labels and unnamed:
                narrowed = [r for r in picked if any(mentions(r.cells[i], n) for i in labels for n in unnamed)]
                if narrowed:
                    picked = narrowed
            # ... and, column by column, the rows whose whole label is words the question uses ("China's share of
            # rare earth mining": the Mineral column's "Rare earths" rows, the Stage column's "Mining" rows), when
            # they still make a series
            for col in labels:
                if _UNIT_COL.search(table.columns[col]):
                    continue  # units and markets are kept alike by _one_unit
                matching = [r for r in picked if col < len(r.cells)
                            and set(self.tokens(_label_key(r.cells[col]))) <= words | {""}
                            and self.tokens(_label_key(r.cells[col]))]
                periods = {r.cells[year_col] for r in matching if year_col < len(r.cells)}
                if len(matching) < len(picked) and len(periods) >= 2:
                    picked = matching
            events = self._events(table, query)
            if events:  # each row an event: all of them in the window, none a series
                if len({r.year(year_col) for r in picked}) >= 2:
                    break
                continue
            one = self._one_series(picked, table, relevance)
            if one and picked and max(map(relevance, one)) < 0.85 * max(map(relevance, picked)):
                continue  # the only series is not what is asked (a table of assorted indicators): no trend table
            picked = one
            if len({r.cells[year_col] for r in picked if year_col < len(r.cells)}) >= 2:
                break  # a series over two or more periods
        else:
            return None
        picked.sort(key=lambda r: r.year(year_col) or 0)
        picked = picked[-self.s.max_table_rows:]
        series = [i for i in labels if len({r.cells[i] for r in picked if i < len(r.cells)}) == 1]
        units = [i for i, header in enumerate(table.columns) if _UNIT_COL.search(header)]
        columns = [year_col] + self._measure_columns(query, table) + units + (series[:1] or labels[:1])
        if events:  # what happened and when: the table's own first columns
            columns = table.display_columns(picked)[:self.s.event_columns]
        columns = list(dict.fromkeys(c for c in columns if c >= 0))
        pick = TablePick(table, columns, [(r, row_evidence.get(id(r))) for r in picked])
        measure = next((c for c in columns if c in table.numeric_columns()), None)
        computed = ""
        if measure is not None:
            first, last = picked[0], picked[-1]
            a, b = first.value(measure), last.value(measure)
            if (a is not None and b is not None and first.year(year_col) != last.year(year_col)
                    and _period_shape(first.cells[year_col]) == _period_shape(last.cells[year_col])):
                # a change is computed only between like periods (two years, two months; not a year and a quarter)
                change = f", {'+' if b >= a else ''}{(b - a) / a * 100:.0f}%" if a else ""
                peak = max(picked, key=lambda r: r.value(measure) or -math.inf)
                computed = (f"{table.columns[measure]}: {first.cells[measure]} {_at(first.cells[year_col])}, "
                            f"{last.cells[measure]} {_at(last.cells[year_col])}{change}")
                if peak is not last and peak is not first:
                    computed += f"; highest {peak.cells[measure]} {_at(peak.cells[year_col])}"
                computed += " (computed from the table's rows)."
        prose = [e for e in told if e.doc_id == table.hit.doc_id and not is_gap(e.text)]
        # the lead: the note's best sentence on the series (its key points, the note's own summary, favoured), and its
        # best key point besides
        boost = self.s.key_point_boost
        lead = sorted(prose, key=lambda e: -(e.score + boost * (e.section == "key_points")))[:1]
        lead += [e for e in sorted(prose, key=lambda e: -e.score)
                 if e.section == "key_points" and e not in lead and not self._repeats(e, lead)][:1]
        # after the table, what explains the series: the notes' other aspects, as far as the word budget allows
        table_words = sum(len(" ".join(r.cells[i] for i in columns if i < len(r.cells)).split()) + 1
                          for r in picked) + len(computed.split())
        # (relevance is measured against the best sentence, not the best row: rows answer a trend question closely)
        context = [e for e in self._pool(evidence, max((e.score for e in told), default=0.0))
                   if e not in lead]
        # where the series stops: the note's word that later years have no public figure ("no 2025 volume found")
        final_year = picked[-1].year(year_col) or 0
        gaps = [e for e in evidence if e.doc_id == table.hit.doc_id and is_gap(e.text)
                and any(final_year < int(y) <= (query.until or 9999) for y in YEAR.findall(e.text))]
        bullets = [Item(max(gaps, key=lambda e: e.score))] if gaps else []
        bullets += self._before(query, context, [*lead, *(i.evidence for i in bullets)], picked[0].year(year_col))
        # the table's own note explains its series: its aspects first, then the other notes'
        own = [e for e in context if e.doc_id == table.hit.doc_id]
        bullets += [Item(e) for e in self._aspects(own, lead, bullets, limit=self.s.trend_own_bullets,
                                                   extra_words=table_words)]
        bullets += [Item(e) for e in self._aspects(context, lead, bullets,
                                                   limit=max(self.s.context_bullets - len(bullets), 0),
                                                   extra_words=table_words)]
        self._deepen(lead, bullets, evidence, extra_words=table_words)
        return Plan(QType.TREND, lead=lead, table=pick, computed_lead=computed, bullets=bullets)

    def _before(self, query: ResolvedQuery, pool: list[Evidence], chosen: list[Evidence],
                first: int | None) -> list[Item]:
        """When a table starts years after the window the question opens ("since the 1990s" and a table from 2023):
        the years before it, told in prose by sentences with a figure (what the table would have shown), one
        sentence a year (the best-answering years, up to three), in order."""
        if not query.since or first is None or first - query.since < self.s.table_gap_years:
            return []
        figures = [e for e in pool if amounts(e.text)]
        by_year = {year: max(members, key=lambda e: e.score)
                   for year, members in self._by_year(figures, query.since, first - 1).items()}
        picks: list[tuple[int, Evidence]] = []
        for year, e in sorted(by_year.items(), key=lambda p: -p[1].score):
            if len(picks) >= 3:
                break
            if self._redundant(e, chosen) or self._restates(e, chosen, least=1):  # (a new figure is news)
                continue
            picks.append((year, e))
            chosen = [*chosen, e]
        return [Item(e, str(year)) for year, e in sorted(picks, key=lambda p: p[0])]

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

    @staticmethod
    def _events(table: Table, query: ResolvedQuery) -> bool:
        """A table of dated events (no number column, rows named by what happened) read for a question that traces
        what happened over time ("trace the sequence of the controls"), not for how much something changed."""
        return (not table.numeric_columns() and bool(table.label_columns())
                and _SEQUENCE.search(query.focus) is not None)

    @staticmethod
    def _one_series(rows: list[Row], table: Table, relevance: Callable[[Row], float] | None = None) -> list[Row]:
        """Rows of one consistent series: where a year has several rows (batches, scopes, indicators), keep the rows
        of one label that recurs across two or more years, so a trend compares like with like: the series whose rows
        answer the question best (``relevance``), then the one covering the most years."""
        year_col = table.year_column

        def period(r: Row) -> str:  # a month or a year, as the table names it ("June 2025", "2024")
            return r.cells[year_col].strip().lower() if 0 <= year_col < len(r.cells) else str(r.year(year_col))
        numeric = table.numeric_columns()
        # a row's name comes before its figures ("Indicator | Value"); a note after them ("| Added |") names no series
        name_columns = [i for i in table.label_columns() if numeric and i < min(numeric)]
        named_apart = any(len({_label_key(r.cells[i]) for r in rows if i < len(r.cells)}) > 1 for i in name_columns)
        if len({period(r) for r in rows}) == len(rows) and not named_apart:
            return Planner._like_periods(Planner._one_unit(rows, table), year_col)
        candidates: list[tuple[float, int, int, str]] = []
        for col in table.label_columns():
            keys = {id(r): _label_key(r.cells[col]) if col < len(r.cells) else "" for r in rows}
            for value in dict.fromkeys(keys[id(r)] for r in rows if keys[id(r)]):  # in row order
                members = Planner._one_unit([r for r in rows if keys[id(r)] == value], table)
                covered = len({period(r) for r in members})
                if covered >= 2:
                    fit = max(relevance(r) for r in members) if relevance is not None else 0.0
                    candidates.append((fit, covered, col, value))
        if not candidates and table.label_columns():
            return []  # a period holds rows of several things and none recurs: assorted indicators, no series
        if not candidates:
            return Planner._like_periods(rows, year_col)
        # series that answer about equally well (within 0.02): the one covering the most periods; ties in row order
        top = max(fit for fit, *_ in candidates)
        close = [c for c in candidates if c[0] >= top - 0.02]
        # a row's own name ("Measure") keys a series before a column describing it ("Scope"): a scope shared by
        # several measures would mix them
        close = [c for c in close if c[2] in name_columns] or close
        _, _, col, value = max(close, key=lambda c: c[1])
        return Planner._like_periods(Planner._one_unit(
            [r for r in rows if col < len(r.cells) and _label_key(r.cells[col]) == value], table), year_col)

    @staticmethod
    def _one_unit(rows: list[Row], table: Table) -> list[Row]:
        """The rows in the most common unit and market: a price in US$/kg beside one in yuan/t is no series."""
        for col, header in enumerate(table.columns):
            if _UNIT_COL.search(header) and rows:
                values = [_label_key(r.cells[col], names_only=True) if col < len(r.cells) else "" for r in rows]
                common = max(set(values), key=lambda v: (values.count(v), -values.index(v)))
                rows = [r for r, v in zip(rows, values, strict=True) if v == common]
        return rows

    @staticmethod
    def _like_periods(rows: list[Row], year_col: int) -> list[Row]:
        """The rows whose periods are alike (years with years, months with months): the most common shape."""
        shapes = [_period_shape(r.cells[year_col]) if year_col < len(r.cells) else "" for r in rows]
        if len(set(shapes)) <= 1:
            return rows
        common = max(set(shapes), key=lambda sh: (shapes.count(sh), -shapes.index(sh)))
        return [r for r, sh in zip(rows, shapes, strict=True) if sh == common]

    def _measure_columns(self, query: ResolvedQuery, table: Table) -> list[int]:
        """The number columns the question asks about (by their header words), else the first one or two."""
        numeric = table.numeric_columns()
        asked = set(self.tokens(query.focus))
        matched = [i for i in numeric if asked & set(self.tokens(table.columns[i]))]
        return matched[:3] or numeric[:2]
