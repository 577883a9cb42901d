"""Korean at phone width (issue 17): at 320 CSS pixels, on the main page types in Korean, no
Korean word is split across two lines (Hangul breaks between words, `word-break: keep-all`)
and no button or chip label wraps.

A word is a word of Unicode's word boundaries (Intl.Segmenter, UAX #29) holding Hangul, inside
one text node; it is split when the boxes Range.getClientRects gives for it sit on more than
one line. (A line may still break at punctuation between two words written without a space,
as before an opening bracket: keep-all only keeps letters together.) The browser draws with
Debian's Noto Sans CJK (`make browser-deps`), as a Korean reader's phone does with its own."""

import pytest
from django.test import Client

from tests.browser.test_phone import MAIN_PAGE_TYPES, PHONE
from tests.pages import PAGE_TYPES, localised, resolve, sign_in

# The lines a set of boxes occupies: a box starts a new line when it begins below the bottom
# of the line so far (boxes of one line overlap vertically, whatever their font size).
_LINES = """
function lineCount(rects) {
  const boxes = Array.from(rects).filter(r => r.width > 0 && r.height > 0)
    .sort((a, b) => a.top - b.top);
  let lines = 0, bottom = -Infinity;
  for (const box of boxes) {
    if (box.top >= bottom - 1) { lines += 1; bottom = box.bottom; }
    else { bottom = Math.max(bottom, box.bottom); }
  }
  return lines;
}
function visible(el) {
  return el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden"
    && !el.closest(".visually-hidden, .hp, script, style, noscript, template, select, option");
}
"""

SPLIT_WORDS = (
    "() => {"
    + _LINES
    + """
  const hangul = /[\\uac00-\\ud7a3]/;
  const segmenter = new Intl.Segmenter("ko", {granularity: "word"});
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const split = [];
  let words = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!hangul.test(node.data) || !visible(node.parentElement)) { continue; }
    for (const word of segmenter.segment(node.data)) {
      if (!word.isWordLike || !hangul.test(word.segment)) { continue; }
      words += 1;
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word.segment.length);
      if (lineCount(range.getClientRects()) > 1) { split.push(word.segment); }
    }
  }
  return {words, split};
}
"""
)

WRAPPED_LABELS = (
    "() => {"
    + _LINES
    + """
  const controls = document.querySelectorAll(
    "button, .button, .chip, .badge, input[type=submit], .share__links a, .language-switcher select");
  const wrapped = [];
  let count = 0;
  for (const control of controls) {
    if (!visible(control)) { continue; }
    count += 1;
    const range = document.createRange();
    const texts = [];
    const walker = document.createTreeWalker(control, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.data.trim() && visible(node.parentElement)) { texts.push(node); }
    }
    const rects = [];
    for (const node of texts) {
      range.selectNodeContents(node);
      rects.push(...range.getClientRects());
    }
    if (lineCount(rects) > 1) { wrapped.push(control.textContent.trim().replace(/\\s+/g, " ")); }
  }
  return {count, wrapped};
}
"""
)


@pytest.fixture
def korean_phone(live_server, browser, user):
    """Phone-sized Korean browsers for visitors (False) and a signed-in attendee (True)."""
    client = Client()
    sign_in(client, user)
    contexts = {
        signed_in: browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, locale="ko-KR"
        )
        for signed_in in (False, True)
    }
    contexts[True].add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.mark.django_db(transaction=True)
def test_korean_pages_at_320_pixels_keep_words_and_labels_whole(live_server, korean_phone, user):
    split_words, wrapped_labels, checked = [], [], {}
    for page_type in PAGE_TYPES:
        if page_type.name not in MAIN_PAGE_TYPES:
            continue
        page = korean_phone[page_type.signed_in].new_page()
        page.goto(live_server.url + localised(resolve(page_type.path, user), "ko"))
        assert page.evaluate("document.documentElement.lang") == "ko"
        words = page.evaluate(SPLIT_WORDS)
        labels = page.evaluate(WRAPPED_LABELS)
        checked[page_type.name] = (words["words"], labels["count"])
        split_words += [f"{page_type.name}: {word}" for word in words["split"]]
        wrapped_labels += [f"{page_type.name}: {label}" for label in labels["wrapped"]]
        page.close()

    # Every main page type was read, with Korean words and buttons on it.
    assert set(checked) == MAIN_PAGE_TYPES
    assert all(words > 20 and labels > 0 for words, labels in checked.values()), checked
    assert not split_words, "\n".join(split_words)
    assert not wrapped_labels, "\n".join(wrapped_labels)


@pytest.mark.django_db(transaction=True)
def test_korean_pages_use_a_korean_font_and_hangul_line_height(live_server, korean_phone):
    page = korean_phone[False].new_page()
    page.goto(live_server.url + "/ko/")
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.body);
        return {family: s.fontFamily, wordBreak: s.wordBreak, lineHeight: s.lineHeight,
                fontSize: s.fontSize}; }"""
    )
    # The font the browser tests install (make browser-deps) is there and in the stack.
    # (A missing font falls back to serif: the same widths.)
    assert page.evaluate(
        """() => { const c = document.createElement("canvas").getContext("2d");
        const width = font => { c.font = font; return c.measureText("mmmiii 한국어").width; };
        return width('16px "Noto Sans CJK KR", serif') !== width("16px serif"); }"""
    )
    assert "Noto Sans CJK KR" in style["family"]
    assert "Apple SD Gothic Neo" in style["family"]
    assert "Malgun Gothic" in style["family"]
    assert style["wordBreak"] == "keep-all"
    assert float(style["lineHeight"][:-2]) / float(style["fontSize"][:-2]) == pytest.approx(1.75)

    english = korean_phone[False].new_page()
    english.goto(live_server.url + "/")
    assert english.evaluate("getComputedStyle(document.body).wordBreak") == "normal"
