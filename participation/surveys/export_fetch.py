"""How the CSV export gets its batches from the database: in turn, or one batch ahead in a thread.

Both take ``fetch(key)``, which returns a batch (a tuple whose first item is the key of the
next one) or ``None`` at the end, and yield the batches in order. ``tests/surveys/
test_export_readers.py`` checks that both give the same rows, that a download stopped early
leaves no thread behind, and that a query failing in the thread raises in the request.
"""

import queue
import threading


class _Failed:
    """An exception of the fetch thread, handed to the export to raise."""

    def __init__(self, error: BaseException):
        self.error = error


def in_turn(fetch, key=0):
    """``fetch(key)``, then ``fetch(<its first item>)`` … until ``None``, in this thread."""
    while (got := fetch(key)) is not None:
        yield got
        key = got[0]


def ahead(fetch, key=0):
    """``fetch(key)``, then ``fetch(<its first item>)`` … until ``None``, one batch ahead.

    A thread runs the queries of the next batch while the export formats this one: on
    PostgreSQL the database works in its own process, so its time and the worker's overlap
    instead of adding up (100,000 responses: ~1.8 s of queries). At most three batches live at
    once (one fetched, one waiting, one being written): memory stays flat. The thread only
    touches the session's DBAPI connection (:class:`~participation.surveys.export_query._Query`
    keeps it), which the export does not use meanwhile; when the download stops early (the
    generator is closed), the thread finishes its query and is joined before the request ends.
    """
    results: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def offer(item) -> bool:
        while not stop.is_set():
            try:
                results.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work(key):
        try:
            while (got := fetch(key)) is not None and offer(got):
                key = got[0]
            offer(None)
        except BaseException as error:  # raised in the export, which has the request
            offer(_Failed(error))

    thread = threading.Thread(target=work, args=(key,), name="survey-export-fetch", daemon=True)
    thread.start()
    try:
        while (got := results.get()) is not None:
            if type(got) is _Failed:
                raise got.error
            yield got
    finally:
        stop.set()
        thread.join()
