"""The use cases: one function (or small class) per thing a learner, a trainer or a moderator
does. Plain values in, plain values out, the project's own errors (``services.errors``) raised.
No Streamlit here: pages and components call these."""
