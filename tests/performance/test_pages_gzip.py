"""Cached pages in gzip for clients that accept it: same page, own ETag, tokens filled in.

Phones send ``Accept-Encoding: gzip``; the page cache answers from a copy compressed once when
the page was stored (the area profile: about 130 KB raw, 29 KB sent). What a visitor must not
notice: any difference in the page itself, a token that does not work, a 304 for the wrong
encoding.
"""

import gzip
import pickle
import re
import secrets
import zlib

import pytest
from flask import render_template_string
from flask_wtf.csrf import validate_csrf

from participation.core import cache
from participation.core.cache import body as stored_body

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
FRESH_RE = re.compile(r'name="key" value="([^"]+)"')
#: A page with two CSRF slots, one fresh token and enough text to be worth compressing.
PAGE = (
    '<meta name="csrf-token" content="{{ csrf_token() }}">'
    '<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}">'
    '<input type="hidden" name="key" value="{{ fresh() }}"></form>'
    "{% for i in range(60) %}<p>Spielplatz Körnerpark, Hinweis {{ i }}: mehr Schatten</p>"
    "{% endfor %}<p>render {{ n }}</p>"
)


@pytest.fixture
def page(app):
    """``/cached-gzip``: a cached page with CSRF and fresh tokens; returns the render count."""
    renders = []

    @cache.cached_page("demo")
    def view():
        renders.append(1)
        return render_template_string(PAGE, n=len(renders), fresh=cache.fresh_token)

    @cache.cached_page("demo")
    def tiny():
        return "<p>kurz</p>"  # below GZIP_MIN_BYTES: stored without a gzip copy

    app.add_url_rule("/cached-gzip", "cached_gzip", view)
    app.add_url_rule("/cached-tiny", "cached_tiny", tiny)
    return renders


def _tokens_out(text: str) -> str:
    text = TOKEN_RE.sub('name="csrf_token" value="T"', text)
    text = re.sub(r'name="csrf-token" content="[^"]+"', 'name="csrf-token" content="T"', text)
    return FRESH_RE.sub('name="key" value="F"', text)


def _valid_csrf(app, client, token: str) -> None:
    """The token validates against the client's session (as a form POST would check it)."""
    with client.session_transaction() as sess:
        secret = sess["csrf_token"]
    with app.test_request_context():
        from flask import session

        session["csrf_token"] = secret
        validate_csrf(token)  # raises ValidationError otherwise


def test_a_gzip_client_gets_the_same_page_compressed_with_working_tokens(app, page):
    plain = app.test_client().get("/cached-gzip")
    client = app.test_client()
    packed = client.get("/cached-gzip", headers=GZIP)
    assert page == [1]  # the second visitor was served from the cache
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in packed.headers["Vary"] and "Cookie" in packed.headers["Vary"]
    assert "Accept-Encoding" in plain.headers["Vary"]
    assert len(packed.data) < len(plain.data) / 3
    text = gzip.decompress(packed.data).decode()  # also checks the CRC and the length
    assert int(packed.headers["Content-Length"]) == len(packed.data)
    assert cache.CSRF_PLACEHOLDER not in text and cache.FRESH_PLACEHOLDER not in text
    assert _tokens_out(text) == _tokens_out(plain.text)
    tokens = TOKEN_RE.findall(text)
    assert len(tokens) == 1
    _valid_csrf(app, client, tokens[0])
    assert "session=" in packed.headers["Set-Cookie"]
    # a fresh token is new for every response, compressed or not
    assert FRESH_RE.search(text).group(1) != FRESH_RE.search(plain.text).group(1)
    again = gzip.decompress(client.get("/cached-gzip", headers=GZIP).data).decode()
    assert FRESH_RE.search(again).group(1) != FRESH_RE.search(text).group(1)


def test_each_encoding_has_its_own_etag_and_304(app, page):
    client = app.test_client()
    packed = client.get("/cached-gzip", headers=GZIP)
    plain = client.get("/cached-gzip")
    assert packed.headers["ETag"] != plain.headers["ETag"]
    repeat = client.get("/cached-gzip", headers={**GZIP, "If-None-Match": packed.headers["ETag"]})
    assert repeat.status_code == 304 and repeat.data == b""
    assert repeat.headers["ETag"] == packed.headers["ETag"]
    assert "Accept-Encoding" in repeat.headers["Vary"]
    # the compressed copy's ETag does not validate the uncompressed page, nor the other way
    crossed = client.get("/cached-gzip", headers={"If-None-Match": packed.headers["ETag"]})
    assert crossed.status_code == 200 and "Content-Encoding" not in crossed.headers
    assert "render 1" in crossed.text
    crossed = client.get("/cached-gzip", headers={**GZIP, "If-None-Match": plain.headers["ETag"]})
    assert crossed.status_code == 200 and crossed.headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("header", ["gzip;q=0, deflate", "identity", "br", ""])
def test_clients_that_refuse_gzip_get_the_plain_page(app, page, header):
    response = app.test_client().get("/cached-gzip", headers={"Accept-Encoding": header})
    assert "Content-Encoding" not in response.headers
    assert "render 1" in response.text


def test_q_values_are_honoured(app, page):
    response = app.test_client().get(
        "/cached-gzip", headers={"Accept-Encoding": "br;q=1.0, gzip;q=0.5"}
    )
    assert response.headers["Content-Encoding"] == "gzip"
    assert "render 1" in gzip.decompress(response.data).decode()


def test_a_head_request_and_a_small_page(app, page):
    head = app.test_client().head("/cached-gzip", headers=GZIP)
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Encoding"] == "gzip"
    client = app.test_client()
    client.get("/cached-tiny", headers=GZIP)
    small = client.get("/cached-tiny", headers=GZIP)
    assert small.text == "<p>kurz</p>" and "Content-Encoding" not in small.headers
    assert "Accept-Encoding" not in small.headers.get("Vary", "")


@pytest.mark.berlin
def test_the_area_page_reads_the_same_in_gzip(app, area):
    korner = area("08010213")
    client = app.test_client()
    plain = client.get(f"/areas/{korner.id}")
    packed = client.get(f"/areas/{korner.id}", headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    text = gzip.decompress(packed.data).decode()
    assert "Körnerpark" in text
    assert _tokens_out(text) == _tokens_out(plain.text)


# --- the stored body itself ---------------------------------------------------------------

C, F = cache.CSRF_PLACEHOLDER.encode(), cache.FRESH_PLACEHOLDER.encode()


def _body(slots: list[bytes]) -> bytes:
    text = b"".join(
        b"<p>Abschnitt %d: " % i + secrets.token_hex(40).encode() * 3 + b" Baum, Bank</p>" + slot
        for i, slot in enumerate(slots)
    )
    return text + b"<footer>Ende</footer>" * 50


@pytest.mark.parametrize(
    "slots, lengths",
    [
        ([C], [91]),  # the usual page: the CSRF meta in the head
        ([C, F, C, F], [91, 32, 91, 32]),
        ([C, F, C], [90, 32, 95]),  # tokens of other lengths than stored: CRC over the body
        ([F] * 12, [32] * 12),  # more slots than the fast CRC takes
        ([], []),
    ],
)
def test_filled_gzip_equals_filled_identity(slots, lengths):
    stored = stored_body.store(_body(slots), (C, F), {C: 91, F: 32}, "text/html; charset=utf-8")
    assert stored.gzipped is not None and stored.kinds == tuple(slots)
    assert pickle.loads(pickle.dumps(stored)) == stored  # what the Redis store does with it
    for _ in range(3):
        tokens = [secrets.token_urlsafe(80)[:n].encode() for n in lengths]
        plain = stored_body.identity(stored, tokens)
        packed = stored_body.gzip(stored, tokens)
        assert gzip.decompress(packed) == plain
        assert int.from_bytes(packed[-8:-4], "little") == zlib.crc32(plain)
        assert all(token in plain for token in tokens)


def test_a_slot_at_either_end_and_dense_or_binary_bodies():
    body = C + b"<p>Mitte</p>" * 200 + F
    stored = stored_body.store(body, (C, F), {C: 91, F: 32}, "text/html")
    tokens = [b"a" * 91, b"b" * 32]
    assert gzip.decompress(stored_body.gzip(stored, tokens)) == stored_body.identity(stored, tokens)
    noise = secrets.token_bytes(4000)
    assert stored_body.store(noise, (C, F), {}, "text/html").gzipped is None  # no gain
    assert stored_body.store(b"x" * 4000, (C, F), {}, "application/pdf").gzipped is None
