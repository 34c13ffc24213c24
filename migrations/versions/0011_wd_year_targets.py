"""yearly plans: a target may belong to one year of its term

Revision ID: 0011_wd
Revises: 0010_job_token
Create Date: 2026-12-07 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_wd'
down_revision = '0010_job_token'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('year', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_column('year')
