"""The read-only share view: the summary of a carnet opened with ?share=<token>; no edit control."""

import streamlit as st

from adapters.exports.pdf import summary_pdf
from components import messages, shell, state
from components.summary_view import fresh_summary, show_summary, summary_of
from domain import links
from domain.i18n import LANGUAGES
from services import carnets
from services.errors import NotFound

t = state.t()
share_token = st.query_params.get("share", "")
try:
    # Reloaded only when its owner has saved since (a version check is cheap).
    shared = carnets.read_shared(state.store(), share_token, st.session_state.get("shared_carnet"))
except NotFound as problem:
    st.session_state.pop("shared_carnet", None)
    st.title(t("partage.title"))
    messages.error(problem)
    messages.show()
    st.stop()
st.session_state["shared_carnet"] = shared

# The reader's language: the carnet's by default, switchable here (the page has no sidebar).
lang = st.session_state.get("share_lang") or shared.carnet.language
shell.set_page_language(lang)
summary, summary_t = summary_of(shared.carnet, lang=lang)
st.segmented_control(
    summary_t("app.language"),
    options=list(LANGUAGES),
    format_func=lambda code: summary_t(f"lang.{code}"),
    default=lang,
    key="share_lang",
)
st.title(summary_t("partage.title"))
st.caption(summary_t("partage.readonly"))
pdf, own = st.columns(2)
carnet = shared.carnet
pdf.download_button(
    summary_t("partage.print"),
    data=lambda: summary_pdf(*fresh_summary(carnet, lang=lang)),
    file_name=f"{summary_t('synthese.file.carnet')}.pdf",
    mime="application/pdf",
    on_click="ignore",
    icon=":material/print:",
    help=summary_t("partage.print_help"),
    key="share_pdf",
)
own.link_button(
    summary_t("partage.start_own"),
    url=links.app_base(st.context.url, (shell.SHARE_PAGE.id,)),
    icon=":material/add:",
)
show_summary(shared.carnet, summary, summary_t, map_key="shared_map")
