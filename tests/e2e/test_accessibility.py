"""Accessibility in Chromium: axe-core (WCAG 2.0 / 2.1, levels A and AA) on every page, in
French and in English, on the worked example carnet, and in projection mode; text
alternatives of the maps and charts; projection mode's large type and hidden sidebar.

axe-core comes from the npm registry (``tests/e2e/package.json``, exact version, installed by
``scripts/test.sh`` with ``npm ci --prefix tests/e2e``) and is injected into each page with
``page.add_script_tag(path=...)``, in the main document and inside each map iframe.

A violation of impact « serious » or « critical » fails the test, with a readable report (page,
rule, impact, target selectors, what to fix, help URL). Pages are shown in a tall viewport so
that axe sees the whole page at once: Streamlit scrolls its main block inside a fixed-height
container, and axe cannot judge the colour contrast of what is scrolled out of view.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.helpers import (
    MAP_FRAME,
    NAV,
    NAV_EN,
    STEP_TIMEOUT,
    go_to,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    load,
    no_exception,
    open_example,
    open_section,
    open_tab,
    settle,
    share_link,
    sidebar,
    wait_idle,
    wait_ready,
)

BUDGET = 240  # seconds, per test (hard limit, see helpers.hard_timeout)
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
VIEWPORT = {"width": 1280, "height": 7200}  # the longest page (Synthèse) is ~6,800 px

# Violations that come from Streamlit's own chrome, which the app cannot change: (rule id,
# exact target selector, why). Only that node of that rule is left out of the verdict; it is
# still printed in the report. Empty so far: every violation found on these pages comes from
# a choice the app can change (see the report of the test run).
STREAMLIT_CHROME: list[tuple[str, str, str]] = []

# The pages, in journey order: sidebar label (French, English) and a heading that proves the
# page is drawn (French, English).
PAGES = [
    ("accueil", "Les alliances qui changent les territoires", "Alliances that change territories"),
    ("projet", "Mon projet", "My project"),
    ("parties_prenantes", "Parties prenantes de votre projet", "Your project’s stakeholders"),
    ("acteurs", "Acteurs du territoire", "Local actors"),
    ("alliance", "Choisir une alliance territoriale", "Choose a territorial alliance"),
    ("analyse", "Analyse de l’alliance", "Analysis of the alliance"),
    ("synthese", "Synthèse", "Summary"),
]

pytestmark = pytest.mark.skipif(
    not AXE.exists(),
    reason=f"axe-core is not installed ({AXE} missing): npm ci --prefix tests/e2e",
)


# ------------------------------------------------------------------------------------- axe


@dataclass
class Finding:
    where: str
    rule: str
    impact: str
    help: str
    url: str
    targets: list[str]
    html: str
    fix: str
    excused: str = ""

    def __str__(self) -> str:
        target = " >>> ".join(self.targets)
        if len(target) > 240:
            target = "…" + target[-239:]
        text = (
            f"  - {self.where}\n"
            f"      target: {target}\n"
            f"      html:   {' '.join(self.html.split())[:160]}\n"
            f"      fix:    {' '.join(self.fix.split())[:300]}"
        )
        if self.excused:
            text += f"\n      EXCUSED (Streamlit chrome): {self.excused}"
        return text


@dataclass
class Audit:
    findings: list[Finding] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.impact in FAILING_IMPACTS and not f.excused]

    def report(self) -> str:
        """Grouped by rule: impact, help, help URL, then each node (page, target, html, fix)."""
        shown = [f for f in self.findings if f.impact in FAILING_IMPACTS]
        head = (
            f"axe-core {axe_version()} ({', '.join(AXE_TAGS)}) on {len(self.pages)} "
            f"documents: {len(self.failing)} serious/critical violation node(s)"
        )
        lines = [head]
        for rule in sorted({f.rule for f in shown}):
            nodes = [f for f in shown if f.rule == rule]
            first = nodes[0]
            impacts = "/".join(sorted({f.impact for f in nodes}))
            pages = len({f.where for f in nodes})
            lines.append(
                f"\n== {rule} [{impacts}] {first.help} — {len(nodes)} node(s) on "
                f"{pages} page(s)\n   help: {first.url}"
            )
            lines.extend(str(f) for f in nodes)
        others = sorted(
            {(f.rule, f.impact, f.where) for f in self.findings if f.impact not in FAILING_IMPACTS}
        )
        if others:
            lines.append(
                "\n(not failing, minor/moderate: "
                + "; ".join(f"{r} [{i}] on {w}" for r, i, w in others)
                + ")"
            )
        return "\n".join(lines)


def axe_version() -> str:
    return json.loads((AXE.parent / "package.json").read_text())["version"]


_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], iframes: false,
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html,
                              impact: n.impact, fix: n.failureSummary || ''})),
  }));
}"""


def run_axe(target, where: str, audit: Audit) -> None:
    """Inject axe into a page or frame, run it on its document, add what it finds."""
    if not target.evaluate("() => typeof window.axe === 'object'"):
        target.add_script_tag(path=str(AXE))
    audit.pages.append(where)
    for violation in target.evaluate(_RUN_AXE, AXE_TAGS):
        for node in violation["nodes"]:
            excused = next(
                (
                    why
                    for rule, selector, why in STREAMLIT_CHROME
                    if rule == violation["id"] and selector in node["target"]
                ),
                "",
            )
            audit.findings.append(
                Finding(
                    where=where,
                    rule=violation["id"],
                    impact=node["impact"] or violation["impact"],
                    help=violation["help"],
                    url=violation["url"],
                    targets=node["target"],
                    html=node["html"],
                    fix=node["fix"],
                    excused=excused,
                )
            )


def map_frames(page) -> list:
    """The st_folium iframes of the page, once Leaflet has drawn in each."""
    frames = []
    for handle in page.query_selector_all(MAP_FRAME):
        frame = handle.content_frame()
        frame.wait_for_selector(".leaflet-container", timeout=STEP_TIMEOUT)
        frames.append(frame)
    return frames


def audit_page(page, where: str, audit: Audit) -> None:
    wait_idle(page)
    no_exception(page, where)
    run_axe(page, where, audit)
    for index, frame in enumerate(map_frames(page)):
        run_axe(frame, f"{where} › carte {index + 1} (iframe)", audit)


def assert_no_serious(audit: Audit) -> None:
    report = audit.report()
    if not audit.failing:
        print(report)
    if audit.failing:
        pytest.fail(report, pytrace=False)


def check_alternatives_and_axe(problems: list[str], audit: Audit) -> None:
    """Fail with both reports: maps and charts without a text alternative, then axe."""
    message = ""
    if problems:
        message = "maps or charts without a text alternative:\n" + "\n".join(
            f"  - {p}" for p in problems
        )
    report = audit.report()
    if not audit.failing:
        print(report)  # the minor / moderate findings
    if audit.failing:
        message = (message + "\n\n" if message else "") + report
    if message:
        pytest.fail(message, pytrace=False)


# --------------------------------------------------------------------------- text alternatives

_MAP_POINTS = """() => {
  const maps = new Set();
  for (const key of Object.keys(window)) {
    let value; try { value = window[key]; } catch (e) { continue; }
    if (value && window.L && value instanceof window.L.Map) maps.add(value);
  }
  const names = [];
  for (const map of maps) map.eachLayer(layer => {
    const tip = layer.getTooltip && layer.getTooltip();
    if (!tip || !(layer.feature && layer.feature.properties)) return;
    const box = document.createElement('div');
    const content = tip.getContent();
    box.innerHTML = typeof content === 'string' ? content : (content && content.outerHTML) || '';
    const bold = box.querySelector('b');
    names.push((bold || box).textContent.trim());
  });
  return [...new Set(names)];
}"""

_NEIGHBOURHOOD = """(el, levels) => {
  // The blocks around an element: its nearest Streamlit vertical block, then up to `levels`
  // enclosing ones (a map in a column, its table below the columns).
  const blocks = [];
  let node = el;
  while (node && blocks.length < levels) {
    node = node.parentElement && node.parentElement.closest('[data-testid="stVerticalBlock"]');
    if (node) blocks.push(node);
  }
  const visible = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const texts = [];
  const tables = [];
  const near = blocks.slice(0, 2);
  for (const block of near) {
    for (const c of block.querySelectorAll(
        '[data-testid="stCaptionContainer"], .alliances-legend')) {
      if (visible(c) && c.innerText.trim()) texts.push(c.innerText.trim());
    }
  }
  for (const block of blocks) {
    for (const t of block.querySelectorAll(
        '[data-testid="stDataFrame"], [data-testid="stTable"], table')) {
      if (visible(t)) tables.push(t.getAttribute('data-testid') || 'table');
    }
  }
  return {texts: [...new Set(texts)], tables: tables.length};
}"""

_PAGE_TEXT = """() => {
  // The page's text outside the maps and charts (what a screen reader reads instead).
  const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
  for (const e of main.querySelectorAll('iframe, [data-testid="stPlotlyChart"]')) e.remove();
  return main.textContent.replace(/\\s+/g, ' ');
}"""


def alternatives_problems(page, where: str) -> list[str]:
    """Each map and chart needs a caption or legend beside it and its content as text: for a
    chart, a table near it; for a map, every point it draws written on the page outside the
    map (a table near it, or the list of cards of « Alliance exemple »), else a table near it
    is required and reported missing."""
    problems = []
    page_text = None
    for index, handle in enumerate(page.query_selector_all(MAP_FRAME)):
        name = f"{where} › carte {index + 1}"
        around = handle.evaluate(_NEIGHBOURHOOD, 4)
        if not around["texts"]:
            problems.append(f"{name}: no caption or legend text next to the map")
        frame = handle.content_frame()
        frame.wait_for_selector(".leaflet-container", timeout=STEP_TIMEOUT)
        points = frame.evaluate(_MAP_POINTS)
        if page_text is None:
            page_text = page.evaluate(_PAGE_TEXT)
        missing = [p for p in points if " ".join(p.split()) not in page_text]
        if missing:
            problems.append(
                f"{name}: {len(missing)} of its {len(points)} point(s) are written "
                f"nowhere on the page (no table or list lists them): {missing}"
            )
        if not around["tables"] and missing:
            problems.append(f"{name}: no table near the map")
    for index, chart in enumerate(page.query_selector_all('[data-testid="stPlotlyChart"]')):
        name = f"{where} › graphique {index + 1}"
        around = chart.evaluate(_NEIGHBOURHOOD, 3)
        if not around["texts"]:
            problems.append(f"{name}: no caption text next to the chart")
        if not around["tables"]:
            problems.append(f"{name}: no table near the chart")
    return problems


# ------------------------------------------------------------------------------------ walks


def create_share_link(page, base_url: str, button: str) -> str:
    if page.locator("code", has_text="?share=").count() == 0:
        page.get_by_role("button", name=button).click()
        settle(page)
    return share_link(page, base_url)


# « Synthèse »'s folded sections (drawn only when open): opened before the audit, so that
# their content (the forum post, the files, the link's management) is audited too.
FOLDED = {
    "fr": ("Le message pour le forum", "Télécharger le carnet", "Remplacer ou désactiver ce lien"),
    "en": (
        "The post for the course forum",
        "Download the carnet",
        "Replace or switch off this link",
    ),
}


# Tabs drawn only when open (« Acteurs » under the map, « Analyse »'s parts and its members'
# views): each one opened and audited in turn, after the page as it opens.
TABS = {
    "fr": {
        "acteurs": ("Suggestions près de chez vous", "Proposer à l’annuaire"),
        "analyse": (
            "Modifier le tableau",
            "Formulaire",
            "2. Réseau",
            "3. Les trois questions",
            "4. Typologies",
        ),
    },
    "en": {
        "acteurs": ("Suggestions near you", "Propose to the directory"),
        "analyse": (
            "Edit the table",
            "Form",
            "2. Network",
            "3. The three questions",
            "4. Typologies",
        ),
    },
}


def audit_tabs(page, lang: str, page_id: str, where: str, audit: Audit, problems: list[str]):
    for label in TABS[lang].get(page_id, ()):
        if label in ("Form", "Formulaire", "Edit the table", "Modifier le tableau"):
            open_tab(page, "1. Members" if lang == "en" else "1. Membres")
        open_tab(page, label)
        audit_page(page, f"{where} › {label}", audit)
        problems += alternatives_problems(page, f"{where} › {label}")


def open_folded(page, lang: str) -> None:
    for label in FOLDED[lang]:
        open_section(page, label)


def audit_share_view(page, url: str, heading: str, where: str, audit: Audit) -> list[str]:
    view = page.context.new_page()
    try:
        load(view, url)
        view.get_by_role("heading", name=heading).first.wait_for(timeout=STEP_TIMEOUT)
        wait_ready(view)
        audit_page(view, where, audit)
        return alternatives_problems(view, where)
    finally:
        view.close()


def test_axe_every_page_in_french_with_text_alternatives(page, app_url):
    open_example(page, app_url)
    audit = Audit()
    problems: list[str] = []
    for page_id, heading_fr, _ in PAGES:
        go_to(page, NAV[page_id], heading=heading_fr)
        if page_id == "synthese":  # with the share link on screen (its QR code, its URL)
            url = create_share_link(page, app_url, "Créer un lien de partage")
            open_folded(page, "fr")
        audit_page(page, f"FR › {NAV[page_id]}", audit)
        problems += alternatives_problems(page, f"FR › {NAV[page_id]}")
        audit_tabs(page, "fr", page_id, f"FR › {NAV[page_id]}", audit, problems)
    problems += audit_share_view(
        page, url, "Carnet partagé (lecture seule)", "FR › Carnet partagé (lien de partage)", audit
    )
    check_alternatives_and_axe(problems, audit)


def test_axe_every_page_in_english(page, app_url):
    open_example(page, app_url)
    # The language switch of the sidebar (a link naming the other language).
    sidebar(page).get_by_role("link", name="English").click()
    page.get_by_role("heading", name=PAGES[0][2]).first.wait_for()
    settle(page)
    audit = Audit()
    problems: list[str] = []
    for page_id, _, heading_en in PAGES:
        go_to(page, NAV_EN[page_id], heading=heading_en)
        if page_id == "synthese":
            url = create_share_link(page, app_url, "Create a share link")
            open_folded(page, "en")
        audit_page(page, f"EN › {NAV_EN[page_id]}", audit)
        problems += alternatives_problems(page, f"EN › {NAV_EN[page_id]}")
        audit_tabs(page, "en", page_id, f"EN › {NAV_EN[page_id]}", audit, problems)
    problems += audit_share_view(
        page, url, "Shared carnet (read-only)", "EN › Shared carnet (share link)", audit
    )
    check_alternatives_and_axe(problems, audit)


_BODY_FONT = """() => {
  const p = document.querySelector('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p');
  return parseFloat(getComputedStyle(p).fontSize);
}"""


def test_projection_mode_hides_the_sidebar_enlarges_type_and_passes_axe(page, app_url):
    open_example(page, app_url)
    normal = page.evaluate(_BODY_FONT)
    assert sidebar(page).is_visible()

    sidebar(page).get_by_role("link", name="Mode projection").click()
    page.get_by_role("button", name="Quitter le mode projection").wait_for()
    settle(page)
    projected = page.evaluate(_BODY_FONT)
    assert projected >= 1.3 * normal, f"body text {projected}px in projection, {normal}px normally"
    assert not sidebar(page).is_visible()
    assert not page.locator(
        '[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"]'
    ).is_visible()

    # Walk the journey with the page's own links (no sidebar in projection mode).
    audit = Audit()
    audit_page(page, "Projection › Accueil", audit)
    page.get_by_role("link", name=re.compile(r"^Continuer")).click()
    for page_id, heading_fr, _ in PAGES[1:]:
        page.get_by_role("heading", name=heading_fr).first.wait_for()
        wait_ready(page)
        assert not sidebar(page).is_visible(), f"sidebar visible on {page_id}"
        assert page.evaluate(_BODY_FONT) >= 1.3 * normal, page_id
        audit_page(page, f"Projection › {NAV[page_id]}", audit)
        following = page.get_by_role("link", name=re.compile(r"^Étape suivante"))
        if page_id != "synthese":
            following.last.click()
    # The steps are also along the top, for a trainer who jumps back to one of them.
    top = page.locator('header[data-testid="stHeader"]')
    top.get_by_role("link", name=re.compile(r"^1\. Projet")).click()  # short names on top
    page.get_by_role("heading", name="Mon projet").first.wait_for()
    wait_ready(page)
    assert not sidebar(page).is_visible()
    assert page.get_by_role("button", name="Quitter le mode projection").is_visible()
    assert_no_serious(audit)


def test_the_page_language_is_the_learner_language(page, app_url):
    open_example(page, app_url)
    assert page.evaluate("document.documentElement.lang").startswith("fr")
    # The language switch changes it at once (the line sits in the sidebar, set per language).
    sidebar(page).get_by_role("link", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'", timeout=STEP_TIMEOUT)


def test_the_tab_icon_comes_from_the_app(page, app_url):
    load(page, app_url)
    href = page.wait_for_function(
        "() => { const l = document.querySelector('link[rel~=\"icon\"]');"
        " return l && l.href.includes('icon.png') ? l.href : null; }",
        timeout=STEP_TIMEOUT,
    ).json_value()
    assert urlsplit(href).hostname == urlsplit(app_url).hostname
    assert urlsplit(href).path.endswith("/app/static/icon.png")
    answer = page.request.get(href)
    assert answer.status == 200 and answer.headers["content-type"] == "image/png"
