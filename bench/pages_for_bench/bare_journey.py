"""Reference for the load test: the app's pages (same url paths, same navigation) and the
widgets a learner uses on the journey, with the same labels, and nothing else: no storage, no
carnet, no map, no business rule. What one Streamlit session costs the server anyway.

    streamlit run bench/pages_for_bench/bare_journey.py
"""

import secrets
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from components.runtime import tune_interpreter  # noqa: E402
from domain.i18n import Translator  # noqa: E402  (the labels, so that they are the app's)

tune_interpreter()  # the same process settings as the app: like for like

t = Translator("fr")


def new_carnet() -> None:
    st.session_state["token"] = secrets.token_urlsafe(32)
    st.query_params["carnet"] = st.session_state["token"]


def accueil() -> None:
    st.title(t("home.title"))
    st.button(t("home.new"), type="primary", on_click=new_carnet)
    st.text_input(t("home.resume_label"))


def projet() -> None:
    st.title(t("project.title"))
    st.text_input(t("project.name"), key="name")
    st.text_area(t("project.description"), key="description")


def alliance() -> None:
    st.title(t("alliance.title"))
    for number in range(11):  # the catalogue's 11 alliances, one card each
        with st.container(border=True):
            st.subheader(f"Alliance {number + 1}")
            st.button(t("alliance.choose"), key=f"choose_{number}")


def analyse() -> None:
    st.title(t("analyse.title"))
    for question in ("vision", "expertise", "interest"):
        st.text_area(t(f"analyse.q.{question}.label"), key=f"answer_{question}")


@st.fragment
def add_panel() -> None:
    st.text_input(t("field.name"), key="actor_name")
    st.selectbox(t("field.category"), ["CRESS", "PTCE", "Incubateur"], index=None)
    options = [t(f"actors.add.where.{o}") for o in ("search", "map", "coords", "later")]
    where = st.radio(t("actors.add.where"), options)
    if where == options[2]:
        st.text_input(t("field.lat"), max_chars=40)
        st.text_input(t("field.lon"), max_chars=40)
    if st.button(t("actors.add.button"), type="primary"):
        st.session_state.setdefault("actors", []).append(st.session_state.get("actor_name"))
    st.write(st.session_state.get("actors", []))


def acteurs() -> None:
    st.title(t("actors.title"))
    add_panel()


def synthese() -> None:
    st.title(t("synthese.title"))


def donnees() -> None:
    st.title(t("privacy.title"))


pages = [
    st.Page(accueil, title=t("nav.accueil"), url_path="accueil", default=True),
    st.Page(projet, title=t("nav.projet"), url_path="projet"),
    st.Page(acteurs, title=t("nav.acteurs"), url_path="acteurs"),
    st.Page(alliance, title=t("nav.alliance"), url_path="alliance"),
    st.Page(analyse, title=t("nav.analyse"), url_path="analyse"),
    st.Page(synthese, title=t("nav.synthese"), url_path="synthese"),
    st.Page(donnees, title=t("nav.donnees"), url_path="donnees"),
]
st.navigation(pages).run()
