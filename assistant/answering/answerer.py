"""The extractive answerer: the steps of the answer path in order, without an LLM.

Every sentence of an answer is a sentence of a note (connectives such as "However," trimmed), cited to the
source(s) that note names for it, so an answer never states what no source says. When the evidence does not
support an answer the assistant abstains with a named reason, says what it searched and lists the nearest notes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..lexicon import spelled_out
from ..settings import AnswerSettings
from ..text import content_terms
from ..types import Answer, Hit
from .abstain import AbstainReason, Decision, Gate, opens_on_gap
from .evidence import Scorer, gather
from .plans import Plan, Planner
from .query import QType, ResolvedQuery, part_texts
from .render import nearest, render


def asks_anew(query: ResolvedQuery, least: int) -> bool:
    """Whether a factoid follow-up, read with the previous question, asks something new of its subject in at least
    ``least`` content words of its own that the previous question lacks: "who flew to Oslo to sell it in May?", not
    "who backed it?", whose few words mean little without the previous question."""
    if query.qtype is not QType.FACTOID or "context" not in query.from_history:
        return False
    previous = set(content_terms(query.from_history["context"]))
    return len(set(content_terms(query.question)) - previous) >= least


class ExtractiveAnswerer:
    """Composes the cited answer for a resolved question from its retrieved passages.

    >>> answerer = ExtractiveAnswerer(AnswerSettings(), tokens=str.split, idf=lambda t: 1.0,
    ...                               in_vocabulary=lambda t: True)
    >>> answerer.compose(analyse("Why ...?"), hits, sentences, vector, searched="...").text  # doctest: +SKIP
    """

    def __init__(self, settings: AnswerSettings, *, tokens: Callable[[str], list[str]],
                 idf: Callable[[str], float], in_vocabulary: Callable[[str], bool],
                 embed: Callable[[str], Any] | None = None) -> None:
        self.settings = settings
        self.embed = embed
        self.scorer = Scorer(settings, tokens=tokens, idf=idf, in_vocabulary=in_vocabulary)
        self.gate = Gate(settings, tokens=tokens, in_vocabulary=in_vocabulary, embed=embed)
        self.planner = Planner(settings, tokens=tokens, embed=embed, idf=idf)

    def compose(self, query: ResolvedQuery, hits: list[Hit], sentences: Mapping[str, tuple[str, Any]],
                query_vector: list[float] | np.ndarray, *, searched: str, lexical_query: str | None = None) -> Answer:
        qv = np.asarray(query_vector, dtype=np.float32)
        evidence = gather(hits, sentences)
        part_vectors = None
        if len(query.parts) > 1 and self.embed is not None:
            part_vectors = [np.asarray(self.embed(p), dtype=np.float32) for p in part_texts(query)]
        event_free = None  # an explanation's or a list's window opened by a dated event: when, not what
        if query.event_free and self.embed is not None:
            event_free = np.asarray(self.embed(query.event_free), dtype=np.float32)
        # a factoid with its short names spelled out ("the Pentagon"), when it uses any: its one answering sentence
        # may use the other name (a broad answer is framed by notes and their sections, as before)
        spelled = None
        words = lexical_query or query.text
        spelled_words = spelled_out(words) if query.qtype is QType.FACTOID else words
        if self.embed is not None and spelled_words != words:
            spelled = np.asarray(self.embed(spelled_words), dtype=np.float32)
        own = None  # a follow-up asking something new of the previous question's subject: its own words, too
        if self.embed is not None and asks_anew(query, self.settings.followup_own_words):
            own = np.asarray(self.embed(query.question), dtype=np.float32)
        self.scorer.score(query, qv, evidence, part_vectors, lexical_query, event_free=event_free, spelled=spelled,
                          own=own)
        decision = self.gate.decide(query, evidence, qv)
        if decision.reason is AbstainReason.UNSETTLED and decision.gap is not None:
            answer = self.unsettled(query, decision, hits, searched)
        elif decision.abstain:
            answer = self.abstain(query, hits, searched, decision)
        else:
            plan = self.planner.plan(query, evidence, qv)
            if (query.is_followup and query.qtype is QType.FACTOID and plan.lead
                    and not plan.table_first and opens_on_gap(plan.lead[0].text, query.question)):
                # the sentence that answers a follow-up best is the notes' own statement that the record stops
                # there ("No public source named who chairs the council after Acme's term"), though the gate let it
                # through on the sentences of the answer just given: the record does not settle it, and the answer
                # says so (a question of its own is weighed against the gap statement by the gate)
                answer = self.unsettled(query, Decision(AbstainReason.UNSETTLED, best=decision.best,
                                                        gap=plan.lead[0]), hits, searched)
            elif not plan.lead and not plan.bullets and plan.table is None:
                answer = self.abstain(query, hits, searched, Decision(AbstainReason.NO_EVIDENCE, best=decision.best))
            else:
                answer = render(query.question, plan, hits, searched, more=self.settings.read_more)
                if decision.unmentioned:
                    answer.notice = (f"The sources never mention {', '.join(repr(u) for u in decision.unmentioned)}; "
                                     "this answers the rest of the question.")
        answer.confidence = decision.best
        return answer

    def unsettled(self, query: ResolvedQuery, decision: Decision, hits: list[Hit], searched: str) -> Answer:
        """An abstention whose reason is a cited sentence: the notes say the public record stops here."""
        assert decision.gap is not None
        cited = render(query.question, Plan(QType.FACTOID, lead=[decision.gap]), hits, searched, more=0)
        cited.text = ("The curated sources don't settle this. What they say: " + cited.text
                      + f" I searched {searched}.")
        cited.blocks = [{"type": "lead", "text": cited.text, "citations": [c.n for c in cited.citations]}]
        cited.abstained = True
        cited.answer_type = "abstention"
        cited.abstain_reason = AbstainReason.UNSETTLED.value
        cited.nearest = nearest(hits)
        return cited

    @staticmethod
    def abstain(query: ResolvedQuery, hits: list[Hit], searched: str, decision: Decision) -> Answer:
        near = nearest(hits)
        text = f"The curated sources don't cover this ({decision.describe()}). I searched {searched}."
        if near:
            text += " The nearest sources are: " + "; ".join(
                f"{n['title']}" + (f" ({n['publisher']}, {n['published']})" if n["publisher"] else "")
                for n in near) + "."
        return Answer(question=query.question, text=text, sentences=[], citations=[], abstained=True,
                      searched=searched, nearest=near, answer_type="abstention",
                      blocks=[{"type": "lead", "text": text, "citations": []}],
                      abstain_reason=decision.reason.value if decision.reason else "")
