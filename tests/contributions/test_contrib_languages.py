"""Residents in Turkish and Arabic: form, error messages and e-mails in their language."""

import pytest
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.contributions.notify import notify_author
from participation.core.models import OutboxMessage
from participation.extensions import db
from participation.processes.texts import translate_process

pytestmark = pytest.mark.berlin
TR = {"Accept-Language": "tr-TR,tr;q=0.9,de;q=0.5"}
AR = {"Accept-Language": "ar"}


def _submit(client, process, form_data, headers, **fields):
    data = form_data(process, email="komsu@example.org", consent="y", **fields)
    return client.post(f"/processes/{process.slug}/contribute", data=data, headers=headers)


def test_turkish_resident_gets_turkish_confirmation(client, pin_process, form_data, create_user):
    process = pin_process()
    translate_process(process, "tr", {"title": "Körnerpark oyun alanı"}, [], create_user())
    db.session.commit()
    assert _submit(client, process, form_data, TR).status_code == 303
    contribution = db.session.scalar(select(Contribution))
    assert contribution.locale == "tr"  # the submitter's language is stored with the input
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.subject.startswith("Katkınız için teşekkür ederiz")
    assert "Merhaba," in mail.body_text
    assert "“Körnerpark oyun alanı”" in mail.body_text  # process title in Turkish too
    assert "/track/" in mail.body_text


def test_later_mails_follow_the_stored_language_not_the_staff_member(
    app, client, pin_process, form_data
):
    process = pin_process()
    assert _submit(client, process, form_data, AR).status_code == 303
    contribution = db.session.scalar(select(Contribution))
    with app.test_request_context(headers={"Accept-Language": "de"}):  # a German moderator
        notify_author(contribution, "hidden")
    db.session.commit()
    hidden = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()[-1]
    assert hidden.subject.startswith("تم إخفاء مساهمتكم")
    assert "ausgeblendet" not in hidden.body_text


def test_error_message_in_arabic_keeps_the_text(client, pin_process, form_data):
    process = pin_process()
    data = form_data(process, email="komsu@example.org")  # no consent
    response = client.post(f"/processes/{process.slug}/contribute", data=data, headers=AR)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'dir="rtl"' in page
    assert "يُرجى تأكيد موافقتكم على مراسلتكم بالبريد الإلكتروني" in page
    assert "Mehr Schatten am Sandkasten" in page  # nothing typed is lost
