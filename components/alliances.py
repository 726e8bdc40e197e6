"""Pieces of the « Alliance exemple » page: the catalogue map and the replace confirmation."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import streamlit as st

from adapters.mapping import CategoryStyle
from components import focus, resources, state
from components.map_view import territory_map
from components.sources import source_lines
from domain import analysis
from domain.catalogue import (
    CatalogueAlliance,
    alliance_types,
    filter_alliances,
    get_alliance,
    load_alliances,
    order_for_region,
)
from domain.i18n import Translator
from domain.models import Actor, Carnet, Family
from domain.text import escape_markdown

FRANCE_CENTER = (46.6, 2.4)
TYPE_COLOURS = (
    "#0072B2",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#882255",
    "#000000",
)


@functools.lru_cache(maxsize=256)
def shown_alliances(
    region_code: str | None,
    type_code: str | None,
    family_code: str | None,
    query: str,
    learner_region: str | None,
) -> tuple[CatalogueAlliance, ...]:
    """The catalogue's alliances that match the filters, the learner's région first when it
    is known (``order_for_region``). The catalogue is fixed: kept per filters and région."""
    found = filter_alliances(
        load_alliances(), region_code=region_code, type=type_code, family=family_code, query=query
    )
    if learner_region:
        found = order_for_region(found, learner_region)
    return tuple(found)


def _as_points(alliances: list[CatalogueAlliance], lang: str) -> tuple[Actor, ...]:
    """The map draws actors; an alliance is drawn as one, keyed by its type for the colour.
    Made once per list of alliances shown and language (the catalogue is fixed; never change
    them)."""
    return _points(tuple(item.id for item in alliances), lang)


@functools.lru_cache(maxsize=256)
def _points(alliance_ids: tuple[str, ...], lang: str) -> tuple[Actor, ...]:
    by_id = {item.id: item for item in load_alliances()}
    return tuple(
        Actor(
            id=f"{index:06x}",
            name=item.display_name(lang),
            category=item.type,
            commune=item.commune,
            lat=item.lat,
            lon=item.lon,
            placed_by="example",
        )
        for index, item in enumerate(by_id[i] for i in alliance_ids)
    )


@st.fragment
def alliances_map(alliances: list[CatalogueAlliance], types: dict[str, str]) -> None:
    t = state.t()
    styles = {
        code: CategoryStyle(label=label, colour=TYPE_COLOURS[i % len(TYPE_COLOURS)])
        for i, (code, label) in enumerate(types.items())
    }
    with st.expander(t("alliance.map_title"), expanded=True):
        st.caption(t("alliance.map_alt"))
        territory_map(
            center=FRANCE_CENTER,
            zoom=5,
            actors=_as_points(alliances, t.lang),
            styles=styles,
            labels=resources.map_labels(t),
            key="alliances_map",
            height=420,
            numbered=False,  # alliances, not the carnet's actors: the lists number none
        )


def replace_confirmed(carnet: Carnet) -> bool:
    """Choosing another alliance replaces the members table: ask first when there is one."""
    if carnet.alliance is None:
        return True
    t = state.t()
    return st.checkbox(
        t("alliance.replace_confirm", name=escape_markdown(carnet.alliance.name)),
        key="alliance_replace_ok",
        help=t("alliance.replace_help"),
    )


@dataclass(frozen=True)
class CardText:
    """What a catalogue alliance's card shows above its details, ready for Markdown."""

    title: str
    meta: str
    summary: str

    @property
    def block(self) -> str:
        """Title (an h3, as a subheader was), the meta line in small grey type (as a caption
        was) and the summary: ONE Markdown element per card instead of three."""
        return f"### {self.title}\n\n:gray[:small[{self.meta}]]\n\n{self.summary}"


@functools.lru_cache(maxsize=128)
def card_text(alliance_id: str, lang: str) -> CardText:
    """The card's title, its line « place · région · year · type » and its summary (the
    catalogue is fixed: built once per language, not on every rerun)."""
    t = Translator(lang)
    item = _catalogue_alliance(alliance_id)
    types = {kind.code: t.pick(kind.label) for kind in alliance_types()}
    place = t.pick(item.place_note) or item.commune
    meta = t(
        "alliance.card_meta",
        place=escape_markdown(place),
        region=item.region,
        year=item.year or t("alliance.year_unknown"),
        type=types.get(item.type, item.type),
    )
    return CardText(escape_markdown(item.display_name(lang)), meta, t.pick(item.summary))


FIRST_CARDS = 6  # shown before « Afficher les N autres alliances »
SHOW_ALL = "alliance_show_all"  # that button pressed (per session, until the filters change)


def show_all_cards() -> None:
    st.session_state[SHOW_ALL] = True
    focus.request(focus.ALLIANCE_MORE)  # the button goes: to the first card it showed


def reset_shown_cards() -> None:
    """The filters changed: back to the first cards only."""
    st.session_state.pop(SHOW_ALL, None)


def visible_cards(
    found: list[CatalogueAlliance],
) -> tuple[list[CatalogueAlliance], list[CatalogueAlliance]]:
    """The cards drawn on this rerun, and those the « Afficher » button reveals."""
    if st.session_state.get(SHOW_ALL) or len(found) <= FIRST_CARDS + 1:
        return found, []
    return found[:FIRST_CARDS], found[FIRST_CARDS:]


def hidden_names(hidden: list[CatalogueAlliance], lang: str) -> str:
    """The names of the alliances whose cards are not shown yet, as text: every point of the
    map stays written on the page (its text alternative). One Markdown line."""
    return _hidden_names(tuple(item.id for item in hidden), lang)


@functools.lru_cache(maxsize=256)
def _hidden_names(alliance_ids: tuple[str, ...], lang: str) -> str:
    t = Translator(lang)
    by_id = {item.id: item for item in load_alliances()}
    names = " · ".join(escape_markdown(by_id[i].display_name(lang)) for i in alliance_ids)
    return t("alliance.also_on_map", count=len(alliance_ids), names=names)


def _catalogue_alliance(alliance_id: str) -> CatalogueAlliance:
    """The catalogue's alliance of this id (``domain.catalogue.get_alliance``); the cards only
    ask for ids the catalogue gave them."""
    item = get_alliance(alliance_id)
    if item is None:
        raise KeyError(alliance_id)
    return item


DETAILS_OPEN = "alliance_details_open"  # the details section's open / closed state (its key)
DETAILS_PICK = "alliance_details_pick"  # the alliance whose details it shows


def details_section(found: list[CatalogueAlliance], chosen_id: str | None) -> None:
    """« Détails d'une alliance »: vision, members, key facts and sources of the alliance picked
    among those found (at first the one chosen, if found, else the first card). One section for
    the page, not one per card: each card is then only its Markdown block and its button; its
    content is drawn only when it is open."""
    t = state.t()
    section = st.expander(
        t("alliance.details_section"),
        key=DETAILS_OPEN,
        on_change="rerun",
    )
    if not section.open:  # closed: nothing sent but its label
        return
    ids = [item.id for item in found]
    if st.session_state.get(DETAILS_PICK) not in ids:  # just opened, or filtered out
        st.session_state[DETAILS_PICK] = chosen_id if chosen_id in ids else ids[0]
    with section:
        picked: str = st.selectbox(
            t("alliance.details_pick"),
            ids,
            key=DETAILS_PICK,
            format_func=lambda alliance_id: _catalogue_alliance(alliance_id).display_name(t.lang),
        )
        st.markdown(card_details(picked, t.lang))


def card_details(alliance_id: str, lang: str) -> str:
    """The « Détails » of a catalogue alliance as ONE Markdown block: vision, members, key
    facts, what is not verified, sources (the catalogue is fixed: built once per language)."""
    return _card_details(alliance_id, lang)


@functools.lru_cache(maxsize=128)
def _card_details(alliance_id: str, lang: str) -> str:
    t = Translator(lang)
    item = _catalogue_alliance(alliance_id)
    families = analysis.family_labels(t)
    parts = [f"**{t('alliance.vision')}**", "", t.pick(item.vision)]
    if not item.vision_verified:
        parts += ["", f"*{t('alliance.vision_unverified')}*"]
    parts += ["", f"**{t('alliance.members', count=len(item.members))}**", ""]
    for member in item.members:
        role = t.pick(member.role)
        parts.append(
            f"- **{escape_markdown(member.display_name(lang))}** "
            f"({families.get(Family(member.family), member.family)})"
            + (f" — {escape_markdown(role)}" if role else "")
        )
    if item.key_facts:
        parts += ["", f"**{t('alliance.key_facts')}**", ""]
        parts += [f"- {escape_markdown(t.pick(fact.text))}" for fact in item.key_facts]
    parts += ["", f"*{t('alliance.year_note', note=t.pick(item.year_note))}*"]
    unverified = [t.pick(note) for note in item.unverified if t.pick(note)]
    if unverified:
        parts += ["", f"*{t('sources.unverified')}*", ""]
        parts += [f"- {escape_markdown(note)}" for note in unverified]
    sources = source_lines(item.sources, lang)
    if sources:
        parts += ["", f"**{t('sources.title')}**", "", *sources]
    return "\n".join(parts)
