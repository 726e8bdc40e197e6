"""« Annuaire »: search and filters, the clustered map, the entries as cards and as a table,
open-data downloads and « Signaler ». Usable without a carnet.

Every entry string reaching Markdown goes through ``escape_markdown``, links through
``safe_url``; the table shows plain text; the map's data is escaped by
``adapters.directory_mapping``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import pyarrow as pa
import streamlit as st

from adapters.exports import directory as exports
from components import directory, messages, state
from components.actors import category_ids, category_labels
from components.tables import data_table
from domain import directory as rules
from domain.catalogue import load_categories
from domain.directory import DirectoryFilter
from domain.text import escape_markdown, safe_url
from services import directory as svc
from services.errors import ServiceError
from services.stores import DirectoryStore

TEXT = "annuaire_text"
CATEGORIES = "annuaire_categories"
REGION = "annuaire_region"
DEPARTEMENT = "annuaire_departement"
REPORT_ENTRY = "annuaire_report_entry"
REPORT_REASON = "annuaire_report_reason"
REPORT_TEXT = "annuaire_report_text"
MAP_KEY = "directory_map"
MAX_CARDS = 30
PLACE = "annuaire"

_tables: OrderedDict[tuple[object, ...], pa.Table] = OrderedDict()
_tables_lock = threading.Lock()


def current_filter() -> DirectoryFilter:
    return DirectoryFilter(
        text=(st.session_state.get(TEXT) or "").strip()[:200],
        categories=tuple(st.session_state.get(CATEGORIES) or ()),
        region_code=st.session_state.get(REGION) or "",
        departement=st.session_state.get(DEPARTEMENT) or "",
    )


def filters(store: DirectoryStore) -> DirectoryFilter:
    t = state.t()
    regions = dict(svc.regions(store))
    text_col, category_col = st.columns([2, 3])
    text_col.text_input(
        t("directory.search"),
        key=TEXT,
        max_chars=200,
        placeholder=t("directory.search_placeholder"),
        help=t("directory.search_help"),
    )
    category_col.multiselect(
        t("field.category"),
        options=category_ids(),
        format_func=directory.category_name,
        key=CATEGORIES,
        placeholder=t("directory.all_categories"),
    )
    region_col, dep_col = st.columns(2)
    region_col.selectbox(
        t("field.region"),
        options=["", *regions],
        format_func=lambda code: regions.get(code, t("directory.all_regions")),
        key=REGION,
    )
    departements = svc.departements(store, st.session_state.get(REGION) or "")
    if st.session_state.get(DEPARTEMENT) not in ("", None, *departements):
        st.session_state[DEPARTEMENT] = ""
    dep_col.selectbox(
        t("field.departement"),
        options=["", *departements],
        format_func=lambda code: code or t("directory.all_departements"),
        key=DEPARTEMENT,
    )
    return current_filter()


def source_markdown(entry: svc.EntryRow) -> str:
    t = state.t()
    if entry.source_kind == svc.LEARNERS:
        return t("directory.source_learners")
    url = safe_url(entry.source_url)
    title = escape_markdown(entry.source_title or url)
    if not url:
        return title
    return f"[{title}]({url.replace('(', '%28').replace(')', '%29')})"


def place_text(entry: svc.EntryRow) -> str:
    t = state.t()
    if entry.commune:
        dep = f" ({entry.departement})" if entry.departement else ""
        return f"{entry.commune}{dep}, {entry.region}" if entry.region else entry.commune + dep
    return t("directory.region_only", region=entry.region or "?")


def card_markdown(entry: svc.EntryRow) -> str:
    """One entry as one Markdown block (escaped)."""
    t = state.t()
    lines = [
        f"**{escape_markdown(entry.name)}** — {escape_markdown(directory.category_name(entry.category))}",
        f"{escape_markdown(place_text(entry))}",
    ]
    url = safe_url(entry.website)
    if url:
        lines.append(
            f"[{escape_markdown(t('field.website'))}]({url.replace('(', '%28').replace(')', '%29')})"
        )
    description = entry.description(state.language())
    if description:
        lines.append(escape_markdown(description))
    lines.append(t("directory.source", source=source_markdown(entry)))
    confirmed = []
    if entry.confirmations:
        confirmed.append(t("directory.confirmed_by", count=entry.confirmations))
    if entry.last_confirmed:
        confirmed.append(
            t("directory.last_confirmed", date=entry.last_confirmed.strftime("%d/%m/%Y"))
        )
    if confirmed:
        lines.append("*" + " · ".join(confirmed) + "*")
    if entry.status == "reported":
        lines.append(f":orange[{t('directory.reported_note')}]")
    return "  \n".join(lines)


def _table(content_key: tuple[object, ...], entries: list[svc.EntryRow]) -> pa.Table:
    """The results as an Arrow table (the map's text alternative), built once per content."""
    with _tables_lock:
        found = _tables.get(content_key)
    if found is not None:
        return found
    t = state.t()
    lang = state.language()
    columns = {
        t("field.name"): [e.name for e in entries],
        t("field.category"): [directory.category_name(e.category) for e in entries],
        t("field.commune"): [e.commune or t("directory.region_only_short") for e in entries],
        t("field.departement"): [e.departement for e in entries],
        t("field.region"): [e.region for e in entries],
        t("field.website"): [safe_url(e.website) for e in entries],
        t("field.description"): [e.description(lang) for e in entries],
        t("directory.column.source"): [
            t("directory.source_learners_plain")
            if e.source_kind == svc.LEARNERS
            else (e.source_title or safe_url(e.source_url))
            for e in entries
        ],
        t("directory.column.confirmed"): [
            e.last_confirmed.isoformat() if e.last_confirmed else "" for e in entries
        ],
    }
    table = pa.table({k: pa.array(v, type=pa.string()) for k, v in columns.items()})
    with _tables_lock:
        _tables[content_key] = table
        while len(_tables) > 16:
            _tables.popitem(last=False)
    return table


def downloads(entries: list[svc.EntryRow], everything: list[svc.EntryRow], filtered: bool) -> None:
    t = state.t()
    lang = state.language()
    labels = dict(category_labels())
    colours = {c.id: c.colour for c in load_categories()}
    learners = t("directory.source_learners_plain")
    attribution = t("directory.attribution")
    yes = t("actors.yes")

    def csv_of(rows: list[svc.EntryRow]) -> Callable[[], str | bytes]:
        return lambda: exports.directory_csv(
            rows, category_labels=labels, lang=lang, learners_label=learners, yes=yes
        )

    def geojson_of(rows: list[svc.EntryRow]) -> Callable[[], str | bytes]:
        return lambda: exports.directory_geojson(
            rows,
            category_labels=labels,
            colours=colours,
            lang=lang,
            learners_label=learners,
            attribution=attribution,
        )

    st.subheader(t("directory.downloads"))
    st.markdown(t("directory.licence", licence=rules.LICENCE_NAME, url=rules.LICENCE_URL))
    sets = [("all", everything)]
    if filtered:
        sets.insert(0, ("filter", entries))
    formats = (
        ("csv", csv_of, "text/csv", ":material/table:"),
        ("geojson", geojson_of, "application/geo+json", ":material/map:"),
    )
    for scope, rows in sets:
        for column, (fmt, data_of, mime, icon) in zip(st.columns(2), formats, strict=True):
            column.download_button(
                t(f"directory.download.{fmt}_{scope}", count=len(rows)),
                data=data_of(rows),
                file_name=f"annuaire-{scope}.{fmt}",
                mime=mime,
                on_click="ignore",
                icon=icon,
                key=f"annuaire_{fmt}_{scope}",
            )


def _send_report(store: DirectoryStore) -> None:
    t = state.t()
    entry_id = st.session_state.get(REPORT_ENTRY)
    reason = st.session_state.get(REPORT_REASON)
    if entry_id is None or reason is None:
        messages.error(t("directory.error.report_choose"), PLACE)
        return
    try:
        svc.report(store, int(entry_id), reason, st.session_state.get(REPORT_TEXT) or "")
    except ServiceError as error:
        messages.error(directory.explain(error), PLACE)
        return
    st.session_state[REPORT_TEXT] = ""
    messages.success(t("directory.report_sent"), PLACE)


def report_form(store: DirectoryStore, entries: list[svc.EntryRow]) -> None:
    t = state.t()
    st.subheader(t("directory.report_title"))
    st.caption(t("directory.report_help"))
    names = {e.id: f"{e.name} — {place_text(e)}" for e in entries[:200]}
    with st.form("annuaire_report", border=True):
        st.selectbox(
            t("directory.report_entry"),
            options=list(names),
            format_func=lambda i: names.get(i, str(i)),
            index=None,
            placeholder=t("directory.report_entry_placeholder"),
            key=REPORT_ENTRY,
        )
        st.selectbox(
            t("directory.report_reason"),
            options=list(rules.REPORT_REASONS),
            format_func=lambda r: t(f"directory.reason.{r}"),
            index=None,
            placeholder=t("directory.report_reason_placeholder"),
            key=REPORT_REASON,
        )
        st.text_input(t("directory.report_text"), key=REPORT_TEXT, max_chars=rules.LIMITS["reason"])
        st.form_submit_button(t("directory.report_send"), on_click=_send_report, args=(store,))


def page() -> None:
    t = state.t()
    store = directory.store()
    st.title(t("directory.title"))
    st.markdown(t("directory.intro"))
    messages.show(PLACE)
    everything = svc.search(store, DirectoryFilter())
    if not everything:
        st.info(t("directory.empty"), icon=":material/info:")
    flt = filters(store)
    entries = svc.search(store, flt) if not flt.is_empty else everything
    version = svc.listing(store).version
    content_key = (version, flt, state.language())
    located = sum(1 for e in entries if e.lat is not None)
    st.caption(
        t(
            "directory.count",
            count=len(entries),
            located=located,
            region_only=len(entries) - located,
        )
    )
    zoom = 8 if flt.departement else 7 if flt.region_code else 5
    directory.directory_map(entries, content_key=content_key, zoom_hint=zoom, key=MAP_KEY)

    st.subheader(t("directory.list_title"))
    if not entries:
        st.caption(t("directory.no_result"))
    for entry in entries[:MAX_CARDS]:
        with st.container(border=True):
            st.markdown(card_markdown(entry))
    if len(entries) > MAX_CARDS:
        st.caption(t("directory.more_in_table", shown=MAX_CARDS, count=len(entries)))
    if entries:
        st.subheader(t("directory.table_title"))
        data_table(_table(content_key, entries))

    downloads(entries, everything, not flt.is_empty)
    if entries:
        report_form(store, entries)
