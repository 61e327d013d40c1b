"""The planner: the plan each question type gets, the fallbacks between them, and the lead a compound question's
factoid parts add."""

from __future__ import annotations

import numpy as np

from ..abstain import names_swapped
from ..evidence import Evidence
from ..query import QType, ResolvedQuery, question_type, without_event_window
from .comparison import ComparisonPlan
from .explanation import ExplanationPlan
from .factoid import FactoidPlan
from .listing import ListPlan
from .shapes import Item, Plan
from .trend import TrendPlan, amount_after_event


class Planner(FactoidPlan, ListPlan, ComparisonPlan, TrendPlan, ExplanationPlan):
    """Chooses and fills the plan for a question."""

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
            # ... and a follow-up swapping a name into one ("and Freedonia?" after "what did Ruritania commit to in
            # its pact?") asks about that name: a sentence on the previous question's one answers that one
            if query.swapped:
                evidence = [e for e in evidence if names_swapped(query.swapped, e)] or evidence
        plan = self._plan(query, evidence, question_vector)
        if plan.qtype is not QType.FACTOID:
            self._answer_parts(query, plan, evidence)
        return plan

    def _answer_parts(self, query: ResolvedQuery, plan: Plan, evidence: list[Evidence]) -> None:
        """A compound broad question ("when did X start, and which members came in afterwards?"): the sentence answering
        each factoid part leads the answer, and the one answering each later broad part opens the bullets, unless the
        answer holds it already."""
        if len(query.parts) < 2 or not evidence or len(evidence[0].part_scores) != len(query.parts):
            return
        rows = self._rows(evidence)
        front: list[Evidence] = []
        said = [*plan.lead, *(e for item in plan.bullets for e in (item.evidence, *item.extra))]
        asked: list[Evidence] = []
        for i, part in enumerate(query.parts):
            # (a later broad part of a compound question, "..., and why do buyers doubt the quotes?", too; a
            # follow-up's parts are one question read two ways)
            factoid = question_type(part) is QType.FACTOID
            if not factoid and (not i or query.context):
                continue
            best = max((e for e in evidence if e not in rows), key=lambda e: e.part_scores[i], default=None)
            if best is None or best.part_scores[i] < self.s.abstain_threshold:
                continue
            if not factoid:  # the sentence answering it best is the first bullet, unless the answer says it already
                if not any(e is best or float(np.dot(e.vector, best.vector)) >= self.s.bullet_redundancy
                           for e in [*said, *asked]):
                    asked.append(best)
                continue
            if any(e is best or float(np.dot(e.vector, best.vector)) >= self.s.redundancy for e in [*plan.lead,
                                                                                                   *front]):
                continue
            front.append(best)
        if asked and plan.bullets:  # (in the same room: the last bullets give way)
            keep = max(len(plan.bullets), self.s.max_bullets) - len(asked)
            plan.bullets = [Item(e) for e in asked] + plan.bullets[:keep]
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
            # (what happened to an amount after an event, no table of it found: what followed, not a timeline)
            plan = self.trend(query, evidence, question_vector) or (
                None if amount_after_event(query) else self.timeline(query, evidence, best))
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
