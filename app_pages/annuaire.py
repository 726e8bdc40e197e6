"""Annuaire: the shared directory of support actors (search, map, list, open data, reports).
Usable without a carnet."""

from components import directory_page

directory_page.page()
