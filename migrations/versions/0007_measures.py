"""measures: goals, measures, decisions, contribution links, themes, outcomes, digests

Revision ID: 0007_measures
Revises: 0006_meetings
Create Date: 2026-12-01 08:30:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0007_measures'
down_revision = '0006_meetings'

#: Reusable reasons for "not taken up" (editable by planners afterwards).
REASON_TEMPLATES = [
    ("outside_scope", {
        "de": "Das liegt außerhalb dessen, was in diesem Verfahren entschieden werden kann.",
        "en": "This is outside what this process can decide.",
    }),
    ("no_money", {
        "de": "In diesem Haushaltszeitraum ist dafür kein Geld vorhanden.",
        "en": "There is no money for this in this budget period.",
    }),
    ("other_office", {
        "de": "Dafür ist eine andere Stelle zuständig. Wir haben Ihren Beitrag weitergeleitet an: …",
        "en": "Another office is responsible for this. We have forwarded your contribution to: …",
    }),
    ("already_done", {
        "de": "Das ist bereits umgesetzt oder fest geplant.",
        "en": "This has already been done or is firmly planned.",
    }),
    ("not_possible", {
        "de": "Das ist an diesem Ort rechtlich oder technisch nicht möglich.",
        "en": "This is not possible at this place for legal or technical reasons.",
    }),
]


def upgrade():
    op.create_table('measure_unsubscribes',
    sa.Column('email_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('email_key', name=op.f('pk_measure_unsubscribes'))
    )
    op.create_table('reason_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reason_templates')),
    sa.UniqueConstraint('key', name=op.f('uq_reason_templates_key'))
    )
    op.create_table('measure_digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email_key', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_messages.id'], name=op.f('fk_measure_digests_outbox_message_id_outbox_messages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_digests')),
    sa.UniqueConstraint('email_key', 'day', name=op.f('uq_measure_digests_email_key_day'))
    )
    op.create_table('goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('indicator', sa.Text(), nullable=False),
    sa.Column('baseline', sa.String(length=200), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('target_groups', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_goals_area_id_areas')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_goals_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['goals.id'], name=op.f('fk_goals_parent_id_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goals'))
    )
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goals_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goals_parent_id'), ['parent_id'], unique=False)

    op.create_table('measure_owner_reports',
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('sent_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_measure_owner_reports_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('process_id', 'week', name=op.f('pk_measure_owner_reports'))
    )
    op.create_table('measure_process_settings',
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('unanswered_days', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_measure_process_settings_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('process_id', name=op.f('pk_measure_process_settings'))
    )
    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_themes_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_themes_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes'))
    )
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_themes_process_id'), ['process_id'], unique=False)

    op.create_table('contribution_outcomes',
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('explicit', sa.Boolean(), nullable=False),
    sa.Column('first_answered_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('answer_days', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_contribution_outcomes_contribution_id_contributions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contribution_id', name=op.f('pk_contribution_outcomes'))
    )
    with op.batch_alter_table('contribution_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_outcomes_answer_days'), ['answer_days'], unique=False)

    op.create_table('measure_notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('email_key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('digest_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_measure_notifications_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['digest_id'], ['measure_digests.id'], name=op.f('fk_measure_notifications_digest_id_measure_digests'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_notifications'))
    )
    with op.batch_alter_table('measure_notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_notifications_contribution_id'), ['contribution_id'], unique=False)
        batch_op.create_index('ix_measure_notifications_pending', ['digest_id', 'email_key'], unique=False)

    op.create_table('theme_members',
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_theme_members_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_theme_members_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_theme_members_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('theme_id', 'contribution_id', name=op.f('pk_theme_members')),
    sa.UniqueConstraint('contribution_id', name=op.f('uq_theme_members_contribution_id'))
    )
    op.create_table('measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('status_changed_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('change_type', sa.String(length=10), nullable=False),
    sa.Column('quick_win', sa.Boolean(), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=True),
    sa.Column('responsible_actor_id', sa.Integer(), nullable=True),
    sa.Column('responsible_unit', sa.String(length=200), nullable=False),
    sa.Column('partners', sa.Text(), nullable=False),
    sa.Column('budget_planned', sa.Integer(), nullable=True),
    sa.Column('budget_spent', sa.Integer(), nullable=True),
    sa.Column('funding_source', sa.String(length=200), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('target_groups', sa.JSON(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('geometry', sa.JSON(), nullable=True),
    sa.Column('source_type', sa.String(length=20), nullable=False),
    sa.Column('meeting_decision_id', sa.Integer(), nullable=True),
    sa.Column('action_item_id', sa.Integer(), nullable=True),
    sa.Column('needs_statement_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['action_item_id'], ['action_items.id'], name=op.f('fk_measures_action_item_id_action_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_measures_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_decision_id'], ['meeting_decisions.id'], name=op.f('fk_measures_meeting_decision_id_meeting_decisions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['needs_statement_id'], ['needs_statements.id'], name=op.f('fk_measures_needs_statement_id_needs_statements'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['responsible_actor_id'], ['actors.id'], name=op.f('fk_measures_responsible_actor_id_actors'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measures'))
    )
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measures_action_item_id'), ['action_item_id'], unique=False)
        batch_op.create_index('ix_measures_map', ['lon', 'lat'], unique=False)
        batch_op.create_index(batch_op.f('ix_measures_meeting_decision_id'), ['meeting_decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_measures_needs_statement_id'), ['needs_statement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_measures_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_measures_updated_at'), ['updated_at'], unique=False)

    op.create_table('agenda_item_measures',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_agenda_item_measures_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_agenda_item_measures_measure_id_measures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agenda_item_id', 'measure_id', name=op.f('pk_agenda_item_measures'))
    )
    with op.batch_alter_table('agenda_item_measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_measures_measure_id'), ['measure_id'], unique=False)

    op.create_table('contribution_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('via_theme_id', sa.Integer(), nullable=True),
    sa.Column('linked_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_contribution_links_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['linked_by_id'], ['users.id'], name=op.f('fk_contribution_links_linked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_contribution_links_measure_id_measures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['via_theme_id'], ['themes.id'], name=op.f('fk_contribution_links_via_theme_id_themes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution_links')),
    sa.UniqueConstraint('contribution_id', 'measure_id', name=op.f('uq_contribution_links_contribution_id_measure_id'))
    )
    with op.batch_alter_table('contribution_links', schema=None) as batch_op:
        batch_op.create_index('ix_contribution_links_measure', ['measure_id', 'contribution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contribution_links_via_theme_id'), ['via_theme_id'], unique=False)

    op.create_table('measure_areas',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_measure_areas_area_id_areas')),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_measure_areas_measure_id_measures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'area_id', name=op.f('pk_measure_areas'))
    )
    op.create_table('measure_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('committee', sa.String(length=200), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('votes_yes', sa.Integer(), nullable=True),
    sa.Column('votes_no', sa.Integer(), nullable=True),
    sa.Column('votes_abstain', sa.Integer(), nullable=True),
    sa.Column('vote_note', sa.String(length=300), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_measure_decisions_body_id_bodies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_measure_decisions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_measure_decisions_measure_id_measures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_decisions'))
    )
    with op.batch_alter_table('measure_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_decisions_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_decisions_measure_id'), ['measure_id'], unique=False)

    op.create_table('measure_goals',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_measure_goals_goal_id_goals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_measure_goals_measure_id_measures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'goal_id', name=op.f('pk_measure_goals'))
    )
    op.create_table('measure_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_measure_milestones_measure_id_measures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_milestones'))
    )
    with op.batch_alter_table('measure_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_milestones_measure_id'), ['measure_id'], unique=False)

    op.create_table('measure_processes',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_measure_processes_measure_id_measures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_measure_processes_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'process_id', name=op.f('pk_measure_processes'))
    )
    op.create_table('measure_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('old_status', sa.String(length=20), nullable=True),
    sa.Column('new_status', sa.String(length=20), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_measure_status_changes_measure_id_measures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_measure_status_changes_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_status_changes'))
    )
    with op.batch_alter_table('measure_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_status_changes_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_status_changes_measure_id'), ['measure_id'], unique=False)

    op.create_table('outcome_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('old_status', sa.String(length=20), nullable=False),
    sa.Column('new_status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('official', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_outcome_changes_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_outcome_changes_measure_id_measures'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outcome_changes_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_changes'))
    )
    with op.batch_alter_table('outcome_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_changes_contribution_id'), ['contribution_id'], unique=False)

    op.create_table('theme_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('linked_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['linked_by_id'], ['users.id'], name=op.f('fk_theme_links_linked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_theme_links_measure_id_measures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_theme_links_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_links')),
    sa.UniqueConstraint('theme_id', 'measure_id', name=op.f('uq_theme_links_theme_id_measure_id'))
    )
    with op.batch_alter_table('theme_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_links_measure_id'), ['measure_id'], unique=False)


    # Feedback-loop figures on the contributions table (answered rate, overdue): index-only.
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.create_index(
            'ix_contributions_feedback',
            ['process_id', 'status', 'visibility', 'created_at'],
            unique=False,
        )
    templates = sa.table(
        "reason_templates",
        sa.column("key", sa.String),
        sa.column("texts", sa.JSON),
        sa.column("position", sa.Integer),
        sa.column("active", sa.Boolean),
    )
    op.bulk_insert(
        templates,
        [
            {"key": key, "texts": texts, "position": n, "active": True}
            for n, (key, texts) in enumerate(REASON_TEMPLATES)
        ],
    )
    # The outcome vocabulary of issue 10: "not adopted" is now "not taken up".
    op.execute("UPDATE contributions SET status = 'not_taken_up' WHERE status = 'not_adopted'")


def downgrade():
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_index('ix_contributions_feedback')
    op.execute("UPDATE contributions SET status = 'not_adopted' WHERE status = 'not_taken_up'")
    op.execute("UPDATE contributions SET status = 'received' WHERE status = 'taken_up'")
    with op.batch_alter_table('theme_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_links_measure_id'))

    op.drop_table('theme_links')
    with op.batch_alter_table('outcome_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_changes_contribution_id'))

    op.drop_table('outcome_changes')
    with op.batch_alter_table('measure_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_status_changes_measure_id'))
        batch_op.drop_index(batch_op.f('ix_measure_status_changes_created_at'))

    op.drop_table('measure_status_changes')
    op.drop_table('measure_processes')
    with op.batch_alter_table('measure_milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_milestones_measure_id'))

    op.drop_table('measure_milestones')
    op.drop_table('measure_goals')
    with op.batch_alter_table('measure_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_decisions_measure_id'))
        batch_op.drop_index(batch_op.f('ix_measure_decisions_body_id'))

    op.drop_table('measure_decisions')
    op.drop_table('measure_areas')
    with op.batch_alter_table('contribution_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_links_via_theme_id'))
        batch_op.drop_index('ix_contribution_links_measure')

    op.drop_table('contribution_links')
    with op.batch_alter_table('agenda_item_measures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_measures_measure_id'))

    op.drop_table('agenda_item_measures')
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measures_updated_at'))
        batch_op.drop_index(batch_op.f('ix_measures_status'))
        batch_op.drop_index(batch_op.f('ix_measures_needs_statement_id'))
        batch_op.drop_index(batch_op.f('ix_measures_meeting_decision_id'))
        batch_op.drop_index('ix_measures_map')
        batch_op.drop_index(batch_op.f('ix_measures_action_item_id'))

    op.drop_table('measures')
    op.drop_table('theme_members')
    with op.batch_alter_table('measure_notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_measure_notifications_pending')
        batch_op.drop_index(batch_op.f('ix_measure_notifications_contribution_id'))

    op.drop_table('measure_notifications')
    with op.batch_alter_table('contribution_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_outcomes_answer_days'))

    op.drop_table('contribution_outcomes')
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_themes_process_id'))

    op.drop_table('themes')
    op.drop_table('measure_process_settings')
    op.drop_table('measure_owner_reports')
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goals_parent_id'))
        batch_op.drop_index(batch_op.f('ix_goals_area_id'))

    op.drop_table('goals')
    op.drop_table('measure_digests')
    op.drop_table('reason_templates')
    op.drop_table('measure_unsubscribes')
