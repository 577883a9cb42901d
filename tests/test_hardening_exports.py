"""Spreadsheet formulas in every export (issue 21, item 4).

Every CSV and XLSX the portal or its admin writes starts a cell that a spreadsheet program
would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) with an apostrophe,
in every column; the admin's resource export leaves out members' proposals that are not in
the library.
"""

import csv
import io

import openpyxl
import pytest
from django.contrib import admin
from django.utils import timezone

from common.spreadsheets import FORMULA_STARTS, neutralise, text_cell
from registrations.models import Registration
from resources.models import Resource
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    ResourceFactory,
    TopicFactory,
    UserFactory,
)
from tests.hostile import SPREADSHEET_FORMULAS as FORMULAS

pytestmark = pytest.mark.django_db


def _formula_cells(rows) -> list:
    return [
        cell
        for row in rows
        for cell in row
        if isinstance(cell, str) and cell.startswith(FORMULA_STARTS)
    ]


def _row_titled(rows, title: str) -> dict[str, str]:
    (row,) = [row for row in rows[1:] if row[0] == title]
    return dict(zip(rows[0], row, strict=True))


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def hostile_library(db):
    """A published resource with a formula in every text column, and members' proposals
    that are not (or no longer) in the library."""
    publisher = OrganizationFactory(name="=1+1", acronym="@A")
    topic = TopicFactory(name="+SUM(1)", slug="sum")
    resource = ResourceFactory(
        title="=1+1",
        title_ko="@SUM(1)",
        summary="+SUM(1)",
        summary_ko="-2+3",
        countries=["=cmd|' /C calc'!A0", "Korea"],
        cities=["@SUM(1)"],
        languages=["en"],
        publishers=[publisher],
        topics=[topic],
    )
    member = UserFactory()
    proposals = [
        ResourceFactory(
            title=f"Proposal {moderation} {status}",
            status=status,
            moderation=moderation,
            submitted_by=member,
            rejection_reason="Out of scope" if moderation == "rejected" else "",
        )
        for moderation, status in [
            (Resource.Moderation.PENDING, Resource.Status.DRAFT),
            (Resource.Moderation.REJECTED, Resource.Status.DRAFT),
            (Resource.Moderation.APPROVED, Resource.Status.WITHDRAWN),
        ]
    ]
    accepted = ResourceFactory(
        title="Accepted proposal",
        moderation=Resource.Moderation.APPROVED,
        submitted_by=member,
    )
    return {"resource": resource, "proposals": proposals, "accepted": accepted}


@pytest.mark.parametrize("value", FORMULAS)
def test_neutralise_starts_a_formula_with_an_apostrophe(value):
    assert neutralise(value) == "'" + value
    assert text_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Seoul", "1+1", "", " =1", "'=1", 3, -1, None, True])
def test_neutralise_leaves_other_values_alone(value):
    assert neutralise(value) == value


def test_library_csv_export_neutralises_every_column(client, hostile_library):
    response = client.get("/resources/export.csv")

    rows = _csv_rows(response.content)
    assert len(rows) == 3  # the header, the resource, the accepted proposal
    assert _formula_cells(rows) == []
    cells = _row_titled(rows, "'=1+1")
    assert cells["title"] == "'=1+1"
    assert cells["publishers"] == "'=1+1"
    assert cells["topics"] == "'+SUM(1)"
    assert cells["countries"] == "'=cmd|' /C calc'!A0; Korea"


def test_registrations_csv_neutralises_every_column(staff_client, db):
    event = EventFactory(title="=1+1")
    user = UserFactory(email="-x@example.org")
    Registration.objects.create(
        event=event,
        user=user,
        name="=1+1",
        organisation="@SUM(1)",
        position="+SUM(1)",
        city="-2+3",
        country="\t=1+1",
        accessibility_needs="\r=1+1",
        question='=HYPERLINK("x")',
        category=Registration.Category.OTHER,
        channel="en",
        status=Registration.Status.CONFIRMED,
        privacy_consent_at=timezone.now(),
    )

    response = staff_client.get(f"/admin/registrations/registration/event/{event.pk}/export.csv")

    rows = _csv_rows(b"".join(response.streaming_content))
    assert len(rows) == 2
    assert _formula_cells(rows) == []
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["event"] == "'=1+1"
    assert cells["email"] == "'-x@example.org"
    assert cells["question"] == '\'=HYPERLINK("x")'


def _admin_export(staff_client, label: str) -> bytes:
    resource_admin = admin.site._registry[Resource]
    formats = [fmt().get_title() for fmt in resource_admin.get_export_formats()]
    page = staff_client.get("/admin/resources/resource/export/")
    names = {part.split('"')[0] for part in page.content.decode().split('name="')[1:]}
    columns = {name for name in names if name.startswith("resourceimport_")}
    response = staff_client.post(
        "/admin/resources/resource/export/",
        {"format": str(formats.index(label)), "resource": "0", **dict.fromkeys(columns, "on")},
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_admin_resource_export_csv_neutralises_every_column(staff_client, hostile_library):
    rows = _csv_rows(_admin_export(staff_client, "csv"))

    assert _formula_cells(rows) == []
    cells = _row_titled(rows, "'=1+1")
    assert cells["title_ko"] == "'@SUM(1)"
    assert cells["summary_ko"] == "'-2+3"
    assert cells["publishers"] == "'=1+1"
    assert cells["cities"] == "'@SUM(1)"
    assert sorted(row[0] for row in rows[1:]) == ["'=1+1", "Accepted proposal"]


def test_admin_resource_export_xlsx_has_no_formula(staff_client, hostile_library):
    workbook = openpyxl.load_workbook(io.BytesIO(_admin_export(staff_client, "xlsx")))

    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert _formula_cells([[cell.value for cell in cells]]) == []
    titles = sorted(str(row[0].value) for row in sheet.iter_rows(min_row=2))
    assert titles == ["'=1+1", "Accepted proposal"]
