"""Writing plans back: a plan as a Word document in the national layout
(:func:`render`), and next year's draft of a plan (:func:`khtool.writing.draft.draft`)."""

from __future__ import annotations

from khtool.writing.render import Comments, render, render_bytes

__all__ = ["Comments", "render", "render_bytes"]
