"""survey turnout counters: "who took part" per area, sample, channel and group, kept by the fold

``survey_turnout_counts`` (``participation/surveys/turnout.py``): per survey and filter area (0 =
every response, else each area of the respondent's chain), sample and channel, the responses
(``total``), their demographic margins and their areas of every level. The fold adds each batch,
the recount rebuilds them; results read them plus the live uncounted tail.

The upgrade fills the table from the responses that are already counted (``fold_batch`` set):
those are in the answer counters, and the fold never visits them again. Marking them uncounted
instead would let the fold add them to the answer counters a second time. Responses still in the
tail stay there and are folded into every counter, this one included.

Revision ID: 0023_survey_turnout
Revises: 0022_pin_shards
Create Date: 2026-12-01 20:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023_survey_turnout'
down_revision = '0022_pin_shards'

COLUMNS = (
    "survey_id, respondent_area_id, sample, channel, dimension, value, area_id, level_rank, n"
)
#: One row per response and name (cross-joined): the response itself and its four margins.
DIMS = (
    "(SELECT 'total' AS dimension UNION ALL SELECT 'age_band' UNION ALL SELECT 'gender'"
    " UNION ALL SELECT 'household' UNION ALL SELECT 'home_language')"
)
VALUE = (
    "CASE d.dimension WHEN 'age_band' THEN COALESCE(r.age_band, '')"
    " WHEN 'gender' THEN COALESCE(r.gender, '')"
    " WHEN 'household' THEN COALESCE(r.household, '')"
    " WHEN 'home_language' THEN COALESCE(r.home_language, '') ELSE '' END"
)
#: The four shapes of participation.surveys.turnout.parts as of this revision (plain SQL: the
#: migration must not change when the application code does).
FILL = [
    # every response (filter area 0) by total and demographic margin
    f"SELECT r.survey_id, 0, r.sample, r.channel, d.dimension, {VALUE}, 0, 0, count(*)"
    f" FROM survey_responses r CROSS JOIN {DIMS} d WHERE r.fold_batch IS NOT NULL"
    f" GROUP BY r.survey_id, r.sample, r.channel, d.dimension, {VALUE}",
    # every response by area of its chain
    "SELECT r.survey_id, 0, r.sample, r.channel, 'area', '', da.area_id, da.level_rank, count(*)"
    " FROM survey_responses r JOIN survey_response_areas da ON da.response_id = r.id"
    " WHERE r.fold_batch IS NOT NULL"
    " GROUP BY r.survey_id, r.sample, r.channel, da.area_id, da.level_rank",
    # per area of the chain (the area filter) by total and demographic margin
    f"SELECT r.survey_id, fa.area_id, r.sample, r.channel, d.dimension, {VALUE}, 0, 0, count(*)"
    f" FROM survey_responses r JOIN survey_response_areas fa ON fa.response_id = r.id"
    f" CROSS JOIN {DIMS} d WHERE r.fold_batch IS NOT NULL"
    f" GROUP BY r.survey_id, fa.area_id, r.sample, r.channel, d.dimension, {VALUE}",
    # per area of the chain by area of the chain
    "SELECT r.survey_id, fa.area_id, r.sample, r.channel, 'area', '', da.area_id,"
    " da.level_rank, count(*)"
    " FROM survey_responses r JOIN survey_response_areas fa ON fa.response_id = r.id"
    " JOIN survey_response_areas da ON da.response_id = r.id WHERE r.fold_batch IS NOT NULL"
    " GROUP BY r.survey_id, fa.area_id, r.sample, r.channel, da.area_id, da.level_rank",
]


def upgrade():
    op.create_table(
        'survey_turnout_counts',
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('respondent_area_id', sa.Integer(), nullable=False),
        sa.Column('sample', sa.String(length=16), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('dimension', sa.String(length=16), nullable=False),
        sa.Column('value', sa.String(length=16), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('level_rank', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['survey_id'],
            ['surveys.id'],
            name=op.f('fk_survey_turnout_counts_survey_id_surveys'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint(
            'survey_id',
            'respondent_area_id',
            'sample',
            'channel',
            'dimension',
            'value',
            'area_id',
            name=op.f('pk_survey_turnout_counts'),
        ),
    )
    for select in FILL:
        op.execute(f"INSERT INTO survey_turnout_counts ({COLUMNS}) {select}")


def downgrade():
    op.drop_table('survey_turnout_counts')
