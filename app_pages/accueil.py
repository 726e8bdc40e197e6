"""Accueil: what the activity is; start, resume, import or open the worked example."""

import streamlit as st

from components import classroom, messages, privacy, shell, state
from components.sections import titled_text
from components.sharing import share_panel
from components.uploader import file_uploader
from domain import links
from domain.carnet_io import MAX_IMPORT_BYTES
from domain.models import Carnet
from domain.progress import OPTIONAL_STEPS
from domain.text import escape_markdown
from services import carnets

t = state.t()
st.title(t("home.title"))
# The subtitle in small grey type (as a caption) and the introduction: one Markdown block.
st.markdown(f":gray[:small[{t('home.subtitle')}]]\n\n{t('home.intro')}")

privacy.link_notice()  # a link followed to a deleted carnet, or to none
messages.show("home")

carnet = state.current()
if carnet is not None:
    with st.container(border=True):
        page_ids = tuple(spec.id for spec in shell.JOURNEY)
        private = links.private_link(st.context.url, state.token() or "", page_ids)
        # The title and the saving note (and, off projection, the link's label): one block.
        saving = t("home.saving_note")
        if shell.projection_on():
            titled_text(t("home.open_title"), saving)
            # A projected screen is seen by the whole room: the link that edits the carnet
            # stays hidden until asked for; the read-only share link and its QR code are shown.
            st.info(t("home.projection_private"), icon=":material/visibility_off:")
            if st.toggle(t("home.projection_show"), key="home_show_private"):
                st.code(private, language=None, wrap_lines=True)
        else:
            titled_text(t("home.open_title"), saving, t("home.link_label"))
            st.code(private, language=None, wrap_lines=True)
        st.warning(t("home.link_warning"), icon=":material/key:")
        # Side by side in ONE row container (not two columns: every block is an element).
        with st.container(horizontal=True, gap="large", vertical_alignment="center"):
            shell.page_link(
                shell.JOURNEY[1],
                label=t("home.continue", step=t("nav.projet")),
                icon=":material/arrow_forward:",
                query_params=shell.link_params(),
            )
            st.button(t("home.close"), help=t("home.close_help"), on_click=state.close)
        privacy.delete_section()

# The steps as the sidebar numbers them (components.shell.JOURNEY, home page left out); an
# optional step (« Parties prenantes ») is counted and said to be optional, as in the sidebar.
steps = [(number, spec.id) for number, spec in enumerate(shell.JOURNEY) if spec.id != "accueil"]
if carnet is not None and shell.projection_on():
    share_panel()


def _step_label(page: str) -> str:
    name = f"**{t(f'nav.{page}')}**"
    return f"{name} ({t('nav.optional')})" if page in OPTIONAL_STEPS else name


# The steps, then the heading of « Commencer ou reprendre » below them: one Markdown block.
titled_text(
    t("home.steps_title", count=len(steps)),
    "\n".join(
        f"{number}. "
        + t("summary.label_value", label=_step_label(page), value=t(f"home.step.{page}"))
        for number, page in steps
    ),
    f"### {t('home.begin_title')}",
)

CONFIRM_NEW = "home_confirm_new"


def _ask_new() -> None:
    st.session_state[CONFIRM_NEW] = True


def _cancel_new() -> None:
    st.session_state.pop(CONFIRM_NEW, None)


def _start_new() -> None:
    st.session_state.pop(CONFIRM_NEW, None)
    state.show_link(carnets.create(state.session(), state.language()))


# Start a new carnet or resume one (its heading ends the steps' block): the button and the
# link's form side by side in ONE row container (not two columns under two headings: every
# element costs on every rerun).
asking = st.session_state.get(CONFIRM_NEW) and carnet is not None


def resume_from_link() -> None:
    if not state.open_token(st.session_state["resume_link"]):
        st.session_state["carnet_not_found"] = True


with st.container(horizontal=True, gap="large", vertical_alignment="top"):
    st.button(
        t("home.new"),
        help=t("home.new_help"),
        type="primary",
        icon=":material/add:",
        # With a carnet open, ask first: its private link is the only way back to it.
        on_click=_start_new if carnet is None else _ask_new,
        disabled=bool(asking),
        key="home_new",
    )
    with st.form("resume", border=False):
        st.text_input(
            t("home.resume_label"), placeholder=t("home.resume_placeholder"), key="resume_link"
        )
        st.form_submit_button(t("home.resume_button"), on_click=resume_from_link)
if asking:
    with st.container(border=True):
        st.warning(t("home.new_confirm"), icon=":material/key:")
        yes, no = st.columns(2)
        yes.button(t("home.new_confirm_yes"), on_click=_start_new, key="home_new_yes")
        no.button(t("home.new_confirm_no"), on_click=_cancel_new, key="home_new_no")

# A titled section as the one above (no frame: one element less).
titled_text(t("home.example_title"), t("home.example_body"))
st.button(
    t("home.example_button"),
    icon=":material/menu_book:",
    on_click=lambda: state.show_link(carnets.open_example(state.session(), state.language())),
)

# The folded sections after the page's main actions: join a class; import, save a copy.
classroom.home_section()


IMPORT_OPEN = "home_import_open"  # the section's open / closed state (a widget's key)


def import_carnet() -> None:
    upload = st.session_state.get("carnet_upload")
    st.session_state[IMPORT_OPEN] = True  # its message shows in the section: keep it open
    data = upload.getvalue() if upload else b""
    try:
        state.show_link(carnets.import_json(state.session(), data))
    except carnets.ImportRefused as problem:
        details = tuple(escape_markdown(line) for line in problem.details(t))
        messages.error(problem, "home_import", details=details)
    else:
        messages.success(t("import.done"), "home_import", icon=":material/check:")


# ONE section for the carnet's JSON file: import one, and (a carnet open) save a copy of it
# (two sections were two widgets on every rerun). The server keeps its state (on_change=
# "rerun"): it stays as the learner left it through the reruns of an import error and of
# choosing another file (a changing `expanded=` would fold it), and is closed again on a later
# visit to this page (the state of a widget not drawn is dropped). Its content is drawn only
# when open (a closed section sends nothing but its label).
file_section = st.expander(
    t("import.title") if carnet is None else t("home.file_title"),
    key=IMPORT_OPEN,
    on_change="rerun",
)
if file_section.open:
    with file_section:
        if carnet is not None:
            st.markdown(f"**{t('import.title')}**")
        # No type= filter: Streamlit would refuse a wrong file in English; the import explains in
        # the learner's language what is wrong with it.
        file_uploader(
            t("import.title"),
            key="carnet_upload",
            label_visibility="collapsed",
            instructions=t(
                "upload.instructions",
                what=t("import.help"),
                kind="JSON",
                max_mb=MAX_IMPORT_BYTES // (1024 * 1024),
            ),
        )
        st.button(t("import.button"), on_click=import_carnet, key="import_button")
        messages.show("home_import")
        if carnet is not None:
            opened: Carnet = carnet
            st.markdown(f"**{t('home.export_title')}**")
            include_private = st.checkbox(t("home.export_private"), key="home_export_private")
            st.download_button(
                t("home.export_button"),
                data=lambda: carnets.export_json(opened, include_private=include_private),
                file_name=f"{t('synthese.file.carnet')}.json",
                mime="application/json",
                on_click="ignore",
                icon=":material/download:",
            )
