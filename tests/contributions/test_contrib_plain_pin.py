"""A plain pin's fields without WTForms (``fastpath.plain_pin``): only what the form accepts.

The fast path skips building and validating :class:`ContributionForm` for a plain pin. It must
never take a submission the form would refuse, and must hand the same values on; everything
else is left to the form (None), which answers with its messages.
"""

import pytest
from werkzeug.datastructures import MultiDict

from participation.contributions.fastpath import form_process, plain_pin
from participation.contributions.forms import ContributionForm
from participation.contributions.models import BODY_MAX, TITLE_MAX

FIELDS = ("title", "body", "lon", "lat", "area", "email", "leave_empty", "started")


def _cases(process) -> list[dict]:
    first, other = process.categories[0].id, 999_999
    base = {
        "category": str(first),
        "title": "Bank am Spielplatz",
        "body": "Hier fehlt eine Bank.",
        "lon": "13.43",
        "lat": "52.47",
        "area": "",
        "email": "",
        "started": "x",
        "idempotency_key": "k" * 32,
        "leave_empty": "",
    }
    changes = [
        {},
        {"category": f" {first} "},
        {"category": f"+{first}"},
        {"category": str(other)},
        {"category": "abc"},
        {"category": ""},
        {"title": "ab"},
        {"title": "  ab  "},
        {"title": "   "},
        {"title": ""},
        {"title": "abc"},
        {"title": " " * 5 + "abc"},
        {"title": "x" * TITLE_MAX},
        {"title": "x" * (TITLE_MAX + 1)},
        {"body": ""},
        {"body": "   "},
        {"body": "y" * BODY_MAX},
        {"body": "y" * (BODY_MAX + 1)},
        {"email": "anna@example.org"},
        {"email": "not an address"},
        {"area": "12"},
        {"lon": ""},
        {"lat": ""},
        {"leave_empty": "spam"},
        {"idempotency_key": ""},
    ]
    cases = [base | change for change in changes]
    missing = dict(base)
    del missing["body"], missing["idempotency_key"]
    return [*cases, missing]


@pytest.mark.berlin
def test_plain_pin_takes_only_what_the_form_accepts_with_the_same_values(app, pin_process):
    process = pin_process()
    accepted = 0
    for data in _cases(process):
        with app.test_request_context(method="POST", data=data):
            cached = form_process(process.slug)
            plain = plain_pin(MultiDict(data), cached)
            form = ContributionForm(meta={"csrf": False}, formdata=MultiDict(data))
            form.category.choices = [(c.id, "") for c in cached.categories]
            valid = form.validate()
            if plain is None:
                continue
            accepted += 1
            assert valid, (data, form.errors)
            assert plain.category.data == form.category.data
            for name in FIELDS:
                assert (getattr(plain, name).data or "") == (getattr(form, name).data or ""), name
            assert plain.idempotency_key.data == form.idempotency_key.data
    # the plain cases are taken: base, padded/signed category, 3-character and longest titles,
    # empty/blank/longest bodies, a leave_empty value (the honeypot is checked after), no key,
    # missing fields
    assert accepted == 12


@pytest.mark.berlin
def test_a_plain_pin_is_stored_without_building_the_form(
    client, pin_process, form_data, point_in, monkeypatch
):
    from sqlalchemy import func, select

    from participation.contributions.models import Contribution
    from participation.extensions import db

    process = pin_process()
    lon, lat = point_in("08010213")
    built = []
    real_init = ContributionForm.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(ContributionForm, "__init__", counting_init)
    data = form_data(process, lon=str(lon), lat=str(lat))
    response = client.post(f"/processes/{process.slug}/contribute", data=data)
    assert response.status_code == 303 and built == []
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Contribution.id))) == 1
    # a honeypot value still refuses it (on the form's full way, which renders the notice)
    spam = form_data(process, lon=str(lon), lat=str(lat), leave_empty="http://spam.example")
    assert client.post(f"/processes/{process.slug}/contribute", data=spam).status_code == 422
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Contribution.id))) == 1
