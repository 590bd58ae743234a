"""The rendered files of billing documents are a primary record: their table is there as soon
as the service starts on an empty store (a worker or a download may come before any
rendering), holds nothing in plaintext with a cipher key, and is left alone by a rebuild."""

from __future__ import annotations

from practicerunner.bootstrap.runtime import Runtime


def _count(rt: Runtime) -> int:
    with rt.db.read() as tx:
        row = tx.fetchone("SELECT COUNT(*) FROM document_files")
    assert row is not None
    return int(row[0])


def test_a_fresh_install_has_the_document_files_table_and_a_rebuild_keeps_it(
    runtime: Runtime,
) -> None:
    assert _count(runtime) == 0  # nothing rendered yet, and no process has run
    assert runtime.document_files.get("practice", "document", 1, "document") is None
    runtime.document_files.put("practice", "document", 1, "document", b"%PDF-1.7 bytes")
    runtime.engine.rebuild("documents")
    assert _count(runtime) == 1
    assert runtime.document_files.get("practice", "document", 1, "document") == b"%PDF-1.7 bytes"
    # Another practice's id finds nothing.
    assert runtime.document_files.get("other", "document", 1, "document") is None
