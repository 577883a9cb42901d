"""``common.html``: the one way HTML is built in Python (docs/html-from-python.md)."""

from html import escape as escape_text

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString, mark_safe

from common.html import Fragment, escape, join

LINK = Fragment('<a href="{url}" title="{title}">{label}</a>')


def test_fragment_fill_escapes_every_value():
    html = LINK.fill(url='/?a=1&b="2"', title="it's", label="<script>alert(1)</script>")

    assert html == (
        '<a href="/?a=1&amp;b=&quot;2&quot;" title="it&#x27;s">'
        "&lt;script&gt;alert(1)&lt;/script&gt;</a>"
    )
    assert isinstance(html, SafeString)


def test_fragment_fill_keeps_safe_html_and_fragments_as_they_are():
    inner = Fragment("<b>{word}</b>").fill(word="a & b")

    html = LINK.fill(url="/", title=mark_safe("&amp;"), label=inner)

    assert html == '<a href="/" title="&amp;"><b>a &amp; b</b></a>'


def test_fragment_fill_takes_any_value_as_its_text():
    assert Fragment("<td>{count}</td><td>{year}</td>").fill(count=12345, year=None) == (
        "<td>12345</td><td>None</td>"
    )


def test_fragment_fill_takes_every_hole_and_nothing_else():
    with pytest.raises(TypeError, match="title"):
        LINK.fill(url="/", label="x")
    with pytest.raises(TypeError, match="extra"):
        LINK.fill(url="/", title="t", label="x", extra="y")


def test_fragment_fill_a_hole_twice():
    fragment = Fragment('<h3 id="facet-{name}" aria-label="{name}">{label}</h3>')

    assert fragment.fill(name="a&b", label="L") == (
        '<h3 id="facet-a&amp;b" aria-label="a&amp;b">L</h3>'
    )


def test_fragment_fixed_fills_some_holes_once_and_leaves_the_rest():
    translated = LINK.fixed(title='Details {of} "this"')

    assert translated.names == {"url", "label"}
    assert translated.fill(url="/x/", label="{y}") == (
        '<a href="/x/" title="Details {of} &quot;this&quot;">{y}</a>'
    )


def test_fragment_fixed_refuses_a_hole_it_does_not_have():
    with pytest.raises(KeyError, match="no hole nope"):
        LINK.fixed(nope="x")


def test_fragment_keeps_literal_braces():
    fragment = Fragment("<p>{{literal}} {value}</p>")

    assert fragment.fill(value="}{") == "<p>{literal} }{</p>"
    assert fragment.fixed(value="{").fill() == "<p>{literal} {</p>"


@pytest.mark.parametrize(
    "template", ["{0}", "{}", "{a.b}", "{a[0]}", "{a!r}", "{a:>5}", "{class}", "{_escape}"]
)
def test_fragment_holes_are_plain_names(template):
    with pytest.raises(ValueError, match="plain"):
        Fragment(template)


def test_join_escapes_plain_strings_but_not_filled_fragments():
    item = Fragment("<li>{text}</li>")

    html = join([item.fill(text="1 < 2"), "<li>not a fragment</li>", item.fill(text="3")])

    assert html == "<li>1 &lt; 2</li>&lt;li&gt;not a fragment&lt;/li&gt;<li>3</li>"
    assert isinstance(html, SafeString)
    assert join([]) == ""


def test_escape_matches_django_conditional_escape():
    from django.utils.html import conditional_escape

    for value in ["<a href='x'>&amp;</a>", mark_safe("<b>"), 7, "서울 & 부산", ""]:
        assert escape(value) == conditional_escape(value)


def test_filled_fragment_is_not_escaped_again_by_a_template():
    html = Fragment("<em>{word}</em>").fill(word="<&>")

    rendered = Template("<p>{{ html }}</p>").render(Context({"html": html}))

    assert rendered == "<p><em>&lt;&amp;&gt;</em></p>"


def test_fragment_fixed_tells_text_from_html_with_the_same_characters():
    as_text = LINK.fixed(title="<b>")
    as_html = LINK.fixed(title=mark_safe("<b>"))

    assert as_text.fill(url="/", label="x") == '<a href="/" title="&lt;b&gt;">x</a>'
    assert as_html.fill(url="/", label="x") == '<a href="/" title="<b>">x</a>'
    assert LINK.fixed(title="<b>") is as_text  # compiled once, then remembered


def test_escape_of_text_with_and_without_quotes_and_brackets():
    for text in ["plain", "a & b", "a&amp;b", "?q=x&y=%22", "'", '"&', "<&>", "", "x" * 500]:
        assert escape(text) == escape_text(text)
