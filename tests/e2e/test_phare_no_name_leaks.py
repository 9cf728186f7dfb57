"""A whole browser session over the demo data, then a grep of everything it left behind for the demo pupils'
names: server log, e-mails, task rows, URLs, the event log, the statistics export. Only the case pages and
the case file may show them."""

import importlib
import logging
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from harcelement.demo import DEMO_PUPILS
from harcelement.models import Case
from missions.demo.people import DEMO_PASSWORD
from missions.models import Establishment, Event
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NEW_PUPIL = "Quentin Coquelicotier"
NAMES = [name for name, _ in DEMO_PUPILS] + [NEW_PUPIL]
TASKS_IN_DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def pieces(names):
    """Full names and surnames alone (a surname in a URL is a leak too)."""
    return {name for full in names for name in (full, full.split()[-1])}


@pytest.fixture
def server_log():
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(previous)


def national_catalogue():
    """A transactional test starts from empty tables: put back the rates and missions the migrations load."""
    from django.apps import apps

    for migration in ("0002_rates", "0003_national_catalogue"):
        module = importlib.import_module(f"missions.migrations.{migration}")
        loader = getattr(module, "create_rates", None) or module.create_national_missions
        loader(apps, None)


@override_settings(TASKS=TASKS_IN_DATABASE)
def test_a_whole_session_leaves_no_pupil_name_behind(browser, live_server, server_log):
    national_catalogue()
    call_command("seed_demo", stdout=StringIO())
    college = Establishment.objects.get(uai="0752536Z")
    base = f"{live_server.url}/etablissements/{college.uai}/phare/"
    urls = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.on("request", lambda request: urls.append(request.url))
    page = context.new_page()
    page.set_default_timeout(20_000)

    # a teacher reports a new case
    sign_in(page, live_server, "prof.college@demo.fr", DEMO_PASSWORD)
    page.goto(base + "signaler/")
    page.fill("textarea[name=what]", f"{NEW_PUPIL} est bousculé tous les matins.")
    page.fill("input[name=occurred_on]", "2026-11-30")
    page.fill("input[name=pupil0_name]", NEW_PUPIL)
    page.fill("input[name=pupil0_class]", "4e A")
    page.select_option("select[name=pupil0_role]", "cible")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer le signalement").click()
    page.get_by_role("link", name="Signalement").first.click()
    context.clear_cookies()

    # the coordinator lands on the dashboard, reads cases, records an entry, prints the file
    sign_in(page, live_server, "coordination.college@demo.fr", DEMO_PASSWORD)
    assert page.url == base
    page.goto(base + "situations/")
    for case in Case.objects.filter(establishment=college)[:3]:
        page.goto(f"{base}situations/{case.pk}/")
        assert any(name in page.content() for name in NAMES)  # the case page does show them
    page.select_option("select[name=kind]", "suivi")
    page.fill("textarea[name=text]", "Point de suivi hebdomadaire.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajouter au journal").click()
    for path in ["equipe/", "prevention/", "statistiques/"]:
        page.goto(base + path)
    csv = page.request.get(base + "statistiques.csv").text()
    context.clear_cookies()

    # the head reads the read log
    sign_in(page, live_server, "principal.college@demo.fr", DEMO_PASSWORD)
    page.goto(base + "consultations/")
    context.close()

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    tasks = [str(row.args_kwargs) for row in DBTaskResult.objects.all()]
    assert tasks, "the alert e-mail goes through a task row"
    assert mail.outbox, "the alert e-mail was sent"
    mails = [f"{m.subject}\n{m.body}\n{m.alternatives}" for m in mail.outbox]
    events = [
        f"{e.object_label} {e.changes} {e.data}" for e in Event.objects.filter(establishment_id=college.pk)
    ]
    traces = {
        "journal du serveur": server_log.getvalue(),
        "courriels": "\n".join(mails),
        "tâches": "\n".join(tasks),
        "URL": "\n".join(urls),
        "journal des événements": "\n".join(events),
        "export CSV": csv,
    }
    assert reverse("phare_dashboard", args=[college.uai]) in traces["URL"]
    leaks = [f"{where} : {name}" for where, text in traces.items() for name in pieces(NAMES) if name in text]
    assert not leaks, leaks
