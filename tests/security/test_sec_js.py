"""Defect 10 as a class: no script in static/js puts data into the page as HTML.

Leaflet's ``bindTooltip``/``bindPopup``/``setContent`` and ``divIcon({html})`` take a string as
HTML; ``innerHTML``, ``outerHTML``, ``insertAdjacentHTML`` and ``document.write`` do the same. The
rule: those sinks only get DOM nodes built with ``textContent`` (a variable name, or ``el(...)``),
never a string expression. The browser test ``tests/browser/test_security.py`` proves it on a map.
"""

import re
from pathlib import Path

JS = Path(__file__).resolve().parents[2] / "static" / "js"
LEAFLET_SINK = re.compile(
    r"\.(bindTooltip|bindPopup|setContent|setTooltipContent|setPopupContent)\(\s*([^),]*)"
)
HTML_OPTION = re.compile(r"\bhtml\s*:\s*([^,}]*)")
RAW_SINK = re.compile(r"\.(innerHTML|outerHTML)\s*[+]?=(?!=)|insertAdjacentHTML|document\.write")


def _node_names(source: str) -> set[str]:
    """Variables assigned from document.createElement / a local el() helper."""
    return set(
        re.findall(r"\b(?:var|let|const)?\s*(\w+)\s*=\s*(?:document\.createElement|el)\(", source)
    )


def _node_builders(source: str) -> set[str]:
    """Local functions that build DOM nodes (their body starts with document.createElement)."""
    return set(
        re.findall(
            r"function\s+(\w+)\s*\([^)]*\)\s*\{\s*var\s+\w+\s*=\s*document\.createElement", source
        )
    )


SAFE_CALLS = ("document.createTextNode(", "document.createElement(")


def _problems(name: str, source: str) -> list[str]:
    nodes = _node_names(source)
    builders = _node_builders(source)
    found = []
    for match in LEAFLET_SINK.finditer(source):
        arg = match.group(2).strip()
        call = arg.split("(", 1)[0]
        if arg not in nodes and not arg.startswith(SAFE_CALLS) and call not in builders:
            found.append(f"{name}: {match.group(1)}({arg}) — pass a text node, not a string")
    for match in HTML_OPTION.finditer(source):
        arg = match.group(1).strip()
        if arg not in nodes and arg not in ('""', "''"):
            found.append(f"{name}: html: {arg} — pass a DOM node")
    for match in RAW_SINK.finditer(source):
        found.append(f"{name}: {match.group(0)} — use textContent / DOM nodes")
    return found


def test_checker_catches_a_string_tooltip():
    assert _problems("x.js", "l.bindTooltip(f.properties.name);")
    assert _problems("x.js", "div.innerHTML = name;")
    assert not _problems("x.js", 'var s = document.createElement("span"); l.bindTooltip(s);')
    assert not _problems("x.js", "l.bindTooltip(document.createTextNode(f.properties.name));")
    assert _problems("x.js", "l.bindTooltip(String(name));")


def test_no_script_puts_data_in_as_html():
    problems = []
    for path in sorted(JS.glob("*.js")):
        problems += _problems(path.name, path.read_text())
    assert problems == []
