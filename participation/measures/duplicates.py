"""Likely duplicates: same category, nearby (or both without a place) and similar words.

Only suggestions for staff — nothing is ever merged automatically; a planner bundles them into a
theme, where every contribution stays visible with its own tracking page.
"""

import math
import re

from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.measures.models import ThemeMember

#: Within this distance (metres) two pins count as "nearby".
NEARBY_M = 150
#: Word overlap (Jaccard) from which texts count as similar.
SIMILAR = 0.2
#: Most recent contributions looked at (the check is pairwise within a category).
LIMIT = 600
STOPWORDS = set(
    "der die das und oder ein eine einer eines einen dem den des ist sind hier da zu zum zur "
    "mit von für auf im in an am es ich wir sie man nicht kein keine mehr sehr auch so wie "
    "the a an and or is are here to of for on in at it we not no more very".split()
)
WORD = re.compile(r"[a-zäöüß]{3,}")


def words(text: str) -> set[str]:
    """Content words of *text*, lower-case, with a crude German plural/ending cut."""
    out = set()
    for w in WORD.findall(text.lower()):
        if w in STOPWORDS:
            continue
        for ending in ("en", "er", "es", "e", "n", "s"):
            if len(w) > 5 and w.endswith(ending):
                w = w[: -len(ending)]
                break
        out.add(w)
    return out


def distance_m(a: Contribution, b: Contribution) -> float:
    """Approximate distance between two pins in metres (equirectangular, fine below 1 km)."""
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6_371_000 * math.hypot(x, y)


def similar(a: Contribution, b: Contribution, wa: set, wb: set) -> float | None:
    """Word similarity when *a* and *b* are likely duplicates, else None."""
    if a.category_id != b.category_id:
        return None
    if (a.lon is None) != (b.lon is None):
        return None
    if a.lon is not None and distance_m(a, b) > NEARBY_M:
        return None
    if not wa or not wb:
        return None
    score = len(wa & wb) / len(wa | wb)
    return score if score >= SIMILAR else None


def suggestions(process, limit: int = LIMIT) -> list[list[Contribution]]:
    """Groups of likely duplicates among visible contributions not in a theme yet."""
    in_theme = select(ThemeMember.contribution_id)
    items = list(
        db.session.scalars(
            select(Contribution)
            .where(
                Contribution.process_id == process.id,
                Contribution.visibility == "visible",
                ~Contribution.id.in_(in_theme),
            )
            .order_by(Contribution.created_at.desc())
            .limit(limit)
        )
    )
    texts = {c.id: words(f"{c.title} {c.body}") for c in items}
    parent = {c.id: c.id for c in items}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_category: dict = {}
    for c in items:
        by_category.setdefault(c.category_id, []).append(c)
    for group in by_category.values():
        for n, a in enumerate(group):
            for b in group[n + 1 :]:
                if similar(a, b, texts[a.id], texts[b.id]) is not None:
                    parent[find(a.id)] = find(b.id)
    clusters: dict[int, list[Contribution]] = {}
    for c in items:
        clusters.setdefault(find(c.id), []).append(c)
    return sorted(
        (sorted(g, key=lambda c: c.created_at) for g in clusters.values() if len(g) > 1),
        key=len,
        reverse=True,
    )
