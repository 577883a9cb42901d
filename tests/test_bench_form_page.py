"""The form-page benchmark (issue 17): it times both pages in each language and says whether
the form page costs no more CPU than the event page."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from events.models import Event

ROW = re.compile(r"^(event page|form page)\s+(en|ko)\s+2\s+(\d+\.\d)\s+(\d+\.\d)\s+(\d+\.\d)$")
VERDICT = re.compile(
    r"^(en|ko): form page / event page CPU = \d+\.\d\d \(no more than the event page: (yes|NO)\)$"
)


@pytest.mark.django_db
def test_bench_form_page_prints_p50_p95_and_cpu_of_both_pages_in_each_language():
    out = io.StringIO()

    call_command("bench_form_page", requests=2, stdout=out)

    lines = out.getvalue().splitlines()
    assert re.split(r"\s{2,}", lines[0]) == [
        "page",
        "language",
        "requests",
        "p50 ms",
        "p95 ms",
        "CPU ms per request",
    ]
    rows = [ROW.match(line) for line in lines[1:5]]
    assert all(rows), lines
    assert [row.group(1, 2) for row in rows] == [
        ("event page", "en"),
        ("form page", "en"),
        ("event page", "ko"),
        ("form page", "ko"),
    ]
    assert all(float(row.group(5)) > 0 for row in rows)
    verdicts = [VERDICT.match(line) for line in lines[5:]]
    assert all(verdicts) and [v.group(1) for v in verdicts] == ["en", "ko"], lines
    # Its data is marked synthetic, and --delete removes it.
    event = Event.objects.get(slug="synthetic-bench-form-page")
    assert event.needs_review and "Synthetic" in event.review_notes
    call_command("bench_form_page", delete=True, stdout=io.StringIO())
    assert not Event.objects.filter(slug="synthetic-bench-form-page").exists()
    assert not User.objects.filter(email="bench-form-page@synthetic.invalid").exists()


@pytest.mark.django_db
def test_bench_form_page_refuses_bad_arguments():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("bench_form_page", requests=0, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Unknown language"):
        call_command("bench_form_page", languages=["fr"], stdout=io.StringIO())
    assert not Event.objects.filter(slug="synthetic-bench-form-page").exists()
