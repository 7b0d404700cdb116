"""what decides which rules apply (issue #7 item 2): per-allegation and notice dates, overrides

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

Every column is added with ALTER TABLE ADD COLUMN (`recreate="never"`): rebuilding a parent table in
batch mode would DROP it, and with foreign keys on, SQLite deletes every child row through ON DELETE
CASCADE. New NOT NULL columns carry a plain server default so existing rows get a value.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _columns() -> tuple[tuple[str, sa.Column[object]], ...]:
    """(table, column) in the order they are added (fresh objects: a Column belongs to one table)."""
    return (
        ("cases", sa.Column("reg51_notice_on", sa.Date(), nullable=True)),
        ("cases", sa.Column("iopc_direction", sa.Boolean(), nullable=False, server_default="0")),
        ("cases", sa.Column("reg30_notice_method", sa.String(length=16), nullable=True)),
        ("cases", sa.Column("reg51_notice_method", sa.String(length=16), nullable=True)),
        ("cases", sa.Column("reg30_deemed_served_on", sa.Date(), nullable=True)),
        ("cases", sa.Column("reg51_deemed_served_on", sa.Date(), nullable=True)),
        ("cases", sa.Column("chair_specified_on", sa.Date(), nullable=True)),
        ("officers", sa.Column("officer_category", sa.String(length=32), nullable=False, server_default="other")),
        ("allegations", sa.Column("came_to_attention_on", sa.Date(), nullable=True)),
        ("allegations", sa.Column("related_to_earlier_on", sa.Date(), nullable=True)),
        ("allegations", sa.Column("incident", sa.String(length=100), nullable=True)),
        ("findings", sa.Column("facts_reasons", sa.Text(), nullable=False, server_default="")),
        ("findings", sa.Column("breach_reasons", sa.Text(), nullable=False, server_default="")),
        ("outcomes", sa.Column("gm_not_dismissed_reasons", sa.Text(), nullable=False, server_default="")),
        ("outcomes", sa.Column("aa_views_on_reduction", sa.Text(), nullable=False, server_default="")),
    )


def upgrade() -> None:
    for table, column in _columns():
        with op.batch_alter_table(table, recreate="never") as batch_op:
            batch_op.add_column(column)
    op.create_table(
        "rule_set_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=32), nullable=False),
        sa.Column("rule_set", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(trim(reason, ' ' || char(9, 10, 13))) > 0",
                           name=op.f("ck_rule_set_overrides_reason_given")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_rule_set_overrides_case_id_cases"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_set_overrides")),
        sa.UniqueConstraint("case_id", "question", name=op.f("uq_rule_set_overrides_case_id")),
    )
    with op.batch_alter_table("rule_set_overrides", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rule_set_overrides_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rule_set_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_set_overrides_case_id"))
    op.drop_table("rule_set_overrides")
    # SQLite's own DROP COLUMN (3.35+): no table rebuild, so no cascade through foreign keys.
    for table, column in reversed(_columns()):
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column.name}"')
