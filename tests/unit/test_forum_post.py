"""The forum post fits a forum reply (≤ 3,000 characters) with a « version complète » beside it."""

from __future__ import annotations

import re

import pytest

from adapters.exports.forum import LIMIT, forum_post_markdown, forum_post_text
from bench.bench_pages import big_carnet
from domain import catalogue
from domain.i18n import Translator
from domain.summary import build_summary, category_infos, typology_labels
from domain.text import ELLIPSIS
from domain.text import shorten_words as shorten
from tests.unit.test_exports import example_summary

SHARE = "https://carnet.example.org/?share=AbC123"
RENDERERS = {"text": forum_post_text, "markdown": forum_post_markdown}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", list(RENDERERS))
def test_the_default_post_of_the_worked_example_fits_a_forum_reply(lang, kind):
    summary, t = example_summary(lang)
    render = RENDERERS[kind]
    for share_url in ("", SHARE):
        post = render(summary, t, share_url=share_url)
        assert len(post) <= LIMIT, len(post)
        members = summary.alliance.members
        # members named once: one line, without their roles (in the full version)
        for m in members:
            assert post.replace("\\", "").count(f"{m.name} ({m.family_label})") == 1, m.name
        for member in members:
            assert member.role not in post
        # every actor of the example is still listed, with its website
        for actor in summary.actors:
            assert actor.name in post
        if share_url:
            assert SHARE in post.splitlines() or f"<{SHARE}>" in post.splitlines()


@pytest.mark.parametrize("kind", list(RENDERERS))
def test_the_full_version_keeps_everything(kind):
    summary, t = example_summary()
    post = RENDERERS[kind](summary, t, full=True)
    assert len(post) > LIMIT
    for member in summary.alliance.members:
        assert member.role.split(";")[0].split("«")[0].strip()[:40] in post.replace("\\", "")
    if kind == "text":
        for answer in summary.answers:
            assert answer.text.strip() in post


def test_a_shortened_answer_ends_on_a_whole_word_and_says_so():
    summary, t = example_summary()
    post = forum_post_text(summary, t)
    for answer in summary.answers:
        block = post.split(answer.question + "\n", 1)[1].split("\n\n", 1)[0]
        if block != answer.text.strip():
            assert block.endswith(ELLIPSIS)
            kept = block.removesuffix(ELLIPSIS)
            assert answer.text.startswith(kept)
            following = answer.text[len(kept) : len(kept) + 1]
            assert following in ("", " ", "\n"), following  # never inside a word


@pytest.mark.parametrize("kind", list(RENDERERS))
def test_a_carnet_of_1000_actors_still_fits_and_points_to_the_full_version(kind):
    carnet = big_carnet(1000)
    t = Translator(carnet.language)
    summary = build_summary(
        carnet,
        t=t,
        categories=category_infos(catalogue.load_categories(), t),
        typologies=typology_labels(catalogue.load_typologies(), t),
    )
    post = RENDERERS[kind](summary, t, share_url=SHARE)
    assert len(post) <= LIMIT
    assert re.search(r"… et [0-9]+ autre", post)
    assert SHARE in post


def test_shorten_never_splits_a_word():
    text = "Une alliance territoriale réunit des entreprises, des associations et des élus."
    for limit in range(0, len(text) + 5):
        short = shorten(text, limit)
        assert len(short) <= limit
        if short and short != text:
            kept = short.removesuffix(ELLIPSIS)
            assert text.startswith(kept) and text[len(kept)] in " ,."
