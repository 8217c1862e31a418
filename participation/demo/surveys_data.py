"""Texts of the demo surveys (realistic German, with English translations)."""


def _q(kind, de, en, options=(), section=0, **extra):
    return {"type": kind, "de": de, "en": en, "options": options, "section": section, **extra}


TITLE = "Befragung zum Spielplatz Körnerpark"
INTRO_DE = (
    "Der Spielplatz am Körnerpark wird 2027 erneuert. Mit dieser Befragung möchten wir wissen, "
    "wie Sie den Platz heute nutzen und was Ihnen beim Umbau wichtig ist.\n\n"
    "Die Befragung dauert etwa 5 Minuten und ist anonym: Wir speichern weder Ihren Namen noch "
    "Ihre IP-Adresse. Ergebnisse zeigen wir nur für Gruppen ab 5 Personen.\n\n"
    "Mit „Spielplatz“ meinen wir die eingezäunte Fläche an der Jonasstraße mit dem Sandkasten, "
    "den Schaukeln und dem Klettergerüst – nicht die Wiese im Park."
)
INTRO_EN = (
    "The Körnerpark playground will be renewed in 2027. We would like to know how you use it "
    "today and what matters to you for the rebuild.\n\nIt takes about 5 minutes and is "
    "anonymous: we store neither your name nor your IP address. Results are only shown for "
    "groups of at least 5 people."
)


QUESTIONS = [
    _q(
        "area",
        "In welchem Kiez wohnen Sie?",
        "Which neighbourhood do you live in?",
        settings={"home": True, "within": "district"},
        help={
            "de": "Wählen Sie den Planungsraum aus der Liste. Wohnen Sie nicht in Neukölln, "
            "lassen Sie die Frage leer.",
            "en": "Choose your planning area. Leave it empty if you do not live in Neukölln.",
        },
    ),
    _q(
        "single",
        "Wie oft sind Sie auf dem Spielplatz am Körnerpark?",
        "How often are you at the Körnerpark playground?",
        [
            ("fast täglich", "almost every day"),
            ("ein- bis zweimal pro Woche", "once or twice a week"),
            ("ein paarmal im Monat", "a few times a month"),
            ("seltener", "less often"),
            ("nie", "never"),
        ],
        required=True,
    ),
    _q(
        "single",
        "Kommen Sie mit Kindern auf den Spielplatz?",
        "Do you come to the playground with children?",
        [("Ja", "Yes"), ("Nein", "No")],
        required=True,
    ),
    _q(
        "multiple",
        "Wie alt sind die Kinder, mit denen Sie kommen?",
        "How old are the children you come with?",
        [
            ("unter 3 Jahre", "under 3"),
            ("3 bis 5 Jahre", "3 to 5"),
            ("6 bis 9 Jahre", "6 to 9"),
            ("10 bis 13 Jahre", "10 to 13"),
            ("14 Jahre und älter", "14 or older"),
        ],
        condition=(2, "1"),
    ),
    _q(
        "scale",
        "Wie zufrieden sind Sie mit dem Spielplatz heute?",
        "How satisfied are you with the playground today?",
        settings={
            "min": 1,
            "max": 5,
            "label_min": {"de": "gar nicht zufrieden", "en": "not at all"},
            "label_max": {"de": "sehr zufrieden", "en": "very satisfied"},
        },
    ),
    _q(
        "multiple",
        "Was fehlt Ihnen am meisten? (höchstens drei)",
        "What do you miss most? (at most three)",
        [
            ("Schatten", "shade"),
            ("Bänke zum Ausruhen", "benches"),
            ("Trinkwasserbrunnen", "drinking fountain"),
            ("Toilette", "toilet"),
            ("Geräte für Kleinkinder", "equipment for toddlers"),
            ("Ecke für Jugendliche", "a corner for teenagers"),
            ("bessere Beleuchtung", "better lighting"),
        ],
        section=1,
        settings={"allow_other": True, "max_choices": 3},
    ),
    _q(
        "ranking",
        "Was ist Ihnen beim Umbau am wichtigsten? Bitte ordnen Sie.",
        "What matters most to you in the rebuild? Please rank.",
        [
            ("Sicherheit", "safety"),
            ("Sauberkeit", "cleanliness"),
            ("Natur und Bäume", "nature and trees"),
            ("Barrierefreiheit", "accessibility"),
            ("Platz zum Toben", "room to run around"),
        ],
        section=1,
    ),
    _q(
        "map",
        "Wo auf dem Platz oder in der Nähe halten Sie sich am liebsten auf?",
        "Where on or near the playground do you like to spend time?",
        section=1,
        help={
            "de": "Tippen Sie auf die Karte. Ohne Karte wählen Sie das Gebiet aus der Liste.",
            "en": "Tap the map, or choose the area from the list.",
        },
    ),
    _q(
        "scale",
        "Wie sicher fühlen Sie sich abends im Körnerpark?",
        "How safe do you feel in Körnerpark in the evening?",
        section=1,
        settings={
            "min": 0,
            "max": 10,
            "label_min": {"de": "gar nicht sicher", "en": "not safe"},
            "label_max": {"de": "sehr sicher", "en": "very safe"},
        },
    ),
    _q(
        "long_text",
        "Was möchten Sie uns noch sagen?",
        "Anything else you want to tell us?",
        section=1,
    ),
]
WISHES = [
    "Bitte mehr Schatten am Sandkasten, im Sommer ist es dort kaum auszuhalten.",
    "Eine Toilette wäre toll, wir müssen sonst immer nach Hause gehen.",
    "Die Bänke sind kaputt. Für Großeltern braucht es Sitzplätze mit Lehne.",
    "Abends ist es sehr dunkel am Eingang Jonasstraße.",
    "Ein Trinkbrunnen für die Kinder, bitte!",
    "Mehr Geräte für die Kleinen, die Kletterwand ist nur für Große.",
    "Die Jugendlichen brauchen auch einen Platz, zum Beispiel eine Tischtennisplatte.",
    "Bitte die alten Bäume erhalten, sie sind das Beste am Platz.",
    "Der Zaun sollte bleiben, damit die Kleinen nicht auf die Straße laufen.",
    "Mehrsprachige Schilder wären schön, viele Eltern sprechen Türkisch oder Arabisch.",
]
