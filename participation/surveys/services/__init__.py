"""All writes of the surveys package: builder, responses, invitations, moderation.

Services flush and audit-log staff actions; the caller commits (and a resident's answer is only
acknowledged after the commit).

Refusals are :class:`participation.core.errors.ServiceError` (``code`` carries the machine-readable
reason, e.g. ``code_used`` or ``already_answered``).
"""

from participation.core.errors import ServiceError

#: Deprecated alias kept for code written against the old name; raise/catch ServiceError.
SurveyError = ServiceError
