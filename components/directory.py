"""The shared directory on the Streamlit side: its store (the seed imported once per process),
the moderator key's configuration, labels, and the directory map (rendered once per content).

Pages: ``app_pages/annuaire.py`` (``components.directory_page``), ``app_pages/moderation.py``
(``components.moderation_view``); the Actors page's additions are in
``components.directory_actors``. The use cases are in ``services.directory``.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from adapters import directory_mapping, mapping
from adapters.folium_binding import MapRequest
from components import map_view, resources, state
from components.actors import category_ids, category_labels
from components.assets import install_map_assets, vendor_url
from services import directory as svc
from services.errors import ServiceError
from services.stores import DirectoryStore

SEED_ENV = "CARNET_DIRECTORY_SEED"
KEY_ENV = "CARNET_MODERATOR_KEY"
FRANCE = (46.6, 2.4)
MAX_RENDERED = 16

_rendered: OrderedDict[tuple[object, ...], map_view.RenderedMap] = OrderedDict()
_lock = threading.Lock()


def seed_path() -> Path:
    """The seed file: ``CARNET_DIRECTORY_SEED`` or ``data/directory-seed.json`` (absent: an
    empty directory until learners propose)."""
    value = os.environ.get(SEED_ENV, "").strip()
    return Path(value) if value else svc.DEFAULT_SEED


@st.cache_resource(show_spinner=False)
def _seeded(engine_url: str, path: str) -> svc.SeedReport:
    return svc.import_seed(state.stores().directory, category_ids(), path)


def store() -> DirectoryStore:
    """The directory's store, with the seed imported (once per process and seed file)."""
    stores = state.stores()
    _seeded(str(stores.engine.url), str(seed_path()))
    return stores.directory


def configured_key() -> str:
    """The moderator key: ``CARNET_MODERATOR_KEY``, else ``moderator_key`` in
    ``.streamlit/secrets.toml`` (read only when a secrets file exists: Streamlit reports a
    missing one as an error)."""
    key = os.environ.get(KEY_ENV, "").strip()
    if key:
        return key
    files = st.get_option("secrets.files") or []
    if not any(Path(f).expanduser().is_file() for f in files):
        return ""
    try:
        return str(st.secrets.get("moderator_key", "") or "").strip()
    except Exception:  # noqa: BLE001 - a malformed secrets file: no key, the page explains
        return ""


def styles() -> dict[str, mapping.CategoryStyle]:
    return resources.category_styles(state.language())


def map_labels() -> dict[str, str]:
    t = state.t()
    return {
        **resources.map_labels(t),
        "website": t("field.website"),
        "confirmed": t("directory.confirmed_by", count="{count}"),
    }


def _frame(entries: Sequence[svc.EntryRow], zoom_hint: int) -> tuple[tuple[float, float], int]:
    located = [(e.lat, e.lon) for e in entries if e.lat is not None and e.lon is not None]
    if not located or zoom_hint <= 5:
        return FRANCE, 5
    lat = sum(p[0] for p in located) / len(located)
    lon = sum(p[1] for p in located) / len(located)
    return (round(lat, 3), round(lon, 3)), zoom_hint


def directory_map(
    entries: Sequence[svc.EntryRow], *, content_key: tuple[object, ...], zoom_hint: int, key: str
) -> list[dict[str, Any]]:
    """The entries on the offline base map, clustered; rendered once per ``content_key`` (the
    directory's version, the filter and the language). Returns the features sent."""
    install_map_assets()
    tiles = mapping.tiles_setting()
    center, zoom = _frame(entries, zoom_hint)
    cache_key = (content_key, center, zoom, tiles, key, vendor_url())
    with _lock:
        rendered = _rendered.get(cache_key)
        if rendered is not None:
            _rendered.move_to_end(cache_key)
    if rendered is None or not map_view.BINDING.caches:
        base = directory_mapping.base_map(center, zoom, tiles=tiles)
        group, features = directory_mapping.entries_layer(entries, styles(), map_labels())
        request = MapRequest(base, [group], key, 520)
        if not map_view.BINDING.caches:  # streamlit-folium changed: the public call, every run
            map_view.BINDING.show(request, on_change=lambda: None)
            sent = list(features)
        else:
            rendered = map_view.RenderedMap(
                arguments=map_view.prepared_arguments(request),
                features=tuple(features),
                location=(base.location[0], base.location[1]),
                zoom=zoom,
            )
            with _lock:
                _rendered[cache_key] = rendered
                while len(_rendered) > MAX_RENDERED:
                    _rendered.popitem(last=False)
    if rendered is not None and map_view.BINDING.caches:
        map_view.draw_map(rendered, key=key, on_change=lambda: None)
        sent = list(rendered.features)
    legend = mapping.legend_html(
        styles(), mapping.used_categories(entries), map_labels(), show_territory=False
    )
    if legend:
        st.html(legend)  # escaped by adapters.mapping (category labels only)
    if tiles.kind == "none":
        st.caption(state.t()("map.no_tiles"))
    return sent


def explain(error: ServiceError) -> str:
    """A service error in the user's language, its ``field`` parameter translated too."""
    t = state.t()
    params = dict(error.params)
    if params.get("field"):
        params["field"] = t(f"directory.field.{params['field']}")
    return t(error.key, **params)


def category_name(category: str) -> str:
    return category_labels().get(category, category)
