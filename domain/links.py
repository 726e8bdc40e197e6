"""Links to a carnet: the private edit link and the read-only share link."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

DEFAULT_APP_URL = "http://localhost:8501/"


def app_base(current_url: str | None, page_paths: tuple[str, ...] = ()) -> str:
    """The app's root URL from the URL of the page being shown (drop the page and query)."""
    parts = urlsplit(current_url or DEFAULT_APP_URL)
    path = parts.path or "/"
    segments = [s for s in path.split("/") if s]
    if segments and segments[-1] in page_paths:
        segments = segments[:-1]
    path = "/" + "/".join(segments) + ("/" if segments else "")
    return urlunsplit((parts.scheme or "http", parts.netloc, path, "", ""))


def private_link(current_url: str | None, token: str, page_paths: tuple[str, ...] = ()) -> str:
    return app_base(current_url, page_paths) + "?" + urlencode({"carnet": token})


def share_link(current_url: str | None, share_token: str, page_paths: tuple[str, ...] = ()) -> str:
    return app_base(current_url, page_paths) + "?" + urlencode({"share": share_token})
