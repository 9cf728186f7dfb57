"""The authorization matrix: every URL of the project, for every role, another establishment's head and an
anonymous visitor, answers what tests/authz_expectations.py says.

The URL list comes from the resolver, so a page added without an expectation fails here (by its name).
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from missions import permissions
from missions.models import (
    Allocation,
    Dotation,
    Envelope,
    LetterBatch,
    Mission,
    OutgoingEmail,
    Periodicity,
    Rate,
    Role,
    RoleGrant,
    StaffMember,
    StsImport,
)
from tests import authz_expectations as expected
from tests.board_objects import presented_versions, question_on
from tests.conftest import PERSONAS
from tests.factories import StaffMemberFactory, UserFactory, make_letter
from tests.phare_objects import (
    make_attachment,
    make_case,
    make_coordinator,
    make_member,
    make_partner,
    make_prevention_action,
    make_training,
)

SKIPPED_NAMESPACES = {"admin"}  # Django's admin has its own permission system (is_staff)
SAMPLE = Path(__file__).parent / "data" / "sts_emp_0751234J_2026.xml"
# Values for the path parameters of token URLs (password reset, invitation): a wrong token must not crash.
DUMMY_KWARGS = {"uidb64": "MQ", "token": "abc-123def456"}


def walk(resolver, prefix="", namespace="", params=()):
    """Yield (URL name, route, parameter names) for every URLPattern under `resolver`."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        entry_params = params + tuple(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, route, inner, entry_params)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, route, entry_params


def project_urls():
    # Static and media files are served by whitenoise/the web server, not by a route of ours.
    return [url for url in walk(get_resolver()) if not url[1].lstrip("^").startswith(("static/", "media/"))]


URLS = project_urls()
EXPECTED = {**dict.fromkeys(expected.GLOBAL_PAGES, "global"), **expected.ESTABLISHMENT_PAGES}


def test_the_walk_finds_every_page_of_the_project():
    # An empty or truncated walk would let the parametrized test below pass without checking anything.
    names = {name for name, _, _ in URLS}
    assert set(EXPECTED) <= names
    assert {"home", "login", "establishment_home", "allocation_list", "person_allocations"} <= names


def test_every_establishment_page_goes_through_establishment_view():
    """The decorator is the one door of an establishment page (404 outside, 403 without the capability)."""
    undecorated = [
        name
        for name in expected.ESTABLISHMENT_PAGES
        if getattr(resolve_name(name), "capability", None) not in permissions.CAPABILITIES
    ]
    assert not undecorated, f"Pages sans establishment_view : {undecorated}"


def resolve_name(name):
    params = next(params for url_name, _, params in URLS if url_name == name)
    kwargs = {param: {"uai": "0750654D", "pk": 1}.get(param, "x") for param in params}
    return resolve(reverse(name, kwargs=kwargs)).func


def test_every_url_has_a_name():
    unnamed = [route for name, route, _ in URLS if name is None]
    assert not unnamed, f"Routes sans nom (ajoutez name=...) : {unnamed}"


def test_no_expectation_names_a_url_that_does_not_exist():
    names = {name for name, _, _ in URLS}
    stale = sorted(set(EXPECTED) - names)
    assert not stale, f"Entrées de tests/authz_expectations.py sans URL : {stale}"


def test_no_url_is_both_a_global_page_and_an_establishment_page():
    assert not set(expected.GLOBAL_PAGES) & set(expected.ESTABLISHMENT_PAGES)


# --- the objects that fill <int:pk> ---------------------------------------------------------------------
def rate(code, multiplier):
    found = Rate.objects.filter(code=code).first()
    return found or Rate.objects.create(code=code, label=f"Taux ×{multiplier}", multiplier=multiplier)


def build_objects(establishment, school_year, personas):
    """One object of each kind named by `obj` in the expectations, all in `establishment`."""
    base = rate("003", Decimal("1"))
    teacher = StaffMemberFactory(establishment=establishment, usage_name="MATRICE", first_name="Paul")
    teacher_user = UserFactory(email="matrice@example.org")
    role_grant = RoleGrant.objects.create(
        user=teacher_user, establishment=establishment, school_year=school_year, role=Role.STAFF
    )
    national = Mission.objects.filter(establishment=None).first() or Mission.objects.create(
        code="matrice-nationale", title="Mission nationale (matrice)"
    )
    national.allowed_rates.add(base)
    own = Mission.objects.create(establishment=establishment, code="matrice-propre", title="Mission propre")
    own.allowed_rates.add(base)
    one_off = Mission.objects.create(
        establishment=establishment, code="matrice-voyage", title="Voyage", periodicity=Periodicity.ONE_OFF
    )
    one_off.allowed_rates.add(base)
    envelope, _ = Envelope.objects.get_or_create(establishment=establishment, school_year=school_year)
    grant = Dotation.objects.create(
        envelope=envelope, units=Decimal("7"), granted_on=date(2026, 6, 20), reference="DHG"
    )
    pay = {"envelope": envelope, "mission": own, "rate": base, "count": 1, "units": Decimal("1")}
    own_staff_member = StaffMember.objects.get(user=personas.staff, establishment=establishment)
    case = make_case(establishment, personas)
    sample = SAMPLE.read_bytes().replace(b"0751234J", establishment.uai.encode())
    allocation = Allocation.objects.create(staff_member=teacher, **pay)
    member = make_member(establishment)
    partner = make_partner(establishment)
    # version 1 presented before the former CA member's term ended, version 2 (the latest) today
    old_version, version = presented_versions(establishment, school_year, personas.head, days_ago=(60, 0))
    return {
        "staff_member": teacher,
        "own_staff_member": own_staff_member,
        "role_grant": role_grant,
        "sts_import": StsImport.objects.create(
            establishment=establishment, filename="sts_emp.xml", content=sample, uploaded_by=personas.head
        ),
        "outgoing_email": OutgoingEmail.objects.create(
            establishment=establishment, to="matrice@example.org", subject="Invitation", status="failed"
        ),
        "envelope_grant": grant,
        "national_mission": national,
        "own_mission": own,
        "allocation": allocation,
        "one_off_allocation": Allocation.objects.create(
            staff_member=teacher,
            **{**pay, "mission": one_off},
            periodicity=Periodicity.ONE_OFF,
            start_date=date(2027, 4, 2),
            end_date=date(2027, 4, 9),
        ),
        "draft_allocation": Allocation.objects.create(
            staff_member=own_staff_member, **{**pay, "mission": national}, is_draft=True
        ),
        "letter": make_letter(teacher, school_year=school_year),
        "own_letter": make_letter(own_staff_member, school_year=school_year, status="sent"),
        "letter_batch": LetterBatch.objects.create(
            establishment=establishment, school_year=school_year, kind=LetterBatch.Kind.SEND, total=2, done=1
        ),
        "phare_case": case,
        "phare_attachment": make_attachment(case),
        "phare_coordinator": make_coordinator(establishment),
        "phare_member": member,
        "phare_training": make_training(member.staff_member),  # listed on the team page
        "phare_partner": partner,
        "phare_prevention_action": make_prevention_action(establishment, [partner]),
        "plan_version": version,
        "old_plan_version": old_version,
        # asked by the CA member (the head when a test builds objects for fewer personas)
        "board_question": question_on(version, getattr(personas, "board", personas.head)),
    }


# --- the checks ---------------------------------------------------------------------------------------
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# Writes a GET may make by design: the session, the receipt left by a CA member opening a version, and the record
# of a pHARe case being read (read log + event log): those writes are the point, not a leak.
EXPECTED_WRITES = ("django_session", "missions_readreceipt")
READ_LOG_TABLES = ("harcelement_caseread", "missions_event")


def answer(client, user, url, method="get"):
    """The answer to a GET (or a POST from someone who may not act), checked on the way: neither writes
    anything (only the session may be saved)."""
    client.logout()
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url)
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(WRITES)
        and not any(table in query["sql"] for table in EXPECTED_WRITES)
        and not (method == "get" and any(table in query["sql"] for table in READ_LOG_TABLES))
    ]
    assert not writes, f"{method.upper()} {url} par {user} écrit dans la base : {writes}"
    return response


LABELS = {"ok": "200 (ou une redirection)", "login": "une redirection vers la connexion"}


def verdict(response, allowed, login_url):
    """None when the response is one of `allowed` ("ok" = 200 or a redirect that is not the sign-in page)."""
    status = response.status_code
    location = response.get("Location", "")
    if "login" in allowed and status == 302 and location.startswith(login_url):
        return None
    if "ok" in allowed and (status == 200 or (status == 302 and not location.startswith(login_url))):
        return None
    if status in allowed:
        return None
    return f"{status}{' → ' + location if location else ''}"


MATRIX_PERSONAS = (*PERSONAS, expected.FORMER_BOARD)


def expectations(entry):
    """(who, allowed answers) for every persona and the anonymous visitor."""
    for role in MATRIX_PERSONAS:
        as_role = expected.BOARD if role == expected.FORMER_BOARD else role  # unless `special` says otherwise
        if role == "outsider":
            yield role, {404}
        elif role in entry.special:
            yield role, {entry.special[role]}
        elif as_role in entry.special:
            yield role, {entry.special[as_role]}
        elif as_role in entry.roles:
            yield role, {"ok"}
        else:
            yield role, {entry.others}
    yield "anonymous", {"login"}


def global_expectations(kind):
    for role in MATRIX_PERSONAS:
        yield role, {"ok"}
    yield "anonymous", {"ok"} if kind == "public" else {"login"}


@pytest.mark.parametrize(("name", "route", "params"), URLS, ids=[url[0] or url[1] for url in URLS])
def test_url_answers_each_role_as_expected(
    name, route, params, establishment, school_year, personas, former_board
):
    assert name in EXPECTED, (
        f"L'URL {name!r} ({route}) n'a pas de règle : ajoutez-la dans tests/authz_expectations.py"
    )
    if name in expected.GLOBAL_PAGES:
        objects, rules = {}, global_expectations(expected.GLOBAL_PAGES[name])
    else:
        # every establishment page is requested with data in it, so its template runs on real rows
        objects, rules = build_objects(establishment, school_year, personas), expectations(EXPECTED[name])
    kwargs = {}
    for param in params:
        if param == "uai":
            kwargs["uai"] = establishment.uai
        elif param == "pk":
            obj = getattr(EXPECTED[name], "obj", None)
            assert obj in objects, f"{name} prend un <pk> : indiquez obj=... dans tests/authz_expectations.py"
            kwargs["pk"] = objects[obj].pk
        else:
            kwargs[param] = DUMMY_KWARGS.get(param, "x")
    url = reverse(name, kwargs=kwargs)
    users = {**vars(personas), expected.FORMER_BOARD: former_board, "anonymous": None}
    login_url = reverse("login")
    failures = []
    client = Client()  # one per test: each new client loads the middleware again
    # Everyone who may not GET the page may not POST to it either (and nothing is written).
    methods = ("get",) if name in expected.GLOBAL_PAGES else ("get", "post")
    for who, allowed in rules:
        for method in methods if "ok" not in allowed else ("get",):
            problem = verdict(answer(client, users[who], url, method), allowed, login_url)
            if problem:
                wanted = " ou ".join(sorted(LABELS.get(rule, str(rule)) for rule in allowed))
                failures.append(f"{who} ({method.upper()}) : attendu {wanted}, obtenu {problem}")
    assert not failures, f"{url}\n" + "\n".join(failures)
