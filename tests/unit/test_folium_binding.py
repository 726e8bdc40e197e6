"""adapters.folium_binding: the render cache uses streamlit-folium's private hook only when the
installed version and the hook are the ones it knows; otherwise the public call, and a warning."""

from __future__ import annotations

import logging

import folium
import pytest
import streamlit_folium

from adapters import folium_binding
from adapters.folium_binding import FoliumBinding, MapRequest, check
from tests.fakes import PublicOnlyFolium

VERSION = folium_binding.installed_version()


def small_map():
    base = folium.Map(location=(48.85, 2.35), zoom_start=10, tiles=None)
    layer = folium.FeatureGroup(name="acteurs")
    folium.CircleMarker((48.86, 2.36), radius=5, tooltip="CRESS").add_to(layer)
    return base, [layer]


def test_the_installed_streamlit_folium_is_one_the_binding_knows():
    assert VERSION is not None
    assert check(streamlit_folium, VERSION) is None
    binding = FoliumBinding()
    assert binding.caches and binding.component is streamlit_folium._component_func


def test_prepare_records_what_st_folium_hands_its_component_and_puts_the_hook_back():
    binding = FoliumBinding()
    base, layers = small_map()
    arguments = binding.prepare(MapRequest(base, layers, "m", 300, ["last_clicked"]))
    assert streamlit_folium._component_func is binding.component
    assert "on_change" not in arguments
    assert arguments["height"] == 300 and arguments["returned_objects"] == ("last_clicked",)
    assert "CRESS" in arguments["feature_group"] and "L.map" in arguments["script"]
    drawn = {}
    binding.component = lambda **kw: drawn.update(kw)
    binding.draw(arguments, on_change=print)
    assert drawn["on_change"] is print and drawn["key"] == arguments["key"]


def test_prepared_arguments_encode_as_st_folium_s_own_without_a_list():
    """Lists become tuples (Streamlit probes every list handed to a component as a possible
    data frame, on every run): the JSON the browser gets is the same as st_folium's own."""
    import json

    binding = FoliumBinding()
    base, layers = small_map()
    own: dict = {}
    binding.component = lambda **kw: own.update(kw)
    arguments = binding.prepare(MapRequest(base, layers, "m", 300, ["last_clicked"]))
    binding.show(MapRequest(base, layers, "m", 300, ["last_clicked"]), on_change=print)
    own.pop("on_change")
    assert any(isinstance(value, list) for value in own.values())  # st_folium hands lists
    assert not any(isinstance(value, list) for value in arguments.values())
    assert arguments.keys() == own.keys()
    for name, value in own.items():  # (the map's HTML holds ids made anew at each render)
        if isinstance(value, list):
            assert json.dumps(arguments[name]) == json.dumps(value), name


@pytest.mark.parametrize(
    ("version", "overrides", "why"),
    [
        ("0.99.0", {}, "not a version this binding was tested with"),
        ("garbage", {}, "not a version"),
        (VERSION, {"_component_func": None}, "no callable _component_func"),
        (VERSION, {"_component_func": "not callable"}, "no callable _component_func"),
        (VERSION, {"st_folium": lambda fig, key=None: None}, "st_folium takes no"),
    ],
)
def test_an_unknown_version_or_a_changed_hook_falls_back_to_the_public_call(
    caplog, version, overrides, why
):
    attributes = {"_component_func": lambda **kw: kw}
    attributes.update(overrides)
    module = PublicOnlyFolium().module(
        **{name: value for name, value in attributes.items() if value is not None}
    )
    with caplog.at_level(logging.WARNING, logger="adapters.folium_binding"):
        binding = FoliumBinding(module, version=version)
    assert not binding.caches and why in binding.problem
    assert why in caplog.text and "no render cache" in caplog.text
    with pytest.raises(RuntimeError):
        binding.prepare(MapRequest(*small_map(), "m", 300, []))


def test_the_fallback_draws_with_the_public_call_every_time():
    public = PublicOnlyFolium()
    binding = FoliumBinding(public.module(), version="0.99.0")
    base, layers = small_map()

    def on_change():
        return None

    request = MapRequest(base, layers, "m", 320)
    binding.show(request, on_change=on_change)
    binding.show(request, on_change=on_change)
    assert [call["key"] for call in public.calls] == ["m", "m"]
    assert public.calls[0]["on_change"] is on_change


def test_a_st_folium_that_no_longer_calls_the_hook_is_not_swapped():
    module = PublicOnlyFolium().module(_component_func=lambda **kw: kw)
    assert "no longer calls _component_func" in check(module, VERSION)
