"""« Parties prenantes » with AppTest: add a stakeholder, place it on the grid with the two
select sliders, read its quadrant in the table, edit, delete (links from actors go too), and
link an actor to stakeholders from the actors page."""

from __future__ import annotations

from components import state
from components.sharing import DOWNLOADS_OPEN
from domain.i18n import Translator
from tests.app.support import click, open_page, start_carnet

FR = Translator("fr")
EN = Translator("en")


def carnet(at):
    return at.session_state[state.CARNET]


def table_rows(at) -> list[dict]:
    frame = at.dataframe[0].value
    return frame.to_dict("records")


def add(at, name: str, family: str = "public_bodies", power: int = 2, interest: int = 2):
    at.text_input(key="stakeholders_add:name").input(name)
    at.selectbox(key="stakeholders_add:family").set_value(family)
    at.select_slider(key="stakeholders_add:power").set_value(power)
    at.select_slider(key="stakeholders_add:interest_level").set_value(interest)
    at.text_area(key="stakeholders_add:expectations").input("Un soutien")
    click(at, FR("stakeholders.add.button"))
    assert not at.exception, at.exception
    return at


def test_the_page_before_any_stakeholder(app_test):
    at = app_test()
    start_carnet(at)
    open_page(at, "parties_prenantes")
    assert at.title[0].value == FR("stakeholders.title")
    assert FR("stakeholders.grid.empty") in [c.value for c in at.caption]
    assert not at.get("plotly_chart")


def test_add_place_and_read_the_quadrant_in_the_table(app_test):
    at = app_test()
    start_carnet(at)
    open_page(at, "parties_prenantes")
    add(at, "Mairie", power=4, interest=4)
    add(at, "Habitants du quartier", family="beneficiaries", power=1, interest=4)
    saved = carnet(at).stakeholders
    assert [(s.name, s.power_level, s.interest_level) for s in saved] == [
        ("Mairie", 4, 4),
        ("Habitants du quartier", 1, 4),
    ]
    assert saved[0].expectations == "Un soutien"
    assert len(at.get("plotly_chart")) == 1
    rows = table_rows(at)
    quadrant = FR("stakeholders.col.quadrant")
    assert [(r[FR("stakeholders.col.name")], r[quadrant]) for r in rows] == [
        ("Mairie", "Acteurs clés"),
        ("Habitants du quartier", "À informer"),
    ]
    # Move « Habitants » with the position form: two select sliders and « Placer ».
    at.selectbox(key="stakeholders_edit_choice").set_value(saved[1].id).run()
    sliders = [s for s in at.select_slider if s.key and s.key.startswith("stakeholders_edit:")]
    power = next(s for s in sliders if s.key.endswith(":power"))
    power.set_value(3)
    click(at, FR("stakeholders.edit.place"))
    assert not at.exception, at.exception
    assert carnet(at).stakeholders[1].power_level == 3
    assert [r[quadrant] for r in table_rows(at)] == ["Acteurs clés", "Acteurs clés"]
    assert any("Acteurs clés" in s.value for s in at.success)


def test_empty_name_is_refused_in_the_learners_language(app_test):
    at = app_test(lang="en")
    start_carnet(at)
    open_page(at, "parties_prenantes")
    at.text_input(key="stakeholders_add:name").input("   ")
    click(at, EN("stakeholders.add.button"))
    assert EN("stakeholders.error.name_required") in [e.value for e in at.error]
    assert carnet(at).stakeholders == []


def add_actor_linked_to(at, name: str, stakeholder_ids: list[str]) -> None:
    """On « Acteurs du territoire »: add an actor « à placer », link it in its edit panel."""
    open_page(at, "acteurs")
    at.text_input(key="actors_add_name").input(name)
    at.selectbox(key="actors_add_category").set_value("fondation_territoriale")
    at.radio(key="actors_add_where").set_value("later").run()
    click(at, FR("actors.add.button"))
    assert carnet(at).actors, [e.value for e in at.error]
    at.radio(key="actors_panel").set_value("edit").run()
    reach = next(m for m in at.multiselect if m.key and m.key.endswith(":reaches"))
    reach.set_value(stakeholder_ids).run()
    assert not at.exception, at.exception


def test_edit_and_delete_drop_the_actor_links(app_test):
    at = app_test()
    start_carnet(at)
    open_page(at, "parties_prenantes")
    add(at, "Mairie")
    sid = carnet(at).stakeholders[0].id
    add_actor_linked_to(at, "CRESS", [sid])
    assert carnet(at).actors[0].reaches == [sid]
    open_page(at, "parties_prenantes")
    at.text_input(key=f"stakeholders_edit:{sid}:{_version_of(at, sid)}:name").input(
        "Mairie de Pipriac"
    )
    click(at, FR("stakeholders.edit.save"))
    assert carnet(at).stakeholders[0].name == "Mairie de Pipriac"
    click(at, FR("stakeholders.delete.button"))
    assert any("1 acteur" in w.value for w in at.warning)
    click(at, FR("stakeholders.delete.yes"))
    assert not at.exception, at.exception
    assert carnet(at).stakeholders == []
    assert carnet(at).actors[0].reaches == []


def _version_of(at, sid: str) -> str:
    keys = [
        w.key
        for w in at.text_input
        if w.key and w.key.startswith(f"stakeholders_edit:{sid}:") and w.key.endswith(":name")
    ]
    assert keys, "the details form is not on the page"
    return keys[0].split(":")[2]


def test_an_actor_is_linked_to_stakeholders_on_the_actors_page(app_test):
    at = app_test()
    start_carnet(at)
    open_page(at, "parties_prenantes")
    add(at, "Mairie")
    add(at, "Habitants", family="beneficiaries")
    ids = [s.id for s in carnet(at).stakeholders]
    add_actor_linked_to(at, "France Active", [ids[1]])
    assert carnet(at).actors[0].reaches == [ids[1]]
    open_page(at, "parties_prenantes")
    by_name = {r[FR("stakeholders.col.name")]: r for r in table_rows(at)}
    assert by_name["Habitants"][FR("stakeholders.col.reached_by")] == "France Active"
    assert by_name["Mairie"][FR("stakeholders.col.reached_by")] == ""


def test_the_synthesis_shows_the_grid_its_table_and_a_csv(app_test):
    at = app_test()
    start_carnet(at)
    open_page(at, "synthese")
    optional = FR("synthese.missing.parties_prenantes")
    assert optional in [i.value for i in at.info]  # optional: an information, not a warning
    assert optional not in [w.value for w in at.warning]
    open_page(at, "parties_prenantes")
    add(at, "Mairie", power=4, interest=4)
    at.session_state[DOWNLOADS_OPEN] = True  # « Télécharger » opened (drawn only when open)
    open_page(at, "synthese")
    heading = f"## {FR('summary.section.stakeholders')}\n\n"
    assert any(m.value.startswith(heading) for m in at.main.markdown)
    charts = at.get("plotly_chart")
    assert charts, "the grid is drawn"
    tables = [d.value for d in at.dataframe]
    grid_table = next(df for df in tables if FR("stakeholders.col.quadrant") in df.columns)
    assert grid_table[FR("stakeholders.col.quadrant")].tolist() == ["Acteurs clés"]
    assert any(
        b.label == FR("synthese.download.stakeholders_csv") for b in at.get("download_button")
    )


def test_the_home_page_counts_the_optional_step(app_test):
    at = app_test()
    at.run()
    # The steps as the sidebar numbers them: « Mon projet » and the optional « Parties
    # prenantes » included (said to be optional).
    heading = f"### {FR('home.steps_title', count=6)}\n\n"
    block = next(m.value for m in at.markdown if m.value.startswith(heading))
    # (the block ends with the heading of « Commencer ou reprendre un carnet »)
    steps, next_heading = block.removeprefix(heading).split("\n\n### ")
    assert next_heading == FR("home.begin_title")
    assert steps.startswith("1. ")
    second = steps.splitlines()[1]
    assert second.startswith(f"2. **{FR('nav.parties_prenantes')}** ({FR('nav.optional')})")
    assert len(steps.splitlines()) == 6
    from domain.progress import STEP_IDS

    assert len(STEP_IDS) == 6  # every step of the journey is listed on the home page


def test_hostile_names_are_shown_as_typed(app_test):
    from domain.text import escape_markdown

    at = app_test()
    start_carnet(at)
    open_page(at, "parties_prenantes")
    hostile = "**gras** [lien](javascript:alert(1)) <script>alert(1)</script> ${x}"
    add(at, hostile)
    assert carnet(at).stakeholders[0].name == hostile
    assert FR("stakeholders.added", name=escape_markdown(hostile)) in [s.value for s in at.success]
    assert table_rows(at)[0][FR("stakeholders.col.name")] == hostile  # plain text in the table
