"""The shared service-error helper and the CSV writer every export uses."""

import csv
import io

from flask import get_flashed_messages
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField

from participation.core.csvexport import csv_response, csv_text, defuse
from participation.core.errors import ServiceError, handle
from participation.core.models import AuditEntry
from participation.extensions import db


class TitleForm(FlaskForm):
    title = StringField("Title")


def test_field_error_lands_on_the_form_and_the_session_is_rolled_back(app):
    from participation.areas.models import AreaLevel

    with app.test_request_context("/", method="POST"):
        form = TitleForm(meta={"csrf": False})
        db.session.add(AreaLevel(key="half", names={"de": "Halb"}, rank=99))
        db.session.flush()
        handle(ServiceError("Enter a title.", field="title"), form)
        assert form.title.errors == ["Enter a title."]
        assert get_flashed_messages() == []
        db.session.commit()
        assert db.session.scalar(select(AreaLevel).where(AreaLevel.key == "half")) is None


def test_unknown_field_or_no_form_is_flashed_never_getattr(app):
    with app.test_request_context("/", method="POST"):
        form = TitleForm(meta={"csrf": False})
        # "validate" exists as an attribute of every form, but it is not a field
        handle(ServiceError("Something is wrong.", field="validate"), form)
        handle(ServiceError("No form here."))
        assert form.title.errors == ()
        assert form.errors  # views answer 422 when form.errors is not empty
        assert get_flashed_messages(with_categories=True) == [
            ("error", "Something is wrong."),
            ("error", "No form here."),
        ]


def test_several_fields_at_once():
    err = ServiceError("Enter a name.", fields={"name": "Enter a name.", "kind": "Choose one."})
    assert err.field == "name" and err.fields["kind"] == "Choose one." and str(err) == err.message
    assert isinstance(err, ValueError)


def test_defuse_one_rule_numbers_stay_numbers():
    assert defuse('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    for evil in ("+1+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "  =1+1", " \t@x"):
        assert defuse(evil).startswith("'"), evil
    assert defuse(-3) == -3 and defuse(2.5) == 2.5 and defuse("-3") == "-3"
    assert defuse("-0.5") == "-0.5" and defuse("Körnerpark") == "Körnerpark"
    assert defuse(None) == "" and defuse("a=b") == "a=b"


def test_csv_response_streams_defuses_and_audits(app):
    produced = []

    def rows():
        for i in range(3):
            produced.append(i)
            yield [i, "=cmd|' /C calc'!A0", "Straße"]

    with app.test_request_context("/"):
        response = csv_response(
            "beiträge.csv",
            ["nr", "text", "ort"],
            rows(),
            audit_action="test.export",
            audit_details={"format": "csv"},
        )
        assert response.is_streamed and produced == []  # nothing read before sending
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response.headers["Content-Disposition"]
        assert "filename*=UTF-8''beitr%C3%A4ge.csv" in response.headers["Content-Disposition"]
        body = b"".join(response.iter_encoded()).decode("utf-8")
    assert body.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert table[0] == ["nr", "text", "ort"]
    assert table[1] == ["0", "'=cmd|' /C calc'!A0", "Straße"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "test.export"))
    assert entry is not None and entry.details == {"format": "csv"}


def test_comma_without_bom_and_mapping_rows():
    text = csv_text(["a", "b"], [{"b": 2, "a": "x,y"}], delimiter=",", bom=False)
    assert text == 'a,b\r\n"x,y",2\r\n'
