"""components.map_view: a map is rendered by the real st_folium once per content, then reused.

No AppTest here: rendering needs no script run (only the hand-over to the browser does, which
the page tests fake and the browser tests do for real).
"""

from __future__ import annotations

import json
import re
import threading

import pytest
import streamlit_folium

from adapters import mapping
from adapters.mapping import NO_TILES, OSM, CategoryStyle
from components import map_view
from domain.models import Actor, Territory

STYLES = {"ptce": CategoryStyle("PTCE", "#1b9e77"), "cress": CategoryStyle("CRESS", "#d95f02")}
LABELS = {"legend": "Légende", "territory": "Votre territoire", "website": "Site web"}
TERRITORY = Territory(commune="Charenton-le-Pont", lat=48.8221, lon=2.4122)


def actors(n: int = 3, name: str = "Acteur") -> list[Actor]:
    return [
        Actor(
            id=f"{i + 1:012x}",
            name=f"{name} {i} <b>",
            category="ptce" if i % 2 else "cress",
            lat=48.8 + i / 100,
            lon=2.4 + i / 100,
            commune="Charenton",
        )
        for i in range(n)
    ]


def render(the_actors, *, key="m", center=(48.8221, 2.4122), tiles=NO_TILES, territory=TERRITORY):
    return map_view.render_map(
        map_view.MapSpec(
            center=center,
            zoom=12,
            actors=the_actors,
            styles=STYLES,
            key=key,
            height=400,
            labels=LABELS,
            territory=territory,
            tiles=tiles,
        )
    )


@pytest.fixture(autouse=True)
def empty_cache():
    map_view._rendered.clear()
    yield
    map_view._rendered.clear()


class CountingStFolium:
    def __init__(self):
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return streamlit_folium.st_folium(*args, **kwargs)


def _stable(value):
    """folium names elements with random ids; st_folium's own hash ignores them, so do we."""
    if isinstance(value, str):
        return re.sub(r"_[0-9a-f]{32}", "_ID", value)
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    return value


def test_the_rendered_map_is_exactly_what_st_folium_sends(monkeypatch):
    the_actors = actors()
    rendered = render(the_actors, tiles=OSM)

    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    base = mapping.build_base_map((48.8221, 2.4122), 12, tiles=OSM)
    layers = [
        mapping.actors_layer(the_actors, STYLES, labels=LABELS, show_numbers=True, spread_zoom=12),
        mapping.territory_layer(TERRITORY, labels=LABELS),
    ]
    streamlit_folium.st_folium(
        base,
        key="m",
        height=400,
        use_container_width=True,
        returned_objects=["last_clicked"],
        feature_group_to_add=layers,
        wrap_longitude=True,
    )
    sent.pop("on_change")
    assert "user-scalable=no" in sent["header"]  # folium's; ours lets the reader zoom
    sent["header"] = mapping.allow_page_zoom(sent["header"])
    # what the browser gets: the arguments as JSON (the render keeps lists as tuples)
    assert json.dumps(_stable(dict(rendered.arguments))) == json.dumps(_stable(sent))
    assert rendered.arguments["key"] == sent["key"]  # the iframe's key: same map, same iframe
    assert "Acteur 0 <b>" not in rendered.arguments["feature_group"]  # escaped on the way
    assert "\\u0026lt;b\\u0026gt;" in rendered.arguments["feature_group"]
    assert [f["id"] for f in rendered.features] == [a.id for a in the_actors]
    assert rendered.location == pytest.approx((48.8221, 2.4122))


def test_the_same_map_is_rendered_once_and_any_visible_change_renders_again(monkeypatch):
    counting = CountingStFolium()
    monkeypatch.setattr(map_view.BINDING, "st_folium", counting)
    the_actors = actors()
    first = render(the_actors)
    assert render([a.model_copy() for a in the_actors]) is first  # equal content, new objects
    # What the map does not show does not matter: private notes, contact status.
    assert render([the_actors[0].model_copy(update={"notes": "privé"}), *the_actors[1:]]) is first
    assert counting.calls == 1
    renamed = render([the_actors[0].model_copy(update={"name": "Nouveau nom"}), *the_actors[1:]])
    assert renamed is not first and counting.calls == 2
    assert renamed.features[0]["properties"]["n"] == "Nouveau nom"
    render(the_actors, key="other")  # another map of the page
    render(the_actors, center=(45.0, 4.0))  # another territory
    render(the_actors, tiles=OSM)
    render(the_actors, territory=None)
    assert counting.calls == 6
    assert render(the_actors) is first  # still cached


def test_the_cache_keeps_the_most_recent_maps_only(monkeypatch):
    monkeypatch.setattr(map_view, "MAX_RENDERED_MAPS", 3)
    maps = [render(actors(2, name=f"Carte {i}")) for i in range(5)]
    assert len(map_view._rendered) == 3
    assert render(actors(2, name="Carte 4")) is maps[4]
    assert render(actors(2, name="Carte 0")) is not maps[0]  # pushed out, rendered again


def test_st_folium_gets_its_component_back_even_when_rendering_fails(monkeypatch):
    def failing(*args, **kwargs):
        assert streamlit_folium._component_func is not map_view.BINDING.component  # the recorder
        raise RuntimeError("template error")

    monkeypatch.setattr(map_view.BINDING, "st_folium", failing)
    with pytest.raises(RuntimeError):
        render(actors())
    assert streamlit_folium._component_func is map_view.BINDING.component
    assert not map_view._rendered


def test_maps_rendered_at_the_same_time_do_not_mix():
    results: dict[int, map_view.RenderedMap] = {}

    def work(i: int) -> None:
        results[i] = render(actors(i + 1, name=f"Fil {i}"), key=f"map{i}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i, rendered in results.items():
        assert len(rendered.features) == i + 1
        assert f"Fil {i} 0" in rendered.arguments["feature_group"]
        assert f"Fil {(i + 1) % 6} 0" not in rendered.arguments["feature_group"]
    assert streamlit_folium._component_func is map_view.BINDING.component


def test_a_map_being_rendered_does_not_hold_up_maps_already_rendered(monkeypatch):
    ready = render(actors(2, name="Prête"))
    started, release = threading.Event(), threading.Event()
    real = map_view.BINDING.st_folium

    def slow(*args, **kwargs):
        started.set()
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(map_view.BINDING, "st_folium", slow)
    slow_thread = threading.Thread(target=render, args=(actors(3, name="Lente"),))
    slow_thread.start()
    assert started.wait(10)
    try:
        assert render(actors(2, name="Prête")) is ready  # answered while the other one renders
    finally:
        release.set()
        slow_thread.join(10)


def test_a_page_draws_its_map_with_the_public_call_when_the_binding_falls_back(
    monkeypatch, app_test, fake_map
):
    from adapters.folium_binding import FoliumBinding
    from tests.app.support import open_example, open_page
    from tests.fakes import PublicOnlyFolium

    public = PublicOnlyFolium()
    binding = FoliumBinding(public.module(), version="9.0.0")
    assert not binding.caches
    monkeypatch.setattr(map_view, "BINDING", binding)

    at = app_test("fr")
    at.run()
    open_example(at)
    at = open_page(at, "acteurs")
    assert not at.exception, at.exception
    assert fake_map.calls == []  # nothing handed over through the private hook
    drawn = [call for call in public.calls if call["key"] == "actors_map"]
    assert drawn and drawn[-1]["layers"]  # the actors layer (and the territory ring)
    before = len(drawn)
    at.run()  # no render cache: the public call draws it again
    assert len([c for c in public.calls if c["key"] == "actors_map"]) == before + 1
    assert not any("actors_map" in key for key in map_view._rendered)


def spec_args(**changes):
    return (
        dict(
            center=(48.8221, 2.4122),
            zoom=12,
            actors=actors(),
            styles=STYLES,
            key="m",
            height=400,
            labels=LABELS,
            territory=TERRITORY,
            tiles=NO_TILES,
        )
        | changes
    )


def test_a_map_that_reports_when_drawn_carries_its_report_and_is_cached_apart():
    plain = map_view.render_map(map_view.MapSpec(**spec_args()))
    reporting = map_view.render_map(map_view.MapSpec(**spec_args(report_drawn=True)))
    assert mapping.DRAWN_SENT not in plain.arguments["feature_group"]
    script = reporting.arguments["feature_group"]
    assert mapping.DRAWN_SENT in script
    # sent once per map document, after a frame is painted, merged into st_folium's value
    assert "requestAnimationFrame" in script and "setComponentValue" in script
    assert json.dumps(mapping.DRAWN_KEY) in script
    assert reporting.features == plain.features  # the same points
    assert len(map_view._rendered) == 2  # not the same cached map


def test_reported_drawn_reads_the_maps_last_value(monkeypatch):
    import streamlit as st

    state: dict = {}
    monkeypatch.setattr(st, "session_state", state)
    assert not map_view.reported_drawn("m")
    state["m"] = {"last_clicked": None}
    assert not map_view.reported_drawn("m")
    state["m"] = {"last_clicked": None, mapping.DRAWN_KEY: True}
    assert map_view.reported_drawn("m")
    state["m"] = {"last_clicked": {"lat": 1, "lng": 2}}  # a click: st_folium's own value
    assert not map_view.reported_drawn("m")


def test_a_map_without_click_handling_sends_no_click_back():
    """Only the actors' map does something with a click; on the others a click would rerun
    the page for nothing: they return nothing (st_folium's browser code then sends nothing)."""
    clickable = map_view.render_map(map_view.MapSpec(**spec_args()))
    still = map_view.render_map(map_view.MapSpec(**spec_args(clicks=False)))
    assert tuple(clickable.arguments["returned_objects"]) == ("last_clicked",)
    assert tuple(still.arguments["returned_objects"]) == ()
    assert dict(still.arguments["default"]) == {}
    assert still.features == clickable.features
