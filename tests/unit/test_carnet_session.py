"""services.carnet_session: what a tab holds, and the two-tab policy (replay, conflict, keep
mine), on a real store, without Streamlit."""

from __future__ import annotations

import pytest

from domain import actors as domain_actors
from domain.models import Alliance, Carnet, Member
from services import carnets
from services.carnet_session import (
    CARNET,
    FIELD_PREFIX,
    STALE,
    TOKEN,
    CarnetSession,
    NoCarnet,
    StalePending,
    token_from_link,
)
from services.errors import InvalidCarnet, NotFound


def second_tab(first: CarnetSession) -> CarnetSession:
    other = CarnetSession({}, first.store)
    assert first.token is not None
    other.open(first.token)
    return other


def rename(value: str):
    return lambda c: setattr(c.project, "name", value)


def describe(value: str):
    return lambda c: setattr(c.project, "description", value)


def test_a_new_carnet_is_held_in_the_slots(tab):
    assert isinstance(tab.slots[CARNET], Carnet)
    assert tab.slots[TOKEN] == tab.token and len(tab.token) >= 40
    assert tab.version == 1 and tab.share_token is None and tab.stale is None


def test_update_saves_at_once_and_bumps_the_version(tab):
    saved = tab.update(rename("Recyclerie"))
    assert saved.project.name == "Recyclerie"
    assert tab.version == 2
    assert tab.store.load(tab.token).carnet.project.name == "Recyclerie"


def test_a_refused_change_saves_nothing_and_says_which_field(tab):
    with pytest.raises(InvalidCarnet) as refused:
        tab.update(rename("x" * 10_000))
    lines = refused.value.explain(lambda key, **params: f"{key}:{params.get('limit')}")
    assert lines and lines[0].startswith("validation.too_long")
    assert tab.version == 1 and tab.store.load(tab.token).carnet.project.name == ""


def test_without_a_carnet_nothing_changes(carnet_store):
    empty = CarnetSession({}, carnet_store)
    with pytest.raises(NoCarnet):
        empty.update(rename("x"))


def test_open_a_link_or_a_token_and_refuse_an_unknown_one(tab):
    other = CarnetSession({}, tab.store)
    other.open(f"https://example.org/projet?carnet={tab.token}&lang=fr#top")
    assert other.token == tab.token
    with pytest.raises(NotFound):
        CarnetSession({}, tab.store).open("not-a-carnet-token-at-all-0000000000")


def test_token_from_link():
    assert token_from_link("  abc  ") == "abc"
    assert token_from_link("http://h/p?x=1&carnet=TOKEN&y=2") == "TOKEN"
    assert token_from_link("http://h/p?carnet=TOKEN#frag") == "TOKEN"


def test_holding_another_carnet_drops_the_field_views(tab):
    tab.slots[FIELD_PREFIX + "project.name"] = "typed"
    tab.slots["unrelated"] = 1
    tab.start(Carnet())
    assert FIELD_PREFIX + "project.name" not in tab.slots and tab.slots["unrelated"] == 1


def test_refresh_follows_the_other_tab_and_a_deleted_carnet(tab):
    other = second_tab(tab)
    assert tab.refresh() == "unchanged"
    other.update(rename("Ailleurs"))
    assert tab.refresh() == "reloaded"
    assert tab.carnet.project.name == "Ailleurs"
    tab.slots[TOKEN] = "x" * 43  # as if the carnet were gone
    assert tab.refresh() == "closed" and tab.carnet is None


def test_independent_changes_of_two_tabs_are_merged(tab):
    other = second_tab(tab)
    other.update(rename("Nom de l’autre onglet"))
    tab.slots[FIELD_PREFIX + "project.name"] = "old view"
    saved = tab.update(describe("Ma description"))
    assert (saved.project.name, saved.project.description) == (
        "Nom de l’autre onglet",
        "Ma description",
    )
    assert tab.take_merged() is True and tab.take_merged() is False
    assert FIELD_PREFIX + "project.name" not in tab.slots  # it showed the old name
    assert tab.version == 3


def test_two_tabs_adding_actors_keep_both(tab):
    other = second_tab(tab)
    other.update(lambda c: domain_actors.add_actor(c, name="CRESS", category="cress"))
    saved = tab.update(lambda c: domain_actors.add_actor(c, name="PTCE", category="ptce"))
    assert sorted(a.name for a in saved.actors) == ["CRESS", "PTCE"]


def test_the_same_field_changed_in_both_tabs_waits_for_the_learner(tab):
    other = second_tab(tab)
    other.update(rename("Theirs"))
    with pytest.raises(StalePending):
        tab.update(rename("Mine"))
    assert tab.stale is not None and tab.slots[STALE].mine.project.name == "Mine"
    assert tab.store.load(tab.token).carnet.project.name == "Theirs"  # nothing overwritten
    with pytest.raises(StalePending):  # nothing else is saved while the conflict waits
        tab.update(describe("later"))
    assert tab.refresh() == "unchanged"  # nor replaced behind the learner's back


def test_reload_takes_the_other_tabs_version(tab):
    other = second_tab(tab)
    other.update(rename("Theirs"))
    with pytest.raises(StalePending):
        tab.update(rename("Mine"))
    tab.reload()
    assert tab.stale is None and tab.carnet.project.name == "Theirs"


def test_keep_mine_replays_this_tabs_change_on_the_latest_version(tab):
    other = second_tab(tab)
    other.update(rename("Theirs"))
    with pytest.raises(StalePending):
        tab.update(rename("Mine"))
    other.update(describe("Their description"))  # the other tab saves again meanwhile
    assert tab.keep_mine() is True
    saved = tab.store.load(tab.token).carnet
    assert (saved.project.name, saved.project.description) == ("Mine", "Their description")
    assert tab.stale is None and tab.version == tab.store.version(tab.token)


def test_keep_mine_saves_the_whole_copy_when_the_change_no_longer_applies(tab):
    tab.update(lambda c: domain_actors.add_actor(c, name="CRESS", category="cress"))
    actor_id = tab.carnet.actors[0].id
    other = second_tab(tab)
    other.update(lambda c: domain_actors.delete_actor(c, actor_id))
    with pytest.raises(StalePending):
        tab.update(lambda c: domain_actors.edit_actor(c, actor_id, name="CRESS IDF"))
    assert tab.keep_mine() is True
    assert [a.name for a in tab.store.load(tab.token).carnet.actors] == ["CRESS IDF"]


def test_members_of_both_tabs_are_kept(tab):
    tab.update(lambda c: setattr(c, "alliance", Alliance(name="A", members=[Member(name="M")])))
    other = second_tab(tab)
    other.update(lambda c: c.alliance.members.append(Member(name="Theirs")))
    saved = tab.update(lambda c: c.alliance.members.append(Member(name="Mine")))
    assert [m.name for m in saved.alliance.members] == ["M", "Theirs", "Mine"]


def test_sharing_and_revoking(tab):
    first = carnets.share(tab)
    second = carnets.share(tab)
    assert first != second and tab.share_token == second
    assert tab.store.load_shared(second).token == tab.token
    carnets.revoke(tab)
    assert tab.share_token is None and tab.store.version(second, shared=True) is None


def test_close_forgets_the_carnet(tab):
    tab.close()
    assert tab.carnet is None and tab.token is None and TOKEN not in tab.slots
