"""OParl 1.1 (https://oparl.org/spezifikation/) for the bodies, meetings and council reports.

Modules: ``base`` (URLs, dates, the shared serializer fields, the family registry), one module per
object family (``system``, ``organizations``, ``meetings``, ``papers``), ``lists`` (external object
lists: pagination, filters, tombstones) and the views in ``participation.api.views.oparl``.
"""
