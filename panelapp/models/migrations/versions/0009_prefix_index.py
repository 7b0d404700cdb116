"""the text index gets a prefix index for four-letter prefixes, so `abcd*` reads one entry, not every word's

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22

A prefix query (`abcd*`) made FTS5 merge the postings of every word starting with the prefix: 90-320 ms at
20,000 items, the slowest searches by far (issue #11). FTS5's `prefix = '4'` option keeps each word's first four
letters as an entry of its own, so a four-letter prefix is one lookup (longer prefixes still merge, but over far
fewer words). The option can only be given when the table is created: the external-content index of schema 0007
is dropped and rebuilt from `attachment_text_source`. The text itself (`attachment_texts`) is not touched, so
the audit log's hashes of it still match. Measured at 20,000 items: the store 283 -> 302 MiB (+19 MiB, with the
block size below; +25 MiB without it), the rebuild about 4 s.
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_INDEX = ("CREATE VIRTUAL TABLE attachment_text USING fts5(content, content = 'attachment_text_source', "
          "content_rowid = 'id', tokenize = 'unicode61'{prefix})")
PREFIX_CHARS = 4
# FTS5 keeps its index in blocks of about `pgsz` bytes (default 4,050), one row each. A SQLCipher page holds
# 4,016 bytes (80 of its 4,096 keep the IV and HMAC), so every default block spilled onto an overflow page;
# 3,960-byte blocks fit in one page: 5 MiB less at 20,000 items, the same index.
BLOCK_BYTES = 3960


def _rebuild(prefix: str, block_bytes: int | None) -> None:
    op.execute("DROP TABLE attachment_text")  # the index's own tables only; the text and its view stay
    op.execute(_INDEX.format(prefix=prefix))
    if block_bytes is not None:
        op.execute(f"INSERT INTO attachment_text (attachment_text, rank) VALUES ('pgsz', {block_bytes})")
    op.execute("INSERT INTO attachment_text (attachment_text) VALUES ('rebuild')")


def upgrade() -> None:
    _rebuild(f", prefix = '{PREFIX_CHARS}'", BLOCK_BYTES)


def downgrade() -> None:
    _rebuild("", None)
