"""Writes and rules of the feedback loop. Services flush and audit-log; the caller commits.

* :mod:`.goals` — the goal tree
* :mod:`.measures` — measures, the status machine
* :mod:`.steps` — decisions and milestones of a measure
* :mod:`.outcomes` — contribution outcomes (follow the measures unless set by hand), answers
* :mod:`.outcome_writes` — the bulk writes behind them (status, timeline, first answers)
* :mod:`.links` — linking contributions and themes to measures, bulk work, themes
* :mod:`.settings` — per-process settings (days until an unanswered contribution is warned)
"""
