"""Where the keyboard focus goes after an action whose button the rerun removes (WCAG 2.4.3).

When a button's callback changes what the page shows (« Choisir ce territoire », « Ajouter ces
acteurs », « Choisir cette alliance », « Créer un lien de partage »…), the rerun removes or
re-creates that button and the browser drops the focus on ``<body>``: a keyboard or screen
reader user would start again from the top of the page. So:

- the callback calls ``request(name)``: a one-shot flag in ``st.session_state``;
- the page draws the place the focus should land in ``with target(name):`` (a keyed
  container). In the run that follows the action, and only in that one, the block ends with a
  small fixed script that focuses that container (made focusable with ``tabindex="-1"`` until
  it loses the focus: a screen reader reads the confirmation it holds, the next Tab goes on
  from there) or, when ``TARGETS`` gives a CSS selector, the first element in it that matches
  (the new share link's code block, the « Créer » button);
- ``forget()`` (called by ``app.py`` after every full run) drops a request that no target
  took, so it cannot fire later, on some unrelated rerun.

The script holds no learner text: only the container's class and the selector, both constants
of this module, JSON-quoted. It waits (at most ``TIME_LIMIT_MS``) for the element, focuses it
once, puts the focus back if React re-creates the element while the focus sits on ``<body>``,
and stops as soon as the learner moves the focus elsewhere. A ``<style>`` rule hides the
script's own (empty) element so that it takes no room in the layout.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

PENDING = "focus:pending"
MARKER = "data-focus-move"  # attribute of the script: tests and the hiding rule find it by this
TIME_LIMIT_MS = 5_000
KEY_PREFIX = "focus_"

# The targets of the app (name -> inner selector, or None for the container itself).
TERRITORY = "territory"  # « Mon projet »: the territory just chosen
ACTORS_IMPORT = "actors_import"  # « Acteurs »: the import's result message
ALLIANCE = "alliance"  # « Alliance exemple »: « Alliance choisie » and the link to the next step
ALLIANCE_MORE = (
    "alliance_more"  # « Alliance exemple »: the first card « Afficher les N autres » showed
)
SHARE_LINK = "share_link"  # « Synthèse »: the new read-only link (its code block is focusable)
SHARE_CREATE = "share_create"  # « Synthèse »: the create button again, after revoking the link
CLASS_CREATED = "class_created"  # « Classe »: the new class's code, links and QR code
CLASS_JOINED = "class_joined"  # « Classe »: « Vous avez rejoint la classe » and the choices
TARGETS: dict[str, str | None] = {
    TERRITORY: None,
    ACTORS_IMPORT: None,
    ALLIANCE: None,
    ALLIANCE_MORE: None,
    SHARE_LINK: '[data-testid="stCode"]',
    SHARE_CREATE: "button",
    CLASS_CREATED: None,
    CLASS_JOINED: None,
}
_NAME = re.compile(r"[a-z][a-z0-9_]*")

_SCRIPT = """<style>
.stElementContainer:has(> .stHtml > script[%(marker)s]) { display: none !important; }
</style><script %(marker)s>
(() => {
  const box = %(box)s;
  const inner = %(inner)s;
  const deadline = performance.now() + %(limit)d;
  let moved = null;
  const idle = (el) => !el || el === document.body || el === document.documentElement;
  const step = () => {
    const active = document.activeElement;
    if (moved && active !== moved && !idle(active)) return;  // the learner has moved on
    const container = document.querySelector(box);
    const el = container && (inner ? container.querySelector(inner) : container);
    if (el && el !== active && (!moved || idle(active))) {
      if (!inner && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "-1");  // focusable by script only, not in the Tab order,
        el.addEventListener("blur", () => el.removeAttribute("tabindex"), {once: true});  // once
      }
      el.focus({preventScroll: true});
      if (document.activeElement === el) {
        if (!moved) el.scrollIntoView({block: "center"});  // with what comes after it in view
        moved = el;
      }
    }
    if (performance.now() < deadline) requestAnimationFrame(step);
  };
  step();
})();
</script>"""


def container_key(name: str) -> str:
    return KEY_PREFIX + name


def _check(name: str) -> str:
    if name not in TARGETS or not _NAME.fullmatch(name):
        raise ValueError(f"not a focus target: {name!r}")
    return name


def request(name: str) -> None:
    """From a button's callback: the next run moves the focus to ``target(name)``."""
    st.session_state[PENDING] = _check(name)


def pending() -> str | None:
    return st.session_state.get(PENDING)


def forget() -> None:
    """Drop a request that no target took in this run (see the module's docstring)."""
    st.session_state.pop(PENDING, None)


def focus_script(name: str) -> str:
    """The fixed HTML (a hiding rule and a script) that focuses ``target(name)``."""
    inner = TARGETS[_check(name)]
    return _SCRIPT % {
        "marker": MARKER,
        "box": json.dumps("." + "st-key-" + container_key(name)),
        "inner": json.dumps(inner),
        "limit": TIME_LIMIT_MS,
    }


@contextmanager
def target(name: str) -> Iterator[None]:
    """The place the focus lands after ``request(name)``: draw its content in this block."""
    _check(name)
    with st.container(key=container_key(name)):
        yield
        if pending() == name:
            forget()  # once: the following runs leave the focus where the learner puts it
            st.html(focus_script(name), unsafe_allow_javascript=True)
