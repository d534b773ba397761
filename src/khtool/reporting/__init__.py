"""Reports people read: one self-contained HTML file (Vietnamese by default).

* one plan: the header, a summary, the targets, the tasks (filter by lead unit,
  sortable) and a calendar chart of their timelines;
* two plans: what changed, side by side, with a plain-language summary;
* three or more plans: each target across the years, as a small chart and a table.

``render_report(plans, lang="vi")`` returns the HTML; ``khtool report`` writes it.
"""

from __future__ import annotations

from khtool.reporting.render import render_report, report_kind

__all__ = ["render_report", "report_kind"]
