"""Jinja2 rendering of the reports into one self-contained HTML file.

Styles and the small script (the lead-unit filter and the sortable task table) are
written inline from ``templates/report.css`` and ``templates/report.js``; charts are
inline SVG. A Content-Security-Policy allows no network at all and only that one
script (by its SHA-256), so the file opens from a USB stick and a value from a
document can never run as code (autoescaping already writes it as text).
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from khtool import __version__
from khtool.errors import UsageError
from khtool.model import Plan
from khtool.reporting.diff_view import diff_view
from khtool.reporting.views import plan_view, trends_view
from khtool.reporting.wording import wording


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("khtool.reporting", "templates"),
        autoescape=True,  # every template writes HTML
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _asset(name: str) -> str:
    return resources.files("khtool.reporting").joinpath("templates", name).read_text("utf-8")


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def report_kind(count: int) -> str:
    """'plan' for one plan, 'diff' for two, 'trends' for three or more."""
    if count < 1:
        raise UsageError("give at least one plan")
    return {1: "plan", 2: "diff"}.get(count, "trends")


def render_report(plans: list[Plan], *, lang: str = "vi", base: Path | None = None) -> str:
    """The HTML report of one plan, of a diff of two, or of targets across three or more.

    ``base`` is the folder the file will be written to: links from each task to its
    source document are made relative to it.
    """
    w = wording(lang)
    kind = report_kind(len(plans))
    context: dict[str, Any]
    if kind == "plan":
        context = plan_view(plans[0], w, base)
    elif kind == "diff":
        context = diff_view(plans[0], plans[1], w)
    else:
        context = trends_view(plans, w)
    script = _asset("report.js")
    template = environment().get_template(f"{kind}.html.j2")
    return template.render(
        **context,
        w=w,
        lang=lang,
        style=_asset("report.css"),
        script=script,
        csp=_csp(script),
        version=__version__,
    )
