"""Stand-ins for third-party code the app binds to (never for the project's own code)."""

from __future__ import annotations

import types


class PublicOnlyFolium:
    """A streamlit-folium whose ``st_folium`` only records its calls and reaches no private
    hook (as a future release might): what ``adapters.folium_binding`` must fall back to."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def st_folium(
        self,
        fig,
        key=None,
        height=700,
        use_container_width=False,
        returned_objects=None,
        feature_group_to_add=None,
        wrap_longitude=False,
        on_change=None,
    ):
        self.calls.append(
            {"key": key, "height": height, "layers": feature_group_to_add, "on_change": on_change}
        )

    def module(self, **attributes: object) -> types.ModuleType:
        """A module holding this ``st_folium`` (and ``attributes``, e.g. a ``_component_func``)."""
        module = types.ModuleType("streamlit_folium_stand_in")
        module.st_folium = self.st_folium
        for name, value in attributes.items():
            setattr(module, name, value)
        return module
