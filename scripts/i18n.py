#!/usr/bin/env python3
"""Translation workflow: extract → update catalogues (filling from fragment files) → compile.

    python scripts/i18n.py update    # extract msgids, update locales/*/messages.po
    python scripts/i18n.py compile   # build .mo files (done by the run and test commands)
    python scripts/i18n.py check     # fail when a German msgid has no translation

Source strings are English msgids; German (the default UI language) and English catalogues are
kept in locales/<lang>/LC_MESSAGES/messages.po. A further language (tr, ar, …) is added with
``pybabel init -i locales/messages.pot -d locales -l tr`` plus PARTICIPATION_LANGUAGES,
without code changes.
Other ``*.po`` files beside messages.po are fragments (e.g. written while a package was developed):
``update`` uses them to fill missing translations.

Completeness rule (``check``):

* German (the default UI language): every msgid is translated.
* Every further resident-facing language (all catalogues except ``de`` and ``en``, whose msgids
  are the English texts): every msgid that can appear on a resident page or in an e-mail to a
  resident is translated — the *public set*: msgids with at least one source location matching
  ``PUBLIC_SOURCES`` and not ``STAFF_SOURCES``. Staff-only pages may fall back to English.
"""

import subprocess
import sys
import tempfile
from fnmatch import fnmatch
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
POT = LOCALES / "messages.pot"
PYBABEL = [sys.executable, "-m", "babel.messages.frontend"]
#: Languages whose msgids are the source texts: nothing to translate.
SOURCE_LANGUAGES = {"en"}
#: Sources of text residents read (pages without login, e-mails to residents). A msgid with a
#: location here (and not in ``STAFF_SOURCES``) belongs to the public set and must be translated
#: into every resident language. Staff pages may fall back to English. Add a new resident-facing
#: template folder or module here.
PUBLIC_SOURCES = (
    "templates/base.html",
    "templates/errors.html",
    "templates/_form.html",
    "templates/glossary/*",
    "templates/processes/*",
    "templates/areas/*",
    "templates/contributions/*",
    "templates/surveys/*",
    "templates/meetings/*",
    "templates/measures/*",
    "templates/budgets/*",
    "templates/indicators/*",
    "templates/api/*",
    "participation/api/views/opendata_page.py",
    "templates/reports/archive.html",
    "templates/operations/privacy.html",
    "participation/core/web.py",
    "participation/core/addresses.py",
    "participation/core/textlimits.py",
    "participation/core/glossary.py",
    "participation/areas/models.py",
    "participation/areas/views.py",
    "participation/processes/models.py",
    "participation/processes/views/public.py",
    "participation/contributions/forms.py",
    "participation/contributions/models.py",
    "participation/contributions/notify.py",
    "participation/contributions/photos.py",
    "participation/contributions/services.py",
    "participation/contributions/views/public*.py",
    "participation/surveys/demographics.py",
    "participation/surveys/models.py",
    "participation/surveys/results.py",
    "participation/surveys/questions/*.py",
    "participation/surveys/services/responses.py",
    "participation/surveys/views/public.py",
    "participation/meetings/models/*.py",
    "participation/meetings/views/public*.py",
    "participation/meetings/views/tokens.py",
    "participation/meetings/notify*.py",
    "participation/measures/models/*.py",
    "participation/measures/views/public*.py",
    "participation/measures/notify*.py",
    "participation/budgets/models*",
    "participation/budgets/views/public*.py",
    "participation/indicators/profile.py",
    "participation/indicators/mapview.py",
    "participation/indicators/units.py",
    "participation/indicators/charts.py",
)
#: Staff-only parts inside the folders above (management pages, area import, staff e-mails).
STAFF_SOURCES = (
    "*/manage/*",
    "templates/areas/import.html",
    "templates/areas/levels.html",
)


def run(*args: str) -> None:
    """Run pybabel quietly; raise on failure."""
    done = subprocess.run([*PYBABEL, *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise subprocess.CalledProcessError(done.returncode, args)


def extract() -> None:
    """Collect msgids from Python code and templates."""
    run(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "lazy_gettext",
        "--no-location",
        "--sort-output",
        "-o",
        str(POT),
        ".",
    )


def languages() -> list[str]:
    """Languages with a catalogue directory."""
    return sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES").is_dir())


def _untranslated(message) -> bool:
    """True when a message (or any of its plural forms) has no translation, or is fuzzy."""
    parts = message.string if isinstance(message.string, tuple) else (message.string,)
    return not all(parts) or message.fuzzy


def fill_from_fragments(lang: str) -> int:
    """Fill empty or fuzzy translations of messages.po from fragment .po files; returns count."""
    folder = LOCALES / lang / "LC_MESSAGES"
    memory: dict[str, str] = {}
    for fragment in sorted(folder.glob("*.po")):
        if fragment.name == "messages.po":
            continue
        with fragment.open("rb") as fh:
            for message in read_po(fh):
                if message.id and not _untranslated(message):
                    memory[message.id if isinstance(message.id, str) else message.id[0]] = (
                        message.string
                    )
    path = folder / "messages.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    filled = 0
    for message in catalog:
        key = message.id if isinstance(message.id, str) else (message.id[0] if message.id else "")
        if key and _untranslated(message) and key in memory:
            message.string = memory[key]
            message.flags.discard("fuzzy")
            filled += 1
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=True)
    return filled


def update() -> None:
    """Extract and update every catalogue."""
    extract()
    for lang in languages():
        po = LOCALES / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            run("update", "-i", str(POT), "-d", str(LOCALES), "-l", lang, "--no-fuzzy-matching")
        else:
            run("init", "-i", str(POT), "-d", str(LOCALES), "-l", lang)
        print(f"{lang}: {fill_from_fragments(lang)} filled from fragments")
    check(strict=False)


def is_public_location(filename: str) -> bool:
    """True when a source file is resident-facing (``PUBLIC_SOURCES``)."""
    return any(fnmatch(filename, p) for p in PUBLIC_SOURCES) and not any(
        fnmatch(filename, p) for p in STAFF_SOURCES
    )


def public_msgids() -> set[str]:
    """Msgids (first form of plurals) with a location in a resident-facing source file."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "located.pot"
        run("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), ".")
        with pot.open("rb") as fh:
            catalog = read_po(fh)
    return {_key(m) for m in catalog if m.id and any(is_public_location(f) for f, _ in m.locations)}


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def resident_languages() -> list[str]:
    """Catalogues that residents read besides German: everything but the source languages."""
    return [lang for lang in languages() if lang not in SOURCE_LANGUAGES | {"de"}]


def check(strict: bool = True) -> int:
    """Report untranslated msgids (German: all; tr, ar, …: the public set); exit 1 if strict."""
    total = 0
    public = None
    for lang in ["de", *resident_languages()]:
        path = LOCALES / lang / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            continue
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        if lang == "de":
            wanted = [m for m in catalog if m.id]
        else:
            public = public_msgids() if public is None else public
            wanted = [m for m in catalog if m.id and _key(m) in public]
        missing = [_key(m) for m in wanted if _untranslated(m)]
        for msgid in missing[:50]:
            print(f"untranslated ({lang}): {msgid!r}")
        scope = "" if lang == "de" else " public"
        print(f"{lang}: {len(missing)} untranslated of {len(wanted)}{scope}")
        total += len(missing)
    if strict and total:
        sys.exit(1)
    return total


def compile_all() -> None:
    """Compile every messages.po into messages.mo."""
    run("compile", "-d", str(LOCALES), "--statistics")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    {"update": update, "compile": compile_all, "check": check, "extract": extract}[command]()
