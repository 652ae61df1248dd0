"""Results of pure steps kept by a key of what they were computed from.

Under `mkdocs serve` one process rebuilds the site after every save; an edit
to one report leaves every other report's checks and pages as they were, so
they are taken from here instead of being computed again. The key must name
everything the result depends on: a stale hit would publish an old page.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

T = TypeVar("T")


def digest(*parts: bytes | str) -> str:
    """A short, collision-safe key of some bytes (each part delimited, so ("ab", "c") ≠ ("a", "bc"))."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()[:32]


class Memo:
    """The last `size` results, by key (least recently used dropped first)."""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if key in self._items:
            self._items.move_to_end(key)
            self.hits += 1
            return self._items[key]  # type: ignore[return-value]
        self.misses += 1
        value = compute()
        self._items[key] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return value
