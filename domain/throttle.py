"""Wrong guesses are slowed down: after a few free failures, each further failure for the same
key (a client, a code, a key...) waits longer, doubling up to a ceiling; a success or a quiet
period forgets the key. Pure: the caller gives the time and does the waiting."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class Throttle:
    free_failures: int = 3
    base_delay: float = 0.5  # seconds, after the free failures
    max_delay: float = 8.0
    forget_after: float = 900.0  # seconds without a failure
    max_keys: int = 10_000
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def delay(self, key: str, now: float) -> float:
        """Seconds to wait before answering an attempt from ``key``."""
        with self._lock:
            count, last = self._failures.get(key, (0, now))
            if now - last > self.forget_after:
                self._failures.pop(key, None)
                return 0.0
        beyond = count - self.free_failures
        if beyond <= 0:
            return 0.0
        return float(min(self.max_delay, self.base_delay * (2 ** (beyond - 1))))

    def failed(self, key: str, now: float) -> None:
        with self._lock:
            count, last = self._failures.get(key, (0, now))
            if now - last > self.forget_after:
                count = 0
            self._failures[key] = (count + 1, now)
            if len(self._failures) > self.max_keys:  # bounded memory: drop the oldest
                oldest = min(self._failures, key=lambda k: self._failures[k][1])
                del self._failures[oldest]

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
