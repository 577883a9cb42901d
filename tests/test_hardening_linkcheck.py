"""The link checker cannot be aimed inward (issue 21, item 9).

A member's link, or a redirect from it, must not make the server fetch its own loopback
address, a private network or a cloud metadata address; redirects, time and size are capped.
The local test server (pytest-httpserver's) is allowed for each test by
``LINK_CHECK_ALLOWED_ADDRESSES`` (tests/conftest.py); a second local server, not allowed,
plays the inside of the network and must see no request.
"""

import socket
import socketserver
import threading
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from resources.linkcheck import MAX_REDIRECTS, allowed_addresses, check_links, may_visit
from resources.models import Resource
from tests.factories import ResourceFactory
from tests.hostile import INWARD_LINK_HOSTS, INWARD_REDIRECTS, METADATA_AND_PRIVATE_REDIRECTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def inside():
    """A server playing an internal service: any request it receives is a leak."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/secret").respond_with_data("internal")
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def _checked(url, **options) -> Resource:
    resource = ResourceFactory(url=url)
    check_links(resources=Resource.objects.filter(pk=resource.pk), **{"timeout": 2, **options})
    resource.refresh_from_db()
    return resource


def _redirect(httpserver, path, location, status=302):
    httpserver.expect_request(path).respond_with_response(
        Response(status=status, headers={"Location": location})
    )
    return httpserver.url_for(path)


@pytest.mark.parametrize("host", INWARD_LINK_HOSTS)
def test_link_to_a_loopback_address_is_refused_without_a_request(inside, host):
    resource = _checked(f"http://{host}:{inside.port}/secret")

    assert inside.log == []
    assert resource.last_status is None
    assert resource.last_error.startswith("Refused: "), resource.last_error
    assert resource.last_checked_at is not None


@pytest.mark.parametrize("target", INWARD_REDIRECTS)
def test_redirect_to_a_loopback_address_is_refused(httpserver, inside, target):
    start = _redirect(httpserver, "/away", target.format(port=inside.port))

    resource = _checked(start)

    assert inside.log == []
    assert len(httpserver.log) == 1
    assert resource.last_status is None
    assert resource.last_error.startswith("Refused: "), resource.last_error


@pytest.mark.parametrize(("location", "address"), METADATA_AND_PRIVATE_REDIRECTS.items())
def test_redirect_to_a_private_or_metadata_address_is_refused(httpserver, location, address):
    start = _redirect(httpserver, "/cloud", location)

    started = time.monotonic()
    resource = _checked(start)

    assert time.monotonic() - started < 2  # refused at once, not a connection timing out
    assert resource.last_status is None
    assert resource.last_error.startswith("Refused: ")
    assert address in resource.last_error


def test_redirect_to_another_scheme_is_not_followed(httpserver):
    start = _redirect(httpserver, "/file", "file:///etc/passwd")

    resource = _checked(start)

    assert resource.last_status is None
    assert "file" in resource.last_error


def test_redirects_are_capped(httpserver):
    start = _redirect(httpserver, "/loop", "/loop")

    resource = _checked(start)

    assert resource.last_error == "Too many redirects"
    assert len(httpserver.log) == MAX_REDIRECTS + 1


def test_bodies_are_never_read(httpserver):
    def endless():
        chunk = b"x" * 65536
        while True:
            yield chunk

    httpserver.expect_request("/huge-redirect").respond_with_response(
        Response(endless(), status=302, headers={"Location": "/huge"}, direct_passthrough=True)
    )
    httpserver.expect_request("/huge").respond_with_response(
        Response(endless(), status=200, direct_passthrough=True)
    )

    started = time.monotonic()
    resource = _checked(httpserver.url_for("/huge-redirect"), timeout=5)

    assert time.monotonic() - started < 5
    assert resource.last_status == 200
    assert resource.final_url == httpserver.url_for("/huge")


class _DripHandler(socketserver.BaseRequestHandler):
    """Answers with a status line, then a header a byte at a time, for ever."""

    def handle(self):
        self.request.recv(65536)
        self.request.sendall(b"HTTP/1.1 200 OK\r\n")
        try:
            while not self.server.stopping.is_set():
                self.request.sendall(b"X")
                time.sleep(0.1)
        except OSError:
            pass


@pytest.fixture
def drip(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _DripHandler)
    server.daemon_threads = True
    server.stopping = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    settings.LINK_CHECK_ALLOWED_ADDRESSES = [f"127.0.0.1:{port}"]
    yield f"http://127.0.0.1:{port}/"
    server.stopping.set()
    server.shutdown()
    server.server_close()


def test_a_server_dripping_its_headers_is_given_up_on(drip):
    started = time.monotonic()
    resource = _checked(drip, timeout=0.5)

    assert time.monotonic() - started < 4
    assert resource.last_status is None
    assert resource.last_error == "Timed out"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.0.1.1",
        "0.0.0.0",  # noqa: S104 - a target, not a binding
        "10.1.2.3",
        "172.16.0.1",
        "192.168.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_addresses_that_are_not_public_may_not_be_visited(address):
    assert may_visit(address, 80, []) is False


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_may_be_visited(address):
    assert may_visit(address, 443, []) is True


def test_allowed_addresses_open_exactly_what_they_name():
    allowed = allowed_addresses(["127.0.0.1:8080", "[::1]:8080", "10.0.0.0/8"])

    assert may_visit("127.0.0.1", 8080, allowed) is True
    assert may_visit("127.0.0.1", 8081, allowed) is False
    assert may_visit("::1", 8080, allowed) is True
    assert may_visit("10.9.8.7", 22, allowed) is True
    assert may_visit("192.168.0.1", 80, allowed) is False


def test_the_inside_server_really_answers(inside):
    # The premise of the refusals above: without the guard, the request would have arrived.
    with socket.create_connection(("127.0.0.1", inside.port), timeout=2) as connection:
        connection.sendall(b"GET /secret HTTP/1.0\r\nHost: x\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert answer.endswith(b"internal")
    assert len(inside.log) == 1
