"""The carnet resolved for output (the summary pages, the forum post, every export)."""

from __future__ import annotations

from datetime import datetime

from domain.catalogue import load_categories, load_typologies
from domain.i18n import Translator
from domain.models import Carnet
from domain.summary import Summary, build_summary, category_infos, typology_labels


def carnet_summary(
    carnet: Carnet,
    *,
    include_private: bool = False,
    generated_at: datetime | None = None,
    lang: str | None = None,
) -> tuple[Summary, Translator]:
    """The summary in ``lang`` (the interface's language, so that the forum post and the
    exports never mix languages with the page; the carnet's language when omitted), with the
    catalogue's categories and typologies; private fields only when asked. Touches no session:
    safe from a download button's server thread."""
    t = Translator(lang or carnet.language)
    summary = build_summary(
        carnet,
        t=t,
        categories=category_infos(load_categories(), t),
        typologies=typology_labels(load_typologies(), t),
        include_private=include_private,
        generated_at=generated_at,
    )
    return summary, t
