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

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Tolerant of any shape: content no version of panelapp wrote (an older writer, an edit from outside) is
# skipped, and a cited number is taken only when it is a whole number a store could have reached.
_CITED = """
SELECT max(json_extract(CASE WHEN c.type = 'object' THEN c.value ELSE '{}' END, '$.evidence_id'))
FROM decision_versions AS v,
     json_each(CASE WHEN json_valid(v.content) AND json_type(v.content, '$.findings') = 'array'
               THEN v.content ELSE '{}' END, '$.findings') AS f,
     json_each(CASE WHEN f.type = 'object' AND json_type(f.value, '$.citations') = 'array'
               THEN f.value ELSE '{}' END, '$.citations') AS c
WHERE json_type(CASE WHEN c.type = 'object' THEN c.value ELSE '{}' END, '$.evidence_id') = 'integer'
  AND json_extract(CASE WHEN c.type = 'object' THEN c.value ELSE '{}' END, '$.evidence_id') BETWEEN 1 AND 2147483647
"""


def _foreign_keys_off(conn: sa.Connection) -> None:
    if conn.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("schema 0011 rebuilds evidence_items and must run with foreign keys off")


def upgrade() -> None:
    conn = op.get_bind()
    _foreign_keys_off(conn)
    with op.batch_alter_table("evidence_items", recreate="always",
                              table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.alter_column("id", existing_type=sa.Integer(), autoincrement=True)
    highest = max(conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM evidence_items")).scalar_one(),
                  conn.execute(sa.text(_CITED)).scalar() or 0)
    conn.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'evidence_items'"))
    conn.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('evidence_items', :seq)"), {"seq": highest})


def downgrade() -> None:
    conn = op.get_bind()
    _foreign_keys_off(conn)
    with op.batch_alter_table("evidence_items", recreate="always",
                              table_kwargs={"sqlite_autoincrement": False}) as batch_op:
        batch_op.alter_column("id", existing_type=sa.Integer(), autoincrement=False)
    conn.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'evidence_items'"))
