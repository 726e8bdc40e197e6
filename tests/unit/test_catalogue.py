"""The shipped catalogue: complete in both languages, sourced, honest about what is unverified,
typographically French, and reproducible from the research facts."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from domain import catalogue
from domain.catalogue import (
    FAMILY_CODES,
    alliance_types,
    cress_for_region,
    filter_alliances,
    get_alliance,
    load_alliances,
    load_categories,
    load_cress,
    load_families,
    load_typologies,
    localized,
    normalize_search,
    source_flag,
)
from scripts.data_checks import french_typography_problems, in_france, is_url, walk_strings

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
DATA_FILES = ("categories.json", "alliances.json", "typologies.json")
FACTS = REPO.parent / "shared" / "research" / "alliance-facts.json"
BUILD_SCRIPT = REPO / "scripts" / "build_catalogue.py"

SHARED_ALLIANCE_IDS = {
    "tzcld_pipriac",
    "pole_sud_archer",
    "ecossolies",
    "tetris_grasse",
    "coursive_boutaric",
    "le_damier",
    "cluster_jura",
    "phares",
    "agir_ensemble_charenton",
    "labo_partenariats_alsace",
    "ft44",
}
# Added from data/sources/alliances-extra.json (tests/unit/test_alliances_extra.py).
EXTRA_ALLIANCE_IDS = {
    "tzcld_loos",
    "ecopole_audruicq",
    "tzcld_colombelles",
    "pole_mobilite_havre",
    "tzcld_mauleon",
    "ptce_sud_aquitaine",
    "tzcld_lodeve",
    "realis_montpellier",
    "tzcld_blois",
    "tzcld_blere",
    "da_locu",
    "u_spaziu",
    "tzcld_saint_thegonnec",
    "tzcld_jouques",
    "tzcld_colombey",
    "tzcld_le_port",
    "tzcld_riviere_pilote",
    "french_impact_mayotte",
}
ALLIANCE_IDS = SHARED_ALLIANCE_IDS | EXTRA_ALLIANCE_IDS
# fmt: off
REGION_CODES = {
    "84", "27", "53", "24", "94", "44", "32", "11", "28", "75", "76", "52", "93",
    "01", "02", "03", "04", "06",
}
# fmt: on
HEX_RE = re.compile(r"^#[0-9A-F]{6}$")


def complete(text) -> bool:
    return bool(text.fr.strip()) and bool(text.en.strip())


def raw(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


# ----------------------------------------------------------------------------- categories


def test_eight_categories_in_the_course_order():
    order = list(load_build_module().CATEGORY_ORDER)  # the course's order, kept by the build
    assert len(order) == 8
    assert [c.id for c in load_categories()] == order


@pytest.mark.parametrize("category", load_categories(), ids=lambda c: c.id)
def test_category_is_complete_in_both_languages(category):
    for field in ("name", "short_name", "definition", "where_to_look"):
        assert complete(getattr(category, field)), field
    assert len(category.short_name.fr) <= 24 and len(category.short_name.en) <= 24
    assert len(category.questions.fr) >= 2 and len(category.questions.en) >= 2
    assert len(category.questions.fr) == len(category.questions.en)
    assert all(q.strip() for q in category.questions.fr + category.questions.en)
    assert all(q.rstrip().endswith("?") for q in category.questions.fr + category.questions.en)
    assert HEX_RE.match(category.colour)
    assert category.sources and all(is_url(s.url) for s in category.sources)
    assert category.named_in_mooc is True
    assert complete(category.reference_site.note)
    if category.reference_site.url is not None:
        assert category.reference_site.verified and is_url(category.reference_site.url)
    else:
        assert category.reference_site.verified is False


def test_category_colours_are_distinct_and_readable_on_white():
    colours = [c.colour for c in load_categories()]
    assert len(set(colours)) == 8
    for colour in colours:
        contrast = 1.05 / (relative_luminance(colour) + 0.05)
        assert contrast >= 2.0, f"{colour} is too pale on white (contrast {contrast:.2f})"


def test_category_examples_are_sourced_and_label_unverified_websites():
    examples = {e.name: e for c in load_categories() for e in c.examples}
    assert {
        "Antropia ESSEC",
        "Avise",
        "France Active",
        "DLA – Dispositif local d'accompagnement",
    } <= set(examples)
    for example in examples.values():
        assert complete(example.description)
        assert example.sources and all(is_url(u) for u in example.sources)
        if example.website_verified:
            assert example.website and is_url(example.website)
    # Antropia's website is not verified in the facts: no URL is given as if it were.
    assert (
        examples["Antropia ESSEC"].website is None
        and not examples["Antropia ESSEC"].website_verified
    )
    # The DLA site is cited by the facts but flagged unverified: carried, labelled as such.
    assert examples["DLA – Dispositif local d'accompagnement"].website_verified is False


# ----------------------------------------------------------------------------- CRESS


def test_eighteen_cress_with_unique_insee_region_codes():
    cress = load_cress()
    assert len(cress) == 18
    assert {c.region_code for c in cress} == REGION_CODES
    assert len({c.region_code for c in cress}) == 18
    names = {c.region_code: c.region for c in cress}
    assert names["84"] == "Auvergne-Rhône-Alpes"
    assert names["93"] == "Provence-Alpes-Côte d'Azur"
    assert names["11"] == "Île-de-France"
    assert names["04"] == "La Réunion"


@pytest.mark.parametrize("cress", load_cress(), ids=lambda c: c.region_code)
def test_cress_website_only_when_verified(cress):
    assert cress.name.startswith("CRESS")
    assert cress.sources and all(is_url(u) for u in cress.sources)
    if cress.verified:
        assert cress.website and is_url(cress.website)
    else:
        assert cress.website is None


def test_cress_for_region_returns_the_entry_with_its_verified_flag():
    assert cress_for_region("84").website == "https://www.cress-aura.org"
    assert cress_for_region("84").verified is True
    bretagne = cress_for_region("53")
    assert bretagne is not None and bretagne.verified is False and bretagne.website is None
    assert cress_for_region("4") == cress_for_region("04") == cress_for_region(4)
    assert cress_for_region("04").region == "La Réunion"
    assert cress_for_region("99") is None
    assert cress_for_region("") is None


# ----------------------------------------------------------------------------- alliances


def test_the_shared_and_the_extra_alliances():
    assert {a.id for a in load_alliances()} == ALLIANCE_IDS
    # the research facts' alliances first, in their order, then the extra ones
    assert {a.id for a in load_alliances()[: len(SHARED_ALLIANCE_IDS)]} == SHARED_ALLIANCE_IDS


@pytest.mark.parametrize("alliance", load_alliances(), ids=lambda a: a.id)
def test_alliance_is_complete_sourced_and_in_france(alliance):
    type_codes = {t.code for t in alliance_types()}
    assert alliance.name and alliance.commune and alliance.departement and alliance.region
    assert alliance.region_code in REGION_CODES
    assert re.match(r"^([0-9][0-9AB]|97[1-6])$", alliance.departement_code or "")
    assert in_france(alliance.lat, alliance.lon), (alliance.lat, alliance.lon)
    assert alliance.year is None or 1900 < alliance.year <= 2030
    for field in ("year_note", "type_detail", "summary", "vision"):
        assert complete(getattr(alliance, field)), field
    if alliance.place_note is not None:
        assert complete(alliance.place_note)
    assert alliance.type in type_codes and set(alliance.other_types) <= type_codes
    assert len(alliance.members) >= 2
    for member in alliance.members:
        assert member.name and member.family in FAMILY_CODES
        assert bool(member.role.fr) == bool(member.role.en)
        assert member.sources and all(is_url(u) for u in member.sources)
        assert len(member.name) <= 150  # fits the carnet's Member.name
    assert alliance.vision_sources and all(is_url(u) for u in alliance.vision_sources)
    assert alliance.key_facts
    for fact in alliance.key_facts:
        assert complete(fact.text)
        assert fact.sources and all(is_url(u) for u in fact.sources)
    for note in alliance.unverified:
        assert complete(note)
    assert alliance.sources and all(is_url(u) for u in alliance.sources)
    assert len(alliance.sources) == len(set(alliance.sources))
    cited = set(alliance.vision_sources)
    for item in alliance.members + alliance.key_facts:
        cited |= set(item.sources)
    assert cited == set(alliance.sources)
    assert alliance.coords_source is None or is_url(alliance.coords_source)


def test_unverified_facts_are_carried_as_unverified():
    tetris = get_alliance("tetris_grasse")
    assert tetris.year is None  # creation year not verified: no number shown as a fact
    assert len(tetris.unverified) == 3
    assert any("FT44" in note.fr for note in get_alliance("ft44").unverified)
    assert get_alliance("pole_sud_archer").unverified == ()
    assert all(a.vision_verified for a in load_alliances())


def test_families_cover_the_codes_with_other_last():
    families = load_families()
    assert tuple(f.code for f in families) == FAMILY_CODES
    assert families[-1].code == "other" and families[-1].label.fr == "Autre"
    for family in families:
        assert complete(family.label) and complete(family.definition)


def test_family_codes_match_the_carnet_model():
    models = pytest.importorskip("domain.models")
    assert {f.value for f in models.Family} == set(FAMILY_CODES)


def test_alliance_types_are_a_controlled_list():
    types = alliance_types()
    codes = [t.code for t in types]
    assert len(codes) == len(set(codes))
    assert all(re.match(r"^[a-z_]+$", c) for c in codes)
    assert all(complete(t.label) for t in types)
    used = {code for a in load_alliances() for code in a.type_codes}
    assert used == set(codes)


# ----------------------------------------------------------------------------- typologies


def test_typologies_have_four_modes_and_three_forms_complete_and_sourced():
    typologies = load_typologies()
    assert [m.id for m in typologies.partnership_modes] == [
        "mecenat",
        "pratiques_responsables",
        "cooperation_economique",
        "innovation_societale",
    ]
    assert [f.id for f in typologies.coconstruction_forms] == [
        "dialogue_territorial",
        "partenariats_organisations",
        "experimentations_collectives",
    ]
    for item in typologies.partnership_modes + typologies.coconstruction_forms:
        assert complete(item.name) and complete(item.definition) and complete(item.example)
        assert item.sources and all(is_url(u) for u in item.sources)
        if item.example_kind == "illustration":
            assert item.example_alliance is None
            # The interface labels it « Illustration (cas fictif) » from example_kind: the
            # text must not say it again (« Illustration : Illustration : … »).
            assert not item.example.fr.startswith("Illustration")
            assert not item.example.en.startswith("Illustration")
        else:
            assert item.example_sources and all(is_url(u) for u in item.example_sources)
        if item.example_alliance:
            assert get_alliance(item.example_alliance) is not None
    assert [m.share_percent for m in typologies.partnership_modes] == [67, 29, 26, 25]
    assert complete(typologies.alliance_definition) and typologies.alliance_definition_sources
    assert typologies.actor_roles and all(
        set(r.families) <= set(FAMILY_CODES) for r in typologies.actor_roles
    )


# ----------------------------------------------------------------------------- filtering


def ids(alliances) -> set[str]:
    return {a.id for a in alliances}


def test_filter_by_region_type_and_family():
    alliances = load_alliances()
    assert ids(filter_alliances(alliances, region_code="52")) == {"ecossolies", "ft44"}
    assert ids(filter_alliances(alliances, region_code="11")) == {
        "phares",
        "agir_ensemble_charenton",
    }
    assert filter_alliances(alliances, region_code="03") == []  # Guyane: none in the catalogue
    assert ids(filter_alliances(alliances, region_code="06")) == {"french_impact_mayotte"}
    assert ids(filter_alliances(alliances, type="tzcld")) == {
        a for a in ALLIANCE_IDS if a.startswith("tzcld_")
    }
    # secondary types count: Écossolies and TETRIS run a tiers-lieu
    assert ids(filter_alliances(alliances, type="tiers_lieu")) == {
        "ecossolies",
        "tetris_grasse",
        "da_locu",
        "u_spaziu",
    }
    assert "le_damier" in ids(filter_alliances(alliances, type="ptce"))
    assert "realis_montpellier" in ids(filter_alliances(alliances, type="ptce"))
    assert ids(filter_alliances(alliances, family="foundation")) == {
        "ft44",
        "tzcld_colombelles",
        "tzcld_jouques",
    }
    assert ids(filter_alliances(alliances, family="research_academic")) == {
        "tetris_grasse",
        "agir_ensemble_charenton",
        "da_locu",
    }
    assert ids(filter_alliances(alliances, region_code="84", type="cluster")) == {"le_damier"}
    assert ids(filter_alliances(alliances)) == ALLIANCE_IDS


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ecossolies", {"ecossolies"}),
        ("ÉCOSSOLIES", {"ecossolies"}),
        ("ile saint denis", {"phares"}),
        ("l'île-saint-denis", {"phares"}),
        ("l’Ile Saint Denis", {"phares"}),
        ("tezea", {"tzcld_pipriac"}),  # a member's name
        ("gresilles", {"coursive_boutaric"}),  # « Habitants des Grésilles »
        ("fondation de lille", {"ft44"}),
        ("nantes", {"ecossolies", "ft44"}),
        ("clermont", {"le_damier"}),
        ("  ", ALLIANCE_IDS),
        ("zzz introuvable", set()),
    ],
)
def test_filter_by_accent_insensitive_query(query, expected):
    assert ids(filter_alliances(load_alliances(), query=query)) == expected


def test_normalize_search():
    assert normalize_search("L’Île–Saint-Denis") == "l ile saint denis"
    assert normalize_search("Œuvre") == "oeuvre"


# ----------------------------------------------------------------------------- helpers, cache


def test_localized_falls_back_to_french():
    assert localized({"fr": "Bonjour", "en": "Hello"}, "en") == "Hello"
    assert localized({"fr": "Bonjour", "en": ""}, "en") == "Bonjour"
    assert localized({"fr": "Bonjour"}, "de") == "Bonjour"
    assert localized(load_categories()[0].name, "en") == "Territorial (community) foundation"
    assert localized(None, "fr") == ""
    assert localized("texte", "en") == "texte"


def test_loaders_are_cached_and_immutable():
    assert load_categories() is load_categories()
    assert load_alliances() is load_alliances()
    assert isinstance(load_alliances(), tuple)
    alliance = load_alliances()[0]
    with pytest.raises(ValidationError):
        alliance.name = "changed"
    with pytest.raises(ValidationError):
        alliance.members[0].family = "other"
    with pytest.raises((TypeError, AttributeError)):
        alliance.members.append(None)  # type: ignore[attr-defined]


def test_source_flags_label_third_party_copies():
    flag = source_flag("https://fr.m.vvikipidea.org/wiki/Chambre")
    assert flag is not None and flag.kind == "wikipedia_copy" and complete(flag.note)
    assert source_flag("https://www.legifrance.gouv.fr/loda/id/X") is None
    assert source_flag("not a url") is None


def test_domain_catalogue_does_not_import_streamlit():
    source = Path(catalogue.__file__).read_text(encoding="utf-8")
    assert "streamlit" not in source.replace("no streamlit", "")
    code = "import sys, domain.catalogue as c; c.load_alliances(); assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


# ----------------------------------------------------------------------------- data hygiene


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_url_in_the_data_is_well_formed(name):
    urls = [
        s
        for k, s in walk_strings(raw(name))
        if s.startswith(("http:", "https:")) or k in ("url", "website", "coords_source")
    ]
    assert urls
    for url in urls:
        assert is_url(url), url
        assert "accutane" not in url  # hijacked page excluded by the build


@pytest.mark.parametrize("name", [*DATA_FILES, "catalogue-wording.json"])
def test_french_strings_follow_french_typography(name):
    french = [s for key, s in walk_strings(raw(name)) if key == "fr"]
    assert len(french) > 20
    bad = {s[:80]: french_typography_problems(s) for s in french if french_typography_problems(s)}
    assert not bad, bad


def test_french_typography_check_catches_mistakes():
    assert french_typography_problems("Pourquoi ?")
    assert french_typography_problems("Pourquoi?")
    assert french_typography_problems("« alliance »")
    assert french_typography_problems("Voir : ici")
    assert not french_typography_problems(
        "Pourquoi\u202f? Voir\u00a0: «\u00a0alliance\u00a0» https://a.fr/?q=1;x"
    )


# ----------------------------------------------------------------------------- build


def load_build_module():
    spec = importlib.util.spec_from_file_location("build_catalogue", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


needs_facts = pytest.mark.skipif(
    not FACTS.is_file(),
    reason=f"research facts not available at {FACTS} (../shared is outside this repository)",
)


@needs_facts
def test_build_reproduces_the_committed_data_files_byte_for_byte():
    outputs = load_build_module().build(FACTS, DATA / "catalogue-wording.json")
    assert set(outputs) == set(DATA_FILES)
    for name, text in outputs.items():
        assert text.encode("utf-8") == (DATA / name).read_bytes(), (
            f"{name} is stale: run scripts/build_catalogue.py"
        )


@needs_facts
def test_build_refuses_missing_wording_or_bad_typography():
    module = load_build_module()
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    wording = json.loads((DATA / "catalogue-wording.json").read_text(encoding="utf-8"))

    facts = module.merge_facts(facts, module.load_extra()[0])
    broken = copy.deepcopy(wording)
    del broken["alliances"]["ft44"]["members"]["Fondation de Lille"]
    broken["alliances"]["phares"]["summary"]["fr"] = "Pourquoi ? Parce que."
    broken["alliances"]["ecossolies"]["key_facts"].pop()
    with pytest.raises(module.BuildError) as error:
        module.Builder(facts, broken, "x").build()
    text = str(error.value)
    assert "Fondation de Lille" in text and "French typography" in text and "Solilab" in text


@needs_facts
def test_build_check_mode_reports_up_to_date(tmp_path):
    module = load_build_module()
    assert module.main([str(FACTS), "--out", str(tmp_path)]) == 0
    assert module.main([str(FACTS), "--out", str(tmp_path), "--check"]) == 0
    (tmp_path / "alliances.json").write_text("{}", encoding="utf-8")
    assert module.main([str(FACTS), "--out", str(tmp_path), "--check"]) == 1
