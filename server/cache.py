"""Per-worker LRU cache of complete, small query answers (``--cache-size``; off by default).

Keys carry the store version (build id, or the update counter in update mode), so a rebuild or an
update never serves an old answer. Answers larger than ``MAX_ENTRY`` are not kept, and the least
recently used ones are dropped beyond ``size`` entries or ``MAX_BYTES`` in all, per worker.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


MAX_ENTRY = 1 << 20  # bytes of one answer
MAX_BYTES = 64 << 20  # bytes of all answers of one worker


class AnswerCache:
    """Thread-safe LRU of ``key -> (body, rows, truncated)``; ``size`` 0 disables it."""

    def __init__(self, size: int, max_bytes: int = MAX_BYTES):
        self.size = max(0, size)
        self.max_bytes = max_bytes
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0
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
        if not self.size or len(value[0]) > MAX_ENTRY:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self.bytes -= len(old[0])
            self._data[key] = value
            self.bytes += len(value[0])
            while len(self._data) > self.size or self.bytes > self.max_bytes:
                _, dropped = self._data.popitem(last=False)
                self.bytes -= len(dropped[0])

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self._data)
