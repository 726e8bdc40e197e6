"""Tombstones of deleted carnets: the hash of the private token, the day and the reason.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deleted_carnets",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("deleted_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("deleted_carnets")
