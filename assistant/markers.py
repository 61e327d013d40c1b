"""Source markers: ``[^key]`` after a sentence names the note's source(s) that state it (corpus v2).

>>> split_marked("China produced 92% in 2023.[^iea-2024][^usgs-2025]")
('China produced 92% in 2023.', ['iea-2024', 'usgs-2025'])
>>> strip_markers("In 2023 [^a]. Next.[^b]")
'In 2023. Next.'
"""

from __future__ import annotations

import re

KEY = r"[a-z0-9][a-z0-9-]*"
KEY_PATTERN = re.compile(rf"^{KEY}$")
MARKER = re.compile(rf"\[\^({KEY})\]")
# a marker and the blanks before it: "2023. [^a]" and "2023.[^a]" both become "2023."
_WITH_SPACE = re.compile(rf"[ \t]*\[\^{KEY}\]")
# what a marker-like token looks like when its key is malformed ("[^Reuters 2023]", "[^??]")
LOOSE_MARKER = re.compile(r"\[\^([^\]\s][^\]]*)\]")


def strip_markers(text: str) -> str:
    """The text without its markers (and the blanks before each marker)."""
    return _WITH_SPACE.sub("", text)


def marker_keys(text: str) -> list[str]:
    """The keys of the markers in ``text``, in order of first appearance, without repeats."""
    return list(dict.fromkeys(MARKER.findall(text)))


def split_marked(text: str) -> tuple[str, list[str]]:
    """The clean text and the keys its markers name (in order, de-duplicated)."""
    return strip_markers(text), marker_keys(text)


def ends_with_markers(text: str) -> bool:
    """Whether ``text`` ends with one or more markers (blanks between them allowed)."""
    return re.search(rf"(?:\[\^{KEY}\]\s*)+$", text.strip()) is not None
