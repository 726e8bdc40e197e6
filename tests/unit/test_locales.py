"""Locale files: same keys and placeholders in French and English, real French typography,
and every literal key used in the code exists."""

import json
import re
from pathlib import Path

import pytest

from domain.i18n import (
    LANGUAGES,
    LOCALES_DIR,
    Translator,
    detect_language,
    load_messages,
    placeholders,
)

ROOT = Path(__file__).resolve().parents[2]
AREAS = sorted(path.name for path in (LOCALES_DIR / "fr").glob("*.json"))


def read(lang, area):
    return json.loads((LOCALES_DIR / lang / area).read_text(encoding="utf-8"))


@pytest.mark.parametrize("area", AREAS)
def test_both_languages_have_the_same_keys_and_placeholders(area):
    french, english = read("fr", area), read("en", area)
    assert sorted(french) == sorted(english), f"{area}: keys differ"
    for key in french:
        assert placeholders(french[key]) == placeholders(english[key]), f"{area}: {key}"
        assert french[key].strip() and english[key].strip(), f"{area}: {key} is empty"


def test_no_key_is_defined_in_two_areas():
    seen = {}
    for area in AREAS:
        for key in read("fr", area):
            assert key not in seen, f"{key} in {seen.get(key)} and {area}"
            seen[key] = area


def _without_urls(text):
    return re.sub(r"https?://\S+", "", text)


@pytest.mark.parametrize("area", AREAS)
def test_french_typography(area):
    problems = []
    for key, value in read("fr", area).items():
        text = _without_urls(value)
        if re.search(r"(?<=[^\s\u00a0\u202f])[;!?]|(?<=\w)[:](?=\s)", text):
            problems.append(f"{key}: no non-breaking space before ; : ! ?")
        if re.search(r" [;:!?]", text):
            problems.append(f"{key}: ordinary space before ; : ! ?")
        if re.search(r"«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»", text):
            problems.append(f"{key}: « » without non-breaking spaces")
        if re.search(r"\w'\w", text):
            problems.append(f"{key}: straight apostrophe (use ’)")
    assert not problems, "\n".join(problems)


def test_every_literal_key_used_in_the_code_exists():
    known = load_messages("fr")
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    missing = []
    for folder in ("app.py", "app_pages", "components", "services", "adapters", "domain"):
        for path in [ROOT / folder] if folder.endswith(".py") else (ROOT / folder).rglob("*.py"):
            for key in pattern.findall(path.read_text(encoding="utf-8")):
                if key not in known:
                    missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert not missing, "\n".join(missing)


def test_translator_formats_and_falls_back():
    t = Translator("en")
    assert t("nav.next", step="Summary") == "Next step: Summary"
    assert t("no.such.key") == "no.such.key"
    assert Translator("de").lang == "fr"
    assert t.pick({"fr": "Bonjour", "en": "Hello"}) == "Hello"
    assert Translator("en").pick({"fr": "Seulement en français"}) == "Seulement en français"


def test_language_detection():
    assert detect_language("en-GB,en;q=0.9,fr;q=0.8") == "en"
    assert detect_language("de-DE,fr;q=0.5") == "fr"
    assert detect_language(None) == "fr"
    assert set(LANGUAGES) == {"fr", "en"}


def test_french_files_are_already_typeset_and_the_fixer_is_idempotent():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "typography", ROOT / "scripts" / "french_typography.py"
    )
    typography = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(typography)
    for area in AREAS:
        for key, value in read("fr", area).items():
            assert typography.fix(value) == value, f"{area}: {key}"
