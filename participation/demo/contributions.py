"""About forty pins and ideas for the demo process, online and typed in from paper cards."""

import random
import secrets
from datetime import timedelta

from shapely.geometry import Point, shape
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.areas.models import Area
from participation.contributions.models import Contribution, Support
from participation.contributions.moderation import hide_contribution
from participation.contributions.services import create_contribution, set_status
from participation.contributions.tokens import browser_hash
from participation.core.db import utcnow
from participation.demo.process import DEMO_SLUG
from participation.extensions import db
from participation.processes.models import Process

# (category key, area code, title, text, channel, supporters)
ITEMS = [
    (
        "like",
        "08010213",
        "Die großen Platanen",
        "Unter den alten Bäumen ist es im Sommer schön kühl. Bitte unbedingt erhalten!",
        "online",
        14,
    ),
    (
        "like",
        "08010213",
        "Wasserfontänen im Körnerpark",
        "Meine Kinder lieben die Fontänen. Ein Wasserspiel auf dem Spielplatz wäre toll.",
        "online",
        9,
    ),
    (
        "like",
        "08010213",
        "Rasen zum Picknicken",
        "Wir treffen uns hier jeden Sonntag mit mehreren Familien. Die Wiese soll bleiben.",
        "online",
        6,
    ),
    (
        "like",
        "08010213",
        "Kletterbaum am Eingang Jonasstraße",
        "Der umgestürzte Baumstamm ist das beliebteste Spielgerät – und kostet nichts.",
        "paper",
        4,
    ),
    (
        "like",
        "08010214",
        "Ruhige Ecke an der Glasower Straße",
        "Hier kann man mit dem Kinderwagen in Ruhe sitzen.",
        "online",
        2,
    ),
    (
        "like",
        "08010213",
        "Sandkasten mit Schatten",
        "Der Sandkasten unter dem Baum ist der einzige, wo man mittags spielen kann.",
        "doorstep",
        3,
    ),
    (
        "like",
        "08010214",
        "Bolzplatz Thomasstraße",
        "Die Jugendlichen spielen hier jeden Abend Fußball. Bitte nicht wegnehmen.",
        "event",
        7,
    ),
    (
        "like",
        "08010213",
        "Blick in die Orangerie",
        "Von der Bank an der Treppe sieht man die Orangerie – mein Lieblingsplatz.",
        "online",
        1,
    ),
    (
        "avoid",
        "08010213",
        "Dunkler Durchgang zur Schierker Straße",
        "Abends ist der Weg kaum beleuchtet. Ich gehe da nachts nicht mehr lang.",
        "online",
        18,
    ),
    (
        "avoid",
        "08010213",
        "Scherben am Klettergerüst",
        "Fast jeden Morgen liegen Glasscherben im Sand unter dem Gerüst.",
        "online",
        11,
    ),
    (
        "avoid",
        "08010214",
        "Kreuzung Glasower Straße",
        "Autos fahren hier sehr schnell. Für Kinder auf dem Weg zum Spielplatz gefährlich.",
        "doorstep",
        8,
    ),
    (
        "avoid",
        "08010213",
        "Rutsche seit Monaten gesperrt",
        "Die große Rutsche ist abgesperrt, niemand weiß, wann sie repariert wird.",
        "paper",
        5,
    ),
    (
        "avoid",
        "08010214",
        "Hundewiese ohne Zaun",
        "Hunde laufen frei über den Spielplatz. Meine Tochter hat Angst.",
        "online",
        4,
    ),
    (
        "avoid",
        "08010213",
        "Ecke hinter dem Toilettenhäuschen",
        "Es riecht stark nach Urin, die Ecke wird als Toilette benutzt.",
        "online",
        3,
    ),
    (
        "avoid",
        "08010214",
        "Treppe ohne Rampe",
        "Mit dem Rollator oder Kinderwagen komme ich hier nicht hoch.",
        "paper",
        6,
    ),
    (
        "missing",
        "08010213",
        "Bänke für Großeltern",
        "Es gibt kaum Bänke mit Lehne. Ältere Menschen können nicht lange stehen.",
        "online",
        16,
    ),
    (
        "missing",
        "08010213",
        "Öffentliche Toilette",
        "Die nächste Toilette ist am S-Bahnhof. Mit kleinen Kindern ist das zu weit.",
        "online",
        13,
    ),
    (
        "missing",
        "08010213",
        "Trinkbrunnen",
        "Ein Trinkbrunnen wie am Hermannplatz wäre im Sommer sehr wichtig.",
        "online",
        10,
    ),
    (
        "missing",
        "08010214",
        "Spielgeräte für Kleinkinder",
        "Alles ist für Schulkinder. Für Ein- bis Dreijährige gibt es nichts.",
        "doorstep",
        5,
    ),
    (
        "missing",
        "08010213",
        "Schatten über dem Sandkasten",
        "Ein Sonnensegel würde helfen, bis neue Bäume groß sind.",
        "paper",
        7,
    ),
    (
        "missing",
        "08010214",
        "Treffpunkt für Jugendliche",
        "Ein überdachter Platz zum Sitzen, wo man niemanden stört.",
        "event",
        4,
    ),
    (
        "missing",
        "08010213",
        "Fahrradbügel am Eingang",
        "Fahrräder werden an den Zaun gekettet, weil Bügel fehlen.",
        "online",
        2,
    ),
    (
        "missing",
        "08010214",
        "Mülleimer mit Deckel",
        "Die offenen Körbe werden von Krähen ausgeräumt, der Müll liegt überall.",
        "online",
        3,
    ),
    (
        "missing",
        "08010213",
        "Barrierefreies Spielgerät",
        "Ein Karussell, auf das man mit dem Rollstuhl fahren kann.",
        "phone",
        9,
    ),
    (
        "missing",
        "08010214",
        "Beleuchtung am Weg",
        "Im Winter ist es ab 16 Uhr dunkel, der Weg braucht Laternen.",
        "online",
        5,
    ),
    (
        "idea",
        "08010213",
        "Kiez-Gärtchen",
        "Ein kleines Hochbeet, das Kita und Nachbarschaft gemeinsam pflegen.",
        "online",
        8,
    ),
    (
        "idea",
        "08010213",
        "Wasserspielplatz mit Pumpe",
        "Eine Schwengelpumpe mit Matschbereich – das macht allen Kindern Spaß.",
        "online",
        12,
    ),
    (
        "idea",
        "08010214",
        "Tischtennisplatte",
        "Eine Platte aus Beton für Jugendliche und Erwachsene.",
        "online",
        6,
    ),
    (
        "idea",
        "08010213",
        "Mehrsprachige Schilder",
        "Regeln und Hinweise auch auf Türkisch und Arabisch.",
        "doorstep",
        3,
    ),
    (
        "idea",
        "08010214",
        "Nachbarschaftsfest zur Eröffnung",
        "Wenn der Platz fertig ist, feiern wir gemeinsam mit allen Nachbarn.",
        "event",
        5,
    ),
    (
        "idea",
        "08010213",
        "Bücherschrank",
        "Ein offener Bücherschrank neben den Bänken, zum Tauschen.",
        "online",
        4,
    ),
    (
        "idea",
        "08010214",
        "Schaukel für zwei",
        "Eine Nestschaukel, auf der auch Geschwister zusammen schaukeln können.",
        "paper",
        2,
    ),
    (
        "idea",
        "08010213",
        "Patenschaften für Bäume",
        "Anwohnerinnen gießen im Sommer die jungen Bäume, mit Schild am Baum.",
        "online",
        1,
    ),
    (
        "idea",
        "08010214",
        "Kleine Bühne",
        "Für Kita-Aufführungen und Musik am Wochenende.",
        "online",
        2,
    ),
    (
        "idea",
        None,
        "Spielplatz auch für ältere Kinder",
        "Bitte nicht nur für die Kleinen planen – auch Zehnjährige brauchen Platz zum Klettern.",
        "online",
        7,
    ),
    (
        "idea",
        None,
        "Bauzeit in den Winter legen",
        "Damit der Spielplatz im Sommer nicht gesperrt ist.",
        "paper",
        3,
    ),
    (
        "missing",
        "08010213",
        "Wickeltisch",
        "Ein Wickelplatz im Toilettenhäuschen, falls es eins gibt.",
        "online",
        2,
    ),
    ("like", "08010214", "Die Linden an der Ecke", "Im Juni duftet die ganze Straße.", "online", 0),
    (
        "avoid",
        "08010213",
        "Autoverkehr an der Jonasstraße",
        "Lieferwagen parken auf dem Gehweg, Kinder müssen auf die Straße ausweichen.",
        "online",
        4,
    ),
    (
        "idea",
        "08010213",
        "Werbung: Pizza-Lieferdienst",
        "Jetzt bestellen – 20 % Rabatt mit dem Code KIEZ!",
        "online",
        0,
    ),
]
HIDDEN_TITLE = "Werbung: Pizza-Lieferdienst"
HIDDEN_REASON = "Werbung für ein Geschäft gehört nicht in die Beteiligung."


def seed_contributions() -> str:
    """Add the demo contributions to "spielplatz-koernerpark" unless it has some already."""
    process = db.session.scalar(select(Process).where(Process.slug == DEMO_SLUG))
    if process is None:
        return "contributions: no demo process"
    if db.session.scalar(
        select(func.count(Contribution.id)).where(Contribution.process_id == process.id)
    ):
        return "demo contributions present"
    rng = random.Random(2026)
    clerk = db.session.scalar(select(User).where(User.email == "erfassung@example.org"))
    manager = db.session.scalar(select(User).where(User.email == "qm-neukoelln@example.org"))
    moderator = db.session.scalar(select(User).where(User.email == "moderation@example.org"))
    areas = {a.code: a for a in process.areas}
    shapes = {
        code: shape(db.session.scalar(select(Area.geometry).where(Area.id == a.id)))
        for code, a in areas.items()
    }
    categories = {c.key: c for c in process.categories}
    now = utcnow()
    made = []
    for n, (cat, code, title, body, channel, supporters) in enumerate(ITEMS):
        lon = lat = None
        if code and (n % 4 != 3 or cat != "idea"):  # some ideas stay without a pin
            lon, lat = _random_point(shapes[code], rng)
        contribution = create_contribution(
            process,
            kind="pin" if lon is not None else "idea",
            channel=channel,
            title=title,
            body=body,
            category=categories.get(cat),
            lon=lon,
            lat=lat,
            area=areas.get(code) if lon is None else None,
            entered_by=clerk if channel != "online" else None,
        )
        contribution.created_at = now - timedelta(days=19 - n * 0.45, hours=rng.randint(0, 10))
        contribution.needs_review = False
        for _i in range(supporters):
            db.session.add(
                Support(
                    contribution_id=contribution.id,
                    token_hash=browser_hash(contribution.id, secrets.token_hex(8)),
                )
            )
        contribution.support_count = supporters
        made.append(contribution)
    by_title = {c.title: c for c in made}
    hide_contribution(by_title[HIDDEN_TITLE], moderator, HIDDEN_REASON)
    set_status(by_title["Dunkler Durchgang zur Schierker Straße"], "in_review", "", manager)
    set_status(
        by_title["Rutsche seit Monaten gesperrt"],
        "implemented",
        "Die Rutsche wurde im Oktober repariert und ist wieder offen.",
        manager,
    )
    db.session.commit()
    return f"demo contributions: {len(made)}"


def _random_point(polygon, rng: random.Random) -> tuple[float, float]:
    """A point inside *polygon*, away from the edge so it is clearly inside."""
    inner = polygon.buffer(-0.0003)
    target = inner if not inner.is_empty else polygon
    minx, miny, maxx, maxy = target.bounds
    while True:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if target.contains(Point(x, y)):
            return round(x, 6), round(y, 6)
