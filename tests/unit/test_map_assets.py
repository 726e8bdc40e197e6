"""The map's vendor files: copied from pip packages, and every URL folium uses points to one."""

from __future__ import annotations

import folium
import folium.plugins
import pytest

from adapters import map_assets


@pytest.fixture
def restore_folium(monkeypatch):
    from adapters.mapping import FranceOutlines

    for cls in (folium.Map, folium.plugins.MarkerCluster, FranceOutlines):
        monkeypatch.setattr(cls, "default_js", list(cls.default_js))
        monkeypatch.setattr(cls, "default_css", list(cls.default_css))


def test_install_copies_the_files_once(tmp_path):
    plan = map_assets.plan()
    assert map_assets.install(tmp_path, plan) is True
    vendor = tmp_path / map_assets.VENDOR
    for item in plan.items:
        copied = vendor / item.target
        assert copied.is_file()
        expected = item.make(item.source) if item.make else item.source.read_bytes()
        assert copied.read_bytes() == expected
    targets = {item.target.split("/", 1)[1] for item in plan.items}
    assert {"leaflet.js", "leaflet.css", "images/marker-icon.png", "jquery.min.js"} <= targets
    assert map_assets.OUTLINES_FILE in targets  # the offline base, made from data/outlines

    assert map_assets.is_installed(tmp_path, plan)
    assert map_assets.install(tmp_path, plan) is False  # nothing to do the second time


def test_install_repairs_a_damaged_copy(tmp_path):
    map_assets.install(tmp_path)
    leaflet = next((tmp_path / map_assets.VENDOR).glob("leaflet-*/leaflet.js"))
    leaflet.write_text("broken")
    assert not map_assets.is_installed(tmp_path)
    assert map_assets.install(tmp_path) is True
    assert leaflet.stat().st_size > 100_000


def test_folders_carry_the_package_versions():
    import xstatic.pkg.jquery
    import xstatic.pkg.leaflet

    targets = [item.target for item in map_assets.plan().items]
    assert f"leaflet-{xstatic.pkg.leaflet.VERSION}/leaflet.js" in targets
    assert f"jquery-{xstatic.pkg.jquery.VERSION}/jquery.min.js" in targets
    # folium 0.20 expects Leaflet 1.9.3; a mismatch would be worth a look.
    assert "leaflet@" + xstatic.pkg.leaflet.VERSION in folium.folium._default_js[0][1]


def test_every_local_url_on_folium_points_to_an_installed_file(tmp_path, restore_folium):
    from adapters.mapping import FranceOutlines

    map_assets.install(tmp_path)
    prefix = map_assets.vendor_url()
    mapping = map_assets.configure_folium(prefix)

    assert set(mapping) >= {"folium.Map", "folium.plugins.MarkerCluster"}
    links = [
        *folium.Map.default_js,
        *folium.Map.default_css,
        *folium.plugins.MarkerCluster.default_js,
        *folium.plugins.MarkerCluster.default_css,
        *FranceOutlines.default_js,
    ]
    assert sorted(url for _, url in links) == sorted(map_assets.iter_urls(mapping))
    assert {name for name, _ in folium.Map.default_js} == {"leaflet", "jquery"}
    for _, url in links:
        assert url.startswith("/app/static/vendor/")
        path = map_assets.local_file_for(url, prefix, tmp_path)
        assert path is not None and path.is_file(), url
    # Leaflet's CSS finds its images beside it (images/...).
    css = map_assets.local_file_for(dict(folium.Map.default_css)["leaflet_css"], prefix, tmp_path)
    assert "url(images/layers.png)" in css.read_text()
    assert (css.parent / "images" / "layers.png").is_file()


def test_vendor_url_follows_base_url_path():
    assert map_assets.vendor_url() == "/app/static/vendor"
    assert map_assets.vendor_url("") == "/app/static/vendor"
    assert map_assets.vendor_url("/alliances/") == "/alliances/app/static/vendor"


def test_streamlit_wrapper_installs_and_configures(tmp_path, monkeypatch, restore_folium):
    from components import assets

    monkeypatch.setattr(assets, "static_dir", lambda: tmp_path)
    monkeypatch.setattr(assets, "_done", set())
    assets.install_map_assets()
    assets.install_map_assets()  # second call: a set lookup
    assert map_assets.is_installed(tmp_path)
    for _, url in folium.Map.default_js + folium.Map.default_css:
        assert map_assets.local_file_for(url, assets.vendor_url(), tmp_path).is_file()


def test_the_outlines_script_holds_every_line_of_the_shipped_file():
    import json

    from domain.outlines import load_outlines

    script = map_assets.outlines_script().decode()
    prefix = f"window.{map_assets.OUTLINES_GLOBAL} = "
    body = script[script.index(prefix) + len(prefix) :].rstrip().rstrip(";")
    data = json.loads(body)
    lines = load_outlines().lines
    assert sum(len(data[kind]) for kind in ("coast", "border", "admin")) == len(lines)
    # decoded as the map decodes it: running sums of thousandths of a degree, (lat, lon)
    first = data[lines[0].kind][0]
    lat = lon = 0
    decoded = []
    for i in range(0, len(first), 2):
        lat += first[i]
        lon += first[i + 1]
        decoded.append((lon / 1000, lat / 1000))
    assert decoded == [(round(x, 3), round(y, 3)) for x, y in lines[0].points]
    assert len(script) < 250_000  # one static file, cached by the browser


def test_the_outlines_script_is_linked_from_the_base_map(tmp_path, restore_folium):
    from adapters import mapping

    map_assets.install(tmp_path)
    map_assets.configure_folium(map_assets.vendor_url())
    html = mapping.build_base_map((45.0, 5.0), 9).get_root().render()
    [(name, url)] = mapping.FranceOutlines.default_js
    assert f'<script src="{url}"></script>' in html
    assert map_assets.local_file_for(url, map_assets.vendor_url(), tmp_path).is_file()
    assert "window.alliancesOutlines" in html  # the fixed drawing script, not the data
    assert len(html) < 8_000
