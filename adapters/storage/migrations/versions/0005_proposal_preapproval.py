"""A trainer's pre-approval of a directory proposal: which class pre-approved it, and when.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

Two nullable columns on ``directory_proposals``: existing proposals keep every value and are
simply not pre-approved. ``preapproved_class_id`` refers to ``classes.id`` with ``ON DELETE SET
NULL``: deleting the class clears the pre-approval and keeps the proposal. (SQLite adds a
foreign key by copying the table: ``batch_alter_table``.)
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FOREIGN_KEY = "fk_directory_proposals_preapproved_class"


def upgrade() -> None:
    with op.batch_alter_table("directory_proposals") as batch:
        batch.add_column(sa.Column("preapproved_class_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("preapproved_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            FOREIGN_KEY, "classes", ["preapproved_class_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_directory_proposals_preapproved_class", ["preapproved_class_id"])


def downgrade() -> None:
    with op.batch_alter_table("directory_proposals") as batch:
        batch.drop_index("ix_directory_proposals_preapproved_class")
        batch.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch.drop_column("preapproved_at")
        batch.drop_column("preapproved_class_id")
