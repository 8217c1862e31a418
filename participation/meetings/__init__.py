"""Bodies, memberships, meetings, date polls, invitations with calendar files, agenda, minutes,
decisions, action items and needs statements (round tables and social-space conferences)."""
