"""One way for services to refuse something, and one way for views to show it.

Services raise :class:`ServiceError` (or a subclass, where a caller must tell cases apart) with a
message in the user's language and, optionally, the name of the form field it belongs to::

    raise ServiceError(_("Enter a title."), field="title")

Views catch it and call :func:`handle`::

    try:
        services.update_process(process, ..., user=current_user)
        db.session.commit()
    except ServiceError as exc:
        handle(exc, form)          # rolled back; message is on form.title.errors or flashed
        return render(..., status=422)

The rollback rule
-----------------
*A service never commits and never rolls back.* It changes the session (``flush`` where it needs
ids) and raises :class:`ServiceError` as soon as a rule is broken - possibly after it has already
flushed part of the work. The caller owns the transaction: on success the view (or CLI command /
scheduler job) commits; on a :class:`ServiceError` it calls :func:`handle`, which rolls the whole
unit of work back, so a half-done change (or an audit entry for it) is never committed by a later
commit in the same request. Validate before writing where you can, but correctness never depends
on it.
"""

from collections.abc import Mapping

from flask import flash

from participation.extensions import db


class ServiceError(ValueError):
    """A rule was broken; the message is shown to the user.

    :param message: translated, user-facing text.
    :param field: name of the form field the message belongs to (``None``: flash it).
    :param code: optional machine-readable reason (``"code_used"``) for callers that branch on it.
    :param fields: several field messages at once (``{"name": "Enter a name.", ...}``), for
        validations that report every problem in one go; ``field`` is folded into it.
    """

    def __init__(
        self,
        message: str,
        field: str | None = None,
        code: str = "",
        *,
        fields: Mapping[str, str] | None = None,
    ):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        #: Every field message, in order; ``{field: message}`` when only *field* was given.
        self.fields: dict[str, str] = dict(fields or {})
        if field is not None and field not in self.fields:
            self.fields = {field: self.message, **self.fields}
        if self.field is None and self.fields:
            self.field = next(iter(self.fields))
        self.code = code

    def __str__(self) -> str:
        return self.message


def _form_field(form, name: str):
    """The bound field *name* of *form*, or ``None`` - never ``getattr`` on an unchecked name."""
    if form is None or not name:
        return None
    try:
        if name not in form:  # WTForms' Form.__contains__ checks its own field names only
            return None
        return form[name]
    except (KeyError, TypeError):
        return None


def handle(error: ServiceError, form=None) -> None:
    """Roll the session back, then show *error*: on the form fields it names, else as a flash.

    Field messages go to ``form[field].errors`` only when *form* really has that field; messages
    for fields the form does not have (and errors without a field) are flashed with category
    ``"error"``, each message once. With a form, those also go to ``form.form_errors``, so
    ``form.errors`` is never empty after a refusal (views answer ``422 if form.errors``).
    """
    db.session.rollback()
    messages = error.fields or {None: error.message}
    flashed: set[str] = set()
    for name, message in messages.items():
        field = _form_field(form, name) if name else None
        if field is not None:
            # field.errors is a tuple before validate() ran and a list after it
            field.errors = [*field.errors, message]
        elif message not in flashed:
            flashed.add(message)
            flash(message, "error")
            if form is not None and isinstance(getattr(form, "form_errors", None), list):
                form.form_errors.append(message)
