"""numbered decision versions, draft or final (issue #9)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21

A new table only; no existing table is rebuilt.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decision_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"],
                                name=op.f("fk_decision_versions_officer_id_officers"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_versions")),
        sa.UniqueConstraint("officer_id", "number", name=op.f("uq_decision_versions_officer_id")),
    )
    with op.batch_alter_table("decision_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_versions_officer_id"), ["officer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("decision_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_decision_versions_officer_id")
    op.drop_table("decision_versions")
