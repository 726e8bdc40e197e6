"""A Streamlit client without a browser: the websocket and protobuf messages the browser uses.

The browser opens ``/_stcore/stream`` (subprotocol ``streamlit``) and sends ``BackMsg``
``rerun_script`` messages carrying a ``ClientState`` (query string, page, the widgets' values
as ``WidgetStates``, the fragment to rerun); the server answers with ``ForwardMsg`` messages
(``new_session`` at the start of each full run, ``navigation`` with the pages, ``delta`` for
every element, ``page_info_changed`` when the query string changes, ``script_finished``).
A fragment declared with ``run_every`` is announced by an ``auto_rerun`` message (period and
fragment id); the browser then sends, on a timer, a ``rerun_script`` naming that fragment with
``is_auto_rerun`` set (``Client.refresh_fragment`` does the same; ``auto_reruns`` lists them).
This client does the same: it keeps the elements of the current page by their delta path,
finds widgets by type and label, sets their values (only the widgets set on this page are
sent, as the server keeps the others' values) and times each interaction from the message
sent to the end of the run it caused.

Used by ``bench/bench_load.py`` and its short version in the tests (plain module, no pytest).
"""

from __future__ import annotations

import http.cookiejar
import ssl
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
RUN_TIMEOUT = 120.0  # seconds: a run that takes longer counts as an error


class ProtocolError(RuntimeError):
    pass


@dataclass
class Widget:
    kind: str  # the element's type: text_input, button, selectbox...
    proto: Any
    fragment_id: str

    @property
    def id(self) -> str:
        return self.proto.id

    @property
    def label(self) -> str:
        return self.proto.label


@dataclass
class Page:
    """What the server has drawn: elements by delta path, and the exceptions shown."""

    elements: dict[tuple[int, ...], tuple[str, Any, str]] = field(default_factory=dict)
    # Keyed st.tabs (a widget: its value is the open tab's label): container id by delta path,
    # and each tab's label by its path (a child of its container's).
    tab_containers: dict[tuple[int, ...], tuple[str, str]] = field(default_factory=dict)
    tabs: dict[tuple[int, ...], str] = field(default_factory=dict)

    def tab(self, label: str) -> tuple[str, str]:
        """(container id, fragment id) of the keyed tabs holding a tab labelled ``label``."""
        for path, tab_label in sorted(self.tabs.items()):
            if tab_label == label and path[:-1] in self.tab_containers:
                return self.tab_containers[path[:-1]]
        raise ProtocolError(f"no tab labelled {label!r} (there are {list(self.tabs.values())})")

    def widgets(self, kind: str | None = None) -> list[Widget]:
        found = []
        for path in sorted(self.elements):
            element_kind, proto, fragment = self.elements[path]
            if hasattr(proto, "id") and hasattr(proto, "label") and kind in (None, element_kind):
                found.append(Widget(element_kind, proto, fragment))
        return found

    def widget(self, kind: str, label: str) -> Widget:
        matches = [w for w in self.widgets(kind) if w.label == label]
        if not matches:
            labels = [w.label for w in self.widgets(kind)]
            raise ProtocolError(f"no {kind} labelled {label!r} (there are {labels})")
        return matches[0]

    def exceptions(self) -> list[str]:
        return [p.message for kind, p, _ in self.elements.values() if kind == "exception"]

    def texts(self) -> list[str]:
        out = []
        for kind, proto, _ in self.elements.values():
            if kind in ("markdown", "heading"):
                out.append(proto.body)
            elif kind in ("text_input", "text_area"):
                out.append(proto.value if proto.set_value else proto.default)
        return out


class Client:
    """One browser tab: ``connect()``, then ``open_page``, ``type``, ``choose``, ``click``...
    Each returns the seconds the interaction took (message sent → run finished)."""

    def __init__(self, base_url: str, query_string: str = "", language: str = "fr-FR"):
        self.base_url = base_url.rstrip("/")
        self.query_string = query_string
        self.language = language
        self.page = Page()
        self.pages: dict[str, str] = {}  # url path → page script hash
        self.page_hash = ""
        self._states: dict[str, Any] = {}  # widget id → WidgetState set on this page
        self._ws: websocket.WebSocket | None = None
        self._tls = urlsplit(self.base_url).scheme == "https"
        # Fragments the server asked to rerun on a timer (``st.fragment(run_every=...)``):
        # fragment id → period in seconds (``auto_rerun`` messages; ``stop_auto_rerun`` ends one).
        self.auto_reruns: dict[str, float] = {}
        self.last_finished: int | None = None  # how the last run ended (a ForwardMsg status)

    # ----------------------------------------------------------------------- connection

    def _cookies(self) -> str:
        """Load the page's HTML first, as a browser does: a proxy's route cookie comes back."""
        jar = http.cookiejar.CookieJar()
        handlers: list[Any] = [urllib.request.HTTPCookieProcessor(jar)]
        if self._tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            handlers.append(urllib.request.HTTPSHandler(context=context))
        opener = urllib.request.build_opener(*handlers)
        with opener.open(self.base_url + "/", timeout=30) as answer:
            answer.read()
        return "; ".join(f"{c.name}={c.value}" for c in jar)

    def connect(self, page: str = "") -> float:
        """Open the websocket and run the app (on ``page``, a url path); the first run's time."""
        started = time.perf_counter()
        cookie = self._cookies()
        scheme = "wss" if self._tls else "ws"
        netloc = urlsplit(self.base_url).netloc
        self._ws = websocket.create_connection(
            f"{scheme}://{netloc}/_stcore/stream",
            timeout=RUN_TIMEOUT,
            subprotocols=["streamlit"],
            origin=self.base_url,
            header=[f"Accept-Language: {self.language}"],
            cookie=cookie or None,
            sslopt={"cert_reqs": ssl.CERT_NONE, "check_hostname": False} if self._tls else None,
        )
        self._send_rerun(page_hash=self.pages.get(page, ""), page_name=page)
        self._wait_run()
        return time.perf_counter() - started

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None

    # --------------------------------------------------------------------- interactions

    def open_page(self, url_path: str) -> float:
        """A click on a navigation link: another page, its widgets start afresh; the browser
        drops the query string (the app puts ``?carnet=`` back)."""
        if url_path not in self.pages:
            raise ProtocolError(f"no page {url_path!r} in {sorted(self.pages)}")
        self._states = {}
        self.query_string = ""
        return self._interact(page_hash=self.pages[url_path], page_name=url_path)

    def type(self, kind: str, label: str, text: str) -> float:
        """Type into a text_input / text_area and leave it (which sends the value)."""
        widget = self.page.widget(kind, label)
        self._set(widget, "string_value", text)
        return self._commit(widget)

    def choose(self, kind: str, label: str, option: str | None = None) -> float:
        """A selectbox or radio option by its shown text (default: the first option)."""
        widget = self.page.widget(kind, label)
        options = list(widget.proto.options)
        value = options[0] if option is None else option
        if value not in options:
            raise ProtocolError(f"{label!r} has no option {value!r} ({options})")
        self._set(widget, "string_value", value)
        return self._commit(widget)

    def tick(self, label: str, value: bool = True) -> float:
        """Tick (or untick) a checkbox; outside a form the change reruns at once."""
        widget = self.page.widget("checkbox", label)
        self._set(widget, "bool_value", value)
        return self._commit(widget)

    def refresh_fragment(self, fragment_id: str) -> float:
        """What the browser's timer does for ``st.fragment(run_every=...)``: a rerun message
        naming the fragment, flagged ``is_auto_rerun``, with the page's widget values; the
        time until that fragment run ends."""
        seconds = self._interact(page_hash=self.page_hash, fragment_id=fragment_id, auto=True)
        if self.last_finished != ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            raise ProtocolError(f"fragment {fragment_id}: the server ran more than the fragment")
        return seconds

    def report_map_drawn(self) -> float:
        """What the browser sends once a map that reports when it is drawn is on screen
        (``adapters.mapping.DrawnReport``): st_folium's value with the « drawn » flag, from the
        map's fragment; the time until the run it causes ends (the actors page then draws its
        other elements). 0 when the page has no such map (the bare app's)."""
        import json

        from adapters.mapping import DRAWN_SENT, drawn_report_value

        for kind, proto, fragment_id in list(self.page.elements.values()):
            if kind == "component_instance" and DRAWN_SENT in proto.json_args:
                value = json.dumps(drawn_report_value())
                report = self._state(proto.id, "json_value", value)
                return self._interact(
                    extra=[report], fragment_id=fragment_id, page_hash=self.page_hash
                )
        return 0.0

    def open_tab(self, label: str) -> float:
        """Open the tab ``label`` of keyed ``st.tabs(..., on_change="rerun")``: its value (the
        label) is sent and the server reruns, drawing what the tab holds."""
        container_id, fragment_id = self.page.tab(label)
        self._states[container_id] = self._state(container_id, "string_value", label)
        return self._interact(fragment_id=fragment_id, page_hash=self.page_hash)

    def click(self, label: str, index: int = 0) -> float:
        """Click a button (its trigger is sent once)."""
        buttons = [w for w in self.page.widgets("button") if w.label == label]
        if len(buttons) <= index:
            raise ProtocolError(f"no button {label!r} #{index}")
        widget = buttons[index]
        trigger = self._state(widget.id, "trigger_value", True)
        return self._interact(
            extra=[trigger], fragment_id=widget.fragment_id, page_hash=self.page_hash
        )

    # ----------------------------------------------------------------------- internals

    def _state(self, widget_id: str, kind: str, value: Any):
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=widget_id)
        setattr(state, kind, value)
        return state

    def _set(self, widget: Widget, kind: str, value: Any) -> None:
        self._states[widget.id] = self._state(widget.id, kind, value)

    def _commit(self, widget: Widget) -> float:
        if getattr(widget.proto, "form_id", ""):
            return 0.0  # inside a form: sent with its submit button, no run now
        return self._interact(fragment_id=widget.fragment_id, page_hash=self.page_hash)

    def _interact(self, **request: Any) -> float:
        """Send a rerun (``_send_rerun``'s arguments) and wait for its end: the seconds taken."""
        started = time.perf_counter()
        self._send_rerun(**request)
        self._wait_run()
        return time.perf_counter() - started

    def _send_rerun(
        self,
        page_hash: str,
        page_name: str = "",
        fragment_id: str = "",
        extra=(),
        auto: bool = False,
    ) -> None:
        message = BackMsg()
        client_state = message.rerun_script
        client_state.query_string = self.query_string
        client_state.page_script_hash = page_hash
        client_state.page_name = page_name
        if fragment_id:
            client_state.fragment_id = fragment_id
        if auto:
            client_state.is_auto_rerun = True
        client_state.widget_states.widgets.extend([*self._states.values(), *extra])
        self._ws.send_binary(message.SerializeToString())

    def _wait_run(self) -> None:
        deadline = time.monotonic() + RUN_TIMEOUT
        while time.monotonic() < deadline:
            raw = self._ws.recv()
            if isinstance(raw, str):
                continue
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.page = Page()
                self.page_hash = message.new_session.page_script_hash
                self._pages(message.new_session.app_pages)
            elif kind == "navigation":
                self.page_hash = message.navigation.page_script_hash or self.page_hash
                self._pages(message.navigation.app_pages)
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "delta":
                self._delta(message)
            elif kind == "auto_rerun":
                self.auto_reruns[message.auto_rerun.fragment_id] = message.auto_rerun.interval
            elif kind == "stop_auto_rerun":
                for fragment_id in message.stop_auto_rerun.fragment_ids:
                    self.auto_reruns.pop(fragment_id, None)
            elif kind == "page_not_found":
                raise ProtocolError(f"page not found: {message.page_not_found.page_name}")
            elif kind == "script_finished" and message.script_finished in DONE:
                self.last_finished = message.script_finished
                return
        raise ProtocolError(f"no end of run within {RUN_TIMEOUT}s")

    def _pages(self, app_pages) -> None:
        for app_page in app_pages:
            self.pages[app_page.url_pathname] = app_page.page_script_hash

    def _delta(self, message) -> None:
        delta = message.delta
        if delta.WhichOneof("type") == "add_block":
            self._block(message)
            return
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        path = tuple(message.metadata.delta_path)
        self.page.elements[path] = (kind, getattr(element, kind), delta.fragment_id)

    def _block(self, message) -> None:
        block = message.delta.add_block
        path = tuple(message.metadata.delta_path)
        kind = block.WhichOneof("type")
        if kind == "tab_container" and block.tab_container.id:
            self.page.tab_containers[path] = (block.tab_container.id, message.delta.fragment_id)
        elif kind == "tab":
            self.page.tabs[path] = block.tab.label
