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
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
POT = LOCALES / "messages.pot"
PYBABEL = [sys.executable, "-m", "babel.messages.frontend"]


def run(*args: str) -> None:
    """Run pybabel quietly; raise on failure."""
    subprocess.run([*PYBABEL, *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


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


def check(strict: bool = True) -> int:
    """Report untranslated German msgids; exit 1 in strict mode when there are any."""
    with (LOCALES / "de" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="de")
    missing = [m.id for m in catalog if m.id and _untranslated(m)]
    for msgid in missing[:50]:
        print(f"untranslated (de): {msgid!r}")
    print(f"de: {len(missing)} untranslated of {len([m for m in catalog if m.id])}")
    if strict and missing:
        sys.exit(1)
    return len(missing)


def compile_all() -> None:
    """Compile every messages.po into messages.mo."""
    run("compile", "-d", str(LOCALES), "--statistics")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    {"update": update, "compile": compile_all, "check": check, "extract": extract}[command]()
