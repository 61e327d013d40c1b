"""Source markers: ``[^key]`` at the end of a note's sentence names the source(s) that state it."""

from __future__ import annotations

import re

MARKER = re.compile(r"\s?\[\^([a-z0-9][a-z0-9-]*)\]")


def strip_markers(text: str) -> str:
    """The text without its markers."""
    return MARKER.sub("", text)


def split_marked(text: str) -> tuple[str, list[str]]:
    """(text without markers, the keys it names in order, without repeats)."""
    return strip_markers(text), list(dict.fromkeys(MARKER.findall(text)))
