"""The exact markup of the search's hits and facet blocks, built in Python through
``common.html`` (resources/search/rendering.py): a change to it shows here first."""

from django.utils import translation

from resources.search.hits import MARK_START, MARK_STOP, Hit, Publisher
from resources.search.rendering import (
    Facet,
    FacetValue,
    FacetValueHTML,
    HitHTML,
    facets_html,
    highlight,
    hits_html,
)

HOSTILE = "<script>alert(\"x\")</script> & {0} 'q'"
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; {0} &#x27;q&#x27;"


def make_hit(**changes) -> Hit:
    values = {
        "pk": 1,
        "title": "Flood recovery",
        "display_title": "Flood recovery",
        "url": "https://example.org/flood?a=1&b=2",
        "kind_label": "Report",
        "published_year": 2020,
        "ordered_publishers": [Publisher("Seoul Metropolitan Government", "SMG")],
        "detail_url": "/resources/flood-recovery/",
        "title_link": "https://example.org/flood?a=1&b=2",
        "meta": "SMG · Report · 2020",
        "headline": "Flood recovery",
        "title_lang": "en",
        "snippet": "How the city recovered.",
        "snippet_lang": "en",
        "marked": False,
        "is_broken": False,
        "archive_url": "",
    }
    values.update(changes)
    return Hit(**values)


def render_hit(hit: Hit, language="en") -> str:
    with translation.override(language):
        return HitHTML()(hit)


def test_hit_markup_without_words():
    assert render_hit(make_hit()) == (
        '<li><article class="hit">\n'
        '  <h3 class="hit__title"><a href="https://example.org/flood?a=1&amp;b=2" '
        'rel="noopener">Flood recovery</a></h3>\n'
        '  <p class="hit__meta">SMG · Report · 2020</p>\n'
        '  <p class="hit__snippet">How the city recovered.</p>\n'
        '  <p class="hit__more">\n'
        '    <a href="/resources/flood-recovery/">Details<span class="visually-hidden">: '
        "Flood recovery</span></a>\n"
        "  </p>\n"
        "</article></li>"
    )


def test_hit_markup_with_marked_words_broken_link_and_no_snippet():
    hit = make_hit(
        headline=f"{MARK_START}Flood{MARK_STOP} recovery",
        snippet="",
        marked=True,
        is_broken=True,
        archive_url="https://web.archive.org/web/2020/https://example.org/flood?a=1&b=2",
    )

    assert render_hit(hit) == (
        '<li><article class="hit">\n'
        '  <h3 class="hit__title"><a href="https://example.org/flood?a=1&amp;b=2" '
        'rel="noopener"><mark>Flood</mark> recovery</a></h3>\n'
        '  <p class="hit__meta">SMG · Report · 2020</p>\n'
        '  <p class="hit__more">\n'
        '    <a href="/resources/flood-recovery/">Details<span class="visually-hidden">: '
        "Flood recovery</span></a>"
        ' · <span class="hit__broken">The source seems to be offline.</span> '
        '<a href="https://web.archive.org/web/2020/https://example.org/flood?a=1&amp;b=2" '
        'rel="noopener">Archived copy</a>\n'
        "  </p>\n"
        "</article></li>"
    )


def test_hit_without_a_link_leads_to_its_own_page_in_korean():
    hit = make_hit(url="", title_link="/ko/resources/flood-recovery/")

    html = render_hit(hit, "ko")

    with translation.override("ko"):
        details = translation.gettext("Details")
        no_link = translation.gettext("Link to be added by the secretariat")
    assert details != "Details"
    assert (
        '<h3 class="hit__title"><a href="/ko/resources/flood-recovery/"><span lang="en">Flood'
        in html
    )
    assert f"{details}<span" in html
    assert html.endswith(f"</a> · <span>{no_link}</span>\n  </p>\n</article></li>")


def test_hit_marks_an_english_snippet_on_a_korean_page_and_not_a_korean_one():
    english = render_hit(make_hit(), "ko")
    korean = render_hit(make_hit(snippet="도시의 복구 과정.", snippet_lang="ko"), "ko")

    assert '<p class="hit__snippet"><span lang="en">How the city recovered.</span>' in english
    assert '<p class="hit__snippet">도시의 복구 과정.</p>' in korean


def test_hit_escapes_every_text_it_shows():
    hit = make_hit(
        display_title=HOSTILE,
        headline=HOSTILE,
        snippet=HOSTILE,
        meta=HOSTILE,
        title_link='javascript:"><x>',
        detail_url='/r/"><x>/',
    )

    html = render_hit(hit)

    assert "<script>" not in html and "<x>" not in html
    assert html.count(ESCAPED) == 4  # headline, meta, snippet, the details link's label
    assert 'href="javascript:&quot;&gt;&lt;x&gt;"' in html
    assert 'href="/r/&quot;&gt;&lt;x&gt;/"' in html


def test_highlight_marks_only_the_markers_after_escaping():
    text = f"<b>{MARK_START}a&b{MARK_STOP}</b> {MARK_START}<mark>{MARK_STOP} {MARK_STOP}"

    assert highlight(text) == "&lt;b&gt;<mark>a&amp;b</mark>&lt;/b&gt; <mark>&lt;mark&gt;</mark> "


def test_facet_value_markup_selected_and_not():
    render = FacetValueHTML()
    chosen = FacetValue("2020", "2020", 1234, True, "?q=x&year=2020")
    other = FacetValue("a&b", HOSTILE, 3, False, "?country=a%26b")

    assert render(chosen) == (
        '<li><a class="facet__value" href="?q=x&amp;year=2020" aria-current="true">'
        '<span class="facet__check" aria-hidden="true">✓</span><span class="facet__label">'
        '<span class="visually-hidden">Selected: </span>2020</span> '
        '<span class="facet__count">1,234<span class="visually-hidden"> resources</span>'
        "</span></a></li>"
    )
    assert render(other) == (
        '<li><a class="facet__value" href="?country=a%26b"><span class="facet__check" '
        f'aria-hidden="true"></span><span class="facet__label">{ESCAPED}</span> '
        '<span class="facet__count">3<span class="visually-hidden"> resources</span>'
        "</span></a></li>"
    )


def test_facet_blocks_markup_with_values_behind_n_more():
    value = FacetValue("2020", "2020", 2, False, "?year=2020")
    older = FacetValue("2019", "2019", 1, False, "?year=2019")
    render = FacetValueHTML()
    facets = [
        Facet("year", "Year", [value], [older]),
        Facet("topic", "Topic", []),  # no values: no block
        Facet("kind", HOSTILE, [value]),
    ]

    with translation.override("en"):
        html = facets_html(facets)

    assert html == (
        '<section class="facet" aria-labelledby="facet-year">\n'
        '  <h3 id="facet-year">Year</h3>\n'
        f'  <ul class="facet__values">{render(value)}</ul>\n'
        '  <details class="facet__more">\n'
        "    <summary>1 more</summary>\n"
        f'    <ul class="facet__values">{render(older)}</ul>\n'
        "  </details>\n"
        "</section>\n"
        '<section class="facet" aria-labelledby="facet-kind">\n'
        f'  <h3 id="facet-kind">{ESCAPED}</h3>\n'
        f'  <ul class="facet__values">{render(value)}</ul>\n'
        "</section>\n"
    )


def test_hits_html_is_the_hits_one_after_another():
    first, second = make_hit(), make_hit(display_title="Second", headline="Second")

    with translation.override("en"):
        html = hits_html([first, second])

    assert html == render_hit(first) + render_hit(second)
    assert hits_html([]) == ""
