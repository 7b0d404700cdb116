"""a private note's subject: an allegation, an officer's outcome, or the case as a whole (issue #9)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21

One column added to private_notes, "" (the case as a whole) for every note written before it. A note's
subject has the form of a vote's: `allegation:<id>` or `outcome:<officer id>`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("private_notes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(length=100), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("private_notes", schema=None) as batch_op:
        batch_op.drop_column("subject")
