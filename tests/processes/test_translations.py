"""Process texts in every offered language: staff translate, residents read with German fallback."""

from datetime import date

import pytest

from participation.extensions import db
from participation.processes.models import Process
from participation.processes.services import PhaseInput, set_phases

pytestmark = pytest.mark.berlin


def _with_phase(process, user):
    set_phases(process, [PhaseInput("Ideen sammeln", date(2027, 1, 1), date(2027, 2, 1))], user)
    db.session.commit()


def test_staff_translate_and_residents_read_turkish(create_process, create_user, login, client):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner, publish=True)
    _with_phase(process, planner)
    staff = login(planner)
    page = staff.get(f"/manage/processes/{process.id}/translations?lang=tr").get_data(as_text=True)
    assert "Fehlt in Türkçe" in page and "Phase „Ideen sammeln“" in page

    response = staff.post(
        f"/manage/processes/{process.id}/translations?lang=tr",
        data={
            "title": "Körnerpark oyun alanı",
            "summary": "Oyun alanı nasıl olmalı?",
            "scope_influence": "Oyun aletleri, banklar, gölge",
            "scope_decided": "Yeri ve büyüklüğü",
            "decision_by": "Nisan'da ilçe meclisi komisyonu",
            "resources": "380.000 €",
            "phase0_title": "Fikir toplama",
            "phase0_description": "",
            "category0_label": "Burayı seviyorum",
            "category1_label": "",
            "category2_label": "Burada bir şey eksik",
            "category3_label": "Fikir",
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    stored = db.session.get(Process, process.id)
    assert stored.title == "Spielplatz Körnerpark"  # German original untouched
    assert stored.translations["tr"]["title"] == "Körnerpark oyun alanı"
    assert stored.categories[0].labels["tr"] == "Burayı seviyorum"
    assert "tr" not in stored.categories[1].labels  # emptied: falls back to German
    assert stored.categories[1].labels["de"] == "Meide ich"
    page = staff.get(f"/manage/processes/{process.id}/translations?lang=tr").get_data(as_text=True)
    assert "Fehlt in Türkçe: Kategorie „Meide ich“</p>" in page  # only that is left in Turkish

    resident = client.get(f"/processes/{process.slug}", headers={"Accept-Language": "tr"})
    text = resident.get_data(as_text=True)
    assert "Körnerpark oyun alanı" in text and "Fikir toplama" in text
    assert "Spielgeräte, Bänke" not in text
    assert 'lang="tr"' in text
    assert "Bu bilgilerin bir kısmı yalnızca Almanca" not in text  # everything is translated

    listing = client.get("/processes/", headers={"Accept-Language": "tr"}).get_data(as_text=True)
    assert "Körnerpark oyun alanı" in listing and "Oyun alanı nasıl olmalı?" in listing


def test_arabic_falls_back_to_german_with_notice(create_process, client):
    process = create_process(publish=True)
    client.get("/lang/ar")
    page = client.get(f"/processes/{process.slug}").get_data(as_text=True)
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert "Spielplatz Körnerpark" in page and "Spielgeräte, Bänke, Schatten" in page
    assert "بعض هذه المعلومات متوفرة باللغة الألمانية فقط" in page
    german = client.get("/lang/de") and client.get(f"/processes/{process.slug}")
    assert "nur auf Deutsch" not in german.get_data(as_text=True)


def test_phase_translation_survives_phase_edit(create_process, create_user):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner)
    _with_phase(process, planner)
    process.phases[0].translations = {"en": {"title": "Collecting ideas"}}
    db.session.commit()
    set_phases(
        process,
        [
            PhaseInput("Ideen sammeln", date(2027, 1, 1), date(2027, 3, 1)),
            PhaseInput("Umbau", date(2027, 9, 1)),
        ],
        planner,
    )
    db.session.commit()
    db.session.expire_all()
    phases = db.session.get(Process, process.id).phases
    assert phases[0].text("title", "en") == "Collecting ideas"
    assert phases[1].text("title", "en") == "Umbau"  # German fallback
    assert phases[1].falls_back("en") and not phases[0].falls_back("en")


def test_dashboard_lists_untranslated_languages_and_refuses_german(
    create_process, create_user, login
):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner)
    client = login(planner)
    page = client.get(f"/manage/processes/{process.id}").get_data(as_text=True)
    assert "Noch nicht vollständig übersetzt" in page and "English, Türkçe, العربية" in page
    assert client.get(f"/manage/processes/{process.id}/translations?lang=de").status_code == 404
    assert client.get(f"/manage/processes/{process.id}/translations?lang=xx").status_code == 404


def test_too_long_translation_is_refused_and_kept(create_process, create_user, login):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner)
    long_title = "Ü" * 201
    response = login(planner).post(
        f"/manage/processes/{process.id}/translations?lang=en", data={"title": long_title}
    )
    assert response.status_code == 422
    assert long_title in response.get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(Process, process.id).translations


def test_language_switch_names_and_accept_language(client):
    page = client.get("/", headers={"Accept-Language": "ar,en;q=0.5"}).get_data(as_text=True)
    assert 'dir="rtl"' in page
    for name in ("Deutsch", "English", "Türkçe", "العربية"):
        assert name in page
    page = client.get("/", headers={"Accept-Language": "tr-TR,tr;q=0.9"}).get_data(as_text=True)
    assert '<html lang="tr" dir="ltr">' in page
