"""domain.directory: public fields only, limits, no HTML, http(s) URLs, the matching rule,
filters and suggestions grouping."""

import pytest

from domain import directory as rules
from domain.directory import DirectoryFilter, DirectoryRuleError, Place
from domain.models import Actor, ContactStatus
from tests.corpus import hostile_strings

CATEGORIES = ("cress", "ptce", "incubateur_social")


def test_public_fields_never_read_private_ones():
    actor = Actor(
        name="Recyclerie du Pays de Redon",
        category="ptce",
        commune="Redon",
        website="https://example.org",
        contact_person="Mme Secret",
        notes="NOTE-PRIVÉE très confidentielle",
        status=ContactStatus.MET,
    )
    fields = rules.public_fields(actor, Place(commune="Redon"), "Un pôle de coopération.")
    assert set(fields) == set(rules.PUBLIC_FIELDS)
    flat = " ".join(fields.values())
    assert "Secret" not in flat and "PRIVÉE" not in flat and "met" not in flat.split()


@pytest.mark.parametrize(
    "text",
    ["<b>gras</b>", "</script>", "<!-- x -->", "&lt;script&gt;", "&#60;", "a <img src=x>"],
)
def test_html_is_refused(text):
    with pytest.raises(DirectoryRuleError) as error:
        rules.check_text("name", text)
    assert error.value.code == "html"


def test_comparisons_and_plain_text_are_not_html():
    assert rules.check_text("name", "Tarif < 5 € & plus") == "Tarif < 5 € & plus"
    assert not rules.has_html("3 < 4")


def test_lengths_are_limited():
    with pytest.raises(DirectoryRuleError) as error:
        rules.check_text("name", "x" * 151)
    assert (error.value.code, error.value.limit) == ("too_long", 150)
    assert rules.check_text("description", "x" * 500, multiline=True) == "x" * 500


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org", 'https://a.org/"x']
)
def test_only_http_urls(url):
    with pytest.raises(DirectoryRuleError):
        rules.check_url(url)


def test_bare_host_becomes_https():
    assert rules.check_url("www.cress-aura.org") == "https://www.cress-aura.org"
    assert rules.check_url("") == ""


def test_check_fields_requires_a_name_and_a_known_category():
    with pytest.raises(DirectoryRuleError) as error:
        rules.check_fields({"name": "  ", "category": "cress"}, CATEGORIES)
    assert error.value.code == "required"
    with pytest.raises(DirectoryRuleError) as error:
        rules.check_fields({"name": "X", "category": "nope"}, CATEGORIES)
    assert error.value.code == "category"


def test_hostile_strings_are_refused_or_kept_as_plain_text():
    for payload in hostile_strings():
        try:
            fields = rules.check_fields(
                {"name": payload or "x", "category": "cress", "description": payload}, CATEGORIES
            )
        except DirectoryRuleError as error:
            assert error.code in {"html", "too_long", "required"}
            continue
        assert not rules.has_html(fields.name)
        assert "\x00" not in fields.name and "\u202e" not in fields.name


def test_matching_same_commune_and_close_name():
    rennes = Place(commune="Rennes", insee="35238")
    assert rules.is_match("CRESS Bretagne", rennes, "Cress de Bretagne", rennes)
    assert rules.is_match("Pôle ESS Pays de Rennes", rennes, "pole ess pays de rennes", rennes)
    assert not rules.is_match("CRESS Bretagne", rennes, "France Active Bretagne", rennes)
    brest = Place(commune="Brest", insee="29019")
    assert not rules.is_match("CRESS Bretagne", rennes, "CRESS Bretagne", brest)
    # Without INSEE codes, the folded commune names decide.
    assert rules.is_match(
        "Ronalpia", Place(commune="Saint-Étienne"), "Ronalpia", Place(commune="saint etienne")
    )


def test_differences_ignore_empty_proposed_values():
    current = {"name": "A", "website": "https://a.org", "description": "x"}
    assert rules.differences(current, {"name": "A", "website": ""}) == {}
    assert rules.differences(current, {"name": "A", "website": "https://b.org"}) == {
        "website": ("https://a.org", "https://b.org")
    }


def test_filter_by_text_category_region_departement():
    blob = rules.search_blob("Ronalpia", "Lyon", "Auvergne-Rhône-Alpes", "", "Incubateur")
    assert rules.matches_filter(
        blob, "incubateur_social", "84", "69", DirectoryFilter(text="rhone incub")
    )
    assert not rules.matches_filter(
        blob, "incubateur_social", "84", "69", DirectoryFilter(categories=("cress",))
    )
    assert not rules.matches_filter(
        blob, "incubateur_social", "84", "69", DirectoryFilter(region_code="53")
    )
    assert rules.matches_filter(
        blob, "incubateur_social", "84", "69", DirectoryFilter(departement="69")
    )
    assert DirectoryFilter().is_empty


def test_suggestions_departement_first_then_region():
    rows = [
        (1, "cress", "", "53"),
        (2, "ptce", "35", "53"),
        (3, "ptce", "29", "53"),
        (4, "ptce", "35", "53"),
        (5, "cress", "75", "11"),
    ]
    groups = {g.category: g for g in rules.group_suggestions(rows, CATEGORIES, "35", "53", 2)}
    assert groups["ptce"].in_departement == (2, 4) and groups["ptce"].in_region == ()
    assert groups["cress"].in_region == (1,)
    assert groups["incubateur_social"].empty


def test_moderator_key_comparison():
    assert rules.moderator_key_ok("s3cret-key", "s3cret-key")
    assert not rules.moderator_key_ok("s3cret-key", "s3cret-kez")
    assert not rules.moderator_key_ok("", "")
    assert not rules.moderator_key_ok("s3cret-key", "")
