"""A light HTTP/1.1 client that behaves as a browser does where the server can tell: it keeps
the cookies the server sets (and drops those it deletes), sends them back, keeps its
connection open while the server does, and sends a browser's Accept headers.

Why not httpx: the load generator shares the cores it measures. Through the whole
registration flow on the same busy machine, httpx's client (one thread per registrant in
flight, its cookie jar) took 8-13 ms of CPU per registration (four requests), this one
(asyncio streams, one event loop) 3.2-3.4 ms: CPU the servers under test keep.
"""

import asyncio
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

# What a browser sends with every page.
HEADERS = (
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) forum-portal-bench",
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language: en",
)


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names; Set-Cookie goes to the cookies instead
    content: bytes


class Browser:
    """One person's browser on one site (``base``, such as http://127.0.0.1:8000)."""

    def __init__(self, base: str, *, timeout: float = 120):
        address = urlsplit(base)
        self.host, self.port = address.hostname, address.port or 80
        self.origin = f"{address.scheme}://{address.netloc}"
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self._reader = self._writer = None

    async def get(self, path: str) -> Response:
        return await self.request("GET", path)

    async def post_form(self, path: str, fields: dict, *, referer: str) -> Response:
        """A form submitted from the page at ``referer`` (Origin and Referer as a browser)."""
        body = urlencode(fields).encode()
        headers = (
            "Content-Type: application/x-www-form-urlencoded",
            f"Content-Length: {len(body)}",
            f"Origin: {self.origin}",
            f"Referer: {self.origin}{referer}",
        )
        return await self.request("POST", path, headers=headers, body=body)

    async def request(self, method, path, *, headers=(), body=b"") -> Response:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", *HEADERS]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        payload = ("\r\n".join([*lines, *headers]) + "\r\n\r\n").encode("latin-1") + body
        return await asyncio.wait_for(self._exchange(payload), self.timeout)

    async def _exchange(self, payload: bytes) -> Response:
        reused = self._writer is not None
        if not reused:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        try:
            self._writer.write(payload)
            head = await self._reader.readuntil(b"\r\n\r\n")
        except (ConnectionError, asyncio.IncompleteReadError):
            self.close()
            if not reused:
                raise
            return await self._exchange(payload)  # the server had closed the kept connection
        status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            name, _colon, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                self._keep_cookie(value)
            else:
                headers[name] = value
        if "content-length" in headers:
            content = await self._reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            content = await self._chunks()
        else:
            content = await self._reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            self.close()
        return Response(int(status_line.split(" ", 2)[1]), headers, content)

    async def _chunks(self) -> bytes:
        parts = []
        while True:
            size = int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self._reader.readuntil(b"\r\n")  # no trailers from our servers
                return b"".join(parts)
            parts.append(await self._reader.readexactly(size))
            await self._reader.readexactly(2)

    def _keep_cookie(self, header: str) -> None:
        pair, *attributes = header.split(";")
        name, _equals, value = pair.strip().partition("=")
        deleted = any(a.strip().lower() == "max-age=0" for a in attributes)
        if deleted:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None
