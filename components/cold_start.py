"""The first page a freshly started server serves by a deep link (issue 14).

Why (Streamlit 1.67's source): ``PagesManager.uses_pages_directory`` is a class attribute set
when the process creates its first session, to whether a ``pages/`` folder sits beside the main
script (ours does: ``pages/views/``). While it is true, ``ScriptRunner`` does not run
``app.py`` but ``_mpa_v1``: Streamlit's legacy navigation over the ``*.py`` files directly in
``pages/``. Only ``st.navigation`` (called by ``app.py``) sets it back to false, for the whole
process. So the very first run of a server goes through the legacy navigation: it resolves
the URL (``/projet``) among the files directly in ``pages/``, finds none, sends « Page not
found » and runs ``app.py`` as its default page; every later run is ours.

The fix: ``pages/<url path>.py`` for each page reachable by URL, each running ``app.py``
(``run_entrypoint``). The legacy navigation of that first run finds the page by name, runs its
file, which runs ``app.py``, whose ``st.navigation`` resolves the same URL to the real page.
After that first run Streamlit ignores ``pages/`` (``tests/unit/test_cold_start.py`` checks
that every routable page has its file).
"""

from __future__ import annotations

import runpy
from pathlib import Path

ENTRYPOINT = Path(__file__).resolve().parents[1] / "app.py"


def run_entrypoint() -> None:
    """Run ``app.py`` as Streamlit runs it (its navigation then runs the page of the URL)."""
    runpy.run_path(str(ENTRYPOINT), run_name="__main__")
