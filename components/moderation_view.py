"""« Modération »: the queue (proposals, updates, reports) with the differences against the
current entry, « Publier », « Modifier puis publier », « Refuser » (with a reason the learner
reads), the same in bulk, and an entry's history.

Reached by the moderator's link ``?cle=<key>`` (or the key typed in the form). Without a
configured key the page says how to configure one and shows nothing else; with a missing or
wrong key it shows nothing of the queue, and wrong keys are slowed down (``Throttle``).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

import streamlit as st

from components import directory, directory_page, messages, sections, state
from components.actors import category_ids
from domain import directory as rules
from domain.text import escape_html, escape_markdown
from domain.throttle import Throttle
from services import directory as svc
from services.errors import ServiceError

MODERATOR = "directory:moderator"
SESSION = "directory:moderator_session"
KEY_INPUT = "moderation_key"
BULK_REASON = "moderation_bulk_reason"
HISTORY_QUERY = "moderation_history_query"
PLACE = "moderation"
#: Wrong keys, per client, process-wide.
THROTTLE = Throttle(free_failures=3, base_delay=1.0, max_delay=16.0)


def session_id() -> str:
    """This moderator session's opaque id, as the decision log names it."""
    if SESSION not in st.session_state:
        st.session_state[SESSION] = secrets.token_hex(8)
    return str(st.session_state[SESSION])


def _client() -> str:
    return st.context.ip_address or f"session:{session_id()}"


def _authorise(given: str) -> svc.Moderator | None:
    try:
        moderator = svc.authorise(
            directory.configured_key(),
            given,
            client=_client(),
            session=session_id(),
            throttle=THROTTLE,
            clock=time.monotonic,
            sleep=time.sleep,
        )
    except ServiceError as error:
        messages.error(directory.explain(error), PLACE)
        return None
    st.session_state[MODERATOR] = moderator
    return moderator


def moderator() -> svc.Moderator | None:
    """The session's moderator: from an earlier run, the link's key, or the typed key."""
    found = st.session_state.get(MODERATOR)
    if isinstance(found, svc.Moderator):
        return found
    given = st.query_params.get("cle") or ""
    if given:
        return _authorise(given)
    return None


def _typed_key() -> None:
    _authorise(st.session_state.get(KEY_INPUT) or "")
    st.session_state[KEY_INPUT] = ""


def key_form() -> None:
    t = state.t()
    with st.form("moderation_key_form"):
        st.text_input(t("moderation.key"), type="password", key=KEY_INPUT, max_chars=200)
        st.form_submit_button(t("moderation.open"), on_click=_typed_key)


# ------------------------------------------------------------------------------- the queue


def _act(action: Callable[[], object], success: str) -> None:
    try:
        action()
    except ServiceError as error:
        messages.error(directory.explain(error), PLACE)
        return
    messages.success(success, PLACE)


def diff_markdown(item: svc.QueueItem) -> str:
    t = state.t()
    if not item.diff:
        return t("moderation.no_difference")
    lines = [
        f"| {t('moderation.field')} | {t('moderation.current')} | {t('moderation.proposed')} |",
        "| --- | --- | --- |",
    ]
    for name, (old, new) in item.diff.items():
        if name == "category":
            old, new = directory.category_name(old) if old else "", directory.category_name(new)
        lines.append(
            f"| {escape_markdown(t(f'field.{name}'))} | "
            f"{escape_markdown(old).replace(chr(10), ' ') or '—'} | "
            f"{escape_markdown(new).replace(chr(10), ' ')} |"
        )
    return "\n".join(lines)


def _edit_form(item: svc.QueueItem, mod: svc.Moderator) -> None:
    t = state.t()
    key = item.key
    if item.proposal is not None:
        source = item.proposal
        values = {
            "name": source.name,
            "category": source.category,
            "commune": source.commune,
            "address": source.address,
            "website": source.website,
            "description": source.description,
        }
    else:
        entry = item.entry
        assert entry is not None
        values = {
            "name": entry.name,
            "category": entry.category,
            "commune": entry.commune,
            "address": entry.address,
            "website": entry.website,
            "description": entry.description("fr"),
        }
    with st.expander(t("moderation.edit")):
        with st.form(f"moderation_edit_{key}", border=False):
            edits = {
                "name": st.text_input(
                    t("field.name"), value=values["name"], max_chars=rules.LIMITS["name"]
                ),
                "category": st.selectbox(
                    t("field.category"),
                    options=category_ids(),
                    index=category_ids().index(values["category"])
                    if values["category"] in category_ids()
                    else 0,
                    format_func=directory.category_name,
                ),
                "commune": st.text_input(
                    t("field.commune"), value=values["commune"], max_chars=rules.LIMITS["commune"]
                ),
                "address": st.text_input(
                    t("field.address"), value=values["address"], max_chars=rules.LIMITS["address"]
                ),
                "website": st.text_input(
                    t("field.website"), value=values["website"], max_chars=rules.LIMITS["website"]
                ),
                "description": st.text_area(
                    t("field.description"),
                    value=values["description"],
                    max_chars=rules.LIMITS["description"],
                ),
            }
            submitted = st.form_submit_button(t("moderation.edit_publish"))
        if submitted:
            store = directory.store()
            if item.proposal is not None:
                proposal_id = item.proposal.id
                _act(
                    lambda: svc.publish(store, mod, proposal_id, category_ids(), edits=edits),
                    t("moderation.published"),
                )
            elif item.entry is not None:
                entry_id = item.entry.id
                _act(
                    lambda: svc.decide_report(
                        store, mod, entry_id, keep=True, categories=category_ids(), edits=edits
                    ),
                    t("moderation.kept"),
                )
            st.rerun()


def preapproved_badge(class_name: str) -> None:
    """« Pré-approuvée par un formateur (classe « … ») »: a visible badge; the class name is
    escaped (it is typed by a trainer). Pre-approval publishes nothing: the note says so."""
    t = state.t()
    label = escape_html(t("moderation.preapproved", name=class_name))
    st.html(
        '<p class="preapproved-badge" style="display:inline-block;margin:0;padding:.15rem .6rem;'
        "border-radius:1rem;background:#dafbe1;color:#116329;border:1px solid #116329;"
        f'font-weight:600">✔ {label}</p>'
    )
    st.caption(t("moderation.preapproved_note"))


def _proposal_item(item: svc.QueueItem, mod: svc.Moderator) -> None:
    t = state.t()
    proposal = item.proposal
    assert proposal is not None
    store = directory.store()
    st.checkbox(t("moderation.select"), key=f"moderation_select_{proposal.id}")
    st.markdown(
        f"**{t(f'moderation.kind.{item.kind}')}** — {escape_markdown(proposal.name)} "
        f"({escape_markdown(proposal.commune or proposal.region)})"
    )
    if item.preapproved_by is not None:
        preapproved_badge(item.preapproved_by)
    if item.entry is not None:
        st.caption(t("moderation.current_entry", id=item.entry.id))
    st.markdown(diff_markdown(item))
    publish_col, refuse_col = st.columns(2)
    publish_col.button(
        t("moderation.publish"),
        key=f"moderation_publish_{proposal.id}",
        type="primary",
        on_click=_act,
        args=(
            lambda: svc.publish(store, mod, proposal.id, category_ids()),
            t("moderation.published"),
        ),
    )
    reason_key = f"moderation_reason_{proposal.id}"
    refuse_col.text_input(t("moderation.reason"), key=reason_key, max_chars=rules.LIMITS["reason"])
    refuse_col.button(
        t("moderation.refuse"),
        key=f"moderation_refuse_{proposal.id}",
        on_click=lambda: _act(
            lambda: svc.refuse(store, mod, proposal.id, st.session_state.get(reason_key) or ""),
            t("moderation.refused"),
        ),
    )
    _edit_form(item, mod)


def _report_item(item: svc.QueueItem, mod: svc.Moderator) -> None:
    t = state.t()
    entry = item.entry
    if entry is None:
        return
    store = directory.store()
    st.markdown(
        f"**{t('moderation.kind.report')}** — {escape_markdown(entry.name)} "
        f"({escape_markdown(entry.commune or entry.region)})"
    )
    st.markdown(directory_page.card_markdown(entry))  # the entry as the public sees it
    for report in item.reports:
        text = f" — {escape_markdown(report.text)}" if report.text else ""
        st.markdown(f"- {t(f'directory.reason.{report.reason}')}{text}")
    keep_col, remove_col = st.columns(2)
    keep_col.button(
        t("moderation.keep"),
        key=f"moderation_keep_{entry.id}",
        on_click=_act,
        args=(lambda: svc.decide_report(store, mod, entry.id, keep=True), t("moderation.kept")),
    )
    remove_col.button(
        t("moderation.remove"),
        key=f"moderation_remove_{entry.id}",
        on_click=_act,
        args=(
            lambda: svc.decide_report(store, mod, entry.id, keep=False),
            t("moderation.removed"),
        ),
    )
    _edit_form(item, mod)


def _bulk(mod: svc.Moderator, action: str, ids: list[int]) -> None:
    t = state.t()
    result = svc.bulk(
        directory.store(),
        mod,
        ids,
        action,
        category_ids(),
        reason=st.session_state.get(BULK_REASON) or "",
    )
    if result.done:
        messages.success(t("moderation.bulk_done", count=result.done), PLACE)
    for _proposal_id, key in result.failed[:1]:
        messages.error(t(key), PLACE)
    for proposal_id in ids:
        st.session_state.pop(f"moderation_select_{proposal_id}", None)


def queue_section(mod: svc.Moderator) -> None:
    t = state.t()
    items = svc.queue(directory.store())
    if not sections.heading(
        t("moderation.queue", count=len(items)), items, t("moderation.queue_empty")
    ):
        return
    proposal_ids = [i.proposal.id for i in items if i.proposal is not None]
    selected = [p for p in proposal_ids if st.session_state.get(f"moderation_select_{p}")]
    if proposal_ids:
        with st.container(border=True):
            st.markdown(f"**{t('moderation.bulk_title')}**")
            st.text_input(t("moderation.bulk_reason"), key=BULK_REASON, max_chars=300)
            for column, action in zip(st.columns(2), ("publish", "refuse"), strict=True):
                column.button(
                    t(f"moderation.bulk_{action}", count=len(selected)),
                    key=f"moderation_bulk_{action}",
                    on_click=_bulk,
                    args=(mod, action, selected),
                    disabled=not selected,
                )
    for item in items:
        with st.container(border=True):
            if item.proposal is not None:
                _proposal_item(item, mod)
            else:
                _report_item(item, mod)


def history_section() -> None:
    t = state.t()
    st.header(t("moderation.history"))
    store = directory.store()
    query = st.text_input(t("moderation.history_search"), key=HISTORY_QUERY, max_chars=100)
    if not query.strip():
        return
    found = svc.search(store, rules.DirectoryFilter(text=query))[:20]
    if not found:
        st.caption(t("directory.no_result"))
    for entry in found:
        decisions = svc.history(store, entry.id)
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(entry.name)}** (#{entry.id})")
            if not decisions:
                st.caption(t("moderation.history_none"))
            for decision in decisions:
                st.markdown(
                    "- "
                    + t(
                        "moderation.history_line",
                        when=decision.decided_at.strftime("%d/%m/%Y %H:%M"),
                        action=t(f"moderation.action.{decision.action}"),
                        moderator=escape_markdown(decision.moderator),
                    )
                )


def page() -> None:
    t = state.t()
    st.title(t("moderation.title"))
    if not directory.configured_key():
        st.warning(t("moderation.not_configured"), icon=":material/key_off:")
        st.markdown(t("moderation.how_to_configure"))
        return
    mod = moderator()
    messages.show(PLACE)
    if mod is None:
        st.info(t("moderation.need_key"), icon=":material/lock:")
        key_form()
        return
    st.caption(t("moderation.session", session=mod.session))
    queue_section(mod)
    history_section()
