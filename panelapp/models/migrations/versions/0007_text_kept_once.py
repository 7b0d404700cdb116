"""the text index keeps no copy of the text: an external-content FTS5 index over the text kept once, compressed

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21

Before: `attachment_text` (FTS5) held each attachment's extracted text in its own content table beside the
index. After: the text is kept once, zlib-compressed, in `attachment_texts`; the view
`attachment_text_source` inflates it (SQL function `panelapp_text`, registered on every connection) and the
index reads it from there. The text itself is unchanged, so the audit log's hash of it still matches.
"""

import sqlalchemy as sa
from alembic import op

from panelapp.models.schema import pack_text

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_SOURCE = "CREATE VIEW attachment_text_source AS SELECT id, panelapp_text(packed) AS content FROM attachment_texts"
_INDEX = ("CREATE VIRTUAL TABLE attachment_text USING fts5(content, content = 'attachment_text_source', "
          "content_rowid = 'id', tokenize = 'unicode61')")
_OLD_INDEX = "CREATE VIRTUAL TABLE attachment_text USING fts5(content, tokenize = 'unicode61')"


def upgrade() -> None:
    op.create_table(
        "attachment_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("packed", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment_texts")),
    )
    conn = op.get_bind()
    rowids = [r[0] for r in conn.exec_driver_sql("SELECT rowid FROM attachment_text ORDER BY rowid")]
    for rowid in rowids:  # one text in memory at a time
        text = conn.exec_driver_sql("SELECT content FROM attachment_text WHERE rowid = ?", (rowid,)).scalar_one()
        conn.exec_driver_sql("INSERT INTO attachment_texts (id, packed) VALUES (?, ?)", (rowid, pack_text(text)))
    op.execute("DROP TABLE attachment_text")
    op.execute(_SOURCE)
    op.execute(_INDEX)
    op.execute("INSERT INTO attachment_text (attachment_text) VALUES ('rebuild')")


def downgrade() -> None:
    op.execute("ALTER TABLE attachment_text RENAME TO attachment_text_0007")
    op.execute(_OLD_INDEX)
    op.execute("INSERT INTO attachment_text (rowid, content) SELECT id, content FROM attachment_text_source")
    op.execute("DROP TABLE attachment_text_0007")
    op.execute("DROP VIEW attachment_text_source")
    op.drop_table("attachment_texts")
