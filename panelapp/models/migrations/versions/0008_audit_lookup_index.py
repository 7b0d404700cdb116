"""an index for finding one object's entries in the audit log (issue #11, hostile review F11)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21

Every write first compares the case (or attached file) with the log's latest state entry for it
(`audit_state.refuse_if_altered`): without an index that scanned the whole log, so a write cost grew with the
log (33 ms at 20,000 entries). An index only; no table is rebuilt and no entry changes.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_log_object", "audit_log", ["object_type", "object_id", "seq"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_log_object", table_name="audit_log")
