"""survey write path: one question-led index and no per-row checks against shared parent rows

A resident's response writes about 35 rows in one statement (issue 15). Two costs of that
write went into things the platform no longer needs:

* Two indexes that lead with the question: ``ix_survey_answers_results`` (question_id,
  option_id, value_num, response_id) and ``ix_survey_answers_respondents`` (question_id,
  response_id). A response's 29 rows landed on about 20 leaf pages of each, all written with its
  COMMIT. One index (question_id, response_id, option_id, value_num) serves both kinds of
  reader: the export's ranges of a question's rows in response order (now covering), and the
  live counts (cross-tables, numbers, rankings, respondents), index-only with a sort. The results
  pages read maintained counters (0018, 0021, 0023). SQLite's write of a response: 1.78 → 1.30
  ms median in a copy of the bench database.
* Five foreign keys whose parents every response shares: answers → question, option and area,
  response areas → area and survey. PostgreSQL checks each inserted row with a query that locks
  the parent row (``FOR KEY SHARE``), so concurrent responses lock the same twenty question rows;
  ``EXPLAIN ANALYZE`` of one response: 0.65 of its 1.9 ms. What they guarded is guarded where
  the rows are made: a response is stored only while its compiled questionnaire is current (the
  version guard of ``core/cache/guard.py``), questions and options cannot be removed once a
  survey has answers (``builder.py`` removes the answers of an unanswered survey itself), areas
  are never deleted (a new boundary is a new version), and a survey's response areas go with its
  responses (``response_id`` keeps its cascade). The keys to the response itself stay.

SQLite cannot drop a constraint: both tables are copied (batch mode). Dropping the old
``survey_answers`` would delete the text reviews by their cascade when foreign keys are on, so
those are kept aside and put back.

Revision ID: 0025_survey_answer_index
Revises: 0024_survey_response_count
Create Date: 2026-12-02 16:05:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025_survey_answer_index"
down_revision = "0024_survey_response_count"

_QUESTION_INDEX = ["question_id", "response_id", "option_id", "value_num"]
_ANSWER_KEYS = [
    (
        "fk_survey_answers_question_id_survey_questions",
        ["question_id"],
        "survey_questions",
        "CASCADE",
    ),
    (
        "fk_survey_answers_option_id_survey_question_options",
        ["option_id"],
        "survey_question_options",
        "CASCADE",
    ),
    ("fk_survey_answers_area_id_areas", ["area_id"], "areas", None),
]
_AREA_KEYS = [
    ("fk_survey_response_areas_area_id_areas", ["area_id"], "areas", None),
    ("fk_survey_response_areas_survey_id_surveys", ["survey_id"], "surveys", "CASCADE"),
]


def _rebuild(table: str, change) -> None:
    """Apply *change* to a batch operation; on SQLite keep the text reviews through the copy."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    keep = sqlite and table == "survey_answers"
    if keep:
        op.execute("CREATE TEMP TABLE _kept_text_reviews AS SELECT * FROM survey_text_reviews")
    with op.batch_alter_table(table, schema=None) as batch_op:
        change(batch_op)
    if keep:
        op.execute("DELETE FROM survey_text_reviews")
        op.execute("INSERT INTO survey_text_reviews SELECT * FROM _kept_text_reviews")
        op.execute("DROP TABLE _kept_text_reviews")


def upgrade():
    op.drop_index("ix_survey_answers_results", table_name="survey_answers")
    op.drop_index("ix_survey_answers_respondents", table_name="survey_answers")
    op.create_index("ix_survey_answers_question", "survey_answers", _QUESTION_INDEX)

    def drop(keys):
        def change(batch_op):
            for name, _cols, _parent, _ondelete in keys:
                batch_op.drop_constraint(name, type_="foreignkey")

        return change

    _rebuild("survey_answers", drop(_ANSWER_KEYS))
    _rebuild("survey_response_areas", drop(_AREA_KEYS))


def downgrade():
    def add(keys):
        def change(batch_op):
            for name, cols, parent, ondelete in keys:
                batch_op.create_foreign_key(name, parent, cols, ["id"], ondelete=ondelete)

        return change

    _rebuild("survey_response_areas", add(_AREA_KEYS))
    _rebuild("survey_answers", add(_ANSWER_KEYS))
    op.drop_index("ix_survey_answers_question", table_name="survey_answers")
    op.create_index(
        "ix_survey_answers_results",
        "survey_answers",
        ["question_id", "option_id", "value_num", "response_id"],
    )
    op.create_index(
        "ix_survey_answers_respondents", "survey_answers", ["question_id", "response_id"]
    )
