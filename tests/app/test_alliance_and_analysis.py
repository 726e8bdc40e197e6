"""AppTest: filter the catalogue, choose an alliance, edit members, answer the questions, tag it;
everything survives reopening the carnet from its link; French and English."""

import pytest

from domain.catalogue import load_alliances
from domain.models import Family
from domain.text import escape_markdown
from tests.app.support import (
    carnet_of,
    click,
    new_carnet,
    open_analyse_part,
    open_member_form,
    open_members_view,
    set_territory,
    tr,
)

ALLIANCE_PAGE = "app_pages/alliance.py"
ANALYSE_PAGE = "app_pages/analyse.py"
TOTAL = len(load_alliances())


def card_titles(at):
    """Each card's title: the h3 heading that opens its one Markdown block."""
    return [m.value.split("\n", 1)[0][4:] for m in at.markdown if m.value.startswith("### ")]


def count_line(at):
    """The « N alliance(s) sur M » line: the first paragraph of the caption that holds it (the
    région's note, when the territory is known, is its second paragraph)."""
    lines = [c.value.split("\n\n")[0] for c in at.caption if " alliance(s) sur " in c.value]
    assert len(lines) == 1, lines
    return lines[0]


def open_custom_tab(at, label="Une alliance trouvée ailleurs"):
    """The « Décrire une autre alliance » tab: its form is drawn only when it is open."""
    at.switch_page(ALLIANCE_PAGE).run()
    assert not [t for t in at.text_input if t.label == "Nom de l’alliance"]  # closed: not drawn
    at.session_state["alliance_tab"] = label
    at.run()
    assert not at.exception


def show_all_cards(at):
    """Press « Afficher les N autres alliances » when the page offers it."""
    more = [b for b in at.button if b.key == "alliance_show_more"]
    if more:
        more[0].click().run()
    assert not at.exception


def test_filters_narrow_the_catalogue(make_app):
    at = make_app()
    new_carnet(at)
    at.switch_page(ALLIANCE_PAGE).run()
    assert not at.exception
    assert count_line(at) == f"{TOTAL} alliance(s) sur {TOTAL}"
    at.selectbox(key="alliance_region").select("53").run()  # Bretagne
    assert count_line(at) == f"2 alliance(s) sur {TOTAL}"
    assert any("Pipriac" in title for title in card_titles(at))
    at.selectbox(key="alliance_region").select(None).run()
    at.selectbox(key="alliance_type").select("fondation_territoriale").run()
    assert count_line(at) == f"1 alliance(s) sur {TOTAL}"
    at.selectbox(key="alliance_type").select(None).run()
    at.selectbox(key="alliance_family").select("research_academic").run()
    with_research = count_line(at)
    assert not with_research.startswith(f"{TOTAL} ")
    at.selectbox(key="alliance_family").select(None).run()
    at.text_input(key="alliance_query").input("ecossolies").run()  # no accent typed
    assert any("Écossolies" in title for title in card_titles(at))
    # The map shows the filtered alliances only.
    drawn = at.fake_map.calls[-1]
    assert drawn["key"] == "alliances_map"


def test_alliances_of_the_learners_region_come_first(make_app):
    at = make_app()
    new_carnet(at)
    # Without a territory: the catalogue's own order, no région note.
    at.switch_page(ALLIANCE_PAGE).run()
    assert card_titles(at)[0] == escape_markdown(load_alliances()[0].name)
    assert not any("apparaissent en premier" in c.value for c in at.caption)
    set_territory(at, "Audruicq")  # Pas-de-Calais, Hauts-de-France
    assert carnet_of(at).project.territory.region_code == "32"
    at.switch_page(ALLIANCE_PAGE).run()
    assert not at.exception
    show_all_cards(at)
    titles = card_titles(at)
    assert len(titles) == TOTAL
    hauts_de_france = {escape_markdown(a.name) for a in load_alliances() if a.region_code == "32"}
    assert set(titles[:2]) == hauts_de_france
    assert any(
        "Hauts-de-France" in c.value.replace("\\", "") and "apparaissent en premier" in c.value
        for c in at.caption
    )
    # Filters still apply to the reordered list.
    at.selectbox(key="alliance_region").select("53").run()
    assert count_line(at) == f"2 alliance(s) sur {TOTAL}"


def test_choose_an_alliance_copies_its_members_and_needs_confirmation_to_replace(make_app):
    at = make_app()
    new_carnet(at)
    at.switch_page(ALLIANCE_PAGE).run()
    at.button(key="choose_tzcld_pipriac").click().run()
    alliance = carnet_of(at).alliance
    assert alliance.catalogue_id == "tzcld_pipriac"
    assert len(alliance.members) >= 2 and all(m.name for m in alliance.members)
    assert alliance.source_url.startswith("https://")
    # Another choice replaces the members table: disabled until confirmed.
    assert at.button(key="choose_pole_sud_archer").disabled
    at.checkbox(key="alliance_replace_ok").check().run()
    at.button(key="choose_pole_sud_archer").click().run()
    assert carnet_of(at).alliance.catalogue_id == "pole_sud_archer"


def test_describe_an_alliance_found_elsewhere(make_app):
    at = make_app()
    new_carnet(at)
    open_custom_tab(at)
    at.text_input[1].input("Alliance du Val")  # name field of the form (after the search box)
    at.text_input[2].input("Valence")
    at.text_input[3].input("https://www.lerameau.fr/exemple")
    click(at, "Enregistrer cette alliance")
    alliance = carnet_of(at).alliance
    assert (alliance.name, alliance.place, alliance.catalogue_id) == (
        "Alliance du Val",
        "Valence",
        None,
    )
    assert alliance.source_url == "https://www.lerameau.fr/exemple"


def test_a_bad_source_link_is_refused_with_a_message(make_app):
    at = make_app()
    new_carnet(at)
    open_custom_tab(at)
    at.text_input[1].input("Alliance")
    at.text_input[3].input("javascript:alert(1)")
    click(at, "Enregistrer cette alliance")
    assert carnet_of(at).alliance is None
    assert any("Lien vers la source" in e.value for e in at.error)


@pytest.fixture
def analysing(make_app):
    at = make_app()
    token = new_carnet(at)
    at.switch_page(ALLIANCE_PAGE).run()
    show_all_cards(at)  # not among the first cards
    at.button(key="choose_agir_ensemble_charenton").click().run()
    at.switch_page(ANALYSE_PAGE).run()
    assert not at.exception
    return at, token


def test_members_form_adds_edits_moves_and_deletes(analysing):
    at, _ = analysing
    open_member_form(at)
    before = len(carnet_of(at).alliance.members)
    at.text_input(key="member_form_name").input("Mission locale")
    at.selectbox(key="member_form_family").select("public_body")
    at.text_area(key="member_form_expertise").input("Accompagnement des jeunes")
    click(at, "Ajouter ce membre")
    members = carnet_of(at).alliance.members
    assert len(members) == before + 1
    added = members[-1]
    assert (added.name, added.family, added.expertise) == (
        "Mission locale",
        Family.PUBLIC_BODY,
        "Accompagnement des jeunes",
    )
    # Edit it.
    at.selectbox(key="member_form_choice").select(added.id).run()
    assert at.text_input(key="member_form_name").value == "Mission locale"
    at.text_area(key="member_form_interest").input("Toucher les jeunes éloignés de l’emploi")
    click(at, "Enregistrer ce membre")
    assert carnet_of(at).alliance.members[-1].interest == "Toucher les jeunes éloignés de l’emploi"
    # Move it up.
    at.selectbox(key="member_form_choice").select(added.id).run()
    click(at, "Monter")
    assert carnet_of(at).alliance.members[-2].id == added.id
    # Delete it, which needs a confirmation.
    assert at.button(key="member_delete").disabled
    at.checkbox(key=f"member_del_ok_{added.id}").check().run()
    at.button(key="member_delete").click().run()
    assert added.id not in [m.id for m in carnet_of(at).alliance.members]


def test_members_form_refuses_an_empty_name(analysing):
    at, _ = analysing
    open_member_form(at)
    before = carnet_of(at).alliance.members
    click(at, "Ajouter ce membre")
    assert carnet_of(at).alliance.members == before
    assert at.error, "the learner is told why"


def test_answers_draft_tags_and_reopening(analysing, make_app):
    at, token = analysing
    vision = "Un enjeu partagé par tout le territoire : l’emploi des jeunes. " * 4
    open_analyse_part(at, "questions")
    at.text_area(key="field:answers.vision").input(vision).run()
    assert carnet_of(at).answers.vision == vision.strip()
    assert any("Longueur suffisante" in str(p.proto) for p in at.get("progress"))
    open_analyse_part(at, "tags")
    at.multiselect(key="tags_partnership_modes").select("innovation_societale").run()
    at.multiselect(key="tags_coconstruction_forms").select("dialogue_territorial").run()
    assert carnet_of(at).tags.partnership_modes == ["innovation_societale"]

    reopened = make_app(carnet=token)
    reopened.switch_page(ANALYSE_PAGE).run()
    carnet = carnet_of(reopened)
    assert carnet.answers.vision == vision.strip()
    assert carnet.tags.coconstruction_forms == ["dialogue_territorial"]
    assert carnet.alliance.catalogue_id == "agir_ensemble_charenton"
    open_analyse_part(reopened, "questions")
    assert reopened.text_area(key="field:answers.vision").value == vision.strip()
    open_analyse_part(reopened, "tags")
    assert reopened.multiselect(key="tags_partnership_modes").value == ["innovation_societale"]


def test_draft_starts_an_empty_answer(analysing):
    at, _ = analysing
    open_analyse_part(at, "questions")
    at.button(key="draft_vision").click().run()
    draft = carnet_of(at).answers.vision
    assert "Cette alliance réunit 6 membres" in draft
    assert at.text_area(key="field:answers.vision").value == draft


def test_missing_families_are_pointed_out(analysing):
    at, _ = analysing
    open_analyse_part(at, "network")
    prompts = [i.value for i in at.info] + [w.value for w in at.warning]
    assert any("Pas d’association" in p for p in prompts)


def test_analysis_in_english(make_app):
    at = make_app(lang="en")
    new_carnet(at)
    at.switch_page(ALLIANCE_PAGE).run()
    assert at.title[0].value == "Choose a territorial alliance"
    show_all_cards(at)  # not among the first cards
    at.button(key="choose_ft44").click().run()
    at.switch_page(ANALYSE_PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Analysis of the alliance"
    assert [tab.label for tab in at.tabs if tab.label[0].isdigit()] == [
        "1. Members",
        "2. Network",
        "3. The three questions",
        "4. Typologies",
    ]
    open_analyse_part(at, "questions")
    assert "What vision brought these actors together?" in [s.value for s in at.subheader][0]


DETAILS_OPEN = "alliance_details_open"
DETAILS_PICK = "alliance_details_pick"


def details_blocks(at, lang="fr"):
    """The Markdown blocks that hold an alliance's details (they open with its vision)."""
    from domain.i18n import Translator

    vision = f"**{Translator(lang)('alliance.vision')}**"
    return [m.value for m in at.markdown if m.value.startswith(vision)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_alliances_details_vision_members_facts_and_sources_in_one_block(make_app, lang):
    from domain.i18n import Translator

    at = make_app(lang=lang)
    new_carnet(at)
    at.switch_page(ALLIANCE_PAGE).run()
    assert not at.exception
    at.session_state[DETAILS_OPEN] = True  # « Détails d'une alliance » opened
    at.run()
    t = Translator(lang)
    pick = at.selectbox(key=DETAILS_PICK)
    assert pick.label == t("alliance.details_pick")
    assert pick.options == [item.display_name(lang) for item in load_alliances()]  # plain text
    for item in load_alliances():  # each alliance of the catalogue in turn
        at.selectbox(key=DETAILS_PICK).set_value(item.id).run()
        assert not at.exception
        blocks = details_blocks(at, lang)
        assert len(blocks) == 1  # one alliance's details at a time, in one block
        block = blocks[0]
        assert t.pick(item.vision) in block
        assert f"**{t('alliance.members', count=len(item.members))}**" in block
        assert all(escape_markdown(member.display_name(lang)) in block for member in item.members)
        if item.key_facts:
            assert f"**{t('alliance.key_facts')}**" in block
        if any(s.startswith("http") for s in item.sources):
            assert f"**{t('sources.title')}**" in block and "](http" in block


def test_closed_details_send_nothing_and_an_open_one_sends_its_block(make_app):
    from domain.i18n import Translator

    at = make_app()
    new_carnet(at)
    at.switch_page(ALLIANCE_PAGE).run()
    assert not at.exception
    # One section for the page, not one per card; closed, it sends nothing but its label.
    labels = [e.label for e in at.expander]
    assert labels.count(Translator("fr")("alliance.details_section")) == 1
    assert not details_blocks(at)
    assert not [s for s in at.selectbox if s.key == DETAILS_PICK]
    at.session_state[DETAILS_OPEN] = True
    at.run()
    first = load_alliances()[0]  # no alliance chosen yet: the first card's
    assert at.selectbox(key=DETAILS_PICK).value == first.id
    opened = details_blocks(at)
    assert len(opened) == 1
    assert escape_markdown(first.members[0].display_name("fr")) in opened[0]
    # Closed again: nothing sent; reopened: the first card's again, never an empty box.
    at.session_state[DETAILS_OPEN] = False
    at.run()
    assert not details_blocks(at)
    at.session_state[DETAILS_OPEN] = True
    at.run()
    assert at.selectbox(key=DETAILS_PICK).value == first.id and details_blocks(at)


def test_the_details_follow_the_filters_and_start_on_the_chosen_alliance(make_app):
    at = make_app()
    new_carnet(at)
    at.switch_page(ALLIANCE_PAGE).run()
    at.button(key="choose_pole_sud_archer").click().run()
    at.session_state[DETAILS_OPEN] = True
    at.run()
    assert at.selectbox(key=DETAILS_PICK).value == "pole_sud_archer"  # the chosen one first
    at.selectbox(key="alliance_region").select("53").run()  # Bretagne: Pipriac and one other
    pick = at.selectbox(key=DETAILS_PICK)
    bretagne = [a for a in load_alliances() if a.region_code == "53"]
    assert pick.options == [a.display_name("fr") for a in bretagne]  # only those found
    assert pick.value == bretagne[0].id  # the one picked was filtered out: the first found
    assert escape_markdown(bretagne[0].members[0].display_name("fr")) in details_blocks(at)[0]
    at.text_input(key="alliance_query").input("zzzz introuvable").run()
    assert not at.exception
    assert not [e for e in at.expander if e.label.startswith("Détails")]  # nothing found


def test_the_first_cards_then_the_others_on_demand_until_the_filters_change(make_app):
    from components import focus
    from components.alliances import FIRST_CARDS
    from tests.app.test_focus_and_imports import moves_once

    at = make_app()
    new_carnet(at)
    at.switch_page(ALLIANCE_PAGE).run()
    hidden = TOTAL - FIRST_CARDS
    assert 5 <= FIRST_CARDS < TOTAL
    assert len(card_titles(at)) == FIRST_CARDS
    assert len([b for b in at.button if (b.key or "").startswith("choose_")]) == FIRST_CARDS
    more = at.button(key="alliance_show_more")
    assert more.label == f"Afficher les {hidden} autres alliances"
    # the map's other points stay written on the page (its text alternative)
    listed = next(m.value for m in at.markdown if m.value.startswith(f"Les {hidden} autres"))
    shown = set(card_titles(at))
    for item in load_alliances():
        if escape_markdown(item.name) not in shown:
            assert escape_markdown(item.name) in listed
    more.click().run()
    assert len(card_titles(at)) == TOTAL
    assert not [b for b in at.button if b.key == "alliance_show_more"]
    # the button is gone: the keyboard focus goes to the first card it showed, once
    moves_once(at, focus.ALLIANCE_MORE)
    # every card is choosable, the last one too
    last = load_alliances()[-1]
    assert not at.button(key=f"choose_{last.id}").disabled
    at.run()  # kept through reruns
    assert len(card_titles(at)) == TOTAL
    at.selectbox(key="alliance_type").select("fondation_territoriale").run()
    at.selectbox(key="alliance_type").select(None).run()  # filters changed: back to the first
    assert len(card_titles(at)) == FIRST_CARDS


def test_the_focus_target_holds_the_first_card_shown_by_the_button(make_app):
    """``focus.target(ALLIANCE_MORE)`` wraps the first card « Afficher » showed (its Markdown
    block and its button), and nothing else."""
    from components import focus
    from components.alliances import FIRST_CARDS

    at = make_app()
    new_carnet(at)
    at.switch_page(ALLIANCE_PAGE).run()
    at.button(key="alliance_show_more").click().run()
    key = focus.container_key(focus.ALLIANCE_MORE)
    boxes = [b for b in at.get("flex_container") if getattr(b.proto, "id", "").endswith(key)]
    assert len(boxes) == 1, [b.proto for b in at.get("flex_container")]
    inside = [m.value for m in boxes[0].markdown]
    first_new = load_alliances()[FIRST_CARDS]
    assert len(inside) == 1 and inside[0].startswith(f"### {escape_markdown(first_new.name)}")
    assert [b.key for b in boxes[0].button] == [f"choose_{first_new.id}"]


def test_analyse_draws_only_its_open_part(analysing):
    """Four tabs; the server knows the open one and draws it alone (BENCHMARKS.md)."""
    at, _ = analysing
    assert [tab.label for tab in at.tabs if tab.label[0].isdigit()] == [
        "1. Membres",
        "2. Réseau",
        "3. Les trois questions",
        "4. Typologies",
    ]
    # By default, the members as a list: a read-only table, nothing else.
    inner = [tab.label for tab in at.tabs if not tab.label[0].isdigit()]
    assert inner == ["Liste", "Modifier le tableau", "Formulaire"]
    [listed] = at.dataframe
    columns = [tr(at, f"analysis.column.{c}") for c in ("name", "family", "role")]
    assert list(listed.value.columns)[:3] == columns
    assert "Collectivité territoriale" in set(listed.value[columns[1]])
    assert not at.text_area and not at.multiselect and not at.get("plotly_chart")
    assert "member_form_name" not in [w.key for w in at.text_input]
    # The editor, then the form, each drawn alone.
    open_members_view(at, "edit")
    [editor] = at.dataframe
    assert "name" in editor.value.columns  # the editor's own columns (codes, labels shown)
    open_members_view(at, "form")
    assert not at.dataframe and at.text_input(key="member_form_name")
    open_members_view(at, "list")

    open_analyse_part(at, "network")
    assert at.get("plotly_chart") and at.dataframe  # picture + its text table
    assert not at.text_area and not at.multiselect

    open_analyse_part(at, "questions")
    assert [a.key for a in at.text_area] == [
        "field:answers.vision",
        "field:answers.expertise",
        "field:answers.interest",
    ]
    assert not at.dataframe and not at.get("plotly_chart")
    # Each question's guidance is drawn once opened.
    guidance = tr(at, "analyse.q.vision.covers")
    assert not any(guidance in m.value for m in at.markdown)
    at.session_state["guidance_vision"] = True
    at.run()
    assert any(guidance in m.value for m in at.markdown)

    open_analyse_part(at, "tags")
    assert [m.key for m in at.multiselect] == [
        "tags_partnership_modes",
        "tags_coconstruction_forms",
    ]
    assert not at.text_area
    definitions = [e for e in at.expander if "Définitions" in e.label]
    assert len(definitions) == 2 and not any(len(e.children) for e in definitions)
    at.session_state["definitions_partnership_modes"] = True
    at.run()
    opened = next(e for e in at.expander if "partenariat" in e.label)
    assert len(opened.children) > 0


def test_member_form_closed_then_reopened_shows_saved_values(analysing):
    """Closing the form's section drops its fields (Streamlit forgets undrawn widgets): on
    reopening they are filled again from the carnet, never left empty or stale."""
    at, _ = analysing
    open_member_form(at)
    first = carnet_of(at).alliance.members[0]
    at.selectbox(key="member_form_choice").select(first.id).run()
    assert at.text_input(key="member_form_name").value == first.name
    open_member_form(at, False)
    assert "member_form_name" not in [w.key for w in at.text_input]
    open_member_form(at)
    choice = at.selectbox(key="member_form_choice").value
    name = at.text_input(key="member_form_name").value
    # Either the same member, filled, or a new one, empty: what is shown matches the choice.
    assert (choice, name) in ((first.id, first.name), ("__new__", ""))
    at.selectbox(key="member_form_choice").select(first.id).run()
    assert at.text_input(key="member_form_name").value == first.name
    assert at.selectbox(key="member_form_family").value == first.family.value
    # A new member's family starts at « other », as the first time.
    at.selectbox(key="member_form_choice").select("__new__").run()
    assert at.selectbox(key="member_form_family").value == Family.OTHER.value
