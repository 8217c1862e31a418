"""map clusters: visible pins per process, zoom and grid cell (maintained on write)

Revision ID: 0015_map_clusters
Revises: 0014_reports
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_map_clusters'
down_revision = '0014_reports'


def upgrade():
    op.create_table(
        'map_clusters',
        sa.Column('process_id', sa.Integer(), nullable=False),
        sa.Column('zoom', sa.SmallInteger(), nullable=False),
        sa.Column('gx', sa.Integer(), nullable=False),
        sa.Column('gy', sa.Integer(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('sum_lon', sa.Float(), nullable=False),
        sa.Column('sum_lat', sa.Float(), nullable=False),
        sa.Column('sum_id', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ['process_id'], ['processes.id'],
            name=op.f('fk_map_clusters_process_id_processes'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('process_id', 'zoom', 'gx', 'gy', name=op.f('pk_map_clusters')),
    )
    # Existing pins: counted once here; from now on every contribution write keeps the cells.
    from participation.contributions.clusters import ZOOMS, cell

    bind = op.get_bind()
    table = sa.table(
        'map_clusters', *(sa.column(c) for c in (
            'process_id', 'zoom', 'gx', 'gy', 'count', 'sum_lon', 'sum_lat', 'sum_id'))
    )
    cells = {}
    pins = bind.execute(sa.text(
        "SELECT id, process_id, lon, lat FROM contributions WHERE visibility = 'visible' "
        "AND lon IS NOT NULL AND lat IS NOT NULL"
    ))
    for cid, pid, lon, lat in pins:
        for zoom in ZOOMS:
            key = (pid, zoom, *cell(lon, lat, zoom))
            entry = cells.setdefault(key, [0, 0.0, 0.0, 0])
            entry[0] += 1
            entry[1] += lon
            entry[2] += lat
            entry[3] += cid
    rows = [
        dict(process_id=k[0], zoom=k[1], gx=k[2], gy=k[3], count=v[0], sum_lon=v[1],
             sum_lat=v[2], sum_id=v[3])
        for k, v in cells.items()
    ]
    for start in range(0, len(rows), 10000):
        bind.execute(table.insert(), rows[start:start + 10000])


def downgrade():
    op.drop_table('map_clusters')
