"""Untranslated-string sweep: every public page, in every shipped language, with the demo data.

Each gettext lookup is recorded while the pages render (Jinja ``_()``, ``ngettext``, ``gettext``
in views, lazy labels of models and forms): a msgid that the active language's catalogue does
not translate fails the test with the page it appeared on. English is the msgid language, so it
is not swept. Also checks the rule of ``scripts/i18n.py check`` on the committed catalogues.
"""

import html
import re
import subprocess
import sys
import warnings
from collections import defaultdict
from pathlib import Path

import pytest
from babel import support
from flask_babel import get_locale
from sweep_pages import by_route, page_urls

pytestmark = pytest.mark.berlin
ROOT = Path(__file__).resolve().parent.parent
STAFF_SIGN_IN = ("/password/",)


@pytest.fixture
def misses(monkeypatch):
    """``{lang: {msgid: first page}}`` of lookups the catalogue could not answer."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    state = {"page": ""}
    single = support.Translations.ugettext
    plural = support.Translations.ungettext

    def record(msgid):
        lang = str(get_locale() or "de").split("_")[0]
        state.setdefault("current", []).append((lang, msgid))

    def ugettext(self, message):
        if message and message not in self._catalog:
            record(message)
        return single(self, message)

    def ungettext(self, singular, plural_, n):
        if (singular, 0) not in self._catalog:
            record(singular)
        return plural(self, singular, plural_, n)

    monkeypatch.setattr(support.Translations, "ugettext", ugettext)
    monkeypatch.setattr(support.Translations, "ungettext", ungettext)
    found["__state__"] = state  # type: ignore[assignment]
    return found


def _visible(msgid: str, page: str) -> bool:
    """True when the (untranslated) msgid shows on the page: its longest literal part is there.

    Lookups that never reach the page (WTForms asks gettext for the auto-made label of every
    hidden field, for example) are not failures.
    """
    parts = [p.strip() for p in re.split(r"%\(\w+\)[sd]|%[sd]", msgid)]
    longest = max(parts, key=len)
    # as a whole word: a short msgid such as "Lon" (a hidden field's label) must not match inside
    # a random tracking token in a link
    return not longest or re.search(rf"(?<!\w){re.escape(longest)}(?!\w)", page) is not None


def _confirm(misses, page: str | None) -> None:
    """Keep the lookups of the last request that the catalogue missed and the page shows."""
    state = misses["__state__"]
    for lang, msgid in state.pop("current", []):
        if page is None or _visible(msgid, page):
            misses[lang].setdefault(msgid, state["page"])


def _sweep(app, client, misses, languages):
    pages = page_urls(app)
    assert pages.unfilled == [], (
        f"public routes with arguments the sweep cannot fill: {pages.unfilled}"
    )
    if pages.no_data or pages.signed:
        skipped = pages.no_data + pages.signed
        warnings.warn(f"not swept (no demo data / signed links): {skipped}", stacklevel=2)
    assert len(pages.urls) >= 15, pages.urls
    # the staff sign-in pages are reachable without login but are for staff: they may fall back to
    # English like every staff page (rule in scripts/i18n.py); the login page is still
    # translated because residents may land on it from the footer
    urls = [u for u in pages.urls if not u.startswith(STAFF_SIGN_IN)]
    swept = []
    for lang in languages:
        client.get(f"/lang/{lang}")
        for route, candidates in by_route(urls).items():
            rendered = False
            for url in candidates:
                misses["__state__"]["page"] = url
                misses["__state__"]["current"] = []
                response = client.get(url)
                if response.status_code in (301, 302, 303) and "/login" in response.location:
                    rendered = True  # needs a login: a staff page, not a resident one
                    break
                if response.status_code == 404:
                    continue  # e.g. a draft or confidential object: try the next one
                assert response.status_code < 400, f"{lang} {url}: {response.status_code}"
                rendered = True
                if response.mimetype == "text/html":
                    page = response.get_data(as_text=True)
                    assert f'lang="{lang}"' in page, f"{url} not in {lang}"
                    _confirm(misses, html.unescape(page))
                    swept.append(url)
                else:
                    misses["__state__"].pop("current", None)
            assert rendered, f"{lang} {route}: every candidate answered 404: {candidates}"
    return swept


def test_no_untranslated_msgid_on_any_public_page(demo_app, misses):
    """On a copy of the session's demo database (``seed()`` as in ``flask seed-demo``, built once
    and shared with the fuzzer and the matrices instead of seeded again here)."""
    app, client = demo_app, demo_app.test_client()
    languages = [code for code in app.config["LANGUAGES"] if code != "en"]
    assert {"de", "tr", "ar"} <= set(languages)
    swept = _sweep(app, client, misses, languages)
    assert "/processes/spielplatz-koernerpark" in swept
    # the demo content itself is in Turkish too: process texts and the survey
    client.get("/lang/tr")
    page = client.get("/processes/spielplatz-koernerpark").get_data(as_text=True)
    assert "Körnerpark oyun alanı: Nasıl olmalı?" in page and "Fikir toplama" in page
    assert "nur auf Deutsch" not in page and "yalnızca Almanca" not in page
    survey = next(u for u in swept if u.startswith("/surveys/") and u.count("/") == 2)
    page = html.unescape(client.get(survey).get_data(as_text=True))
    assert "Körnerpark'taki oyun alanına ne sıklıkla gidiyorsunuz?" in page
    problems = [
        f"{lang}: {msgid!r} on {page}"
        for lang, found in misses.items()
        if lang in languages
        for msgid, page in sorted(found.items())
    ]
    assert problems == [], "untranslated on public pages:\n" + "\n".join(problems)


def test_sweep_notices_a_missing_translation(app, client, misses):
    """The recorder is not blind: a msgid missing from the Turkish catalogue is reported."""
    with app.test_request_context(headers={"Accept-Language": "tr"}):
        from flask_babel import gettext as _

        assert _("Skip to content") == "İçeriğe geç"
        assert "Skip to content" not in misses["tr"]
        _("A sentence nobody has translated yet")
    _confirm(misses, "<p>A sentence nobody has translated yet</p>")
    assert "A sentence nobody has translated yet" in misses["tr"]
    _("Hidden Field Label")
    _confirm(misses, "<p>a page without that label</p>")
    assert "Hidden Field Label" not in misses["tr"]


def test_catalogue_check_enforces_the_public_set():
    """``scripts/i18n.py check`` passes for tr/ar on the committed catalogues' public set."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import i18n

    assert i18n.is_public_location("templates/processes/detail.html")
    assert i18n.is_public_location("templates/contributions/mail/confirm.txt")
    assert not i18n.is_public_location("templates/processes/manage/dashboard.html")
    assert not i18n.is_public_location("templates/stakeholders/matrix.html")
    assert {"tr", "ar"} <= set(i18n.resident_languages())
    done = subprocess.run(
        [sys.executable, "scripts/i18n.py", "check"], cwd=ROOT, capture_output=True, text=True
    )
    for lang in ("tr", "ar"):
        assert f"{lang}: 0 untranslated of" in done.stdout, done.stdout[-2000:]
