"""The carnet model: limits with messages in the learner's language, exact JSON round trip."""

from datetime import date

import pytest
from pydantic import ValidationError

from domain import validation
from domain.i18n import Translator
from domain.models import (
    MAX_ACTORS,
    MAX_DESCRIPTION,
    MAX_SHORT,
    Actor,
    Alliance,
    Answers,
    Carnet,
    ContactStatus,
    ContactStep,
    Family,
    Member,
    Project,
    Tags,
    Territory,
)


def full_carnet() -> Carnet:
    return Carnet(
        language="fr",
        project=Project(
            name="Recyclerie « La Boucle »",
            description="Réemploi solidaire ; ateliers d’œuvre collective — 5 000 €",
            territory=Territory(
                commune="Romans-sur-Isère",
                insee="26281",
                postcode="26100",
                departement="Drôme",
                departement_code="26",
                region="Auvergne-Rhône-Alpes",
                region_code="84",
                lat=45.0436,
                lon=5.0514,
            ),
        ),
        actors=[
            Actor(
                name="CRESS AURA",
                category="cress",
                lat=45.76,
                lon=4.83,
                website="www.cress-aura.org",
                contact_person="Mme Exemple",
                notes="Appeler mardi",
                status=ContactStatus.MET,
                contact_log=[
                    ContactStep(status=ContactStatus.CONTACTED, on=date(2026, 10, 1)),
                    ContactStep(status=ContactStatus.MET, on=date(2026, 10, 20)),
                ],
            ),
            Actor(name="Sans coordonnées", category="ptce"),
        ],
        alliance=Alliance(
            name="Pôle Sud",
            place="Romans-sur-Isère",
            source_url="https://example.org/a",
            members=[Member(name="Ville", family=Family.LOCAL_AUTHORITY, role="Soutien")],
        ),
        answers=Answers(vision="Une vision partagée.", expertise="…", interest="…"),
        tags=Tags(
            partnership_modes=["cooperation_economique"],
            coconstruction_forms=["dialogue_territorial"],
        ),
    )


def test_json_round_trip_is_exact():
    carnet = full_carnet()
    again = Carnet.model_validate_json(carnet.model_dump_json())
    assert again == carnet
    assert again.model_dump_json() == carnet.model_dump_json()


def test_website_without_scheme_gets_https():
    assert Actor(name="x", category="cci", website="cci.fr").website == "https://cci.fr"


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "https://a b", 'https://a"onmouseover=x']
)
def test_bad_websites_are_refused(website):
    with pytest.raises(ValidationError):
        Actor(name="x", category="cci", website=website)


def test_control_and_bidi_characters_are_removed_and_spaces_collapsed():
    actor = Actor(name="  A\u202eB\x00C\n D  ", category="cress")
    assert actor.name == "ABC D"
    project = Project(description="ligne 1\r\nligne 2\x07")
    assert project.description == "ligne 1\nligne 2"


@pytest.mark.parametrize(
    ("build", "message_fr", "message_en"),
    [
        (
            lambda: Project(name="x" * (MAX_SHORT + 1)),
            "Nom\u00a0: 150 caractères au maximum.",
            "Name: at most 150 characters.",
        ),
        (
            lambda: Project(description="x" * (MAX_DESCRIPTION + 1)),
            "Description\u00a0: 500 caractères au maximum.",
            "Description: at most 500 characters.",
        ),
        (
            lambda: Territory(lat=95),
            "Latitude\u00a0: valeur hors des limites permises.",
            "Latitude: value out of the allowed range.",
        ),
        (
            lambda: Territory(lon=-181),
            "Longitude\u00a0: valeur hors des limites permises.",
            "Longitude: value out of the allowed range.",
        ),
        (
            lambda: Actor(name="", category="cress"),
            "Nom\u00a0: ce champ est obligatoire.",
            "Name: this field is required.",
        ),
        (
            lambda: Territory(insee="ABCDE"),
            "Code INSEE\u00a0: format non reconnu.",
            "INSEE code: format not recognised.",
        ),
        (
            lambda: Member(name="x", family="martian"),
            "Famille\u00a0: valeur non prévue.",
            "Family: unexpected value.",
        ),
    ],
)
def test_limits_are_explained_in_the_learners_language(build, message_fr, message_en):
    with pytest.raises(ValidationError) as caught:
        build()
    assert validation.explain(caught.value, Translator("fr")) == [message_fr]
    assert validation.explain(caught.value, Translator("en")) == [message_en]


def test_list_sizes_are_limited():
    with pytest.raises(ValidationError) as caught:
        Carnet(actors=[Actor(name="a", category="cress")] * (MAX_ACTORS + 1))
    assert "5000" in validation.explain(caught.value, Translator("fr"))[0]


def test_assignment_is_validated():
    carnet = Carnet()
    with pytest.raises(ValidationError):
        carnet.project.name = "x" * 500
    assert carnet.project.name == ""


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        Carnet.model_validate({"schema_version": 1, "project": {}, "password": "x"})


def test_actor_lookup():
    carnet = full_carnet()
    first = carnet.actors[0]
    assert carnet.actor(first.id) == first
    assert carnet.actor("nope") is None
