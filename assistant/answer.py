"""Compose a grounded, cited answer from retrieved passages, without an LLM.

Every answer sentence is a sentence of a cited source (connectives such as "However," trimmed), so an answer can
never state what no source says. Sentences are scored by meaning (embedding similarity to the question), by the
question's words they contain (IDF-weighted), and by the rank of their passage. When the evidence does not support an
answer the assistant abstains: it says so, says what it searched and lists the nearest sources.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .followup import focus_of
from .lexicon import ALIASES, GENERIC, find_entities, mentions
from .types import Answer, AnswerSentence, Citation, Hit
from .verify import is_instruction

_CONNECTIVE = re.compile(r"^(however|moreover|in addition|additionally|also|meanwhile|furthermore|separately|"
                         r"by contrast|in contrast|still|yet|instead|similarly|likewise|even so|as a result)\s*,\s*",
                         re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<!^)(?<![.?!]\s)\b([A-Z][a-zA-Z]{2,}|[A-Z]{2,}[a-z]?)\b")
_GENERIC_CAPS = {"What", "Which", "When", "Where", "Why", "How", "Who", "Does", "Did", "Are", "Can", "Could", "Has",
                 "Have", "Will", "Would", "Should", "Tell", "Give", "Explain", "Describe", "List", "The", "And", "Was",
                 "Were", "Is", "Do", "AI", "I"}


_QUANTITY_WORDS = {"percentage", "percent", "share", "amount", "number", "figure", "figures", "proportion", "total",
                   "size", "volume", "price", "prices", "cost", "kind", "kinds", "sort", "type", "types", "role",
                   "part", "level", "levels", "rate", "much", "many", "exactly", "actually", "really", "else",
                   "portion", "slice", "fraction", "quantity", "magnitude", "extent", "degree", "scale", "chunk",
                   "bulk", "majority", "tonnage", "value", "sum", "ratio", "count", "quota"}

# A question in several parts ("What share ..., and how big is ...?") is answered part by part.
_PART_SPLIT = re.compile(r"(?:,\s*|\s+)(?:and|but|while|or)\s+(?=(?:what|when|where|which|who|whom|how|why|is|are|was|"
                         r"were|does|do|did|has|have|can|will)\b)|[?;]\s+(?=\w)|:\s+(?=(?:what|when|how|which|who|is|"
                         r"are|does|did)\b)", re.IGNORECASE)
# Questions asking for an amount: sentences stating a figure answer them better.
_QUANTITY_Q = re.compile(r"\b(how (much|many|high|big|large|low|long|far|fast|quickly)|what (share|percentage|percent|"
                         r"proportion|portion|fraction|amount|price|prices|cost|rate|growth rate|value|volume|level|"
                         r"size|number|figure|total|capacity|slice)|how much)\b", re.IGNORECASE)
_FIGURE = re.compile(r"(?:US\$|\$|€|£|C\$|A\$|¥)\s?\d|\d[\d,.]*\s?(?:%|per ?cent|percent|million|billion|bn|trillion|"
                     r"tonnes?|tons?|t\b|kt|kg|yuan|dollars|euros|years?|months?|GW|TWh|MW|times|-fold)"
                     r"|\b\d{1,3}(?:,\d{3})+\b|\b\d+\.\d+\b", re.IGNORECASE)
# Our notes say plainly where the public record stops ("No public source ... confirmed ..."); when such a sentence is
# the best evidence, the honest answer is that the sources do not settle the question.
_FIGURE_TOKEN = re.compile(r"\d[\d,.]*\d|\d")
_GAP = re.compile(r"^(?:no (?:public |official )?(?:source|figure|volume|data|announcement|record|report|evidence|"
                  r"confirmation)\b.*\b(?:found|confirm\w*|report\w*|publish\w*|available|announc\w*)\b"
                  r"|.*\b(?:has|have|had|was|were) not (?:been )?(?:confirmed|published|announced|disclosed|reported)\b"
                  r"|.*\b(?:remains?|is|was) unconfirmed\b"
                  r"|.*\b(?:sources?|note|reporting|record)\b.*\b(?:did|do|does|could) not (?:confirm|establish)\b)",
                  re.IGNORECASE)
_TABLE_ROW = re.compile(r"^[^:;]{3,160}: [^:;]{1,40}: [^;]*;")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@dataclass(eq=False)  # identity, not array comparison
class Evidence:
    text: str
    vector: np.ndarray
    hit: Hit
    hit_rank: int
    position: int
    score: float = 0.0
    semantic: float = 0.0
    lexical: float = 0.0
    part_scores: list[float] | None = None


def _blank_entities(text: str) -> str:
    """The text with the minerals, countries and aliased names it mentions blanked out."""
    for spans in find_entities(text).values():
        for _, start, end in spans:
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def question_parts(question: str) -> list[str]:
    """The sub-questions of a compound question, each at least three words long."""
    parts = [p.strip(" ,?") for p in _PART_SPLIT.split(question)]
    parts = [p for p in parts if len(p.split()) >= 3]
    return parts if len(parts) > 1 else [question]


def has_figure(text: str) -> bool:
    """Whether a sentence states an amount (not just a date)."""
    return _FIGURE.search(text) is not None


def is_gap(sentence: str) -> bool:
    """Whether a sentence says the public record does not settle something."""
    return _GAP.match(sentence.strip()) is not None


def trim(sentence: str) -> str:
    text = _CONNECTIVE.sub("", sentence.strip())
    return text[:1].upper() + text[1:] if text else text


def note_sources(meta: Mapping[str, Any]) -> list[dict[str, str]]:
    """The note's sources, as stored with each of its passages (``sources_json``)."""
    try:
        sources = json.loads(meta.get("sources_json") or "[]")
    except json.JSONDecodeError:
        return []
    return [s for s in sources if isinstance(s, dict)]


_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"]
_WEAK_NAMES = {"the", "and", "news", "group", "times", "via", "summarising", "citing", "international", "global",
               "daily", "post", "journal", "magazine", "review", "press", "media", "online", "release", "report"}


def _publisher_names(publisher: str) -> list[str]:
    """The names a sentence may use for a publisher: its distinctive words and their known abbreviations."""
    names = [n for n in re.findall(r"[A-Za-z][A-Za-z&.'-]{2,}", publisher)
             if n[0].isupper() and n.lower() not in _WEAK_NAMES]
    for canonical, variants in ALIASES.items():
        if any(mentions(publisher, v) for v in variants) or canonical.lower() in publisher.lower():
            names.extend(v for v in variants if len(v) > 2)
    if re.search(r"Geological Survey", publisher):
        names.append("USGS")
    return list(dict.fromkeys(names))


def _date_words(date: str) -> list[tuple[str, int]]:
    """Ways a sentence states a source's date, with how strongly each points at that source."""
    match = re.match(r"^((?:19|20)\d{2})(?:-(\d{2}))?(?:-(\d{2}))?", date.strip())
    if not match:
        return []
    year, month, day = match.group(1), match.group(2), match.group(3)
    out = [(year, 1)]
    if month:
        name = _MONTH_NAMES[int(month) - 1]
        out.append((f"{name} {year}", 2))
        if day:
            out.append((f"{int(day)} {name} {year}", 3))
    return out


def match_source(sentence: str, sources: list[dict[str, str]]) -> dict[str, str] | None:
    """The note source a sentence attributes its fact to.

    Our notes name the publisher and the date in every sentence ("Reuters reported on 3 July 2023 ..."), and often
    the document ("USGS Fact Sheet 2014-3078"): each source is scored by its publisher's names, the codes and words of
    its title and its date found in the sentence. With no clue at all, the note's first source is cited.
    """
    best: tuple[int, int, dict[str, str]] | None = None
    lowered = sentence.lower()
    for order, source in enumerate(sources):
        score = 0
        for name in _publisher_names(str(source.get("publisher", ""))):
            if re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", lowered):
                score += 2
        for word in re.findall(r"[A-Za-z0-9][A-Za-z0-9-]{3,}", str(source.get("title", ""))):
            if re.search(r"\d", word) and not _YEAR.fullmatch(word) and word.lower() in lowered:
                score += 3  # a document code such as 1802-O or 2014-3078
        for text, weight in _date_words(str(source.get("date", ""))):
            if text.lower() in lowered:
                score = score + weight
        if score and (best is None or score > best[0]):
            best = (score, order, source)
    if best:
        return best[2]
    return sources[0] if sources else None


class ExtractiveAnswerer:
    """Picks evidence sentences and composes the cited answer.

    >>> answerer = ExtractiveAnswerer(idf=lambda t: 1.0, tokens=str.split)  # doctest: +SKIP
    >>> answerer.compose(question, query, hits, sentences, query_vector).text       # doctest: +SKIP
    """

    def __init__(self, *, tokens: Callable[[str], list[str]], idf: Callable[[str], float],
                 in_vocabulary: Callable[[str], bool], max_sentences: int = 6, abstain_threshold: float = 0.38,
                 semantic_weight: float = 0.6, lexical_weight: float = 0.3, rank_weight: float = 0.1,
                 relative_cutoff: float = 0.7, redundancy: float = 0.88, figure_boost: float = 0.05,
                 unknown_word_margin: float = 0.15, centrality: float = 0.06, off_anchor_penalty: float = 0.05,
                 embed: Callable[[str], Any] | None = None) -> None:
        self.tokens = tokens
        self.idf = idf
        self.in_vocabulary = in_vocabulary
        self.max_sentences = max_sentences
        self.abstain_threshold = abstain_threshold
        self.weights = (semantic_weight, lexical_weight, rank_weight)
        self.relative_cutoff = relative_cutoff
        self.redundancy = redundancy
        self.figure_boost = figure_boost
        self.unknown_word_margin = unknown_word_margin
        self.centrality = centrality
        self.off_anchor_penalty = off_anchor_penalty
        self.embed = embed

    # -- what the question insists on -------------------------------------------------------------------------
    @staticmethod
    def entities(question: str) -> list[str]:
        """Named minerals, countries, organisations and years: a supporting sentence must mention each."""
        found = find_entities(question)
        names = list(dict.fromkeys(name for kind in ("alias", "mineral", "country") for name, _, _ in found[kind]))
        return names + re.findall(r"\b(?:19|20)\d{2}\b", question)

    def unknown_words(self, question: str, question_vector: np.ndarray | None = None) -> dict[str, float]:
        """Words the corpus never uses that carry the question's meaning ("charge a royalty"), not asides ("real?").

        A word carries the meaning when leaving it out moves the question's embedding by at least ``centrality``.
        Such words lower confidence (the abstention threshold rises by how far they move it, up to
        ``unknown_word_margin``); they do not veto an answer on their own. Returns {word: how far}.
        """
        out = []
        for word in re.findall(r"[A-Za-z][A-Za-z-]{3,}", _blank_entities(question)):
            if word.lower() in _QUANTITY_WORDS or word in _GENERIC_CAPS:
                continue
            tokens = self.tokens(word)
            if tokens and not any(self.in_vocabulary(t) for t in tokens):
                out.append(word)
        central: dict[str, float] = {}
        if self.embed is None or question_vector is None:
            return central
        for word in dict.fromkeys(out):
            without = np.asarray(self.embed(re.sub(rf"\b{re.escape(word)}\b", " ", question)), dtype=np.float32)
            moved = 1.0 - float(np.dot(question_vector, without))
            if moved >= self.centrality:
                central[word] = moved
        return central

    def asked_terms(self, question: str) -> set[str]:
        """The question's content words other than the names it mentions and its question words."""
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]+", _blank_entities(question))
                 if w.lower() not in _QUANTITY_WORDS and w not in _GENERIC_CAPS and not _YEAR.fullmatch(w)]
        return {t for w in words for t in self.tokens(w) if self.in_vocabulary(t)}

    def unknown_terms(self, question: str) -> list[str]:
        """Names in the question (capitalised words, acronyms) that the whole corpus never mentions."""
        found = find_entities(question)
        spans = [(s, e) for kind in found for _, s, e in found[kind]]
        out = []
        for match in _CAPITALISED.finditer(question):
            word = match.group(1)
            if word in _GENERIC_CAPS or any(s <= match.start() < e for s, e in spans):
                continue
            tokens = self.tokens(word)
            if tokens and not any(self.in_vocabulary(t) for t in tokens):
                out.append(word)
        return out

    # -- scoring --------------------------------------------------------------------------------------------
    def _lexical(self, tokens: set[str], evidence: list[Evidence]) -> list[float]:
        total = sum(self.idf(t) for t in tokens) or 1.0
        out = []
        for ev in evidence:
            s_tokens = set(self.tokens(ev.text + " " + str(ev.hit.metadata.get("heading", ""))))
            out.append(sum(self.idf(t) for t in tokens & s_tokens) / total)
        return out

    def score(self, query: str, query_vector: np.ndarray, evidence: list[Evidence], parts: list[str] | None = None,
              part_vectors: list[np.ndarray] | None = None) -> None:
        """Score each sentence for the whole question and, for a compound question, for each of its parts."""
        w_sem, w_lex, w_rank = self.weights
        quantity = _QUANTITY_Q.search(query) is not None
        lexical = self._lexical(set(self.tokens(query)), evidence)
        for ev, lex in zip(evidence, lexical, strict=True):
            ev.semantic = float(np.dot(query_vector, ev.vector))
            ev.lexical = lex
            figure = self.figure_boost if quantity and has_figure(ev.text) else 0.0
            ev.score = w_sem * ev.semantic + w_lex * ev.lexical + w_rank / (1 + ev.hit_rank) + figure
        if not parts or not part_vectors or len(parts) < 2:
            return
        for ev in evidence:
            ev.part_scores = []
        for part, vector in zip(parts, part_vectors, strict=True):
            part_quantity = _QUANTITY_Q.search(part) is not None
            part_lexical = self._lexical(set(self.tokens(part)), evidence)
            for ev, lex in zip(evidence, part_lexical, strict=True):
                semantic = 0.3 * ev.semantic + 0.7 * float(np.dot(vector, ev.vector))
                figure = self.figure_boost if part_quantity and has_figure(ev.text) else 0.0
                assert ev.part_scores is not None
                ev.part_scores.append(w_sem * semantic + w_lex * (0.5 * lex + 0.5 * ev.lexical)
                                      + w_rank / (1 + ev.hit_rank) + figure)

    def _redundant(self, ev: Evidence, chosen: list[Evidence]) -> bool:
        """A near-copy of a chosen sentence that adds no figure of its own."""
        similar = [c for c in chosen if float(np.dot(ev.vector, c.vector)) > self.redundancy]
        if not similar:
            return False
        figures = set(_FIGURE_TOKEN.findall(ev.text)) - {f for c in similar for f in _FIGURE_TOKEN.findall(c.text)}
        return not figures

    def select(self, evidence: list[Evidence], salient: list[str]) -> list[Evidence]:
        ranked = sorted(evidence, key=lambda e: -e.score)
        if not ranked:
            return []
        best = ranked[0].score
        chosen: list[Evidence] = []
        seen_texts: set[str] = set()

        def take(ev: Evidence) -> bool:
            key = re.sub(r"\W+", " ", ev.text.lower()).strip()
            if key in seen_texts or self._redundant(ev, chosen):
                return False
            # table rows are long and alike: two from one table are enough for a readable answer
            if _TABLE_ROW.match(ev.text) and sum(
                    1 for c in chosen if _TABLE_ROW.match(c.text) and c.hit.chunk_id == ev.hit.chunk_id) >= 2:
                return False
            seen_texts.add(key)
            chosen.append(ev)
            return True

        # a compound question: first the best sentence for each part
        n_parts = len(ranked[0].part_scores or [])
        for i in range(n_parts):
            by_part = sorted(evidence, key=lambda e: -(e.part_scores or [0.0] * n_parts)[i])
            for ev in by_part[:5]:
                part_score = (ev.part_scores or [0.0] * n_parts)[i]
                if part_score < self.abstain_threshold:
                    break
                if ev in chosen or take(ev):
                    break
        for ev in ranked:
            if len(chosen) >= self.max_sentences:
                break
            if ev.score < self.relative_cutoff * best and len(chosen) >= 2:
                break
            if ev.score < self.abstain_threshold * 0.9:
                break
            if ev not in chosen:
                take(ev)
        # make sure each entity the question names is covered, if some evidence has it
        for term in salient:
            if any(mentions(c.text, term) for c in chosen):
                continue
            extra = next((e for e in ranked if mentions(e.text, term) and e not in chosen
                          and e.score >= 0.6 * best), None)
            if extra is not None and len(chosen) < self.max_sentences + 1:
                chosen.append(extra)
        return chosen

    # -- the answer ---------------------------------------------------------------------------------------------
    def compose(self, question: str, query: str, hits: list[Hit], sentences: dict[str, tuple[str, Any]],
                query_vector: list[float] | np.ndarray, *, searched: str, lexical_query: str | None = None) -> Answer:
        qv = np.asarray(query_vector, dtype=np.float32)
        evidence: list[Evidence] = []
        for rank, hit in enumerate(hits):
            for i in range(int(hit.metadata.get("n_sentences", 0))):
                record = sentences.get(f"{hit.chunk_id}:{i}")
                # a sentence addressed to a model ("ignore previous instructions ...") is not evidence of anything
                if record is not None and not is_instruction(record[0]):
                    evidence.append(Evidence(record[0], np.asarray(record[1], dtype=np.float32), hit, rank, i))
        parts = question_parts(query)
        if len(parts) > 1:  # "how big is it": each short part is read with the question's opening part
            parts = [parts[0]] + [p if len(p.split()) >= 6 else f"{p} ({parts[0]})" for p in parts[1:]]
        focus = focus_of(query)
        if query != question and focus != query and len(focus.split()) >= 4:
            # a resolved follow-up: what the user asks now weighs as one part, the conversation as another
            parts = [focus, query]
        part_vectors = ([np.asarray(self.embed(p), dtype=np.float32) for p in parts]
                        if len(parts) > 1 and self.embed is not None else None)
        self.score(lexical_query or query, qv, evidence, parts, part_vectors)

        unknown = self.unknown_terms(query)
        unfamiliar = self.unknown_words(query, qv)
        margin = min(self.unknown_word_margin, sum(unfamiliar.values()))
        salient = self.entities(query)

        def context(e: Evidence) -> str:
            return f"{e.text} {e.hit.metadata.get('title', '')} {e.hit.metadata.get('heading', '')}"

        missing = [t for t in salient if not any(mentions(context(e), t) for e in evidence)]
        # several named things must meet in one passage: "Vietnam's exports to Japan in 2024" needs a passage
        # about all three, not one about Vietnam and another about Japan
        passages: dict[str, str] = {}
        for e in evidence:
            passages[e.hit.chunk_id] = passages.get(e.hit.chunk_id, context(e)) + " " + e.text
        specific = [t for t in salient if t not in GENERIC]
        anchored = {cid for cid, text in passages.items() if all(mentions(text, t) for t in specific)}
        together = len(specific) < 2 or bool(anchored)
        # evidence from passages that do not name everything the question names counts for less
        if specific:
            for e in evidence:
                if e.hit.chunk_id not in anchored:
                    e.score -= self.off_anchor_penalty
                    if e.part_scores:
                        e.part_scores = [p - self.off_anchor_penalty for p in e.part_scores]
        # the best evidence must itself name something the question names ("Indonesia" or "nickel"), not merely
        # sit in a passage that does
        named = [e for e in evidence if any(mentions(context(e), t) for t in specific)] if specific else evidence
        # what the question asks about those names ("ban exports of raw ore"): a sentence sharing none of it only
        # mentions the same names
        asked = self.asked_terms(query)
        for e in evidence:
            if specific and e not in named:
                e.score -= self.off_anchor_penalty
            if asked and not asked & set(self.tokens(context(e))):
                e.score -= self.off_anchor_penalty
        top = max(named, key=lambda e: e.score, default=None)
        best = top.score if top is not None else 0.0
        # a gap statement settles a question only about the years it names ("no 2025 quota was published" says
        # nothing about 2023)
        years = set(_YEAR.findall(query))
        leader = max(evidence, key=lambda e: e.score, default=None)
        gap = leader if (leader is not None and is_gap(leader.text)
                         and (not years or years & set(_YEAR.findall(leader.text)))) else None
        threshold = self.abstain_threshold + margin
        reason = ""
        if top is None:
            reason = "no passage matched"
        elif unknown:
            reason = f"the sources never mention {', '.join(repr(u) for u in unknown)}"
        elif missing:
            reason = f"no passage found says anything about {', '.join(repr(m) for m in missing)}"
        elif not together:
            reason = f"no passage covers {', '.join(repr(t) for t in salient)} together"
        elif best < threshold:
            reason = "no passage answers it closely enough"
            if unfamiliar:
                reason += f" (and the sources never use {', '.join(repr(u) for u in unfamiliar)})"
        if reason:
            answer = self.abstain(question, hits, searched, reason)
        elif gap is not None:
            answer = self.unsettled(question, gap, hits, searched)
        else:
            chosen = self.select(evidence, salient)
            # read in source order: passages by rank, sentences by position
            first_rank: dict[str, int] = {}
            for c in chosen:
                first_rank[c.hit.chunk_id] = min(first_rank.get(c.hit.chunk_id, c.hit_rank), c.hit_rank)
            chosen.sort(key=lambda e: (first_rank[e.hit.chunk_id], e.hit.chunk_id, e.position))
            answer = self.cite(question, chosen, searched)
        answer.confidence = best
        return answer

    def unsettled(self, question: str, gap: Evidence, hits: list[Hit], searched: str) -> Answer:
        """An abstention whose reason is a cited sentence: the notes say the public record stops here."""
        cited = self.cite(question, [gap], searched)
        cited.text = ("The curated sources don't settle this. What they say: " + cited.text
                      + f" I searched {searched}.")
        cited.abstained = True
        cited.nearest = self.nearest(hits)
        return cited

    def cite(self, question: str, chosen: list[Evidence], searched: str) -> Answer:
        citations: list[Citation] = []
        by_key: dict[tuple[str, str], Citation] = {}
        sentences: list[AnswerSentence] = []
        for ev in chosen:
            meta = ev.hit.metadata
            source = match_source(ev.text, note_sources(meta)) or {}
            key = (ev.hit.doc_id, source.get("url", ""))
            text = trim(ev.text)
            citation = by_key.get(key)
            if citation is None:
                page = meta.get("page")
                citation = Citation(
                    n=len(citations) + 1, doc_id=ev.hit.doc_id, title=str(meta.get("title", "")),
                    publisher=source.get("publisher", ""), url=source.get("url", ""),
                    published=str(source.get("date") or meta.get("published", "")), quote=text, score=ev.score,
                    source_title=source.get("title", ""), authority=str(meta.get("authority", "")),
                    kind=str(meta.get("kind", "")), as_of=str(meta.get("as_of", "")),
                    page=int(page) if isinstance(page, int) and page >= 0 else None)
                by_key[key] = citation
                citations.append(citation)
            else:
                citation.quote += " … " + text
                citation.score = max(citation.score, ev.score)
            sentences.append(AnswerSentence(text, [citation.n]))
        answer = " ".join(f"{s.text} [{s.citations[0]}]" for s in sentences)
        return Answer(question=question, text=answer, sentences=sentences, citations=citations, abstained=False,
                      searched=searched)

    @staticmethod
    def nearest(hits: list[Hit], n: int = 3) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for hit in hits:
            if any(o["doc_id"] == hit.doc_id for o in out):
                continue
            sources = note_sources(hit.metadata)
            first = sources[0] if sources else {}
            out.append({"doc_id": hit.doc_id, "title": hit.metadata.get("title", ""),
                        "publisher": first.get("publisher", ""), "url": first.get("url", ""),
                        "published": hit.metadata.get("published", "")})
            if len(out) >= n:
                break
        return out

    def abstain(self, question: str, hits: list[Hit], searched: str, reason: str) -> Answer:
        nearest = self.nearest(hits)
        text = f"The curated sources don't cover this ({reason}). I searched {searched}."
        if nearest:
            text += " The nearest sources are: " + "; ".join(
                f"{n['title']}" + (f" ({n['publisher']}, {n['published']})" if n["publisher"] else "")
                for n in nearest) + "."
        return Answer(question=question, text=text, sentences=[], citations=[], abstained=True, searched=searched,
                      nearest=nearest)
