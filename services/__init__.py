"""The use cases: one function (or small class) per thing a learner, a trainer or a moderator
does. Plain values in, plain values out, the project's own errors (``services.errors``) raised.
No Streamlit here: pages and components call these.

- ``carnet_session``: what a tab holds and how it saves (the two-tab replay and conflicts);
- ``carnets``: create, open, import, export, share, revoke, read shared, edit a field;
- ``project``: choose the territory;
- ``actors``: place, edit, move, delete an actor, log a contact, import a CSV, the CRESS;
- ``alliance``: choose a catalogue alliance or describe one;
- ``analysis``: the members table, the answers (and their drafts), the tags;
- ``summary``: the carnet resolved for output (summary pages, forum post, exports);
- ``errors``, ``stores``: the errors with their message keys, the stores on one engine.
"""
