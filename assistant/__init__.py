"""Critical Minerals Policy Assistant: grounded, cited answers from curated sources on critical minerals.

>>> from assistant import Settings, build_assistant   # doctest: +SKIP
>>> build_assistant(Settings()).ask("Why are rare earths critical to AI?").text  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Answer", "Assistant", "Citation", "Filters", "Settings", "build_assistant"]

if TYPE_CHECKING:
    from .assistant import Assistant, build_assistant
    from .settings import Settings
    from .types import Answer, Citation, Filters


def __getattr__(name: str) -> Any:  # heavy imports only when used, so `assistant --help` stays fast
    if name in ("Assistant", "build_assistant"):
        from . import assistant as module
    elif name == "Settings":
        from . import settings as module  # type: ignore[no-redef]
    elif name in ("Answer", "Citation", "Filters"):
        from . import types as module  # type: ignore[no-redef]
    else:
        raise AttributeError(name)
    return getattr(module, name)
