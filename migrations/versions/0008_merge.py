"""one head after the area migrations

Revision ID: 0008_merge
Revises: 0003_activities, 0004_loans, 0005_charity, 0006_reports, 0007_audit
Create Date: 2026-11-30 09:04:49.523615

"""
from alembic import op
import sqlalchemy as sa
import webapp.models.base


# revision identifiers, used by Alembic.
revision = '0008_merge'
down_revision = ('0003_activities', '0004_loans', '0005_charity', '0006_reports', '0007_audit')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
