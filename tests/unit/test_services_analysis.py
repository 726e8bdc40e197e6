"""services.alliance and services.analysis: choose or describe an alliance, edit its members,
answer the questions, tag it; on a real store."""

from __future__ import annotations

import pytest

from domain.models import Family
from services import alliance, analysis
from services.carnet_session import CarnetSession
from services.errors import Invalid, InvalidCarnet, NotFound


def saved(tab: CarnetSession):
    return tab.store.load(tab.token).carnet


@pytest.fixture
def chosen(tab):
    alliance.choose(tab, "tzcld_pipriac", "fr")
    return tab


def test_choose_a_catalogue_alliance_with_its_members(chosen):
    kept = saved(chosen).alliance
    assert kept.catalogue_id == "tzcld_pipriac" and len(kept.members) >= 3
    with pytest.raises(NotFound):
        alliance.choose(chosen, "no_such_alliance", "fr")


def test_describe_an_alliance_keeps_its_own_members_only(chosen):
    described = alliance.describe(
        chosen, name="Ma trouvaille", place="Lyon", source_url=" https://x.org ", description="D"
    )
    assert described.members == [] and described.source_url == "https://x.org"
    analysis.save_member(chosen, None, {"name": "Mairie", "family": "local_authority"})
    again = alliance.describe(
        chosen, name="Ma trouvaille (2)", place="", source_url="", description=""
    )
    assert [m.name for m in again.members] == ["Mairie"]
    with pytest.raises(InvalidCarnet):
        alliance.describe(chosen, name="", place="", source_url="", description="")


def test_members_editor_delta_saves_what_applies_and_returns_the_rest(chosen):
    count = len(saved(chosen).alliance.members)
    refused = analysis.edit_members(
        chosen,
        {
            "edited_rows": {0: {"role": "Porteur"}, 1: {"family": "martians"}},
            "added_rows": [{"name": "Nouveau", "family": "company"}],
            "deleted_rows": [],
        },
    )
    assert [(e["row"], e["code"]) for e in refused] == [(1, "unknown_family")]
    members = saved(chosen).alliance.members
    assert len(members) == count + 1 and members[0].role == "Porteur"
    assert members[-1].name == "Nouveau" and members[-1].family == Family.COMPANY


def test_form_add_replace_move_delete(chosen):
    analysis.save_member(
        chosen, None, {"name": "Lycée", "family": "research_academic", "role": "R"}
    )
    members = saved(chosen).alliance.members
    last = members[-1]
    analysis.save_member(chosen, last.id, {"name": "Lycée pro", "family": "research_academic"})
    analysis.move_member(chosen, last.id, -1)
    members = saved(chosen).alliance.members
    assert members[-2].id == last.id and members[-2].name == "Lycée pro"
    analysis.delete_member(chosen, last.id)
    assert last.id not in [m.id for m in saved(chosen).alliance.members]
    with pytest.raises(NotFound):
        analysis.save_member(chosen, last.id, {"name": "Gone"})


def test_members_need_an_alliance(tab):
    with pytest.raises(NotFound):
        analysis.save_member(tab, None, {"name": "X"})


def test_answers_and_tags(chosen):
    analysis.answer(chosen, "vision", "Une vision partagée du territoire")
    assert saved(chosen).answers.vision == "Une vision partagée du territoire"
    with pytest.raises(Invalid):
        analysis.answer(chosen, "weather", "sunny")
    kept = analysis.set_tags(
        chosen, "partnership_modes", ["mecenat", "mecenat", "innovation_societale"]
    )
    assert kept == ["mecenat", "innovation_societale"] == saved(chosen).tags.partnership_modes
    with pytest.raises(Invalid):
        analysis.set_tags(chosen, "partnership_modes", ["invented"])
    with pytest.raises(Invalid):
        analysis.set_tags(chosen, "colours", [])


def test_a_draft_is_offered_only_for_an_empty_answer(chosen):
    from domain.i18n import Translator

    t = Translator("fr")
    analysis.save_member(chosen, None, {"name": "Lycée", "expertise": "Des élèves motivés"})
    offered = analysis.draft_offer(chosen.carnet, "expertise", t)
    assert "Lycée" in offered and "Des élèves motivés" in offered
    analysis.answer(chosen, "expertise", "Ma propre réponse")
    assert analysis.draft_offer(chosen.carnet, "expertise", t) == ""


def test_no_draft_without_an_alliance(tab):
    from domain.i18n import Translator

    assert analysis.draft_offer(tab.carnet, "vision", Translator("fr")) == ""
