"""Serve the map's JavaScript and CSS from the app itself (no CDN): thin Streamlit wrapper.

The logic (which files, where, which URLs) is in ``adapters.map_assets``. Here: find the folder
Streamlit serves (``static/`` beside the main script, served at ``/app/static/`` when
``server.enableStaticServing`` is on, see ``.streamlit/config.toml``), copy the files there once
per process, and point folium at them.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from adapters import map_assets

_LOG = logging.getLogger(__name__)
_REPO_STATIC = Path(__file__).resolve().parent.parent / "static"
_lock = threading.Lock()
_done: set[tuple[str, str]] = set()
_seen: set[tuple[str | None, str]] = set()  # (main script, URL prefix) already installed


def static_dir() -> Path:
    """The ``static/`` folder Streamlit serves: beside the running main script (else the repo's)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    main_script = getattr(ctx, "main_script_path", None) if ctx is not None else None
    if main_script:
        return Path(main_script).resolve().parent / "static"
    return _REPO_STATIC


def vendor_url() -> str:
    """URL prefix of the vendor files, honouring ``server.baseUrlPath``."""
    return map_assets.vendor_url(st.get_option("server.baseUrlPath") or "")


def install_map_assets() -> None:
    """Copy Leaflet/jQuery/... into ``static/vendor`` and point folium at them. Cheap after once.

    Called by app.py on every run and by ``components.map_view`` as a safety net; after the first
    call in a process (per static folder and URL prefix) it is a set lookup (without resolving
    the folder's path again: that asks the file system, twice per rerun of a map page).
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    main_script = getattr(ctx, "main_script_path", None) if ctx is not None else None
    seen = (main_script, st.get_option("server.baseUrlPath") or "")
    if main_script is not None and seen in _seen:  # (outside a script run: look every time)
        return
    folder, prefix = static_dir(), vendor_url()
    marker = (str(folder), prefix)
    if marker not in _done:
        _install(folder, prefix, marker)
    _seen.add(seen)


def _install(folder: Path, prefix: str, marker: tuple[str, str]) -> None:
    with _lock:
        if marker in _done:
            return
        the_plan = map_assets.plan()
        try:
            if map_assets.install(folder, the_plan):
                _LOG.info("map assets copied into %s", folder / map_assets.VENDOR)
        except OSError:
            # A read-only deployment may ship the files already; the map shows what is there.
            _LOG.exception("could not copy the map assets into %s", folder)
        map_assets.configure_folium(prefix, the_plan)
        if not st.get_option("server.enableStaticServing"):
            _LOG.warning("server.enableStaticServing is off: the map cannot load %s", prefix)
        _done.add(marker)
