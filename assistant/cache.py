"""The answer cache: composed answers kept in memory, per process, keyed by everything an answer depends on.

An intranet assistant is asked the same few questions by many people; a repeat is served from here in well under a
millisecond instead of being composed again. The key holds the question (whitespace collapsed), its analysis
(``ResolvedQuery``: what the conversation contributed, so a standalone question hits whatever history came with it
while a follow-up never borrows another conversation's answer), the filters, the retrieval mode and depth, and the
index generation, which every ingest that changes the index bumps: no answer survives a corpus change. Each worker
process has its own cache, so nothing is shared between workers and nothing can go stale across them.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Hashable

from .types import Answer


class AnswerCache:
    """A bounded, thread-safe LRU of answers.

    >>> cache = AnswerCache(2)
    >>> cache.get(("q", 1)) is None
    True
    """

    def __init__(self, size: int) -> None:
        if size < 0:
            raise ValueError(f"answer cache size {size} is negative; use 0 to switch the cache off")
        self.size = size
        self._items: OrderedDict[Hashable, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable, lookup_ms: float = 0.0) -> Answer | None:
        """A copy of the stored answer marked ``cached`` (its timings replaced by the lookup's), or None."""
        with self._lock:
            answer = self._items.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
        # a shallow copy: the stored answer's own fields are never changed after it is stored
        return dataclasses.replace(answer, cached=True,
                                   timings_ms={"composed_ms": answer.timings_ms.get("total", 0.0)})

    def put(self, key: Hashable, answer: Answer) -> None:
        if not self.size:
            return
        with self._lock:
            self._items[key] = answer
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
