"""Proper names as the corpus writes them, so a name typed in lower case can be read as a name.

A follow-up typed quickly ("what about acme metals?") names a company the rules only know as a name when it is
capitalised. The corpus says how each name is written: a word that the notes capitalise inside sentences and never
write in lower case is a proper word, and a run of capitalised words holding one is a name ("Acme Metals", "Bolt
Rare Earths").

>>> names = CorpusNames(["Acme Metals signed a deal with Bolt Rare Earths in 2031.", "Prices rose in the year."])
>>> names.restore("acme metals"), names.restore("bolt rare earths"), names.restore("prices")
('Acme Metals', 'Bolt Rare Earths', None)
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from .lexicon import ALIASES, FUNCTION_WORDS
from .text import spelled_out

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&-]*(?:\.[A-Za-z]+)*")
# where a capital says nothing about a name: the start of a sentence, a table cell, a list item or a heading
_STARTS = re.compile(r"(?:^|[.!?:;|\n#*\"(]\s*|\s-\s)$")
_LONGEST = 4  # words in one name
# the word opening a sentence, and the first letter of the word after it
_OPENING = re.compile(r"(?P<lead>(?:^|[.!?]\s+)[\"'(]?)(?P<word>[A-Z][a-z]+)(?P<after>\s+\S|(?=[,:;]))")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
# (the short names the lexicon knows already stand for their bodies: "CRMA" is searched for as the Act it names)
_KNOWN = frozenset(v for variants in ALIASES.values() for v in variants)


class CorpusNames:
    """Lower-case form of each name (and each run of words within one) -> the way the corpus writes it."""

    def __init__(self, texts: Iterable[str]) -> None:
        texts = list(texts)
        lower: Counter[str] = Counter()
        inside: Counter[str] = Counter()
        sentences: list[list[tuple[str, bool]]] = []  # (word, starts a sentence)
        for text in texts:
            words = []
            for match in _WORD.finditer(text):
                word = match.group(0)
                first = bool(_STARTS.search(text[max(0, match.start() - 3):match.start()]))
                if word[0].islower():
                    lower[word.lower()] += 1
                elif not first:
                    inside[word.lower()] += 1
                words.append((word, first, match.start(), match.end()))
            sentences.append(_runs(text, words))  # type: ignore[arg-type]
        proper = {w for w in inside if not lower[w]}
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        for run in sentences:
            for name in _names(run, proper):
                forms[name.lower()][name] += 1
        self._cased = {key: counts.most_common(1)[0][0] for key, counts in forms.items()}
        self._lower, self._inside = lower, inside
        self._texts = texts
        self._spelled: dict[str, str | None] = {}

    def written_out(self, acronym: str) -> str | None:
        """The corpus's commonest writing in full of an acronym it never uses itself, when it writes it so twice or
        more ("ZIB" -> "Zonal Indium Board"); else None.

        >>> CorpusNames(["The Zonal Indium Board met.", "A Zonal Indium Board grant."]).written_out("ZIB")
        'Zonal Indium Board'
        """
        if acronym not in self._spelled:
            pattern = spelled_out(acronym)
            used = re.compile(rf"\b{re.escape(acronym)}\b")
            found: Counter[str] = Counter()
            if pattern is not None and not any(used.search(text) for text in self._texts):
                found = Counter(" ".join(m.group(0).split()) for text in self._texts for m in pattern.finditer(text))
            best = found.most_common(1)
            self._spelled[acronym] = best[0][0] if best and best[0][1] >= 2 else None
        return self._spelled[acronym]

    def with_acronyms_written_out(self, text: str) -> str:
        """``text`` followed by the names written in full of the acronyms it uses that the corpus never does and the
        lexicon does not know ("what did the ZIB fund?" -> "what did the ZIB fund? (Zonal Indium Board)"), so that a
        search finds them."""
        names = [name for acronym in dict.fromkeys(_ACRONYM.findall(text)) if acronym not in _KNOWN
                 and (name := self.written_out(acronym)) is not None and name.lower() not in text.lower()]
        return f"{text} ({'; '.join(names)})" if names else text

    def __len__(self) -> int:
        return len(self._cased)

    def sentence_case(self, text: str) -> str:
        """``text`` with the word opening each of its sentences in lower case where the corpus writes that word in
        lower case more often than capitalised inside sentences, and the next word is not capitalised: an everyday word
        ("Back in 2031, ...", "Date of Acme's first sale?"), whose capital only opens the sentence, is no name.
        A name stays as it is ("Acme said ...", "Department of Energy grants?", "Section 9 rules?").

        >>> names = CorpusNames(["Acme opened in 2031.", "Sales went back up.", "The date was set.", "Acme's date."])
        >>> names.sentence_case("Date of Acme's launch? Back then, what did Acme sell?")
        "date of Acme's launch? back then, what did Acme sell?"
        """
        def lowered(match: re.Match[str]) -> str:
            word, after = match.group("word"), match.group("after")
            key = word.lower()
            if (not word[1:].islower() or key in FUNCTION_WORDS or after[-1:].isupper() or after[-1:].isdigit()
                    or self._lower[key] <= self._inside[key] or key in self._cased):
                return match.group(0)
            return match.group("lead") + key + after
        return _OPENING.sub(lowered, text)

    def restore(self, phrase: str) -> str | None:
        """The corpus's own writing of ``phrase`` when the whole of it is one of its names, else None."""
        return self._cased.get(" ".join(phrase.lower().split()))

    def restore_in(self, text: str, common: Callable[[str], bool] | None = None) -> str:
        """``text`` with each run of lower-case words that is one of the corpus's names written as the corpus
        writes it, longest runs first ("what about bolt rare earths and the ministry?" -> "... Bolt Rare Earths
        ..."); words already capitalised are left as they are, and so is one word on its own that ``common`` says is
        an everyday word ("big": the corpus may write it only in "Big Tech").

        >>> CorpusNames(["Acme Metals signed with Bolt in 2031."]).restore_in("did acme metals sign with bolt?")
        'did Acme Metals sign with Bolt?'
        """
        words = list(re.finditer(r"(?<![A-Za-z0-9&-])[a-z][a-z0-9&-]*", text))
        out, i, cut = [], 0, 0
        while i < len(words):
            for j in range(min(len(words), i + _LONGEST), i, -1):
                run = words[i:j]
                if any(text[a.end():b.start()] != " " for a, b in zip(run, run[1:], strict=False)):
                    continue
                cased = self._cased.get(" ".join(m.group(0) for m in run))
                # (not from a small word: "the quad" keeps its "the", though a heading writes "The Quad")
                if (cased is not None and run[0].group(0) not in FUNCTION_WORDS
                        and not (len(run) == 1 and common is not None and common(run[0].group(0)))
                        and not text[run[-1].end():run[-1].end() + 1].isalnum()):
                    out += [text[cut:run[0].start()], cased]
                    cut, i = run[-1].end(), j
                    break
            else:
                i += 1
        return "".join([*out, text[cut:]])


def _runs(text: str, words: list[tuple[str, bool, int, int]]) -> list[tuple[str, bool]]:
    """The words of a text with a marker where a run of adjacent words breaks (anything but one space between)."""
    out: list[tuple[str, bool]] = []
    end = -1
    for word, _first, start, stop in words:
        joined = end >= 0 and text[end:start] == " "
        out.append((word, not joined))
        end = stop
    return out


def _names(words: list[tuple[str, bool]], proper: set[str]) -> Iterable[str]:
    """Every run of up to ``_LONGEST`` adjacent capitalised words holding at least one proper word (one never
    written in lower case anywhere in the corpus): "Bolt Rare Earths" when "bolt" is never written in lower case,
    though "rare earths" is."""
    run: list[str] = []
    for word, breaks in [*words, ("", True)]:
        if breaks or not word[:1].isupper():
            for i in range(len(run)):
                for j in range(i + 1, min(len(run), i + _LONGEST) + 1):
                    if any(w.lower() in proper for w in run[i:j]):
                        yield " ".join(run[i:j])
            run = [word] if word[:1].isupper() else []
        else:
            run.append(word)
