"""« Acteurs du territoire »: shared helpers, the category guide, the checklist and the table.

The map lives in ``components.actor_map``, the add / edit / move / delete / status forms in
``components.actor_forms``, the CSV import in ``components.actor_import``. The logic they share
is pure and lives in ``domain.actors``; the use cases in ``services.actors``.

Conventions of these modules:

- Every change is a use case of ``services.actors`` run through ``attempt`` (its
  ``ServiceError`` or its confirmation said in the area of the page where the action was made,
  through ``components.messages``); a callback that changed the carnet ends with
  ``st.rerun()``, which turns the interaction into a full-app rerun even when it started in a
  fragment (the map, a form), so the map, the table and the checklist always show the same
  carnet. ``apply(change)`` saves a bare ``domain.actors`` change the same way.
- Messages for the learner go through ``components.messages`` (the app's one channel): they
  survive that rerun and are shown once, where the action was made (``flash`` / ``show_flash``).
- Learner text reaching Markdown goes through ``escape_markdown``; tables show plain text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date

import pyarrow as pa
import streamlit as st

from components import messages, sections, shell, state
from components.sources import source_lines
from components.tables import data_table
from domain import actors as domain_actors
from domain.catalogue import Category, LocalizedText, cress_for_region, load_categories
from domain.dates import long_date
from domain.models import CONTACT_ORDER, Carnet
from domain.text import escape_markdown, safe_url
from services import actors as actor_services

FLASH = "actors:"  # the places of this page's messages: actors:add, actors:edit...
GUIDE_KEY = "actors_guide_category"
GUIDE_MORE = "actors_guide_more"  # « En savoir plus » open
PRIVATE_KEY = "actors_show_private"
FOUND_ICON = ":material/check_circle:"  # the sidebar's marks for a step done / to do
MISSING_ICON = ":material/radio_button_unchecked:"


# ------------------------------------------------------------------------------ shared helpers


def categories() -> tuple[Category, ...]:
    return load_categories()


def category_ids() -> list[str]:
    return [c.id for c in categories()]


@functools.cache
def _short_labels(lang: str) -> dict[str, str]:
    return {category.id: category.short_name.pick(lang) for category in categories()}


def category_labels() -> dict[str, str]:
    """Category id → short label in the learner's language (plain text)."""
    return _short_labels(state.language())


def category_label(category_id: str | None) -> str:
    """Short label in the learner's language (plain text, for widgets and tables)."""
    label = category_labels().get(category_id or "")
    if label is not None:
        return label
    return state.t()("actors.category.other") if category_id else ""


def category_select(key: str) -> None:
    """The category of a new actor: none chosen until the learner picks one."""
    st.selectbox(
        state.t()("field.category"),
        options=category_ids(),
        index=None,
        format_func=category_label,
        placeholder=state.t()("actors.category.choose"),
        key=key,
    )


def status_labels() -> dict[str, str]:
    t = state.t()
    return {status.value: t(f"status.{status.value}") for status in CONTACT_ORDER}


def format_date(value: date) -> str:
    """« 6 décembre 2026 »: month names from the locale files, not the server's locale."""
    return long_date(value, state.t())


def _place(area: str) -> str:
    return f"{FLASH}{area}"


def flash(area: str, kind: str, text: str) -> None:
    """Say something in ``area`` of the page (through ``components.messages``)."""
    getattr(messages, kind)(text, _place(area))


def show_flash(area: str) -> None:
    messages.show(_place(area))


def attempt(action: Callable[[], object], *, area: str, success: str | None = None) -> bool:
    """Run a use case (``services.actors``); report the outcome in ``area``. True when done."""
    return messages.attempt(action, _place(area), success_text=success)


def apply(change: Callable[[Carnet], object], *, area: str, success: str | None = None) -> bool:
    """Save a change of ``domain.actors``; report the outcome in ``area``. True when saved."""
    return attempt(
        lambda: actor_services.change_carnet(state.session(), change), area=area, success=success
    )


def coverage_items(carnet: Carnet) -> list[domain_actors.CoverageItem]:
    return state.derived(
        carnet, ("coverage",), lambda: domain_actors.coverage(carnet, categories())
    )


# ------------------------------------------------------------------------------------- guide


def coverage_checklist(carnet: Carnet) -> None:
    """Which categories are found, which are missing, with where to look for the missing ones.

    One Markdown block (cheap to rerun, read in one go by a screen reader).
    """
    st.markdown(
        state.derived(carnet, ("checklist", state.language()), lambda: _checklist_markdown(carnet))
    )


def _checklist_markdown(carnet: Carnet) -> str:
    t = state.t()
    items = coverage_items(carnet)
    by_id = {c.id: c for c in categories()}
    found = sum(item.found for item in items)
    presented = sum(item.presented for item in items)
    lines = [f"**{t('actors.checklist.summary', found=found, total=len(items))}**"]
    if presented:
        lines[0] += " — " + t("actors.checklist.presented", count=presented)
    lines.append("")
    for item in items:
        category = by_id[item.category_id]
        name = escape_markdown(t.pick(category.short_name.model_dump()))
        if item.found:
            count = (
                t("actors.count.one")
                if item.count == 1
                else t("actors.count.many", count=item.count)
            )
            lines.append(f"- {FOUND_ICON} **{name}** — {count}")
        else:
            # Where to look is the guide's job, below (« Où trouver celui de chez vous »):
            # said once, there, not repeated here.
            lines.append(f"- {MISSING_ICON} **{name}** — {t('actors.checklist.missing')}")
    return "\n".join(lines)


def _cress_lines(carnet: Carnet) -> list[str]:
    """The CRESS of the learner's région: suggested when verified, labelled otherwise."""
    t = state.t()
    territory = carnet.project.territory
    if not territory.region_code:
        return [t("actors.guide.cress_no_region")]
    cress = cress_for_region(territory.region_code)
    if cress is None:
        return [t("actors.guide.cress_unknown", region=escape_markdown(territory.region))]
    name = escape_markdown(cress.name)
    link = safe_url(cress.website or "") if cress.verified else ""
    if link:
        link = link.replace("(", "%28").replace(")", "%29")
        line = t("actors.guide.cress_verified", name=name, url=link)
    else:
        line = t("actors.guide.cress_unverified", name=name)
    return [line]


def _examples_lines(category: Category) -> list[str]:
    t = state.t()
    lines = []
    for example in category.examples:
        text = f"- **{escape_markdown(example.name)}**"
        place = t.pick(example.place.model_dump()) if example.place else (example.region or "")
        if place:
            text += f" ({escape_markdown(place)})"
        description = t.pick(example.description.model_dump())
        if description:
            text += f" — {escape_markdown(description)}"
        link = safe_url(example.website or "") if example.website_verified else ""
        if link:
            link = link.replace("(", "%28").replace(")", "%29")
            text += f" [{t('actors.guide.website')}]({link})"
        lines.append(text)
    return lines


def category_guide(carnet: Carnet) -> None:
    """What each category is and where to look: the chosen category only (one Markdown block)."""
    t = state.t()
    items = {item.category_id: item for item in coverage_items(carnet)}
    by_id = {c.id: c for c in categories()}

    def label(category_id: str) -> str:
        name = t.pick(by_id[category_id].short_name.model_dump())
        item = items[category_id]
        if item.found:
            return t("actors.guide.option_found", name=name, count=item.count)
        return t("actors.guide.option_missing", name=name)

    chosen = st.selectbox(
        t("actors.guide.choose"), options=list(by_id), format_func=label, key=GUIDE_KEY
    )
    region = carnet.project.territory.region_code
    st.markdown(
        state.derived(
            carnet,
            ("guide", t.lang, chosen, region),
            lambda: _guide_markdown(carnet, by_id[chosen]),
        )
    )
    if chosen == "cress":
        suggest_cress_button(carnet)
    more = st.expander(t("actors.guide.more"), key=GUIDE_MORE, on_change="rerun")
    if more.open:  # drawn only when opened
        with more:
            st.markdown(_guide_more(by_id[chosen]))


def _guide_markdown(carnet: Carnet, category: Category) -> str:
    """« Où chercher » as advice to a learner: what it is, where to find the one near you,
    what to ask them (the catalogue's ``advice``); the région's CRESS; examples and the
    reference site when their links are checked. No research notes: what was not verified is
    simply not shown (the catalogue keeps it for its maintainers)."""
    t = state.t()

    def pick(text: LocalizedText) -> str:
        return escape_markdown(t.pick(text.model_dump()))

    parts = [f"#### {pick(category.name)}"]
    advice = category.advice.pick(t.lang)
    parts += [
        "- " + t("summary.label_value", label=f"**{t(f'actors.guide.advice.{n}')}**", value=line)
        for n, line in enumerate(escape_markdown(line) for line in advice)
    ] or [pick(category.definition)]
    if category.id == "cress":
        parts += ["", f"**{t('actors.guide.cress_title')}**", *_cress_lines(carnet)]
    examples = _examples_lines(category)
    if examples:
        parts += ["", f"**{t('actors.guide.examples')}**", *examples]
    reference = category.reference_site
    link = safe_url(reference.url or "") if reference.verified else ""
    if link:
        host = link.split("//", 1)[-1].split("/", 1)[0].removeprefix("www.")
        target = link.replace("(", "%28").replace(")", "%29")
        parts += ["", f"**{t('actors.guide.reference')}** [{escape_markdown(host)}]({target})"]
    return "\n".join(parts)


def _guide_more(category: Category) -> str:
    """What the category is, in full, and the checked sources: behind « En savoir plus »."""
    t = state.t()
    parts = [escape_markdown(t.pick(category.definition.model_dump()))]
    sources = source_lines(s.url for s in category.sources if s.verified)
    if sources:
        parts += ["", f"**{t('sources.title')}**", *sources]
    return "\n".join(parts)


def suggest_cress_button(carnet: Carnet) -> None:
    """One click to add the région's CRESS to the actors (« à placer », website if verified)."""
    cress = actor_services.cress_to_suggest(carnet)
    if cress is None:
        return
    t = state.t()

    def add() -> None:
        if attempt(
            lambda: actor_services.add_regional_cress(state.session()),
            area="guide",
            success=t("actors.added_unplaced", name=escape_markdown(cress.name)),
        ):
            st.rerun()

    st.button(
        t("actors.guide.cress_add", name=escape_markdown(cress.name)),
        on_click=add,
        icon=":material/add_location_alt:",
        key="actors_add_cress",
    )


def guide_section(carnet: Carnet) -> None:
    t = state.t()
    st.header(t("actors.guide.title"))
    show_flash("guide")
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(t("actors.checklist.title"))
        coverage_checklist(carnet)
    with right:
        st.subheader(t("actors.guide.subtitle"))
        category_guide(carnet)


# ------------------------------------------------------------------------------------- table


def _table(carnet: Carnet, show_private: bool) -> pa.Table:
    """The table's data, as an Arrow table: Streamlit sends it without converting anything
    (a pandas DataFrame of 1,000 actors costs ~3 ms to convert on every rerun)."""
    return state.derived(
        carnet,
        ("table", state.language(), show_private),
        lambda: _build_table(carnet, show_private),
    )


def _build_table(carnet: Carnet, show_private: bool) -> pa.Table:
    t = state.t()
    columns = domain_actors.table_columns(
        carnet.actors,
        category_labels=category_labels(),
        status_labels=status_labels(),
        yes=t("actors.yes"),
        no=t("actors.no"),
        show_private=show_private,
    )
    headers = {
        "number": t("summary.col.number"),
        "name": t("field.name"),
        "category": t("field.category"),
        "commune": t("field.commune"),
        "status": t("field.status"),
        "located": t("actors.table.located"),
        "contact_person": t("actors.table.contact_person"),
        "notes": t("actors.table.notes"),
    }
    return pa.table(
        {headers[key]: pa.array(values, type=pa.string()) for key, values in columns.items()}
    )


def actors_table(carnet: Carnet) -> None:
    """The accessible alternative to the map: the same actors, as a table."""
    t = state.t()
    if not sections.heading(
        t("actors.table.title"), carnet.actors, t("actors.table.empty"), level="subheader"
    ):
        return
    projecting = shell.projection_on()
    show_private = (
        st.checkbox(
            t("actors.table.show_private"),
            key=PRIVATE_KEY,
            help=t("actors.table.show_private_help"),
            disabled=projecting,
        )
        and not projecting
    )
    located = state.derived(
        carnet, ("located",), lambda: sum(1 for a in carnet.actors if a.located)
    )
    st.caption(
        t(
            "actors.table.caption",
            count=len(carnet.actors),
            located=located,
            unplaced=len(carnet.actors) - located,
        )
    )
    data_table(_table(carnet, show_private))
