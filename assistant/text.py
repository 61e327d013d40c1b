"""Text helpers shared by chunking, retrieval and answering: sentences and words (figures: `assistant.figures`)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from .markers import strip_markers

# Abbreviations after which a full stop does not end a sentence. A hand-written splitter is used on purpose: the
# corpus follows writing rules (full sentences, explicit dates), the rule-based libraries available (pysbd) are
# unmaintained and slow, and the punkt models need a data download.
_ABBREVIATIONS = {
    "u.s", "u.k", "e.g", "i.e", "no", "nos", "dr", "mr", "mrs", "ms", "st", "inc", "ltd", "co", "corp", "vs", "approx",
    "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "art", "sec", "para",
    "al", "etc", "cf", "u.n", "e.u", "jr", "sr", "gov", "dept", "est", "mt", "kt", "vol", "p", "pp", "u.s.c",
    "c.f.r", "fed", "reg", "e.o", "govt", "sen", "rep", "gen", "col", "lt", "capt", "adm", "op", "ch", "s.a", "n.v",
}
# a sentence ends at . ! or ?, then any closing quotes or brackets, then any source markers ("[^key]", see
# markers.py), then blank space before a capital, a digit or a name written with a small first letter ("e-Acme",
# "iAcme"); after source markers, before anything (a name may be all small letters: "acmewire reported ...")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*(?:((?:\s*\[\^[a-z0-9][a-z0-9-]*\])+)\s+(?=\S)|"
                       r"\s+(?=[\"'“‘(\[]?(?:[A-Z0-9]|[a-z]{1,3}-?[A-Z])))")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-']*|\d[\d,.]*%?")
_STOPWORDS = frozenset(
    [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as",
        "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
        "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have",
        "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only",
        "or", "other", "our", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that",
        "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
        "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
        "will", "with", "would", "you", "your", "yours", "tell", "explain", "describe", "give", "show", "list",
        "please", "know", "much", "many", "does", "did", "say", "said", "says",
    ]
)

_stemmer = Stemmer.Stemmer("english")


# typed characters as the notes write them: curly quotes (phones and word processors curl them, "Acme’s"), hyphens
# and spaces that do not break ("rare‑earth"), and no invisible format characters (zero-width spaces and joiners, soft
# hyphens, byte-order and direction marks, which text copied from web pages and PDFs carries)
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-",
                        "\u00a0": " ", "\u202f": " "})


def plain_typing(text: str) -> str:
    """A text with its curly quotes straight, its non-breaking hyphens and spaces plain and its invisible format
    characters (Unicode category Cf) gone, as the notes write them."""
    return "".join(c for c in text.translate(_PLAIN) if unicodedata.category(c) != "Cf")


# what a chat message wraps a question in: a greeting before it, thanks after it, emoji, a run of question marks
_GREETING = re.compile(r"^\s*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))\b(?: there| all)?[\s,!.:;-]+",
                       re.IGNORECASE)
_THANKS = re.compile(r"[\s,;.!-]*\b(?:(?:many )?thanks|thank you|thx|cheers)\b(?: (?:so|very) much| a lot| in advance)?"
                     r"[\s.!]*$", re.IGNORECASE)
_PUNCTUATION_RUN = re.compile(r"([?!.])[?!.]+(?=\s*$)")


def plain_question(text: str) -> str:
    """A chat message as the question it asks: typed as the notes write it (``plain_typing``), without emoji, a
    greeting before it ("Hi, ...") or thanks after it ("... Thanks!"), and with one question mark where it ends with
    several ("...??", "...?!"). (A missing question mark is left missing: adding one changed how follow-ups typed
    without one were read.)"""
    plain = "".join(c for c in plain_typing(text)
                    if not (unicodedata.category(c) == "So" and ord(c) >= 0x2100) and c != "\ufe0f")
    plain = _THANKS.sub("", _GREETING.sub("", plain)).strip()
    if not any(c.isalpha() for c in plain):  # (a message that is only a greeting or thanks is left to be read as it is)
        return plain_typing(text)
    return _PUNCTUATION_RUN.sub(lambda m: "?" if "?" in m.group(0) else m.group(1), plain)


def shouted(text: str) -> bool:
    """Whether a text is typed all in capitals ("WHAT DID ACME SIGN?"): its capitals then mark no names."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and not any(c.islower() for c in letters)


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations, decimals and initials inside their sentence.

    Source markers stay with the sentence they end: ``"... in 2023.[^a][^b] Next ..."`` gives ``"... in 2023.[^a][^b]"``
    first; so do markers after a closing quote or bracket (``...".[^a]``, ``...).[^a]``) and before the stop
    (``2023[^a].``).
    """
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.start()].rstrip()
        if match.group(1):  # markers after the full stop: the sentence ends here, even after "U.S."
            pieces.append(text[start : match.end()].strip())
            start = match.end()
            continue
        last_word = re.search(r"([A-Za-z][A-Za-z.]*)\.[\"'”’)\]]*$", candidate)
        if last_word and (last_word.group(1).lower() in _ABBREVIATIONS or len(last_word.group(1)) == 1
                          or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", last_word.group(1))):  # initials: H.R., T.D.
            continue
        pieces.append(text[start : match.end()].strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s")
MIN_SENTENCE_WORDS = 4  # shorter pieces (labels, fragments) are not evidence sentences


def _clean_line(line: str) -> str:
    line = re.sub(r"\*\*|__|`", "", line)
    line = re.sub(r"\[([^\]^][^\]]*)\]\([^)]+\)", r"\1", line)  # links -> their text (markers are not links)
    return " ".join(line.split())


def prose_paragraphs(text: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """Paragraphs and list items of prose, each as (cleaned text, [(offset in that text where a line starts, index
    of that line in ``text``)]). A line wrapped inside a paragraph does not end a sentence; headings and table
    rows are left out; bullets, emphasis and link targets are removed."""
    out: list[tuple[int, list[str], list[int]]] = []
    open_block = False
    for number, line in enumerate(text.splitlines()):
        if not line.strip() or line.lstrip().startswith("|") or _HEADING.match(line):
            open_block = False
            continue
        cleaned = _clean_line(_ITEM.sub("", line))
        if _ITEM.match(line) or not open_block:
            out.append((number, [cleaned], [number]))
            open_block = True
        else:
            out[-1][1].append(cleaned)
            out[-1][2].append(number)
    paragraphs = []
    for _first, lines, numbers in out:
        starts, at = [], 0
        for piece, number in zip(lines, numbers, strict=True):
            starts.append((at, number))
            at += len(piece) + 1
        paragraphs.append((" ".join(lines), starts))
    return paragraphs


def prose_sentences_at(text: str) -> list[tuple[int, str]]:
    """The evidence sentences of prose (at least ``MIN_SENTENCE_WORDS`` words once markers are removed), each with
    the index of the line it starts on; sentences keep their ``[^key]`` markers."""
    out = []
    for paragraph, starts in prose_paragraphs(text):
        pos = 0
        for sentence in split_sentences(paragraph):
            at = max(paragraph.find(sentence, pos), 0)
            pos = max(at, pos) + len(sentence)
            line = max(number for start, number in starts if start <= at)
            if len(strip_markers(sentence).split()) >= MIN_SENTENCE_WORDS:
                out.append((line, sentence))
    return out


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def content_terms(text: str) -> list[str]:
    """Lower-cased, stemmed words without stopwords: what lexical matching compares."""
    out = []
    for w in words(text):
        lw = w.lower().strip("'")
        if lw in _STOPWORDS or len(lw) < 2:
            continue
        out.append(_stem(lw))
    return out


# small words an acronym's full form may hold, with or without their letter ("Department of Energy": DOE or DE)
_JOINERS = ("of", "and", "for", "on", "the", "&")


@lru_cache(maxsize=1024)
def spelled_out(acronym: str) -> re.Pattern[str] | None:
    """A pattern finding an acronym written out in full: words of three letters or more whose initials are its
    letters, in order, small joining words aside or giving their letter ("ZIB": "Zonal Indium Board"; "FOC": "fund
    of choice" or "fund choice"); a two-letter acronym only by capitalised words ("AB": "Acme Bank", not "about
    brine"). None for what is no acronym (mixed case, digits, one letter or more than six).

    >>> spelled_out("ZIB").search("a grant from the Zonal Indium Board").group(0)
    'Zonal Indium Board'
    >>> spelled_out("ZNIB").search("as ZorblaxNIB estimated").group(0)
    'ZorblaxNIB'
    """
    letters = acronym[:-1] if len(acronym) > 2 and acronym.endswith("s") else acronym
    if not 2 <= len(letters) <= 6 or not letters.isupper() or not letters.isalpha():
        return None
    joiners = "|".join(re.escape(j) for j in _JOINERS)
    skipped = rf"(?:(?:{joiners})\s+)*"
    if len(letters) == 2:
        return re.compile(r"\b" + (r"\s+" + skipped).join(f"{c}[a-z'-]{{2,}}" for c in letters) + r"\b")
    # (a joining word gives its letter when it starts with it: "foreign entity of concern" is FEOC)
    words = [f"(?:(?i:{c})[\\w'-]{{2,}}|(?i:{'|'.join(j for j in _JOINERS if j[0] == c.lower()) or '(?!)'}))"
             for c in letters]
    gap = rf"[\s-]+(?i:{skipped})"
    whole = gap.join(words)
    if len(letters) >= 4:
        # ... and a longer one may pass over one word of the phrase: "Bolt regional public smelter fund" is BRSF
        extra = r"[\s-]+[a-z][\w'-]+"
        whole = "|".join(gap.join(words[:i]) + extra + gap + gap.join(words[i:]) for i in range(1, len(words)))
        whole = f"{gap.join(words)}|{whole}"
    # ... or one word whose capitals are its letters, part written out and part kept ("ZIB": "ZonalIB", "ZonalIndB")
    camel = "".join(f"{c}[a-z]*" for c in letters) if len(letters) >= 3 else "(?!)"
    return re.compile(r"\b(?:" + whole + r"|(?=[A-Za-z]*[a-z]{3})" + camel + r")\b")


def written_out(acronym: str, text: str) -> bool:
    """Whether a text writes an acronym out in full (``spelled_out``: "PSUs" in "public sector undertakings")."""
    pattern = spelled_out(acronym)
    return pattern is not None and pattern.search(text) is not None
