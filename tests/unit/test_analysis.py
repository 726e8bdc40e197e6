"""Steps 2 and 3 as pure functions: the members editor's delta, the catalogue → carnet copy,
drafts, prompts on what is missing, the answers' completeness check and the network figure."""

import json
from pathlib import Path

import pytest

from adapters.map_assets import CDN_HOSTS
from adapters.network_figure import network_figure
from domain.analysis import (
    CRITERIA,
    ID_COLUMN,
    LONG_ANSWER_CHARS,
    MEMBER_COLUMNS,
    AnswerCheck,
    EditResult,
    Prompt,
    alliance_from_catalogue,
    answer_check,
    apply_editor_delta,
    draft_from_members,
    edit_error_messages,
    family_counts,
    family_labels,
    level_message,
    members_from_catalogue,
    members_to_rows,
    missing_families,
    move_member,
    parse_family,
    without_scaffold,
)
from domain.catalogue import CatalogueAlliance, get_alliance, load_alliances, localized
from domain.i18n import Translator, load_messages, placeholders
from domain.models import MAX_MEMBERS, MAX_NOTE, MAX_SHORT, Alliance, Family, Member
from domain.network import FAMILY_COLOURS, FAMILY_ORDER
from domain.progress import MIN_ANSWER_CHARS

ROOT = Path(__file__).resolve().parents[2]
FR, EN = Translator("fr"), Translator("en")


def members() -> list[Member]:
    return [
        Member(name="ATD Quart Monde", family=Family.ASSOCIATION, role="Initiateur du projet"),
        Member(name="Commune de Pipriac", family=Family.LOCAL_AUTHORITY, role="Portage politique"),
        Member(name="TEZEA", family=Family.COMPANY, expertise="Recyclerie, blanchisserie"),
        Member(
            name="Fonds ETCLD", family=Family.PUBLIC_BODY, interest="Réduire le coût du chômage"
        ),
    ]


def names(result: EditResult | list[Member]) -> list[str]:
    items = result.members if isinstance(result, EditResult) else result
    return [m.name for m in items]


# ---------------------------------------------------------------------------------------------
# The members editor
# ---------------------------------------------------------------------------------------------


def test_rows_show_the_member_columns_with_the_id_aside():
    team = members()
    rows = members_to_rows(team)
    assert MEMBER_COLUMNS == ("name", "family", "role", "expertise", "interest")
    assert [set(row) for row in rows] == [{ID_COLUMN, *MEMBER_COLUMNS}] * 4
    assert rows[1] == {
        "id": team[1].id,
        "name": "Commune de Pipriac",
        "family": "local_authority",
        "role": "Portage politique",
        "expertise": "",
        "interest": "",
    }
    assert members_to_rows([]) == []


def test_empty_delta_changes_nothing_and_does_not_touch_the_input():
    team = members()
    before = [m.model_dump() for m in team]
    for delta in (None, {}, {"edited_rows": {}, "added_rows": [], "deleted_rows": []}):
        result = apply_editor_delta(team, delta)
        assert [m.model_dump() for m in result.members] == before
        assert result.ok and result.errors == []
    assert [m.model_dump() for m in team] == before


def test_edit_one_cell_keeps_the_id_and_the_other_cells():
    team = members()
    result = apply_editor_delta(team, {"edited_rows": {2: {"expertise": "Emploi en CDI"}}})
    edited = result.members[2]
    assert edited.id == team[2].id
    assert edited.expertise == "Emploi en CDI"
    assert (edited.name, edited.family, edited.role) == ("TEZEA", Family.COMPANY, "")
    assert team[2].expertise == "Recyclerie, blanchisserie"  # the input is not modified
    assert result.ok


def test_edit_several_rows_and_cells():
    team = members()
    delta = {
        "edited_rows": {
            0: {"expertise": "Mobilisation", "interest": "Sa mission"},
            3: {"name": "Fonds d’expérimentation ETCLD", "family": "foundation"},
        }
    }
    result = apply_editor_delta(team, delta)
    assert [m.id for m in result.members] == [m.id for m in team]
    assert (result.members[0].expertise, result.members[0].interest) == (
        "Mobilisation",
        "Sa mission",
    )
    assert result.members[3].name == "Fonds d’expérimentation ETCLD"
    assert result.members[3].family is Family.FOUNDATION
    assert result.members[1] == team[1]


def test_row_keys_may_be_strings_after_a_json_round_trip():
    team = members()
    result = apply_editor_delta(
        team, json.loads(json.dumps({"edited_rows": {1: {"role": "Élus"}}}))
    )
    assert result.members[1].role == "Élus" and result.ok


def test_added_rows_are_appended_with_new_ids():
    team = members()
    delta = {
        "added_rows": [
            {
                "name": "Département d’Ille-et-Vilaine",
                "family": "local_authority",
                "role": "Financeur",
            },
            {"name": "Habitants", "_index": 5, "id": "ffffffffffff"},
        ]
    }
    result = apply_editor_delta(team, delta)
    assert names(result) == names(team) + ["Département d’Ille-et-Vilaine", "Habitants"]
    new = result.members[4:]
    assert new[0].family is Family.LOCAL_AUTHORITY and new[0].role == "Financeur"
    assert new[1].family is Family.OTHER  # no family given
    ids = [m.id for m in result.members]
    assert len(set(ids)) == 6 and "ffffffffffff" not in ids  # ids never come from the delta
    assert result.ok


@pytest.mark.parametrize(
    "empty",
    [
        {},
        {"name": None},
        {"name": "  ", "role": "", "family": None},
        {"name": float("nan"), "expertise": "\n"},
    ],
)
def test_fully_empty_added_rows_are_ignored(empty):
    result = apply_editor_delta(members(), {"added_rows": [empty, {"name": "Nouveau"}]})
    assert names(result)[-1] == "Nouveau" and len(result.members) == 5
    assert result.ok


def test_delete_uses_original_indices():
    team = members()
    result = apply_editor_delta(team, {"deleted_rows": [0, 2]})
    assert names(result) == ["Commune de Pipriac", "Fonds ETCLD"]
    assert [m.id for m in result.members] == [team[1].id, team[3].id]


def test_delete_and_edit_in_one_delta_both_use_original_indices():
    team = members()
    delta = {
        "deleted_rows": [0],
        "edited_rows": {
            1: {"role": "Élus moteurs"},
            3: {"interest": "Dépenses évitées"},
            0: {"name": "x"},
        },
        "added_rows": [{"name": "Pôle emploi", "family": "public_body"}],
    }
    result = apply_editor_delta(team, delta)
    # row 1 (not row 0 of the list after deletion) got the role; the deleted row's edit is moot
    assert names(result) == ["Commune de Pipriac", "TEZEA", "Fonds ETCLD", "Pôle emploi"]
    assert result.members[0].role == "Élus moteurs" and result.members[0].id == team[1].id
    assert result.members[2].interest == "Dépenses évitées"
    assert result.ok


def test_bad_values_keep_the_original_row_and_are_reported_while_other_edits_apply():
    team = members()
    delta = {
        "edited_rows": {
            0: {"name": "   ", "role": "Ce rôle ne doit pas être à moitié appliqué"},
            1: {"role": "x" * (MAX_NOTE + 1)},
            2: {"family": "Banque centrale"},
            3: {"expertise": "Financement"},
        },
        "added_rows": [
            {"role": "Rôle sans nom"},
            {"name": "n" * (MAX_SHORT + 1)},
            {"name": "Valide"},
        ],
    }
    result = apply_editor_delta(team, delta)
    assert result.members[:3] == team[:3]  # each bad row kept whole, as it was
    assert result.members[3].expertise == "Financement"  # the valid edit is applied
    assert names(result) == names(team) + ["Valide"]
    assert [(e["row"], e["column"], e["code"]) for e in result.errors] == [
        (0, "name", "required"),
        (1, "role", "too_long"),
        (2, "family", "unknown_family"),
        (4, "name", "required"),
        (5, "name", "too_long"),
    ]
    assert result.errors[1]["params"] == {"row": 2, "limit": MAX_NOTE}
    assert result.errors[2]["params"] == {"row": 3, "value": "Banque centrale"}
    assert result.errors[4]["params"] == {"row": 6, "limit": MAX_SHORT}
    assert not result.ok


def test_several_bad_cells_of_one_row_are_all_reported():
    result = apply_editor_delta(members(), {"edited_rows": {0: {"name": "", "family": "nope"}}})
    found = {(e["column"], e["code"]) for e in result.errors}
    assert found == {("name", "required"), ("family", "unknown_family")}


def test_unknown_rows_are_reported_not_applied():
    team = members()
    result = apply_editor_delta(
        team, {"edited_rows": {9: {"name": "Fantôme"}}, "deleted_rows": [7]}
    )
    assert result.members == team
    assert [(e["row"], e["code"]) for e in result.errors] == [
        (7, "unknown_row"),
        (9, "unknown_row"),
    ]


def test_added_rows_beyond_the_limit_are_refused():
    team = [Member(name=f"Membre {i}") for i in range(MAX_MEMBERS - 1)]
    result = apply_editor_delta(team, {"added_rows": [{"name": "Dernier"}, {"name": "De trop"}]})
    assert len(result.members) == MAX_MEMBERS and result.members[-1].name == "Dernier"
    assert [(e["code"], e["params"]["limit"]) for e in result.errors] == [("too_many", MAX_MEMBERS)]


@pytest.mark.parametrize(
    "value, family",
    [
        ("local_authority", Family.LOCAL_AUTHORITY),
        ("Collectivité territoriale", Family.LOCAL_AUTHORITY),
        ("COLLECTIVITE territoriale", Family.LOCAL_AUTHORITY),
        ("  local   authority ", Family.LOCAL_AUTHORITY),
        ("Association / structure de l'ESS", Family.ASSOCIATION),
        ("structure de l’ESS", Family.ASSOCIATION),
        ("Foundation / funder", Family.FOUNDATION),
        ("financeur", Family.FOUNDATION),
        ("Habitants", Family.CITIZENS),
        ("Research / education", Family.RESEARCH),
        ("recherche / enseignement", Family.RESEARCH),
        ("Entreprise", Family.COMPANY),
        ("Autre", Family.OTHER),
        (Family.MULTI, Family.MULTI),
    ],
)
def test_family_given_as_code_or_label(value, family):
    assert parse_family(value) is family
    result = apply_editor_delta(members(), {"edited_rows": {0: {"family": value}}})
    assert result.members[0].family is family and result.ok


@pytest.mark.parametrize("value", ["Banque", "", 3, None, "local-authority-x"])
def test_unknown_family_values(value):
    assert parse_family(value) is None


def test_clearing_the_family_cell_means_other():
    result = apply_editor_delta(members(), {"edited_rows": {0: {"family": None}}})
    assert result.members[0].family is Family.OTHER and result.ok


def test_edited_text_is_cleaned_and_hostile_text_is_kept_as_text():
    payload = "<script>alert(1)</script> ${x} =HYPERLINK()"
    delta = {"edited_rows": {0: {"name": "  ATD\u202e  Quart\x00 Monde ", "role": payload}}}
    result = apply_editor_delta(members(), delta)
    assert result.members[0].name == "ATD Quart Monde"
    assert result.members[0].role == payload  # escaping happens on the way out


def test_error_messages_are_translated_and_escape_the_learners_value():
    delta = {"edited_rows": {2: {"family": "*Banque* [x](javascript:y)"}, 0: {"name": ""}}}
    result = apply_editor_delta(members(), delta)
    fr = edit_error_messages(result.errors, FR)
    assert fr[0].startswith("Ligne 1 (Nom)\u00a0: le nom est obligatoire")
    assert "\\*Banque\\*" in fr[1] and "[x]" not in fr[1]
    en = edit_error_messages(result.errors, EN, markdown=False)
    assert en[1].startswith("Row 3 (Family): “*Banque* [x](javascript:y)”")
    too_long = apply_editor_delta(members(), {"edited_rows": {1: {"role": "x" * (MAX_NOTE + 5)}}})
    assert "dépasse 2000 caractères" in edit_error_messages(too_long.errors, FR)[0]


def test_move_member_up_down_and_clamped():
    team = members()
    ids = [m.id for m in team]
    assert [m.id for m in move_member(team, ids[2], -1)] == [ids[0], ids[2], ids[1], ids[3]]
    assert [m.id for m in move_member(team, ids[0], 1)] == [ids[1], ids[0], ids[2], ids[3]]
    assert [m.id for m in move_member(team, ids[1], -10)] == [ids[1], ids[0], ids[2], ids[3]]
    assert [m.id for m in move_member(team, ids[1], 10)] == [ids[0], ids[2], ids[3], ids[1]]
    assert [m.id for m in move_member(team, "abcdef123456", 1)] == ids
    assert [m.id for m in move_member(team, ids[0], 0)] == ids
    assert [m.id for m in team] == ids  # the input is not modified
    assert move_member([], "abcdef", 1) == []


# ---------------------------------------------------------------------------------------------
# From the catalogue
# ---------------------------------------------------------------------------------------------

FIXTURE_ALLIANCE = CatalogueAlliance.model_validate(
    {
        "id": "tzcld_pipriac",
        "name": "Territoire zéro chômeur – Pipriac",
        "commune": "Pipriac",
        "departement": "Ille-et-Vilaine",
        "region": "Bretagne",
        "region_code": "53",
        "lat": 47.81,
        "lon": -1.9464,
        "year_note": {"fr": "", "en": ""},
        "type": "tzcld",
        "type_detail": {"fr": "", "en": ""},
        "vision": {"fr": "", "en": ""},
        "summary": {
            "fr": "Une entreprise à but d’emploi embauche en CDI.",
            "en": "A job-creating company hires.",
        },
        "sources": [
            "javascript:alert(1)",
            "https://www.bruded.fr/projet/pipriac",
            "https://tezea.fr",
        ],
        "members": [
            {
                "name": "ATD Quart Monde",
                "family": "association",
                "role": {"fr": "À l’initiative de la démarche", "en": "Started the initiative"},
                "sources": ["https://www.bruded.fr/projet/pipriac"],
            },
            {
                "name": "Communes de Pipriac et de Saint-Ganton",
                "name_en": "Pipriac and Saint-Ganton",
                "family": "local_authority",
                "role": {"fr": "Portage politique"},
            },
            {
                "name": "Fonds ETCLD",
                "family": "public_body",
                "role": {"fr": "Finance une part des salaires"},
            },
            {"name": "Collectif", "family": "not_a_family", "role": {"fr": "", "en": ""}},
            {"name": "  ", "family": "company"},
        ],
    }
)


def test_members_from_catalogue_copy_name_family_and_role_in_the_language():
    fr = members_from_catalogue(FIXTURE_ALLIANCE, "fr")
    en = members_from_catalogue(FIXTURE_ALLIANCE, "en")
    assert names(fr) == [
        "ATD Quart Monde",
        "Communes de Pipriac et de Saint-Ganton",
        "Fonds ETCLD",
        "Collectif",
    ]
    assert names(en)[1] == "Pipriac and Saint-Ganton"  # the catalogue's English name
    assert [m.family for m in fr] == [
        Family.ASSOCIATION,
        Family.LOCAL_AUTHORITY,
        Family.PUBLIC_BODY,
        Family.OTHER,
    ]
    assert [m.role for m in fr] == [
        "À l’initiative de la démarche",
        "Portage politique",
        "Finance une part des salaires",
        "",
    ]
    assert en[0].role == "Started the initiative"
    assert en[1].role == "Portage politique"  # no English: French rather than nothing
    assert all(m.expertise == "" and m.interest == "" for m in fr)  # for the learner to write
    assert len({m.id for m in fr + en}) == 8


def test_alliance_from_catalogue():
    alliance = alliance_from_catalogue(FIXTURE_ALLIANCE, "fr")
    assert isinstance(alliance, Alliance)
    assert alliance.catalogue_id == "tzcld_pipriac"
    assert alliance.name == "Territoire zéro chômeur – Pipriac"
    assert alliance.place == "Pipriac, Ille-et-Vilaine"
    assert alliance.source_url == "https://www.bruded.fr/projet/pipriac"  # first http(s) source
    assert alliance.description == "Une entreprise à but d’emploi embauche en CDI."
    assert (alliance.lat, alliance.lon) == (47.81, -1.9464)
    assert len(alliance.members) == 4
    assert (
        alliance_from_catalogue(FIXTURE_ALLIANCE, "en").description
        == "A job-creating company hires."
    )


def test_every_real_catalogue_alliance_becomes_a_valid_carnet_alliance():
    for item in load_alliances():
        for lang in ("fr", "en"):
            alliance = alliance_from_catalogue(item, lang)
            Alliance.model_validate(alliance.model_dump())  # within every limit
            assert alliance.name and alliance.members, alliance.catalogue_id
            assert alliance.source_url.startswith(("https://", "http://"))
            assert all(m.role for m in alliance.members), alliance.catalogue_id
            assert alliance.lat is not None and alliance.lon is not None
            assert alliance.place == f"{item.commune}, {item.departement}"
            assert alliance.description == localized(item.summary, lang)


def test_the_real_pipriac_alliance():
    pipriac = get_alliance("tzcld_pipriac")
    fr = alliance_from_catalogue(pipriac, "fr")
    en = alliance_from_catalogue(pipriac, "en")
    assert fr.place == "Pipriac, Ille-et-Vilaine"
    assert fr.source_url.startswith("https://www.bruded.fr/")
    assert fr.members[0].name == "ATD Quart Monde" and fr.members[0].family is Family.ASSOCIATION
    assert fr.members[0].role == pipriac.members[0].role.fr
    assert en.members[0].role == pipriac.members[0].role.en
    assert fr.members[1].family is Family.LOCAL_AUTHORITY
    assert en.members[1].name == pipriac.members[1].name_en


# ---------------------------------------------------------------------------------------------
# Drafts
# ---------------------------------------------------------------------------------------------


def team_with_answers() -> list[Member]:
    return [
        Member(
            name="ATD Quart Monde",
            family=Family.ASSOCIATION,
            role="Porteur du projet",
            expertise="Connaissance des personnes\nprivées d’emploi",
            interest="Sa mission",
        ),
        Member(
            name="Commune de Pipriac",
            family=Family.LOCAL_AUTHORITY,
            role="Portage politique",
            expertise="Liste des demandeurs d’emploi",
        ),
        Member(name="TEZEA", family=Family.COMPANY, interest="Des activités utiles au territoire"),
        Member(name="Mairie annexe", family=Family.LOCAL_AUTHORITY),
    ]


def test_expertise_draft_has_one_line_per_member_with_an_expertise():
    draft = draft_from_members(team_with_answers(), "expertise", FR)
    assert draft.splitlines() == [
        "Ce que chaque membre apporte à l’alliance\u00a0:",
        (
            "- ATD Quart Monde (Association / structure de l’ESS)\u00a0: "
            "Connaissance des personnes privées d’emploi"
        ),
        "- Commune de Pipriac (Collectivité territoriale)\u00a0: Liste des demandeurs d’emploi",
    ]


def test_interest_draft_in_english():
    draft = draft_from_members(team_with_answers(), "interest", EN)
    assert draft.splitlines() == [
        "Why each member has an interest in allying:",
        "- ATD Quart Monde (Association / social economy organisation): Sa mission",
        "- TEZEA (Company): Des activités utiles au territoire",
    ]


def test_vision_draft_lists_families_present_and_roles():
    draft = draft_from_members(team_with_answers(), "vision", FR)
    lines = draft.splitlines()
    assert lines[0] == (
        "Cette alliance réunit 4 membres de ces familles d’acteurs\u00a0: "
        "Entreprise (1), Association / structure de l’ESS (1), Collectivité territoriale (2)."
    )
    assert lines[1:4] == [
        "Leurs rôles\u00a0:",
        "- ATD Quart Monde\u00a0: Porteur du projet",
        "- Commune de Pipriac\u00a0: Portage politique",
    ]
    assert lines[-1].startswith("Ils se sont alliés autour de l’enjeu suivant")
    assert "Recherche" not in draft  # only the families present


def test_drafts_are_empty_when_there_is_nothing_to_draft_from():
    bare = [Member(name="Seul", family=Family.OTHER)]
    assert draft_from_members([], "vision", FR) == ""
    assert draft_from_members([], "expertise", FR) == ""
    assert draft_from_members(bare, "expertise", FR) == ""
    assert draft_from_members(bare, "interest", EN) == ""
    vision = draft_from_members(bare, "vision", EN)  # families only, no roles section
    assert (
        vision.startswith("This alliance brings together 1 members") and "Their roles" not in vision
    )
    with pytest.raises(ValueError):
        draft_from_members(bare, "other", FR)


def test_hostile_member_text_stays_plain_text_in_drafts():
    payload = "<script>alert('x')</script> {family} {0} ${x} **gras**"
    team = [
        Member(
            name=payload, family=Family.COMPANY, role=payload, expertise=payload, interest=payload
        )
    ]
    for question in ("vision", "expertise", "interest"):
        draft = draft_from_members(team, question, FR)
        assert payload in draft  # not escaped, not interpreted: the draft goes into a text area
        assert "&lt;" not in draft


def test_drafts_stay_within_an_answers_limit():
    team = [
        Member(name=f"Membre {i}", family=Family.COMPANY, role="r" * 1_900, expertise="e" * 1_900)
        for i in range(MAX_MEMBERS)
    ]
    for question in ("vision", "expertise"):
        draft = draft_from_members(team, question, FR)
        assert 0 < len(draft) <= 6_000
    assert draft_from_members(team, "vision", FR).splitlines()[-1].startswith("Ils se sont alliés")


# ---------------------------------------------------------------------------------------------
# What is missing
# ---------------------------------------------------------------------------------------------


def codes(prompts: list[Prompt]) -> list[str]:
    return [p.code for p in prompts]


def test_no_members_is_the_only_prompt():
    assert missing_families([]) == [Prompt("no_members", {"minimum": 3}, "warning")]


def test_small_incomplete_alliance():
    team = [
        Member(name="Mairie", family=Family.LOCAL_AUTHORITY, role="Porteur"),
        Member(name="Asso", family=Family.ASSOCIATION, expertise="Terrain"),
    ]
    prompts = missing_families(team)
    assert codes(prompts) == [
        "few_members",
        "missing_role",
        "missing_expertise",
        "missing_interest",
        "no_company",
        "no_research",
        "no_citizens",
        "no_funder",
    ]
    by_code = {p.code: p for p in prompts}
    assert by_code["few_members"] == Prompt("few_members", {"count": 2, "minimum": 3}, "warning")
    assert by_code["missing_interest"].params == {"count": 2, "total": 2}
    assert by_code["missing_role"].params == {"count": 1, "total": 2}
    assert by_code["no_company"].severity == "info"


def test_complete_alliance_has_no_prompt():
    families = [
        Family.LOCAL_AUTHORITY,
        Family.COMPANY,
        Family.ASSOCIATION,
        Family.RESEARCH,
        Family.CITIZENS,
        Family.FOUNDATION,
    ]
    team = [Member(name=f.value, family=f, role="r", expertise="e", interest="i") for f in families]
    assert missing_families(team) == []


def test_only_public_bodies_and_others():
    team = [
        Member(name=f"P{i}", family=Family.PUBLIC_BODY, role="r", expertise="e", interest="i")
        for i in range(3)
    ]
    assert codes(missing_families(team)) == [
        "no_local_authority",
        "no_company",
        "no_association",
        "no_research",
        "no_citizens",
        "no_funder",
    ]


def test_every_prompt_has_a_message_in_both_languages():
    every = missing_families([]) + missing_families([Member(name="x", family=Family.OTHER)])
    every += missing_families([Member(name=str(i)) for i in range(3)])
    for prompt in every:
        for t in (FR, EN):
            key = f"analysis.prompt.{prompt.code}"
            assert t.has(key), key
            message = t(key, **prompt.params)
            assert "{" not in message and message.strip()


def test_family_counts_in_family_order():
    counts = family_counts(team_with_answers())
    assert list(counts) == FAMILY_ORDER
    assert counts[Family.LOCAL_AUTHORITY] == 2 and counts[Family.COMPANY] == 1
    assert counts[Family.RESEARCH] == 0
    assert sum(counts.values()) == 4
    assert family_counts([]) == {f: 0 for f in FAMILY_ORDER}


# ---------------------------------------------------------------------------------------------
# Answer check
# ---------------------------------------------------------------------------------------------


def test_levels():
    assert answer_check("vision", "").level == "empty"
    assert answer_check("vision", "   \n ").level == "empty"
    assert answer_check("vision", "x" * (MIN_ANSWER_CHARS - 1)).level == "short"
    # Long enough but one word: not enough of the learner's own words (domain.answers).
    assert answer_check("vision", "x" * MIN_ANSWER_CHARS).level == "own"
    words = "mot " * (MIN_ANSWER_CHARS // 4 + 1)
    assert answer_check("vision", words).level == "ok"
    assert answer_check("vision", (words * 20)[:LONG_ANSWER_CHARS]).level == "ok"
    assert answer_check("vision", words * 20).level == "long"
    check = answer_check("vision", "  Trois mots ici  ")
    assert (check.chars, check.words) == (14, 3)
    assert level_message(check, FR) == "Un peu court\u00a0: 14 caractères, visez au moins 200."
    assert level_message(answer_check("vision", "yy " * 1_200), EN).startswith("Very long: 3599")


def test_empty_answer_covers_nothing():
    for question, criteria in CRITERIA.items():
        check = answer_check(question, "", team_with_answers())
        assert check.covered == [] and check.missing == list(criteria)


def test_vision_criteria_in_french_and_english():
    french = answer_check(
        "vision",
        "Face au chômage de longue durée à Pipriac, les acteurs partagent une conviction : "
        "personne n’est inemployable. Leur objectif commun est de créer des emplois utiles "
        "au territoire.",
    )
    assert (
        french.covered == ["vision_issue", "vision_territory", "vision_goal"]
        and french.missing == []
    )
    english = answer_check("vision", "They want to tackle long-term unemployment together.")
    assert english.covered == ["vision_issue", "vision_goal"]
    assert english.missing == ["vision_territory"]


def test_expertise_needs_several_members_named():
    team = team_with_answers()
    one = answer_check("expertise", "ATD Quart Monde apporte sa connaissance des personnes.", team)
    assert one.covered == ["expertise_words"] and one.missing == ["expertise_members"]
    three = answer_check(
        "expertise",
        "ATD apporte son réseau, la commune de Pipriac ses locaux et tezea son savoir-faire "
        "de recyclerie.",
        team,
    )
    assert three.covered == ["expertise_members", "expertise_words"]


def test_interest_criteria():
    team = team_with_answers()
    good = answer_check(
        "interest",
        "Chacun y gagne : TEZEA remplit sa mission, la Commune de Pipriac recrute.",
        team,
    )
    assert good.covered == ["interest_words", "interest_members", "interest_mutual"]
    weak = answer_check("interest", "The municipality benefits.", team)
    assert weak.covered == ["interest_words"] and weak.missing == [
        "interest_members",
        "interest_mutual",
    ]


def test_member_criteria_are_left_out_without_members_and_need_fewer_in_small_tables():
    check = answer_check("interest", "Un intérêt mutuel.")
    assert "interest_members" not in check.covered + check.missing
    alone = [Member(name="TEZEA", family=Family.COMPANY)]
    assert (
        "expertise_members"
        in answer_check("expertise", "TEZEA apporte ses compétences.", alone).covered
    )


def test_names_match_whole_words_only():
    team = [Member(name="Ville", family=Family.LOCAL_AUTHORITY), Member(name="ATD Quart Monde")]
    check = answer_check("interest", "Les villes et l’ATDx y trouvent un intérêt.", team)
    assert "interest_members" in check.missing


def test_an_untouched_draft_does_not_count_as_an_answer():
    team = team_with_answers()
    for question in ("vision", "expertise", "interest"):
        for t in (FR, EN):
            draft = draft_from_members(team, question, t)
            check = answer_check(question, draft, team)
            assert check.chars == len(without_scaffold(draft)) < len(draft)
    vision = answer_check("vision", draft_from_members(team, "vision", FR), team)
    # the scaffold's own words (enjeu, changer ensemble...) do not count; the members' lines do
    # ("Commune de Pipriac" names a territory)
    assert vision.covered == ["vision_territory"]
    bare = [Member(name="TEZEA", family=Family.COMPANY, role="Emploie")]
    assert answer_check("vision", draft_from_members(bare, "vision", EN), bare).covered == []


def test_unknown_question():
    with pytest.raises(ValueError):
        answer_check("autre", "x")


def test_every_criterion_and_level_has_a_message():
    for t in (FR, EN):
        for criteria in CRITERIA.values():
            for code in criteria:
                assert t.has(f"analysis.criterion.{code}"), code
        for level in ("empty", "short", "ok", "long"):
            assert t.has(f"analysis.level.{level}")


def test_locale_files_match_and_cover_every_family():
    fr = json.loads((ROOT / "data/locales/fr/analysis.json").read_text(encoding="utf-8"))
    en = json.loads((ROOT / "data/locales/en/analysis.json").read_text(encoding="utf-8"))
    assert sorted(fr) == sorted(en)
    assert all(placeholders(fr[k]) == placeholders(en[k]) for k in fr)
    assert {f"family.{f.value}" for f in Family} <= set(fr)
    assert fr["family.local_authority"] == "Collectivité territoriale"
    assert family_labels(FR)[Family.CITIZENS] == "Citoyens / habitants"
    assert list(family_labels(EN)) == FAMILY_ORDER
    assert {f"analysis.column.{c}" for c in MEMBER_COLUMNS} <= set(fr)
    assert load_messages("fr")["family.other"] == "Autre"


# ---------------------------------------------------------------------------------------------
# Network figure
# ---------------------------------------------------------------------------------------------


def member_traces(figure):
    return [trace for trace in figure.data if trace.meta in {f.value for f in Family}]


def test_network_has_one_point_per_member_coloured_by_family():
    team = team_with_answers()
    figure = network_figure("TZCLD Pipriac", team, family_labels(FR))
    traces = member_traces(figure)
    assert sum(len(trace.x) for trace in traces) == len(team)
    assert sorted(cd for trace in traces for cd in trace.customdata) == sorted(m.id for m in team)
    assert [trace.meta for trace in traces] == [
        "company",
        "association",
        "local_authority",
    ]  # FAMILY_ORDER
    for trace in traces:
        family = Family(trace.meta)
        assert trace.marker.color == FAMILY_COLOURS[family]
        assert trace.showlegend and trace.legendgroup == family.value
    assert traces[2].name == "Collectivité territoriale"
    assert traces[1].name == "Association / structure de l’ESS"
    edges = next(trace for trace in figure.data if trace.name == "edges")
    assert len(edges.x) == 3 * len(team) and edges.hoverinfo == "skip"
    assert set(edges.x[0::3]) == {0.0} and set(edges.x[2::3]) == {None}


def test_network_hover_is_escaped_and_complete():
    hostile = Member(
        name="<script>alert(1)</script>",
        family=Family.CITIZENS,
        role="<img src=x onerror=alert(2)> & co",
    )
    figure = network_figure("<b>Alliance</b> & ${x}", [hostile], family_labels(EN))
    trace = member_traces(figure)[0]
    hover = trace.hovertext[0]
    assert "<script>" not in hover and "&lt;script&gt;alert(1)&lt;/script&gt;" in hover
    assert (
        "Citizens / residents" in hover and "&lt;img src=x onerror=alert(2)&gt; &amp; co" in hover
    )
    assert "<script>" not in trace.text[0] and "<img" not in hover
    centre = next(t for t in figure.data if t.name == "alliance")
    assert "&lt;b&gt;Alliance&lt;/b&gt; &amp; &#36;&#123;x&#125;" in centre.hovertext[0]
    assert trace.hoverinfo == "text"


def test_network_layout_has_no_axes_and_a_fixed_aspect_and_grows_for_projection():
    team = team_with_answers()
    normal = network_figure("A", team, family_labels(FR))
    big = network_figure("A", team, family_labels(FR), projection=True)
    for figure in (normal, big):
        assert figure.layout.xaxis.visible is False and figure.layout.yaxis.visible is False
        assert figure.layout.yaxis.scaleanchor == "x" and figure.layout.yaxis.scaleratio == 1
    assert big.layout.font.size > normal.layout.font.size
    assert member_traces(big)[0].marker.size > member_traces(normal)[0].marker.size
    assert big.layout.hoverlabel.font.size > normal.layout.hoverlabel.font.size
    figure_json = normal.to_json()  # serialisable for Streamlit's plotly chart
    assert set(json.loads(figure_json)) >= {"data", "layout"}
    # Nothing in it makes the browser fetch from a CDN (Streamlit ships plotly.js itself).
    assert not [host for host in CDN_HOSTS if host in figure_json]
    assert "https://" not in figure_json and "http://" not in figure_json


def test_network_with_no_members_shows_the_alliance_alone():
    figure = network_figure("Seule", [], family_labels(FR))
    assert member_traces(figure) == []
    assert [t.name for t in figure.data] == ["edges", "alliance"]
    assert figure.layout.showlegend is False


def test_unlabelled_family_falls_back_to_its_code():
    figure = network_figure("A", [Member(name="M", family=Family.MULTI)], {})
    assert member_traces(figure)[0].name == "multi"


def test_answer_check_type():
    assert isinstance(answer_check("vision", "x"), AnswerCheck)
