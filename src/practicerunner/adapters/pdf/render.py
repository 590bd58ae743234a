"""HTML to PDF with WeasyPrint, byte-stable for the same inputs.

WeasyPrint stamps no clock into a PDF whose HTML names its creation and modification dates
(``<meta name="dcterms.created">``); the templates set both to the moment the document's data
describes, so the same inputs give the same bytes (a test renders twice and compares). Fonts
come from the machine (Liberation Sans and Liberation Mono, metric twins of Arial and Courier
New); nothing is fetched from a network: the URL fetcher refuses every URL.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

TEMPLATE_VERSION = "2026-12-1"


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"documents load nothing from outside the template: {url}")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("practicerunner", "templates/documents"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = lambda cents: (
        f"${cents / 100:,.2f}" if cents >= 0 else (f"-${-cents / 100:,.2f}")
    )
    return env


def render_template(name: str, **context: Any) -> str:
    return _environment().get_template(name).render(**context)


def render_pdf(html: str) -> tuple[bytes, int]:
    """The PDF's bytes and its page count."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=_no_fetching).render()
    return document.write_pdf(), len(document.pages)


def first_page_png(pdf: bytes, scale: float = 1.5) -> bytes:
    import pypdfium2

    pdf_doc = pypdfium2.PdfDocument(pdf)
    try:
        image = pdf_doc[0].render(scale=scale).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()
    finally:
        pdf_doc.close()
