"""The class space: classes and learners' memberships (what each agreed to share).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "classes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(150), nullable=False),
        sa.Column("territory", sa.String(150), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("code", sa.String(6), nullable=False, unique=True),
        sa.Column("trainer_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "class_members",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "class_id",
            sa.Integer(),
            sa.ForeignKey("classes.id", ondelete="CASCADE", name="fk_class_members_class"),
            nullable=False,
        ),
        sa.Column(
            "carnet_id",
            sa.Integer(),
            sa.ForeignKey("carnets.id", ondelete="CASCADE", name="fk_class_members_carnet"),
            nullable=False,
        ),
        sa.Column("pseudonym", sa.String(40), nullable=False),
        sa.Column("learner_name", sa.String(80), nullable=False),
        sa.Column("share_progress", sa.Boolean(), nullable=False),
        sa.Column("share_actors", sa.Boolean(), nullable=False),
        sa.Column("share_alliance", sa.Boolean(), nullable=False),
        sa.Column("share_answers", sa.Boolean(), nullable=False),
        sa.Column("share_name", sa.Boolean(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("class_id", "carnet_id", name="uq_class_members_class_carnet"),
    )
    op.create_index("ix_class_members_class_id", "class_members", ["class_id"])
    op.create_index("ix_class_members_carnet_id", "class_members", ["carnet_id"])


def downgrade() -> None:
    op.drop_index("ix_class_members_carnet_id", table_name="class_members")
    op.drop_index("ix_class_members_class_id", table_name="class_members")
    op.drop_table("class_members")
    op.drop_table("classes")
