"""Soft text limits: nothing pasted is cut off, the form says how much is too long.

A ``maxlength`` attribute makes the browser drop whatever is pasted beyond the limit, silently.
Fields get :func:`limit_kw` instead (``data-limit`` plus the counter's texts), which
``static/js/forms.js`` turns into a live counter; the server keeps the whole text and
:class:`TextLimit` refuses it with a message that names the overflow, in the user's language.
"""

from flask_babel import format_decimal, ngettext
from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation, ValidationError


def limit_kw(maximum: int, **extra) -> dict:
    """``render_kw`` for a field with a soft limit and a live counter (no ``maxlength``)."""
    return {
        "data-limit": maximum,
        "data-text-left": _l("%(n)s of %(max)s characters left", n="{n}", max="{max}"),
        "data-text-over": _l(
            "%(n)s characters too many. Nothing is lost: please shorten your text.", n="{n}"
        ),
        **extra,
    }


def too_long_message(length: int, maximum: int) -> str:
    """``Your text has 2,340 characters, 340 more than the 2,000 allowed …``."""
    over = length - maximum
    return ngettext(
        "Your text has %(len)s characters, %(num)s character more than the %(max)s allowed. "
        "Nothing was lost: please shorten it.",
        "Your text has %(len)s characters, %(num)s characters more than the %(max)s allowed. "
        "Nothing was lost: please shorten it.",
        over,
        len=format_decimal(length),
        max=format_decimal(maximum),
    )


class TextLimit:
    """WTForms validator: between *minimum* and *maximum* characters, with clear messages.

    Unlike ``Length`` its messages speak about the text itself ("at least 3 characters", "340
    characters too many") rather than "between 3 and 120", which read wrongly on a body field.
    """

    def __init__(self, maximum: int, minimum: int = 0):
        self.maximum, self.minimum = maximum, minimum
        self.field_flags = {}

    def __call__(self, form, field) -> None:
        """Check the length; the data stays on the field either way."""
        text = field.data or ""
        if self.minimum and 0 < len(text.strip()) < self.minimum:
            raise StopValidation(
                ngettext(
                    "Please write at least %(num)s character.",
                    "Please write at least %(num)s characters.",
                    self.minimum,
                )
            )
        if len(text) > self.maximum:
            raise ValidationError(too_long_message(len(text), self.maximum))
