"""« Annuaire », « Modération » and the Actors page's directory additions, with AppTest (the
real app.py, a throw-away SQLite file, the small seed of ``tests/seed``, the map's hand-over to
the browser faked by ``FakeMap``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from components import directory as directory_component
from components import directory_page
from components.shell import DIRECTORY_PAGE, MODERATION_PAGE
from domain.i18n import Translator
from services import directory as svc
from tests.app.support import open_actors_part, open_page, set_territory, start_carnet
from tests.corpus import hostile_strings

SEED = Path(__file__).resolve().parents[1] / "seed" / "directory_seed_small.json"
KEY = "cle-de-moderation-tres-longue-0123456789abcdef"
FR = Translator("fr")


@pytest.fixture
def directory_env(app_env, monkeypatch):
    monkeypatch.setenv("CARNET_DIRECTORY_SEED", str(SEED))
    monkeypatch.setenv("CARNET_MODERATOR_KEY", KEY)
    directory_component._rendered.clear()
    directory_page._tables.clear()
    return app_env


def ok(at):
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.error] + [s.value for s in at.success]
    parts += [w.value for w in at.warning] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def annuaire(app_test):
    at = app_test("fr")
    ok(at.run())
    return ok(at.switch_page(DIRECTORY_PAGE.file).run())


def moderation(app_test, key: str | None = KEY):
    at = app_test("fr", query={"cle": key} if key else None)
    ok(at.run())
    return ok(at.switch_page(MODERATION_PAGE.file).run())


def button(at, label):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0]


def test_the_directory_works_without_a_carnet(directory_env, app_test):
    at = annuaire(app_test)
    assert at.title[0].value == FR("directory.title")
    page = texts(at)
    assert "Ronalpia" in page and "CRESS Bretagne" in page
    assert FR("directory.source_learners") not in page  # only sourced entries so far
    assert "[Ronalpia](https://ronalpia.fr/?p=21061)" in page  # the source, as a link
    features = at.fake_map.features()
    assert len(features) == 12  # the 7 région-only CRESS and DLA are listed, not drawn
    assert {f["properties"]["c"] for f in features} >= {"incubateur_social", "cress"}
    assert at.dataframe[0].value.shape[0] == 19
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Tout l’annuaire en CSV (19)" in labels
    assert "Open Database License" in page


def test_filters_by_region_departement_category_and_text(directory_env, app_test):
    at = annuaire(app_test)
    at.selectbox(key=directory_page.REGION).set_value("53").run()
    ok(at)
    assert at.dataframe[0].value.shape[0] == 2
    assert at.fake_map.features() == []
    assert FR("directory.count", count=2, located=0, region_only=2) in texts(at)
    at.selectbox(key=directory_page.REGION).set_value("").run()
    at.multiselect(key=directory_page.CATEGORIES).set_value(["incubateur_social"]).run()
    at.text_input(key=directory_page.TEXT).input("lyon").run()
    ok(at)
    assert list(at.dataframe[0].value.iloc[:, 0]) == ["Ronalpia"]
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Résultats filtrés en GeoJSON (1)" in labels


def test_a_report_keeps_the_entry_visible_with_a_note(directory_env, app_test):
    at = annuaire(app_test)
    store = at.session_state  # noqa: F841 - the session exists
    entry = next(
        e
        for e in svc.search(directory_component.store(), svc.DirectoryFilter())
        if e.name == "Ronalpia"
    )
    at.selectbox(key=directory_page.REPORT_ENTRY).set_value(entry.id)
    at.selectbox(key=directory_page.REPORT_REASON).set_value("closed")
    at.text_input(key=directory_page.REPORT_TEXT).input("<b>fermé</b>")
    at.button[[b.label for b in at.button].index(FR("directory.report_send"))].click().run()
    ok(at)
    assert "HTML" in texts(at)  # refused, said in French
    at.text_input(key=directory_page.REPORT_TEXT).input("Fermé depuis 2025")
    at.selectbox(key=directory_page.REPORT_ENTRY).set_value(entry.id)
    at.selectbox(key=directory_page.REPORT_REASON).set_value("closed")
    at.button[[b.label for b in at.button].index(FR("directory.report_send"))].click().run()
    ok(at)
    page = texts(at)
    assert FR("directory.report_sent") in page
    assert FR("directory.reported_note") in page


def test_moderation_without_a_configured_key_explains_and_shows_nothing(
    directory_env, app_test, monkeypatch
):
    monkeypatch.delenv("CARNET_MODERATOR_KEY")
    at = moderation(app_test, key="anything")
    page = texts(at)
    assert FR("moderation.not_configured") in page and "CARNET_MODERATOR_KEY" in page
    assert not [b for b in at.button if b.label == FR("moderation.publish")]


def test_moderation_with_a_wrong_key_shows_nothing_of_the_queue(directory_env, app_test):
    at = moderation(app_test, key="wrong-key")
    page = texts(at)
    assert FR("errors.forbidden") in page
    assert FR("moderation.queue", count=0) not in page


def learner_with_territory(app_test, commune="Lyon"):
    at = app_test("fr")
    start_carnet(at)
    set_territory(at, commune)
    return open_page(at, "acteurs")


def test_suggestions_add_a_copy_that_remembers_its_entry(directory_env, app_test):
    at = learner_with_territory(app_test)
    open_actors_part(at, "suggestions")
    page = texts(at)
    assert FR("directory.suggestions_title") in [h.value for h in at.header]
    assert "Ronalpia" in page and FR("directory.scope.departement") in page
    assert "CRESS Auvergne" in page and FR("directory.scope.region") in page
    assert "Rien encore près de chez vous pour" in page  # categories with nothing near
    chooser = at.multiselect(key="directory_suggestions_chosen")
    [ronalpia] = [o for o in chooser.options if o.startswith("Ronalpia")]
    # Nothing chosen: said, nothing added.
    before = len(at.session_state["carnet"].actors)
    button(at, FR("directory.suggestion_add")).click().run()
    assert FR("directory.suggestions_none_chosen") in [e.value for e in at.error]
    assert len(at.session_state["carnet"].actors) == before
    at.multiselect(key="directory_suggestions_chosen").select(ronalpia)
    button(at, FR("directory.suggestion_add")).click().run()
    ok(at)
    [copy] = [a for a in at.session_state["carnet"].actors if a.name == "Ronalpia"]
    assert copy.directory_entry_id is not None and copy.website == "https://ronalpia.fr"
    assert any("**Ronalpia**" in s.value for s in at.success)
    chooser = at.multiselect(key="directory_suggestions_chosen")
    assert not any(o.startswith("Ronalpia") for o in chooser.options)  # no longer suggested
    assert "Ronalpia" not in " ".join(m.value for m in at.markdown)
    assert chooser.value == []  # the form was cleared


def open_propose_form(at):
    """Open the tab « Proposer à l’annuaire » and its form (both drawn only when open)."""
    at.session_state["actors_part"] = FR("directory.propose_title")
    at.session_state["directory_propose_open"] = True
    return ok(at.run())


def propose_first_actor(at, description="Un incubateur pour l’ESS."):
    actor = at.session_state["carnet"].actors[0]
    open_propose_form(at)
    at.selectbox(key="directory_propose_actor").set_value(actor.id).run()
    at.text_area(key="directory_propose_description").input(description).run()
    ok(at)
    at.checkbox(key="directory_propose_consent").check().run()
    button(at, FR("directory.send")).click().run()
    return ok(at)


def add_actor_with_private_notes(at, name="Atelier solidaire de la Croix-Rousse"):
    from components import state as state_module  # noqa: F401
    from domain import actors as domain_actors

    carnet = at.session_state["carnet"]
    domain_actors.add_actor(
        carnet,
        name=name,
        category="incubateur_social",
        commune="Lyon",
        contact_person="Mme Privée",
        notes="NOTE-SECRETE-A",
    )
    store = directory_component.state.store()
    token = at.session_state["carnet_token"]
    stored = store.save(token, carnet, expected_version=at.session_state["carnet_version"])
    at.session_state["carnet_version"] = stored.version
    at.session_state["carnet"] = stored.carnet
    return ok(at.run())


def test_propose_preview_consent_status_withdraw_and_publish(directory_env, app_test):
    at = learner_with_territory(app_test)
    add_actor_with_private_notes(at)
    actor = at.session_state["carnet"].actors[0]
    open_actors_part(at, "propose")
    assert "directory_propose_actor" not in [s.key for s in at.selectbox]  # closed: not drawn
    open_propose_form(at)
    at.selectbox(key="directory_propose_actor").set_value(actor.id).run()
    page = texts(at)
    assert FR("directory.preview_title") in page
    assert "NOTE\\-SECRETE" not in page and "NOTE-SECRETE" not in page and "Privée" not in page
    button(at, FR("directory.send")).click().run()  # no consent yet
    assert FR("directory.error.consent") in texts(ok(at))
    propose_first_actor(at)
    page = texts(at)
    assert FR("directory.sent_new") in page and FR("directory.status.pending") in page
    button(at, FR("directory.withdraw")).click().run()
    assert FR("directory.status.withdrawn") in texts(ok(at))
    propose_first_actor(at)

    mod = moderation(app_test)
    page = texts(mod)
    assert FR("moderation.queue", count=1) in [h.value for h in mod.header]
    assert "NOTE-SECRETE" not in page and "NOTE\\-SECRETE" not in page and "Privée" not in page
    button(mod, FR("moderation.publish")).click().run()
    assert FR("moderation.published") in texts(ok(mod))

    ok(at.run())
    assert FR("directory.status.published") in texts(at)
    visitor = annuaire(app_test)
    page = texts(visitor)
    assert "Atelier solidaire de la Croix" in page and FR("directory.source_learners") in page
    assert "NOTE-SECRETE" not in page and "Privée" not in page


def test_refuse_needs_a_reason_that_the_learner_reads(directory_env, app_test):
    at = learner_with_territory(app_test)
    add_actor_with_private_notes(at)
    propose_first_actor(at)
    mod = moderation(app_test)
    button(mod, FR("moderation.refuse")).click().run()
    assert FR("directory.error.reason_required") in texts(ok(mod))
    reason_key = next(
        w.key for w in mod.text_input if w.key and w.key.startswith("moderation_reason_")
    )
    mod.text_input(key=reason_key).input("Déjà dans l’annuaire sous un autre nom").run()
    button(mod, FR("moderation.refuse")).click().run()
    ok(mod)
    ok(at.run())
    assert "Déjà dans l’annuaire sous un autre nom" in texts(at)


def test_hostile_strings_on_the_directory_and_moderation_pages(directory_env, app_test):
    payloads = [p for p in hostile_strings() if p.strip()][:40]
    store = directory_component.state.stores()
    directory = store.directory
    svc.import_seed(directory, [c for c in directory_component.category_ids()], SEED)
    moderator = svc.Moderator("test")
    from domain.directory import Place
    from domain.models import Actor, Carnet

    published = 0
    for n, payload in enumerate(payloads):
        carnet_id = store.carnets.create(Carnet()).id
        actor = Actor(name=(payload[:120] or "x") + f" n{n}", category="cress", commune="Lyon")
        try:
            fields = svc.preview(
                actor,
                Place(
                    commune="Lyon",
                    insee="69123",
                    departement="69",
                    region="Auvergne-Rhône-Alpes",
                    region_code="84",
                    lat=45.76,
                    lon=4.83,
                ),
                payload[:300],
                directory_component.category_ids(),
            )
            outcome = svc.propose(
                directory,
                carnet_id=carnet_id,
                actor_id=actor.id,
                fields=fields,
                language="fr",
                consent=True,
            )
        except svc.ServiceError:
            continue
        if n % 2 == 0:
            svc.publish(
                directory, moderator, outcome.proposal_id, directory_component.category_ids()
            )
            published += 1
    assert published > 5
    at = annuaire(app_test)
    for feature in at.fake_map.features():
        for value in feature["properties"].values():
            assert "<" not in str(value) and "`" not in str(value) and "${" not in str(value)
    rendered = at.fake_map.last["rendered"].arguments["feature_group"]
    assert "<script" not in rendered and "onerror=" not in rendered.replace("onerror&#61;", "")
    mod = moderation(app_test)
    assert FR("moderation.queue", count=0) not in [h.value for h in mod.header]
    for element in list(mod.markdown) + list(at.markdown):
        value = str(element.value)
        assert "<script" not in value and "<img" not in value and "<svg" not in value


def test_the_directory_in_english(directory_env, app_test):
    at = app_test("en")
    ok(at.run())
    ok(at.switch_page(DIRECTORY_PAGE.file).run())
    en = Translator("en")
    assert at.title[0].value == en("directory.title")
    page = texts(at)
    assert "Regional chamber of the social and solidarity economy" in page
    assert en("directory.source", source="") in page


def test_bulk_publish_and_an_entry_history(directory_env, app_test):
    from domain.directory import Place
    from domain.models import Actor, Carnet

    stores = directory_component.state.stores()
    directory = directory_component.store()
    lyon = Place(
        commune="Lyon",
        insee="69123",
        departement="69",
        region="Auvergne-Rhône-Alpes",
        region_code="84",
        lat=45.76,
        lon=4.83,
    )
    for name in ("Réseau Entreprendre Rhône", "Maison de l’ESS de Lyon"):
        actor = Actor(name=name, category="parapublic_innovation", commune="Lyon")
        fields = svc.preview(actor, lyon, "", directory_component.category_ids())
        svc.propose(
            directory,
            carnet_id=stores.carnets.create(Carnet()).id,
            actor_id=actor.id,
            fields=fields,
            language="fr",
            consent=True,
        )
    mod = moderation(app_test)
    assert FR("moderation.queue", count=2) in [h.value for h in mod.header]
    for box in mod.checkbox:
        if box.key and box.key.startswith("moderation_select_"):
            box.check()
    mod.run()
    button(mod, FR("moderation.bulk_publish", count=2)).click().run()
    ok(mod)
    assert FR("moderation.bulk_done", count=2) in texts(mod)
    assert FR("moderation.queue", count=0) in [h.value for h in mod.header]
    mod.text_input(key="moderation_history_query").input("Maison de l ESS").run()
    page = texts(ok(mod))
    assert FR("moderation.action.publish") in page and "session" in page


def test_a_description_typed_survives_closing_the_proposal_form(directory_env, app_test):
    """The form is drawn only when open: what was typed in it comes back when it opens again."""
    at = learner_with_territory(app_test)
    add_actor_with_private_notes(at)
    open_propose_form(at)
    actor = at.session_state["carnet"].actors[0]
    at.selectbox(key="directory_propose_actor").set_value(actor.id).run()
    at.text_area(key="directory_propose_description").input("Un lieu d’entraide.").run()
    at.session_state["directory_propose_open"] = False
    ok(at.run())
    assert "directory_propose_description" not in [a.key for a in at.text_area]
    open_propose_form(at)
    at.selectbox(key="directory_propose_actor").set_value(actor.id).run()
    assert at.text_area(key="directory_propose_description").value == "Un lieu d’entraide."
