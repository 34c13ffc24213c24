"""one head after the 2026 hardening, structure, reference-data, targets and speed migrations

Revision ID: 0012_merge
Revises: 0011_og, 0011_pv, 0011_sp, 0011_wd
Create Date: 2026-12-07 02:00:00

"""


# revision identifiers, used by Alembic.
revision = '0012_merge'
down_revision = ('0011_og', '0011_pv', '0011_sp', '0011_wd')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
