"""About 40 realistic actors around the Körnerpark in Neukölln, their relations, and two rounds of
assessments for the demo process, so the matrix shows movement and the coverage check warns.

The Jobcenter is in the registry but deliberately not assessed: the process dashboard shows
"Jobcenter" as missing at the table.
"""

from datetime import date, timedelta

from sqlalchemy import select

from participation.accounts.models import User
from participation.areas.models import Area
from participation.extensions import db
from participation.processes.models import Process
from participation.stakeholders import services
from participation.stakeholders.analysis import AssessmentInput, Selection, latest_assessments
from participation.stakeholders.analysis import save_assessment as assess
from participation.stakeholders.coverage import create_invitation_list
from participation.stakeholders.models import Actor, ActorType

DEMO_SLUG = "spielplatz-koernerpark"
NK, KP, GS, MITTE = "08", "08010213", "08010214", "080102"
BA = "Bezirksamt Neukölln – "
BVV = " in der BVV Neukölln"

# key: (name, type key, area code or "")
ACTORS = {
    "jugendamt": (BA + "Jugendamt", "administration", NK),
    "sozialamt": (BA + "Sozialamt", "administration", NK),
    "sga": (BA + "Straßen- und Grünflächenamt", "administration", NK),
    "planung": (BA + "Sozialraumorientierte Planungskoordination", "administration", NK),
    "senat": (
        "Senatsverwaltung für Stadtentwicklung – Sozialer Zusammenhalt",
        "administration",
        "",
    ),
    "jobcenter": ("Jobcenter Berlin Neukölln", "jobcenter", NK),
    "paritaet": ("Der Paritätische Berlin", "welfare", NK),
    "awo": ("AWO Kreisverband Berlin-Südost e. V.", "welfare", NK),
    "caritas": ("Caritasverband für das Erzbistum Berlin – Region Süd", "welfare", NK),
    "diakonie": ("Diakonisches Werk Neukölln-Oberspree e. V.", "welfare", NK),
    "drk": ("DRK Kreisverband Berlin-Süd-Ost e. V.", "welfare", NK),
    "nbh": ("Nachbarschaftsheim Neukölln e. V.", "welfare", MITTE),
    "fz": ("Familienzentrum am Körnerpark (AWO)", "welfare", KP),
    "stm": ("Stadtteilmütter in Neukölln", "welfare", NK),
    "qr": ("Quartiersrat Körnerpark", "residents_group", KP),
    "mbr": ("Mieterbeirat Siedlung Glasower Straße", "residents_group", GS),
    "eltern": ("Elterninitiative Spielplatz Jonasstraße", "initiative", KP),
    "schule": ("Körnerpark-Grundschule", "school", KP),
    "kita1": ("Kita Sonnenblume Jonasstraße", "kita", KP),
    "kita2": ("Kita Regenbogen Glasower Straße", "kita", GS),
    "kirche": ("Evangelische Kirchengemeinde Neukölln-Körnerpark", "faith", KP),
    "moschee": ("Moscheegemeinde Neukölln-Mitte e. V.", "faith", MITTE),
    "clara": ("Katholische Pfarrei St. Clara", "faith", MITTE),
    "stadtland": ("Stadt und Land Wohnungsbaugesellschaft mbH", "housing", NK),
    "polizei": ("Polizeiabschnitt 55", "police", NK),
    "handel": ("Händlergemeinschaft Hermannstraße", "business", MITTE),
    "jz": ("Jugendzentrum Jonasstraße", "club", KP),
    "sv": ("SV Körnerpark 1923 e. V.", "club", KP),
    "kjgd": ("Kinder- und Jugendgesundheitsdienst Neukölln", "health", NK),
    "ash": ("Alice Salomon Hochschule – Projekt Spielräume", "science", ""),
    "zeitung": ("Stadtteilzeitung Körnerkiez", "media", MITTE),
    "spd": ("SPD-Fraktion" + BVV, "party_group", NK),
    "cdu": ("CDU-Fraktion" + BVV, "party_group", NK),
    "gruene": ("Fraktion Bündnis 90/Die Grünen" + BVV, "party_group", NK),
    "linke": ("Fraktion Die Linke" + BVV, "party_group", NK),
    "wolff": ("Jana Wolff", "council_member", NK),
    "krueger": ("Dr. Sabine Krüger", "school", KP),
    "aydin": ("Mehmet Aydın", "key_person", KP),
    "schramm": ("Günter Schramm", "resident", GS),
    "demir": ("Elif Demir", "resident", KP),
}
PERSONS = {"wolff", "krueger", "aydin", "schramm", "demir"}
# contact data and notes; persons get a legal basis (public role, or consent N days ago)
DETAILS = {
    "jugendamt": {"email": "jugendamt@ba-neukoelln.example.org", "phone": "030 90239-0"},
    "sozialamt": {"address": "Karl-Marx-Straße 83, 12040 Berlin"},
    "sga": {"email": "sga@ba-neukoelln.example.org", "tags": "Spielplätze, Grünflächen"},
    "planung": {"tags": "Sozialplanung"},
    "senat": {"tags": "Förderung"},
    "jobcenter": {"address": "Mainzer Straße 27, 12053 Berlin"},
    "awo": {"email": "info@awo-suedost.example.org"},
    "diakonie": {"tags": "Familien, Migration"},
    "fz": {"tags": "Familien, Kinder und Jugend", "phone": "030 1234 4410"},
    "stm": {"tags": "Familien, Migration, Geh-Struktur"},
    "eltern": {"tags": "Spielplatz, Kinder und Jugend"},
    "schule": {"email": "sekretariat@koernerpark-gs.example.org"},
    "stadtland": {"tags": "Wohnen, Hofgestaltung"},
    "polizei": {"address": "Rollbergstraße 28, 12053 Berlin"},
    "jz": {"tags": "Kinder und Jugend"},
    "sv": {"tags": "Sport"},
    "wolff": {"legal_basis": "public_role", "email": "jana.wolff@bvv-neukoelln.example.org"},
    "krueger": {"legal_basis": "public_role", "phone": "030 1234 4420"},
    "aydin": {"legal_basis": "consent", "consent": 100, "phone": "0176 555 0134"},
    "schramm": {"legal_basis": "consent", "consent": 60, "email": "g.schramm@example.org"},
    "demir": {"notes": "Mutter von zwei Kindern; war beim Kiezspaziergang. Keine Kontaktdaten."},
}
PARENTS = {"fz": "awo", "stm": "diakonie"}
MEMBERSHIPS = [
    ("wolff", "gruene", "Bezirksverordnete, Vorsitzende des Ausschusses für Umwelt und Natur"),
    ("krueger", "schule", "Schulleiterin"),
    ("schramm", "mbr", "Vorsitzender"),
    ("demir", "eltern", "Sprecherin"),
]
RELATIONS = [
    ("nbh", "member_of", "paritaet", ""),
    ("fz", "cooperates", "kita1", "Elterncafé"),
    ("stm", "cooperates", "schule", "Elternabende"),
    ("senat", "funds", "sga", "Umbau Spielplatz"),
    ("jugendamt", "funds", "fz", ""),
    ("jugendamt", "funds", "jz", ""),
    ("jobcenter", "funds", "stm", "Beschäftigungsförderung"),
    ("mbr", "conflict", "stadtland", "Hofgestaltung und Betriebskosten"),
    ("eltern", "conflict", "sga", "Bauzeit und gesperrte Geräte"),
    ("polizei", "cooperates", "qr", "Kiezstreife"),
    ("moschee", "cooperates", "kirche", "Interreligiöses Kiezfest"),
    ("caritas", "cooperates", "clara", ""),
    ("sv", "cooperates", "schule", "Bewegte Pause"),
]
# key: (influence, interest, attitude, flags); flags: c = success-critical, d = dual role,
# i = indirect influence; first round 90 days ago, second round 7 days ago
FIRST = {
    "sga": (4, 4, 2, "cd"),
    "jugendamt": (3, 3, 1, "c"),
    "senat": (4, 1, 0, "c"),
    "qr": (3, 4, 2, ""),
    "mbr": (1, 3, -1, ""),
    "stadtland": (3, 1, -1, "i"),
    "eltern": (1, 4, -2, ""),
    "schule": (2, 3, 1, ""),
    "handel": (0, 1, 0, ""),
    "polizei": (1, 1, 0, ""),
    "fz": (2, 3, 1, "d"),
    "stm": (1, 4, 2, ""),
    "cdu": (3, 1, -1, ""),
    "spd": (3, 2, 0, ""),
    "wolff": (4, 3, 1, "c"),
}
SECOND = {
    "mbr": (3, 4, 0, ""),
    "stadtland": (3, 3, 1, "i"),
    "eltern": (2, 4, 1, ""),
    "handel": (1, 2, 0, ""),
    "schule": (2, 4, 2, ""),
    "kita1": (1, 4, 2, ""),
    "aydin": (1, 3, 0, ""),
    "moschee": (1, 2, 0, ""),
    "kirche": (1, 2, 1, ""),
    "gruene": (3, 2, 1, ""),
    "diakonie": (2, 2, 1, ""),
    "sv": (0, 2, 0, ""),
}
TEXTS = {
    "sga": "Plant den Umbau und würde ihn selbst ausführen; Eigentümer der Fläche.",
    "jugendamt": "Zuständig für Kinder- und Jugendförderung im Kiez.",
    "senat": "Gibt 380.000 € aus dem Programm „Sozialer Zusammenhalt“.",
    "qr": "Vertritt die Bewohnerinnen und Bewohner im Quartier.",
    "mbr": "Viele Familien aus der Siedlung nutzen den Platz.",
    "stadtland": "Bietet an, den Zugang vom Hof der Siedlung mitzufinanzieren.",
    "eltern": "Eltern, deren Kinder den Platz täglich nutzen.",
    "fz": "Würde die Spielplatzpatenschaft übernehmen.",
    "wolff": "Leitet den Ausschuss, der im April 2027 entscheidet.",
    "aydin": "Sieht jeden Tag, wer den Platz nutzt und wer ihn meidet.",
}
ACCESS = {
    "schule": "Erreicht über die Elternvertretung fast alle Familien im Einzugsgebiet.",
    "stm": "Erreichen Familien, die wenig Deutsch sprechen: Hausbesuche auf Arabisch und Türkisch.",
    "aydin": "Kennt viele Jugendliche und Familien persönlich.",
}
GOALS = {"qr": "yes", "mbr": "partly", "eltern": "no"}
NOMINATED = {"moschee": "stm", "sv": "schule"}
OVERRIDES = {
    "cdu": (
        "involve",
        "Die Fraktion hat im Ausschuss Bedenken zur Bauzeit angemeldet; "
        "wir laden sie zur Ortsbegehung ein.",
    )
}


def _areas(code: str) -> list[Area]:
    if not code:
        return []
    return list(db.session.scalars(select(Area).where(Area.code == code, Area.valid_to.is_(None))))


def _assess_round(process, when: date, rows: dict, actors: dict, user) -> None:
    for key, (influence, interest, attitude, flags) in rows.items():
        strategy, reason = OVERRIDES.get(key, (None, ""))
        nominated = NOMINATED.get(key)
        data = AssessmentInput(
            assessed_on=when,
            influence=influence,
            interest=interest,
            attitude=attitude,
            influence_direct="i" not in flags,
            success_critical="c" in flags,
            dual_role="d" in flags,
            legitimate_interest=TEXTS.get(key, ""),
            access_text=ACCESS.get(key, ""),
            goals_consider=GOALS.get(key, ""),
            nominated_by_id=actors[nominated].id if nominated else None,
            strategy=strategy,
            override_reason=reason,
            # The demo shares its analysis with the council (opt-in per process, see below).
            visibility="council",
        )
        assess(process, actors[key], data, user)


def seed_stakeholders() -> str:
    """Create the registry, relations and dated assessments unless they exist."""
    if db.session.scalar(select(Actor.id).limit(1)):
        return "demo stakeholders present"
    planner = db.session.scalar(select(User).where(User.email == "planung@example.org"))
    types = {t.key: t for t in db.session.scalars(select(ActorType))}
    today = date.today()
    actors: dict[str, Actor] = {}
    for key, (name, type_key, code) in ACTORS.items():
        extra = dict(DETAILS.get(key, {}))
        if "consent" in extra:
            extra["consent_date"] = today - timedelta(days=extra.pop("consent"))
        kind = "person" if key in PERSONS else "organisation"
        actors[key] = services.create_actor(
            planner, _areas(code), name=name, kind=kind, type_id=types[type_key].id, **extra
        )
    for child, parent in PARENTS.items():
        actors[child].parent_id = actors[parent].id
    for person, organisation, function in MEMBERSHIPS:
        services.add_membership(actors[person], actors[organisation], function, planner)
    for source, kind, target, note in RELATIONS:
        services.add_relation(actors[source], actors[target], kind, note, planner)
    process = db.session.scalar(select(Process).where(Process.slug == DEMO_SLUG))
    if process is not None:
        process.council_assessments = True  # council members may read the demo analysis
        _assess_round(process, today - timedelta(days=90), FIRST, actors, planner)
        _assess_round(process, today - timedelta(days=7), SECOND, actors, planner)
        steering = [
            a.actor for a in latest_assessments(process, today, Selection(influence="high"))
        ]
        create_invitation_list(
            process,
            steering,
            "Steuerungsrunde Spielplatz: Akteure mit hohem Einfluss",
            planner,
            criteria={"influence": "high"},
        )
    db.session.commit()
    return f"demo stakeholders: {len(actors)} actors, relations, two rounds of assessments"
