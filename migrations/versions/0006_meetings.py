"""meetings: bodies, memberships, meetings, date polls, invitations, agenda, minutes, decisions

Revision ID: 0006_meetings
Revises: 0005_survey_counters
Create Date: 2026-12-01 08:30:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0006_meetings'
down_revision = '0005_survey_counters'


def upgrade():
    op.create_table('bodies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('mandate', sa.Text(), nullable=False),
    sa.Column('council_reference', sa.String(length=120), nullable=False),
    sa.Column('decision_rule', sa.String(length=12), nullable=False),
    sa.Column('quorum_percent', sa.Integer(), nullable=False),
    sa.Column('public_attendance', sa.Boolean(), nullable=False),
    sa.Column('minutes_confidential', sa.Boolean(), nullable=False),
    sa.Column('poll_voting_first', sa.Boolean(), nullable=False),
    sa.Column('cadence_months', sa.Integer(), nullable=True),
    sa.Column('cadence_note', sa.String(length=200), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('deputy_owner_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_bodies_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['deputy_owner_id'], ['users.id'], name=op.f('fk_bodies_deputy_owner_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_bodies_owner_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bodies')),
    sa.UniqueConstraint('slug', name=op.f('uq_bodies_slug'))
    )
    op.create_table('body_areas',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_body_areas_area_id_areas')),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_body_areas_body_id_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('body_id', 'area_id', name=op.f('pk_body_areas'))
    )
    with op.batch_alter_table('body_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_areas_area_id'), ['area_id'], unique=False)

    op.create_table('body_memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('voting', sa.Boolean(), nullable=False),
    sa.Column('deputy_of_id', sa.Integer(), nullable=True),
    sa.Column('by_lottery', sa.Boolean(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_body_memberships_actor_id_actors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_body_memberships_body_id_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['deputy_of_id'], ['body_memberships.id'], name=op.f('fk_body_memberships_deputy_of_id_body_memberships'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_memberships'))
    )
    with op.batch_alter_table('body_memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_memberships_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_body_memberships_body_id'), ['body_id'], unique=False)

    op.create_table('body_processes',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_body_processes_body_id_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_body_processes_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('body_id', 'process_id', name=op.f('pk_body_processes'))
    )
    op.create_table('meeting_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('rule', sa.String(length=10), nullable=False),
    sa.Column('interval_months', sa.Integer(), nullable=False),
    sa.Column('dates', sa.JSON(), nullable=False),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_meeting_series_body_id_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_series'))
    )
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_series_body_id'), ['body_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('process_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('ends_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('venue_name', sa.String(length=200), nullable=False),
    sa.Column('venue_address', sa.String(length=300), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('step_free', sa.Boolean(), nullable=False),
    sa.Column('hearing_loop', sa.Boolean(), nullable=False),
    sa.Column('childcare', sa.Boolean(), nullable=False),
    sa.Column('languages', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('registration_open', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('uid', sa.String(length=120), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('public_attendees', sa.Integer(), nullable=True),
    sa.Column('leadership_present', sa.Text(), nullable=False),
    sa.Column('minutes_status', sa.String(length=10), nullable=False),
    sa.Column('minutes_summary', sa.Text(), nullable=False),
    sa.Column('minutes_approved_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('minutes_approved_by_id', sa.Integer(), nullable=True),
    sa.Column('minutes_published_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('reminder_sent_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('minutes_reminder_sent_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_meetings_body_id_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meetings_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['minutes_approved_by_id'], ['users.id'], name=op.f('fk_meetings_minutes_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_meetings_process_id_processes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['series_id'], ['meeting_series.id'], name=op.f('fk_meetings_series_id_meeting_series'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('uid', name=op.f('uq_meetings_uid'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_body_start', ['body_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_process_id'), ['process_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_series_id'), ['series_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_status'), ['status'], unique=False)

    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.Column('presenter', sa.String(length=200), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('deputy_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_attendance_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['membership_id'], ['body_memberships.id'], name=op.f('fk_meeting_attendance_membership_id_body_memberships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendance')),
    sa.UniqueConstraint('meeting_id', 'membership_id', name=op.f('uq_meeting_attendance_meeting_id_membership_id'))
    )
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendance_membership_id'), ['membership_id'], unique=False)

    op.create_table('meeting_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('response', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('deputy_name', sa.String(length=200), nullable=False),
    sa.Column('responded_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('sent_sequence', sa.Integer(), nullable=True),
    sa.Column('sent_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('withdrawn_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('reminder_sent_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('nonresponse_reminder_sent_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_meeting_invitations_actor_id_actors'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_invitations_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['membership_id'], ['body_memberships.id'], name=op.f('fk_meeting_invitations_membership_id_body_memberships'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_invitations')),
    sa.UniqueConstraint('meeting_id', 'email', name=op.f('uq_meeting_invitations_meeting_id_email'))
    )
    with op.batch_alter_table('meeting_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_invitations_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_invitations_membership_id'), ['membership_id'], unique=False)

    op.create_table('meeting_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('persons', sa.Integer(), nullable=False),
    sa.Column('accessibility_needs', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=True),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_registrations_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_registrations')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_meeting_registrations_idempotency_key'))
    )
    with op.batch_alter_table('meeting_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_registrations_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('agenda_item_contributions',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_agenda_item_contributions_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_agenda_item_contributions_contribution_id_contributions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agenda_item_id', 'contribution_id', name=op.f('pk_agenda_item_contributions'))
    )
    with op.batch_alter_table('agenda_item_contributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_contributions_contribution_id'), ['contribution_id'], unique=False)

    op.create_table('meeting_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('votes_yes', sa.Integer(), nullable=True),
    sa.Column('votes_no', sa.Integer(), nullable=True),
    sa.Column('votes_abstain', sa.Integer(), nullable=True),
    sa.Column('consensus', sa.Boolean(), nullable=False),
    sa.Column('minority_opinion', sa.Text(), nullable=False),
    sa.Column('present_voting', sa.Integer(), nullable=True),
    sa.Column('quorum_needed', sa.Integer(), nullable=True),
    sa.Column('quorum_met', sa.Boolean(), nullable=True),
    sa.Column('publish_separately', sa.Boolean(), nullable=False),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_meeting_decisions_agenda_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meeting_decisions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_decisions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_decisions'))
    )
    with op.batch_alter_table('meeting_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_decisions_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_decisions_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('needs_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('target_groups', sa.String(length=300), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_needs_statements_agenda_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_needs_statements_area_id_areas')),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_needs_statements_contribution_id_contributions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_needs_statements_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_needs_statements_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_statements'))
    )
    with op.batch_alter_table('needs_statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_statements_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_statements_contribution_id'), ['contribution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_statements_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('owner_actor_id', sa.Integer(), nullable=True),
    sa.Column('owner_user_id', sa.Integer(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('due_reminder_sent_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('overdue_reminder_sent_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['decision_id'], ['meeting_decisions.id'], name=op.f('fk_action_items_decision_id_meeting_decisions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_action_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_actor_id'], ['actors.id'], name=op.f('fk_action_items_owner_actor_id_actors'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_user_id'], ['users.id'], name=op.f('fk_action_items_owner_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_items'))
    )
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_items_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_owner_actor_id'), ['owner_actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_status'), ['status'], unique=False)

    op.create_table('decision_actors',
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_decision_actors_actor_id_actors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decision_id'], ['meeting_decisions.id'], name=op.f('fk_decision_actors_decision_id_meeting_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('decision_id', 'actor_id', name=op.f('pk_decision_actors'))
    )
    with op.batch_alter_table('decision_actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_actors_actor_id'), ['actor_id'], unique=False)
    op.create_table('seat_lotteries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('opens_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('closes_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('eligibility_questions', sa.JSON(), nullable=False),
    sa.Column('quotas', sa.JSON(), nullable=False),
    sa.Column('seed', sa.String(length=100), nullable=False),
    sa.Column('seed_published_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('drawn_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_seat_lotteries_body_id_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seat_lotteries'))
    )
    with op.batch_alter_table('seat_lotteries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seat_lotteries_body_id'), ['body_id'], unique=False)
    op.create_table('lottery_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lottery_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('quota_value', sa.String(length=40), nullable=False),
    sa.Column('eligible', sa.Boolean(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('selected', sa.Boolean(), nullable=False),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lottery_id'], ['seat_lotteries.id'], name=op.f('fk_lottery_applications_lottery_id_seat_lotteries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lottery_applications'))
    )
    with op.batch_alter_table('lottery_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lottery_applications_lottery_id'), ['lottery_id'], unique=False)
    op.create_table('date_polls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('respond_by', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('closed_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_date_polls_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_date_polls')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_date_polls_meeting_id'))
    )
    op.create_table('poll_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('voting', sa.Boolean(), nullable=False),
    sa.Column('answered_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('invited_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.Column('reminder_sent_at', participation.core.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['membership_id'], ['body_memberships.id'], name=op.f('fk_poll_participants_membership_id_body_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['poll_id'], ['date_polls.id'], name=op.f('fk_poll_participants_poll_id_date_polls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_poll_participants')),
    sa.UniqueConstraint('poll_id', 'email', name=op.f('uq_poll_participants_poll_id_email'))
    )
    with op.batch_alter_table('poll_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_poll_participants_membership_id'), ['membership_id'], unique=False)
    op.create_table('poll_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('ends_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.Column('chosen', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['poll_id'], ['date_polls.id'], name=op.f('fk_poll_slots_poll_id_date_polls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_poll_slots'))
    )
    with op.batch_alter_table('poll_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_poll_slots_poll_id'), ['poll_id'], unique=False)
    op.create_table('poll_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.String(length=5), nullable=False),
    sa.Column('updated_at', participation.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['poll_participants.id'], name=op.f('fk_poll_answers_participant_id_poll_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['poll_slots.id'], name=op.f('fk_poll_answers_slot_id_poll_slots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_poll_answers')),
    sa.UniqueConstraint('participant_id', 'slot_id', name=op.f('uq_poll_answers_participant_id_slot_id'))
    )
    with op.batch_alter_table('poll_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_poll_answers_slot_id'), ['slot_id'], unique=False)


def downgrade():
    with op.batch_alter_table('poll_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_poll_answers_slot_id'))
    op.drop_table('poll_answers')
    with op.batch_alter_table('poll_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_poll_slots_poll_id'))
    op.drop_table('poll_slots')
    with op.batch_alter_table('poll_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_poll_participants_membership_id'))
    op.drop_table('poll_participants')
    op.drop_table('date_polls')
    with op.batch_alter_table('lottery_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lottery_applications_lottery_id'))
    op.drop_table('lottery_applications')
    with op.batch_alter_table('seat_lotteries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seat_lotteries_body_id'))
    op.drop_table('seat_lotteries')
    with op.batch_alter_table('decision_actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_actors_actor_id'))

    op.drop_table('decision_actors')
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_items_status'))
        batch_op.drop_index(batch_op.f('ix_action_items_owner_actor_id'))
        batch_op.drop_index(batch_op.f('ix_action_items_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_action_items_due_date'))
        batch_op.drop_index(batch_op.f('ix_action_items_decision_id'))

    op.drop_table('action_items')
    with op.batch_alter_table('needs_statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_statements_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_needs_statements_contribution_id'))
        batch_op.drop_index(batch_op.f('ix_needs_statements_area_id'))

    op.drop_table('needs_statements')
    with op.batch_alter_table('meeting_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_decisions_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_decisions_agenda_item_id'))

    op.drop_table('meeting_decisions')
    with op.batch_alter_table('agenda_item_contributions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_contributions_contribution_id'))

    op.drop_table('agenda_item_contributions')
    with op.batch_alter_table('meeting_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_registrations_meeting_id'))

    op.drop_table('meeting_registrations')
    with op.batch_alter_table('meeting_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_invitations_membership_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_invitations_actor_id'))

    op.drop_table('meeting_invitations')
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_membership_id'))

    op.drop_table('meeting_attendance')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_meeting_id'))

    op.drop_table('agenda_items')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_status'))
        batch_op.drop_index(batch_op.f('ix_meetings_starts_at'))
        batch_op.drop_index(batch_op.f('ix_meetings_series_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_process_id'))
        batch_op.drop_index('ix_meetings_body_start')

    op.drop_table('meetings')
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_series_body_id'))

    op.drop_table('meeting_series')
    op.drop_table('body_processes')
    with op.batch_alter_table('body_memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_memberships_body_id'))
        batch_op.drop_index(batch_op.f('ix_body_memberships_actor_id'))

    op.drop_table('body_memberships')
    with op.batch_alter_table('body_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_areas_area_id'))

    op.drop_table('body_areas')
    op.drop_table('bodies')

