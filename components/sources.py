"""Source links and « non vérifié » labels for catalogue facts."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from urllib.parse import urlsplit

import streamlit as st

from components import state
from domain.catalogue import source_flag
from domain.i18n import Translator
from domain.text import escape_markdown, safe_url


def source_lines(urls: Iterable[str], lang: str | None = None) -> list[str]:
    """Markdown list items: the site's name as a link, plus a note for copies and aggregators
    (in ``lang``, by default the interface's)."""
    return list(_source_lines(tuple(urls), lang or state.language()))


@functools.lru_cache(maxsize=512)
def _source_lines(urls: tuple[str, ...], lang: str) -> tuple[str, ...]:
    t = Translator(lang)
    lines = []
    for url in urls:
        link = safe_url(url)
        if not link:
            continue
        host = urlsplit(link).netloc.removeprefix("www.")
        link = link.replace("(", "%28").replace(")", "%29")  # keep the Markdown link whole
        line = f"- [{escape_markdown(host)}]({link})"
        flag = source_flag(link)
        if flag is not None:
            line += f" — *{escape_markdown(t.pick(flag.note))}*"
        lines.append(line)
    return tuple(lines)


def show_sources(urls: Iterable[str], *, title: str | None = None) -> None:
    lines = source_lines(urls)
    if lines:
        st.markdown(f"**{title or state.t()('sources.title')}**\n\n" + "\n".join(lines))
