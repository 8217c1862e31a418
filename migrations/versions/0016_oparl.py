"""oparl: tombstones of deleted objects for the OParl API

Revision ID: 0016_oparl
Revises: 0015_map_clusters
Create Date: 2026-12-01 11:20:00

"""
import sqlalchemy as sa
from alembic import op

import participation.core.db

# revision identifiers, used by Alembic.
revision = '0016_oparl'
down_revision = '0015_map_clusters'


def upgrade():
    op.create_table(
        'oparl_tombstones',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('object_type', sa.String(length=20), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('created', participation.core.db.UTCDateTime(), nullable=False),
        sa.Column('deleted_at', participation.core.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_oparl_tombstones')),
        sa.UniqueConstraint(
            'object_type', 'object_id', name=op.f('uq_oparl_tombstones_object_type_object_id')
        ),
    )
    with op.batch_alter_table('oparl_tombstones', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_oparl_tombstones_deleted_at'), ['deleted_at'], unique=False
        )
    now = sa.func.current_timestamp()
    with op.batch_alter_table('body_memberships', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('public', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                'updated_at', participation.core.db.UTCDateTime(), server_default=now,
                nullable=False,
            )
        )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        for name in ('created_at', 'updated_at'):
            batch_op.add_column(
                sa.Column(
                    name, participation.core.db.UTCDateTime(), server_default=now,
                    nullable=False,
                )
            )
    with op.batch_alter_table('meeting_decisions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'updated_at', participation.core.db.UTCDateTime(), server_default=now,
                nullable=False,
            )
        )
    # Existing rows: the best known dates instead of the migration's clock.
    op.execute(
        "UPDATE body_memberships SET updated_at = created_at, "
        "public = CASE WHEN (SELECT kind FROM actors WHERE actors.id = body_memberships.actor_id)"
        " = 'organisation' THEN TRUE ELSE FALSE END"
    )
    op.execute(
        "UPDATE agenda_items SET created_at = (SELECT created_at FROM meetings"
        " WHERE meetings.id = agenda_items.meeting_id), updated_at = (SELECT updated_at"
        " FROM meetings WHERE meetings.id = agenda_items.meeting_id)"
    )
    op.execute("UPDATE meeting_decisions SET updated_at = created_at")


def downgrade():
    with op.batch_alter_table('meeting_decisions', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_column('created_at')
    with op.batch_alter_table('body_memberships', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_column('public')
    with op.batch_alter_table('oparl_tombstones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oparl_tombstones_deleted_at'))
    op.drop_table('oparl_tombstones')
