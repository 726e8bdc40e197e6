"""Fixed texts of the « Analyse » page, made once per language instead of on every rerun: the
guidance of each question (with the worked example's answer) and the definitions of Le RAMEAU's
typologies. Both come from shipped data (the worked example, the typologies), escaped here for
Markdown."""

from __future__ import annotations

import functools

from domain.catalogue import load_typologies
from domain.example import shipped_example
from domain.i18n import Translator
from domain.text import escape_markdown


@functools.lru_cache(maxsize=16)
def guidance(question: str, lang: str) -> str:
    """What the answer covers, whose answer the example is, and that answer as a quote: one
    Markdown block (one element on the page instead of three)."""
    t = Translator(lang)
    example = shipped_example(lang)
    name = example.alliance.name if example.alliance else ""
    quote = "> " + escape_markdown(getattr(example.answers, question)).replace("\n", "\n> ")
    return "\n\n".join(
        (
            t(f"analyse.q.{question}.covers"),
            t("analyse.example_from", alliance=escape_markdown(name)),
            quote,
        )
    )


@functools.lru_cache(maxsize=16)
def definitions(field: str, lang: str) -> tuple[tuple[str, str], ...]:
    """Each item of a typology (``partnership_modes``, ``coconstruction_forms``): its name and
    definition as Markdown, and its labelled example as a caption ("" when it has none)."""
    t = Translator(lang)
    lines = []
    for item in getattr(load_typologies(), field):
        line = (
            f"**{escape_markdown(t.pick(item.name))}** — {escape_markdown(t.pick(item.definition))}"
        )
        example = t.pick(item.example)
        caption = ""
        if example:
            kind = (
                t("analyse.illustration")
                if item.example_kind == "illustration"
                else t("analyse.example")
            )
            caption = t("analyse.labelled", label=kind, text=escape_markdown(example))
        lines.append((line, caption))
    return tuple(lines)
