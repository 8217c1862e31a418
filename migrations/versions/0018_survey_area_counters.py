"""survey area counters: per-area answer counts maintained with each response

The answer and respondent counters of 0005 once more, per area of the respondent's chain
(``survey_response_areas``, every level), so results with an area filter read counters instead of
counting the answers live. The upgrade fills them for existing responses (the same keys as
``participation.surveys.counters.answer_key``; ``flask surveys recount <id>`` rebuilds one survey
from the application's code).

Revision ID: 0018_survey_area_counters
Revises: 0017_budgets_loop
Create Date: 2026-12-01 11:20:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0018_survey_area_counters'
down_revision = '0017_budgets_loop'


def upgrade():
    op.create_table('survey_area_answer_counts',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('respondent_area_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('sample', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=False),
    sa.Column('value_num', sa.Float(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('value_key', sa.String(length=10), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['survey_questions.id'], name=op.f('fk_survey_area_answer_counts_question_id_survey_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_area_answer_counts_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('respondent_area_id', 'question_id', 'sample', 'channel', 'option_id', 'value_num', 'area_id', 'value_key', name=op.f('pk_survey_area_answer_counts'))
    )
    with op.batch_alter_table('survey_area_answer_counts', schema=None) as batch_op:
        batch_op.create_index('ix_survey_area_answer_counts_survey', ['survey_id', 'respondent_area_id'], unique=False)

    op.create_table('survey_area_respondent_counts',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('respondent_area_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('sample', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['survey_questions.id'], name=op.f('fk_survey_area_respondent_counts_question_id_survey_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_area_respondent_counts_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('respondent_area_id', 'question_id', 'sample', 'channel', name=op.f('pk_survey_area_respondent_counts'))
    )
    with op.batch_alter_table('survey_area_respondent_counts', schema=None) as batch_op:
        batch_op.create_index('ix_survey_area_respondent_counts_survey', ['survey_id', 'respondent_area_id'], unique=False)

    op.execute(BACKFILL_ANSWERS)
    op.execute(BACKFILL_RESPONDENTS)


_KEYS = """
    CASE WHEN q.type IN ('single', 'multiple', 'ranking') THEN coalesce(a.option_id, 0) ELSE 0 END,
    CASE WHEN q.type IN ('scale', 'number', 'ranking') THEN coalesce(a.value_num, 0.0) ELSE 0.0 END,
    CASE WHEN q.type IN ('area', 'map') THEN coalesce(a.area_id, 0) ELSE 0 END,
    CASE WHEN q.type = 'date' THEN coalesce(substr(a.value_text, 1, 7), '') ELSE '' END
"""
BACKFILL_ANSWERS = f"""
INSERT INTO survey_area_answer_counts
    (survey_id, respondent_area_id, question_id, sample, channel,
     option_id, value_num, area_id, value_key, n)
SELECT q.survey_id, ra.area_id, a.question_id, r.sample, r.channel, {_KEYS}, count(*)
FROM survey_answers a
JOIN survey_responses r ON r.id = a.response_id
JOIN survey_response_areas ra ON ra.response_id = r.id
JOIN survey_questions q ON q.id = a.question_id
GROUP BY q.survey_id, ra.area_id, a.question_id, r.sample, r.channel, {_KEYS}
"""
BACKFILL_RESPONDENTS = """
INSERT INTO survey_area_respondent_counts
    (survey_id, respondent_area_id, question_id, sample, channel, n)
SELECT r.survey_id, ra.area_id, a.question_id, r.sample, r.channel, count(DISTINCT a.response_id)
FROM survey_answers a
JOIN survey_responses r ON r.id = a.response_id
JOIN survey_response_areas ra ON ra.response_id = r.id
GROUP BY r.survey_id, ra.area_id, a.question_id, r.sample, r.channel
"""


def downgrade():
    with op.batch_alter_table('survey_area_respondent_counts', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_area_respondent_counts_survey')
    op.drop_table('survey_area_respondent_counts')
    with op.batch_alter_table('survey_area_answer_counts', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_area_answer_counts_survey')
    op.drop_table('survey_area_answer_counts')
