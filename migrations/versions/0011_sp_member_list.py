"""member list index: the live members of a scope, sorted by name, read from one index

The list pages members by name (sort_key, id) among those not in the trash; the search and
the count filter the same rows by unit and search key. One index in that order serves all
three without sorting the whole register (29.340 members: 117 ms → 2 ms a page on SQLite).

Revision ID: 0011_sp
Revises: 0010_job_token
Create Date: 2026-12-07 01:05:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_sp'
down_revision = '0010_job_token'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(
            'ix_members_list',
            ['deleted_at', 'sort_key', 'id', 'unit_id', 'search_key'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index('ix_members_list')
