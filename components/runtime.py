"""Settings of the Python process that serves the app, applied once by ``app.py``.

The GIL switch interval: Streamlit's script threads hand every element to the event loop
thread (``call_soon_threadsafe``), and with Python's default interval (5 ms) each hand-over can
wait that long for the GIL while another thread runs; a page of 50 elements then waits more
than it works. 0.5 ms lets the threads take turns faster (``bench/bench_load.py``, 20 learners,
stress profile: p95 1.03 s → 0.11 s, and 0.28 s → 0.09 s in a second pair of runs).
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL = 0.0005  # seconds (Python's default: 0.005)


def tune_interpreter() -> None:
    if sys.getswitchinterval() != SWITCH_INTERVAL:
        sys.setswitchinterval(SWITCH_INTERVAL)
