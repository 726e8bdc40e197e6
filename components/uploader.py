"""A file uploader that speaks the learner's language.

Streamlit's uploader has no API for its own texts: its button says « Upload », its instructions
say « 200MB per file » (not this app's limits), its help button is « Help for … ». This wraps it
in a keyed container, hides those built-in texts with CSS scoped to that container only (no
script, nothing from a third party), labels the button from the locale files (CSS generated
content: screen readers read it as the button's name; the button stays a real, focusable
button) and writes our own instructions and real limits under it.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from components import state


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: every character outside plain ASCII letters, digits
    and spaces as a CSS escape, so that no text can close the string or the rule."""
    escaped = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):06x}" for ch in text
    )
    return f'"{escaped}"'


def uploader_css(scope: str, button: str) -> str:
    """The style of one uploader: ``scope`` is its container's key (letters, digits, - and _)."""
    if not scope.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"not a container key: {scope!r}")
    root = f".st-key-{scope} [data-testid='stFileUploaderDropzone']"
    return (
        "<style>"
        f"{root} [data-testid='stFileUploaderDropzoneInstructions']{{display:none}}"
        f"{root} button [data-testid='stMarkdownContainer']{{display:none}}"
        f"{root} button [data-has-shortcut]::after{{content:{css_string(button)}}}"
        "</style>"
    )


def file_uploader(
    label: str, *, key: str, instructions: str, **options: Any
) -> UploadedFile | None:
    """``st.file_uploader`` with the button and the instructions in the learner's language.

    ``instructions``: what to upload and its real size limit (shown under the uploader).
    No ``help=``: Streamlit would name its button « Help for … » in English; say it in
    ``instructions`` instead.
    """
    t = state.t()
    scope = "upload-" + "".join(ch if ch.isalnum() else "-" for ch in key)
    with st.container(key=scope):
        st.html(uploader_css(scope, t("upload.button")))
        upload: UploadedFile | None = st.file_uploader(label, key=key, **options)
        st.caption(instructions)
    return upload
