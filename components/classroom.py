"""The class space in Streamlit: create a class, join one, choose what to share, the trainer's
live board. Use cases are in ``services.classes``; every board section is drawn from
``domain.classroom.Board`` (SharedViews only): nothing a learner did not tick is ever sent to
the trainer's browser.

Links: ``?classe=<code>`` (the join link, any page) and ``?formateur=<token>`` (the board) are
read once by ``app.py`` (``follow_join_link``, ``board_navigation``): query params are dropped
when the page changes.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from urllib.parse import urlencode

import pyarrow as pa
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.scriptrunner import get_script_run_ctx

from adapters.class_figure import alliances_figure
from components import figures, focus, messages, resources, shell, state
from components.map_view import territory_map
from components.sharing import qr_png
from components.tables import data_table
from domain import classroom, links, progress
from domain.catalogue import load_categories
from domain.classroom import FAMILIES, Board, ClassProposal, Consents
from domain.models import QUESTIONS
from domain.summary import category_infos
from domain.text import escape_html, escape_markdown
from services.classes import EXPORTS, ClassInfo, ClassService, Membership
from services.errors import ServiceError

CLASS_PAGE = shell.CLASS_PAGE
BOARD_PAGE = shell.PageSpec("classe", "app_pages/classe_tableau.py", ":material/co_present:")

JOIN_CODE = "class:join_code"  # the code of the class being joined (from a link or typed)
CREATED = "class:created"  # {"code", "token", "name"}: the new class, its trainer link shown once
MEMBERSHIPS = "class:memberships"  # (carnet token, [Membership]): the sidebar's indicator
SPOTLIGHT = "class:spotlight"  # (member id, question) projected full screen
LARGE = "class_board_large"  # the board's large type (a toggle's key), on by default
REFRESH_SECONDS = 4
MAP_KEY = "class_map"
MAP_FRAME = "class:map_frame"  # (lat, lon, zoom) of the class map, chosen once per session
QR_SCALE = 12
# Fixed CSS: the projected answer in very large type (beats the projection mode's own size).
SPOTLIGHT_CSS = """<style>
.stApp .class-spotlight p { font-size: 2.6rem !important; line-height: 1.45 !important; }
.stApp .class-spotlight p.who { font-size: 1.7rem !important; color: #222 !important; }
</style>"""  # ~450 px for a join link: readable from the back of a room


@st.cache_resource
def service() -> ClassService:
    return ClassService(state.stores(), departement_of=_departements())


@st.cache_resource
def _departements() -> classroom.DepartementOf:
    from services.classes import departement_lookup

    return departement_lookup(resources.gazetteer())


def client() -> str:
    """Whose wrong guesses are counted: the client's address, else this session."""
    address = st.context.ip_address
    if address:
        return address
    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else "anonymous"


def _page_ids() -> tuple[str, ...]:
    return (*(spec.id for spec in shell.JOURNEY), CLASS_PAGE.id)


def join_link(code: str) -> str:
    return links.app_base(st.context.url, _page_ids()) + "?" + urlencode({"classe": code})


def board_link(token: str) -> str:
    return links.app_base(st.context.url, _page_ids()) + "?" + urlencode({"formateur": token})


# ------------------------------------------------------------------------------ app hooks


def board_navigation() -> StreamlitPage:
    """The trainer's board alone (``?formateur=<token>``): no journey, no carnet."""
    t = state.t()
    return st.navigation(
        [st.Page(BOARD_PAGE.file, title=t("class.board.nav"), url_path=BOARD_PAGE.id)],
        position="hidden",
    )


def follow_join_link(page: StreamlitPage) -> None:
    """``?classe=<code>`` on any page: remember the code and show the join screen."""
    code = st.query_params.get("classe")
    if not code:
        return
    st.session_state[JOIN_CODE] = code[:20]
    st.query_params.pop("classe", None)
    if getattr(page, "url_path", None) != CLASS_PAGE.id:
        st.switch_page(CLASS_PAGE.file)


def memberships(refresh: bool = False) -> list[Membership]:
    """The open carnet's classes (kept per carnet in the session; refreshed after a change)."""
    token = state.token()
    if token is None:
        return []
    cached = st.session_state.get(MEMBERSHIPS)
    if refresh or cached is None or cached[0] != token:
        cached = (token, service().memberships(token))
        st.session_state[MEMBERSHIPS] = cached
    return cached[1]


def sidebar_indicator() -> None:
    """In the sidebar: the classes the open carnet is in, with a link to change or leave."""
    if shell.projection_on() or state.token() is None:
        return
    mine = memberships()
    if not mine:
        return
    t = state.t()
    with st.sidebar:
        for membership in mine:
            st.caption(
                t("class.sidebar.in_class", name=escape_markdown(membership.class_name)),
            )
        shell.page_link(
            CLASS_PAGE,
            label=t("class.sidebar.manage"),
            icon=":material/tune:",
            query_params=shell.link_params(),
        )


# ------------------------------------------------------------------------------ join


def code_form(place: str) -> None:
    """« Rejoindre une classe »: type the code (Accueil and the class page)."""
    t = state.t()
    with st.form(f"class_code_{place}", border=False):
        st.text_input(
            t("class.code.label"),
            placeholder=t("class.code.placeholder"),
            help=t("class.code.help"),
            max_chars=12,
            key=f"class_code_input_{place}",
        )
        submitted = st.form_submit_button(t("class.code.button"), icon=":material/login:")
    if submitted:
        code = st.session_state.get(f"class_code_input_{place}", "")
        try:
            found = service().find_by_code(code, client())
        except ServiceError as problem:
            messages.error(problem, f"class_code_{place}")
        else:
            st.session_state[JOIN_CODE] = found.code
            if place != "class":
                st.switch_page(CLASS_PAGE.file, query_params=shell.link_params())
            st.rerun()
    messages.show(f"class_code_{place}")


HOME_OPEN = "class_home_open"  # Accueil's « Rejoindre une classe »: open / closed (its key)


def home_section() -> None:
    """Accueil: « Rejoindre une classe », a section whose code form is drawn only when it is
    open (a closed section sends nothing but its label). It stays open through the reruns of
    a wrong code (its message shows in it)."""
    t = state.t()
    section = st.expander(t("class.home.title"), key=HOME_OPEN, on_change="rerun")
    if not section.open:
        return
    with section:
        st.markdown(t("class.home.body"))
        code_form("home")


def _consents_from(prefix: str) -> Consents:
    return Consents(**{f: bool(st.session_state.get(f"{prefix}_{f}")) for f in FAMILIES})


def consent_boxes(prefix: str, current: Consents) -> None:
    """The five separate choices (off unless the learner ticked them), and the name field."""
    t = state.t()
    for family in FAMILIES:
        st.checkbox(
            t(f"class.family.{family}"),
            value=getattr(current, family),
            help=t(f"class.family.{family}.help"),
            key=f"{prefix}_{family}",
        )
    if st.session_state.get(f"{prefix}_name"):
        st.text_input(
            t("class.name.label"),
            max_chars=classroom.MAX_LEARNER_NAME,
            help=t("class.name.help"),
            placeholder=t("class.name.placeholder"),
            key=f"{prefix}_learner_name",
        )
    else:
        st.caption(t("class.name.pseudonym_note"))


def _join() -> None:
    t = state.t()
    code = st.session_state.get(JOIN_CODE, "")
    consents = _consents_from("class_join")
    name = st.session_state.get("class_join_learner_name", "")
    try:
        service().find_by_code(code, client())  # before making a new carnet for nothing
    except ServiceError as problem:
        messages.error(problem, "join")
        return
    if state.current() is None or st.session_state.get("class_join_carnet") == "new":
        state.start()
    token = state.token()
    if token is None:  # no carnet could be opened: nothing to join with
        messages.error(t("state.no_carnet"), "join")
        return
    try:
        membership = service().join(code, token, consents, learner_name=name, client=client())
    except ServiceError as problem:
        messages.error(problem, "join")
        return
    st.session_state.pop(JOIN_CODE, None)
    memberships(refresh=True)
    focus.request(focus.CLASS_JOINED)  # the join screen goes: to the confirmation
    messages.success(
        t(
            "class.join.done",
            name=escape_markdown(membership.class_name),
            pseudonym=escape_markdown(membership.pseudonym),
        ),
        "class",
    )


def _cancel_join() -> None:
    st.session_state.pop(JOIN_CODE, None)


def join_screen(code: str) -> None:
    t = state.t()
    try:
        found = service().find_by_code(code, client())
    except ServiceError as problem:
        st.session_state.pop(JOIN_CODE, None)
        messages.error(problem, "class_code_class")
        st.rerun()
        return
    st.title(t("class.join.title", name=escape_markdown(found.name)))
    if found.territory:
        st.caption(escape_markdown(found.territory))
    if not found.is_open:
        st.warning(t("errors.class_closed"), icon=":material/lock:")
    st.write(t("class.join.intro"))
    with st.container(border=True):
        st.subheader(t("class.join.what"))
        consent_boxes("class_join", classroom.NO_CONSENT)
    if state.current() is not None:
        st.radio(
            t("class.join.which"),
            options=["open", "new"],
            format_func=lambda option: t(f"class.join.which.{option}"),
            key="class_join_carnet",
        )
    else:
        st.caption(t("class.join.new_carnet_note"))
        shell.page_link(shell.JOURNEY[0], label=t("class.join.resume_first"), icon=":material/key:")
    messages.show("join")
    left, right = st.columns(2)
    left.button(
        t("class.join.button"),
        type="primary",
        icon=":material/group_add:",
        on_click=_join,
        disabled=not found.is_open,
        key="class_join_button",
    )
    right.button(t("class.join.cancel"), on_click=_cancel_join, key="class_join_cancel")


# ------------------------------------------------------------------------------ member


def _save_consents(class_id: int) -> None:
    t = state.t()
    prefix = f"class_m{class_id}"
    token = state.token()
    if token is None:
        return
    try:
        service().update_consents(
            token,
            class_id,
            _consents_from(prefix),
            learner_name=st.session_state.get(f"{prefix}_learner_name", ""),
        )
    except ServiceError as problem:
        messages.error(problem, prefix)
        return
    memberships(refresh=True)
    messages.success(t("class.member.saved"), prefix)


def _leave(class_id: int) -> None:
    t = state.t()
    token = state.token()
    if token is None:
        return
    try:
        service().leave(token, class_id)
    except ServiceError as problem:
        messages.error(problem, f"class_m{class_id}")
        return
    for key in [k for k in st.session_state if str(k).startswith(f"class_m{class_id}_")]:
        del st.session_state[key]
    memberships(refresh=True)
    messages.success(t("class.member.left"), "class")


def membership_panel(membership: Membership) -> None:
    t = state.t()
    prefix = f"class_m{membership.class_id}"
    if f"{prefix}_learner_name" not in st.session_state and membership.learner_name:
        st.session_state[f"{prefix}_learner_name"] = membership.learner_name
    with st.container(border=True):
        st.subheader(t("class.member.title", name=escape_markdown(membership.class_name)))
        shown = membership.learner_name if membership.consents.name else membership.pseudonym
        st.write(t("class.member.shown_as", label=escape_markdown(shown)))
        st.write(t("class.member.what"))
        consent_boxes(prefix, membership.consents)
        messages.show(prefix)
        left, right = st.columns(2)
        _member_button(left, "save", _save_consents, membership, prefix, ":material/save:")
        sure = right.checkbox(t("class.member.leave_confirm"), key=f"{prefix}_leave_ok")
        _member_button(right, "leave", _leave, membership, prefix, ":material/logout:", not sure)


def _member_button(
    column: DeltaGenerator,
    name: str,
    action: Callable[[int], None],
    membership: Membership,
    prefix: str,
    icon: str,
    disabled: bool = False,
) -> None:
    """A button of the membership panel: labelled ``class.member.<name>``, ``action`` gets the
    class id."""
    column.button(
        state.t()(f"class.member.{name}"),
        on_click=action,
        args=(membership.class_id,),
        key=f"{prefix}_{name}",
        icon=icon,
        disabled=disabled,
    )


# ------------------------------------------------------------------------------ trainer


def _create() -> None:
    t = state.t()
    end = st.session_state.get("class_create_end")
    try:
        created = service().create_class(
            st.session_state.get("class_create_name", ""),
            territory=st.session_state.get("class_create_territory", ""),
            end_date=end,
        )
    except ServiceError as problem:
        messages.error(problem, "create")
        return
    st.session_state[CREATED] = {
        "code": created.info.code,
        "token": created.trainer_token,
        "name": created.info.name,
    }
    for key in ("class_create_name", "class_create_territory"):
        st.session_state[key] = ""
    messages.success(t("class.create.done"), "created")
    focus.request(focus.CLASS_CREATED)  # the code and links appear above the form


def create_form() -> None:
    t = state.t()
    st.subheader(t("class.create.title"))
    st.write(t("class.create.intro"))
    with st.form("class_create", border=True):
        st.text_input(
            t("class.create.name"),
            max_chars=150,
            placeholder=t("class.create.name_placeholder"),
            key="class_create_name",
        )
        st.text_input(
            t("class.create.territory"),
            max_chars=150,
            placeholder=t("class.create.territory_placeholder"),
            key="class_create_territory",
        )
        today = datetime.now(UTC).date()
        st.date_input(
            t("class.create.end"),
            value=None,
            min_value=today,
            max_value=today + timedelta(days=3 * 365),
            format="DD/MM/YYYY",
            help=t("class.create.end_help"),
            key="class_create_end",
        )
        st.form_submit_button(
            t("class.create.button"), type="primary", icon=":material/add:", on_click=_create
        )
    messages.show("create")


def qr_image(url: str, alt: str, size: int) -> None:
    png = qr_png(url, scale=QR_SCALE)
    # Our own PNG and a translated, escaped alt: no learner text.
    st.html(
        f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" width="{size}" '
        f'height="{size}" alt="{escape_html(alt)}">'
    )


def invite_panel(code: str, *, size: int = 420) -> None:
    """The join code, link and QR code, big enough for a room."""
    t = state.t()
    url = join_link(code)
    text, picture = st.columns([3, 2])
    with text:
        st.write(t("class.invite.code"))
        # A div (the projection mode sizes every <p>): the code alone, from the code alphabet.
        st.html(
            '<div class="class-code" style="font-size:4rem;font-weight:700;'
            'letter-spacing:0.15em;line-height:1.2;font-family:monospace">'
            f"{escape_html(classroom.format_code(code))}</div>"
        )
        st.write(t("class.invite.link"))
        st.code(url, language=None, wrap_lines=True)
    with picture:
        qr_image(url, t("class.invite.qr_alt"), size)


def _forget_created() -> None:
    st.session_state.pop(CREATED, None)


def created_panel(created: dict[str, str]) -> None:
    t = state.t()
    with focus.target(focus.CLASS_CREATED), st.container(border=True):
        messages.show("created")
        st.subheader(t("class.created.title", name=escape_markdown(created["name"])))
        invite_panel(created["code"], size=320)
        st.subheader(t("class.created.trainer_title"))
        st.warning(t("class.created.trainer_warning"), icon=":material/key:")
        st.code(board_link(created["token"]), language=None, wrap_lines=True)
        left, right = st.columns(2)
        left.link_button(
            t("class.created.open_board"), board_link(created["token"]), icon=":material/tv:"
        )
        right.button(t("class.created.done"), on_click=_forget_created, key="class_created_ok")


def class_page() -> None:
    """The « Classe » page: join screen, the learner's classes, join by code, create a class."""
    t = state.t()
    code = st.session_state.get(JOIN_CODE)
    if code:
        join_screen(code)
        return
    st.title(t("class.title"))
    st.write(t("class.intro"))
    with focus.target(focus.CLASS_JOINED):
        messages.show("class")
    created = st.session_state.get(CREATED)
    if created:
        created_panel(created)
    for membership in memberships(refresh=True):  # a class may have been deleted meanwhile
        membership_panel(membership)
    with st.container(border=True):
        st.subheader(t("class.code.title"))
        code_form("class")
    create_form()


# ------------------------------------------------------------------------------ board


def _set_open(token: str, is_open: bool) -> None:
    try:
        service().set_open(token, is_open, client())
    except ServiceError as problem:
        messages.error(problem, "board")


def _delete(token: str) -> None:
    t = state.t()
    try:
        service().delete_class(token, client())
    except ServiceError as problem:
        messages.error(problem, "board")
        return
    st.session_state["class:deleted"] = True
    messages.success(t("class.board.deleted"), "board")


def _spotlight(member_id: int, question: str) -> None:
    st.session_state[SPOTLIGHT] = (member_id, question)
    st.rerun()  # the button sits in the live fragment: the whole page changes, not only it


def _end_spotlight() -> None:
    st.session_state.pop(SPOTLIGHT, None)


def board_page() -> None:
    t = state.t()
    token = st.query_params.get("formateur") or ""
    if st.session_state.get("class:deleted"):
        messages.show("board")
        # The board's navigation holds the board alone: a plain link to the app's home.
        st.link_button(t("nav.accueil"), links.app_base(st.context.url), icon=":material/home:")
        return
    try:
        info = service().open_board(token, client())
    except ServiceError as problem:
        st.error(messages.text_of(problem), icon=":material/lock:")
        st.link_button(t("nav.accueil"), links.app_base(st.context.url), icon=":material/home:")
        return
    large = st.session_state.setdefault(LARGE, True)
    shell.set_page_language(state.language())
    if large:
        st.html(shell.PROJECTION_CSS)  # fixed CSS, no learner text
    if st.session_state.get(SPOTLIGHT):
        spotlight(token)
        return
    board_header(token, info)
    live_board(token)


def board_header(token: str, info: ClassInfo) -> None:
    t = state.t()
    st.title(t("class.board.title", name=escape_markdown(info.name)))
    if info.territory:
        st.caption(escape_markdown(info.territory))
    messages.show("board")
    st.toggle(t("class.board.large"), key=LARGE, help=t("class.board.large_help"))
    status = t("class.board.open") if info.is_open else t("class.board.closed")
    st.write(status)
    with st.expander(t("class.board.invite"), expanded=info.is_open):
        invite_panel(info.code)
    with st.expander(t("class.board.manage")):
        left, middle, right = st.columns(3)
        left.button(
            t("class.board.close") if info.is_open else t("class.board.reopen"),
            on_click=_set_open,
            args=(token, not info.is_open),
            key="class_board_open",
            icon=":material/lock:" if info.is_open else ":material/lock_open:",
        )
        with middle:
            exports(token)
        with right:
            sure = st.checkbox(t("class.board.delete_confirm"), key="class_board_delete_ok")
            st.button(
                t("class.board.delete"),
                on_click=_delete,
                args=(token,),
                disabled=not sure,
                key="class_board_delete",
                icon=":material/delete:",
            )


def exports(token: str) -> None:
    t = state.t()
    svc, who, lang = service(), client(), state.language()
    for kind, file_name, mime in EXPORTS:
        st.download_button(
            t(f"class.export.{kind}"),
            # Made by the server thread on click: only values captured here, no session state.
            data=partial(svc.export, token, who, kind, lang),
            file_name=file_name,
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
            key=f"class_export_{kind}",
        )


@st.fragment(run_every=REFRESH_SECONDS)
def live_board(token: str) -> None:
    """The part that changes: redrawn every few seconds, alone (the rest of the page stays)."""
    t = state.t()
    try:
        info, board = service().board(token, client())
    except ServiceError as problem:
        st.error(messages.text_of(problem))
        return
    st.caption(t("class.board.live", seconds=REFRESH_SECONDS))
    learners_section(board)
    map_section(board)
    alliances_section(board)
    answers_section(board)
    proposals_section(token, service().proposals_of(info.id))


def _category_labels() -> dict[str, str]:
    t = state.t()
    return {c.id: c.label for c in category_infos(load_categories(), t, short=True)}


def learners_section(board: Board) -> None:
    t = state.t()
    st.header(t("class.board.learners", count=board.learners))
    if not board.views:
        st.info(t("class.board.nobody"), icon=":material/hourglass_empty:")
        return
    steps = [step.id for step in progress.steps(None)]
    rows = []
    for view in board.views:
        done = {s.id: s.done for s in view.progress} if view.progress else None
        row = {t("class.col.learner"): view.label}
        for step in steps:
            row[t(f"nav.{step}")] = (
                t("class.not_shared")
                if done is None
                else (t("class.done") if done[step] else t("class.todo"))
            )
        row[t("class.col.actors")] = (
            str(len(view.actors)) if view.actors is not None else t("class.not_shared")
        )
        row[t("class.col.alliance")] = (
            view.alliance.name
            if view.alliance
            else (t("class.none_yet") if view.shared("alliance") else t("class.not_shared"))
        )
        rows.append(row)
    data_table(pa.Table.from_pylist(rows))


def _map_frame(board: Board) -> tuple[float, float, int]:
    """Where the class map looks: framed on the first shared points this session sees, then
    kept (a new centre would rebuild the map on every refresh; the trainer pans and zooms)."""
    frame = st.session_state.get(MAP_FRAME)
    if frame is None:
        located = [
            (item.actor.lat, item.actor.lon)
            for item in board.actors
            if item.actor.lat is not None and item.actor.lon is not None
        ]
        if not located:
            return classroom.FRANCE
        frame = classroom.map_view(located)
        st.session_state[MAP_FRAME] = frame
    return frame


def map_section(board: Board) -> None:
    t = state.t()
    labels = _category_labels()
    st.header(t("class.board.actors_title", count=len(board.actors)))
    lat, lon, zoom = _map_frame(board)
    territory_map(
        center=(lat, lon),
        zoom=zoom,
        # The shared actors themselves: public fields only (the map reads id, name,
        # category, position, commune, website: ``adapters.mapping.MAP_FIELDS``).
        actors=[item.actor for item in board.actors],  # type: ignore[misc]
        styles=resources.category_styles(state.language()),
        key=MAP_KEY,
        height=560,
        labels=resources.map_labels(t),
        cluster=True,
    )
    by_category, by_departement = st.columns(2)
    with by_category:
        st.subheader(t("class.board.by_category"))
        data_table(
            pa.Table.from_pylist(
                [
                    {t("class.col.category"): labels.get(c, c), t("class.col.count"): n}
                    for c, n in board.by_category
                ]
            ),
        )
    with by_departement:
        st.subheader(t("class.board.by_departement"))
        data_table(
            pa.Table.from_pylist(
                [
                    {t("class.col.departement"): f"{name} ({code})", t("class.col.count"): n}
                    for code, name, n in board.by_departement
                ]
            ),
        )
    st.subheader(t("class.board.gaps_title"))
    if board.missing_everywhere:
        names = ", ".join(labels.get(c, c) for c in board.missing_everywhere)
        st.write(t("class.board.missing_everywhere") + " " + escape_markdown(names))
    for gap in board.gaps:
        st.write(
            "- "
            + escape_markdown(
                t(
                    "class.board.gap_line",
                    departement=gap.departement,
                    code=gap.departement_code,
                    missing=", ".join(labels.get(c, c) for c in gap.missing),
                )
            )
        )
    with st.expander(t("class.board.actors_table")):
        data_table(
            pa.Table.from_pylist(
                [
                    {
                        t("class.col.number"): item.number,
                        t("class.col.actor"): item.actor.name,
                        t("class.col.category"): labels.get(item.actor.category),
                        t("class.col.commune"): item.actor.commune,
                        t("class.col.learner"): item.learner,
                    }
                    for item in board.actors
                ]
            ),
        )


def alliances_section(board: Board) -> None:
    t = state.t()
    st.header(t("class.board.alliances_title"))
    if not board.alliances:
        st.write(t("class.board.no_alliances"))
        return
    chart, table = st.tabs([t("class.board.chart"), t("class.board.table")])
    with chart:
        figures.show(
            alliances_figure(board.alliances, axis_title=t("class.col.learners")),
            key="class_alliances_chart",
        )
    with table:
        data_table(
            pa.Table.from_pylist(
                [
                    {t("class.col.alliance"): name, t("class.col.learners"): n}
                    for name, n in board.alliances
                ]
            ),
        )


def answers_section(board: Board) -> None:
    t = state.t()
    st.header(t("class.board.answers_title"))
    for question in QUESTIONS:
        answers = board.answers.get(question, ())
        st.subheader(t(f"summary.question.{question}"))
        if not answers:
            st.write(t("class.board.no_answers"))
            continue
        for answer in answers:
            with st.container(border=True, key=f"class_answer_{answer.member_id}_{question}"):
                st.markdown(escape_markdown(answer.text))
                who = answer.learner or t("class.anonymous")
                st.caption("— " + escape_markdown(who))
                st.button(
                    t("class.board.project"),
                    on_click=_spotlight,
                    args=(answer.member_id, question),
                    key=f"class_spot_{answer.member_id}_{question}",
                    icon=":material/fit_screen:",
                )


def _preapprove(token: str, proposal_id: int, approve: bool) -> None:
    t = state.t()
    try:
        service().preapprove(token, proposal_id, approve, client())
    except ServiceError as problem:
        messages.error(problem, "proposals")
        return
    done = "class.proposal.preapproved" if approve else "class.proposal.undone"
    messages.success(t(done), "proposals")


def proposals_section(token: str, proposals: Sequence[ClassProposal]) -> None:
    """« Propositions à l'annuaire »: the proposals of the learners who share their actors'
    public fields (``domain.classroom.class_proposals``), each pending one with « Pré-approuver
    pour les modérateurs » (or its undo)."""
    t = state.t()
    labels = _category_labels()
    st.header(t("class.proposals.title", count=len(proposals)))
    st.caption(t("class.proposals.intro"))
    messages.show("proposals")
    if not proposals:
        st.write(t("class.proposals.none"))
        return
    for proposal in proposals:
        with st.container(border=True, key=f"class_proposal_{proposal.id}"):
            st.markdown(
                t(
                    "class.proposal.line",
                    name=escape_markdown(proposal.name),
                    category=escape_markdown(labels.get(proposal.category, proposal.category)),
                    place=escape_markdown(proposal.place),
                )
            )
            status = t(f"class.proposal.status.{proposal.status}")
            if proposal.preapproved:
                status += " — " + t(f"class.proposal.preapproved_{proposal.preapproved}")
            st.caption(
                t("class.proposal.by", learner=escape_markdown(proposal.learner), status=status)
            )
            if proposal.can_preapprove or proposal.can_undo:
                approve = proposal.can_preapprove
                st.button(
                    t("class.proposal.preapprove" if approve else "class.proposal.undo"),
                    on_click=_preapprove,
                    args=(token, proposal.id, approve),
                    key=f"class_preapprove_{proposal.id}",
                    icon=":material/verified:" if approve else ":material/undo:",
                )


def spotlight(token: str) -> None:
    """One answer, full screen, in very large type (« Projeter cette réponse »)."""
    t = state.t()
    member_id, question = st.session_state[SPOTLIGHT]
    try:
        _, board = service().board(token, client())
    except ServiceError as problem:
        st.error(messages.text_of(problem))
        return
    answer = next((a for a in board.answers.get(question, ()) if a.member_id == member_id), None)
    st.button(
        t("class.board.spotlight_close"),
        on_click=_end_spotlight,
        key="class_spot_close",
        icon=":material/close_fullscreen:",
    )
    st.header(t(f"summary.question.{question}"))
    if answer is None:
        st.info(t("class.board.spotlight_gone"))
        return
    paragraphs = "".join(
        f"<p>{escape_html(line)}</p>" for line in answer.text.splitlines() if line.strip()
    )
    who = escape_html(answer.learner or t("class.anonymous"))
    st.html(
        SPOTLIGHT_CSS + f'<div class="class-spotlight">{paragraphs}<p class="who">— {who}</p></div>'
    )
