"""Resolve a follow-up question against the conversation, without an LLM.

"And germanium?" after "What did China's 2023 gallium controls cover?" becomes "What did China's 2023 germanium
controls cover?"; "When was it suspended?" after a question about the October 2025 package is searched together with
that question. The rewritten question is what retrieval searches for.
"""

from __future__ import annotations

import re

from .lexicon import find_entities
from .text import content_terms
from .types import Turn

_ELLIPSIS = re.compile(r"^\s*(and|also|plus|but|what about|how about|what of|and what about|same for|same question for)"
                       r"\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(it|its|it's|they|them|their|theirs|this|that|these|those|he|she|his|her|there|then|such)\b",
                      re.IGNORECASE)
_FILLER = re.compile(r"^\s*(and|also|plus|but|so|what about|how about|what of|same for|same question for)\s*[,:]?\s*",
                     re.IGNORECASE)


def is_followup(question: str) -> bool:
    """Whether a question leans on the conversation: elliptic, pronoun-led, or naming nothing of its own."""
    terms = content_terms(question)
    if _ELLIPSIS.match(question):
        return True
    if _PRONOUN.search(question) and len(terms) <= 6:
        return True
    entities = find_entities(question)
    named = any(entities[k] for k in entities) or re.search(r"\b(?:19|20)\d{2}\b", question) or \
        re.search(r"(?<!^)\b[A-Z][a-zA-Z]{2,}", question.strip())
    return len(terms) <= 2 or (not named and len(terms) <= 6)


_YEAR_SHIFT = re.compile(r"\b(?:(?:the |a )?year (?:before|earlier|prior)|(?:the )?previous year|(?:the )?prior year"
                         r"|(?P<later>(?:the |a )?year (?:after|later)|(?:the )?(?:following|next) year))\b",
                         re.IGNORECASE)


def _shift_year(previous: str, question: str) -> str | None:
    """"And the year before?" after a question about 2024 asks the same about 2023."""
    match = _YEAR_SHIFT.search(question)
    years = re.findall(r"\b(?:19|20)\d{2}\b", previous)
    if not match or not years or re.search(r"\b(?:19|20)\d{2}\b", question):
        return None
    year = years[-1]
    shifted = str(int(year) + (1 if match.group("later") else -1))
    position = previous.rfind(year)
    return previous[:position] + shifted + previous[position + len(year):]


def _substitute(previous: str, question: str) -> str | None:
    """Swap the previous question's entities for the follow-up's entities of the same kind."""
    new = find_entities(question)
    old = find_entities(previous)
    out = previous
    replaced = False
    for kind in ("mineral", "country"):
        if not new[kind] or not old[kind]:
            continue
        names = " and ".join(question[s:e] for _, s, e in new[kind])
        spans = sorted(old[kind], key=lambda x: x[1])
        group = [spans[0]]  # the first entity, with any joined to it by "and" or commas
        for span in spans[1:]:
            if re.fullmatch(r"(\s*(,|and|or|&)\s*)+", previous[group[-1][2]:span[1]]):
                group.append(span)
            else:
                break
        start, end = group[0][1], group[-1][2]
        out = out[:start] + names + out[end:]
        replaced = True
    if not replaced:
        return None
    rest = _FILLER.sub("", question)
    for kind in ("mineral", "country"):
        for _, s, e in new[kind]:
            rest = rest.replace(question[s:e], " ")
    extra = [w for w in re.findall(r"[A-Za-z0-9%$.-]+", rest) if content_terms(w)]
    return out + (" " + " ".join(extra) if extra else "")


_NAME = re.compile(r"\b[A-Z][a-zA-Z&.'-]+(?:\s+(?:of\s+)?[A-Z][a-zA-Z&.'-]+)*")
_CITATION_MARK = re.compile(r"\[\d+\]")
_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December", "The", "A", "An", "In", "On", "According"}


def answer_names(answer: str, limit: int = 4) -> list[str]:
    """Proper names in the first sentence of the last answer: what "it" and "there" most likely point at."""
    first = re.split(r"(?<=[.!?])\s+", _CITATION_MARK.sub("", answer).strip(), maxsplit=1)[0]
    names = []
    for match in _NAME.finditer(first):
        name = match.group(0)
        if match.start() == 0 and " " not in name:  # a sentence-initial word is not reliably a name
            continue
        if name.split()[0] in _MONTHS:
            continue
        if name not in names:
            names.append(name)
    return names[:limit]


def resolve(question: str, history: list[Turn] | None) -> str:
    """The standalone question to search for."""
    if not history:
        return question
    previous = ""
    last_answer = ""
    for turn in history:  # resolve each earlier user turn in order, so chains of follow-ups work
        if turn.role == "user" and turn.content.strip():
            previous = resolve_one(turn.content.strip(), previous)
            last_answer = ""
        elif turn.role == "assistant":
            last_answer = turn.content
    return resolve_one(question, previous, answer_names(last_answer) if last_answer else [])


def resolve_one(question: str, previous: str, names: list[str] | None = None) -> str:
    if not previous or not is_followup(question):
        return question
    substituted = _shift_year(previous, question) or _substitute(previous, question)
    if substituted:
        return substituted
    focus = _FILLER.sub("", question).strip()
    if names and _PRONOUN.search(question):  # "How much can it separate there?" after an answer naming Lynas
        extra = [n for n in names if n.lower() not in (focus + previous).lower()]
        if extra:
            focus += " " + ", ".join(extra)
    return f"{focus} ({previous.strip()})"


def focus_of(query: str) -> str:
    """What a resolved follow-up asks now, without the earlier question that resolve() added in brackets."""
    match = re.match(r"^(.*\S)\s+\((.+)\)$", query.strip(), re.DOTALL)
    return match.group(1) if match else query
