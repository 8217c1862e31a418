"""Reading area features: the checks per feature and the import report.

Every problem names the feature (position and code) and what is wrong, so a city can fix its file
in one pass; nothing is written here (``importer`` applies the valid features).
"""

import math
import unicodedata
from dataclasses import dataclass, field

from flask_babel import gettext as _

from participation.areas.geo import GeoError, read_polygon
from participation.areas.models import Area

CODE_MAX = 40  # Area.code
NAME_MAX = 200  # Area.name
#: More people than live in any city: a figure beyond this is a unit or typing error.
POPULATION_MAX = 100_000_000


@dataclass
class Problem:
    """One message about one feature (``index`` is 1-based; 0 = the whole file)."""

    index: int
    code: str | None
    message: str

    def __str__(self) -> str:
        if not self.index:
            return self.message
        where = _("Feature %(n)s", n=self.index)
        if self.code:
            where += f" ({self.code})"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    """What an import found and did."""

    level: str
    features: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    versioned: int = 0
    unchanged: int = 0
    skipped: int = 0
    applied: bool = False

    def summary(self) -> str:
        """One line for the CLI and the page."""
        return _(
            "%(features)s features: %(created)s new, %(versioned)s new boundary versions, "
            "%(updated)s updated, %(unchanged)s unchanged, %(skipped)s skipped; "
            "%(errors)s errors, %(warnings)s warnings.",
            features=self.features,
            created=self.created,
            versioned=self.versioned,
            updated=self.updated,
            unchanged=self.unchanged,
            skipped=self.skipped,
            errors=len(self.errors),
            warnings=len(self.warnings),
        )


@dataclass
class Parsed:
    """A feature that passed every check (its parent is assigned afterwards)."""

    index: int
    code: str
    name: str
    geom: object
    population: int | None
    parent: Area | None = None


def has_control_chars(value) -> bool:
    """True when *value* (a code or name) contains NUL, line breaks or other control characters."""
    return value is not None and any(unicodedata.category(ch) == "Cc" for ch in str(value))


def parse_features(features, code_field, name_field, population_field, transformer, report):
    """Check every feature; the valid ones come back as :class:`Parsed`, problems go to *report*."""
    parsed: list[Parsed] = []
    seen: dict[str, int] = {}
    for i, feature in enumerate(features, start=1):
        props = (feature.get("properties") or {}) if isinstance(feature, dict) else {}
        problems = []
        if not isinstance(feature, dict) or not isinstance(props, dict):
            problems.append(_("this is not a GeoJSON feature with properties"))
            props = {}
        code = props.get(code_field)
        code = None if code in (None, "") or isinstance(code, dict | list) else str(code).strip()
        name = props.get(name_field)
        name = None if isinstance(name, dict | list | bool) else name
        if code is None:
            problems.append(_("the property %(field)s (code) is missing", field=code_field))
        elif len(code) > CODE_MAX:
            problems.append(_("the code is longer than %(n)s characters", n=CODE_MAX))
        if not name:
            problems.append(_("the property %(field)s (name) is missing", field=name_field))
        elif len(str(name).strip()) > NAME_MAX:
            problems.append(_("the name is longer than %(n)s characters", n=NAME_MAX))
        if has_control_chars(code) or has_control_chars(name):
            # NUL and other control characters are never part of a name; PostgreSQL refuses NUL.
            problems.append(_("the code or the name contains control characters"))
        if code is not None and code in seen:
            problems.append(
                _("the code %(code)s occurs twice (also feature %(n)s)", code=code, n=seen[code])
            )
        try:
            geom = read_polygon(
                feature.get("geometry") if isinstance(feature, dict) else None, transformer
            )
        except GeoError as exc:
            problems.append(str(exc))
            geom = None
        population = None
        if population_field and props.get(population_field) not in (None, ""):
            population = population_of(props[population_field])
            if population is None:
                report.warnings.append(
                    Problem(
                        i,
                        code,
                        _(
                            "population is not a plausible number (0 to %(max)s); ignored",
                            max=f"{POPULATION_MAX:,}".replace(",", "."),
                        ),
                    )
                )
        if code is not None and code not in seen:
            seen[code] = i
        if problems:
            report.errors.extend(Problem(i, code, p) for p in problems)
            report.skipped += 1
            continue
        parsed.append(Parsed(i, code, str(name).strip(), geom, population))
    return parsed


def refuse_constant(name: str):
    """``NaN``/``Infinity`` are not JSON (Python accepts them): refuse them as a parse error."""
    raise ValueError(_("%(value)s is not a valid JSON number", value=name))


def population_of(value) -> int | None:
    """A whole number of residents within bounds, else None (1e999, Infinity, -5, "viele")."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(number) or not 0 <= number <= POPULATION_MAX:
        return None
    return int(number)
