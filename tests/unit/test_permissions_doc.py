"""The permission matrices in the docs are the ones in the code."""

from __future__ import annotations

from pathlib import Path

from practicerunner.domain.identity.permissions import matrix_markdown, portal_matrix_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"


def test_docs_show_the_role_matrix_the_code_enforces() -> None:
    text = DOC.read_text()
    assert matrix_markdown() in text, "regenerate the table in docs/access.md"
    assert portal_matrix_markdown() in text
