"""One rule for « is this answer written by the learner » (domain.answers), read by every place
that shows progress: an untouched draft is a draft everywhere."""

from __future__ import annotations

import pytest

from adapters.exports.forum import forum_post_markdown, forum_post_text
from adapters.exports.html import summary_html
from adapters.exports.markdown import summary_markdown
from domain import analysis, answers, progress
from domain.catalogue import load_categories, load_typologies
from domain.example import example_carnet
from domain.i18n import Translator
from domain.models import QUESTIONS
from domain.summary import build_summary, category_infos, typology_labels


def _with_drafts(lang: str):
    carnet = example_carnet(lang)
    t = Translator(lang)
    for question in QUESTIONS:
        draft = analysis.draft_from_members(carnet.alliance.members, question, t)
        assert draft, question
        setattr(carnet.answers, question, draft)
    return carnet, t


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_untouched_drafts_are_drafts_everywhere(lang):
    carnet, t = _with_drafts(lang)
    members = carnet.alliance.members
    for question in QUESTIONS:
        text = getattr(carnet.answers, question)
        assert len(text) >= answers.MIN_ANSWER_CHARS  # long enough: length alone was fooled
        assert answers.answer_state(question, text, members) == "draft"
        check = analysis.answer_check(question, text, members)
        assert check.level == "draft" and not check.done and check.progress == 0
    done = {step.id: step.done for step in progress.steps(carnet)}
    assert done["analyse"] is False and done["synthese"] is False
    summary = build_summary(
        carnet,
        t=t,
        categories=category_infos(load_categories(), t),
        typologies=typology_labels(load_typologies(), t),
    )
    assert [a.state for a in summary.answers] == ["draft"] * 3
    for export in (summary_markdown(summary, t), summary_html(summary, t)):
        assert export.count(t("summary.answer.draft")) == 3  # each draft said to be one
    for post in (forum_post_markdown(summary, t), forum_post_text(summary, t)):
        assert carnet.answers.vision.splitlines()[-1] not in post  # the scaffold sentence
        assert carnet.answers.expertise.splitlines()[0] not in post  # the draft's intro
        assert t("summary.answer.draft") in post


def test_the_worked_example_counts_as_written():
    for lang in ("fr", "en"):
        carnet = example_carnet(lang)
        for question in QUESTIONS:
            text = getattr(carnet.answers, question)
            assert answers.answer_written(question, text, carnet.alliance.members)
        assert all(step.done for step in progress.steps(carnet))


def test_filling_the_scaffold_in_place_makes_it_the_learners_answer():
    carnet, _ = _with_drafts("fr")
    members = carnet.alliance.members
    draft = carnet.answers.vision
    one_hole = draft.replace(
        "… (le problème commun de leur territoire)", "le chômage de longue durée", 1
    )
    assert answers.answer_state("vision", one_hole, members) == "short"  # four words of mine
    both = one_hole.replace(
        "… (ce qu’ils veulent changer ensemble)",
        "prouver qu’aucun habitant n’est inemployable en créant des emplois utiles au quartier, "
        "financés par ce que coûte la privation d’emploi",
    )
    assert answers.answer_state("vision", both, members) == "written"
    own = answers.own_words("vision", both, members)
    assert "Ils se sont alliés" not in own and "…" not in own
    assert "chômage" in own


def test_generated_member_lines_are_not_own_words_but_edited_ones_are():
    carnet, t = _with_drafts("fr")
    members = carnet.alliance.members
    draft = carnet.answers.expertise
    assert answers.own_words("expertise", draft, members) == ""
    lines = draft.splitlines()
    lines[1] += " Sans elle, les autres membres n’auraient pas trouvé de locaux ni de chantiers."
    edited = "\n".join(lines)
    assert "Sans elle" in answers.own_words("expertise", edited, members)


def test_a_short_answer_of_the_learner_is_short_and_still_posted():
    text = "Ils luttent ensemble contre le chômage."
    assert answers.answer_state("vision", text) == "short"
    assert answers.answer_state("vision", "") == "empty"
    assert answers.answer_state("vision", "  … (à compléter)  ") == "draft"
    mine = "Ils luttent ensemble contre le chômage de longue durée dans leur quartier. " * 3
    assert answers.answer_state("vision", mine) == "written"
