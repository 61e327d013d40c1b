"""Text as it enters (API, chat, CLI): refuse what is not text before any model sees it.

Two kinds of character are refused with a message naming the field and the fix: lone UTF-16 surrogates (U+D800 to
U+DFFF; a JSON ``"\\ud800"`` escape or a bad copy-paste delivers them, and they cannot be encoded as UTF-8, so the
tokenizer, the log and the JSON encoder all fail on them) and control characters (U+0000 to U+001F, U+007F to U+009F:
NUL and the like, which no question needs). Tab, line feed and carriage return are kept as they are; vertical tab,
form feed and next line (U+000B, U+000C, U+0085), which PDF extraction and some editors leave between lines, are
turned into a space. Every other character of Unicode (format characters, private use, unassigned) is accepted.

>>> clean_text("gallium\\tprices", "question")
'gallium\\tprices'
>>> clean_text("a\\x0cb", "question")
'a b'
>>> text_problem("x\\ud800")[:52]
'contains a lone UTF-16 surrogate (U+D800) at charact'
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from .errors import BadRequestError

_SPACES = str.maketrans({"\x0b": " ", "\x0c": " ", "\x85": " "})
_REFUSED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_FIX = "remove it, or paste the text again as plain text"
_CONTROL_FIX = "remove it (tabs and line breaks are fine)"


def text_problem(value: str) -> str | None:
    """What is wrong with ``value`` as text, and how to fix it; ``None`` when it is fine (after normalising)."""
    found = _REFUSED.search(value)
    if found is None:
        return None
    ch, where = found.group(), found.start() + 1
    if _SURROGATE.match(ch):
        return (f"contains a lone UTF-16 surrogate (U+{ord(ch):04X}) at character {where}, which is not text and "
                f"cannot be encoded as UTF-8; {_SURROGATE_FIX}")
    label = " (NUL)" if ch == "\x00" else ""
    return f"contains the control character U+{ord(ch):04X}{label} at character {where}; {_CONTROL_FIX}"


def clean_text(value: str, field: str) -> str:
    """``value`` with harmless controls turned into spaces; a BadRequestError naming ``field`` if it is not text."""
    value = value.translate(_SPACES)
    problem = text_problem(value)
    if problem is not None:
        raise BadRequestError(f"{field} {problem}")
    return value


def _pydantic_clean(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # pydantic's own str validation refuses it with its usual message
    value = value.translate(_SPACES)
    problem = text_problem(value)
    if problem is not None:
        # a custom type lets the API answer 400 (bad text) rather than 422 (wrong shape); the loc names the field
        raise PydanticCustomError("bad_text", "{problem}", {"problem": problem})
    return value


# before pydantic's own check, which refuses a surrogate in a length-limited str with a message about "raw data"
CleanText = Annotated[str, BeforeValidator(_pydantic_clean)]
"""A ``str`` field of a request model that refuses lone surrogates and control characters (``bad_text`` error)."""


def check_json_text(value: Any, field: str) -> Any:
    """Every string (keys too) inside a JSON value is clean text; raises BadRequestError naming the path."""
    if isinstance(value, str):
        return clean_text(value, field)
    if isinstance(value, dict):
        return {clean_text(str(k), f"{field} key"): check_json_text(v, f"{field}.{printable(k)}")
                for k, v in value.items()}
    if isinstance(value, list):
        return [check_json_text(v, f"{field}.{i}") for i, v in enumerate(value)]
    return value


def printable(value: Any) -> Any:
    """A JSON value safe to encode and show (each refused character becomes U+FFFD), for echoing bad input back."""
    if isinstance(value, str):
        return _REFUSED.sub("\ufffd", value)
    if isinstance(value, dict):
        return {printable(k): printable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [printable(v) for v in value]
    return value
