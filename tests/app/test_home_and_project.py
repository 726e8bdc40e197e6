"""AppTest: the app boots in French and English, a carnet is created, saved as it is typed and
restored from its private link; two tabs never overwrite each other silently; projection mode."""

from components import state
from tests.app.support import carnet_of, click, nav_titles, new_carnet, open_example


def test_boots_in_french_by_default(make_app):
    at = make_app()
    assert not at.exception
    assert at.title[0].value == "Les alliances qui changent les territoires"
    assert "Nouveau carnet" in [b.label for b in at.button]
    assert state.TOKEN not in at.session_state


def test_boots_in_english(make_app):
    at = make_app(lang="en")
    assert not at.exception
    assert at.title[0].value == "Alliances that change territories"
    assert "New carnet" in [b.label for b in at.button]


def _sidebar_links(at) -> dict[str, str]:
    """The sidebar's page links: label → query string."""
    return {link.proto.label: link.proto.query_string for link in at.sidebar.get("page_link")}


def test_language_switch_changes_the_interface_and_the_carnet(make_app):
    at = make_app()
    new_carnet(at)
    token = carnet_of(at)  # opened
    links = _sidebar_links(at)
    # The other language, named in its own language, a link to this page that keeps the carnet.
    assert "English" in links and "Français" not in links
    assert "lang=en" in links["English"] and "carnet=" in links["English"]
    assert token is not None
    at.query_params["lang"] = "en"  # what following the link asks
    at.run()
    assert at.title[0].value == "Alliances that change territories"
    assert carnet_of(at).language == "en"
    assert "lang" not in at.query_params  # applied, then dropped from the address
    assert "Français" in _sidebar_links(at)
    at.run()  # and it stays
    assert at.title[0].value == "Alliances that change territories"
    at.query_params["lang"] = "fr"
    at.run()
    assert carnet_of(at).language == "fr"
    at.query_params["lang"] = "xx"  # not a language of the app: nothing changes, nothing breaks
    at.run()
    assert not at.exception
    assert carnet_of(at).language == "fr"


def test_new_carnet_gets_a_private_link(make_app):
    at = make_app()
    token = new_carnet(at)
    assert len(token) >= 43
    assert at.query_params["carnet"] == token
    assert any(token in code.value and "?carnet=" in code.value for code in at.code)
    assert any("Gardez ce lien" in w.value for w in at.warning)
    # the title, the saving note and the link's label: one block; then the way on and « Fermer »
    block = next(m.value for m in at.markdown if m.value.startswith("### Votre carnet est ouvert"))
    assert "il n’y a pas de bouton «\u00a0Enregistrer\u00a0»" in block
    assert "Votre lien privé" in block
    assert [link.label for link in at.main.get("page_link")] == ["Continuer\u00a0: Mon projet"]
    assert any(b.label == "Fermer ce carnet" for b in at.button)


def test_typed_project_is_restored_from_the_private_link(make_app):
    at = make_app()
    token = new_carnet(at)
    at.switch_page("app_pages/projet.py").run()
    at.text_input(key="field:project.name").input("Recyclerie « La Boucle »").run()
    at.text_area(key="field:project.description").input("Réemploi ; ateliers — 5 000 €").run()
    at.text_input(key="territory_query").input("romans-sur-isere").run()
    assert at.selectbox(key="territory_choice").value == "26281"
    click(at, "Choisir ce territoire")
    assert not at.exception
    territory = carnet_of(at).project.territory
    assert (territory.commune, territory.departement, territory.region_code) == (
        "Romans-sur-Isère",
        "Drôme",
        "84",
    )
    assert at.fake_map.calls, "the map is drawn once a territory is chosen"

    reopened = make_app(carnet=token)  # a new tab, days later
    assert not reopened.exception
    carnet = carnet_of(reopened)
    assert carnet.project.name == "Recyclerie « La Boucle »"
    assert carnet.project.description == "Réemploi ; ateliers — 5 000 €"
    assert carnet.project.territory == territory
    reopened.switch_page("app_pages/projet.py").run()
    assert reopened.text_input(key="field:project.name").value == "Recyclerie « La Boucle »"


def test_unknown_link_says_so(make_app):
    at = make_app(carnet="x" * 43)
    assert not at.exception
    assert any("ne correspond à aucun carnet" in e.value for e in at.error)
    assert state.TOKEN not in at.session_state


def test_resume_with_a_pasted_link_and_close(make_app):
    first = make_app()
    token = new_carnet(first)
    at = make_app()
    at.text_input[0].input(f"http://localhost:8501/?carnet={token}")
    click(at, "Reprendre")
    assert at.session_state[state.TOKEN] == token
    click(at, "Fermer ce carnet")
    assert state.TOKEN not in at.session_state
    assert "carnet" not in at.query_params


def test_pages_need_a_carnet(make_app):
    at = make_app()
    at.switch_page("app_pages/projet.py").run()
    assert not at.exception
    assert any("Aucun carnet" in i.value for i in at.info)


def test_two_tabs_changing_different_fields_keep_both_changes(make_app):
    tab_a = make_app()
    token = new_carnet(tab_a)
    tab_b = make_app(carnet=token)
    for tab in (tab_a, tab_b):
        tab.switch_page("app_pages/projet.py").run()
    tab_a.text_input(key="field:project.name").input("Nom venu de A").run()
    tab_b.text_area(key="field:project.description").input("Description venue de B").run()
    assert not tab_b.exception
    # B's change was made on an older copy: replayed on A's save, both are kept, B is told.
    saved = carnet_of(make_app(carnet=token))
    assert (saved.project.name, saved.project.description) == (
        "Nom venu de A",
        "Description venue de B",
    )
    assert not tab_b.warning
    assert any("rien n’est perdu" in toast.value for toast in tab_b.toast)
    assert tab_b.text_input(key="field:project.name").value == "Nom venu de A"
    assert carnet_of(tab_b) == saved


def test_two_tabs_changing_the_same_field_never_overwrite_each_other_silently(make_app):
    tab_a = make_app()
    token = new_carnet(tab_a)
    tab_b = make_app(carnet=token)
    for tab in (tab_a, tab_b):
        tab.switch_page("app_pages/projet.py").run()
    tab_b.text_area(key="field:project.description").input("Description de B").run()
    tab_a.run()
    tab_a.text_input(key="field:project.name").input("Nom venu de A").run()
    tab_b.text_input(key="field:project.name").input("Nom venu de B").run()
    assert not tab_b.exception
    # B's change is refused and B is told; A's name is kept, B's text stays in its field.
    assert any("modifié ailleurs" in w.value for w in tab_b.warning)
    assert carnet_of(make_app(carnet=token)).project.name == "Nom venu de A"
    assert tab_b.text_input(key="field:project.name").value == "Nom venu de B"
    # Then A changes something else, and B chooses to keep its version, knowingly: B's name
    # is applied to the latest version, A's other change stays.
    tab_a.text_area(key="field:project.description").input("Description de A").run()
    click(tab_b, "Garder ma version")
    saved = carnet_of(make_app(carnet=token))
    assert saved.project.name == "Nom venu de B"
    assert saved.project.description == "Description de A"
    assert not tab_b.warning


def test_a_tab_picks_up_changes_saved_elsewhere(make_app):
    tab_a = make_app()
    token = new_carnet(tab_a)
    tab_b = make_app(carnet=token)
    tab_a.switch_page("app_pages/projet.py").run()
    tab_a.text_input(key="field:project.name").input("Nouveau nom").run()
    tab_b.switch_page("app_pages/projet.py").run()
    assert tab_b.text_input(key="field:project.name").value == "Nouveau nom"


def test_stale_conflict_can_take_the_latest_version(make_app):
    tab_a = make_app()
    token = new_carnet(tab_a)
    tab_b = make_app(carnet=token)
    for tab in (tab_a, tab_b):
        tab.switch_page("app_pages/projet.py").run()
    tab_a.text_input(key="field:project.name").input("A").run()
    tab_b.text_input(key="field:project.name").input("B").run()
    click(tab_b, "Charger la version la plus récente")
    assert carnet_of(tab_b).project.name == "A"
    assert tab_b.text_input(key="field:project.name").value == "A"


def test_projection_mode_hides_the_sidebar_and_can_be_left(make_app):
    at = make_app()
    new_carnet(at)
    assert "projection=1" in _sidebar_links(at)["Mode projection"]
    at.query_params["projection"] = "1"  # what following the sidebar's link asks
    at.run()
    assert "projection" not in at.query_params
    assert not at.exception
    assert "Quitter le mode projection" in [b.label for b in at.button]
    assert len(at.sidebar.children) == 0
    click(at, "Quitter le mode projection")
    assert len(at.sidebar.children) > 0


def test_projection_mode_from_the_url(make_app):
    at = make_app(projection="1")
    assert "Quitter le mode projection" in [b.label for b in at.button]


def test_sidebar_shows_each_step_with_its_state(make_app):
    at = make_app()
    assert nav_titles(at) == [
        "Accueil",
        "1. Mon projet",
        "2. Parties prenantes",
        "3. Acteurs du territoire",
        "4. Alliance exemple",
        "5. Analyse",
        "6. Synthèse",
        "Annuaire partagé",
        "Modération",  # hidden from the navigation (reached by the moderator's link)
        "Classe",  # the class space, after the journey
        "Données personnelles",
    ]
    new_carnet(at)
    titles = nav_titles(at)
    assert titles[0] == "Accueil"
    assert titles[1] == "1. Mon projet — à faire"
    assert titles[2] == "2. Parties prenantes — facultatif"  # optional, shown as such
    assert len(titles) == 11
    example = make_app()  # another session: the complete worked example
    open_example(example)
    assert all(title.endswith(" — fait") for title in nav_titles(example)[1:7])


def test_a_step_opened_before_any_carnet_points_to_the_home_page(make_app):
    at = make_app()
    at.switch_page("app_pages/acteurs.py").run()
    assert not at.exception
    assert at.info[0].value.startswith("Aucun carnet n’est ouvert.")
    assert [link.label for link in at.main.get("page_link")] == ["Accueil"]


def test_accueil_draws_its_main_actions_and_only_the_labels_of_its_folded_sections(make_app):
    """Start, resume with the link and the example are on the page as it opens; « Rejoindre
    une classe » and « Importer un carnet … ou sauvegarder une copie » are folded: closed, each
    sends its label and nothing of its content."""
    at = make_app()
    new_carnet(at)
    at.run()
    assert not at.exception
    heading = "### Commencer ou reprendre un carnet"
    assert any(heading in m.value for m in at.markdown)  # at the end of the steps' block
    labels = [b.label for b in at.button]
    assert {"Nouveau carnet", "Reprendre", "Ouvrir le carnet exemple"} <= set(labels)
    assert [t.label for t in at.text_input] == ["Lien privé de votre carnet"]  # nothing else
    folded = [e.label for e in at.expander]
    file_section = "Importer un carnet (fichier JSON) ou sauvegarder une copie"
    for label in ("Rejoindre une classe", file_section):
        assert label in folded
    assert "Trouver la classe" not in labels
    assert "Ouvrir ce fichier comme nouveau carnet" not in labels
    assert not at.get("file_uploader") and not at.get("download_button")
    assert not at.get("checkbox")  # « Inclure les champs privés » neither
    at.session_state["home_import_open"] = True
    at.run()
    assert not at.exception
    assert "Ouvrir ce fichier comme nouveau carnet" in [b.label for b in at.button]
    assert at.get("file_uploader")
    assert [d.label for d in at.get("download_button")] == ["Télécharger le carnet (JSON)"]
    assert "**Sauvegarder une copie**" in [m.value for m in at.markdown]
    # No carnet open: the section imports only, and says so.
    at = make_app()
    assert [e.label for e in at.expander if "fichier JSON" in e.label] == [
        "Importer un carnet (fichier JSON)"
    ]
    at.session_state["home_import_open"] = True
    at.run()
    assert at.get("file_uploader") and not at.get("download_button")
