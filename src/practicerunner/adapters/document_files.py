"""The rendered files of billing documents, in one table of the read store, sealed with the
cipher key (a superbill holds a client's name, birth date and diagnoses).

Files are a primary record, not a read model: they are rendered by a job, not derived from
events, so a projection rebuild could not make them again and leaves them alone. Like the
access log and the session store, the table is created when the runtime starts (``SCHEMA``),
so a fresh install, a worker and a rebuild all find it before any document is rendered. A file
is written once per (document, rendering, name); writing it again (a redelivered job) keeps
the first copy, which is byte-identical anyway when the library renders deterministically.
"""

from __future__ import annotations

import hashlib

from practicerunner.adapters.readstore import ReadStore

COLUMNS = "document_id, rendering, name, practice_id, sha256, size, content"
SCHEMA = """CREATE TABLE IF NOT EXISTS document_files (
    document_id TEXT NOT NULL, rendering INTEGER NOT NULL, name TEXT NOT NULL,
    practice_id TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
    content {blob} NOT NULL, PRIMARY KEY (document_id, rendering, name))"""
BLOB = {"postgres": "BYTEA", "sqlite": "BLOB"}


class DocumentFiles:
    def __init__(self, db: ReadStore) -> None:
        self.db = db
        with db.transaction() as tx:
            tx.execute(SCHEMA.format(blob=BLOB[db.dialect]))

    def put(
        self, practice_id: str, document_id: str, rendering: int, name: str, content: bytes
    ) -> dict[str, object]:
        digest = hashlib.sha256(content).hexdigest()
        sealed = self.db.sealer.seal_bytes(content)
        with self.db.transaction() as tx:
            tx.execute(
                f"INSERT INTO document_files ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (document_id, rendering, name) DO NOTHING",
                (document_id, rendering, name, practice_id, digest, len(content), sealed),
            )
        return {"sha256": digest, "size": len(content)}

    def get(self, practice_id: str, document_id: str, rendering: int, name: str) -> bytes | None:
        with self.db.read() as tx:
            row = tx.fetchone(
                "SELECT content, sha256 FROM document_files WHERE practice_id = %s AND "
                "document_id = %s AND rendering = %s AND name = %s",
                (practice_id, document_id, rendering, name),
            )
        if row is None:
            return None
        content = self.db.sealer.unseal_bytes(bytes(row[0]))
        if hashlib.sha256(content).hexdigest() != row[1]:
            raise RuntimeError("a stored document does not match its digest")
        return content
