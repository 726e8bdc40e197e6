"""AppTest: what a first-time learner tripped on (issue 14): untouched drafts shown as done,
a stale tab crashing on a member deleted elsewhere, save errors that went nowhere."""

from __future__ import annotations

from components import shell, state
from components.sections import small_print
from components.sharing import FORUM_OPEN
from domain.catalogue import load_categories
from domain.i18n import Translator
from domain.models import QUESTIONS, Family
from tests.app.support import (
    carnet_of,
    click,
    nav_titles,
    new_carnet,
    open_analyse_part,
    open_example,
    open_member_form,
    open_members_view,
    tr,
)

ALLIANCE_PAGE = "app_pages/alliance.py"
ANALYSE_PAGE = "app_pages/analyse.py"
SYNTHESE_PAGE = "app_pages/synthese.py"


def _analyse_title(at) -> str:
    return next(title for title in nav_titles(at) if tr(at, "nav.analyse") in title)


def test_untouched_drafts_are_shown_as_drafts_in_the_sidebar_analyse_and_synthese(make_app):
    at = make_app()
    open_example(at)
    at.switch_page(ANALYSE_PAGE).run()
    assert _analyse_title(at).endswith(tr(at, "nav.done"))
    open_analyse_part(at, "questions")
    for question in QUESTIONS:
        at.text_area(key=f"field:answers.{question}").input("").run()
        at.button(key=f"draft_{question}").click().run()
        assert not at.exception, at.exception
        assert getattr(carnet_of(at).answers, question)  # the draft is in the carnet
    assert _analyse_title(at).endswith(tr(at, "nav.todo"))
    progress = " ".join(str(p.proto) for p in at.get("progress"))
    assert "Brouillon pas encore repris" in progress
    assert "Longueur suffisante" not in progress
    at.switch_page(SYNTHESE_PAGE).run()
    assert not at.exception, at.exception
    assert any(tr(at, "synthese.missing.analyse") in w.value for w in at.warning)
    heading = f"## {tr(at, 'summary.section.answers')}"
    answers = next(m.value for m in at.main.markdown if m.value.startswith(heading))
    assert small_print(tr(at, "summary.answer.draft")) in answers  # small grey type, as a caption


def _analysing(make_app):
    at = make_app()
    token = new_carnet(at)
    at.switch_page(ALLIANCE_PAGE).run()
    at.text_input(key="alliance_query").input("Charenton").run()  # found by its commune
    at.button(key="choose_agir_ensemble_charenton").click().run()
    at.switch_page(ANALYSE_PAGE).run()
    assert not at.exception, at.exception
    open_member_form(at)
    return at, token


def test_editing_a_member_another_tab_deleted_keeps_the_edit_and_says_so(make_app):
    at, token = _analysing(make_app)
    member = carnet_of(at).alliance.members[0]
    at.selectbox(key="member_form_choice").select(member.id).run()
    at.text_area(key="member_form_role").input("Rôle réécrit dans cet onglet")

    other = make_app(carnet=token)
    other.switch_page(ANALYSE_PAGE).run()
    open_member_form(other)
    other.selectbox(key="member_form_choice").select(member.id).run()
    other.checkbox(key=f"member_del_ok_{member.id}").check().run()
    other.button(key="member_delete").click().run()
    assert member.id not in [m.id for m in carnet_of(other).alliance.members]

    click(at, tr(at, "analyse.member_save"))
    assert not at.exception, at.exception  # was StopIteration
    assert any(tr(at, "state.stale_pending") in e.value for e in at.error)
    assert at.session_state[state.STALE]  # the banner asks; this tab's copy is kept
    click(at, tr(at, "state.stale_keep_mine"))
    assert not at.exception, at.exception
    kept = {m.id: m for m in carnet_of(at).alliance.members}
    assert kept[member.id].role == "Rôle réécrit dans cet onglet"


def _refuse(monkeypatch, *use_cases: str) -> None:
    """These use cases of services.analysis refuse (as a save refused by the carnet would)."""
    from services import analysis as analysis_service
    from services.errors import Invalid

    def refused(*args, **kwargs):
        raise Invalid("errors.invalid")

    for name in use_cases:
        monkeypatch.setattr(analysis_service, name, refused)


def test_a_refused_member_move_or_delete_is_said_not_dropped(make_app, monkeypatch):
    at, _ = _analysing(make_app)
    member = carnet_of(at).alliance.members[1]
    at.selectbox(key="member_form_choice").select(member.id).run()
    _refuse(monkeypatch, "move_member", "delete_member")
    click(at, tr(at, "analyse.member_up"))
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [tr(at, "errors.invalid")]
    at.checkbox(key=f"member_del_ok_{member.id}").check().run()
    at.button(key="member_delete").click().run()
    assert [e.value for e in at.error] == [tr(at, "errors.invalid")]


def test_a_refused_draft_is_said_not_dropped(make_app, monkeypatch):
    at, _ = _analysing(make_app)
    _refuse(monkeypatch, "answer")
    open_analyse_part(at, "questions")
    at.button(key="draft_vision").click().run()
    assert not at.exception, at.exception
    assert tr(at, "errors.invalid") in [e.value for e in at.error]


def test_the_forum_post_and_files_follow_the_interface_language(make_app):
    at = make_app(lang="fr")
    token = open_example(at)
    english = make_app(carnet=token, lang="en")  # a French carnet opened in English
    english.session_state[FORUM_OPEN] = True  # the post is drawn when its section is open
    english.switch_page(SYNTHESE_PAGE).run()
    assert not english.exception, english.exception
    assert carnet_of(english).language in ("fr", "en")
    posts = [c.value for c in english.code]
    assert posts and all(tr(english, "summary.forum.greeting") in p for p in posts[:2])
    assert not any("Bonjour" in p for p in posts)


def test_a_commune_with_its_postcode_is_found_and_the_postcode_kept(make_app):
    from tests.app.support import set_territory

    at = make_app()
    new_carnet(at)
    set_territory(at, "Saint-Étienne 42100")
    territory = carnet_of(at).project.territory
    assert (territory.commune, territory.postcode) == ("Saint-Étienne", "42100")
    set_territory(at, "Roubaix 59100")
    assert carnet_of(at).project.territory.commune == "Roubaix"


def test_the_home_page_counts_the_steps_the_sidebar_shows(make_app):
    for lang in ("fr", "en"):
        at = make_app(lang=lang)
        numbered = [title for title in nav_titles(at) if title[:1].isdigit()]
        heading = f"### {tr(at, 'home.steps_title', count=len(numbered))}\n\n"
        block = next(m.value for m in at.markdown if m.value.startswith(heading))
        steps = block.removeprefix(heading).split("\n\n")[0]  # the next heading follows
        assert steps.startswith("1. ")
        assert steps.count("\n") + 1 == len(numbered)
        for title in numbered:
            number, name = title.split(". ", 1)
            assert f"{number}. **{name}**" in steps


def test_no_doubled_label_and_one_name_for_the_worked_example(make_app):
    at = make_app()
    open_example(at)
    at.switch_page(ANALYSE_PAGE).run()
    open_analyse_part(at, "tags")
    at.session_state["definitions_partnership_modes"] = True
    at.session_state["definitions_coconstruction_forms"] = True
    at.run()
    captions = " ".join(c.value for c in at.caption)
    label = tr(at, "analyse.illustration")
    assert label in captions
    assert f"{label} : Illustration" not in captions.replace("\u00a0", " ")
    open_analyse_part(at, "questions")
    for question in QUESTIONS:
        at.session_state[f"guidance_{question}"] = True
    at.run()
    guidance = " ".join(m.value for m in at.markdown)
    assert carnet_of(at).alliance.name in guidance.replace("\\", "")


def test_projection_hides_the_private_link_on_the_home_page(make_app):
    at = make_app()
    token = open_example(at)
    projected = make_app(carnet=token, projection="1")
    assert not projected.exception, projected.exception
    shown = " ".join(c.value for c in projected.code)
    assert token not in shown
    assert any(b.label == tr(projected, "synthese.share_create") for b in projected.button)
    assert any(tr(projected, "home.saving_note") in m.value for m in projected.markdown)
    projected.toggle(key="home_show_private").set_value(True).run()
    assert token in " ".join(c.value for c in projected.code)
    # The top navigation lists the journey only in projection mode (the pages after it are
    # routable, hidden there): its titles fit on one line at 1280 px.
    journey = {spec.id for spec in shell.JOURNEY} | {""}  # the home page: the default, at "/"
    titles = [
        info["page_name"]
        for info in projected._registered_pages.values()
        if info["url_pathname"] in journey
    ]
    assert len(titles) == len(shell.JOURNEY), titles
    assert all(len(title) <= 14 for title in titles), titles
    plain = make_app(carnet=token)
    assert token in " ".join(c.value for c in plain.code)


def test_where_to_look_reads_as_advice_without_research_notes(make_app):
    from tests.app.support import open_page, set_territory

    for lang, region_commune in (("fr", "Rennes"), ("en", "Lyon")):
        at = make_app(lang=lang)
        new_carnet(at)
        set_territory(at, region_commune)
        open_page(at, "acteurs")
        headers = [h.value for h in at.header]
        assert headers.index(tr(at, "actors.map.title")) < headers.index(
            tr(at, "actors.guide.title")
        )  # the map before the guide
        for category in load_categories():
            at.selectbox(key="actors_guide_category").set_value(category.id).run()
            assert not at.exception, at.exception
            text = " ".join(m.value for m in at.markdown)
            for n in range(3):
                assert tr(at, f"actors.guide.advice.{n}") in text, (category.id, n)
            lowered = text.lower()
            assert "vérifi" not in lowered and "verifi" not in lowered, category.id
            assert "voir les exemples" not in lowered and "see the examples" not in lowered
            advice = category.advice.pick(lang)
            assert 2 <= len(advice) <= 3
            plain = text.replace("\\", "")
            for line in advice:
                assert plain.count(line) == 1, (category.id, line)  # shown, and only once


def test_new_carnet_while_one_is_open_asks_first_and_the_save_time_shows(make_app):
    at = make_app()
    token = new_carnet(at)
    assert any("Enregistré à" in c.value for c in at.sidebar.caption)
    click(at, tr(at, "home.new"))
    assert at.session_state[state.TOKEN] == token  # nothing replaced yet
    assert any(tr(at, "home.new_confirm") == w.value for w in at.warning)
    click(at, tr(at, "home.new_confirm_no"))
    assert at.session_state[state.TOKEN] == token
    click(at, tr(at, "home.new"))
    click(at, tr(at, "home.new_confirm_yes"))
    assert at.session_state[state.TOKEN] != token


def test_an_alliance_search_with_no_result_offers_to_clear_the_filters(make_app):
    at = make_app()
    new_carnet(at)
    at.switch_page(ALLIANCE_PAGE).run()
    total = len([b for b in at.button if (b.key or "").startswith("choose_")])
    at.text_input(key="alliance_query").input("zzzz introuvable").run()
    assert not [b for b in at.button if (b.key or "").startswith("choose_")]
    assert any(tr(at, "alliance.none_found") == i.value for i in at.info)
    at.button(key="alliance_clear_filters").click().run()
    assert not at.exception, at.exception
    assert at.text_input(key="alliance_query").value == ""
    assert len([b for b in at.button if (b.key or "").startswith("choose_")]) == total


def test_the_share_page_prints_switches_language_and_starts_a_carnet(make_app):
    at = make_app()
    open_example(at)
    at.switch_page(SYNTHESE_PAGE).run()
    at.button(key="share_create").click().run()
    share = at.session_state["carnet_share_token"]
    viewer = make_app(share=share)
    assert not viewer.exception, viewer.exception
    pdf = viewer.get("download_button")
    assert len(pdf) == 1 and "PDF" in pdf[0].proto.label
    links = [str(x.proto) for x in viewer.get("link_button")]
    assert any(
        "Commencer mon propre carnet" in x and "share" not in x.split("url:")[1] for x in links
    )
    assert viewer.title[0].value == "Carnet partagé (lecture seule)"
    viewer.session_state["share_lang"] = "en"  # the reader picks English
    viewer.run()
    assert not viewer.exception, viewer.exception
    assert viewer.title[0].value == Translator("en")("partage.title")
    answers = " ".join(m.value for m in viewer.main.markdown)
    assert f"### {Translator('en')('summary.question.vision')}" in answers  # each question an h3


def test_projection_grows_tables_and_maps_with_the_type(make_app):
    at = make_app()
    token = open_example(at)
    at.switch_page(SYNTHESE_PAGE).run()
    assert at.dataframe and not at.table
    plain_height = at.fake_map.last["rendered"].arguments["height"]
    projected = make_app(carnet=token, projection="1")
    projected.switch_page(SYNTHESE_PAGE).run()
    assert not projected.exception, projected.exception
    assert projected.table and not projected.dataframe  # HTML tables follow the larger type
    assert projected.fake_map.last["rendered"].arguments["height"] > plain_height


def test_the_members_editor_shows_family_labels_not_codes(make_app):
    at = make_app()
    open_example(at)
    at.switch_page(ANALYSE_PAGE).run()
    assert not at.exception, at.exception
    open_members_view(at, "edit")
    column = tr(at, "analysis.column.family")
    frames = [df.value for df in at.dataframe if "name" in df.value.columns]
    assert frames, [list(df.value.columns) for df in at.dataframe]
    shown = set(frames[0]["family"])
    codes = {family.value for family in Family}
    labels = {tr(at, f"family.{code}") for code in codes}
    assert shown and shown <= labels and not shown & codes, (column, shown)
