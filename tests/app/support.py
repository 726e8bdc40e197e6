"""Journey steps for the AppTest page tests (the fixtures are in ``conftest.py``)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components import state
from components.shell import JOURNEY, SHARE_PAGE
from domain.i18n import Translator


def tr(at: AppTest, key: str, **values) -> str:
    """The interface text ``key`` in the session's language."""
    return Translator(at.session_state[state.LANG])(key, **values)


def click(at: AppTest, label: str) -> AppTest:
    """Click the button with this label (buttons, form submits) and rerun."""
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0].click().run()


def new_carnet(at: AppTest) -> str:
    """Click « Nouveau carnet » on the home page (the app has run); returns the token."""
    click(at, tr(at, "home.new"))
    assert not at.exception, at.exception
    token = at.session_state[state.TOKEN]
    assert token
    return token


def start_carnet(at: AppTest) -> str:
    """Run the app, then ``new_carnet``."""
    at.run()
    assert not at.exception, at.exception
    return new_carnet(at)


def open_example(at: AppTest) -> str:
    click(at, tr(at, "home.example_button"))
    return at.session_state[state.TOKEN]


def carnet_of(at: AppTest):
    return at.session_state[state.CARNET]


def nav_titles(at: AppTest) -> list[str]:
    """The sidebar navigation's page titles, in order, as the last run registered them.

    (AppTest has no public view of ``st.navigation``: this reads its registry of pages.) The
    share page is routable but hidden from the navigation: it is left out.
    """
    return [
        info["page_name"]
        for info in at._registered_pages.values()
        if info["url_pathname"] != SHARE_PAGE.id
    ]


def page_file(page_id: str) -> str:
    """The page's file as the navigation knows it (``components.shell.JOURNEY``)."""
    return next(spec.file for spec in JOURNEY if spec.id == page_id)


def open_page(at: AppTest, page_id: str) -> AppTest:
    """Switch to a page of the journey by its id (« acteurs ») and run it."""
    at.switch_page(page_file(page_id)).run()
    assert not at.exception, at.exception
    return at


def set_territory(at: AppTest, query: str = "Charenton-le-Pont") -> AppTest:
    """Choose the first commune found for ``query`` on « Mon projet »."""
    open_page(at, "projet")
    at.text_input(key="territory_query").input(query).run()
    assert not at.exception, at.exception
    next(b for b in at.button if b.label == tr(at, "project.choose")).click().run()
    assert not at.exception, at.exception
    return at


def open_analyse_part(at: AppTest, part: str) -> AppTest:
    """Open a tab of « Analyse » (``members``, ``network``, ``questions``, ``tags``: only the
    open one is drawn) and rerun."""
    at.session_state["analyse_part"] = tr(at, f"analyse.part.{part}")
    return at.run()


def open_members_view(at: AppTest, view: str) -> AppTest:
    """Open a tab of the members (``list``, ``edit``: the table editor, ``form``), and rerun."""
    at.session_state["members_view"] = tr(at, f"analyse.members_{view}")
    return at.run()


def open_member_form(at: AppTest, is_open: bool = True) -> AppTest:
    """Open the member form's tab (or go back to the list), and rerun."""
    return open_members_view(at, "form" if is_open else "list")


ACTORS_PARTS = {
    "guide": "actors.guide.title",
    "suggestions": "directory.suggestions_title",
    "propose": "directory.propose_title",
}


def open_actors_part(at: AppTest, part: str) -> AppTest:
    """Open a tab under the actors' table of « Acteurs » (``guide``, ``suggestions``,
    ``propose``: only the open one is drawn) and rerun."""
    at.session_state["actors_part"] = tr(at, ACTORS_PARTS[part])
    return at.run()
