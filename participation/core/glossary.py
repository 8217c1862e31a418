"""Plain-language glossary for residents, and the ``term()`` template helper that links to it.

Residents meet planning words on letters, posters and these pages (Konsultation, Sozialraum,
Planungsraum, Maßnahme, …). ``{{ term("consultation") }}`` renders the word in the page's
language as a link to its entry on ``/glossary``, with the short definition as the link's title.
Other packages link their words the same way; a new term is one line in ``TERMS``.
"""

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from participation.core.web import bp

#: key → (word, plain definition). Keys of the participation levels match ``Process.level``;
#: keys of area levels match ``AreaLevel.key`` in the Berlin demo (other cities add theirs).
TERMS = {
    "information": (
        _l("Information"),
        _l(
            "The lowest level of participation: the city tells you about plans and decisions. "
            "You cannot change them here, but you can ask questions."
        ),
    ),
    "consultation": (
        _l("Consultation"),
        _l(
            "Your opinion is asked for, for example in a survey or with pins on a map. Others "
            "decide afterwards – often the district council – and say what became of your input."
        ),
    ),
    "cooperation": (
        _l("Cooperation"),
        _l(
            "You work on the solution together with the administration, for example in a "
            "working group or at a neighbourhood conference."
        ),
    ),
    "co_decision": (
        _l("Co-decision"),
        _l("Residents decide themselves, for example how a neighbourhood budget is spent."),
    ),
    "social_space": (
        _l("Social space"),
        _l(
            "A part of the city with a few thousand residents. The city looks at its figures, "
            "needs and services together – for children, older people, health and housing."
        ),
    ),
    "planungsraum": (
        _l("Planning area"),
        _l(
            "The smallest area Berlin plans for: a few streets around a square or a park, for "
            "example “Körnerpark”. Several planning areas form a district region, several "
            "district regions a forecast area, and these a district."
        ),
    ),
    "bezirksregion": (
        _l("District region"),
        _l("A group of neighbouring planning areas within a district, for example “Neukölln”."),
    ),
    "prognoseraum": (
        _l("Forecast area"),
        _l("A large part of a district that Berlin uses for population forecasts."),
    ),
    "bezirk": (
        _l("District"),
        _l("One of Berlin's twelve districts, each with its own district office and council."),
    ),
    "measure": (
        _l("Measure"),
        _l(
            "Something concrete the city does, for example new benches or an advice service. "
            "A measure can take up ideas from residents; you can follow whether it is decided "
            "and carried out."
        ),
    ),
    "contribution": (
        _l("Contribution"),
        _l(
            "Anything you share here: a pin on the map, an idea or an answer. Each contribution "
            "has a status, so you can see what became of it."
        ),
    ),
    "neighbourhood_conference": (
        _l("Neighbourhood conference"),
        _l(
            "A meeting of the people and organisations of an area – residents, schools, "
            "day-care centres, clubs, social services and the administration – about needs and "
            "what has been done."
        ),
    ),
}


def term(key: str, text: str | None = None) -> Markup:
    """A link to the glossary entry *key*; *text* replaces the word (e.g. an inflected form).

    Unknown keys render the plain (escaped) text, so a template never fails on a missing term.
    """
    if key not in TERMS:
        return Markup(escape(text or key))
    word, definition = TERMS[key]
    href = url_for("core.glossary", _anchor=f"term-{key}")
    return Markup(
        f'<a class="term" href="{escape(href)}" title="{escape(definition)}">'
        f"{escape(text or word)}</a>"
    )


@bp.app_template_global("term")
def _term_global(key: str, text: str | None = None) -> Markup:
    return term(key, text)


@bp.route("/glossary")
def glossary():
    """The glossary page: each word, its plain definition and the German word used in letters."""
    with force_locale("de"):
        german = {key: str(word) for key, (word, _definition) in TERMS.items()}
    entries = sorted(
        (
            (key, str(word), str(definition), german[key])
            for key, (word, definition) in TERMS.items()
        ),
        key=lambda e: e[1].casefold(),
    )
    return render_template("glossary/index.html", entries=entries)
