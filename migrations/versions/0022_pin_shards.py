"""pin shards: content versions and map cells get a shard column (no hot rows on PostgreSQL)

Concurrent pins on PostgreSQL all locked the same rows until their COMMIT: the ``contributions``
content version and the map cells of the low zooms (a process's pins share a few cells there).
Each of those now has several rows (``shard`` in the primary key); writers pick one at random and
readers sum them. Existing rows become shard 0, so every version and cell keeps its value.

Revision ID: 0022_pin_shards
Revises: 0021_survey_fold
Create Date: 2026-12-01 18:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022_pin_shards'
down_revision = '0021_survey_fold'


def upgrade():
    with op.batch_alter_table('content_versions') as batch_op:
        batch_op.add_column(
            sa.Column('shard', sa.SmallInteger(), server_default=sa.text('0'), nullable=False)
        )
        batch_op.drop_constraint('pk_content_versions', type_='primary')
        batch_op.create_primary_key('pk_content_versions', ['name', 'shard'])
    with op.batch_alter_table('map_clusters') as batch_op:
        batch_op.add_column(
            sa.Column('shard', sa.SmallInteger(), server_default=sa.text('0'), nullable=False)
        )
        batch_op.drop_constraint('pk_map_clusters', type_='primary')
        batch_op.create_primary_key(
            'pk_map_clusters', ['process_id', 'zoom', 'gx', 'gy', 'shard']
        )


def downgrade():
    # fold the shards back into shard 0 before the column goes
    bind = op.get_bind()
    bind.execute(sa.text(
        "UPDATE content_versions SET version = (SELECT SUM(s.version) FROM content_versions s"
        " WHERE s.name = content_versions.name) WHERE shard = 0"
    ))
    bind.execute(sa.text(
        "INSERT INTO content_versions (name, shard, version)"
        " SELECT name, 0, SUM(version) FROM content_versions GROUP BY name"
        " HAVING MIN(shard) > 0"
    ))
    bind.execute(sa.text("DELETE FROM content_versions WHERE shard <> 0"))
    bind.execute(sa.text(
        "UPDATE map_clusters SET"
        " count = (SELECT SUM(s.count) FROM map_clusters s WHERE s.process_id ="
        " map_clusters.process_id AND s.zoom = map_clusters.zoom AND s.gx = map_clusters.gx"
        " AND s.gy = map_clusters.gy),"
        " sum_lon = (SELECT SUM(s.sum_lon) FROM map_clusters s WHERE s.process_id ="
        " map_clusters.process_id AND s.zoom = map_clusters.zoom AND s.gx = map_clusters.gx"
        " AND s.gy = map_clusters.gy),"
        " sum_lat = (SELECT SUM(s.sum_lat) FROM map_clusters s WHERE s.process_id ="
        " map_clusters.process_id AND s.zoom = map_clusters.zoom AND s.gx = map_clusters.gx"
        " AND s.gy = map_clusters.gy),"
        " sum_id = (SELECT SUM(s.sum_id) FROM map_clusters s WHERE s.process_id ="
        " map_clusters.process_id AND s.zoom = map_clusters.zoom AND s.gx = map_clusters.gx"
        " AND s.gy = map_clusters.gy)"
        " WHERE shard = 0"
    ))
    bind.execute(sa.text(
        "INSERT INTO map_clusters (process_id, zoom, gx, gy, shard, count, sum_lon, sum_lat,"
        " sum_id) SELECT process_id, zoom, gx, gy, 0, SUM(count), SUM(sum_lon), SUM(sum_lat),"
        " SUM(sum_id) FROM map_clusters GROUP BY process_id, zoom, gx, gy HAVING MIN(shard) > 0"
    ))
    bind.execute(sa.text("DELETE FROM map_clusters WHERE shard <> 0"))
    with op.batch_alter_table('map_clusters') as batch_op:
        batch_op.drop_constraint('pk_map_clusters', type_='primary')
        batch_op.create_primary_key('pk_map_clusters', ['process_id', 'zoom', 'gx', 'gy'])
        batch_op.drop_column('shard')
    with op.batch_alter_table('content_versions') as batch_op:
        batch_op.drop_constraint('pk_content_versions', type_='primary')
        batch_op.create_primary_key('pk_content_versions', ['name'])
        batch_op.drop_column('shard')
