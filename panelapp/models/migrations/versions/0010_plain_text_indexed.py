"""plain-text files are searchable: their text is kept and indexed, as a PDF's is

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22

Until now only PDFs had their text extracted at import: a statement imported as a .txt file was stored but
never indexed, so search could not find a word in it (found by the review of issue #11). Imports now take a
plain-text file's text (`text_rules.plain_file_text`); this migration does the same for every plain-text file
already stored with its bytes. Each such file's audit state changes with it (its text's hash): the migration's
caller re-records it only where it matched the log before (`audit_state.attachment_state_as_of`).
"""

import sqlalchemy as sa
from alembic import op

from panelapp.domain.text_rules import plain_file_text
from panelapp.models.schema import pack_text

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

MAX_TEXT_CHARS = 5_000_000  # evidence_import.MAX_TEXT_CHARS when this revision was written


def _plain_files(conn: sa.Connection) -> list[int]:
    return list(conn.execute(sa.text(
        "SELECT id FROM attachments WHERE media_type = 'text/plain' AND bytes_present AND NOT reference_only "
        "AND id NOT IN (SELECT id FROM attachment_texts) ORDER BY id")).scalars())


def _head(conn: sa.Connection, attachment_id: int, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    for (block,) in conn.execute(sa.text("SELECT data FROM attachment_chunks WHERE attachment_id = :id ORDER BY seq"),
                                 {"id": attachment_id}):
        parts.append(block or b"")
        size += len(block or b"")
        if size >= limit:
            break
    return b"".join(parts)[:limit]


def upgrade() -> None:
    conn = op.get_bind()
    for attachment_id in _plain_files(conn):
        text = plain_file_text(_head(conn, attachment_id, 4 * MAX_TEXT_CHARS), MAX_TEXT_CHARS)
        if not text.strip():
            continue
        conn.execute(sa.text("INSERT INTO attachment_texts (id, packed) VALUES (:id, :packed)"),
                     {"id": attachment_id, "packed": pack_text(text)})
        conn.execute(sa.text("INSERT INTO attachment_text (rowid, content) VALUES (:id, :content)"),
                     {"id": attachment_id, "content": text})


def downgrade() -> None:
    conn = op.get_bind()
    plain = sa.text("SELECT t.id FROM attachment_texts t JOIN attachments a ON a.id = t.id "
                    "WHERE a.media_type = 'text/plain'")
    for attachment_id in list(conn.execute(plain).scalars()):
        conn.execute(sa.text("INSERT INTO attachment_text (attachment_text, rowid, content) "
                             "SELECT 'delete', id, content FROM attachment_text_source WHERE id = :id"),
                     {"id": attachment_id})
        conn.execute(sa.text("DELETE FROM attachment_texts WHERE id = :id"), {"id": attachment_id})
