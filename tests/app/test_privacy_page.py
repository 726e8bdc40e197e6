"""« Supprimer mon carnet » on Accueil (with its confirmation), the private link of a deleted
carnet, and the « Données personnelles » page in French and English."""

from __future__ import annotations

from components import privacy, state
from components.shell import PRIVACY_PAGE
from tests.app.support import click, new_carnet, tr


def open_delete_section(at):
    """« Supprimer mon carnet » draws its content only when open: open it as the learner does."""
    assert not [c for c in at.checkbox if c.key == privacy.CONFIRM]  # closed: nothing drawn
    at.session_state[privacy.OPEN] = True
    at.run()
    assert not at.exception, at.exception
    return at


def delete_button(at):
    label = tr(at, "privacy.delete_button")
    return next(b for b in at.button if b.label == label)


def test_deleting_needs_the_confirmation_then_the_link_says_deleted(app_test):
    at = app_test()
    at.run()
    token = new_carnet(at)
    open_delete_section(at)
    assert delete_button(at).disabled  # not before the box is ticked
    at.checkbox(key="privacy_delete_confirm").check().run()
    assert not delete_button(at).disabled
    delete_button(at).click().run()
    assert not at.exception, at.exception
    assert state.CARNET not in at.session_state
    assert tr(at, "privacy.delete_done") in [s.value for s in at.success]
    assert state.stores().carnets.version(token) is None

    again = app_test(query={"carnet": token}).run()  # the private link, in a new session
    assert not again.exception, again.exception
    assert tr(again, "privacy.link_deleted") in [i.value for i in again.info]
    assert tr(again, "state.not_found") not in [e.value for e in again.error]

    unknown = app_test(query={"carnet": "n" * 43}).run()  # a link that never existed
    assert tr(unknown, "state.not_found") in [e.value for e in unknown.error]
    assert tr(unknown, "privacy.link_deleted") not in [i.value for i in unknown.info]


def test_a_tab_still_open_on_a_deleted_carnet_is_told(app_test):
    first = app_test()
    first.run()
    token = new_carnet(first)
    second = app_test(query={"carnet": token}).run()
    assert second.session_state[state.TOKEN] == token
    open_delete_section(first).checkbox(key="privacy_delete_confirm").check().run()
    delete_button(first).click().run()
    second.run()  # its next rerun notices
    assert state.TOKEN not in second.session_state
    assert tr(second, "privacy.link_deleted") in [i.value for i in second.info]


def test_the_personal_data_page_in_both_languages(app_test, monkeypatch):
    monkeypatch.setenv("CARNET_RETENTION_DAYS", "45")
    for lang, retention in (("fr", "45 jours"), ("en", "45 days")):
        at = app_test(lang=lang)
        at.run()
        at.switch_page(PRIVACY_PAGE.file).run()
        assert not at.exception, at.exception
        assert at.title[0].value == tr(at, "privacy.title")
        subheaders = [h.value for h in at.subheader]
        for section in ("what", "where", "who", "how_long", "delete_how"):
            assert tr(at, f"privacy.{section}_title") in subheaders
        text = " ".join(m.value for m in at.markdown)
        assert retention in text


def test_the_personal_data_page_offers_deletion_when_a_carnet_is_open(app_test):
    at = app_test()
    at.run()
    new_carnet(at)
    at.switch_page(PRIVACY_PAGE.file).run()
    open_delete_section(at).checkbox(key="privacy_delete_confirm").check().run()
    click(at, tr(at, "privacy.delete_button"))
    assert state.CARNET not in at.session_state
    assert tr(at, "privacy.delete_done") in [s.value for s in at.success]
