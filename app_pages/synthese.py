"""Synthèse: the whole carnet, the forum post, downloads and the read-only share link."""

import streamlit as st

from components import shell, state
from components.sharing import downloads, forum_post, share_panel
from components.summary_view import show_summary, summary_of
from domain import progress

t = state.t()
carnet = shell.require_carnet()
st.title(t("synthese.title"))
st.write(t("synthese.intro"))

steps = state.derived(carnet, ("progress_steps",), lambda: progress.steps(carnet))  # per version
missing = [step for step in steps if not step.done and step.id != "synthese"]
if missing:
    # One frame for every missing step: each its note and its link (no frame of its own).
    with st.container(border=True):
        for step in missing:
            spec = next(page for page in shell.JOURNEY if page.id == step.id)
            if step.optional:  # counted in the progress, but the synthesis does not wait for it
                st.info(t(f"synthese.missing.{step.id}"), icon=":material/info:")
            else:
                st.warning(t(f"synthese.missing.{step.id}"), icon=":material/pending:")
            shell.page_link(
                spec,
                label=t(
                    "synthese.go_to_optional" if step.optional else "synthese.go_to",
                    step=t(f"nav.{step.id}"),
                ),
                icon=spec.icon,
                query_params=shell.link_params(),
            )

summary, summary_t = summary_of(carnet, lang=state.language())
show_summary(carnet, summary, summary_t, map_key="summary_map", projection=shell.projection_on())
# The forum post and the files are folded (drawn only when opened); the share link is not.
forum_post(carnet)
downloads(carnet)
share_panel()
