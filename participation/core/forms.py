"""Choice fields for every form: choices are handed to WTForms in its supported shape.

WTForms 3.3 deprecates (and 3.4 drops) choices given as ``(value, label)`` tuples or as a dict of
groups; the supported shape is a list of :class:`wtforms.fields.choices.SelectChoice` (with
``optgroup`` for groups). The project keeps writing choices the readable way - ``[(value,
label)]``, ``{value: label}``, ``{group: [(value, label)]}`` as returned by
:func:`participation.areas.queries.areas_by_level` - and these fields convert them whenever WTForms
parses them (for rendering and validation). Import ``SelectField``,
``SelectMultipleField`` and ``RadioField`` from here, not from ``wtforms``.

:func:`submit_form` and :func:`form_status` are the POST half of a staff form view (validate →
service → commit → flash → 303), shared so that views stay load → authorize → call → redirect.
"""

from collections.abc import Callable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import wtforms
from wtforms.fields.choices import SelectChoice


def _one(item: Any, optgroup: str | None = None) -> SelectChoice:
    if isinstance(item, SelectChoice):
        return replace(item, optgroup=optgroup) if optgroup is not None else item
    if isinstance(item, tuple | list):
        value, label, *rest = item
        return SelectChoice(
            value=value, label=label, render_kw=dict(rest[0]) if rest else {}, optgroup=optgroup
        )
    return SelectChoice(value=item, label=str(item), optgroup=optgroup)


def to_choices(choices: Any) -> Any:
    """``[(value, label)]``, ``{value: label}`` or ``{group: [(value, label)]}`` →
    ``[SelectChoice]``; ``None`` and callables are returned unchanged (resolved later)."""
    if choices is None or callable(choices):
        return choices
    if isinstance(choices, Mapping):
        result = []
        for key, value in choices.items():
            if isinstance(value, list | tuple):  # a group of options (<optgroup>)
                result += [_one(item, optgroup=str(key)) for item in value]
            else:
                result.append(SelectChoice(value=key, label=value))
        return result
    return [_one(item) for item in choices]


class _ConvertedChoices:
    """Mixin: WTForms parses the choices only after :func:`to_choices` converted them.

    ``field.choices`` keeps the shape the view assigned (templates read it as pairs or groups);
    WTForms' own parsing - for rendering, groups and validation - receives ``SelectChoice`` objects.
    """

    def _choices_from_input(self, choices):
        if callable(choices):
            choices = self._invoke_choices_callback(choices)
        return super()._choices_from_input(to_choices(choices))

    @staticmethod
    def _warn_legacy_choices(choices):
        """No warning: the choices are converted before WTForms reads them (see above)."""


class SelectField(_ConvertedChoices, wtforms.SelectField):
    """WTForms' SelectField taking choices in any of the project's shapes."""


class SelectMultipleField(_ConvertedChoices, wtforms.SelectMultipleField):
    """WTForms' SelectMultipleField taking choices in any of the project's shapes."""


class RadioField(_ConvertedChoices, wtforms.RadioField):
    """WTForms' RadioField taking choices in any of the project's shapes."""


# --- the POST half of a form view ----------------------------------------------------------------


def form_status(form) -> int:
    """422 when *form* shows errors (WTForms' or a refused service call's), else 200."""
    return 422 if form.errors else 200


def submit_form(
    form,
    action: Callable[[], Any],
    message: str | None,
    endpoint: str,
    values: Mapping[str, Any] | Callable[[Any], Mapping[str, Any]] = MappingProxyType({}),
):
    """Validate *form*, run *action* (the service call), commit, flash *message*, redirect.

    The shape every staff form view repeated::

        done = submit_form(form, lambda: services.create_x(...), _("Created."),
                           "x.detail", lambda x: {"x_id": x.id})
        if done:
            return done
        return render("x/form.html", form=form, status=form_status(form))

    :param action: called without arguments; what it returns is handed to *values*.
    :param message: flashed as "success" (``None``: nothing).
    :param values: URL values of *endpoint*, or a callable of the action's result giving them.
    :returns: the 303 redirect (``HX-Redirect`` for htmx) after a commit, else ``None``: the
        form did not validate, or the service refused (:func:`participation.core.errors.handle`
        rolled back and put the message on the form), and the view renders the form again.
    """
    from flask import flash

    from participation.core.errors import ServiceError, handle
    from participation.core.htmx import redirect_after_post
    from participation.extensions import db

    if not form.validate_on_submit():
        return None
    try:
        result = action()
        db.session.commit()
    except ServiceError as exc:
        handle(exc, form)
        return None
    if message:
        flash(message, "success")
    return redirect_after_post(endpoint, **(values(result) if callable(values) else values))


def flash_errors(form) -> None:
    """Flash each field's messages (forms posted from a page that is shown again by redirect)."""
    from flask import flash

    for errors in form.errors.values():
        flash(" ".join(str(e) for e in errors), "error")
