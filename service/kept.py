"""Values kept per store state (the pages built from a precomputed answer, /sparql's answers):
the store changes only when a load or a removal publishes a new state, so a kept value is what
computing it again would give."""
from __future__ import annotations

import threading
from collections import OrderedDict


class KeptPerState:
    """Values kept while the store's change signature stays the same, the most recently used up
    to `limit` in all, each costing `cost(value)` (1 by default; none costing more than
    `max_cost` is kept). The store changes only when a load or a removal publishes a new state,
    so a kept value is exactly what computing it again would give; a new state empties it."""

    def __init__(self, limit: int, cost=lambda value: 1, max_cost: int | None = None):
        self.limit = limit
        self.cost = cost
        self.max_cost = limit if max_cost is None else min(max_cost, limit)
        self._lock = threading.Lock()
        self._signature = None
        self._values: OrderedDict = OrderedDict()
        self._total = 0

    def get(self, signature, key):
        with self._lock:
            if signature != self._signature:
                self._signature, self._values, self._total = signature, OrderedDict(), 0
                return None
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, signature, key, value) -> None:
        cost = self.cost(value)
        if cost > self.max_cost:
            return
        with self._lock:
            if signature != self._signature or key in self._values:
                return
            self._values[key] = value
            self._total += cost
            while self._total > self.limit:
                _, dropped = self._values.popitem(last=False)
                self._total -= self.cost(dropped)
