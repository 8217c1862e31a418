"""Contributions: ideas and map pins (the pin method), support, moderation, proxy entry, tracking.

Every input of a resident becomes a :class:`~participation.contributions.models.Contribution`,
whatever its channel (online, paper, event, door-step, phone, survey, meeting), so that the
feedback loop can link it to measures later. All writes go through
:mod:`participation.contributions.services`.
"""
