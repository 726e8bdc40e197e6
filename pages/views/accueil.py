"""Accueil: what the activity is; start, resume, import or open the worked example."""

import streamlit as st

from components import classroom, messages, privacy, shell, state
from domain import links
from domain.models import Carnet
from domain.text import escape_markdown
from services import carnets

t = state.t()
st.title(t("home.title"))
st.caption(t("home.subtitle"))
st.write(t("home.intro"))

privacy.link_notice()  # a link followed to a deleted carnet, or to none
messages.show("home")

carnet = state.current()
if carnet is not None:
    with st.container(border=True):
        st.subheader(t("home.open_title"))
        st.write(t("home.link_label"))
        page_ids = tuple(spec.id for spec in shell.JOURNEY)
        st.code(
            links.private_link(st.context.url, state.token() or "", page_ids),
            language=None,
            wrap_lines=True,
        )
        st.warning(t("home.link_warning"), icon=":material/key:")
        st.caption(t("home.saving_note"))
        left, right = st.columns(2)
        with left:
            st.page_link(
                shell.JOURNEY[1].file,
                label=t("home.continue", step=t("nav.projet")),
                icon=":material/arrow_forward:",
                query_params=shell.link_params(),
            )
        with right:
            st.button(t("home.close"), help=t("home.close_help"), on_click=state.close)
        privacy.delete_section()

home_steps = ("step0", "step1", "step2", "step3", "step4")  # after « Mon projet », in order
st.subheader(t("home.steps_title", count=len(home_steps)))
st.markdown("\n".join(f"{n}. {t(f'home.{key}')}" for n, key in enumerate(home_steps, start=1)))

start, resume = st.columns(2)
with start:
    st.subheader(t("home.start_title"))
    st.button(
        t("home.new"),
        help=t("home.new_help"),
        type="primary",
        icon=":material/add:",
        on_click=lambda: state.show_link(carnets.create(state.session(), state.language())),
    )
with resume:
    st.subheader(t("home.resume_title"))

    def resume_from_link() -> None:
        if not state.open_token(st.session_state["resume_link"]):
            st.session_state["carnet_not_found"] = True

    with st.form("resume", border=False):
        st.text_input(
            t("home.resume_label"), placeholder=t("home.resume_placeholder"), key="resume_link"
        )
        st.form_submit_button(t("home.resume_button"), on_click=resume_from_link)

classroom.home_section()

with st.container(border=True):
    st.subheader(t("home.example_title"))
    st.write(t("home.example_body"))
    st.button(
        t("home.example_button"),
        icon=":material/menu_book:",
        on_click=lambda: state.show_link(carnets.open_example(state.session(), state.language())),
    )


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


# The server keeps the section's state (on_change="rerun"): it stays as the learner left it
# through the reruns of an import error and of choosing another file (a changing `expanded=`
# would fold it), and is closed again on a later visit to this page (the state of a widget not
# drawn is dropped).
with st.expander(t("import.title"), key=IMPORT_OPEN, on_change="rerun"):
    # No type= filter: Streamlit would refuse a wrong file in English; the import explains in
    # the learner's language what is wrong with it.
    st.file_uploader(
        t("import.title"), help=t("import.help"), label_visibility="collapsed", key="carnet_upload"
    )
    st.button(t("import.button"), on_click=import_carnet, key="import_button")
    messages.show("home_import")

if carnet is not None:
    opened: Carnet = carnet
    with st.expander(t("home.export_title")):
        include_private = st.checkbox(t("home.export_private"), key="home_export_private")
        st.download_button(
            t("home.export_button"),
            data=lambda: carnets.export_json(opened, include_private=include_private),
            file_name="carnet-alliances.json",
            mime="application/json",
            on_click="ignore",
            icon=":material/download:",
        )
