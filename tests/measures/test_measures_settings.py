"""Per-process feedback settings go through the service: stored, audited, bad input refused."""

import pytest
from sqlalchemy import select

from participation.core.audit import AuditEntry
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.measures.models import MeasureProcessSetting
from participation.measures.services.settings import set_unanswered_days
from participation.measures.stats import unanswered_days

pytestmark = pytest.mark.berlin


def test_threshold_set_by_form_is_stored_and_audited(login, planner, process):
    staff = login(planner)
    url = f"/manage/processes/{process.id}/feedback/settings"
    assert staff.post(url, data={"unanswered_days": "60"}).status_code == 303
    assert unanswered_days(process) == 60
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "measures.settings")
    ).one()
    assert entry.details == {"unanswered_days": 60, "old": None}
    # out of range: refused with a message, the stored value stays
    assert staff.post(url, data={"unanswered_days": "0"}).status_code == 303
    db.session.expire_all()
    assert unanswered_days(process) == 60
    # empty: back to the installation's default
    staff.post(url, data={"unanswered_days": ""})
    db.session.expire_all()
    assert db.session.get(MeasureProcessSetting, process.id).unanswered_days is None
    assert unanswered_days(process) == 21


def test_service_refuses_out_of_range(planner, process):
    with pytest.raises(ServiceError):
        set_unanswered_days(process, planner, 400)
