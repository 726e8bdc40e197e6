"""domain.merge: a change made in a stale tab is replayed on the newer carnet only when the
result keeps both tabs' work."""

from __future__ import annotations

import pytest

from domain import actors as domain_actors
from domain.merge import holds_both, leaves
from domain.models import Alliance, Carnet, Member, Project
from services.carnet_session import apply_change, replayed


def base() -> Carnet:
    carnet = Carnet(project=Project(name="Départ", description="Texte de départ"))
    domain_actors.add_actor(carnet, name="CRESS", category="cress")
    carnet.alliance = Alliance(
        name="Alliance", members=[Member(name="Mairie"), Member(name="Entreprise")]
    )
    return Carnet.model_validate(carnet.model_dump())


def replay(mine_change, theirs_change) -> bool:
    """What the carnet session does when this tab's save finds the other tab's newer one."""
    start = base()
    mine, theirs = apply_change(start, mine_change), apply_change(start, theirs_change)
    again = replayed(mine_change, theirs)
    return again is not None and holds_both(start, mine, theirs, again)


def set_name(value):
    return lambda c: setattr(c.project, "name", value)


def set_description(value):
    return lambda c: setattr(c.project, "description", value)


def add(name):
    return lambda c: domain_actors.add_actor(c, name=name, category="ptce")


def edit_first_actor(**fields):
    return lambda c: domain_actors.edit_actor(c, c.actors[0].id, **fields)


def delete_first_actor(c):
    return domain_actors.delete_actor(c, c.actors[0].id)


def set_member_role(index, role):
    return lambda c: setattr(c.alliance.members[index], "role", role)


def move_last_member_first(c):
    c.alliance.members.insert(0, c.alliance.members.pop())


@pytest.mark.parametrize(
    "mine, theirs",
    [
        (set_description("Écrit dans B"), set_name("Écrit dans A")),
        (add("Fondation"), add("Incubateur")),  # both added an actor: both kept
        (edit_first_actor(notes="Note de B"), add("Incubateur")),
        (set_member_role(0, "Porteur"), set_member_role(1, "Financeur")),
        (move_last_member_first, set_member_role(0, "Porteur")),
        (set_name("Même nom"), set_name("Même nom")),  # the same change twice is no conflict
        (add("Fondation"), delete_first_actor),
        (add("Fondation"), lambda c: c.actors.clear()),  # the new one is kept, the others go
    ],
)
def test_independent_changes_are_replayed(mine, theirs):
    assert replay(mine, theirs)


@pytest.mark.parametrize(
    "mine, theirs",
    [
        (set_name("Nom de B"), set_name("Nom de A")),  # the same field, two values
        (edit_first_actor(notes="Note de B"), delete_first_actor),  # edited what was deleted
        (delete_first_actor, edit_first_actor(notes="Note de A")),  # deleted what was edited
        (set_member_role(0, "Porteur"), set_member_role(0, "Financeur")),
        (lambda c: setattr(c, "alliance", None), set_member_role(0, "Financeur")),
    ],
)
def test_changes_to_the_same_thing_are_not(mine, theirs):
    assert not replay(mine, theirs)


def test_leaves_key_items_by_id_and_ignore_their_order():
    carnet = base()
    fields = leaves(carnet.model_dump(mode="json"))
    first = carnet.alliance.members[0]
    assert fields[("alliance", "members", "#" + first.id, "name")] == "Mairie"
    reordered = carnet.model_copy(deep=True)
    reordered.alliance.members.reverse()
    assert leaves(reordered.model_dump(mode="json")) == fields
    assert leaves({"tags": []}) == {} and leaves({}) == {(): {}}
