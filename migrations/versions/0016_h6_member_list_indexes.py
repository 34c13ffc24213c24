"""member list indexes: a trigram index on the search key (PostgreSQL), the live members by unit

The member search is ``search_key LIKE '%nguyen thi hoa%'``: no B-tree serves a pattern that
starts with a wildcard, so each search (and its count) read every member of the scope — 29.340
rows of a 20-commune province, 10–25 ms each. pg_trgm's GIN index answers it from the index
(1–2,5 ms). SQLite has no trigram index: its index of the same name is empty (WHERE 0), so that
the models and the migrations agree on both databases.

The list's count of a scope's live members read every row of the scope (27 ms for the province
on PostgreSQL); a partial index of the live members' units answers it alone (2,5 ms).

Revision ID: 0016_h6
Revises: 0015_h4
Create Date: 2026-12-07 06:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016_h6"
down_revision = "0015_h4"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        "ix_members_search_trgm",
        "members",
        ["search_key"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"search_key": "gin_trgm_ops"},
        sqlite_where=sa.text("0"),
    )
    live = "left_on IS NULL AND deleted_at IS NULL"
    op.create_index(
        "ix_members_active_unit",
        "members",
        ["unit_id"],
        unique=False,
        postgresql_where=sa.text(live),
        sqlite_where=sa.text(live),
    )


def downgrade():
    op.drop_index("ix_members_active_unit", table_name="members")
    op.drop_index("ix_members_search_trgm", table_name="members")
