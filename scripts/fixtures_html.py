"""Render a fixture layout as a legal-library web page.

The plan sits in ``<p>`` and ``<table>`` markup inside the page's article, as legal
libraries publish it: numbers and bullets typed in the text, the header and the
signature as borderless tables, the appendix as a ruled table with a ``<thead>``
header row and ``colspan`` group rows. Around it: site header, navigation, search
form, breadcrumb, a sidebar with the document's properties, scripts, styles and a
footer. Cells of the 2020 page separate their paragraphs with ``<br>`` (older
pages), those of the 2025 page use ``<p>``. See ``make_format_fixtures.py``.
"""

from __future__ import annotations

from html import escape

from fixtures_layout import Landscape, Layout, Para, TaskTable, TwoColumns

_STYLE = {
    "body": "text-align:justify;text-indent:36pt",
    "plain": "text-align:justify;text-indent:36pt",
    "title": "text-align:center",
    "center": "text-align:center",
    "subtitle": "text-align:center",
    "heading": "text-align:justify;text-indent:36pt",
    "note": "",
}

_CHROME_TOP = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | Thư viện Văn bản</title>
<link rel="stylesheet" href="https://static.example.invalid/css/site.css">
<style>
  body {{ font-family: "Times New Roman", serif; }}
  .content1 p {{ margin: 6pt 0; }}
  /* <p>not a paragraph of the plan</p> */
</style>
<script>
  window.dataLayer = window.dataLayer || [];
  var banner = "<p>Đăng ký tài khoản để xem toàn văn</p>";
</script>
</head>
<body>
<header class="site-header">
  <div class="logo"><a href="/">Thư viện Văn bản</a></div>
  <nav class="menu">
    <ul>
      <li><a href="/">Trang chủ</a></li>
      <li><a href="/van-ban">Văn bản pháp luật</a></li>
      <li><a href="/tin-tuc">Tin tức</a></li>
      <li><a href="/lien-he">Liên hệ</a></li>
    </ul>
  </nav>
  <form class="search" action="/tim-kiem"><input name="q" placeholder="Tìm văn bản"><button>Tìm</button></form>
</header>
<div class="breadcrumb"><a href="/">Trang chủ</a> &rsaquo; <a href="/van-ban/ke-hoach">Kế hoạch</a></div>
<main>
<article class="document">
{h1}<nav class="tabs"><a href="#noi-dung">Nội dung</a> <a href="#thuoc-tinh">Thuộc tính</a> <a href="#tai-ve">Tải về</a></nav>
<div class="content1">
"""

_CHROME_BOTTOM = """</div>
</article>
<aside class="sidebar">
  <h3>Thuộc tính văn bản</h3>
  <table class="properties">
    <tr><td>Số hiệu:</td><td>{number}</td></tr>
    <tr><td>Loại văn bản:</td><td>Kế hoạch</td></tr>
    <tr><td>Nơi ban hành:</td><td>Thành phố Hà Nội</td></tr>
  </table>
  <h3>Văn bản liên quan</h3>
  <ul><li><a href="/van-ban/889-qd-ttg">Quyết định 889/QĐ-TTg</a></li></ul>
</aside>
</main>
<footer class="site-footer">
  <p>Thư viện Văn bản — bản quyền thuộc đơn vị quản lý trang.</p>
  <p>Địa chỉ: Hà Nội. Điện thoại: (024) 0000 0000.</p>
</footer>
<script src="https://static.example.invalid/js/app.js"></script>
<noscript><p>Vui lòng bật JavaScript.</p></noscript>
</body>
</html>
"""


def render_html(layout: Layout) -> str:
    use_br = layout.name.startswith("plan-2020")
    title = layout.site_title or layout.name
    h1 = f'<h1 class="doc-title">{escape(layout.site_title)}</h1>\n' if layout.site_title else ""
    out = [_CHROME_TOP.format(title=escape(title), h1=h1)]
    number = "—"
    for item in layout.items:
        if isinstance(item, Para):
            out.append(_para(item))
        elif isinstance(item, TwoColumns):
            out.append(_two_columns(item))
            if item.kind == "header" and item.rows[-1][0]:
                number = item.rows[-1][0][0].removeprefix("Số:").strip() or number
        elif isinstance(item, TaskTable):
            out.append(_task_table(item, use_br))
        elif isinstance(item, Landscape):
            out.append('<div style="page-break-before:always"></div>\n')
    out.append(_CHROME_BOTTOM.format(number=escape(number)))
    return "".join(out)


def _para(item: Para) -> str:
    text = escape(item.text, quote=False)
    if item.number is not None:
        text = f"{escape(item.number[2])} {text}"
    if item.kind in ("title", "heading"):
        text = f"<b>{text}</b>"
    elif item.kind in ("subtitle", "center"):
        text = f"<i>{text}</i>"
    elif item.kind == "note":
        text = f"<b><i>{text}</i></b>"
    elif text.startswith(("Thực hiện:", "Căn cứ")):
        head, _, rest = text.partition(":")
        text = f"<span style='font-weight:normal'>{head}:</span>&nbsp;{rest.lstrip()}"
    style = _STYLE[item.kind]
    return f'<p style="{style}">{text}</p>\n' if style else f"<p>{text}</p>\n"


def _two_columns(item: TwoColumns) -> str:
    rows = []
    for left, right in item.rows:
        cells = []
        for c, lines in enumerate((left, right)):
            body = "<br>\n".join(escape(t, quote=False) for t in lines)
            align = "left" if item.kind == "signature" and c == 0 else "center"
            width = "40%" if c == 0 else "60%"
            cells.append(
                f'<td width="{width}" valign="top"><p align="{align}"><b>{body}</b></p></td>'
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table border="0" cellspacing="0" cellpadding="0" width="100%">\n'
        + "\n".join(rows)
        + "\n</table>\n"
    )


def _cell(paragraphs: list[str], use_br: bool, tag: str = "td", attrs: str = "") -> str:
    texts = [escape(t, quote=False) for t in paragraphs]
    if use_br:
        body = f"<p>{'<br>'.join(texts)}</p>" if texts else "<p>&nbsp;</p>"
    else:
        body = "".join(f"<p>{t}</p>" for t in texts) or "<p>&nbsp;</p>"
    return f'<{tag} valign="top"{attrs}>{body}</{tag}>'


def _task_table(item: TaskTable, use_br: bool) -> str:
    width = len(item.header)
    out = ['<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">']
    header = "".join(_cell([f"{t}"], use_br, "th") for t in item.header)
    out.append(f"<thead><tr>{header}</tr></thead>")
    out.append("<tbody>")
    for record in item.rows:
        if record.group:
            tt = _cell(record.cells[0], use_br)
            title = _cell(
                [f"{t}" for t in record.cells[1]], use_br, attrs=f' colspan="{width - 1}"'
            )
            out.append(f"<tr>{tt}{title}</tr>")
        else:
            out.append("<tr>" + "".join(_cell(c, use_br) for c in record.cells) + "</tr>")
    out.append("</tbody>\n</table>\n")
    return "\n".join(out)
