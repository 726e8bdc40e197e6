"""Build the worked example carnets (data/example-carnet.fr.json and .en.json).

The example analyses the course's « fil rouge » alliance (the episodes « Alliance fil rouge : agir
ensemble sur le territoire »: Agir ensemble à Charenton–Saint-Maurice, then Vitawin): its members
come from the sourced catalogue; the project, its stakeholders, the local actors found and the
answers are those of an imaginary learner, written to show what a complete carnet looks like. The
stakeholders are generic categories of people and bodies a project like this one would deal with
(« Mairie », « Entreprises locales »...), never a named organisation given a role; the links from
the actors to them are the learner's plans. The vision answer covers the three axes the course
gives the alliance (insertion des jeunes, handicap, précarité). The actors are placed at their
commune only when a source gives it: no source consulted gives the address or the commune of the
CRESS Île-de-France or of the CCI du Val-de-Marne, so the example learner has not placed them yet
(their notes say where to look).
Run: python scripts/build_example.py   (deterministic: fixed ids and dates)
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from domain.analysis import alliance_from_catalogue
from domain.catalogue import get_alliance
from domain.gazetteer import Gazetteer
from domain.models import (
    Actor,
    Answers,
    Carnet,
    ContactStatus,
    ContactStep,
    Project,
    Stakeholder,
    StakeholderFamily,
    Tags,
)
from domain.places import territory_of

ALLIANCE_ID = "agir_ensemble_charenton"
STAMP = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

TEXT = {
    "fr": {
        "project_name": "Passerelle Jeunes & Entreprises",
        "project_description": (
            "Une association qui fait découvrir les métiers des entreprises locales aux collégiens "
            "et lycéens de Charenton et Saint-Maurice, par des visites et des rencontres."
        ),
        "stakeholders": {
            "jeunes": (
                "Collégiens et lycéens du territoire",
                "Découvrir des métiers et des entreprises près de chez eux.",
                "Aucun pouvoir formel, mais sans eux le projet n’a pas de sens.",
                "Venir aux visites et dire ce qui leur a servi.",
            ),
            "etablissements": (
                "Collèges et lycées du territoire",
                "Ouvrir leurs élèves au monde du travail, comme le prévoient les parcours "
                "d’orientation.",
                "Ils décident d’ouvrir leurs classes et leurs emplois du temps.",
                "Inscrire les visites dans l’année scolaire et désigner un enseignant référent.",
            ),
            "mairie": (
                "Mairie",
                "L’emploi des jeunes et le lien entre l’école et les entreprises du territoire.",
                "Locaux, relais auprès des écoles et des entreprises, subventions.",
                "Une salle pour les rencontres et un relais dans le journal municipal.",
            ),
            "entreprises": (
                "Entreprises locales",
                "Faire connaître leurs métiers et repérer les talents de demain.",
                "Sans elles, pas de visites ; elles comptent aussi dans les réseaux locaux.",
                "Accueillir des visites et proposer des salariés volontaires.",
            ),
            "parents": (
                "Parents d’élèves",
                "L’orientation de leurs enfants.",
                "Peu de pouvoir sur le projet, mais un relais de confiance auprès des jeunes.",
                "Relayer les rencontres et témoigner de leur métier.",
            ),
            "financeurs": (
                "Financeurs (fondations, mécénat)",
                "Soutenir des projets d’orientation et d’égalité des chances.",
                "Ils décident du financement de la phase 2.",
                "Un financement pour organiser davantage de visites.",
            ),
        },
        "notes": {
            "cress": (
                "Rencontrée au forum ESS de novembre ; propose un rendez-vous d’orientation. "
                "Adresse à relever sur cressidf.org avant de la placer sur la carte."
            ),
            "antropia": "Appel à candidatures au printemps : vérifier les critères.",
            "cci": (
                "Déjà partie prenante de Vitawin : demander qui anime le réseau d’entreprises. "
                "Adresse à relever sur son site avant de la placer sur la carte."
            ),
            "france_active": "Pour le financement de la phase 2.",
            "avise": "Centre de ressources en ligne ; pas de lieu à placer.",
        },
        "answers": {
            "vision": (
                "Ce qui a réuni les acteurs de Charenton–Saint-Maurice, c’est la volonté de créer "
                "une dynamique territoriale pour trouver ensemble des solutions à des problèmes "
                "d’intérêt général, sur trois axes : l’insertion des jeunes, le handicap et la "
                "précarité. La collectivité voulait renforcer la cohésion du territoire, les "
                "entreprises voulaient s’ancrer dans leur environnement et agir sur les fragilités "
                "qu’elles côtoient, le lycée voulait ouvrir ses élèves au monde du travail. Les "
                "rencontres « Quand élèves et entreprises se rencontrent » sont nées de ce "
                "dialogue, sur le premier axe. La vision commune : agir ensemble, côte à côte, "
                "sur les fragilités du territoire plutôt que chacun de son côté."
            ),
            "expertise": (
                "La Communauté de communes apporte sa connaissance du territoire et sa capacité à "
                "réunir les acteurs : elle a lancé et animé le dialogue. Le Crédit Foncier apporte "
                "l’engagement d’une grande entreprise du territoire et l’idée de "
                "l’expérimentation. Le RAMEAU apporte la méthode de co-construction et ses outils. "
                "Le Club Gravelle Entreprendre mobilise le réseau des chefs d’entreprise. Le lycée "
                "Robert Schuman apporte la pédagogie et l’accès aux élèves. Paris Est Marne & Bois "
                "et la CCI apportent l’échelle de 13 communes pour étendre la démarche (Vitawin)."
            ),
            "interest": (
                "Chacun y trouve un intérêt propre, ce qui rend l’alliance durable. Pour la "
                "collectivité, c’est un levier pour l’emploi local et la cohésion. Pour les "
                "entreprises (Crédit Foncier, Club Gravelle Entreprendre), c’est un moyen "
                "d’exercer leur responsabilité territoriale et de repérer de futurs talents. Pour "
                "le lycée Robert Schuman, c’est l’ouverture de ses élèves aux métiers. Pour Le "
                "RAMEAU, c’est un terrain d’expérimentation qui nourrit la recherche sur les "
                "alliances. Aucun n’aurait pu produire seul ces rencontres à l’échelle du "
                "territoire : l’intérêt de s’allier est mutuel."
            ),
        },
        "expertise": [
            "Connaissance du territoire, capacité à réunir et à animer",
            "Engagement d’une grande entreprise, idée de l’expérimentation",
            "Méthode de co-construction et outils d’évaluation",
            "Réseau de chefs d’entreprise",
            "Pédagogie, accès aux élèves",
            "Échelle de 13 communes, réseau consulaire",
        ],
        "interest": [
            "Emploi local, attractivité et cohésion du territoire",
            "Ancrage territorial, responsabilité sociétale, repérage de talents",
            "Terrain d’expérimentation pour la recherche sur les alliances",
            "Visibilité auprès des jeunes, recrutement local",
            "Ouverture des élèves aux métiers et à l’orientation",
            "Développement économique à l’échelle du territoire",
        ],
    },
    "en": {
        "project_name": "Youth & Business Bridge",
        "project_description": (
            "An association that introduces secondary-school pupils of Charenton and "
            "Saint-Maurice to the jobs of local businesses, through visits and meetings."
        ),
        "stakeholders": {
            "jeunes": (
                "Secondary-school pupils of the area",
                "Discovering jobs and companies close to home.",
                "No formal power, but without them the project makes no sense.",
                "Come to the visits and say what helped them.",
            ),
            "etablissements": (
                "Local secondary schools",
                "Opening their pupils to the world of work, as career-guidance courses require.",
                "They decide to open their classes and timetables.",
                "Fit the visits into the school year and name a teacher in charge.",
            ),
            "mairie": (
                "Town hall",
                "Youth employment and the link between schools and local companies.",
                "Premises, a relay to schools and companies, grants.",
                "A room for the meetings and a mention in the town magazine.",
            ),
            "entreprises": (
                "Local companies",
                "Making their jobs known and spotting tomorrow’s talents.",
                "Without them, no visits; they also carry weight in local networks.",
                "Host visits and offer volunteer employees.",
            ),
            "parents": (
                "Parents of pupils",
                "Their children’s career choices.",
                "Little power over the project, but a trusted relay to the young.",
                "Spread the word about the meetings and talk about their own jobs.",
            ),
            "financeurs": (
                "Funders (foundations, corporate giving)",
                "Supporting career-guidance and equal-opportunity projects.",
                "They decide whether phase 2 is funded.",
                "Funding to organise more visits.",
            ),
        },
        "notes": {
            "cress": (
                "Met at the November ESS forum; offers an orientation meeting. Look up its "
                "address on cressidf.org before placing it on the map."
            ),
            "antropia": "Call for applications in spring: check the criteria.",
            "cci": (
                "Already part of Vitawin: ask who runs the business network. Look up its address "
                "on its website before placing it on the map."
            ),
            "france_active": "For funding phase 2.",
            "avise": "Online resource centre; no place to pin.",
        },
        "answers": {
            "vision": (
                "What brought the actors of Charenton–Saint-Maurice together is the will to "
                "create a territorial dynamic to find solutions together to public-interest "
                "problems, along three axes: the integration of young people, disability and "
                "precariousness. The local authority wanted to strengthen the territory's "
                "cohesion, the businesses wanted to root themselves in their surroundings and act "
                "on the fragilities around them, the high school wanted to open its pupils to the "
                'world of work. The "When pupils and businesses meet" encounters were born of '
                "this dialogue, on the first axis. The shared vision: act together, side by side, "
                "on the territory's fragilities rather than each on its own."
            ),
            "expertise": (
                "The group of municipalities brings its knowledge of the territory and its "
                "ability to bring actors together: it started and ran the dialogue. Crédit "
                "Foncier brings the commitment of a large local company and the idea of the "
                "experiment. Le RAMEAU brings the co-construction method and its tools. Club "
                "Gravelle Entreprendre mobilises the network of business leaders. Lycée Robert "
                "Schuman brings teaching and access to pupils. Paris Est Marne & Bois and the CCI "
                "bring the scale of 13 municipalities to extend the approach (Vitawin)."
            ),
            "interest": (
                "Each finds its own interest, which makes the alliance last. For the local "
                "authority, it is a lever for local jobs and cohesion. For the businesses (Crédit "
                "Foncier, Club Gravelle Entreprendre), it is a way to exercise their territorial "
                "responsibility and spot future talents. For Lycée Robert Schuman, it opens its "
                "pupils to jobs. For Le RAMEAU, it is a field of experiment that feeds research "
                "on alliances. None could have produced these meetings alone at the scale of the "
                "territory: the interest in allying is mutual."
            ),
        },
        "expertise": [
            "Knowledge of the territory, convening and facilitation",
            "Commitment of a large company, idea of the experiment",
            "Co-construction method and evaluation tools",
            "Network of business leaders",
            "Teaching, access to pupils",
            "Scale of 13 municipalities, chamber of commerce network",
        ],
        "interest": [
            "Local jobs, appeal and cohesion of the territory",
            "Local roots, social responsibility, spotting talents",
            "Field of experiment for research on alliances",
            "Visibility among young people, local recruitment",
            "Opening pupils to jobs and guidance",
            "Economic development at the scale of the territory",
        ],
    },
}


def commune_point(gazetteer: Gazetteer, insee: str) -> tuple[str, float, float]:
    commune = gazetteer.get(insee)
    return commune.name, commune.lat, commune.lon


def build(lang: str) -> Carnet:
    text = TEXT[lang]
    gazetteer = Gazetteer.load()
    home = gazetteer.get("94018")  # Charenton-le-Pont
    territory = territory_of(home)

    def actor(key, name, category, insee, website, status, steps, contact=""):
        commune, lat, lon = commune_point(gazetteer, insee) if insee else ("", None, None)
        return Actor(
            name=name,
            category=category,
            commune=commune,
            lat=lat,
            lon=lon,
            website=website,
            contact_person=contact,
            notes=text["notes"][key],
            status=status,
            contact_log=[ContactStep(status=s, on=d) for s, d in steps],
            placed_by="example",
        )

    actors = [
        actor(
            "cress",
            "CRESS Île-de-France",
            "cress",
            "",  # no source gives its address or commune
            "https://www.cressidf.org",
            ContactStatus.MET,
            [(ContactStatus.CONTACTED, date(2026, 10, 2)), (ContactStatus.MET, date(2026, 10, 16))],
            contact="Chargée de mission",
        ),
        actor(
            "antropia",
            "Antropia ESSEC",
            "incubateur_social",
            "95127",
            "",
            ContactStatus.CONTACTED,
            [(ContactStatus.CONTACTED, date(2026, 10, 9))],
        ),
        actor(
            "cci",
            "CCI du Val-de-Marne",
            "cci",
            "",  # no source gives its address or commune
            "",
            ContactStatus.PRESENTED,
            [
                (ContactStatus.CONTACTED, date(2026, 10, 5)),
                (ContactStatus.MET, date(2026, 10, 19)),
                (ContactStatus.PRESENTED, date(2026, 10, 26)),
            ],
        ),
        actor(
            "france_active",
            "France Active",
            "parapublic_innovation",
            "93048",
            "https://www.franceactive.org",
            ContactStatus.IDENTIFIED,
            [],
        ),
        actor(
            "avise",
            "Avise",
            "parapublic_innovation",
            "",
            "https://www.avise.org",
            ContactStatus.IDENTIFIED,
            [],
        ),
    ]
    # Ids must be hex: derive stable ones from the keys.
    actors = [
        a.model_copy(update={"id": f"{index + 1:02d}" + "a" * 10}) for index, a in enumerate(actors)
    ]

    # The learner's stakeholders (activity 1): key, family, power, interest (1 low … 4 high).
    grid = [
        ("jeunes", StakeholderFamily.BENEFICIARIES, 1, 4),
        ("etablissements", StakeholderFamily.PUBLIC_BODIES, 3, 4),
        ("mairie", StakeholderFamily.PUBLIC_BODIES, 4, 3),
        ("entreprises", StakeholderFamily.COMPANIES, 3, 2),
        ("parents", StakeholderFamily.OTHER, 2, 3),
        ("financeurs", StakeholderFamily.FUNDERS, 4, 1),
    ]
    stakeholders = []
    for index, (key, family, power, interest) in enumerate(grid):
        name, their_interest, influence, expectations = text["stakeholders"][key]
        stakeholders.append(
            Stakeholder(
                id=f"{index + 1:02d}" + "c" * 10,
                name=name,
                family=family,
                interest=their_interest,
                influence=influence,
                expectations=expectations,
                power_level=power,
                interest_level=interest,
            )
        )
    ids = {key: stakeholders[index].id for index, (key, *_) in enumerate(grid)}
    # Whom each actor could help the learner reach (the learner's plan, not a fact).
    reaches = {
        "CRESS Île-de-France": ["financeurs"],
        "CCI du Val-de-Marne": ["entreprises"],
        "France Active": ["financeurs"],
    }
    actors = [
        a.model_copy(update={"reaches": [ids[k] for k in reaches.get(a.name, [])]}) for a in actors
    ]

    alliance = alliance_from_catalogue(get_alliance(ALLIANCE_ID), lang)
    members = [
        member.model_copy(
            update={
                "id": f"{index + 1:02d}" + "b" * 10,
                "expertise": text["expertise"][index],
                "interest": text["interest"][index],
            }
        )
        for index, member in enumerate(alliance.members)
    ]
    alliance = alliance.model_copy(update={"members": members})

    return Carnet(
        language=lang,
        project=Project(
            name=text["project_name"], description=text["project_description"], territory=territory
        ),
        stakeholders=stakeholders,
        actors=actors,
        alliance=alliance,
        answers=Answers(**text["answers"]),
        tags=Tags(
            partnership_modes=["innovation_societale", "pratiques_responsables"],
            coconstruction_forms=["dialogue_territorial", "experimentations_collectives"],
        ),
        created_at=STAMP,
        updated_at=STAMP,
    )


def main() -> None:
    for lang in ("fr", "en"):
        carnet = Carnet.model_validate(build(lang).model_dump())
        path = ROOT / "data" / f"example-carnet.{lang}.json"
        path.write_text(carnet.model_dump_json(indent=1) + "\n", encoding="utf-8")
        print(
            f"{path.relative_to(ROOT)}: {len(carnet.stakeholders)} stakeholders, "
            f"{len(carnet.actors)} actors, "
            f"{len(carnet.alliance.members)} members"
        )


if __name__ == "__main__":
    main()
