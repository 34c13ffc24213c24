"""personal data: reads of personal data, logins, members' basis of processing, requests

Revision ID: 0013_pd17
Revises: 0012_merge
Create Date: 2026-12-07 03:30:00

"""

import sqlalchemy as sa
from alembic import op

import webapp.models.base

# revision identifiers, used by Alembic.
revision = "0013_pd17"
down_revision = "0012_merge"
branch_labels = None
depends_on = None


def _stamps():
    return [
        sa.Column("deleted_at", webapp.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", webapp.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", webapp.models.base.UTCDateTime(timezone=True), nullable=False),
    ]


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'sees_personal_details', sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    op.create_table(
        "personal_data_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", webapp.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum("page", "export", name="readkind", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("endpoint", sa.String(length=80), nullable=False),
        sa.Column("where", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_personal_data_reads_at", "personal_data_reads", ["at"])
    op.create_index("ix_personal_data_reads_user_id", "personal_data_reads", ["user_id"])
    op.create_index(
        "ix_personal_data_reads_record", "personal_data_reads", ["table_name", "record_id", "at"]
    )
    op.create_table(
        "login_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", webapp.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=45), nullable=False),
        sa.Column("browser", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_events_at", "login_events", ["at"])
    op.create_index("ix_login_events_user_id", "login_events", ["user_id"])
    op.create_table(
        "processing_bases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column(
            "basis",
            sa.Enum(
                "consent",
                "membership",
                "legal",
                "contract",
                name="basis",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("consent_scope", sa.String(length=300), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id"),
    )
    op.create_index("ix_processing_bases_unit_id", "processing_bases", ["unit_id"])
    op.create_index("ix_processing_bases_deleted_at", "processing_bases", ["deleted_at"])
    op.create_table(
        "data_subject_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("requester_name", sa.String(length=120), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "access",
                "correction",
                "deletion",
                "restriction",
                "objection",
                name="requestkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("details", sa.String(length=1000), nullable=False),
        sa.Column("answer", sa.String(length=1000), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_data_subject_requests_unit_id", "data_subject_requests", ["unit_id"])
    op.create_index("ix_data_subject_requests_member_id", "data_subject_requests", ["member_id"])
    op.create_index("ix_data_subject_requests_due_on", "data_subject_requests", ["due_on"])
    op.create_index("ix_data_subject_requests_deleted_at", "data_subject_requests", ["deleted_at"])


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('sees_personal_details')
    op.drop_table("data_subject_requests")
    op.drop_table("processing_bases")
    op.drop_table("login_events")
    op.drop_table("personal_data_reads")
