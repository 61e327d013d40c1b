"""The note that frames a broad answer (the explainer written for the question, a note titled with it, the note
retrieval ranked first and again) and the sections of it that become the answer's first aspects."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import numpy as np

from ...figures import MONTHS, amounts, figures, month_years, told, years
from ...lexicon import (
    FUNCTION_WORDS,
    GENERIC,
    MINERAL_GROUPS,
    find_entities,
    mentions,
    mineral_families,
    minerals_named,
    title_country,
    title_possessors,
    without_names,
)
from ..abstain import is_gap
from ..evidence import Evidence
from ..query import YEAR, QType, ResolvedQuery, asks_why, listed_noun
from .base import PlanBase

# a question asking for names, places or times ("which plants ...?", "who ...?", "where ...?", "when ...?")
_ASKS_NAMES = re.compile(r"\b(?:which|who|whom|where|when)\b", re.IGNORECASE)


# a count of things in a heading ("The five programme lines", "Three new levies", "Its 4 steps"): the words after it
_COUNT = re.compile(r"\b(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                    r"(?P<what>(?:[\w-]+\s+){0,2}[\w-]+)", re.IGNORECASE)
# words of figures that disagree ("Why the estimates differ", "why do the tin forecasts vary?")
_DIFFER = re.compile(r"\b(?:differ\w*|disagree\w*|diverg\w*|vary|varies|varied|spread|discrepanc\w*|far apart|"
                     r"inconsisten\w*)\b", re.IGNORECASE)


def _keeps_figures(summary: str, sentence: str) -> bool:
    """Whether a summary holds every amount a sentence holds, and every month and year it tells of (not the date its
    source spoke); it may hold more."""
    said, sums = told(sentence), told(summary)
    return (amounts(sentence) <= amounts(summary) and month_years(said) <= month_years(sums)
            and years(said) <= years(sums))


def _retells_headline(summary: str, sentence: str) -> bool:
    """Whether a sentence's first measured amount (its headline figure: a share, a sum, an amount in a unit; not a
    bare count such as "the 17 elements", nor a year) is one a summary gives."""
    first = next((f for f in figures(told(sentence)) if not YEAR.fullmatch(f.raw.strip())), None)
    if first is None or not (first.percent or first.currency or re.search(r"[A-Za-z]", first.raw)):
        return False
    return bool(amounts(first.raw) & amounts(summary))


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


# the number of one act of a numbered series ("Decree No. 4", "Notice No. 12")
_ACT_NO = re.compile(r"\bNo\.\s*(\d+)\b")


def _by_act(heading: str, members: list[Evidence]) -> dict[str, list[Evidence]]:
    """A section's sentences by the one numbered act each names ("Decree No. 4 covered ..."), when two or more acts
    have their own sentences; the others stay with the section."""
    acts = {e: set(_ACT_NO.findall(e.text)) for e in members}
    own = {next(iter(numbers)) for numbers in acts.values() if len(numbers) == 1}
    if len(own) < 2:
        return {heading: members}
    out: dict[str, list[Evidence]] = {}
    for e in members:
        numbers = acts[e]
        key = f"{heading}\n{next(iter(numbers))}" if len(numbers) == 1 else heading
        out.setdefault(key, []).append(e)
    return out


def _names(text: str, name: str) -> bool:
    """Whether a note's title and summary name something asked about: a group of minerals by its whole family too
    (a note on "rare earth controls" is about the controls on heavy rare earths)."""
    return mentions(text, name) or (name in MINERAL_GROUPS
                                    and bool(mineral_families([name]) & mineral_families(minerals_named(text))))


class FramingPlan(PlanBase):
    """Chooses the note that frames a broad answer, and its sections."""

    def _framing(self, evidence: list[Evidence], qv: np.ndarray | None, query: ResolvedQuery, *,
                 overview: bool = True, items: bool = False) -> str | None:
        """The note that frames a broad answer: the explainer written for the question; else the note whose title
        is the question (one package, one programme, one mechanism); else the note retrieval ranked first and again.
        ``overview`` False leaves explainers out (a question about a dated event wants that event); ``items`` (a
        list question) takes a note whose title is the question even when one of its headings is closer: its
        sections are the items asked for ("what was in the package?")."""
        return ((self._best_explainer(evidence, qv, query) if overview else None)
                or self._title_note(evidence, qv, query, overview=overview, whole=not items)
                or self._focus_note(evidence, query, overview=overview))

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
        countries = self._countries(query) if query is not None else []
        if self.embed is not None and question_vector is not None:
            # (an explainer whose title all but restates the question was written for it, wherever its passages
            # ranked: retrieval may rank a broader overview's passages first; so was one whose title opens on the
            # first of the countries a question names, "what is Ruritania doing about its reliance on Freedonia?")
            near |= {d: e for d, e in self._near(evidence, query, lambda e: e.kind == "explainer",
                                                  rank=len(evidence)).items()
                     if self._title_fit(e, question_vector) >= self.s.explainer_title_close
                     or len(countries) > 1 and self._title_country(e) == countries[0]}
        near = {d: e for d, e in near.items() if self._titled_on_bodies(e, query)}
        if not near:
            return None
        if self._subject_note(evidence, query) is not None:
            return None  # (no explainer is titled on the country the question's verb has as subject: ``_title_note``)
        doer = query.deeds_of if query is not None else None
        own = [d for d, e in near.items() if doer is not None and self._title_country(e) == doer]
        if own:
            # "what steps has Ruritania taken against Freedonia's tin ban?": the explainer on what Ruritania is doing
            # tells its deeds, however closely its title's words fit the question's
            return own[0] if len(own) == 1 or question_vector is None else max(
                own, key=lambda d: self._title_fit(near[d], question_vector))
        if len(countries) > 1:
            # a question naming two countries is about the first ("how will Ruritania lessen its need for
            # Freedonia's tin?"): an explainer whose title opens on it, else one whose title names it, beats one naming
            # it only in passing
            titled = ({d: e for d, e in near.items() if self._title_country(e) == countries[0]}
                      or {d: e for d, e in near.items()
                          if mentions(str(e.hit.metadata.get("title", "")), countries[0])})
            if titled:
                near = titled
        # an explainer whose title shares a word of what is asked beats ones whose titles share only the
        # corpus-wide words ("what are the risks of price caps on critical minerals?": the one on price caps, not
        # the one on what critical minerals are)
        asked = self._plain_words(query.focus) if query is not None else set()
        sharing = {d: e for d, e in near.items() if self._title_holds(str(e.hit.metadata.get("title", "")), asked)}
        if sharing:
            near = sharing
        elif self._titled_on_asked(evidence, query) is not None:
            return None  # (the one note whose title holds what is asked is about it: ``_titled_on_asked``)
        if len(near) == 1 or self.embed is None or question_vector is None:
            doc = next(iter(near))
        else:
            doc = max(near, key=lambda d: self._title_fit(near[d], question_vector))
        if self.embed is None or question_vector is None:
            return doc
        closeness = self._title_fit(near[doc], question_vector)
        if closeness < self.s.explainer_title_min:
            return None
        # a note that is no explainer, which retrieval ranked first, and whose title is closer to the question, is
        # about what is asked, where the explainer is about something near it
        # (one question: each part of a compound one may be about another note)
        first = next((e for e in evidence if e.hit_rank == 0), None)
        if (first is not None and first.kind not in {"explainer", "data-note"}
                and (query is None or len(query.parts) <= 1)
                and self._title_fit(first, question_vector) > closeness + self.s.explainer_title_beaten):
            return None
        # (a compound question may ask about two of its aspects, "why do Acme's smelters run late, and who pays?":
        # a title as close as a note's about just what is asked answers both)
        if query is not None and len(query.parts) > 1 and closeness >= self.s.framing_title_min:
            return doc
        return doc if self._about_whole(doc, near[doc], evidence, question_vector) else None

    @staticmethod
    def _titled_on_bodies(e: Evidence, query: ResolvedQuery | None) -> bool:
        """For a question asking for named things of a kind ("which nations belong to the Acme Pact?"), whether a
        note's title names the bodies, companies and programmes the question names: a note framing its answer is
        about them, and a broad overview that names one in its summary is about something wider."""
        if query is None or query.asks_for not in ("country", "company", "mineral"):
            return True
        title = str(e.hit.metadata.get("title", ""))
        opening, firms = query.specific_by_part[0], query.names("name")
        return all(mentions(title, n) for n in query.names("organisation", "name") if n in opening or n in firms)

    def _title_note(self, evidence: list[Evidence], question_vector: np.ndarray | None, query: ResolvedQuery, *,
                    overview: bool = True, whole: bool = True) -> str | None:
        """A note among the best passages whose title is close to the question: a note about just what is asked,
        whose sections are then the answer's first aspects (a data note's table is for the trend plan)."""
        if self.embed is None or question_vector is None:
            return None
        def wanted(e: Evidence) -> bool:
            return e.kind != "data-note" and (overview or e.kind != "explainer")
        only = self._titled_on_asked(evidence, query)  # (wherever it ranked)
        titled = {} if only is None else {
            d: e for d, e in self._near(evidence, query, wanted, years=True, rank=len(evidence)).items() if d == only}
        subject = None if titled else self._subject_note(evidence, query)
        if subject is not None:
            # the note on the deeds of the country the question's verb has as subject, however closely its title's
            # words fit and though it need not name the country they answer ("Ruritania's 2031 tin reserve" for
            # "how is Ruritania cutting its reliance on Freedonia?"), is about all that is asked
            return subject.doc_id
        near = titled or self._near(evidence, query, wanted, years=True)
        months = month_years(query.focus)
        if not titled and months and query.event_free:
            # (and, for a question whose window a dated event opens, a note titled with the event's month, wherever
            # retrieval ranked it: "what followed for carmakers after Acme's May 2031 ban?" ranks the notes on the
            # ban itself first, and the note on what followed it, "How Acme's May 2031 ban hit carmakers", lower)
            near = {**near, **{d: e for d, e in self._near(evidence, query, wanted, years=True,
                                                          rank=len(evidence)).items()
                               if months & month_years(str(e.hit.metadata.get("title", "")))}}
        near = {d: e for d, e in near.items() if self._titled_on_bodies(e, query)}
        scored = []
        for doc, e in near.items():
            title = str(e.hit.metadata.get("title", ""))
            cos = float(np.dot(self._title_vector(title), question_vector))
            # a note titled with the month the question names ("the March 2024 rules") is about that very event
            fit = cos + (0.2 if months & month_years(title) else 0.0)
            # (the one title holding the question's own word needs to be only as close as an explainer's: its other
            # words may be the note's own, "Ruritania's tin stockpiles: the 1939 reserve and the 2031 fund")
            if fit >= (self.s.explainer_title_min if titled else self.s.framing_title_min):
                scored.append((fit, doc))
        if not scored:
            return None
        _, doc = max(scored)
        return doc if not whole or self._about_whole(doc, near[doc], evidence, question_vector) else None

    def _subject_note(self, evidence: list[Evidence], query: ResolvedQuery | None) -> Evidence | None:
        """For a broad question whose verb has a country as its subject ("how is Ruritania cutting its need for
        tin?") when no explainer's title opens on that country: the best-ranked note (no data note) whose title
        does ("Ruritania's 2031 tin reserve"), which tells what that country does."""
        country = None if query is None else query.acting_country
        if country is None:
            return None
        titled = [e for e in evidence if self._title_country(e) == country]
        if any(e.kind == "explainer" for e in titled):
            return None
        # (no title opens on it: one naming something of its own, "G7 plans and Ruritania's tin alliance")
        titled = titled or [e for e in evidence
                            if country in title_possessors(str(e.hit.metadata.get("title", "")))]
        return min((e for e in titled if e.kind != "data-note"), key=lambda e: e.hit_rank, default=None)

    def _is_subject_note(self, doc: str | None, evidence: list[Evidence], query: ResolvedQuery) -> bool:
        """Whether a note is the one on the deeds of the country the question asks about (``_subject_note``) and
        its title opens on that country (one naming it as an owner only, "the G20 plan and Ruritania's tin
        alliance", is first about something else)."""
        subject = self._subject_note(evidence, query) if doc is not None else None
        return (subject is not None and subject.doc_id == doc
                and self._title_country(subject) == query.acting_country)

    def _title_holds(self, title: str, asked: set[str]) -> bool:
        """Whether a note's title holds one of the question's own words (``_plain_words``)."""
        return bool(asked & set(self.tokens(title)))

    def titled_on_asked(self, titles: dict[str, str], query: ResolvedQuery | None) -> str | None:
        """Of some notes (their titles by id), the one whose title holds a word of the question's own
        (``_plain_words``), when only one does: it is about what is asked ("how is Ruritania stockpiling tin?": the
        note titled on Ruritania's tin stockpiles), where a note whose title shares only the corpus-wide words (what
        critical minerals are) would frame the answer with something else; a word several titles hold ("outside",
        "plans") tells no subject. Not for a question asking for names of a kind ("which countries signed tin
        pacts?"): one note titled on one of them ("the Ruritania tin pact") would lead the answer with one item; but
        for one asking what a thing holds ("what is in the Acme package?"): the note titled on it tells that."""
        if query is None or query.asks_for not in ("", "items"):
            return None
        # (first the names of programmes or firms the question gives, when one title alone names them all: "what is
        # in the Acme Plan?" is answered by the note titled on the Acme Plan, though other titles hold "plan"; one
        # titled on Acme alone does not answer "what went wrong at Acme and Bolt?")
        names = query.names("name")
        named = [doc for doc, title in titles.items() if names and all(mentions(title, n) for n in names)]
        if len(named) == 1:
            return named[0]
        asked = self._plain_words(query.focus)
        docs = [doc for doc, title in titles.items() if self._title_holds(title, asked)]
        return docs[0] if len(docs) == 1 else None

    def headed_on_asked(self, heading: str, query: ResolvedQuery) -> bool:
        """Whether a section's heading holds a word of the question's own (``_plain_words``): the table headed
        "Tin reserves by country" is what "how big are Ruritania's tin reserves?" asks for. Not for a question asking
        for names, places or times ("which tin plants are sized at 900 t?" is answered by the sentences naming them,
        and a table's row would crowd them out)."""
        # (a follow-up swapping a name into such a question, "and Iceland?" after "who holds the second-largest tin
        # reserves?", gives the name: it asks for Iceland's figure)
        return ((not _ASKS_NAMES.search(query.focus) or bool(query.swapped))
                and self._title_holds(heading, self._plain_words(query.focus)))

    def _titled_on_asked(self, evidence: list[Evidence], query: ResolvedQuery | None) -> str | None:
        """``titled_on_asked`` of the notes some evidence comes from."""
        return self.titled_on_asked({e.doc_id: str(e.hit.metadata.get("title", "")) for e in evidence}, query)

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
            # the countries after the first that the opening names are what its subject deals with ("how does
            # Ruritania cut its reliance on Freedonia?" is about Ruritania): a note may name them in any passage
            asked = self._countries(query)
            counterparts = set(asked[1:])
            headings: dict[str, str] = {}
            for x in evidence:
                if x.doc_id in near:
                    said = f"{x.heading} {x.text}" if counterparts else x.heading
                    headings[x.doc_id] = f"{headings.get(x.doc_id, '')} {said}"
            near = {doc: e for doc, e in near.items() if all(
                _names(f"{e.hit.metadata.get('title', '')} {e.hit.metadata.get('summary', '')}"
                       + ("" if n in opening and n not in counterparts or n.isdigit()
                          else f" {headings.get(doc, '')}"), n) for n in named)}
            near = {doc: e for doc, e in near.items() if self._on_asked_country(e, asked)}
        return near

    @staticmethod
    def _title_country(e: Evidence) -> str | None:
        """The country its note's title opens on (``title_country``)."""
        return title_country(str(e.hit.metadata.get("title", "")))

    def _on_asked_country(self, e: Evidence, asked: list[str]) -> bool:
        """Whether a note's title opens on no country or on one the question names: for a question on a country,
        a note on another country is about that one, whoever it mentions."""
        titled = self._title_country(e)
        return not asked or titled is None or titled in asked

    @staticmethod
    def _countries(query: ResolvedQuery) -> list[str]:
        """The countries (and blocs) the opening part of a question names, in the order it names them."""
        opening = query.parts[0] if query.parts else query.focus
        asked = set(query.names("country"))
        spans = sorted(find_entities(opening).get("country", []), key=lambda span: span[1])
        return list(dict.fromkeys(name for name, _, _ in spans if name in asked and name not in GENERIC))

    def _about_whole(self, doc: str, e: Evidence, evidence: list[Evidence], question_vector: np.ndarray) -> bool:
        """The question is about the note's whole subject when it is closer to the note's title (the question the
        note answers) than to any one section heading (an aspect of it)."""
        headings = {x.heading.split(" > ")[-1] for x in evidence if x.doc_id == doc and x.heading
                    and x.section != "key_points"}
        title = str(e.hit.metadata.get("title", ""))
        whole = float(np.dot(self._title_vector(title), question_vector))
        aspect = max((float(np.dot(self._title_vector(h), question_vector)) for h in headings), default=-1.0)
        return whole + self.s.explainer_title_margin >= aspect

    def _title_fit(self, e: Evidence, question_vector: np.ndarray) -> float:
        """The question's cosine to the title of the note a passage comes from (the question that note answers)."""
        return float(np.dot(self._title_vector(str(e.hit.metadata.get("title", ""))), question_vector))

    def _title_vector(self, title: str) -> np.ndarray:
        vector = self._titles.get(title)
        if vector is None:
            assert self.embed is not None
            vector = self._titles[title] = np.asarray(self.embed(title), dtype=np.float32)
        return vector

    def _focus_note(self, evidence: list[Evidence], query: ResolvedQuery, *, overview: bool = True) -> str | None:
        """A note that retrieval ranked first and again among its three best passages: a note about just what is
        asked (one deal, one programme, one mechanism), whose sections are then the answer's aspects, when its front
        matter lists the countries the question asks about (a note on the whole field that ranks first for "what
        part does Ruritania play in the field?" says nothing of Ruritania). ``overview`` False leaves explainers out
        (a question about a dated event wants that event, not an overview). An explainer frames only when the question
        names what its title's opening names, minerals aside: one ranked first for "what replaces tin solder?"
        because it explains "why tin matters for AI chips" would open the answer on AI."""
        by_rank: dict[int, str] = {}
        kinds: dict[str, str] = {}
        for e in evidence:
            if e.hit_rank <= 2:
                by_rank[e.hit_rank] = e.doc_id
                kinds[e.doc_id] = e.kind
        first = by_rank.get(0)
        if first is None or kinds.get(first) == "data-note" or (not overview and kinds.get(first) == "explainer"):
            return None
        if sum(1 for doc in by_rank.values() if doc == first) < 2:
            return None
        note = next(e for e in evidence if e.doc_id == first)
        if note.kind == "explainer":
            opening = str(note.hit.metadata.get("title", "")).split(":")[0]
            if not all(mentions(query.text, name) for kind, spans in find_entities(opening).items()
                       if kind != "mineral" for name, _, _ in spans if name not in GENERIC):
                return None
        listed = str(note.hit.metadata.get("countries", "")).split("|")
        # (the countries the opening part names: "why are mines slow, and what does it mean for Ruritania?" is about
        # mines; a note whose title opens on another country is about that one)
        named = self._countries(query)
        return first if all(n in listed for n in named) and self._on_asked_country(note, named) else None

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
        # (a question on what the note's subject holds, "what is in the Acme plan?", names that subject in the
        # words of its title: the title's phrases are no aspect then)
        title = next((str(e.hit.metadata.get("title", "")) for e in evidence if e.doc_id == doc), "")
        focus = self._focus_heading(query, list(sections), title, items=query.asks_for == "items")
        if focus is not None:  # the question asks about one of the note's aspects: that section, told in full
            members = sorted(sections[focus], key=lambda e: (int(e.hit.metadata.get("position", 0)), e.position))
            # (a section counting a list's items holds them, one a sentence: "The four levies in the package")
            most = self.s.max_items if self.counts_asked(focus, query) else self.s.focus_sentences
            return [e for e in members if not self._repeats(e, lead)][:most]
        if query.asks_for == "items":
            # a question on what a package held ("what was in the March decrees?"): a section telling its numbered
            # acts one a sentence ("Decree No. 4 covered ...", "Decree No. 5 added ...") holds an item each
            split = {key: m for h, members in sections.items() for key, m in _by_act(h, members).items()}
            if len(split) > len(sections):
                if sections is whole:
                    whole = split
                sections = split
        picks = []
        # (a sentence on why figures disagree tells a section's point only to a question on why they do)
        differ = _DIFFER.search(query.focus) is not None
        for members in sections.values():
            # the section's best sentence that does not repeat the lead (an opening often states a section's figure)
            ranked = sorted(members, key=lambda e: -(e.score + (0.05 if e.position == 0 else 0.0)
                                                     + self._enumeration(e, query) + self._deed(e, query)
                                                     - (0.05 if not differ and _DIFFER.search(e.text) else 0.0)))
            fresh = [e for e in ranked if not self._repeats(e, lead)]
            if fresh:
                picks.append(fresh[0])
            elif not self._restates(ranked[0], lead, least=1):  # (one the lead's figures retell adds nothing; one
                picks.append(ranked[0])                         # only worded like the lead still does)
        points = [e for e in evidence if e.doc_id == doc and e.section == "key_points" and e not in lead
                  and not self._repeats(e, lead)]
        if sections is not whole:  # (only the key points on what the question is about)
            points = [k for k in points if subject is not None and mentions(k.text, subject)]
        acts = {e for key, members in sections.items() if "\n" in key for e in members}
        if acts and picks:  # (a key point nearest one act's item sums up the package, not that act: it is left out)
            points = [k for k in points if max(picks, key=lambda e: float(np.dot(k.vector, e.vector))) not in acts]
        told = self._summarise(picks, points, whole)
        told.sort(key=lambda e: (int(e.hit.metadata.get("position", 0)), e.position))
        if query.qtype is QType.LIST:
            return _breadth_first(told, self.s.max_items, summaries=[e for e in told if e not in picks])
        if query.asks_for == "items":  # (the acts of one section, then the package's other sections)
            return _breadth_first(told, self.s.max_bullets, summaries=[e for e in told if e not in picks])
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
            # (nor one whose headline figure a key point gives already: the same amount told twice, once with a
            # detail more, "40 t in 2031, up from 35 t" beside "40 t, half the world's")
            if told and beside and _retells_headline(" ".join(k.text for k in told), pick.text):
                beside = False
            if told and beside:
                told = [k for k in told if float(np.dot(k.vector, pick.vector)) < self.s.bullet_redundancy
                        or not _keeps_figures(pick.text, k.text)]
            out += [dataclasses.replace(k, hit=pick.hit) for k in told]
            if beside:
                out.append(pick)
        return out

    def why_headed(self, heading: str, query: ResolvedQuery) -> bool:
        """Whether a section is headed as the answer to the why a question asks: "Why ..." and a word of the
        question's own, names aside ("why is the deadline hard to meet?" and "Why the 2031 deadline is
        demanding"); a heading on why figures disagree answers only a question on why they do ("why do the
        estimates vary?")."""
        heading = heading.split(" > ")[-1]
        if not heading.startswith("Why ") or not asks_why(query.focus):
            return False
        if _DIFFER.search(heading) and not _DIFFER.search(query.focus):
            return False
        # (a follow-up's why is about what the question it is read with asked: "why so high?" after one on the
        # price floor)
        words = f"{query.focus} {query.context}" if query.from_history else query.focus
        own = self._plain_words(words) - {t for n in query.names() for t in self.tokens(n)}
        return bool(own & set(self.tokens(heading)))

    def counts_asked(self, heading: str, query: ResolvedQuery) -> bool:
        """Whether a heading counts the things a list question asks for by their plural noun ("The four levies of the
        plan" for "what separate levies made up the plan?"): its section holds them, one a sentence."""
        noun = listed_noun(query.focus) if query.qtype is QType.LIST else ""
        wanted = set(self.tokens(noun)) - self._generic_tokens
        return bool(wanted) and any(wanted <= set(self.tokens(count.group("what")))
                                    for count in _COUNT.finditer(heading))

    def _focus_heading(self, query: ResolvedQuery, headings: list[str], title: str = "", *,
                       items: bool = False) -> str | None:
        """The one section heading that shares a two-word phrase with the question ("how does X use export licensing
        as a lever?" and "Export licensing from 2023 to 2025"), names aside: the question asks about that aspect of
        the note, not the note's whole subject. Asked what the subject holds (``items``), a phrase of the note's
        ``title`` before any colon names that subject ("what is in the Acme action plan?" and the note "The Acme
        Action Plan: a fund and an office": its heading "Adoption of the action plan" is no aspect asked); and a date
        the title gives always does ("the pact of 3 May 2031" and the note "The Acme pact signed on 3 May 2031": its
        heading "Signing of the pact on 3 May 2031" tells one aspect, not what the question asks of the pact)."""
        # function words ("how far") and the corpus-wide words ("critical minerals") make no phrase of an aspect
        chunks = re.split(r"\||\b(?:" + "|".join(sorted(FUNCTION_WORDS)) + r")\b", without_names(query.focus, " | "),
                          flags=re.IGNORECASE)
        words = [self.tokens(chunk) for chunk in chunks if chunk]
        subject = title.split(":")[0]  # (what follows a colon lists the aspects themselves)
        head = self.tokens(subject)
        months = {t for month in MONTHS for t in self.tokens(month)}
        titled = {(a, b) for a, b in zip(head, head[1:], strict=False)
                  if items or (a.isdigit() and b in months) or (a in months and b.isdigit())}
        pairs = {(a, b) for chunk in words for a, b in zip(chunk, chunk[1:], strict=False)
                 if not ({a, b} & self._generic_tokens or YEAR.fullmatch(a) or YEAR.fullmatch(b))} - titled
        # "what separate levies made up the package?": the one section counting them ("The four levies in the 2031
        # package"), though another shares a phrase of the question ("the 2031 package", "the 12 May plan")
        matched = [h for h in headings if self.counts_asked(h, query)]
        if len(matched) != 1:
            shared = {h: len(pairs & set(zip(self.tokens(h), self.tokens(h)[1:], strict=False))) for h in headings}
            matched = [h for h in headings if shared[h]]
            # (of several, the one sharing more phrases than any other: "the 13 strategic projects abroad" and "The
            # 13 strategic projects abroad" rather than "Strategic projects at home")
            most = max(shared.values(), default=0)
            if len(matched) > 1 and sum(n == most for n in shared.values()) == 1:
                matched = [h for h in matched if shared[h] == most]
        if len(matched) != 1:
            return None
        # ... unless the question names what another section is about too ("the record at Acme and at Bolt"; a name
        # in several headings, or in the title before its colon, is the note's own subject, not one section's)
        named = [n for n in query.names() if n not in GENERIC and not mentions(matched[0], n)
                 and not mentions(subject, n)]
        if any(sum(mentions(h, n) for h in headings) == 1 for n in named):
            return None
        return matched[0]
