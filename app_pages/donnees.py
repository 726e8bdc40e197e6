"""Données personnelles: what the app stores, where, who sees it, for how long, how to delete."""

import streamlit as st

from components import messages, privacy, shell, state
from services import privacy as privacy_rules
from services.errors import ServiceError

t = state.t()
st.title(t("privacy.title"))
privacy.link_notice()  # after « Supprimer mon carnet » below: what became of it
st.write(t("privacy.intro"))
try:
    days = privacy_rules.retention().carnet_days
except ServiceError as problem:
    messages.error(problem)
    messages.show()
    days = privacy_rules.DEFAULT_RETENTION_DAYS

for section in ("what", "where", "who", "how_long", "delete_how"):
    st.subheader(t(f"privacy.{section}_title"))
    st.markdown(t(f"privacy.{section}_body", days=days))

if state.current() is not None:
    privacy.delete_section()
else:
    shell.page_link(shell.JOURNEY[0], label=t("nav.accueil"), icon=shell.JOURNEY[0].icon)
