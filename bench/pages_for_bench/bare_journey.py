"""Reference for the load test: the app's pages (same url paths, same navigation) and the
widgets a learner uses on the journey, with the same labels, and nothing else: no storage, no
carnet, no map, no business rule. What one Streamlit session costs the server anyway.

    streamlit run bench/pages_for_bench/bare_journey.py

With ``bench_load.py --board``: the « Classe » page's join widgets (same labels: the code's
form, the five choices, the name, « Rejoindre la classe ») and, for ``?formateur=...``, a
watcher page whose fragment reruns every ``REFRESH_SECONDS`` like the class board's.
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
    # The app's four tabs (same labels), each drawn only when open: the answers in the third.
    parts = [t(f"analyse.part.{part}") for part in ("members", "network", "questions", "tags")]
    tabs = st.tabs(parts, key="analyse_part", on_change="rerun")
    if tabs[2].open:
        with tabs[2]:
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


def _find_class() -> None:
    st.session_state["joining"] = True


def _join_class() -> None:
    st.session_state["joined"] = True
    st.session_state["joining"] = False


def classe() -> None:
    if st.session_state.get("joining"):
        st.title(t("class.join.title", name="Classe"))
        st.write(t("class.join.intro"))
        for family in ("progress", "actors", "alliance", "answers", "name"):
            st.checkbox(t(f"class.family.{family}"), key=f"class_join_{family}")
        if st.session_state.get("class_join_name"):
            st.text_input(t("class.name.label"), key="class_join_learner_name")
        st.radio(t("class.join.which"), ["open", "new"])
        st.button(t("class.join.button"), type="primary", on_click=_join_class)
        return
    st.title(t("class.title"))
    if st.session_state.get("joined"):
        st.success(t("class.member.saved"))
    with st.form("class_code"):
        st.text_input(t("class.code.label"), max_chars=12)
        st.form_submit_button(t("class.code.button"), on_click=_find_class)


REFRESH_SECONDS = 4  # components.classroom.REFRESH_SECONDS (bench_load checks they agree)


@st.fragment(run_every=REFRESH_SECONDS)
def watched() -> None:
    st.caption(t("class.board.live", seconds=REFRESH_SECONDS))
    st.header(t("class.board.learners", count=0))
    refreshes = st.session_state.get("refreshes", 0) + 1
    st.session_state["refreshes"] = refreshes
    st.write(refreshes)


def tableau() -> None:
    st.title(t("class.board.nav"))
    watched()


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
if st.query_params.get("formateur"):
    board = [st.Page(tableau, title=t("class.board.nav"), url_path="classe")]
    st.navigation(board, position="hidden").run()
else:
    pages.append(st.Page(classe, title=t("nav.classe"), url_path="classe"))
    st.navigation(pages).run()
