"""The one binding to streamlit-folium: render a map once, hand it to the browser many times.

``st_folium`` renders a folium map to HTML and JavaScript on every call (most of a map page's
rerun). The app keeps what ``st_folium`` hands its component and hands the component the same
arguments again while the map has not changed (``components.map_view``). streamlit-folium has
no public way to get those arguments: this module swaps its private ``_component_func`` for a
recorder while ``st_folium`` runs. That is only done when the installed version is one this
binding was tested with and the hook has the expected shape (``check``); otherwise the binding
falls back to the public ``st_folium`` call on every run (correct, only slower) and says why in
the log, once.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from types import ModuleType
from typing import Any

import streamlit_folium

log = logging.getLogger(__name__)

DISTRIBUTION = "streamlit-folium"
#: The versions whose private hook this binding was tested with: [from, to).
TESTED = ((0, 20), (0, 28))
#: The arguments of ``st_folium`` the binding passes (their names are part of the shape).
ARGUMENTS = (
    "key",
    "height",
    "use_container_width",
    "returned_objects",
    "feature_group_to_add",
    "wrap_longitude",
    "on_change",
)
HOOK = "_component_func"


def installed_version() -> str | None:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None


def _release(version: str) -> tuple[int, int] | None:
    parts = version.split(".")
    try:
        return int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        return None


def check(module: ModuleType, version: str | None) -> str | None:
    """Why the private hook cannot be used with this module (None: it can)."""
    release = _release(version or "")
    if release is None or not TESTED[0] <= release < TESTED[1]:
        return f"{DISTRIBUTION} {version} is not a version this binding was tested with"
    hook = getattr(module, HOOK, None)
    if not callable(hook):
        return f"{DISTRIBUTION} {version} has no callable {HOOK}"
    st_folium = getattr(module, "st_folium", None)
    if not callable(st_folium):
        return f"{DISTRIBUTION} {version} has no st_folium"
    try:
        parameters = inspect.signature(st_folium).parameters
    except (TypeError, ValueError):
        return f"{DISTRIBUTION} {version}: the signature of st_folium cannot be read"
    missing = [name for name in ARGUMENTS if name not in parameters]
    if missing:
        return f"{DISTRIBUTION} {version}: st_folium takes no {', '.join(missing)}"
    code = getattr(st_folium, "__code__", None)
    if code is None or HOOK not in code.co_names:
        return f"{DISTRIBUTION} {version}: st_folium no longer calls {HOOK}"
    return None


@dataclass(frozen=True)
class MapRequest:
    """A map to draw: the folium base map, the layers drawn over it, the iframe's key and
    height, and what a click sends back."""

    base: Any
    layers: Sequence[Any]
    key: str
    height: int
    returned_objects: Sequence[str] = ("last_clicked",)


class FoliumBinding:
    """streamlit-folium as the app uses it: ``prepare`` + ``draw`` (a map rendered once) when
    the private hook can be used, ``show`` (the public call, every run) otherwise."""

    def __init__(self, module: ModuleType = streamlit_folium, version: str | None = None) -> None:
        self.module = module
        self.version = version if version is not None else installed_version()
        self.problem = check(module, self.version)
        self.st_folium: Callable[..., Any] = module.st_folium
        self.component: Callable[..., Any] | None = None
        if self.problem is None:
            self.component = getattr(module, HOOK)
        else:
            log.warning("Maps are rendered on every run (no render cache): %s", self.problem)
        self._swap = threading.Lock()  # held while st_folium runs with its hook swapped

    @property
    def caches(self) -> bool:
        """Whether a rendered map can be kept and handed to the browser again."""
        return self.component is not None

    def prepare(self, request: MapRequest) -> dict[str, Any]:
        """What the real ``st_folium`` hands its component for this map (without its
        ``on_change``): run it with the hook swapped for a recorder."""
        if self.component is None:
            raise RuntimeError(f"no render cache: {self.problem}")
        recorded: dict[str, Any] = {}

        def record(**arguments: Any) -> None:
            recorded.update(arguments)

        # st_folium looks its hook up in its module at call time: the swap is serialised, and
        # drawing (draw) calls the hook kept at start, never the module's attribute.
        with self._swap:
            setattr(self.module, HOOK, record)
            try:
                self._call(request, None)
            finally:
                setattr(self.module, HOOK, self.component)
        recorded.pop("on_change", None)  # st_folium's, bound to that call
        # Kept and handed over on every run: lists as tuples, which JSON-encode the same but
        # which Streamlit's component call does not probe as possible data frames (a list is
        # run through its whole data-format detection, on every run).
        return {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in recorded.items()
        }

    def draw(self, arguments: Mapping[str, Any], *, on_change: Callable[[], None]) -> None:
        """Hand prepared arguments to the component (the browser draws the map)."""
        if self.component is None:
            raise RuntimeError(f"no render cache: {self.problem}")
        self.component(**arguments, on_change=on_change)

    def show(self, request: MapRequest, *, on_change: Callable[[], None]) -> None:
        """The public call: render and draw now (``st.session_state[key]`` gets the value
        before ``on_change`` runs, as ``draw``'s callers arrange)."""
        self._call(request, on_change)

    def _call(self, request: MapRequest, on_change: Callable[[], None] | None) -> None:
        """``st_folium`` as the app calls it: full width, the layers apart from the base map
        (so the base stays mounted), longitudes wrapped."""
        self.st_folium(
            request.base,
            key=request.key,
            height=request.height,
            use_container_width=True,
            returned_objects=list(request.returned_objects),
            feature_group_to_add=list(request.layers),
            wrap_longitude=True,
            on_change=on_change,
        )
