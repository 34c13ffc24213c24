"""shared reference data: banks, programmes and activity lookups shared by every unit (unit_id
NULL) with per-unit additions and local bank offices; duplicate banks/programmes merged; accounts
that must change their password

Revision ID: 0011_pv
Revises: 0010_job_token
Create Date: 2026-12-07 00:50:00

"""
import unicodedata

from alembic import op
import sqlalchemy as sa
import webapp.models.base


# revision identifiers, used by Alembic.
revision = '0011_pv'
down_revision = '0010_job_token'
branch_labels = None
depends_on = None

LOOKUP_TABLES = ('activity_kinds', 'activity_tags', 'output_units')


def _fold(text):
    """Lowercase, no diacritics, spaces collapsed (as webapp.text.search_key; copied so that the
    migration does not change when the app does)."""
    decomposed = unicodedata.normalize('NFD', ' '.join((text or '').split()).lower())
    return ''.join(c for c in decomposed if unicodedata.category(c) != 'Mn').replace('đ', 'd')


def _sqlite_foreign_keys(conn, on):
    """SQLite rebuilds a table to change a column (batch mode): DROP TABLE of a table other rows
    point at fails while foreign keys are enforced, and the pragma is ignored inside a
    transaction, so the transaction the earlier steps opened is committed first."""
    if conn.dialect.name != 'sqlite':
        return
    if not on:
        conn.connection.dbapi_connection.commit()
        conn.exec_driver_sql('PRAGMA foreign_keys=OFF')
    else:
        problems = conn.exec_driver_sql('PRAGMA foreign_key_check').all()
        if problems:
            raise RuntimeError(f'foreign keys broken by 0011_pv: {problems[:5]}')
        conn.connection.dbapi_connection.commit()
        conn.exec_driver_sql('PRAGMA foreign_keys=ON')


def upgrade():
    conn = op.get_bind()
    _sqlite_foreign_keys(conn, False)
    op.create_table('bank_offices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('deleted_at', webapp.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', webapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', webapp.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['banks.id'], name=op.f('fk_bank_offices_bank_id_banks')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_bank_offices_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_offices'))
    )
    with op.batch_alter_table('bank_offices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_offices_bank_id'), ['bank_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bank_offices_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_bank_offices_unit_id'), ['unit_id'], unique=False)

    with op.batch_alter_table('banks', schema=None) as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table('loan_programmes', schema=None) as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=True)

    for table in LOOKUP_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_unit_id'), ['unit_id'], unique=False)
            batch_op.create_foreign_key(
                batch_op.f(f'fk_{table}_unit_id_units'), 'units', ['unit_id'], ['id']
            )

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    _share_banks(conn)
    _sqlite_foreign_keys(conn, True)


def _share_banks(conn):
    """Every bank becomes shared; banks with the same code or the same normalised short name are
    one bank (the oldest row stays), and a bank's programmes with the same normalised name are
    one programme. References are repointed before the duplicates are deleted."""
    banks = conn.execute(sa.text(
        'SELECT id, code, short_name FROM banks ORDER BY deleted_at IS NOT NULL, id'
    )).all()
    keep = {}  # bank id -> surviving bank id
    by_key = {}
    for bank_id, code, short_name in banks:
        target = by_key.get(('code', (code or '').lower())) or by_key.get(
            ('name', _fold(short_name))
        )
        keep[bank_id] = target or bank_id
        by_key.setdefault(('code', (code or '').lower()), keep[bank_id])
        by_key.setdefault(('name', _fold(short_name)), keep[bank_id])
    for old, new in keep.items():
        if old != new:
            for table in ('loan_programmes', 'loan_groups', 'bank_offices'):
                conn.execute(
                    sa.text(f'UPDATE {table} SET bank_id = :new WHERE bank_id = :old'),
                    {'new': new, 'old': old},
                )
    programmes = conn.execute(
        sa.text(
            'SELECT id, bank_id, name FROM loan_programmes ORDER BY deleted_at IS NOT NULL, id'
        )
    ).all()
    seen = {}
    for programme_id, bank_id, name in programmes:
        first = seen.setdefault((bank_id, _fold(name)), programme_id)
        if first != programme_id:
            conn.execute(
                sa.text('UPDATE loans SET programme_id = :new WHERE programme_id = :old'),
                {'new': first, 'old': programme_id},
            )
            conn.execute(sa.text('DELETE FROM loan_programmes WHERE id = :id'), {'id': programme_id})
    for old, new in keep.items():
        if old != new:
            conn.execute(sa.text('DELETE FROM banks WHERE id = :id'), {'id': old})
    conn.execute(sa.text('UPDATE banks SET unit_id = NULL'))
    conn.execute(sa.text('UPDATE loan_programmes SET unit_id = NULL'))


def downgrade():
    # Shared rows get no unit back: the data merge is not undone.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
    for table in LOOKUP_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_unit_id_units'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_unit_id'))
            batch_op.drop_column('unit_id')
    with op.batch_alter_table('bank_offices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_offices_unit_id'))
        batch_op.drop_index(batch_op.f('ix_bank_offices_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_bank_offices_bank_id'))
    op.drop_table('bank_offices')
