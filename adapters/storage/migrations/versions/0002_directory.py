"""The shared directory: entries, proposals, reports, moderation decisions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06

The seed (``data/directory-seed.json``) is not imported here: the app imports it at start
(``services.directory.import_seed``, idempotent by seed id), so a new seed file reaches an
existing database without a new migration.
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _place_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("commune", sa.String(150), nullable=False, server_default=""),
        sa.Column("insee", sa.String(5), nullable=False, server_default=""),
        sa.Column("departement", sa.String(3), nullable=False, server_default=""),
        sa.Column("region", sa.String(80), nullable=False, server_default=""),
        sa.Column("region_code", sa.String(2), nullable=False, server_default=""),
        sa.Column("address", sa.String(300), nullable=False, server_default=""),
        sa.Column("website", sa.String(300), nullable=False, server_default=""),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
    ]


def _reference(name: str, target: str, ondelete: str, *, nullable: bool = True) -> sa.Column[Any]:
    """An integer column referring to ``target`` (``table.id``), with its ``ON DELETE``."""
    return sa.Column(
        name, sa.Integer(), sa.ForeignKey(target, ondelete=ondelete), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "directory_entries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("seed_id", sa.String(80), nullable=True, unique=True),
        sa.Column("name", sa.String(150), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("network", sa.String(80), nullable=False, server_default=""),
        *_place_columns(),
        sa.Column("description_fr", sa.Text(), nullable=False, server_default=""),
        sa.Column("description_en", sa.Text(), nullable=False, server_default=""),
        sa.Column("source_kind", sa.String(16), nullable=False),
        sa.Column("source_url", sa.String(300), nullable=False, server_default=""),
        sa.Column("source_title", sa.String(300), nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("confirmations", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_confirmed", sa.Date(), nullable=True),
        sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_directory_entries_region", "directory_entries", ["region_code"])
    op.create_index("ix_directory_entries_departement", "directory_entries", ["departement"])
    op.create_index("ix_directory_entries_status", "directory_entries", ["status"])

    op.create_table(
        "directory_proposals",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        _reference("entry_id", "directory_entries.id", "SET NULL"),
        _reference("carnet_id", "carnets.id", "SET NULL"),
        sa.Column("actor_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("name", sa.String(150), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        *_place_columns(),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        sa.Column("language", sa.String(2), nullable=False, server_default="fr"),
        sa.Column("licence", sa.String(20), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_directory_proposals_carnet", "directory_proposals", ["carnet_id"])
    op.create_index("ix_directory_proposals_status", "directory_proposals", ["status"])

    op.create_table(
        "directory_reports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _reference("entry_id", "directory_entries.id", "CASCADE", nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("text", sa.String(300), nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_directory_reports_entry", "directory_reports", ["entry_id"])

    op.create_table(
        "directory_decisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _reference("entry_id", "directory_entries.id", "SET NULL"),
        _reference("proposal_id", "directory_proposals.id", "SET NULL"),
        _reference("report_id", "directory_reports.id", "SET NULL"),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("moderator", sa.String(64), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_directory_decisions_entry", "directory_decisions", ["entry_id"])


def downgrade() -> None:
    op.drop_index("ix_directory_decisions_entry", "directory_decisions")
    op.drop_table("directory_decisions")
    op.drop_index("ix_directory_reports_entry", "directory_reports")
    op.drop_table("directory_reports")
    op.drop_index("ix_directory_proposals_status", "directory_proposals")
    op.drop_index("ix_directory_proposals_carnet", "directory_proposals")
    op.drop_table("directory_proposals")
    op.drop_index("ix_directory_entries_status", "directory_entries")
    op.drop_index("ix_directory_entries_departement", "directory_entries")
    op.drop_index("ix_directory_entries_region", "directory_entries")
    op.drop_table("directory_entries")
