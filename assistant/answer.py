"""Compose a grounded, cited answer from retrieved passages, without an LLM.

Every answer sentence is a sentence of a cited source (connectives such as "However," trimmed), so an answer can
never state what no source says. Sentences are scored by meaning (embedding similarity to the question), by the
question's words they contain (IDF-weighted), and by the rank of their passage. When the evidence does not support an
answer the assistant abstains: it says so, says what it searched and lists the nearest sources.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .lexicon import GENERIC, find_entities, mentions
from .types import Answer, AnswerSentence, Citation, Hit

_CONNECTIVE = re.compile(r"^(however|moreover|in addition|additionally|also|meanwhile|furthermore|separately|"
                         r"by contrast|in contrast|still|yet|instead|similarly|likewise|even so|as a result)\s*,\s*",
                         re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<!^)(?<![.?!]\s)\b([A-Z][a-zA-Z]{2,}|[A-Z]{2,}[a-z]?)\b")
_GENERIC_CAPS = {"What", "Which", "When", "Where", "Why", "How", "Who", "Does", "Did", "Are", "Can", "Could", "Has",
                 "Have", "Will", "Would", "Should", "Tell", "Give", "Explain", "Describe", "List", "The", "And", "Was",
                 "Were", "Is", "Do", "AI", "I"}


# "What royalty rate does ...": the words between the question word and the verb name what is asked for
_FOCUS = re.compile(r"^(?:what|which|how much|how many|how high|how big|how large)\s+((?:[\w-]+\s+){0,3}?)"
                    r"(?:does|do|did|is|are|was|were|will|would|has|have|can|could|of|in|for|on|to)\b",
                    re.IGNORECASE)
_QUANTITY_WORDS = {"percentage", "percent", "share", "amount", "number", "figure", "figures", "proportion", "total",
                   "size", "volume", "price", "prices", "cost", "kind", "kinds", "sort", "type", "types", "role",
                   "part", "level", "levels", "rate", "much", "many", "exactly", "actually", "really", "else"}


@dataclass
class Evidence:
    text: str
    vector: np.ndarray
    hit: Hit
    hit_rank: int
    position: int
    score: float = 0.0
    semantic: float = 0.0
    lexical: float = 0.0


def trim(sentence: str) -> str:
    text = _CONNECTIVE.sub("", sentence.strip())
    return text[:1].upper() + text[1:] if text else text


def _sources(meta: dict[str, Any]) -> list[dict[str, str]]:
    try:
        sources = json.loads(meta.get("sources_json") or "[]")
    except json.JSONDecodeError:
        return []
    return [s for s in sources if isinstance(s, dict)]


def match_source(sentence: str, sources: list[dict[str, str]]) -> dict[str, str] | None:
    """The note source a sentence attributes its fact to (by publisher name), else the note's first source."""
    best: tuple[int, dict[str, str]] | None = None
    lowered = sentence.lower()
    for source in sources:
        names = re.findall(r"[A-Za-z][A-Za-z&.'-]{2,}", source.get("publisher", ""))
        strong = [n for n in names if n[0].isupper() and n.lower() not in ("the", "and", "news", "group", "times")]
        hits = sum(1 for n in strong if re.search(rf"(?<!\w){re.escape(n.lower())}(?!\w)", lowered))
        if hits and (best is None or hits > best[0]):
            best = (hits, source)
    if best:
        return best[1]
    return sources[0] if sources else None


class ExtractiveAnswerer:
    """Picks evidence sentences and composes the cited answer.

    >>> answerer = ExtractiveAnswerer(idf=lambda t: 1.0, tokens=str.split)  # doctest: +SKIP
    >>> answerer.compose(question, query, hits, sentences, query_vector).text       # doctest: +SKIP
    """

    def __init__(self, *, tokens: Callable[[str], list[str]], idf: Callable[[str], float],
                 in_vocabulary: Callable[[str], bool], max_sentences: int = 6, abstain_threshold: float = 0.38,
                 semantic_weight: float = 0.6, lexical_weight: float = 0.3, rank_weight: float = 0.1,
                 relative_cutoff: float = 0.7, redundancy: float = 0.88) -> None:
        self.tokens = tokens
        self.idf = idf
        self.in_vocabulary = in_vocabulary
        self.max_sentences = max_sentences
        self.abstain_threshold = abstain_threshold
        self.weights = (semantic_weight, lexical_weight, rank_weight)
        self.relative_cutoff = relative_cutoff
        self.redundancy = redundancy

    # -- what the question insists on -------------------------------------------------------------------------
    @staticmethod
    def entities(question: str) -> list[str]:
        """Named minerals, countries, organisations and years: a supporting sentence must mention each."""
        found = find_entities(question)
        names = list(dict.fromkeys(name for kind in ("alias", "mineral", "country") for name, _, _ in found[kind]))
        return names + re.findall(r"\b(?:19|20)\d{2}\b", question)

    def unknown_focus(self, question: str) -> list[str]:
        """Words of what the question asks for ("what royalty rate ...") that the corpus never uses."""
        match = _FOCUS.match(question.strip())
        if not match:
            return []
        words = re.findall(r"[A-Za-z][A-Za-z-]+", match.group(1))
        out = []
        for word in words:
            if word.lower() in _QUANTITY_WORDS:
                continue
            tokens = self.tokens(word)
            if tokens and not any(self.in_vocabulary(t) for t in tokens):
                out.append(word)
        return out

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
    def score(self, query: str, query_vector: np.ndarray, evidence: list[Evidence]) -> None:
        q_tokens = set(self.tokens(query))
        total = sum(self.idf(t) for t in q_tokens) or 1.0
        w_sem, w_lex, w_rank = self.weights
        for ev in evidence:
            s_tokens = set(self.tokens(ev.text + " " + str(ev.hit.metadata.get("heading", ""))))
            ev.semantic = float(np.dot(query_vector, ev.vector))
            ev.lexical = sum(self.idf(t) for t in q_tokens & s_tokens) / total
            ev.score = w_sem * ev.semantic + w_lex * ev.lexical + w_rank / (1 + ev.hit_rank)

    def select(self, evidence: list[Evidence], salient: list[str]) -> list[Evidence]:
        ranked = sorted(evidence, key=lambda e: -e.score)
        if not ranked:
            return []
        best = ranked[0].score
        chosen: list[Evidence] = []
        seen_texts: set[str] = set()
        for ev in ranked:
            if len(chosen) >= self.max_sentences:
                break
            if ev.score < self.relative_cutoff * best and len(chosen) >= 2:
                break
            if ev.score < self.abstain_threshold * 0.9:
                break
            key = re.sub(r"\W+", " ", ev.text.lower()).strip()
            if key in seen_texts or any(float(np.dot(ev.vector, c.vector)) > self.redundancy for c in chosen):
                continue
            seen_texts.add(key)
            chosen.append(ev)
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
                if record is not None:
                    evidence.append(Evidence(record[0], np.asarray(record[1], dtype=np.float32), hit, rank, i))
        self.score(lexical_query or query, qv, evidence)

        unknown = self.unknown_terms(query) + self.unknown_focus(question)
        salient = self.entities(query)
        best = max((e.score for e in evidence), default=0.0)

        def context(e: Evidence) -> str:
            return f"{e.text} {e.hit.metadata.get('title', '')} {e.hit.metadata.get('heading', '')}"

        missing = [t for t in salient if not any(mentions(context(e), t) for e in evidence)]
        # several named things must meet in one passage: "Vietnam's exports to Japan in 2024" needs a passage
        # about all three, not one about Vietnam and another about Japan
        passages: dict[str, str] = {}
        for e in evidence:
            passages[e.hit.chunk_id] = passages.get(e.hit.chunk_id, context(e)) + " " + e.text
        specific = [t for t in salient if t not in GENERIC]
        together = len(specific) < 2 or any(all(mentions(p, t) for t in specific) for p in passages.values())
        reason = ""
        if not evidence:
            reason = "no passage matched"
        elif unknown:
            reason = f"the sources never mention {', '.join(repr(u) for u in unknown)}"
        elif missing:
            reason = f"no passage found says anything about {', '.join(repr(m) for m in missing)}"
        elif not together:
            reason = f"no passage covers {', '.join(repr(t) for t in salient)} together"
        elif best < self.abstain_threshold:
            reason = "no passage answers it closely enough"
        if reason:
            answer = self.abstain(question, hits, searched, reason)
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

    def cite(self, question: str, chosen: list[Evidence], searched: str) -> Answer:
        citations: list[Citation] = []
        by_key: dict[tuple[str, str], Citation] = {}
        sentences: list[AnswerSentence] = []
        for ev in chosen:
            meta = ev.hit.metadata
            source = match_source(ev.text, _sources(meta)) or {}
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
            sources = _sources(hit.metadata)
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
