"""Stakeholder pages: registry (``registry.py``, personal data in ``personal_data.py``), import
and taxonomy (``config.py``), analysis per process (``analysis.py``) with its exports
(``exports.py``), a process's coverage, council access and panels (``process.py``)."""

from flask import Blueprint

from participation.stakeholders.permissions import can_actor, can_see_contact

bp = Blueprint("stakeholders", __name__)


@bp.context_processor
def _helpers():
    """Actor-scoped permission checks for this package's templates."""
    return {"can_actor": can_actor, "can_see_contact": can_see_contact}


from participation.stakeholders.views import (  # noqa: E402, F401
    analysis,
    config,
    exports,
    personal_data,
    process,
    registry,
)
