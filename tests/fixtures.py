"""Shared test data: a realistic, complete carnet.

sample_carnet() is a learner's carnet for a project in Romans-sur-Isère: five support actors
of several categories (one with a private contact person and notes, one without a position),
the Territoires zéro chômeur alliance of Pipriac with five members of different families,
complete answers written in real French (accents, ’, « », €, narrow no-break spaces U+202F
before ; ? ! and no-break spaces U+00A0 before :), and Le RAMEAU tags.

Everything is fixed (ids, dates) so that exports built from it are stable for golden files.
Addresses and contacts are illustrative test data, not verified facts.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.gazetteer import Commune
from domain.models import (
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

NNBSP = "\u202f"  # narrow no-break space (French typography before ; ? ! and in numbers)
NBSP = "\u00a0"  # no-break space (before :, inside « »)

GENERATED_AT = datetime(2025, 3, 14, 10, 30, tzinfo=UTC)


def sample_carnet(language: str = "fr") -> Carnet:
    return Carnet(
        language=language,
        project=Project(
            name="La Cordonnerie solidaire de Romans",
            description=(
                "Un atelier d’insertion qui répare et revalorise les chaussures usagées du bassin "
                f"romanais{NNBSP}; objectif{NBSP}: 12 postes en insertion et un budget de "
                f"180{NNBSP}000{NBSP}€ la première année.\n"
                f"Nous cherchons des partenaires pour le «{NBSP}savoir-faire cuir{NBSP}» et la "
                "collecte."
            ),
            territory=Territory(
                commune="Romans-sur-Isère",
                insee="26281",
                postcode="26100",
                departement="Drôme",
                departement_code="26",
                region="Auvergne-Rhône-Alpes",
                region_code="84",
                lat=45.0436,
                lon=5.0517,
            ),
        ),
        actors=[
            Actor(
                id="a1b2c3d4e5f6",
                name="Pôle Sud – Groupe Archer",
                category="ptce",
                address="45 rue Pierre Curie, 26100 Romans-sur-Isère",
                commune="Romans-sur-Isère",
                lat=45.0395,
                lon=5.0339,
                website="https://www.archer.fr",
                contact_person="Élodie Martin",
                notes=(
                    f"Rendez-vous le 4 mars{NBSP}: très intéressée par l’atelier{NNBSP}; "
                    f"rappeler en septembre pour le comité «{NBSP}Start Up de Territoire{NBSP}»."
                ),
                status=ContactStatus.PRESENTED,
                contact_log=[
                    ContactStep(status=ContactStatus.CONTACTED, on=date(2025, 2, 10)),
                    ContactStep(status=ContactStatus.MET, on=date(2025, 3, 4)),
                    ContactStep(status=ContactStatus.PRESENTED, on=date(2025, 3, 4)),
                ],
                placed_by="search",
            ),
            Actor(
                id="b2c3d4e5f6a1",
                name="CRESS Auvergne-Rhône-Alpes",
                category="cress",
                address="4 rue Laure Diebold, 69009 Lyon",
                commune="Lyon",
                lat=45.7727,
                lon=4.8049,
                website="https://www.cress-aura.org",
                status=ContactStatus.CONTACTED,
                placed_by="search",
            ),
            Actor(
                id="c3d4e5f6a1b2",
                name="CCI de la Drôme",
                category="cci",
                address="52-74 rue Barthélémy de Laffemas",
                commune="Valence",
                lat=44.9334,
                lon=4.8924,
                website="https://www.drome.cci.fr",
                status=ContactStatus.IDENTIFIED,
                placed_by="gazetteer",
            ),
            Actor(
                id="d4e5f6a1b2c3",
                name="Chambre de métiers et de l’artisanat de la Drôme",
                category="cma",
                commune="Bourg-lès-Valence",
                lat=44.9486,
                lon=4.8947,
                status=ContactStatus.MET,
                placed_by="click",
            ),
            Actor(
                id="e5f6a1b2c3d4",
                name="France Active Auvergne-Rhône-Alpes",
                category="parapublic_innovation",
                website="https://www.franceactive-aura.org",
                status=ContactStatus.IDENTIFIED,
            ),
        ],
        alliance=Alliance(
            catalogue_id="tzcld_pipriac",
            name="Territoires zéro chômeur de longue durée – Pipriac et Saint-Ganton",
            place="Pipriac (Ille-et-Vilaine)",
            source_url=(
                "https://www.bruded.fr/projet/pipriac-et-saint-ganton-35-zero-chomeur-de-longue-"
                "duree-sur-un-territoire-cest-possible/"
            ),
            description=(
                "Une entreprise à but d’emploi (TEZEA) embauche en CDI les personnes privées "
                "durablement d’emploi, sur des activités utiles au territoire."
            ),
            lat=47.81,
            lon=-1.9464,
            members=[
                Member(
                    id="1a2b3c4d5e6f",
                    name="ATD Quart Monde",
                    family=Family.ASSOCIATION,
                    role="À l’initiative de la démarche, porteur du projet local.",
                    expertise="Connaissance fine de la grande pauvreté et de la parole des personnes.",
                    interest="Prouver que «" + NBSP + "personne n’est inemployable" + NBSP + "».",
                ),
                Member(
                    id="2b3c4d5e6f1a",
                    name="Communes de Pipriac et de Saint-Ganton",
                    family=Family.LOCAL_AUTHORITY,
                    role="Portage politique, mobilisation des habitants.",
                    expertise="Légitimité démocratique, connaissance du territoire.",
                    interest="Réduire le chômage de longue durée et ses coûts locaux.",
                ),
                Member(
                    id="3c4d5e6f1a2b",
                    name="TEZEA",
                    family=Family.COMPANY,
                    role="Entreprise à but d’emploi qui embauche en CDI.",
                    expertise="Gestion d’activités (recyclerie, blanchisserie, légumerie…).",
                    interest="Développer des activités non concurrentes et durables.",
                ),
                Member(
                    id="4d5e6f1a2b3c",
                    name="Fonds ETCLD",
                    family=Family.PUBLIC_BODY,
                    role="Finance une part de chaque salaire, fixe le cahier des charges.",
                    expertise="Pilotage national de l’expérimentation.",
                    interest="Démontrer l’activation des dépenses passives.",
                ),
                Member(
                    id="5e6f1a2b3c4d",
                    name="Personnes privées durablement d’emploi",
                    family=Family.CITIZENS,
                    role="Salariés volontaires.",
                    expertise="Leurs savoir-faire et envies déterminent les activités.",
                    interest="Retrouver un emploi choisi, près de chez soi.",
                ),
            ],
        ),
        answers=Answers(
            vision=(
                "Une conviction partagée, résumée en trois idées-forces" + NBSP + ": "
                "«" + NBSP + "personne n’est inemployable" + NBSP + "», ce n’est pas le travail "
                "qui manque, ni l’argent" + NNBSP + "! Les acteurs veulent réaffecter le coût "
                "de la privation d’emploi (environ 18" + NNBSP + "000" + NBSP + "€ par personne "
                "et par an) à des emplois utiles au territoire.\n\n"
                "Pourquoi ici" + NNBSP + "? Parce que la commune, ATD Quart Monde et le Point "
                "Accueil Emploi se connaissaient déjà" + NNBSP + "; la confiance a précédé "
                "l’alliance."
            ),
            expertise=(
                "ATD Quart Monde apporte la méthode et la parole des personnes" + NNBSP + "; "
                "les communes, la légitimité et la connaissance des habitants" + NNBSP + "; "
                "TEZEA, le savoir-faire d’employeur et la gestion d’activités (recyclerie, "
                "blanchisserie, légumerie)" + NNBSP + "; le fonds ETCLD, le financement et "
                "l’évaluation. Les salariés eux-mêmes choisissent les activités selon leurs "
                "compétences — c’est leur cœur de métier."
            ),
            interest=(
                "Chacun y gagne" + NBSP + ": la commune réduit un chômage coûteux, l’État teste "
                "une politique publique, l’association prouve sa thèse et les salariés "
                "retrouvent un CDI. Seul, aucun n’aurait pu créer ces emplois" + NNBSP + "; "
                "ensemble, ils partagent le risque et les résultats."
            ),
        ),
        tags=Tags(
            partnership_modes=["cooperation_economique", "innovation_societale"],
            coconstruction_forms=["experimentations_collectives"],
        ),
        created_at=datetime(2025, 2, 1, 9, 0, tzinfo=UTC),
        updated_at=datetime(2025, 3, 14, 10, 0, tzinfo=UTC),
    )


def commune(
    insee: str,
    name: str,
    postcodes: tuple[str, ...],
    departement: str,
    *,
    lat: float,
    lon: float,
    region: str = "",
) -> Commune:
    """A commune of the gazetteer for a test (the fields a test does not name stay empty)."""
    return Commune(insee, name, postcodes, insee[:2], departement, "", region, lat, lon, 0, False)
