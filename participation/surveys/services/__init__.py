"""All writes of the surveys package: builder, responses, invitations, moderation.

Services flush and audit-log staff actions; the caller commits (and a resident's answer is only
acknowledged after the commit).
"""


class SurveyError(ValueError):
    """A rule was broken; ``field`` names the form field the message belongs to (or None)."""

    def __init__(self, message: str, field: str | None = None, code: str = ""):
        super().__init__(message)
        self.field = field
        #: Machine-readable reason, e.g. ``code_used`` or ``already_answered``.
        self.code = code
