"""Involvement strategy suggested by an actor's place in the influence × interest grid.

A Mendelow grid on the 0–4 scales. "High" means 3 or 4, i.e. above the scale's midpoint 2
(≥ 2.5): a 2 is "some", which is not enough to call for closer involvement. The four quadrants map
onto the participation ladder inform < consult < involve < collaborate < empower:

============================  ===============  ==============================================
quadrant                      strategy         why
============================  ===============  ==============================================
low influence, low interest   inform           keep them informed, watch for changes
high influence, low interest  consult          ask their view at key points, keep them satisfied
low influence, high interest  involve          they care: their concerns shape the options
high influence, high interest collaborate      partners: shape and decide together
… and affected residents      empower          residents with stake and power decide themselves
============================  ===============  ==============================================

A planner may choose another strategy, but must give a reason (see the service).
"""

from flask_babel import lazy_gettext as _l

#: Values on the 0–4 scales from which influence or interest count as high.
HIGH = 3
STRATEGIES = {
    "inform": _l("Inform"),
    "consult": _l("Consult"),
    "involve": _l("Involve"),
    "collaborate": _l("Collaborate"),
    "empower": _l("Empower"),
}
STRATEGY_HELP = {
    "inform": _l("Low influence, low interest: keep them informed."),
    "consult": _l("High influence, low interest: ask for their view at key points."),
    "involve": _l("Low influence, high interest: let their concerns shape the options."),
    "collaborate": _l("High influence, high interest: work out and decide together."),
    "empower": _l("Affected residents with high influence and interest: they decide."),
}


def is_high(value: int) -> bool:
    """True for 3 or 4 on a 0–4 scale."""
    return value >= HIGH


def suggest_strategy(influence: int, interest: int, category: str = "") -> str:
    """Return the strategy key for a grid position; *category* is the actor type's category."""
    high_influence, high_interest = is_high(influence), is_high(interest)
    if high_influence and high_interest:
        return "empower" if category == "residents" else "collaborate"
    if high_interest:
        return "involve"
    if high_influence:
        return "consult"
    return "inform"
