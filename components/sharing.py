"""The Synthèse page's outputs: the forum post, the downloads and the read-only share link."""

from __future__ import annotations

import base64
import functools
import io

import segno
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from adapters.exports.csv_export import actors_csv
from adapters.exports.forum import forum_post_markdown, forum_post_text
from adapters.exports.geojson import actors_geojson
from adapters.exports.html import summary_html
from adapters.exports.markdown import summary_markdown
from adapters.exports.pdf import summary_pdf
from adapters.exports.stakeholders import stakeholders_csv
from components import focus, messages, sections, shell, state
from components.summary_view import fresh_summary, summary_of
from domain import links
from domain.i18n import Translator
from domain.models import Carnet
from domain.summary import Summary
from domain.text import escape_html
from services import carnets


def _share_url() -> str:
    """The carnet's read-only link when the learner made one (the short post points to it)."""
    share_token = state.share_token()
    if share_token is None:
        return ""
    return links.share_link(st.context.url, share_token, tuple(spec.id for spec in shell.JOURNEY))


# The keys of the two sections drawn on demand (True when open; AppTests set them to open).
FORUM_OPEN = "synthese_forum_open"
DOWNLOADS_OPEN = "synthese_downloads_open"


def _section(label: str, key: str, icon: str) -> DeltaGenerator | None:
    """A section of « Synthèse » drawn only when the learner opens it (a keyed expander that
    reruns when opened or closed: closed, nothing but its label is sent); the expander to draw
    into when open, else None."""
    section = st.expander(label, key=key, on_change="rerun", icon=icon)
    return section if section.open else None


def forum_post(carnet: Carnet) -> None:
    """« Le message pour le forum », folded: the text to paste, short or full, plain or Markdown."""
    t = state.t()
    section = _section(t("synthese.forum_title"), FORUM_OPEN, ":material/forum:")
    if section is not None:
        with section:
            _forum_post(carnet, t)


def _forum_post(carnet: Carnet, t: Translator) -> None:
    st.write(t("synthese.forum_help"))
    summary, summary_t = summary_of(carnet, lang=state.language())
    full = st.toggle(t("synthese.forum_full"), key="forum_full", help=t("synthese.forum_full_help"))
    share_url = "" if full else _share_url()
    if not full and not share_url:
        st.caption(t("synthese.forum_share_hint"))
    text, markdown = state.derived(
        carnet,
        ("forum", summary_t.lang, full, share_url),
        lambda: (
            forum_post_text(summary, summary_t, full=full, share_url=share_url),
            forum_post_markdown(summary, summary_t, full=full, share_url=share_url),
        ),
    )
    text_tab, markdown_tab = st.tabs([t("synthese.forum_text"), t("synthese.forum_markdown")])
    # st.code shows the text verbatim (nothing rendered) with a copy-to-clipboard button.
    with text_tab:
        st.code(text, language=None, wrap_lines=True)
        st.caption(t("synthese.forum_length", count=len(text)))
    with markdown_tab:
        st.code(markdown, language="markdown", wrap_lines=True)
        st.caption(t("synthese.forum_length", count=len(markdown)))


def downloads(carnet: Carnet) -> None:
    """« Télécharger », folded: the files of the carnet, private fields only when ticked."""
    t = state.t()
    section = _section(t("synthese.downloads_title"), DOWNLOADS_OPEN, ":material/download:")
    if section is not None:
        with section:
            _downloads(carnet, t)


def _downloads(carnet: Carnet, t: Translator) -> None:
    include_private = st.checkbox(
        t("synthese.include_private"),
        key="include_private",
        help=t("synthese.include_private_help"),
    )
    if include_private:
        st.warning(t("synthese.private_warning"), icon=":material/lock_open:")

    lang = state.language()  # the files speak the interface's language, like the page

    def summary() -> tuple[Summary, Translator]:
        # Called by Streamlit's server thread when the button is clicked: no session there.
        return fresh_summary(carnet, include_private=include_private, lang=lang)

    carnet_name, actors_name = t("synthese.file.carnet"), t("synthese.file.actors")
    files = [
        (
            "markdown",
            f"{carnet_name}.md",
            "text/markdown",
            lambda: summary_markdown(*summary()).encode("utf-8"),
        ),
        (
            "html",
            f"{carnet_name}.html",
            "text/html",
            lambda: summary_html(*summary()).encode("utf-8"),
        ),
        ("csv", f"{actors_name}.csv", "text/csv", lambda: actors_csv(summary()[0])),
        (
            "geojson",
            f"{actors_name}.geojson",
            "application/geo+json",
            lambda: actors_geojson(summary()[0]).encode("utf-8"),
        ),
        (
            "json",
            f"{carnet_name}.json",
            "application/json",
            lambda: carnets.export_json(carnet, include_private=include_private).encode("utf-8"),
        ),
    ]
    if carnet.stakeholders:  # the optional step done: its own CSV
        files.append(
            (
                "stakeholders_csv",
                f"{t('synthese.file.stakeholders')}.csv",
                "text/csv",
                lambda: stakeholders_csv(summary()[0]),
            )
        )
    columns = st.columns(3)
    with columns[2]:
        pdf_download(carnet, include_private)
    for index, (kind, file_name, mime, make) in enumerate(files):
        with columns[(index if index < 2 else index + 1) % 3]:  # the PDF is third
            st.download_button(
                t(f"synthese.download.{kind}"),
                data=make,
                file_name=file_name,
                mime=mime,
                on_click="ignore",
                icon=":material/download:",
                key=f"download_{kind}",
                help=t(f"synthese.download.{kind}.help"),
            )


def pdf_download(carnet: Carnet, include_private: bool) -> None:
    """The PDF in two steps, so that the learner sees it being made: « Préparer le PDF » builds
    it here, in the script, with a progress bar (a download button's deferred data runs in the
    server's thread, where nothing can be shown); then its download button. The file is kept for
    this version of the carnet (state.derived): a later change asks for a new one."""
    t = state.t()
    made: dict[bool, bytes] = state.derived(carnet, ("pdf_files", state.language()), dict)
    if include_private not in made and st.button(
        t("synthese.pdf_prepare"),
        key="pdf_prepare",
        icon=":material/picture_as_pdf:",
        help=t("synthese.download.pdf.help"),
    ):
        with st.status(t("synthese.pdf_making"), expanded=True) as status:
            bar = st.progress(0.0, text=t("synthese.pdf_progress", percent=0))

            def progress(share: float) -> None:
                bar.progress(share, text=t("synthese.pdf_progress", percent=round(share * 100)))

            summary, summary_t = fresh_summary(
                carnet, include_private=include_private, lang=state.language()
            )
            made[include_private] = summary_pdf(summary, summary_t, progress=progress)
            status.update(label=t("synthese.pdf_ready"), state="complete", expanded=False)
    if include_private in made:
        st.download_button(
            t("synthese.download.pdf"),
            data=made[include_private],
            file_name=f"{t('synthese.file.carnet')}.pdf",
            mime="application/pdf",
            on_click="ignore",
            icon=":material/download:",
            key="download_pdf",
            help=t("synthese.download.pdf.help"),
        )


@functools.lru_cache(maxsize=256)
def qr_png(url: str, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


SHARE_PLACE = "share"  # where the share panel's messages are shown


def _create_link() -> None:
    if messages.attempt(lambda: carnets.share(state.session()), SHARE_PLACE):
        focus.request(focus.SHARE_LINK)  # the button goes: the focus goes to the new link


def _renew_link() -> None:
    messages.attempt(lambda: carnets.share(state.session()), SHARE_PLACE)


def _revoke_link() -> None:
    if messages.attempt(lambda: carnets.revoke(state.session()), SHARE_PLACE):
        focus.request(focus.SHARE_CREATE)  # the link and its buttons go: back to « Créer »


MANAGE_OPEN = "share_manage_open"  # the folded « Remplacer ou désactiver ce lien »


@functools.lru_cache(maxsize=256)
def qr_figure(url: str, alt: str, caption: str) -> str:
    """The link's QR code and its caption as one HTML figure (one element). st.image cannot
    give the picture an alt text; this holds only our own PNG and translated, escaped texts
    (no learner text). The caption is in the small, faded type of st.caption."""
    png = base64.b64encode(qr_png(url)).decode()
    return (
        f'<figure style="margin:0"><img src="data:image/png;base64,{png}" width="200" '
        f'height="200" alt="{escape_html(alt)}"><figcaption style="font-size:0.875rem;'
        f'opacity:0.6">{escape_html(caption)}</figcaption></figure>'
    )


def share_panel() -> None:
    t = state.t()
    share_token = state.share_token()
    # The heading and its text in one Markdown block; once the link exists, what it opens too.
    paragraphs = [f"## {t('synthese.share_title')}", t("synthese.share_help")]
    if share_token is not None:
        paragraphs.append(sections.small_print(t("synthese.share_readonly")))  # as a caption
    st.markdown("\n\n".join(paragraphs))
    messages.show(SHARE_PLACE)
    if share_token is None:
        with focus.target(focus.SHARE_CREATE):
            st.button(
                t("synthese.share_create"),
                on_click=_create_link,
                icon=":material/share:",
                key="share_create",
                type="primary",
            )
        return
    url = links.share_link(st.context.url, share_token, tuple(spec.id for spec in shell.JOURNEY))
    link, picture = st.columns([3, 1])
    with link:
        with focus.target(focus.SHARE_LINK):  # the code block is focusable, its copy button next
            st.code(url, language=None, wrap_lines=True)
        # Replacing or switching off the link: folded, drawn only when opened.
        manage = st.expander(
            t("synthese.share_manage"), key=MANAGE_OPEN, on_change="rerun", icon=":material/tune:"
        )
        if manage.open:
            with manage:
                st.button(
                    t("synthese.share_renew"),
                    on_click=_renew_link,
                    key="share_renew",
                    icon=":material/autorenew:",
                    help=t("synthese.share_renew_help"),
                )
                confirm = st.checkbox(t("synthese.share_revoke_confirm"), key="share_revoke_ok")
                st.button(
                    t("synthese.share_revoke"),
                    on_click=_revoke_link,
                    key="share_revoke",
                    icon=":material/link_off:",
                    disabled=not confirm,
                )
    with picture:
        st.html(qr_figure(url, t("synthese.share_qr_alt"), t("synthese.share_qr")))
        st.download_button(
            t("synthese.share_qr_download"),
            data=qr_png(url),
            file_name=f"{t('synthese.file.qr')}.png",
            mime="image/png",
            on_click="ignore",
            key="share_qr_download",
        )
