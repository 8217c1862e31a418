"""security: session generations, report networks, hashed link tokens

Revision ID: 0009_security
Revises: 0008_spine
Create Date: 2026-12-01 08:30:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0009_security'
down_revision = '0008_spine'


def upgrade():
    # 6: session revocation — bumped on password change, role change, deactivation, "log out
    # everywhere"; part of the id in the session and remember cookie.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))

    # 5: reports and supports remember the hashed network (/24, /48) they came from, never the
    # address, so that a hold needs reports from distinct networks and supports can be limited.
    with op.batch_alter_table('contribution_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('network_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_contribution_reports_created_at'), ['created_at'], unique=False)
    with op.batch_alter_table('contribution_supports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('network_hash', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_contribution_supports_network', ['contribution_id', 'network_hash'], unique=False)

    # 7: password reset and invitation links: only the SHA-256 of the token is stored.
    op.create_table('password_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('used_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_tokens_token_hash'))
    )
    with op.batch_alter_table('password_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_tokens_user_id'), ['user_id'], unique=False)

    # 8: assessments are for the planning team unless shared; council access opt-in per process.
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visibility', sa.String(length=10), server_default='team', nullable=False))
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('council_assessments', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.drop_column('council_assessments')
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_column('visibility')
    with op.batch_alter_table('password_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_tokens_user_id'))
    op.drop_table('password_tokens')
    with op.batch_alter_table('contribution_supports', schema=None) as batch_op:
        batch_op.drop_index('ix_contribution_supports_network')
        batch_op.drop_column('network_hash')
    with op.batch_alter_table('contribution_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_reports_created_at'))
        batch_op.drop_column('network_hash')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
