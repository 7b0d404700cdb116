"""an evidence item's number is never given to another item: evidence_items gets AUTOINCREMENT

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22

SQLite gives a new row the highest id in use plus one, so after the highest-numbered item was removed the next
item took its number (hostile review F6b). A decision version records its citations by evidence id: an old
final version could then name an item added later. With AUTOINCREMENT SQLite never hands out a number again
(`sqlite_sequence` keeps the highest ever used). The table is rebuilt (SQLite cannot add AUTOINCREMENT in
place); its rows, ids, indexes and the rows that refer to it are unchanged, so no audit state changes.

The sequence starts above every number in use and every number a decision version still cites (a number
removed before this migration and cited by no version cannot be known, and no record names it).

The rebuild drops the old table: it must run with foreign keys off (the store's migration runner turns them
off and checks every key before committing), or the drop would delete every row that refers to an item.
"""

import sqlalchemy as sa
from alembic import op

from panelapp.models.schema import HIGHEST_CITED_EVIDENCE

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _rebuild(conn: sa.Connection, autoincrement: bool) -> None:
    """evidence_items rebuilt with AUTOINCREMENT or without; refused with foreign keys on, where dropping the old
    table would delete every row that refers to an item."""
    if conn.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("schema 0011 rebuilds evidence_items and must run with foreign keys off")
    with op.batch_alter_table("evidence_items", recreate="always",
                              table_kwargs={"sqlite_autoincrement": autoincrement}) as batch_op:
        batch_op.alter_column("id", existing_type=sa.Integer(), autoincrement=autoincrement)
    conn.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'evidence_items'"))


def upgrade() -> None:
    conn = op.get_bind()
    _rebuild(conn, autoincrement=True)
    highest = max(conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM evidence_items")).scalar_one(),
                  conn.execute(sa.text(HIGHEST_CITED_EVIDENCE)).scalar() or 0)
    conn.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('evidence_items', :seq)"), {"seq": highest})


def downgrade() -> None:
    _rebuild(op.get_bind(), autoincrement=False)
