"""The bad-input corpora (``tests/corpus/bad_inputs/``) through the real UI, in Chromium.

For each kind of import the learner can make — a carnet JSON on Accueil (« Importer un carnet
(fichier JSON) ») and an actors CSV on « Acteurs du territoire » (« Importer un fichier ») — a
selection of the corpus's bad files is uploaded with ``set_input_files``. Each must produce a
clear French message (the one the manifest's code names, from ``data/locales/fr``), and the
open carnet must be unchanged: its link, its Synthèse page and its actors table are compared
before and after.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.corpus import BadInput, bad_inputs
from tests.e2e.helpers import (
    MAP_FRAME,
    NAV,
    ROOT,
    STEP_TIMEOUT,
    go_to,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    open_example,
    private_token,
    settle,
    wait_idle,
)

BUDGET = 240  # seconds, per test (hard limit, see helpers.hard_timeout)

CARNET_FILES = [
    "empty.json",
    "binary.png",
    "truncated.json",
    "array.json",
    "other_app.json",
    "future_version.json",
    "version_string.json",
    "javascript_website.json",
    "deeply_nested_arrays.json.gz",
    "too_large.json.gz",
    "repeated_name.json.gz",
]
ACTORS_FILES = [
    "empty.csv",
    "binary.png",
    "spreadsheet.xlsx.csv",
    "no_name_column.csv",
    "html_page.csv",
    "utf16_odd_length.csv",
    "too_many_rows.csv.gz",
    "too_large.csv.gz",
    "giant_cell.csv.gz",
    "missing_values.csv",
    "coordinates_out_of_range.csv",
]


def french() -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((ROOT / "data" / "locales" / "fr").glob("*.json")):
        texts |= json.loads(path.read_text(encoding="utf-8"))
    return texts


FR = french()


def message_pattern(key: str) -> re.Pattern:
    """The French text of a locale key, its {placeholders} matching anything."""
    parts = re.split(r"\{[a-z_]+\}", FR[key])
    return re.compile(".+?".join(re.escape(" ".join(p.split())) for p in parts))


def pick(kind: str, names: list[str]) -> list[BadInput]:
    corpus = {bad.name: bad for bad in bad_inputs(kind)}
    return [corpus[name] for name in names]


def upload_file(bad: BadInput, folder: Path) -> Path:
    """The file as the learner has it (gzipped corpus files inflated, ``.gz`` dropped)."""
    name = bad.name.removesuffix(".gz") if bad.expect.get("gzip") else bad.name
    path = folder / name
    path.write_bytes(bad.data())
    return path


def normalised(text: str) -> str:
    return " ".join(text.split())


def alerts(page, kind: str = "Error") -> list[str]:
    return [
        normalised(t)
        for t in page.locator(f'[data-testid="stAlertContent{kind}"]').all_inner_texts()
    ]


def uploader_refusal(scope) -> str:
    """The message of a file Streamlit's uploader refused (wrong type...), else ""."""
    chip = scope.locator('[data-testid="stFileChip"][aria-invalid="true"]')
    return normalised(chip.first.locator('[role="alert"]').inner_text()) if chip.count() else ""


def remove_refused(page, scope) -> None:
    for name in scope.locator(
        '[data-testid="stFileChip"][aria-invalid="true"] [data-testid="stFileChipName"]'
    ).all_inner_texts():
        scope.get_by_role("button", name=f"Remove {name}").click()
        wait_idle(page)


def assert_same_text(before: str, after: str, what: str) -> None:
    """Equal texts, or a failure that shows where they part."""
    if before == after:
        return
    at = next(
        (i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after))
    )
    raise AssertionError(
        f"{what} changed at character {at}:\n"
        f"  before: …{before[max(0, at - 120) : at + 200]}…\n"
        f"  after:  …{after[max(0, at - 120) : at + 200]}…"
    )


_TEXT_WITHOUT_PICTURES = """main => {
  // The page's text without the chart's SVG labels (drawn late, shortened), the maps and the
  // data grids (their accessible cells are drawn lazily, so their text comes and goes; the
  // actors table is compared on its own).
  const copy = main.cloneNode(true);
  for (const e of copy.querySelectorAll(
    'iframe, [data-testid="stPlotlyChart"], [data-testid="stDataFrame"]')) e.remove();
  return copy.textContent;
}"""


def synthese_text(page) -> str:
    """The Synthèse page's text once fully drawn (the map's legend and the tables arrive after
    the script run; read until two readings agree)."""
    go_to(page, NAV["synthese"], heading="Synthèse")
    main = page.locator('[data-testid="stMain"]')
    if page.locator(MAP_FRAME).count():
        main.locator(".alliances-legend").first.wait_for()
    page.wait_for_function(  # each table has drawn the accessible copy of its cells
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
                 .every(t => t.querySelector('[role="gridcell"]'))""",
        timeout=STEP_TIMEOUT,
    )
    previous = None
    for _ in range(20):
        text = normalised(main.evaluate(_TEXT_WITHOUT_PICTURES))
        if text == previous:
            return text
        previous = text
        page.wait_for_timeout(250)
    raise AssertionError("the Synthèse page kept changing for 5 s")


def actors_table(page) -> list[str]:
    """The cells of « Tableau des actors » (the last table of the page, under the map)."""
    page.get_by_role("heading", name="Tableau des acteurs").wait_for()
    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.locator('[role="gridcell"]').first.wait_for(state="attached")
    return grid.locator('[role="gridcell"]').all_inner_texts()


def test_bad_carnet_files_on_accueil_give_a_french_message_and_change_nothing(
    page, app_url, tmp_path
):
    open_example(page, app_url)
    token = private_token(page.url)
    before = synthese_text(page)
    go_to(page, NAV["accueil"])
    expander = page.locator('[data-testid="stExpander"]').filter(
        has_text="Importer un carnet (fichier JSON)"
    )
    problems = []
    collapsed = []
    details = expander.locator('[data-testid="stExpanderDetails"]')

    def open_section() -> None:
        if details.get_attribute("inert") is not None:
            expander.locator("summary").click()
            wait_idle(page)

    open_section()
    for bad in pick("carnet_json", CARNET_FILES):
        expander.locator('input[type="file"]').set_input_files(upload_file(bad, tmp_path))
        settle(page)
        # Replacing the file costs Streamlit's uploader two runs (the old file removed, then the
        # new one added): wait for the second one too, or Enter below races it and that run
        # wipes the message.
        settle(page, rerun_within=1_500)
        refused = uploader_refusal(expander)
        if refused:  # Streamlit's uploader (a type= filter) refuses it first, in English
            problems.append(
                f"{bad.name} ({bad.what}): Streamlit's uploader refuses it with "
                f"« {refused} »; the app's message never shows"
            )
            remove_refused(page, expander)
            continue
        if details.get_attribute("inert") is not None:
            collapsed.append(bad.name)
            open_section()
        # Keyboard activation: a rerun can leave the expander's <details> over the button for a
        # moment (it then intercepts pointer events); Enter on the focused button does not care.
        expander.get_by_role("button", name="Ouvrir ce fichier comme nouveau carnet").press("Enter")
        settle(page)
        shown = alerts(page)
        expected = message_pattern(f"import.error.{bad.expect['code']}")
        if not any(expected.search(text) for text in shown):
            problems.append(
                f"{bad.name} ({bad.what}): expected « {FR['import.error.' + bad.expect['code']]} », "
                f"shown {shown or 'nothing'}"
            )
        assert private_token(page.url) == token, f"{bad.name} replaced the open carnet"
        assert page.locator('[data-testid="stException"]').count() == 0, bad.name
    assert not collapsed, (
        "Accueil › Importer un carnet: choosing another file after an import "
        f"error collapsed the section (its file and its button hidden) for: "
        f"{collapsed}"
    )
    assert_same_text(before, synthese_text(page), "the Synthèse page")
    assert private_token(page.url) == token
    assert not problems, "\n".join(problems)


def test_bad_actors_csv_files_give_a_french_message_and_change_nothing(page, app_url, tmp_path):
    open_example(page, app_url)
    go_to(page, NAV["acteurs"], heading="Acteurs du territoire")
    table_before = actors_table(page)
    summary_before = synthese_text(page)
    go_to(page, NAV["acteurs"], heading="Acteurs du territoire")
    page.get_by_text("Importer un fichier", exact=True).click()
    settle(page)
    nothing_changed = FR["actors.import.nothing_changed"]
    problems = []
    for bad in pick("actors_csv", ACTORS_FILES):
        uploader = page.locator('[data-testid="stFileUploader"]').filter(
            has_text="Fichier CSV des acteurs"
        )
        uploader.locator('input[type="file"]').set_input_files(upload_file(bad, tmp_path))
        settle(page)
        refused = uploader_refusal(uploader)
        if refused:  # Streamlit's uploader (a type= filter) refuses it first, in English
            problems.append(
                f"{bad.name} ({bad.what}): Streamlit's uploader refuses it with "
                f"« {refused} »; the app's message never shows"
            )
            remove_refused(page, uploader)
            continue
        shown = alerts(page) + alerts(page, "Warning")
        if "code" in bad.expect:
            expected = message_pattern(f"actors_import.error.{bad.expect['code']}")
            if not any(expected.search(text) and nothing_changed in text for text in shown):
                problems.append(
                    f"{bad.name} ({bad.what}): expected « "
                    f"{FR['actors_import.error.' + bad.expect['code']]} {nothing_changed} », "
                    f"shown {shown or 'nothing'}"
                )
        else:  # rows refused one by one: the report names each reason, nothing added yet
            page.get_by_text(re.compile(r"ligne\(s\) lue\(s\)")).first.wait_for()
            report = page.locator('[data-testid="stDataFrame"]').filter(
                has=page.locator('[role="columnheader"]', has_text="Détail")
            )
            report.locator('[role="gridcell"]').first.wait_for(state="attached")
            cells = normalised(" | ".join(report.locator('[role="gridcell"]').all_inner_texts()))
            for code in bad.expect["row_codes"]:
                reason = message_pattern(f"actors_import.reason.{code}")
                if not reason.search(cells):
                    problems.append(
                        f"{bad.name}: the report does not say « "
                        f"{FR['actors_import.reason.' + code]} »"
                    )
        assert page.locator('[data-testid="stException"]').count() == 0, bad.name
        # « Annuler l’import » forgets the file (a new, empty uploader) and says so.
        page.get_by_role("button", name="Annuler l’import").click()
        settle(page)
        page.get_by_text(FR["actors.import.cancelled"]).wait_for()
        assert actors_table(page) == table_before, f"{bad.name} changed the actors table"
    assert_same_text(summary_before, synthese_text(page), "the Synthèse page")
    assert not problems, "\n".join(problems)
