"""Per-worker LRU cache of complete, small query answers (``--cache-size``; off by default).

Keys carry the store version (build id, or the update counter in update mode), so a rebuild or an
update never serves an old answer. Only answers that came back from the evaluator in one message
(at most one pipe chunk, ~64 KiB) are kept, so memory is bounded by ``size`` x 64 KiB per worker.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class AnswerCache:
    """Thread-safe LRU mapping of hashable keys to answers; ``size`` 0 disables it."""

    def __init__(self, size: int):
        self.size = max(0, size)
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key):
        if not self.size:
            return None
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key, value) -> None:
        if not self.size:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
