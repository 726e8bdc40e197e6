"""The directory on the Actors page: « Suggestions près de chez vous » (add an entry to the
map in one click, as a copy the learner owns) and « Proposer à l'annuaire » (preview of the
public fields only, consent to the licence, status of each proposal, withdraw).

Called from ``app_pages/acteurs.py`` by two short hooks; the use cases are in
``services.directory``.
"""

from __future__ import annotations

import time
from typing import cast

import streamlit as st

from components import directory, messages, resources, state
from components.actors import category_ids
from domain import directory as rules
from domain import places
from domain.directory import Place
from domain.models import Actor, Carnet, Territory
from domain.text import escape_markdown
from services import directory as svc
from services.errors import ServiceError

ROW_ID = "directory:carnet_row_id"
PROPOSE_ACTOR = "directory_propose_actor"
PROPOSE_DESCRIPTION = "directory_propose_description"
# What was typed in the description, kept while its section or tab is closed (Streamlit forgets
# the value of a widget that is not drawn).
PROPOSE_DESCRIPTION_KEPT = "directory_propose_description_kept"
PROPOSE_CONSENT = "directory_propose_consent"
SUGGESTIONS = "suggestions"
SUGGESTIONS_FRESH = 60  # seconds: how old the suggestions shown may be
CHOSEN = "directory_suggestions_chosen"  # the entries ticked in the suggestions' form
PROPOSALS = "proposals"
PROPOSE_OPEN = "directory_propose_open"  # the proposal form's section


def carnet_row_id() -> int | None:
    """The open carnet's row id (what proposals refer to; never its private token)."""
    token = state.token()
    if not token:
        return None
    cached = st.session_state.get(ROW_ID)
    if cached and cached[0] == token:
        return cast(int, cached[1])
    try:
        row_id = state.store().load(token).id
    except LookupError:
        return None
    st.session_state[ROW_ID] = (token, row_id)
    return row_id


# ---------------------------------------------------------------------------------- suggestions


def _add_chosen(entries: dict[int, svc.EntryRow]) -> None:
    """Copy the entries chosen in the suggestions' form into the carnet (one save)."""
    t = state.t()
    chosen = [entries[i] for i in st.session_state.get(CHOSEN) or () if i in entries]
    if not chosen:
        messages.error(t("directory.suggestions_none_chosen"), SUGGESTIONS)
        return
    errors = state.update(lambda carnet: [svc.copy_into(carnet, entry) for entry in chosen])
    if errors:
        messages.errors(errors, SUGGESTIONS)
        return
    names = ", ".join(f"**{escape_markdown(entry.name)}**" for entry in chosen)
    messages.success(t("directory.suggestions_added", names=names), SUGGESTIONS)


def _place(entry: svc.EntryRow) -> str:
    return entry.commune or state.t()("directory.region_only", region=entry.region)


def suggestions_section(carnet: Carnet) -> None:
    """Directory entries of the learner's département first, then région, by category: one
    list to read, one form to add the chosen ones (a button per entry made the page send five
    elements an entry on every rerun: BENCHMARKS.md, « Page speed, fourth pass »)."""
    t = state.t()
    st.header(t("directory.suggestions_title"))
    messages.show(SUGGESTIONS)
    territory = carnet.project.territory
    if not (territory.departement_code or territory.region_code):
        st.caption(t("directory.suggestions_no_territory"))
        return
    # Once per saved version of the carnet and per minute (entries published meanwhile by the
    # moderators show within a minute), not on every rerun.
    groups = state.derived(
        carnet,
        (
            "directory_suggestions",
            territory.departement_code,
            territory.region_code,
            int(time.monotonic() // SUGGESTIONS_FRESH),
        ),
        lambda: svc.suggestions(
            directory.store(),
            category_ids(),
            territory.departement_code,
            territory.region_code,
            exclude=svc.copied_entries(carnet),
        ),
    )
    entries: dict[int, svc.EntryRow] = {}
    lines = [t("directory.suggestions_intro")]
    empty = []
    for group in groups:
        if group.empty:
            empty.append(directory.category_name(group.category))
            continue
        lines.append(f"**{escape_markdown(directory.category_name(group.category))}**")
        listed = []
        for scope, found in (("departement", group.in_departement), ("region", group.in_region)):
            for entry in found:
                entries[entry.id] = entry
                listed.append(
                    f"- **{escape_markdown(entry.name)}** — {escape_markdown(_place(entry))}"
                    f" · *{t(f'directory.scope.{scope}')}*"
                )
        lines.append("\n".join(listed))
    st.markdown("\n\n".join(lines))
    if entries:
        with st.form("directory_suggestions", clear_on_submit=True, border=False):
            st.multiselect(
                t("directory.suggestions_choose"),
                options=list(entries),
                format_func=lambda entry_id: (
                    f"{entries[entry_id].name} — {_place(entries[entry_id])}"
                ),
                placeholder=t("directory.suggestions_choose_placeholder"),
                key=CHOSEN,
            )
            st.form_submit_button(
                t("directory.suggestion_add"),
                icon=":material/add_location_alt:",
                on_click=_add_chosen,
                args=(entries,),
            )
    if empty:
        st.info(
            t("directory.suggestions_missing", categories=escape_markdown(", ".join(empty))),
            icon=":material/travel_explore:",
        )


# ----------------------------------------------------------------------------------- proposals


def place_of(actor: Actor, territory: Territory) -> Place:
    """Where an actor is, for the directory: its commune in the gazetteer (the learner's
    département first), else the learner's département and région without a commune."""
    if actor.commune:
        found = resources.gazetteer().search(actor.commune, limit=10)
        exact = [c for c in found if rules.fold(c.name) == rules.fold(actor.commune)] or found
        exact.sort(key=lambda c: c.departement_code != territory.departement_code)
        if exact:
            return places.directory_place(exact[0])
    return places.region_place(territory)


def preview_markdown(fields: rules.PublicFields) -> str:
    t = state.t()
    place = fields.place
    where = fields.commune or t("directory.region_only", region=place.region or "?")
    rows = [
        (t("field.name"), fields.name),
        (t("field.category"), directory.category_name(fields.category)),
        (t("field.commune"), where),
        (t("field.departement"), place.departement),
        (t("field.address"), fields.address),
        (t("field.website"), fields.website),
        (t("field.description"), fields.description),
    ]
    lines = [
        f"| {t('directory.preview_field')} | {t('directory.preview_value')} |",
        "| --- | --- |",
    ]
    for label, value in rows:
        shown = escape_markdown(value).replace("\n", " ") if value else "—"
        lines.append(f"| {escape_markdown(label)} | {shown} |")
    return "\n".join(lines)


def _send(fields: rules.PublicFields, actor_id: str) -> None:
    t = state.t()
    row_id = carnet_row_id()
    if row_id is None:
        messages.error(t("state.no_carnet"), PROPOSALS)
        return
    try:
        outcome = svc.propose(
            directory.store(),
            carnet_id=row_id,
            actor_id=actor_id,
            fields=fields,
            language=state.language(),
            consent=bool(st.session_state.get(PROPOSE_CONSENT)),
        )
    except ServiceError as error:
        messages.error(directory.explain(error), PROPOSALS)
        return
    st.session_state[PROPOSE_CONSENT] = False
    messages.success(t(f"directory.sent_{outcome.kind}"), PROPOSALS)


def _withdraw(proposal_id: int) -> None:
    row_id = carnet_row_id()
    try:
        svc.withdraw(directory.store(), row_id or 0, proposal_id)
    except ServiceError as error:
        messages.error(directory.explain(error), PROPOSALS)
        return
    messages.success(state.t()("directory.withdrawn"), PROPOSALS)


def status_text(proposal: svc.ProposalRow) -> str:
    t = state.t()
    text = t(f"directory.status.{proposal.status}")
    if proposal.status == "refused" and proposal.reason:
        text += " — " + t("directory.status.reason", reason=escape_markdown(proposal.reason))
    return text


def proposals_list(carnet: Carnet, mine: list[svc.ProposalRow]) -> None:
    t = state.t()
    if not mine:
        return
    st.markdown(f"**{t('directory.my_proposals')}**")
    names = {a.id: a.name for a in carnet.actors}
    for proposal in reversed(mine):
        name = names.get(proposal.actor_id, proposal.name)
        text_col, button_col = st.columns([4, 1], vertical_alignment="center")
        text_col.markdown(
            f"{escape_markdown(name)} · {t(f'directory.kind.{proposal.kind}')} · "
            f"**{status_text(proposal)}**"
        )
        if proposal.status == "pending":
            button_col.button(
                t("directory.withdraw"),
                key=f"directory_withdraw_{proposal.id}",
                on_click=_withdraw,
                args=(proposal.id,),
            )


def propose_section(carnet: Carnet | None) -> None:
    """« Proposer à l'annuaire » for any actor of the carnet (a section drawn only when opened),
    and the status of each proposal."""
    if carnet is None:
        return
    t = state.t()
    st.header(t("directory.propose_title"))
    st.caption(t("directory.propose_intro"))
    messages.show(PROPOSALS)
    row_id = carnet_row_id()
    if not carnet.actors or row_id is None:
        st.caption(t("directory.propose_no_actor"))
        return
    mine = svc.my_proposals(directory.store(), row_id)  # a moderator's decision shows at once
    form = st.expander(t("directory.propose_open"), key=PROPOSE_OPEN, on_change="rerun")
    if form.open:
        with form:
            _propose_form(carnet, mine)
    proposals_list(carnet, mine)


def _propose_form(carnet: Carnet, mine: list[svc.ProposalRow]) -> None:
    t = state.t()
    by_id = {a.id: a for a in carnet.actors}
    latest = svc.latest_by_actor(mine)

    def label(actor_id: str) -> str:
        name = by_id[actor_id].name if actor_id in by_id else ""
        proposal = latest.get(actor_id)
        if proposal is None:
            return name
        return f"{name} — {t(f'directory.status.{proposal.status}')}"

    chosen = st.selectbox(
        t("directory.propose_actor"),
        options=list(by_id),
        format_func=label,
        index=None,
        placeholder=t("directory.propose_actor_placeholder"),
        key=PROPOSE_ACTOR,
    )
    actor = by_id.get(chosen or "")
    if actor is None:
        return
    if PROPOSE_DESCRIPTION not in st.session_state:
        st.session_state[PROPOSE_DESCRIPTION] = st.session_state.get(PROPOSE_DESCRIPTION_KEPT, "")
    st.text_area(
        t("directory.propose_description"),
        key=PROPOSE_DESCRIPTION,
        max_chars=rules.LIMITS["description"],
        help=t("directory.propose_description_help"),
    )
    description = st.session_state.get(PROPOSE_DESCRIPTION) or ""
    st.session_state[PROPOSE_DESCRIPTION_KEPT] = description
    try:
        fields = svc.preview(
            actor,
            place_of(actor, carnet.project.territory),
            description,
            category_ids(),
        )
    except ServiceError as error:
        st.error(directory.explain(error), icon=":material/error:")
        return
    st.markdown(f"**{t('directory.preview_title')}**")
    st.caption(t("directory.preview_private"))
    st.markdown(preview_markdown(fields))
    st.checkbox(
        t("directory.consent", licence=rules.LICENCE_NAME),
        key=PROPOSE_CONSENT,
    )
    st.button(
        t("directory.send"),
        type="primary",
        on_click=_send,
        args=(fields, actor.id),
        key="directory_send",
        icon=":material/send:",
    )
