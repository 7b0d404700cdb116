"""the people a published notice must not name: a complainant or other member of the public

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22

One column added to cases, "" (nobody listed) for every case written before it. The published notice already
kept out the witnesses, the panel, the representatives and, under an anonymity order, the officers; a person the
case did not otherwise record (a complainant named only in the particulars) was published. A case's state
hashes the column only when it is set (`audit_state`), so no state entry changes and none is re-recorded.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("not_named_in_public", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    op.execute("ALTER TABLE cases DROP COLUMN not_named_in_public")  # in place: no rebuild, no cascade
