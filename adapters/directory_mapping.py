"""The directory's map: thousands of entries as ONE clustered layer built from data.

Same palette as the Actors page (``adapters.mapping.CategoryStyle``: the catalogue's colours),
same circle markers, same escaping rule: the layer carries, per entry, only escaped HTML
snippets (``n`` name, ``m`` commune, ``w`` website, ``k`` confirmations note) and a category id
(``c``); labels and colours are sent once. The browser builds the markers from that data and
hands them to Leaflet.markercluster in chunks (``chunkedLoading``): at 10,000 entries the page
sends one array, not 10,000 folium objects.

Entries known only at the région level (no coordinates) are not drawn: a point at the région's
centre would claim a place the sources do not give. The page lists them and says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template

from adapters import mapping
from adapters.mapping import COORDINATE_DECIMALS, CategoryStyle
from adapters.storage.directory import EntryRow
from domain.text import escape_html, safe_url

#: CSS class of the directory's points (tests and e2e checks find them with it).
ENTRY_CLASS = "alliances-directory"
#: The deepest zoom of the directory's map (a street), what markercluster clusters up to.
MAX_ZOOM = 18


def base_map(
    center: tuple[float, float], zoom: int, *, tiles: mapping.TilesSetting | None = None
) -> folium.Map:
    """The stable base map, with Leaflet.markercluster's files declared (an empty cluster
    group: st_folium loads the scripts of the base map's elements only)."""
    m = mapping.build_base_map(center, zoom, tiles=tiles)
    # Leaflet.markercluster needs the map's own maxZoom (without tiles, e.g. offline, Leaflet
    # would answer Infinity and markercluster refuses to start: « Map has no maxZoom »).
    m.options["maxZoom"] = MAX_ZOOM
    MarkerCluster(name="directory-assets", control=False).add_to(m)  # type: ignore[no-untyped-call]
    return m


def layer_data(
    entries: Sequence[EntryRow],
    styles: Mapping[str, CategoryStyle],
    labels: Mapping[str, str],
) -> tuple[dict[str, object], dict[str, dict[str, str]]]:
    """(GeoJSON of the located entries with escaped snippets, categories' labels/colours)."""
    features = []
    categories: dict[str, dict[str, str]] = {}
    confirmed = labels.get("confirmed", "")
    for entry in entries:
        if entry.lat is None or entry.lon is None:
            continue
        if entry.category not in categories:
            style = styles.get(entry.category)
            label = style.label if style else labels.get("other_category", entry.category)
            colour = style.colour if style else mapping.UNKNOWN_COLOUR
            categories[entry.category] = {"label": escape_html(label), "colour": colour}
        props: dict[str, object] = {"c": entry.category, "n": escape_html(entry.name)}
        if entry.commune:
            props["m"] = escape_html(entry.commune)
        url = safe_url(entry.website)
        if url:
            props["w"] = escape_html(url)
        if entry.confirmations and confirmed:
            props["k"] = escape_html(confirmed.replace("{count}", str(entry.confirmations)))
        features.append(
            {
                "type": "Feature",
                "id": entry.id,
                "geometry": {
                    "type": "Point",
                    "coordinates": [
                        round(float(entry.lon), COORDINATE_DECIMALS),
                        round(float(entry.lat), COORDINATE_DECIMALS),
                    ],
                },
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}, categories


class _ClusteredEntries(MacroElement):
    """Builds the circle markers in the browser from escaped data, clustered."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (group, data, categories, linkText) {
            var cluster = L.markerClusterGroup({
                chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45
            });
            var other = {colour: "#6b7280", label: ""};
            var layer = L.geoJson(data, {
                pointToLayer: function (feature, latlng) {
                    var category = categories[feature.properties.c] || other;
                    return L.circleMarker(latlng, {
                        radius: 7, weight: 1.5, color: "#ffffff", opacity: 1, fill: true,
                        fillColor: category.colour, fillOpacity: 0.9,
                        bubblingMouseEvents: false, className: "{{ this.css_class }}"
                    });
                },
            });
            // Tooltips and popups are made on the first hover or click of a point, not for
            // every point up front (10,000 points: 20,000 bindings nobody would use).
            function head(p, category) {
                return "<b>" + p.n + "</b><br>" + category.label;
            }
            cluster.on("mouseover", function (event) {
                var point = event.layer, p = point.feature.properties;
                if (!point.getTooltip()) {
                    point.bindTooltip(head(p, categories[p.c] || other),
                                      {sticky: false, direction: "top"}).openTooltip();
                }
            });
            cluster.on("click", function (event) {
                var point = event.layer, p = point.feature.properties;
                if (point.getPopup()) { return; }
                var body = head(p, categories[p.c] || other);
                if (p.m) { body += "<br>" + p.m; }
                if (p.k) { body += "<br><i>" + p.k + "</i>"; }
                if (p.w) {
                    body += '<br><a href="' + p.w + '" target="_blank" '
                        + 'rel="noopener noreferrer">' + (linkText || p.w) + "</a>";
                }
                point.bindPopup(body, {maxWidth: 320}).openPopup();
            });
            cluster.addLayers(layer.getLayers());
            group.addLayer(cluster);
        })({{ this._parent.get_name() }}, {{ this.data|tojson }},
           {{ this.categories|tojson }}, {{ this.link_text|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict[str, object],
        categories: dict[str, dict[str, str]],
        link_text: str | None,
    ):
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "ClusteredEntries"
        self.data = data
        self.categories = categories
        self.link_text = link_text
        self.css_class = ENTRY_CLASS

    def render(self, **kwargs: object) -> None:  # type: ignore[override]
        mapping._render_without_recompiling(self, **kwargs)


def entries_layer(
    entries: Sequence[EntryRow],
    styles: Mapping[str, CategoryStyle],
    labels: Mapping[str, str] | None = None,
) -> tuple[folium.FeatureGroup, list[dict[str, object]]]:
    """The located entries as one clustered layer, and its features (escaped, as sent)."""
    labels = labels or {}
    data, categories = layer_data(entries, styles, labels)
    group = folium.FeatureGroup(name="directory", control=False)
    link_text = labels.get("website")
    _ClusteredEntries(data, categories, escape_html(link_text) if link_text else None).add_to(group)
    return group, list(data["features"])  # type: ignore[call-overload]
