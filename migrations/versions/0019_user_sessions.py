"""user sessions: one row per logged-in device (issue 13 #6)

``user_sessions``: the SHA-256 of the random token held by one browser's session and remember
cookie, the user's session generation at login, when it was created and last seen, "stay logged
in", and the browser and system names from the User-Agent (no full header, no address). "Abmelden"
deletes this device's row only; revocations delete all of a user's rows. Sessions of the older
``"<id>:<generation>"`` form match no row: everybody logs in once more after the upgrade.

Revision ID: 0019_user_sessions
Revises: 0018_survey_area_counters
Create Date: 2026-12-01 14:40:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0019_user_sessions'
down_revision = '0018_survey_area_counters'


def upgrade():
    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('last_seen_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('remember', sa.Boolean(), nullable=False),
    sa.Column('browser', sa.String(length=20), nullable=False),
    sa.Column('system', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_sessions_token_hash'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
    op.drop_table('user_sessions')
