"""gift people: how many people a gift to a group reaches (a group gift is not one person)

Revision ID: 0015_h4
Revises: 0014_h2
Create Date: 2026-12-07 07:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015_h4"
down_revision = "0014_h2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("charity_gifts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("people_count", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("charity_gifts", schema=None) as batch_op:
        batch_op.drop_column("people_count")
