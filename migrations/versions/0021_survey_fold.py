"""survey fold: responses are added to the answer counters in batches, off the submission path

``survey_responses.fold_batch``: NULL while a response is not in the counters yet (results count
this "uncounted tail" live and add it to the counters); the fold (``surveys/fold.py``) sets it.
Existing responses are already in their counters (0005, 0018): the upgrade sets them to 0.
``fold_batch`` joins the covering index of the "who took part" scan, which also counts the tail.

Revision ID: 0021_survey_fold
Revises: 0020_agenda_public
Create Date: 2026-12-01 17:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_survey_fold'
down_revision = '0020_agenda_public'

#: Columns of ix_survey_responses_demographics as 0005 left it.
DEMOGRAPHICS = [
    'survey_id', 'age_band', 'gender', 'household', 'home_language', 'sample', 'channel'
]


def upgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fold_batch', sa.Integer(), nullable=True))
    op.execute("UPDATE survey_responses SET fold_batch = 0")
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index('ix_survey_responses_fold', ['survey_id', 'fold_batch'], unique=False)
        batch_op.drop_index('ix_survey_responses_demographics')
        batch_op.create_index(
            'ix_survey_responses_demographics', DEMOGRAPHICS + ['fold_batch'], unique=False
        )


def downgrade():
    # Responses still in the tail have no counter rows: run `flask surveys recount <id>` after a
    # downgrade (the code of 0020 expects every response in the counters).
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_responses_demographics')
        batch_op.create_index('ix_survey_responses_demographics', DEMOGRAPHICS, unique=False)
        batch_op.drop_index('ix_survey_responses_fold')
        batch_op.drop_column('fold_batch')
