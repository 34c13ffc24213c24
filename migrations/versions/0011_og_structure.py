"""dated structure: unit kind words, past parent links, merges, members' past branches

Revision ID: 0011_og
Revises: 0010_job_token
Create Date: 2026-12-07 00:50:00

The current parent stays in units.parent_id and the current branch in members.unit_id; the new
tables hold only PAST links (a unit or member that never moved has no row), so nothing needs a
backfill: every current link counts from the beginning of time, as before.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_og'
down_revision = '0010_job_token'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('kind_word', sa.String(length=20), nullable=False, server_default='')
        )
    op.create_table(
        'unit_parent_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('valid_from', sa.Date(), nullable=True),
        sa.Column('valid_to', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['parent_id'], ['units.id'], name=op.f('fk_unit_parent_links_parent_id_units')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_parent_links_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_parent_links')),
    )
    with op.batch_alter_table('unit_parent_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_parent_links_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_parent_links_valid_to'), ['valid_to'], unique=False)
    op.create_table(
        'unit_merges',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('predecessor_id', sa.Integer(), nullable=False),
        sa.Column('successor_id', sa.Integer(), nullable=False),
        sa.Column('merged_on', sa.Date(), nullable=False),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['predecessor_id'], ['units.id'], name=op.f('fk_unit_merges_predecessor_id_units')),
        sa.ForeignKeyConstraint(['successor_id'], ['units.id'], name=op.f('fk_unit_merges_successor_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_merges')),
    )
    with op.batch_alter_table('unit_merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_merges_predecessor_id'), ['predecessor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_merges_successor_id'), ['successor_id'], unique=False)
    op.create_table(
        'member_branch_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=True),
        sa.Column('valid_to', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_branch_links_member_id_members'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_member_branch_links_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_member_branch_links')),
    )
    with op.batch_alter_table('member_branch_links', schema=None) as batch_op:
        batch_op.create_index('ix_member_branch_links_lookup', ['member_id', 'valid_to'], unique=False)
        batch_op.create_index(batch_op.f('ix_member_branch_links_unit_id'), ['unit_id'], unique=False)


def downgrade():
    op.drop_table('member_branch_links')
    op.drop_table('unit_merges')
    op.drop_table('unit_parent_links')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_column('kind_word')
