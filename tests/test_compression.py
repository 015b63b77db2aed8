"""What goes on the wire: text compressed for browsers that accept it, static files once."""

from __future__ import annotations

import gzip
import urllib.request

import brotli
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from deploy.launch import streamlit_server
from lien.web.compression import Compression, chosen_encoding

SCRIPT = ("const chart = 'a bar per study';\n" * 2000).encode()
IMMUTABLE = "public, immutable, max-age=31536000"


def make_client(enabled: bool = True) -> tuple[TestClient, list[str]]:
    served: list[str] = []

    def static(request):
        served.append(request.url.path)
        return Response(
            SCRIPT,
            media_type="application/javascript",
            headers={"Cache-Control": IMMUTABLE, "ETag": '"abc"'},
        )

    def page(request):
        served.append(request.url.path)
        return PlainTextResponse("une page en texte " * 200)

    def tiny(request):
        return PlainTextResponse("ok")

    def picture(request):
        return Response(b"\x89PNG" + bytes(5000), media_type="image/png")

    app = Starlette(
        routes=[
            Route("/static/js/chart.js", static),
            Route("/page", page),
            Route("/tiny", tiny),
            Route("/static/media/picture.png", picture),
        ],
        middleware=[Middleware(Compression, enabled=enabled)],
    )
    return TestClient(app), served


def test_a_static_script_goes_out_in_brotli_or_gzip_as_the_browser_accepts_and_decodes_whole():
    client, _ = make_client()
    with client.stream("GET", "/static/js/chart.js", headers={"Accept-Encoding": "br"}) as r:
        assert r.headers["content-encoding"] == "br"
        body = b"".join(r.iter_raw())
    assert brotli.decompress(body) == SCRIPT
    assert len(body) < len(SCRIPT) / 20
    assert r.headers["cache-control"] == IMMUTABLE
    assert r.headers["vary"] == "Accept-Encoding"
    assert int(r.headers["content-length"]) == len(body)

    with client.stream("GET", "/static/js/chart.js", headers={"Accept-Encoding": "gzip"}) as r:
        assert r.headers["content-encoding"] == "gzip"
        assert gzip.decompress(b"".join(r.iter_raw())) == SCRIPT


def test_a_static_file_is_compressed_once_and_kept_for_every_later_browser():
    client, served = make_client()
    for _ in range(5):
        with client.stream("GET", "/static/js/chart.js", headers={"Accept-Encoding": "br"}) as r:
            assert brotli.decompress(b"".join(r.iter_raw())) == SCRIPT
    assert served == ["/static/js/chart.js"]


def test_a_browser_that_accepts_no_compression_gets_the_bytes_as_they_are():
    client, _ = make_client()
    with client.stream("GET", "/static/js/chart.js", headers={"Accept-Encoding": "identity"}) as r:
        assert "content-encoding" not in r.headers
        assert b"".join(r.iter_raw()) == SCRIPT
    with client.stream("GET", "/static/js/chart.js", headers={"Accept-Encoding": "gzip;q=0"}) as r:
        assert "content-encoding" not in r.headers


@pytest.mark.parametrize(
    "headers",
    [{"Range": "bytes=0-99"}, {"If-None-Match": '"abc"'}],
    ids=["range", "conditional"],
)
def test_partial_and_conditional_requests_pass_untouched(headers):
    client, _ = make_client()
    with client.stream(
        "GET", "/static/js/chart.js", headers={"Accept-Encoding": "gzip", **headers}
    ) as r:
        assert "content-encoding" not in r.headers


def test_pages_are_compressed_as_they_go_but_tiny_answers_and_pictures_are_not():
    client, served = make_client()
    for _ in range(2):
        with client.stream("GET", "/page", headers={"Accept-Encoding": "gzip"}) as r:
            assert r.headers["content-encoding"] == "gzip"
            assert gzip.decompress(b"".join(r.iter_raw())).startswith(b"une page en texte")
    assert served == ["/page", "/page"]  # not kept: a page may change from one request to the next
    with client.stream("GET", "/tiny", headers={"Accept-Encoding": "gzip"}) as r:
        assert "content-encoding" not in r.headers
        assert b"".join(r.iter_raw()) == b"ok"
    with client.stream("GET", "/static/media/picture.png", headers={"Accept-Encoding": "br"}) as r:
        assert "content-encoding" not in r.headers


def test_compression_off_sends_everything_as_it_is():
    client, _ = make_client(enabled=False)
    with client.stream("GET", "/static/js/chart.js", headers={"Accept-Encoding": "br"}) as r:
        assert "content-encoding" not in r.headers


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip, deflate", "gzip"),
        ("*", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("identity", None),
        ("", None),
    ],
)
def test_brotli_is_chosen_first_then_gzip(accept, chosen):
    scope = {"headers": [(b"accept-encoding", accept.encode())]}
    assert chosen_encoding(scope) == chosen


def test_the_running_app_sends_its_scripts_and_the_index_page_compressed():
    with streamlit_server() as server:
        html = urllib.request.urlopen(server.url + "/", timeout=30).read().decode()
        scripts = [part.split('"')[0] for part in html.split('src="')[1:] if ".js" in part]
        assert scripts, "the index page names Streamlit's scripts"
        request = urllib.request.Request(
            server.url + "/" + scripts[0].lstrip("./"), headers={"Accept-Encoding": "gzip, br"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["Content-Encoding"] == "br"
            assert "immutable" in response.headers["Cache-Control"]
            packed = response.read()
        plain = urllib.request.urlopen(
            server.url + "/" + scripts[0].lstrip("./"), timeout=30
        ).read()
        assert brotli.decompress(packed) == plain
        request = urllib.request.Request(server.url + "/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).decode() == html


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/alliance", "/attachment"])
def test_a_phone_s_first_visit_to_a_chart_page_downloads_at_most_three_megabytes(
    browser, app_url, path
):
    from bench.transfer import first_visit

    on_the_wire, decoded, _ = first_visit(browser, app_url, path)
    assert decoded > 7_000_000  # Plotly's bundle and Streamlit's scripts did arrive, whole
    assert on_the_wire <= 3_000_000
