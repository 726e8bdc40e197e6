"""AppTest: the summary page, its missing-part pointers, the forum post, the download buttons,
and the read-only share link (no edit control, no private field, revocable)."""

from components.sharing import DOWNLOADS_OPEN, FORUM_OPEN, MANAGE_OPEN
from domain.example import example_carnet
from tests.app.support import new_carnet, open_example, tr

SUMMARY_PAGE = "app_pages/synthese.py"


def open_sections(at, *keys: str):
    """Open folded sections of « Synthèse » (keyed expanders drawn only when open), as a click
    on their label does."""
    for key in keys:
        at.session_state[key] = True
    return at.run()


def test_empty_carnet_points_to_what_is_missing(make_app):
    at = make_app()
    new_carnet(at)
    at.switch_page(SUMMARY_PAGE).run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 4
    links = [link.label for link in at.main.get("page_link")]
    assert "Compléter : Mon projet".replace(" :", "\u00a0:") in links


def test_example_summary_forum_post_and_downloads(make_app):
    at = make_app()
    open_example(at)
    at.switch_page(SUMMARY_PAGE).run()
    assert not at.exception
    assert not at.warning, "the example is complete"
    # Folded: the forum post and the files are not drawn (nothing sent) until opened.
    labels = [e.label for e in at.expander]
    assert tr(at, "synthese.forum_title") in labels and tr(at, "synthese.downloads_title") in labels
    assert not at.code and not at.get("download_button") and not at.main.toggle
    open_sections(at, FORUM_OPEN, DOWNLOADS_OPEN)
    assert not at.exception
    example = example_carnet("fr")
    forum_text, forum_markdown = (code.value for code in at.code[:2])
    assert example.answers.vision[:60] in forum_text
    assert "CRESS Île-de-France" in forum_text
    for private in (example.actors[0].contact_person, example.actors[0].notes):
        assert private not in forum_text and private not in forum_markdown
    assert "**" not in forum_text and "](" not in forum_text  # plain text pastes as is
    downloads = at.get("download_button")
    # the PDF is made on request, with a progress bar; the example's stakeholders have their CSV
    assert len(downloads) == 6
    at.button(key="pdf_prepare").click().run()
    assert not at.exception
    assert at.status and at.status[0].proto.state == 2  # complete
    labels = [d.proto.label for d in at.get("download_button")]
    assert len(labels) == 7 and "PDF" in labels
    at.run()
    assert "pdf_prepare" not in [b.key for b in at.button]  # made once per version
    assert "PDF" in [d.proto.label for d in at.get("download_button")]
    # Private fields only when the learner ticks the box.
    assert at.checkbox(key="include_private").value is False
    # Closed again: neither the post nor the files are sent; the PDF made is kept for reopening.
    at.session_state[DOWNLOADS_OPEN] = False
    at.session_state[FORUM_OPEN] = False
    at.run()
    assert not at.code and not at.get("download_button") and not at.get("status")
    open_sections(at, DOWNLOADS_OPEN)
    assert "PDF" in [d.proto.label for d in at.get("download_button")]
    assert at.checkbox(key="include_private").value is False


def test_share_link_opens_read_only_without_private_fields_and_can_be_revoked(make_app):
    at = make_app()
    open_example(at)
    at.switch_page(SUMMARY_PAGE).run()
    at.button(key="share_create").click().run()
    # Replacing or switching off the link is folded until asked for.
    assert "share_revoke" not in [b.key for b in at.button]
    share = at.session_state["carnet_share_token"]
    assert share and share != at.session_state["carnet_token"]
    assert any(f"?share={share}" in code.value for code in at.code)
    qr = [h for h in at.get("html") if "data:image/png;base64," in str(h.proto)]
    body = str(qr[0].proto) if len(qr) == 1 else ""
    assert "alt=" in body and "QR code du lien" in body, "a QR code with an alt text"

    viewer = make_app(share=share)
    assert not viewer.exception
    assert viewer.title[0].value == "Carnet partagé (lecture seule)"
    assert not viewer.button and not viewer.text_input and not viewer.text_area
    assert not viewer.checkbox and len(viewer.get("download_button")) == 1  # the PDF only
    assert len(viewer.sidebar.children) == 0
    page_text = " ".join(str(element.proto) for element in viewer.main.get("markdown"))
    example = example_carnet("fr")
    assert example.answers.expertise[:50] in page_text
    for actor in example.actors:
        assert not actor.notes or actor.notes not in page_text
    frames = " ".join(str(df.value.to_dict()) for df in viewer.dataframe)
    assert "Chargée de mission" not in frames  # the example's private contact person

    # Revoking kills the link.
    open_sections(at, MANAGE_OPEN)
    at.checkbox(key="share_revoke_ok").check().run()
    at.button(key="share_revoke").click().run()
    gone = make_app(share=share)
    assert any("n’existe pas ou a été désactivé" in e.value for e in gone.error)


def test_the_private_link_is_not_a_share_link(make_app):
    at = make_app()
    token = new_carnet(at)
    viewer = make_app(share=token)
    assert viewer.error and not viewer.text_input


def test_summary_in_english(make_app):
    at = make_app(lang="en")
    open_example(at)
    at.switch_page(SUMMARY_PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Summary"
    open_sections(at, FORUM_OPEN)
    assert example_carnet("en").answers.interest[:50] in at.code[0].value
