"""bundle section titles and private per-page reading notes (issue #8)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21

Two new tables only; no existing table is rebuilt (a batch rebuild of a parent table would cascade-delete
its children with foreign keys on).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bundle_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("letter", sa.String(length=8), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_bundle_sections_case_id_cases"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bundle_sections")),
        sa.UniqueConstraint("case_id", "letter", name=op.f("uq_bundle_sections_case_id")),
    )
    with op.batch_alter_table("bundle_sections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bundle_sections_case_id"), ["case_id"], unique=False)
    op.create_table(
        "page_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence_items.id"],
                                name=op.f("fk_page_notes_evidence_id_evidence_items"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_notes")),
    )
    with op.batch_alter_table("page_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_page_notes_evidence_id"), ["evidence_id"], unique=False)


def downgrade() -> None:
    for table, index in (("page_notes", "ix_page_notes_evidence_id"),
                         ("bundle_sections", "ix_bundle_sections_case_id")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
        op.drop_table(table)
