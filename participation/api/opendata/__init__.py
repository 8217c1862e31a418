"""Open data under ``/api/v1/``: processes, areas, visible contributions, measures, budgets.

Modules: ``feeds`` (what each feed publishes: public rows only, no personal data) and the views in
``participation.api.views.opendata``. Every answer names its licence (dl-de/by-2-0).
"""
