"""full-text index (FTS5) over text extracted from attachments

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # rowid = attachments.id. Text is derived from the original bytes and lives only in the store.
    op.execute("CREATE VIRTUAL TABLE attachment_text USING fts5(content, tokenize = 'unicode61')")


def downgrade() -> None:
    op.execute("DROP TABLE attachment_text")
