"""What a plan decides (its items, table and lead), and the small text helpers the plans and the renderer share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...figures import told_years
from ..evidence import Evidence
from ..query import QType
from ..tables import Row, Table

_CONNECTIVE = re.compile(r"^(however|moreover|in addition|additionally|also|meanwhile|furthermore|separately|"
                         r"by contrast|in contrast|still|yet|instead|similarly|likewise|even so|as a result)\s*,\s*",
                         re.IGNORECASE)


def _length(e: Evidence) -> int:
    """The words a sentence adds to an answer, its citation mark counted."""
    return len(e.text.split()) + 1


# a record's reference point ("the lowest since February 2031", "the most since at least 2024"): not when it happened
_RECORD_SINCE = re.compile(r"\b(?:\w+est|most|least|first|more|less|fewer)\s+(?:\w+\s+){0,2}?since\s+(?:at least\s+)?"
                           r"(?:(?:early|late|mid-?|the end of|the start of)\s*)?(?:[A-Z][a-z]+\s+)?(?:19|20)\d{2}\b")


def event_year(text: str) -> int | None:
    """The year a sentence tells of: the earliest year it names, outside its attribution and outside a record's
    reference point ("the lowest since 2029")."""
    return min(map(int, told_years(_RECORD_SINCE.sub("", text))), default=None)


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
    more_tables: list[TablePick] = field(default_factory=list)  # shown after ``table``: other amounts asked
    computed_lead: str = ""
    table_first: bool = False  # a factoid answered by a table row: the row comes before the supporting sentences
    table_last: bool = False  # a list whose items are a note's sections: the table's rows come after them
