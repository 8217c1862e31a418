"""Readable names for audit-log actions: staff read "Published", not ``process.publish``.

Packages register the labels of their own actions with :func:`register_action_labels` (the core
registers the common ones below); :func:`action_label` falls back to a readable form of an
unknown code ("Meetings: poll create") rather than showing nothing.
"""

from flask_babel import lazy_gettext as _l

ACTION_LABELS: dict[str, object] = {}


def register_action_labels(labels: dict[str, object]) -> None:
    """Add ``{action code: lazy translated label}``."""
    ACTION_LABELS.update(labels)


def action_label(code: str) -> str:
    """The translated name of an audit action, or a readable fallback."""
    label = ACTION_LABELS.get(code)
    if label is not None:
        return str(label)
    area, _dot, verb = (code or "").partition(".")
    return f"{area.capitalize()}: {verb.replace('_', ' ')}" if verb else code


register_action_labels(
    {
        "process.create": _l("Process created"),
        "process.update": _l("Texts, areas or settings changed"),
        "process.phases": _l("Phases changed"),
        "process.categories": _l("Categories changed"),
        "process.translate": _l("Translations changed"),
        "process.publish": _l("Published"),
        "process.close": _l("Closed (participation ended)"),
        "process.archive": _l("Archived"),
        "contribution.create": _l("Contribution entered by staff"),
        "contribution.approve": _l("Contribution approved"),
        "contribution.hide": _l("Contribution hidden"),
        "contribution.status": _l("Status of a contribution changed"),
        "contribution.export": _l("Contributions exported"),
        "contribution.purge_emails": _l("Contact e-mails deleted (retention)"),
        "survey.create": _l("Survey created"),
        "survey.publish": _l("Survey published"),
        "survey.close": _l("Survey closed"),
        "survey.settings": _l("Survey settings changed"),
        "survey.texts": _l("Survey texts changed"),
        "survey.question": _l("Survey question saved"),
        "survey.question_delete": _l("Survey question removed"),
        "survey.section": _l("Survey section saved"),
        "survey.section_delete": _l("Survey section removed"),
        "survey.staff_entry": _l("Paper questionnaire entered"),
        "survey.invitations": _l("Invitation codes created"),
        "survey.export": _l("Survey answers exported"),
        "survey.copy": _l("Survey copied"),
    }
)
