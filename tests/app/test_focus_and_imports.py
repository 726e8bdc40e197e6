"""AppTest: where the keyboard focus goes after the actions whose button a rerun removes
(``components/focus.py``: each action schedules the move once, for the next run only), the
« Importer un carnet » section that stays open while the learner works in it, and the CSV
import report that shows every reason in full."""

from __future__ import annotations

import json

import pytest

from components import focus, state
from components.actor_import import import_report
from components.sharing import MANAGE_OPEN
from domain.i18n import Translator
from domain.text import escape_markdown
from tests.app.support import (
    carnet_of,
    click,
    new_carnet,
    open_example,
    open_page,
    set_territory,
    start_carnet,
    tr,
)

FR = Translator("fr")
# Rows 2 and 5: a remark; row 3: learner text to escape and a warning; row 4: rejected.
CSV = (
    "nom;catégorie;commune;code postal\n"
    "CRESS Île-de-France;CRESS;Paris;75001\n"
    "Pôle *ESS* [x](http://e.org);PTCE;Saint-Quelque-Part-sur-Loire;\n"
    ";Boulangerie;Paris;\n"
    "Fondation du Pays;Fondation territoriale;;\n"
).encode()


def focus_moves(at) -> list[str]:
    """The focus targets the last run's scripts point at (``components.focus``)."""
    moves = []
    for element in at.get("html"):
        if focus.MARKER in element.value:
            moves.extend(
                name
                for name in focus.TARGETS
                if json.dumps(".st-key-" + focus.container_key(name)) in element.value
            )
    return moves


def moves_once(at, name: str) -> None:
    """The run after the action focuses ``name``; the next run moves nothing."""
    assert not at.exception, at.exception
    assert focus_moves(at) == [name]
    assert focus.PENDING not in at.session_state
    at.run()
    assert not at.exception, at.exception
    assert focus_moves(at) == []


# ------------------------------------------------------------------------------------ focus


def test_the_focus_script_is_fixed_and_holds_no_learner_text():
    script = focus.focus_script(focus.SHARE_LINK)
    assert '".st-key-focus_share_link"' in script
    assert json.dumps(focus.TARGETS[focus.SHARE_LINK]) in script
    assert focus.focus_script(focus.TERRITORY) != script
    with pytest.raises(ValueError):
        focus.focus_script("</script><script>alert(1)")
    with pytest.raises(ValueError):
        focus.request("nowhere")


def test_choosing_the_territory_moves_the_focus_once(app_test):
    at = app_test()
    start_carnet(at)
    open_page(at, "projet")
    assert focus_moves(at) == []
    set_territory(at)
    moves_once(at, focus.TERRITORY)


def test_importing_actors_moves_the_focus_once(app_test):
    at = app_test()
    start_carnet(at)
    open_page(at, "acteurs")
    at.radio(key="actors_panel").set_value("import").run()
    at.file_uploader[0].set_value(("acteurs.csv", CSV, "text/csv"))
    at.run()
    assert focus_moves(at) == []
    click(at, FR("actors.import.confirm", count=3))
    assert FR("actors.import.done", count=3) in [s.value for s in at.success]
    moves_once(at, focus.ACTORS_IMPORT)
    # « Annuler l’import » removes its button too.
    at.file_uploader[0].set_value(("acteurs.csv", CSV, "text/csv"))
    at.run()
    click(at, FR("actors.import.cancel"))
    moves_once(at, focus.ACTORS_IMPORT)


def test_choosing_an_alliance_moves_the_focus_once(make_app):
    at = make_app()
    new_carnet(at)
    open_page(at, "alliance")
    at.button(key="choose_tzcld_pipriac").click().run()
    assert at.session_state["carnet"].alliance.catalogue_id == "tzcld_pipriac"
    moves_once(at, focus.ALLIANCE)


def test_creating_a_share_link_moves_the_focus_once(make_app):
    at = make_app()
    open_example(at)
    open_page(at, "synthese")
    at.button(key="share_create").click().run()
    assert at.session_state["carnet_share_token"]
    moves_once(at, focus.SHARE_LINK)
    # Revoking removes the link and its buttons: back to « Créer un lien de partage ».
    at.session_state[MANAGE_OPEN] = True  # « Remplacer ou désactiver ce lien » opened
    at.run()
    at.checkbox(key="share_revoke_ok").check().run()
    at.button(key="share_revoke").click().run()
    moves_once(at, focus.SHARE_CREATE)


def test_a_focus_move_no_page_takes_is_dropped(make_app):
    at = make_app()
    open_example(at)  # it has an alliance: « Alliance exemple » draws the alliance target
    at.session_state[focus.PENDING] = focus.ALLIANCE  # asked for, but Accueil runs next
    at.run()
    assert focus.PENDING not in at.session_state
    open_page(at, "alliance")
    assert focus_moves(at) == []


# ------------------------------------------------------------------- « Importer un carnet »


def import_section(at):
    """« Importer un carnet (fichier JSON) », « … ou sauvegarder une copie » with a carnet open."""
    labels = (tr(at, "import.title"), tr(at, "home.file_title"))
    matches = [e for e in at.expander if e.label in labels]
    assert len(matches) == 1, [e.label for e in at.expander]
    return matches[0]


def test_the_import_section_stays_open_after_an_error_and_another_file(make_app):
    at = make_app()
    assert import_section(at).proto.expanded is False
    assert not [u for u in at.file_uploader if u.key == "carnet_upload"]  # closed: not drawn
    at.session_state["home_import_open"] = True  # the learner opens it
    at.run()
    assert import_section(at).proto.expanded is True
    at.file_uploader(key="carnet_upload").set_value(("carnet.json", b"pas du JSON", "text/plain"))
    at.run()
    click(at, tr(at, "import.button"))
    assert tr(at, "import.error.not_json") in [e.value for e in at.error]
    assert import_section(at).proto.expanded is True
    # The learner chooses another file: the section stays open around it and its button.
    at.file_uploader(key="carnet_upload").set_value(("autre.json", b"[]", "application/json"))
    at.run()
    assert not at.exception, at.exception
    assert import_section(at).proto.expanded is True
    at.run()
    assert import_section(at).proto.expanded is True
    click(at, tr(at, "import.button"))
    assert tr(at, "import.error.not_object") in [e.value for e in at.error]
    assert import_section(at).proto.expanded is True
    # Not forever: a later visit to Accueil finds it closed.
    new_carnet(at)
    open_page(at, "projet")
    open_page(at, "accueil")
    assert import_section(at).proto.expanded is False


def test_a_good_carnet_file_opens_as_a_new_carnet_and_the_section_says_so(make_app):
    """A carnet's JSON (as « Sauvegarder une copie » makes it) imported on Accueil: a new
    carnet with its own link, the open one unchanged; the section, renamed now that a carnet
    is open (« … ou sauvegarder une copie »), stays open around its confirmation."""
    from domain.carnet_io import carnet_to_json
    from domain.example import example_carnet

    at = make_app()
    first = new_carnet(at)
    data = carnet_to_json(example_carnet("fr")).encode()
    at.session_state["home_import_open"] = True
    at.run()
    at.file_uploader(key="carnet_upload").set_value(("carnet.json", data, "application/json"))
    at.run()
    click(at, tr(at, "import.button"))
    assert not at.exception, at.exception
    token = at.session_state[state.TOKEN]
    assert token != first and at.query_params["carnet"] == token
    assert import_section(at).label == tr(at, "home.file_title")
    assert import_section(at).proto.expanded is True
    assert tr(at, "import.done") in [m.value for m in at.success]
    assert carnet_of(at).project.name == example_carnet("fr").project.name


# -------------------------------------------------------------------- CSV import report


def test_the_csv_report_shows_every_reason_in_full(app_test):
    at = app_test()
    start_carnet(at)
    open_page(at, "acteurs")
    at.radio(key="actors_panel").set_value("import").run()
    at.file_uploader[0].set_value(("acteurs.csv", CSV, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert f"**{FR('actors.import.details_title')}**" in [m.value for m in at.markdown]
    details = next(m.value for m in at.markdown if m.value.startswith("- "))
    lines = details.split("\n")
    report = import_report(CSV, "fr").report
    expected = []
    for row in report.rows:  # every row with something to say, every reason whole
        status = FR(f"actors_import.status.{row.status}")
        expected.append(
            "- "
            + (
                FR(
                    "actors.import.detail_line",
                    line=row.line,
                    name=escape_markdown(row.name),
                    status=status,
                )
                if row.name
                else FR("actors.import.detail_line_no_name", line=row.line, status=status)
            )
        )
        expected.extend(
            f"    - {escape_markdown(FR(reason.key, **reason.params))}" for reason in row.reasons
        )
    assert lines == expected
    # The learner's text is escaped (no link, no emphasis), the reasons read as written.
    escaped = r"Pôle \*ESS\* [x\](http://e.org)"  # domain.text.escape_markdown
    assert (
        "- "
        + FR(
            "actors.import.detail_line",
            line=3,
            name=escaped,
            status=FR("actors_import.status.warning"),
        )
        in lines
    )
    assert "    - " + FR("actors_import.reason.not_located") in lines
    assert "    - " + FR("actors_import.reason.missing_name") in lines
    assert len(FR("actors_import.reason.not_located")) > 50  # longer than the column shows
    # The table stays, for an overview (its « Détail » cells are cut to the column's width).
    assert at.dataframe[0].value[FR("actors.import.col.line")].tolist() == [2, 3, 4, 5]
