"""survey response count: surveys.response_count holds the folded responses only

A submission no longer updates ``surveys.response_count`` (on PostgreSQL every response of a
survey locked that one row until its COMMIT, so responses queued for it). The column now holds
the responses the fold has counted (``fold_batch`` set); readers add the uncounted tail
(``Survey.response_count`` in ``participation/surveys/models.py``). No schema change: the
upgrade sets the column to the counted responses, the downgrade back to all responses.

Revision ID: 0024_survey_response_count
Revises: 0023_survey_turnout
Create Date: 2026-12-01 20:50:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op

# revision identifiers, used by Alembic.
revision = '0024_survey_response_count'
down_revision = '0023_survey_turnout'

_COUNT = (
    "UPDATE surveys SET response_count = (SELECT count(*) FROM survey_responses r "
    "WHERE r.survey_id = surveys.id{})"
)


def upgrade():
    op.execute(_COUNT.format(" AND r.fold_batch IS NOT NULL"))


def downgrade():
    op.execute(_COUNT.format(""))
