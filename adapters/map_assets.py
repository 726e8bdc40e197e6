"""The map's JavaScript and CSS, served by the app itself: which files, where, under which URL.

folium points every map at public CDNs (jsdelivr, code.jquery.com, cdnjs, netdna.bootstrapcdn).
Offline, behind a school proxy or in the browser tests, such a map stays blank, and each
learner's browser would tell those hosts which page it is on. Instead the files come from pip
packages (XStatic), are copied under the app's ``static/vendor/`` folder (served by Streamlit at
``/app/static/vendor/`` with ``server.enableStaticServing``), and folium's ``default_js`` /
``default_css`` class attributes are pointed at those local URLs.

What folium 0.20's ``Map`` asks for, and what happens to it here:

- Leaflet 1.9.3 JS and CSS (+ its images): served locally (xstatic-leaflet 1.9.3, the version
  folium expects).
- jQuery 3.7.1: served locally (xstatic-jquery). folium's ``Popup``/``Html`` elements use ``$``.
- Bootstrap 5 JS/CSS, Bootstrap 3 glyphicons, Font Awesome, Leaflet.awesome-markers and
  folium's ``leaflet.awesome.rotate`` CSS: **dropped**. They only serve ``folium.Icon`` markers
  (and Bootstrap-styled popups). This app draws circle markers (``adapters.mapping``), which need
  none of them; a ``folium.Icon`` marker would render without its icon font.
- ``folium.plugins.MarkerCluster`` (for a class-wide map of many actors): served locally
  (xstatic-leaflet-markercluster 1.4.1) when that package is installed.

Any other folium plugin keeps its CDN links: add it to ``bundles()`` before using it.

This module never imports streamlit: ``components.assets`` is the thin Streamlit wrapper.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from domain.outlines import OUTLINES_PATH, load_outlines

#: Where Streamlit serves the app's ``static/`` folder, relative to the app root.
STATIC_URL = "/app/static"
#: The folder (inside ``static/``) this module owns: generated, never committed.
VENDOR = "vendor"
#: Written last by ``install``: what was copied, to skip the copy next time.
MANIFEST = ".manifest.json"

#: Hosts folium would otherwise load code or styles from (used by tests and checks).
CDN_HOSTS = (
    "cdn.jsdelivr.net",
    "unpkg.com",
    "cdnjs.cloudflare.com",
    "code.jquery.com",
    "bootstrapcdn.com",
    "fonts.googleapis.com",
    "netdna.bootstrapcdn.com",
    "d3js.org",
)


@dataclass(frozen=True)
class Bundle:
    """Files of one XStatic package, copied under ``vendor/<folder>/``."""

    module: str  # e.g. "xstatic.pkg.leaflet"
    folder_name: str  # e.g. "leaflet"; the package version is appended
    files: tuple[str, ...]  # paths inside the package's BASE_DIR
    optional: bool = False

    def load(self) -> tuple[Path, str] | None:
        """(BASE_DIR, VERSION) of the installed package, or None when it is missing and optional."""
        try:
            package = importlib.import_module(self.module)
        except ImportError:
            if self.optional:
                return None
            raise
        return Path(package.BASE_DIR), str(package.VERSION)


@dataclass(frozen=True)
class Links:
    """The (name, url-relative-to-vendor) pairs one folium class should load."""

    js: tuple[tuple[str, str], ...] = ()
    css: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CopyItem:
    source: Path
    target: str  # relative to the vendor folder, POSIX separators
    # The file's bytes made from ``source`` (a generated file); None: a copy of ``source``.
    make: Callable[[Path], bytes] | None = None


@dataclass(frozen=True)
class Plan:
    """Everything to copy, and the links each folium class gets (relative to the vendor folder)."""

    items: tuple[CopyItem, ...]
    links: dict[str, Links] = field(default_factory=dict)  # "folium.Map" -> Links


_LEAFLET_IMAGES = (
    "images/layers.png",
    "images/layers-2x.png",
    "images/marker-icon.png",
    "images/marker-icon-2x.png",
    "images/marker-shadow.png",
)

LEAFLET = Bundle("xstatic.pkg.leaflet", "leaflet", ("leaflet.js", "leaflet.css", *_LEAFLET_IMAGES))
JQUERY = Bundle("xstatic.pkg.jquery", "jquery", ("jquery.min.js",))
MARKERCLUSTER = Bundle(
    "xstatic.pkg.leaflet_markercluster",
    "leaflet.markercluster",
    ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"),
    optional=True,
)


def bundles() -> tuple[Bundle, ...]:
    return (LEAFLET, JQUERY, MARKERCLUSTER)


#: The global the outlines script defines (``adapters.mapping.FranceOutlines`` draws it).
OUTLINES_GLOBAL = "alliancesOutlines"
OUTLINES_FILE = "france-outlines.js"
OUTLINES_SCALE = 1000  # the file's precision: 0.001° (data/outlines/README.md)


def outlines_script(source: Path = OUTLINES_PATH) -> bytes:
    """The lines of France (``domain.outlines``) as a script for the interactive maps' offline
    base: ``window.alliancesOutlines = {coast: [...], border: [...], admin: [...]}``, each line
    a flat list of integers, the first (lat, lon) pair in thousandths of a degree and each next
    pair the step from the previous one (a third of the size of plain coordinates).
    Deterministic: the same file gives the same bytes."""
    kinds: dict[str, list[list[int]]] = {"coast": [], "border": [], "admin": []}
    for line in load_outlines(source).lines:
        flat: list[int] = []
        last_lat = last_lon = 0
        for lon, lat in line.points:
            y, x = round(lat * OUTLINES_SCALE), round(lon * OUTLINES_SCALE)
            flat += [y - last_lat, x - last_lon]
            last_lat, last_lon = y, x
        kinds[line.kind].append(flat)
    data = json.dumps(kinds, separators=(",", ":"))
    head = "/* Lines of France: Natural Earth 1:10m, public domain (data/outlines/README.md) */\n"
    return f"{head}window.{OUTLINES_GLOBAL} = {data};\n".encode()


def _outlines_folder(source: Path) -> str:
    """Versioned by the data's content: a new file busts the browsers' caches."""
    return "outlines-" + hashlib.sha256(source.read_bytes()).hexdigest()[:12]


def plan() -> Plan:
    """Resolve the installed packages into files to copy and links per folium class."""
    items: list[CopyItem] = []
    folders: dict[str, str] = {}
    for bundle in bundles():
        loaded = bundle.load()
        if loaded is None:
            continue
        base_dir, version = loaded
        folder = f"{bundle.folder_name}-{version}"  # versioned: a package upgrade busts caches
        folders[bundle.folder_name] = folder
        for name in bundle.files:
            source = base_dir / name
            if not source.is_file():
                raise FileNotFoundError(f"{bundle.module} does not ship {name} ({source})")
            items.append(CopyItem(source=source, target=f"{folder}/{name}"))

    outlines = f"{_outlines_folder(OUTLINES_PATH)}/{OUTLINES_FILE}"
    items.append(CopyItem(source=OUTLINES_PATH, target=outlines, make=outlines_script))

    leaflet, jquery = folders["leaflet"], folders["jquery"]
    links = {
        "folium.Map": Links(
            js=(("leaflet", f"{leaflet}/leaflet.js"), ("jquery", f"{jquery}/jquery.min.js")),
            css=(("leaflet_css", f"{leaflet}/leaflet.css"),),
        ),
        "adapters.mapping.FranceOutlines": Links(js=((OUTLINES_GLOBAL, outlines),)),
    }
    if "leaflet.markercluster" in folders:
        cluster = folders["leaflet.markercluster"]
        links["folium.plugins.MarkerCluster"] = Links(
            js=(("markerclusterjs", f"{cluster}/leaflet.markercluster.js"),),
            css=(
                ("markerclustercss", f"{cluster}/MarkerCluster.css"),
                ("markerclusterdefaultcss", f"{cluster}/MarkerCluster.Default.css"),
            ),
        )
    return Plan(items=tuple(items), links=links)


def vendor_url(base_url_path: str = "") -> str:
    """URL prefix of the vendor folder, honouring Streamlit's ``server.baseUrlPath``."""
    base = base_url_path.strip("/")
    return f"/{base}{STATIC_URL}/{VENDOR}" if base else f"{STATIC_URL}/{VENDOR}"


def _fingerprint(item: CopyItem) -> list[object]:
    stat = item.source.stat()
    return [item.target, stat.st_size, int(stat.st_mtime)]


def _expected_manifest(the_plan: Plan) -> dict[str, object]:
    return {"files": [_fingerprint(item) for item in the_plan.items]}


def is_installed(static_dir: Path, the_plan: Plan | None = None) -> bool:
    """True when ``static_dir/vendor`` already holds exactly these files (sizes and mtimes)."""
    the_plan = the_plan or plan()
    vendor_dir = Path(static_dir) / VENDOR
    try:
        recorded = json.loads((vendor_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if recorded != _expected_manifest(the_plan):
        return False
    return all(
        (vendor_dir / item.target).is_file()
        and (
            item.make is not None  # made from its source: the manifest vouches for it
            or (vendor_dir / item.target).stat().st_size == item.source.stat().st_size
        )
        for item in the_plan.items
    )


def install(static_dir: Path, the_plan: Plan | None = None) -> bool:
    """Copy the vendor files into ``static_dir/vendor``. Returns False when nothing had to be done.

    Idempotent and safe against a concurrent install: each file is written to a temporary name
    then renamed, and the manifest is written last.
    """
    the_plan = the_plan or plan()
    if is_installed(static_dir, the_plan):
        return False
    vendor_dir = Path(static_dir) / VENDOR
    vendor_dir.mkdir(parents=True, exist_ok=True)
    for item in the_plan.items:
        target = vendor_dir / item.target
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        if item.make is not None:
            data = item.make(item.source)
            if target.is_file() and target.read_bytes() == data:
                continue
            tmp.write_bytes(data)
        elif target.is_file() and target.stat().st_size == item.source.stat().st_size:
            continue
        else:
            shutil.copy2(item.source, tmp)
        os.replace(tmp, target)
    manifest = vendor_dir / MANIFEST
    tmp = manifest.with_name(f"{MANIFEST}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(_expected_manifest(the_plan)), encoding="utf-8")
    os.replace(tmp, manifest)
    return True


def _folium_class(dotted: str) -> Any:
    module_name, _, class_name = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), class_name)


def url_mapping(url_prefix: str, the_plan: Plan | None = None) -> dict[str, Links]:
    """The links of each folium class with absolute URLs under ``url_prefix``."""
    the_plan = the_plan or plan()
    prefix = url_prefix.rstrip("/")
    return {
        dotted: Links(
            js=tuple((name, f"{prefix}/{rel}") for name, rel in links.js),
            css=tuple((name, f"{prefix}/{rel}") for name, rel in links.css),
        )
        for dotted, links in the_plan.links.items()
    }


def configure_folium(url_prefix: str, the_plan: Plan | None = None) -> dict[str, Links]:
    """Point folium's ``default_js``/``default_css`` (class attributes) at the local copies.

    Process-wide and idempotent. Returns the mapping that was applied.
    """
    mapping = url_mapping(url_prefix, the_plan)
    for dotted, links in mapping.items():
        cls = _folium_class(dotted)
        cls.default_js = list(links.js)
        cls.default_css = list(links.css)
    return mapping


def local_file_for(url: str, url_prefix: str, static_dir: Path) -> Path | None:
    """The file in ``static_dir/vendor`` a local URL points to (None when not under the prefix)."""
    prefix = url_prefix.rstrip("/") + "/"
    if not url.startswith(prefix):
        return None
    return Path(static_dir) / VENDOR / url[len(prefix) :]


def iter_urls(mapping: dict[str, Links]) -> Iterator[str]:
    for links in mapping.values():
        for _, url in (*links.js, *links.css):
            yield url
