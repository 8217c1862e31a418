"""E-mail addresses residents give (a pin, a budget application, a meeting registration): one
pattern, and one rule for an optional address that is kept only with consent."""

import re

from flask_babel import gettext as _

from participation.core.errors import ServiceError

#: A plausibility check (something@domain.tld), not an RFC 5322 parser: the mail itself is the
#: real test of an address.
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def is_email(address: str) -> bool:
    """True for an address of at most 254 characters (the SMTP limit) that looks like one."""
    return len(address) <= 254 and bool(EMAIL_RE.match(address))


def consented_email(email: str | None, consent: bool) -> str | None:
    """The optional address stripped (None when empty); refuses an invalid one, and one given
    without the consent to e-mail (the message names the field to correct)."""
    email = (email or "").strip() or None
    if email and not is_email(email):
        raise ServiceError(_("Please enter a valid e-mail address."), "email")
    if email and not consent:
        raise ServiceError(
            _("Please confirm that we may e-mail you, or leave the e-mail field empty."), "consent"
        )
    return email
