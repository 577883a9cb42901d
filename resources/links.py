"""Links as the library compares them: normalised addresses, public hosts, archive copies."""

import ipaddress
from urllib.parse import parse_qsl, urlencode, urlsplit

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that only say where a visitor came from; they never change the document.
TRACKING_PARAMETERS = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "ref_src",
    "spm",
}
TRACKING_PREFIXES = ("utm_", "pk_", "hsa_")
ARCHIVE_PREFIX = "https://web.archive.org/web/"


def is_tracking_parameter(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def normalize_url(url: str) -> str:
    """The form of ``url`` used to find duplicates.

    http and https count as the same address; host and scheme are lower-cased; default ports,
    user names, the trailing slash, the fragment and tracking parameters are dropped; the
    remaining query parameters are sorted by name. Raises ValueError for anything that is not
    an absolute http(s) address.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise ValueError("not an http(s) address")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise ValueError("no host")
    port = parts.port  # ValueError for a malformed port
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = parts.path.rstrip("/")
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_parameter(name)
    ]
    query.sort(key=lambda pair: pair[0])
    normalized = f"https://{netloc}{path}"
    if query:
        normalized += "?" + urlencode(query)
    return normalized


def is_public_host(url: str) -> bool:
    """False for addresses on this machine or a private network, which members may not submit."""
    host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    if not host or host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." in host
    return address.is_global


def archive_url(url: str) -> str:
    """The Wayback Machine's address for the latest copy of ``url``."""
    return f"{ARCHIVE_PREFIX}{url}" if url else ""
