"""Scheduled job ``survey-fold``: add the responses of every survey to its answer counters.

Submissions leave their responses in the uncounted tail (``surveys/fold.py``); this job folds the
tail of every survey that has one, in batches of ``fold.BATCH`` responses, each its own short
transaction. When no scheduler runs, results stay right (counters + tail are counted together)
and the results page folds a long tail itself on a cache miss.
"""

import logging

from participation.scheduler import JOBS
from participation.surveys import fold

log = logging.getLogger(__name__)


def fold_surveys() -> int:
    """Fold every survey's uncounted responses; returns how many were folded."""
    folded = fold.fold_all()
    total = sum(folded.values())
    if total:
        log.info("survey fold: %s responses of %s surveys", total, len(folded))
    return total


JOBS["survey-fold"] = (fold_surveys, fold.INTERVAL)
