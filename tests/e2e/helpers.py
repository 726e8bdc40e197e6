"""Helpers shared by the journey, accessibility, hostile-input, durability and import tests.

Everything here drives the app the way a learner does: through the sidebar links and the
visible French labels (``data/locales/fr/*.json``), never through page file paths, so the
tests do not care where a page's file lives.

- time limit: ``hard_timeout`` (autouse once imported; the module's ``BUDGET`` per test),
  ``FailureShots`` (screenshots when a test fails);
- waiting, never fixed sleeps: ``wait_ready`` (no run, no status widget, no skeleton),
  ``settle`` (the rerun an action triggered, then a quiet DOM), ``wait_idle`` (no rerun
  expected), ``load`` (open a URL and wait until it is drawn);
- mouse navigation: ``start_carnet``, ``open_example``, ``go_to``, ``tick``,
  ``choose_with_mouse``;
- keyboard only: ``focused`` (``document.activeElement`` as a screen reader names it),
  ``tab_to`` / ``tab_to_name`` (Tab or Shift+Tab until the focused element matches),
  ``kb_start_carnet``, ``kb_go_to``, ``kb_activate``, ``kb_choose_option``;
- network: ``NetworkLog`` (every request and websocket of a context), ``blocked_context``;
- scripts: ``ScriptWatch`` (dialogs, page errors and the ``window.__pwned`` sentinel in every
  page and frame), ``no_exception``;
- downloads and links: ``download``, ``read_download``, ``check_exports``,
  ``open_html_offline``, ``share_link``, ``private_link_shown``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
STEP_TIMEOUT = 30_000  # ms: one Streamlit rerun on 2 slow cores, with margin

# Sidebar labels (data/locales/fr/core.json, nav.*)
NAV = {
    "accueil": "Accueil",
    "projet": "Mon projet",
    "parties_prenantes": "Parties prenantes",
    "acteurs": "Acteurs du territoire",
    "alliance": "Alliance exemple",
    "analyse": "Analyse",
    "synthese": "Synthèse",
}
NAV_EN = {
    "accueil": "Home",
    "projet": "My project",
    "parties_prenantes": "Stakeholders",
    "acteurs": "Local actors",
    "alliance": "Example alliance",
    "analyse": "Analysis",
    "synthese": "Summary",
}
# The six files of « Synthèse » (synthese.download.*) and their names (components/sharing.py
# is not imported: the names are what the learner sees in the browser's download bar).
DOWNLOADS = {
    "Markdown (.md)": "carnet-alliances.md",
    "Page HTML imprimable": "carnet-alliances.html",
    "PDF": "carnet-alliances.pdf",
    "Acteurs (CSV pour tableur)": "acteurs.csv",
    "Acteurs (GeoJSON pour uMap)": "acteurs.geojson",
    "Carnet complet (JSON)": "carnet-alliances.json",
}


def app_env(database: Path | str) -> dict[str, str]:
    """The environment of every e2e server: own SQLite file, no tiles, no online geocoder."""
    return {
        "CARNET_DB_PATH": str(database),
        "DATABASE_URL": "",  # SQLite even if set outside
        "ALLIANCES_TILES": "none",
        "ALLIANCES_GEOCODER": "off",
    }


# ---------------------------------------------------------------------------------- time limit


@pytest.fixture(autouse=True)
def hard_timeout(request):
    """A hard time limit per test: the test module's ``BUDGET`` (seconds, default 300).

    Playwright's own timeouts (``STEP_TIMEOUT`` per step) fail a stuck step; this catches
    what they cannot (a hang outside Playwright): past the budget, the run stops with every
    thread's traceback rather than holding CI until its global limit. Import it into a test
    module to use it (``from tests.e2e.helpers import hard_timeout``).
    """
    import faulthandler
    import sys

    budget = getattr(request.module, "BUDGET", 300)
    faulthandler.dump_traceback_later(budget, exit=True, file=sys.stderr)
    started = time.monotonic()
    yield
    faulthandler.cancel_dump_traceback_later()
    request.node.user_properties.append(("seconds", round(time.monotonic() - started, 1)))


class FailureShots:
    """Screenshots of the open pages when a test fails (in ``$E2E_ARTIFACTS`` or pytest's
    temporary directory), named after the test: what the browser showed at the failure."""

    def __init__(self, request) -> None:
        import os

        self.request = request
        self.failed_before = request.session.testsfailed
        base = os.environ.get("E2E_ARTIFACTS")
        self.folder = Path(base) if base else request.getfixturevalue("tmp_path")

    def take(self, *pages) -> None:
        if self.request.session.testsfailed <= self.failed_before:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for index, page in enumerate(pages):
            try:
                target = self.folder / f"{self.request.node.name}-{index}.png"
                page.screenshot(path=str(target), full_page=True, timeout=10_000)
                print(f"screenshot at failure: {target}")
            except Exception:  # noqa: BLE001, S110 - the page may be gone
                pass


# ------------------------------------------------------------------------------------ waiting


_RUNS_JS = """() => {
  // How many script runs this document has seen end (the counter is installed once).
  if (!window.__e2eRuns) {
    const app = document.querySelector('[data-testid="stApp"]');
    window.__e2eRuns = {done: 0};
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.oldValue === 'running' && app.getAttribute(r.attributeName) !== 'running')
          window.__e2eRuns.done += 1;
      }
    }).observe(app, {attributes: true, attributeOldValue: true,
                     attributeFilter: ['data-test-script-state']});
  }
  return window.__e2eRuns.done;
}"""
_RUNS_SEEN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # page -> runs seen


def wait_ready(page, timeout: int = STEP_TIMEOUT) -> None:
    """The app is idle: no script run in progress, no « Running… » status widget, and no
    skeleton (an element whose code is still loading: tables and charts are lazy)."""
    page.locator('[data-testid="stApp"]').wait_for(timeout=timeout)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') !== 'running'",
        timeout=timeout,
    )
    page.wait_for_function(  # nor « Running… », nor an element still loading its code
        '() => !document.querySelector(\'[data-testid="stStatusWidget"], '
        '[data-testid="stSkeleton"]\')',
        timeout=timeout,
    )
    _RUNS_SEEN[page] = page.evaluate(_RUNS_JS)


def settle(page, timeout: int = STEP_TIMEOUT, rerun_within: int = 3_000) -> None:
    """Wait for the rerun an action just triggered to happen and end, then for the DOM.

    A rerun starts a moment after the event (the server runs the script); waiting only for
    « not running » could pass before it started, and a quick rerun can be over before we
    look. So the page counts the runs it has seen end (``_RUNS_JS``): we wait until one more
    has started or ended since the last wait (up to ``rerun_within`` ms: use ``wait_idle``
    after an action that reruns nothing), then until the app is idle and the DOM quiet.
    """
    seen = _RUNS_SEEN.get(page)
    if seen is None:
        seen = page.evaluate(_RUNS_JS)
    try:
        page.wait_for_function(
            """(seen) => (window.__e2eRuns && window.__e2eRuns.done > seen)
                || document.querySelector('[data-testid="stApp"]')
                   ?.getAttribute('data-test-script-state') === 'running'""",
            arg=seen,
            timeout=rerun_within,
            polling=20,
        )
    except Exception:  # noqa: BLE001, S110 - no rerun came: nothing more to wait for
        pass
    wait_ready(page, timeout)
    wait_quiet(page, timeout=timeout)


_QUIET_JS = """(quietMs) => {
  if (!window.__e2eMutations) {
    window.__e2eMutations = { last: performance.now() };
    new MutationObserver(() => { window.__e2eMutations.last = performance.now(); })
      .observe(document, { subtree: true, childList: true, characterData: true,
                           attributes: true, attributeFilter: ['tabindex', 'disabled', 'hidden',
                           'aria-hidden', 'data-test-script-state', 'value'] });
    return false;
  }
  return performance.now() - window.__e2eMutations.last > quietMs;
}"""


def wait_idle(page, timeout: int = STEP_TIMEOUT) -> None:
    """No rerun expected (a tab switched, a list opened): idle, and the DOM settled."""
    wait_ready(page, timeout)
    wait_quiet(page, timeout=timeout)


def wait_quiet(page, quiet_ms: int = 200, timeout: int = STEP_TIMEOUT) -> None:
    """Wait until the DOM has not changed for ``quiet_ms``: Streamlit marks the run as over
    a frame or two before React has drawn its last elements (a selectbox that appears after
    a search is not yet in the Tab order when the script state says « notRunning »)."""
    page.wait_for_function(_QUIET_JS, arg=quiet_ms, timeout=timeout, polling=50)


def load(page, url: str, timeout: int = STEP_TIMEOUT) -> None:
    """Open a URL and wait until the app has drawn it: a first heading, no run in progress,
    and the DOM quiet (the page's widgets keep arriving for a moment after the first run)."""
    page.goto(url)
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=timeout)
    wait_idle(page, timeout)


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def _open_from_home(page, base_url: str, button: str) -> str:
    load(page, base_url)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r"carnet="), timeout=STEP_TIMEOUT)
    page.get_by_text("Votre carnet est ouvert").wait_for(timeout=STEP_TIMEOUT)
    wait_idle(page)
    return page.url


def start_carnet(page, base_url: str) -> str:
    """« Nouveau carnet » on Accueil, with the mouse; returns the private URL."""
    return _open_from_home(page, base_url, "Nouveau carnet")


def open_example(page, base_url: str) -> str:
    """« Ouvrir le carnet exemple » on Accueil; returns the private URL."""
    return _open_from_home(page, base_url, "Ouvrir le carnet exemple")


def go_to(page, label: str, heading: str | None = None) -> None:
    """Click the sidebar link whose text contains ``label`` (mouse); wait for the page."""
    sidebar(page).get_by_role("link", name=re.compile(re.escape(label))).click()
    if heading:
        page.get_by_role("heading", name=heading).first.wait_for(timeout=STEP_TIMEOUT)
    wait_ready(page)


def open_tab(page, name: str) -> None:
    """Open a tab drawn only when open (``st.tabs(..., on_change="rerun")``) with the mouse,
    unless it is the open one, and wait for the server's rerun that draws it."""
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.wait_for(timeout=STEP_TIMEOUT)
    if tab.get_attribute("aria-selected") != "true":
        tab.click()
        settle(page)
    page.get_by_role("tab", name=name, exact=True, selected=True).wait_for(timeout=STEP_TIMEOUT)


def choose_with_mouse(page, scope, label: str, option: str, *, in_form: bool = False) -> None:
    """A selectbox with the mouse: its chevron (« Open »), then the option (which reruns the
    app, unless the selectbox is inside a form)."""
    box = scope.locator('[data-testid="stSelectbox"]').filter(
        has=page.get_by_role("combobox", name=label, exact=True)
    )
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        box.get_by_role("button", name="Open").click()
        try:
            wanted.wait_for(timeout=3_000)
            break
        except Exception:  # noqa: BLE001 - the click saved the field left before: that rerun
            wait_idle(page)  # closed the list; open it again
    wanted.click()
    if in_form:
        wait_idle(page)
    else:
        settle(page)
    assert box.get_by_role("combobox").input_value() == option


def tick(page, label: str | re.Pattern) -> None:
    """Check a Streamlit checkbox or toggle with the mouse: its label is what takes the click
    (the input itself is covered by the styled label)."""
    box = page.get_by_role("checkbox", name=label).or_(page.get_by_role("switch", name=label))
    box.first.wait_for(timeout=STEP_TIMEOUT)  # a section opened just before may still be drawing
    if box.first.is_checked():
        return
    page.locator("label").filter(has=box.first).first.click()
    settle(page)
    assert box.first.is_checked(), f"{label!r} not checked"


def private_token(url: str) -> str:
    match = re.search(r"[?&]carnet=([\w-]+)", url)
    assert match, f"no ?carnet= in {url}"
    return match.group(1)


# ------------------------------------------------------------------------------- keyboard only

_FOCUS_JS = """() => {
  const e = document.activeElement;
  if (!e) return null;
  const byIds = (ids) => ids.split(/\\s+/).map(i => document.getElementById(i)?.innerText || '')
    .join(' ');
  let label = e.getAttribute('aria-label') || '';
  if (!label && e.getAttribute('aria-labelledby')) label = byIds(e.getAttribute('aria-labelledby'));
  if (!label && e.labels && e.labels.length) label = e.labels[0].innerText;
  const testids = [];
  for (let n = e; n; n = n.parentElement) {
    const id = n.getAttribute && n.getAttribute('data-testid');
    if (id) testids.push(id);
  }
  return {
    tag: e.tagName, role: e.getAttribute('role') || '', type: e.getAttribute('type') || '',
    label: label.trim(), text: (e.innerText || '').trim().slice(0, 200),
    value: typeof e.value === 'string' ? e.value.slice(0, 200) : '',
    testids: testids, in_sidebar: !!e.closest('[data-testid="stSidebar"]'),
    expanded: e.getAttribute('aria-expanded') || '', checked: e.getAttribute('aria-checked') || '',
    selected: e.getAttribute('aria-selected') || '',
  };
}"""


@dataclass
class Focus:
    """What has the keyboard focus (``document.activeElement``), as a screen reader sees it."""

    tag: str = ""
    role: str = ""
    type: str = ""
    label: str = ""
    text: str = ""
    value: str = ""
    testids: list[str] = field(default_factory=list)
    in_sidebar: bool = False
    expanded: str = ""
    checked: str = ""
    selected: str = ""

    @property
    def name(self) -> str:
        """Accessible name, roughly: the label, else the visible text without icon names."""
        if self.label:
            return self.label
        words = [w for w in self.text.split("\n") if w.strip()]
        # Streamlit's material icons are ligatures: their name is the first text line.
        if len(words) > 1 and re.fullmatch(r"[a-z_]+", words[0]):
            words = words[1:]
        return " ".join(words).strip()

    def is_(
        self,
        *,
        tag: str | None = None,
        role: str | None = None,
        name: str | re.Pattern | None = None,
        testid: str | None = None,
    ) -> bool:
        if tag and self.tag != tag.upper():
            return False
        if role and self.role != role:
            return False
        if testid and testid not in self.testids:
            return False
        if name is not None:
            if isinstance(name, re.Pattern):
                return bool(name.search(self.name))
            return self.name == name
        return True

    def __str__(self) -> str:
        return (
            f"<{self.tag.lower()} role={self.role!r} name={self.name[:80]!r} "
            f"testid={self.testids[:1]}>"
        )


def focused(page) -> Focus:
    data = page.evaluate(_FOCUS_JS)
    return Focus(**data) if data else Focus()


def tab_to(
    page,
    predicate: Callable[[Focus], bool],
    max_presses: int = 80,
    backwards: bool = False,
    what: str = "",
) -> Focus:
    """Press Tab (or Shift+Tab) until the focused element matches ``predicate``.

    Fails with the list of what was focused on the way: that list is the bug report when a
    control cannot be reached with the keyboard.
    """
    key = "Shift+Tab" if backwards else "Tab"
    seen: list[str] = []
    current = focused(page)
    if predicate(current):
        return current
    for _ in range(max_presses):
        page.keyboard.press(key)
        current = focused(page)
        if predicate(current):
            return current
        seen.append(str(current))
    raise AssertionError(
        f"{what or 'control'} not reached with {max_presses}× {key}; focus went through:\n  "
        + "\n  ".join(seen)
    )


def tab_to_name(
    page,
    name: str | re.Pattern,
    *,
    tag: str | None = None,
    role: str | None = None,
    max_presses: int = 80,
    backwards: bool = False,
    sidebar_only: bool | None = None,
) -> Focus:
    def match(f: Focus) -> bool:
        if sidebar_only is not None and f.in_sidebar != sidebar_only:
            return False
        return f.is_(tag=tag, role=role, name=name)

    return tab_to(
        page,
        match,
        max_presses=max_presses,
        backwards=backwards,
        what=f"{tag or role or 'element'} {name!r}",
    )


def focus_top(page) -> None:
    """Leave whatever field has the focus (as Escape-and-move-on would), without a click.

    The browser keeps its « sequential focus starting point » where the focus was, so the next
    Tab continues from there; ``tab_to`` then goes round the page (it wraps to the top) until
    it meets its target.
    """
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")


def kb_start_carnet(page, base_url: str) -> str:
    """« Nouveau carnet » on Accueil with the keyboard only; returns the private URL."""
    load(page, base_url)
    kb_activate(page, "Nouveau carnet", max_presses=30)
    page.wait_for_url(re.compile(r"carnet="), timeout=STEP_TIMEOUT)
    page.get_by_text("Votre carnet est ouvert").wait_for(timeout=STEP_TIMEOUT)
    settle(page)
    return page.url


def kb_go_to(page, label: str, heading: str | None = None) -> None:
    """Open a page with the keyboard: Tab (round the page) to its sidebar link, Enter."""
    focus_top(page)
    tab_to_name(
        page,
        re.compile(r"(^|\d\. )" + re.escape(label)),
        tag="A",
        sidebar_only=True,
        max_presses=150,
    )
    page.keyboard.press("Enter")
    if heading:
        page.get_by_role("heading", name=heading).first.wait_for(timeout=STEP_TIMEOUT)
    wait_idle(page)


def kb_activate(
    page,
    name: str | re.Pattern,
    *,
    key: str = "Enter",
    tag: str = "BUTTON",
    max_presses: int = 80,
    backwards: bool = False,
) -> None:
    """Tab to a button (by its visible name) and press Enter (or Space)."""
    tab_to_name(page, name, tag=tag, max_presses=max_presses, backwards=backwards)
    page.keyboard.press(key)


def kb_open_tab(page, current: str, name: str, max_moves: int = 8) -> None:
    """Open a tab with the keyboard: Tab reaches the open one (``current``), the arrow keys
    move along the tabs, Enter opens ``name``; then wait for the rerun that draws it."""
    tab_to_name(page, current, role="tab", max_presses=150)
    for _ in range(max_moves):
        if focused(page).is_(role="tab", name=name):
            break
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_role("tab", name=name, exact=True, selected=True).wait_for(timeout=STEP_TIMEOUT)


def kb_type(page, text: str, delay: float = 0) -> None:
    page.keyboard.type(text, delay=delay)


def kb_choose_option(page, option: str | re.Pattern) -> None:
    """The focus is on a Streamlit selectbox (a combobox): open it, move with the arrow keys
    until ``option`` is the active option, Enter. Fails if the option never comes."""
    page.keyboard.press("ArrowDown")
    listbox = page.locator('[role="listbox"]').first
    listbox.wait_for(timeout=STEP_TIMEOUT)
    seen = []
    for _ in range(60):
        active = page.evaluate("""() => {
          const box = document.activeElement;
          const id = box && box.getAttribute('aria-activedescendant');
          const el = id ? document.getElementById(id)
                        : document.querySelector('[role="option"][aria-selected="true"]');
          return el ? el.innerText.trim() : null;
        }""")
        seen.append(active)
        matches = (
            option.search(active or "") if isinstance(option, re.Pattern) else active == option
        )
        if matches:
            page.keyboard.press("Enter")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {option!r} not reached with ArrowDown; saw {seen}")


# ------------------------------------------------------------------------------------- network


class NetworkLog:
    """Every request and websocket a context (all its pages and frames) opens."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.origin: dict[str, str] = {}  # request URL -> URL of the document that asked

    def attach(self, context) -> NetworkLog:
        context.on("request", self._request)
        context.on("page", self._page)
        for page in context.pages:
            self._page(page)
        return self

    def _request(self, request) -> None:
        self.urls.append(request.url)
        try:
            self.origin.setdefault(request.url, request.frame.url)
        except Exception:  # noqa: BLE001, S110 - a service worker's request has no frame
            pass

    def _page(self, page) -> None:
        page.on("websocket", lambda ws: self.urls.append(ws.url))

    def outside(self) -> list[str]:
        """Requests that leave 127.0.0.1 / localhost (data: and blob: are not requests out),
        each with the document that asked for it."""
        return [
            f"{url} (asked by {self.origin.get(url, '?')})"
            for url in self.urls
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and urlsplit(url).hostname not in LOCAL_HOSTS
        ]


def blocked_context(browser):
    """A context in which every request fails (and is recorded): for the exported HTML."""
    context = browser.new_context(locale="fr-FR", java_script_enabled=True, service_workers="block")
    attempted: list[str] = []

    def refuse(route):
        attempted.append(route.request.url)
        route.abort()

    context.route("**/*", refuse)
    context.on("page", lambda page: page.on("websocket", lambda ws: attempted.append(ws.url)))
    return context, attempted


# ------------------------------------------------------------------------------------- scripts

SENTINEL_INIT = "window.__pwned = false;"


class ScriptWatch:
    """Proof that no learner string ran as script: dialogs, page errors, the sentinel.

    ``attach(context)`` adds an init script setting ``window.__pwned = false`` in every page
    and frame, and records every alert / confirm / prompt (dismissed). ``check(page)`` reads
    the sentinel in the page and in each of its frames (the map's iframe included).
    """

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.pwned: list[str] = []

    def attach(self, context) -> ScriptWatch:
        context.add_init_script(SENTINEL_INIT)
        context.on("page", self._page)
        for page in context.pages:
            self._page(page)
        return self

    def _page(self, page) -> None:
        def on_dialog(dialog):
            self.dialogs.append(f"{dialog.type}: {dialog.message!r} on {page.url}")
            try:
                dialog.dismiss()
            except Exception:  # noqa: BLE001, S110 - the page may be closing
                pass

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def check(self, page, where: str = "") -> int:
        """Read the sentinel in every frame; return how many frames were checked."""
        checked = 0
        for frame in page.frames:
            try:
                value = frame.evaluate("() => window.__pwned")
            except Exception:  # noqa: BLE001, S112 - a frame gone while we looked (a rerun)
                continue
            checked += 1
            if value is not False:
                self.pwned.append(f"{where}: window.__pwned={value!r} in frame {frame.url}")
        return checked

    def assert_clean(self) -> None:
        assert self.dialogs == [], "a learner string opened a dialog:\n" + "\n".join(self.dialogs)
        assert self.pwned == [], "a learner string ran:\n" + "\n".join(self.pwned)


def no_exception(page, where: str = "") -> None:
    """Streamlit shows no exception box (``stException``) on the page."""
    boxes = page.locator('[data-testid="stException"]')
    if boxes.count():
        raise AssertionError(
            f"{where}: Streamlit shows an exception:\n" + "\n---\n".join(boxes.all_inner_texts())
        )


# ------------------------------------------------------------------------ downloads and sharing


# Downloads made on request first (synthese.pdf_prepare): the button that makes them.
PREPARE = {"PDF": "Préparer le PDF"}
# The folded sections of « Synthèse » (drawn only when opened): synthese.downloads_title and
# synthese.forum_title, how their labels start.
DOWNLOADS_SECTION = "Télécharger le carnet"
FORUM_SECTION = "Le message pour le forum"


def open_section(page, label: str, *, keyboard: bool = False) -> None:
    """Open a folded section (an expander whose content the server draws only when it is
    open) by the start of its label, with the mouse or with Tab and Enter; then wait for the
    rerun that draws its content. Nothing when it is open already."""
    expander = (
        page.locator('[data-testid="stExpander"]')
        .filter(has=page.locator("summary", has_text=label))
        .first
    )
    expander.wait_for(timeout=STEP_TIMEOUT)
    # Closed, its details are inert (<details> keeps « open » while it folds, for the animation).
    if expander.locator('[data-testid="stExpanderDetails"]').first.get_attribute("inert") is None:
        return
    if keyboard:
        focus_top(page)
        tab_to_name(page, re.compile("^" + re.escape(label)), tag="SUMMARY", max_presses=150)
        page.keyboard.press("Enter")
    else:
        expander.locator("summary").first.click()
    settle(page)


def download(page, button_name: str, *, keyboard: bool = False):
    """Click (or Tab to and press Enter on) a download button of « Synthèse »; the Playwright
    ``Download``. Its section « Télécharger le carnet » is opened first when folded; the PDF is
    prepared first (its progress bar, then its download button). Elsewhere (the class board's
    files) the button is used as it is."""
    section = page.locator("summary", has_text=DOWNLOADS_SECTION)
    button = page.get_by_role("button", name=PREPARE.get(button_name, button_name), exact=True)
    section.or_(button).first.wait_for(timeout=STEP_TIMEOUT)  # the page is drawn
    if section.count():
        open_section(page, DOWNLOADS_SECTION, keyboard=keyboard)
    page.get_by_role("button", name=PREPARE.get(button_name, button_name), exact=True).or_(
        page.get_by_role("button", name=button_name, exact=True)
    ).first.wait_for(timeout=STEP_TIMEOUT)
    prepare = PREPARE.get(button_name)
    if prepare and page.get_by_role("button", name=prepare, exact=True).count():
        if keyboard:
            kb_activate(page, prepare, max_presses=120)
        else:
            page.get_by_role("button", name=prepare, exact=True).click()
        page.get_by_role("button", name=button_name, exact=True).wait_for(timeout=STEP_TIMEOUT)
    with page.expect_download(timeout=STEP_TIMEOUT) as info:
        if keyboard:
            kb_activate(page, button_name, max_presses=120)
        else:
            page.get_by_role("button", name=button_name, exact=True).click()
    return info.value


def read_download(dl) -> bytes:
    path = dl.path()
    assert path, f"download {dl.suggested_filename} failed: {dl.failure()}"
    return Path(path).read_bytes()


def share_link(page, base_url: str) -> str:
    """The read-only share URL shown on « Synthèse » (created before), on this server."""
    code = page.locator("code", has_text="?share=").first
    code.wait_for(timeout=STEP_TIMEOUT)
    url = re.search(r"https?://\S+?\?share=[\w-]+", code.inner_text()).group(0)
    parts = urlsplit(url)
    return base_url + parts.path + "?" + parts.query


def private_link_shown(page) -> str:
    code = page.locator("code", has_text="?carnet=").first
    code.wait_for(timeout=STEP_TIMEOUT)
    return re.search(r"https?://\S+?\?carnet=[\w-]+", code.inner_text()).group(0)


@dataclass
class Exports:
    files: dict[str, bytes]  # file name -> bytes

    def text(self, name: str) -> str:
        return self.files[name].decode("utf-8-sig")

    def csv_rows(self) -> list[list[str]]:
        return list(csv.reader(io.StringIO(self.text("acteurs.csv")), delimiter=";"))

    def json(self, name: str):
        return json.loads(self.text(name))


def markdown_plain(text: str) -> str:
    """Markdown as a reader sees it: backslash escapes and the &lt; &gt; &amp; entities of
    ``domain.text.escape_markdown`` undone (to look for a learner's string in an export)."""
    import html

    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    return html.unescape(text)


def check_exports(files: dict[str, bytes]) -> Exports:
    """The six files are what their names say (text formats decode, JSON parses, PDF)."""
    assert set(files) == set(DOWNLOADS.values()), sorted(files)
    exports = Exports(files)
    assert files["carnet-alliances.pdf"].startswith(b"%PDF"), files["carnet-alliances.pdf"][:20]
    html = exports.text("carnet-alliances.html")
    assert re.search(r"<!doctype html>", html, re.IGNORECASE) and "</html>" in html
    assert exports.text("carnet-alliances.md").strip()
    geojson = exports.json("acteurs.geojson")
    assert geojson["type"] == "FeatureCollection"
    carnet = exports.json("carnet-alliances.json")
    assert "project" in carnet and "schema_version" in carnet
    rows = exports.csv_rows()
    assert rows and rows[0], "empty CSV"
    return exports


def open_html_offline(
    browser, html: bytes, watch: ScriptWatch | None = None, tmp_dir: Path | None = None
):
    """Open an exported HTML page in a fresh context where every request is refused.

    Returns (context, page, attempted requests). The page is loaded with ``set_content`` (no
    server at all); the caller closes the context.
    """
    context, attempted = blocked_context(browser)
    if watch is not None:
        watch.attach(context)
    page = context.new_page()
    page.set_content(html.decode("utf-8"), wait_until="load", timeout=STEP_TIMEOUT)
    page.wait_for_load_state("networkidle", timeout=STEP_TIMEOUT)  # late requests recorded too
    return context, page, attempted


def elapsed(start: float) -> str:
    return f"{time.monotonic() - start:.1f}s"
