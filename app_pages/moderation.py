"""Modération of the shared directory: reached by the moderator's link (``?cle=<key>``),
hidden from the navigation."""

from components import moderation_view

moderation_view.page()
