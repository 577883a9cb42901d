"""Known-bad input and the checks every hostile-input test shares.

``BAD_STRINGS`` names the strings attackers and accidents send (script and event-handler
injections, ``javascript:``/``data:`` links, SQL fragments, NUL bytes, direction overrides,
huge values, LIKE wildcards, search syntax, astral characters); ``BAD_URLS`` the links that
must never be stored; then odd form charsets, e-mail addresses, spreadsheet formulas, admin
ids and link-checker targets (tests/test_hardening_*.py); the hypothesis strategies add text
nobody thought of.
``active_content`` lists what in a rendered page could run script, so a test can assert that
nothing stored by a user or the secretariat turned into any.
"""

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# One name per string; tests refer to them by name where the name says why.
BAD_STRINGS = {
    "script": "<script>window.__pwned=1</script>",
    "img_onerror": "<img src=x onerror=window.__pwned=1>",
    "attribute_breakout": '"><svg onload=window.__pwned=1>',
    "single_quote_breakout": "'><svg/onload=window.__pwned=1>",
    "markdown_link": "[click me](javascript:window.__pwned=1)",
    "markdown_image": "![x](x onerror=window.__pwned=1)",
    "markdown_data_link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "iframe": '<iframe src="javascript:window.__pwned=1"></iframe>',
    "template_tag": "{{ request }}{% debug %}",
    "javascript_url": "javascript:window.__pwned=1",
    "javascript_mixed_case": "JaVaScRiPt:window.__pwned=1",
    "data_url": "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+",
    "sql_or": "' OR 1=1 --",
    "sql_drop": "'); DROP TABLE resources_resource; --",
    "sql_comment": '"; SELECT pg_sleep(0); /*',
    "nul": "before\x00after",
    "only_nul": "\x00",
    "control_chars": "a\x01\x08\x0b\x1b[31m\x7fz",
    "rtl_override": "\u202egnp.exe",
    "zero_width": "\u200b\u200d\ufeff",
    "long": "x" * 100_000,
    "long_words": " ".join(["resilience"] * 10_000),
    "like_wildcards": "%_%\\",
    "websearch_quotes": '"unclosed',
    "websearch_operators": '- or -- OR "" -\' ! & | <-> :* ()',
    "tsquery_syntax": "a & | ! (b <-> c):* d:ABCD",
    "emoji_astral": "🌊🏙️ \U0001d518\U0001d52f \U0010ffff",  # emoji, Fraktur, last code point
    "hangul": "도시 회복력",
    "whitespace": " \t\r\n ",
    "empty": "",
    "path_traversal": "../../../../etc/passwd",
    "crlf_header": "x\r\nSet-Cookie: pwned=1",
    "huge_number": "99999999999999999999",
    "negative_number": "-1",
    "float_number": "1e309",
}

# What forms get: all but the strings that only mean something to a search or a number
# parser (those go to the query parameters).
FORM_STRINGS = {
    name: value
    for name, value in BAD_STRINGS.items()
    if name
    not in {
        "long_words",
        "like_wildcards",
        "websearch_quotes",
        "websearch_operators",
        "tsquery_syntax",
        "hangul",
        "zero_width",
        "path_traversal",
        "huge_number",
        "negative_number",
        "float_number",
    }
}

# The strings that would turn into active content if a page forgot to escape or sanitise.
MARKUP = {
    name: BAD_STRINGS[name]
    for name in [
        "script",
        "img_onerror",
        "attribute_breakout",
        "single_quote_breakout",
        "markdown_link",
        "markdown_image",
        "markdown_data_link",
        "iframe",
        "template_tag",
        "javascript_url",
        "data_url",
    ]
}

# One of each kind, for loops over many pages where every request counts.
SAMPLE = [
    BAD_STRINGS[name]
    for name in [
        "script",
        "attribute_breakout",
        "nul",
        "control_chars",
        "long",
        "websearch_operators",
        "emoji_astral",
        "huge_number",
        "negative_number",
    ]
] + ["²", "\x00"]

# Strings a CharField cannot carry whole (lone surrogates are not UTF-8): for query strings
# and raw request bodies, which the tests encode themselves.
LONE_SURROGATE = "\ud800"

BAD_URLS = {
    "javascript": "javascript:window.__pwned=1",
    "javascript_mixed_case": "JaVaScRiPt:window.__pwned=1",
    "javascript_spaced": " javascript:window.__pwned=1",
    "javascript_entity": "jav&#x09;ascript:window.__pwned=1",
    "data": "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+",
    "vbscript": "vbscript:msgbox(1)",
    "file": "file:///etc/passwd",
    "ftp": "ftp://files.example.org/report.pdf",
    "mailto": "mailto:someone@example.org",
    "protocol_relative": "//evil.example.org/x",
    "no_scheme_script": "<script>window.__pwned=1</script>",
    "quote_breakout": 'https://example.org/"><script>window.__pwned=1</script>',
    "nul": "https://example.org/\x00",
    "long": "https://example.org/" + "a" * 100_000,
}

# Values for numeric parameters (pages, ids, years).
BAD_NUMBERS = [
    "0",
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "9223372036854775808",
    "1e309",
    "NaN",
    "inf",
    "1.5",
    "٣",  # an Arabic-Indic digit: str.isdigit() says yes, int() agrees
    "²",  # a superscript: isdigit() says yes, int() refuses
    "abc",
    "",
    "\x00",
    "1\x00",
    " 1 ",
]

# Raw query strings that are not valid UTF-8 or percent-encoding.
MALFORMED_QUERY_STRINGS = [
    b"q=%ff%fe",
    b"q=\xff",
    b"q=%c0%af",
    b"q=%ed%a0%80",  # an encoded lone surrogate
    b"q=%",
    b"q=%zz&page=%ff",
    b"q=%00",
    b"%ff=%ff",
    b"page=%ff%fe&sort=%ff",
]

# Charsets a form body may declare that Django refuses (or does not know): a 400, never a 500.
FORM_CHARSETS = ["latin-1", "utf-16", "utf-32", "iso-8859-1", "no-such-charset"]

# E-mail addresses Django's EmailValidator accepts (or nearly) that no one can trust or carry:
# direction overrides, invisible and control characters, domains that are not IDNA 2008 names.
BAD_EMAIL_ADDRESSES = {
    "rtl_override_in_domain": "x@\u202eexample.org",
    "rtl_override_in_local_part": "x\u202e@example.org",
    "zero_width_space_in_domain": "x@exa\u200bmple.org",
    "zero_width_joiner": "x@example\u200d.org",
    "byte_order_mark": "x@\ufeffexample.org",
    "left_to_right_mark": "x@example.org\u200e",
    "control_character": "x@exam\x01ple.org",
    "nul": "x@ex\x00ample.org",
    "line_separator": "x@exam\u2028ple.org",
    "ideographic_space": "x@example\u3000.org",
    "private_use": "x@exa\ue000mple.org",
    "emoji_domain": "x@\U0001f30a.example.org",
    "emoji_punycode": "x@xn--ls8h.example.org",
    "hyphen_edges": "x@-bad-.example.org",
    "empty_label": "x@example..org",
    "long_label": "x@" + "a" * 64 + ".org",
}
# Internationalised addresses that must keep working.
GOOD_EMAIL_ADDRESSES = ["planner@seoul.example", "x@пример.рф", "x@bücher.example", "X@Example.ORG"]

# Cells a spreadsheet program would run as a formula (OWASP's CSV injection list).
SPREADSHEET_FORMULAS = ["=1+1", "@SUM(1)", "+SUM(1)", "-2+3", "\t=1+1", "\r=1+1", '=HYPERLINK("x")']

# Values for admin parameters that should be an id (filters) or a primary key (actions).
NOT_IDS = ["-1", "0", "abc", "²"]
NOT_KEYS = ["abc", "-1x", "²", "", "\x00", "99999999999999999999"]

# Where a link, or a redirect from it, must never take the link checker ({port}: a local
# server standing for an internal service), and the private or metadata addresses beyond it.
INWARD_LINK_HOSTS = ["127.0.0.1", "localhost", "0.0.0.0", "[::ffff:127.0.0.1]"]  # noqa: S104
INWARD_REDIRECTS = [
    "http://127.0.0.1:{port}/secret",
    "http://localhost:{port}/secret",
    "//127.0.0.1:{port}/secret",  # scheme-relative
    "http://LOCALHOST:{port}/secret",
    "http://127.1:{port}/secret",
    "http://2130706433:{port}/secret",
]
METADATA_AND_PRIVATE_REDIRECTS = {
    "http://169.254.169.254/latest/meta-data/": "169.254.169.254",
    "http://10.0.0.1/admin": "10.0.0.1",
    "http://192.168.1.1/": "192.168.1.1",
    "http://[fd00:ec2::254]/latest/": "fd00:ec2::254",
    "http://100.100.100.200/latest/meta-data/": "100.100.100.200",
}

bad_strings = st.sampled_from(list(BAD_STRINGS.values()))
bad_urls = st.sampled_from(list(BAD_URLS.values()))
# Any text, control characters included (lone surrogates left out: they cannot be sent).
any_text = st.text(
    alphabet=st.characters(codec="utf-8"),
    max_size=300,
)
hostile_text = st.one_of(bad_strings, any_text)
odd_scheme_urls = st.builds(
    lambda scheme, rest: f"{scheme}:{rest}",
    st.sampled_from(["javascript", "JAVASCRIPT", "data", "vbscript", "file", "ftp", "x-odd"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
)
hostile_urls = st.one_of(bad_urls, odd_scheme_urls)

# Deterministic, quick, and allowed to use pytest-django's per-test fixtures.
HYPOTHESIS = settings(
    derandomize=True,
    database=None,
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- Checking rendered pages -----------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
# The site's own scripts: static files, and the admin's translation catalogue.
SITE_SCRIPTS = ("/static/", "/admin/jsi18n/")
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}
# Elements that load or run something: never expected from stored text.
EMBEDDING_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


CONTROL_AND_SPACE = re.compile(r"[\x00-\x20]+")


def _dangerous_url(value: str) -> bool:
    # Browsers ignore whitespace and control characters inside a scheme (which comes first:
    # the start of the value is enough, however long the rest).
    squeezed = CONTROL_AND_SPACE.sub("", value[:200]).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:text", "data:application"))


class _ActiveContentFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            source = attributes.get("src") or ""
            kind = (attributes.get("type") or "").lower()
            if not (source.startswith(SITE_SCRIPTS) or kind in DATA_BLOCK_TYPES):
                self.found.append(f"<script {attrs}>")
        if tag in EMBEDDING_TAGS:
            self.found.append(f"<{tag} {attrs}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.found.append(f"<meta refresh {attrs}>")
        for name, value in attrs:
            handler = name.startswith("on")
            if handler or (name in URL_ATTRIBUTES and value and _dangerous_url(value)):
                self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def active_content(html: str) -> list[str]:
    """Script elements not belonging to the site, ``on*`` handlers, script and data links,
    embedded frames: anything in ``html`` that could run code. Empty for a safe page."""
    finder = _ActiveContentFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def is_http_url(value: str) -> bool:
    return value == "" or value.startswith(("http://", "https://"))
