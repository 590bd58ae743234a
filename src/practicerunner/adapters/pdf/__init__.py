"""PDF documents: HTML from the package's Jinja2 templates, laid out and written by
WeasyPrint, and the first page as a PNG (pypdfium2) for previews and screenshots."""

from practicerunner.adapters.pdf.render import first_page_png, render_pdf, render_template

__all__ = ["first_page_png", "render_pdf", "render_template"]
