"""The explanation plan: a short lead, then one bullet per aspect (a note's section), relevance first and diversity
second; its lead, aspects and deepening build the other broad plans too."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from ...figures import amounts, has_figure, month_years
from ...lexicon import GENERIC, mentions
from ..abstain import is_gap
from ..evidence import Evidence
from ..query import MONTH_WORD, QType, ResolvedQuery, asks_why
from .framing import FramingPlan
from .shapes import Item, Plan, _length

# words telling a cause, which both patterns below hold
_CAUSE = (r"because|retaliat\w*|prompted|triggered|in order to|due to|owing to|thanks to|as a result of|"
          r"result(?:s|ed)? from|caused by|blamed|reasons?|attribut(?:e|es|ed|ing) (?:\w+ ){1,6}to|"
          # "..., citing funding problems" gives a reason; "citing the Survey", "citing Acme Data" give a source
          r"citing\s+(?!(?:the|a|an|this|that|these|its|their|his|her|authors?|data|figures|sources?|analysts?|"
          r"officials?|people|reports?)\b)(?-i:[a-z])\w*")
# a sentence that explains (why something matters, what drives it): it leads a broad answer a little sooner
_CAUSAL = re.compile(rf"\b(?:{_CAUSE}|since|used in|used for|needed (?:for|in)|rely on|relies on|depend|so that|"
                     r"which is why|drives?|driven|power|essential|critical|key to|in (?:response|reply) to|"
                     r"aim(?:s|ed)? to)\b", re.IGNORECASE)
# a sentence giving the reason for a deed ("... as retaliation for the tariffs", "... to protect national security")
_REASON = re.compile(rf"\b(?:{_CAUSE}|in (?:response|reply|answer|return) to|aim(?:s|ed)? (?:to|at)|motive\w*|"
                     r"to (?:protect|safeguard|punish|counter|pressure)|justif\w+|"
                     # what made something happen ("state support helped Acme overtake ...", "... gave it a cost
                     # advantage")
                     r"help(?:ed|s)|enabl(?:ed|es)|led to|advantages?)\b", re.IGNORECASE)


def _months_asked(query: ResolvedQuery) -> set[str]:
    """The months a follow-up narrows the conversation to in its own words ("and by the November meeting?" after a
    question on August 2031: "november 2031"), with a year of its own or the one year the conversation is about.
    (A question of its own naming a month, "what followed the May 2031 rules?", names what it asks about, whose
    consequences other months tell.)"""
    if not query.from_history:
        return set()
    months = month_years(query.question)
    if not months and len(set(query.dated)) == 1:
        months = {f"{m.group(0).lower()} {query.dated[0]}" for m in MONTH_WORD.finditer(query.question)}
    return months - month_years(query.context)


class ExplanationPlan(FramingPlan):
    """Answers an explanation ("how", "why"): a lead, then the aspects as bullets, each deepened while words allow."""

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
        # a question about one month ("why did the plan look doomed by its November meeting?", after a question on
        # its August 2031 results) is answered by what the sentences of that month say, when two or more tell of it,
        # not by the framing note's opening on the whole story
        months = _months_asked(query)
        of_month = [e for e in pool if months & month_years(e.text)]
        if len(of_month) >= 2:
            pool, everything, framing = of_month, of_month, None
        # (a question about what something holds, "what did the 2031 rules cover?", is answered outright by the
        # sentence enumerating it)
        lead = self._lead(pool, framing, evidence, lambda e: self._enumeration(e, query), why=asks_why(query.focus),
                          summed=self._is_subject_note(framing, evidence, query))
        # the framing note's sections are the first aspects, in its order, as far as the word budget allows ...
        bullets: list[Item] = []
        for e in self._sections(evidence, lead, framing, query):
            if len(bullets) >= 2 and self._words(lead, bullets) >= self.s.broad_words:
                break
            labelled = bullets and bullets[-1].evidence.heading == e.heading  # one section's sentences: one label
            bullets.append(Item(e, "" if labelled else self._label(e)))
        # a why-question, and another note's section headed as the answer to that why: it follows the framing
        # note's sections, told in full
        if not any(self.why_headed(i.evidence.heading, query) for i in bullets):
            why = self._why_section(evidence, lead, framing, query)
            if why:
                bullets.append(Item(why[0], self._label(why[0]), extra=why[1:]))
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

    def _why_section(self, evidence: list[Evidence], lead: list[Evidence], framing: str | None,
                     query: ResolvedQuery) -> list[Evidence]:
        """The sentences, in the note's order, of the best-answering section of a note other than ``framing`` that is
        headed as the answer to the why the question asks (``why_headed``); [] when there is none."""
        rows = self._rows(evidence)
        sections: dict[tuple[str, str], list[Evidence]] = {}
        for e in evidence:
            if (e.doc_id != framing and e.section != "key_points" and e not in rows and e not in lead
                    and not is_gap(e.text) and self.why_headed(e.heading, query)):
                sections.setdefault((e.doc_id, e.heading), []).append(e)
        # (on what the question names: "why do the tin estimates vary?" is not answered by why lead-time ones do)
        names = [n for n in query.names() if n not in GENERIC]
        sections = {key: m for key, m in sections.items() if not names
                    or any(mentions(e.context, n) for e in m for n in names)}
        if not sections:
            return []
        members = max(sections.values(), key=lambda m: max(e.score for e in m))
        members.sort(key=lambda e: (int(e.hit.metadata.get("position", 0)), e.position))
        return [e for e in members if not self._repeats(e, lead)][:self.s.focus_sentences]

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

    def _lead(self, pool: list[Evidence], explainer: str | None = None,
              evidence: list[Evidence] | None = None, bonus: Callable[[Evidence], float] | None = None, *,
              why: bool = False, summed: bool = False) -> list[Evidence]:
        """Two sentences that answer in brief: the opening of the explainer written for the question, else the
        best sentence (and the next one, when it continues it); ``bonus`` favours some (a list's enumeration).
        Asked ``why``, an opening that gives no reason is followed by the note's best sentence that does. ``summed``
        (the framing note is the one on a country's deed the question asks about): a note that opens on its first
        section is summed up by its first key point, which says what the deed is ("Ruritania set up a 2 billion tin
        reserve in May 2031"), where its best-scoring sentence may be a detail of it."""
        extra = bonus or (lambda e: 0.0)
        # (not a sentence only restating what the question states before asking why: the user said it)
        pool = [e for e in pool if not e.restates] or pool
        evidence = [e for e in evidence if not e.restates] if evidence is not None else None
        top = pool[:10]
        told = top  # where a reason asked for is looked for: the framing note, else the best sentences
        if explainer is not None:
            own = [e for e in (evidence or pool) if e.doc_id == explainer and e.section != "key_points"
                   and not is_gap(e.text)]
            intro = sorted((e for e in own if not e.heading and e.position <= 2), key=lambda e: e.position)
            if intro:
                return self._with_wanted(intro[:3], own, why, extra)
            first_point = [e for e in (evidence or pool) if e.doc_id == explainer and e.section == "key_points"
                           and e.position == 0] if summed else []
            if first_point:
                return self._with_wanted(first_point, own, why, extra)
            top = sorted(own, key=lambda e: -(e.score + extra(e)))[:3] or top
            told = own or told
        if not top:
            return []
        if why:
            # (a reason may stand in another note, or further down the one framing the answer: "Acme banned tin
            # exports in May" leads, "officials called it retaliation for tariffs" ranks lower; it joins the lead
            # when it answers nearly as well; from another note, one whose passage retrieval ranked among the best)
            leading = {t.doc_id for t in top}
            told = list(dict.fromkeys([*told, *(e for e in pool if e.hit_rank <= self.s.explainer_rank
                                                 or e.doc_id in leading)]))

        def lead_score(e: Evidence) -> float:
            return (e.score + extra(e) + (0.03 if _CAUSAL.search(e.text) else 0.0)
                    + (0.02 if e.position == 0 else 0.0))
        # a sentence the bonus favours answers outright ("which metals ...?": one naming them): it leads when it
        # answers nearly as well as the best
        best = max(e.score for e in top)
        outright = [e for e in top if extra(e) > 0 and e.score >= self.s.relative_cutoff * best]
        first = max(outright or top, key=lead_score)
        lead = [first]
        follow = next((e for e in top if e is not first and e.doc_id == first.doc_id
                       and abs(e.position - first.position) == 1 and e.hit.chunk_id == first.hit.chunk_id
                       and e.score >= 0.85 * first.score), None)
        if follow is not None:
            lead.append(follow)
            lead.sort(key=lambda e: e.position)
        return self._with_wanted(lead, told, why, extra)

    def _with_wanted(self, lead: list[Evidence], candidates: list[Evidence], why: bool,
                     bonus: Callable[[Evidence], float]) -> list[Evidence]:
        """A lead that does not give what is asked for: its first two sentences and the best candidate that does, when
        that answers nearly as well: asked ``why``, a reason ("Ruritania banned tin exports on 1 May [what] ... as
        retaliation for tariffs [why]"); else one the ``bonus`` favours ("what did the rules cover?": "... covered
        tin, tungsten and indium")."""
        def wanted(e: Evidence) -> bool:
            return _REASON.search(e.text) is not None if why else bonus(e) > 0
        if not lead or any(wanted(e) for e in lead):
            return lead
        best = max(e.score for e in candidates)
        # (the bonus counts: what it favours answers outright, though its words may fit the question less)
        found = [e for e in candidates if e not in lead and wanted(e)
                 and e.score + (0.0 if why else bonus(e)) >= self.s.relative_cutoff * best]
        if not found:
            return lead
        pick = max(found, key=lambda e: e.score)
        # (a lead sentence it restates, reason aside, gives way to it: "Acme dropped the plant" before "Acme dropped
        # the plant, citing costs")
        return [*(e for e in lead[:2] if not self._redundant(e, [pick], self.s.bullet_redundancy)), pick]

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
