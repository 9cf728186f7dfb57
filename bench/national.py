"""National scale (PostgreSQL only): does one establishment's allocation screen slow down when the database
holds a whole country?

Run from the project root with a PostgreSQL server:
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/imp_bench_national .venv/bin/python bench/national.py`.
It creates (and drops at the end) two databases named after DATABASE_URL's: `<name>_alone` and `<name>_full`.

- `_alone` holds only the measured establishment: the lycée of bench/allocation_page.py (150 staff, 40 missions,
  300 allocations made through the allocation service, so their history is on the event log with real hashes).
- `_full` first receives, with COPY, 7 500 other establishments with 60 staff each (450 000 staff, each with an
  account and a role), an envelope and a dotation each, 1 000 000 allocations and their history (one
  "allocation.created" event each, 1 000 000 events chained and hashed as `record_event` does, so
  `verify_events` holds), then the same lycée, built the same way (its accounts and events are the newest).

The screen is then requested as the lycée's head in both databases, in turns, and the script prints
`BENCH national_page_ratio <r> ratio`: the median in `_full` ÷ the median in `_alone` (target ≤ 1.2), with the
two medians and the loading time.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
# NATIONAL_SCALE=0.01 makes a country a hundred times smaller (a quick check of the script itself).
SCALE = float(os.environ.get("NATIONAL_SCALE", "1"))
ESTABLISHMENTS = int(7500 * SCALE)
STAFF_PER_ESTABLISHMENT = 60  # 450 000 staff
ALLOCATIONS = int(1_000_000 * SCALE)  # 133 or 134 per establishment
ROUNDS, REQUESTS_PER_ROUND = 5, 5
BATCH = 50_000  # rows per COPY write


def database_urls(url: str) -> tuple[str, str, str]:
    """(admin URL, URL of the "alone" database, URL of the "full" one)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return tuple(
        url.replace(parts.path, f"/{database}", 1)
        for database in ("postgres", f"{name}_alone", f"{name}_full")
    )


def recreate(admin_url: str, url: str, *, drop_only=False) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "imp_missions.settings_test"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"], check=True, env=env, cwd=ROOT
    )


def copy_rows(cursor, table: str, columns: list[str], rows) -> int:
    """COPY `rows` (tuples of text or None) into `table`, in batches; returns the number of rows."""
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def load_country(connection, school_year, missions, rates) -> dict:
    """7 500 establishments and everything in them, with COPY; returns the counts."""
    from missions.events import GENESIS, payload_digest
    from missions.services.allocation_history import Action

    now = datetime.now(UTC)
    stamp = now.isoformat()
    base = school_year.imp_base_amount
    counts = {}
    with connection.cursor() as cursor:
        # The rows are consistent by construction: skip the per-row foreign key triggers while loading, as a
        # restore does (a million allocations otherwise cost four million look-ups). Inserts only: the event
        # log's append-only triggers guard UPDATE and DELETE, and nothing here updates or deletes.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SELECT coalesce(max(id), 0) FROM missions_establishment")
        first_establishment = counts["first_establishment"] = cursor.fetchone()[0] + 1
        cursor.execute("SELECT coalesce(max(id), 0) FROM missions_user")
        first_user = cursor.fetchone()[0] + 1
        establishments = range(first_establishment, first_establishment + ESTABLISHMENTS)
        counts["establishments"] = copy_rows(
            cursor,
            "missions_establishment",
            ["id", "uai", "name", "kind", "academie", "commune"],
            (
                (
                    pk,
                    f"{1_000_000 + pk:07d}N"[-8:],
                    f"Collège national {pk}",
                    "college",
                    "Académie",
                    "Commune",
                )
                for pk in establishments
            ),
        )
        staff_total = ESTABLISHMENTS * STAFF_PER_ESTABLISHMENT
        users = range(first_user, first_user + staff_total)
        counts["users"] = copy_rows(
            cursor,
            "missions_user",
            [
                "id",
                "password",
                "is_superuser",
                "email",
                "first_name",
                "last_name",
                "is_active",
                "is_staff",
                "date_joined",
            ],
            (
                (pk, "!", "f", f"personnel{pk}@national.example", "Prénom", f"Nom{pk}", "t", "f", stamp)
                for pk in users
            ),
        )
        cursor.execute("SELECT coalesce(max(id), 0) FROM missions_staffmember")
        first_staff = cursor.fetchone()[0] + 1

        def staff_rows():
            for n in range(staff_total):
                establishment = first_establishment + n // STAFF_PER_ESTABLISHMENT
                yield (
                    first_staff + n,
                    establishment,
                    first_user + n,
                    "",
                    "F" if n % 2 else "M",
                    f"NOM{n}",
                    "",
                    "Prénom",
                    "enseignant",
                    "",
                    "Lettres modernes",
                    "",
                    "",
                    f"nom{n} prenom",  # sort_key, as StaffMember.save folds it
                    f"nom{n} prenom lettres modernes",  # search_key
                    "t",
                    stamp,
                    stamp,
                )

        counts["staff"] = copy_rows(
            cursor,
            "missions_staffmember",
            [
                "id",
                "establishment_id",
                "user_id",
                "civility",
                "sex",
                "usage_name",
                "birth_name",
                "first_name",
                "category",
                "grade",
                "disciplines",
                "email",
                "sts_id",
                "sort_key",
                "search_key",
                "active",
                "created_at",
                "updated_at",
            ],
            staff_rows(),
        )
        counts["role_grants"] = copy_rows(
            cursor,
            "missions_rolegrant",
            [
                "user_id",
                "establishment_id",
                "school_year_id",
                "role",
                "staff_member_id",
                "board_quality",
                "holder_name",
                "pending",
                "created_at",
            ],
            (
                (
                    first_user + n,
                    first_establishment + n // STAFF_PER_ESTABLISHMENT,
                    school_year.pk,
                    "head" if n % STAFF_PER_ESTABLISHMENT == 0 else "staff",
                    first_staff + n,
                    "",
                    "",
                    False,
                    stamp,
                )
                for n in range(staff_total)
            ),
        )
        cursor.execute("SELECT coalesce(max(id), 0) FROM missions_envelope")
        first_envelope = cursor.fetchone()[0] + 1
        copy_rows(
            cursor,
            "missions_envelope",
            ["id", "establishment_id", "school_year_id"],
            ((first_envelope + n, first_establishment + n, school_year.pk) for n in range(ESTABLISHMENTS)),
        )
        per_establishment = -(-ALLOCATIONS // ESTABLISHMENTS)
        copy_rows(
            cursor,
            "missions_dotation",
            ["envelope_id", "kind", "units", "granted_on", "reference", "created_at", "cancel_reason"],
            (
                (
                    first_envelope + n,
                    "initial",
                    str(per_establishment),
                    school_year.start_date.isoformat(),
                    "",
                    stamp,
                    "",
                )
                for n in range(ESTABLISHMENTS)
            ),
        )
        cursor.execute("SELECT coalesce(max(id), 0) FROM missions_allocation")
        first_allocation = cursor.fetchone()[0] + 1
        rate_cycle = [rates[code] for code in ("001", "002", "003")]

        def allocation(n):
            """Allocation n: establishment n % 7 500, its staff member (n // 7 500) % 60, a national mission."""
            establishment = n % ESTABLISHMENTS
            staff = (
                first_staff
                + establishment * STAFF_PER_ESTABLISHMENT
                + (n // ESTABLISHMENTS) % STAFF_PER_ESTABLISHMENT
            )
            rate = rate_cycle[n % 3]
            return establishment, staff, missions[(n // ESTABLISHMENTS) % len(missions)], rate

        def allocation_rows():
            for n in range(ALLOCATIONS):
                establishment, staff, mission, rate = allocation(n)
                yield (
                    first_allocation + n,
                    first_envelope + establishment,
                    staff,
                    mission.pk,
                    "imp",
                    "pay",
                    rate.pk,
                    1,
                    None,
                    str(rate.multiplier),
                    "annual",
                    "f",
                    "",
                    stamp,
                    stamp,
                )

        counts["allocations"] = copy_rows(
            cursor,
            "missions_allocation",
            [
                "id",
                "envelope_id",
                "staff_member_id",
                "mission_id",
                "funding",
                "kind",
                "rate_id",
                "count",
                "discharge_hours",
                "units",
                "periodicity",
                "is_draft",
                "note",
                "created_at",
                "updated_at",
            ],
            allocation_rows(),
        )

        # The history: one "allocation.created" event per allocation, chained per establishment and hashed as
        # record_event does (same payload, same digest function), so verify_events checks every link.
        heads = {}

        def event_rows():
            for n in range(ALLOCATIONS):
                establishment, staff, mission, rate = allocation(n)
                establishment_id = first_establishment + establishment
                chain = f"establishment:{establishment_id}"
                seq, previous = heads.get(chain, (0, GENESIS))
                at = now - timedelta(seconds=ALLOCATIONS - n)
                head_user = first_user + establishment * STAFF_PER_ESTABLISHMENT
                changes = {
                    "staff_member": [None, f"NOM{staff - first_staff} Prénom"],
                    "mission": [None, mission.title],
                    "kind": [None, "Indemnité (IMP)"],
                    "rate": [None, rate.label],
                    "count": [None, "1"],
                    "amount": [None, f"{rate.multiplier * base:.2f}"],
                }
                payload = {
                    "chain": chain,
                    "seq": seq + 1,
                    "at": at.isoformat(),
                    "actor": head_user,
                    "actor_name": f"Prénom Nom{head_user}",
                    "actor_roles": "head",
                    "establishment": establishment_id,
                    "action": Action.CREATED.value,
                    "object_type": "allocation",
                    "object_id": str(first_allocation + n),
                    "object_label": f"NOM{staff - first_staff} Prénom — {mission.title}",
                    "scope": f"envelope:{first_envelope + establishment}",
                    "changes": changes,
                    "data": {},
                    "prev_hash": previous,
                }
                digest = payload_digest(payload)
                heads[chain] = (seq + 1, digest)
                yield (
                    chain,
                    seq + 1,
                    payload["at"],
                    head_user,
                    payload["actor_name"],
                    "head",
                    establishment_id,
                    payload["action"],
                    "allocation",
                    payload["object_id"],
                    payload["object_label"],
                    payload["scope"],
                    json.dumps(changes, ensure_ascii=False),
                    "{}",
                    previous,
                    digest,
                )

        counts["events"] = copy_rows(
            cursor,
            "missions_event",
            [
                "chain",
                "seq",
                "at",
                "actor_id",
                "actor_name",
                "actor_roles",
                "establishment_id",
                "action",
                "object_type",
                "object_id",
                "object_label",
                "scope",
                "changes",
                "data",
                "prev_hash",
                "hash",
            ],
            event_rows(),
        )
        copy_rows(
            cursor,
            "missions_eventchainhead",
            ["chain", "seq", "hash"],
            ((chain, seq, digest) for chain, (seq, digest) in heads.items()),
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in (
            "establishment",
            "user",
            "staffmember",
            "rolegrant",
            "envelope",
            "dotation",
            "allocation",
            "event",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('missions_{table}', 'id'), (SELECT max(id) FROM missions_{table}))"
            )
    return counts


def use_database(url: str) -> None:
    """Point Django's default connection at `url` (the next query opens it)."""
    from django.db import connections

    connections["default"].close()
    connections["default"].settings_dict["NAME"] = urlsplit(url).path.lstrip("/")


def build_measured(url: str):
    from django.db import connection

    from bench.allocation_page import build_lycee, current_start_year

    use_database(url)
    lycee = build_lycee({current_start_year(): 300})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return lycee


def page_median(client, url: str, page: str, count: int) -> list[float]:
    use_database(url)
    client.get(page)  # a fresh connection, the session refreshed
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(page)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("bench/national.py mesure PostgreSQL : DATABASE_URL=postgres://…/imp_bench_national")
    admin_url, alone_url, full_url = database_urls(url)
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    for target in (alone_url, full_url):
        recreate(admin_url, target)
        migrate(target)
    os.environ.update(DATABASE_URL=alone_url, DJANGO_SETTINGS_MODULE="imp_missions.settings_test")
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.allocation_page import current_start_year
    from missions.events import verify_chain
    from missions.models import Mission, Rate, SchoolYear

    try:
        use_database(full_url)
        school_year = SchoolYear.for_start_year(current_start_year())
        missions = list(Mission.objects.filter(establishment=None).order_by("pk"))
        rates = {rate.code: rate for rate in Rate.objects.all()}
        with connection.cursor():
            pass
        loading = time.perf_counter()
        counts = load_country(connection, school_year, missions, rates)
        loaded_in = time.perf_counter() - loading
        full = build_measured(full_url)
        alone = build_measured(alone_url)
        print(f"# chargé en {loaded_in:.0f} s : {counts}", flush=True)
        uai = full["establishment"].uai
        page = f"{reverse('allocation_list', args=[uai])}?annee={current_start_year()}"
        clients = {}
        for name, url_, lycee in (("alone", alone_url, alone), ("full", full_url, full)):
            use_database(url_)
            clients[name] = Client()
            clients[name].force_login(lycee["head"])
        timings = {"alone": [], "full": []}
        for _ in range(ROUNDS):
            for name, url_ in (("alone", alone_url), ("full", full_url)):
                timings[name] += page_median(clients[name], url_, page, REQUESTS_PER_ROUND)
        use_database(full_url)
        # The measured establishment's chain (written by record_event) and a bulk-loaded one (hashed here).
        chains = (
            f"establishment:{full['establishment'].pk}",
            f"establishment:{counts['first_establishment']}",
        )
        broken = [str(link) for chain in chains if (link := verify_chain(chain)) is not None]
        alone_ms, full_ms = statistics.median(timings["alone"]), statistics.median(timings["full"])
        print(f"BENCH national_page_ms_alone {alone_ms:.1f} ms")
        print(f"BENCH national_page_ms_full {full_ms:.1f} ms")
        print(f"BENCH national_page_ratio {full_ms / alone_ms:.2f} ratio")
        print(f"BENCH national_load_s {loaded_in:.0f} s")
        print(f"# chaînes vérifiées ({', '.join(chains)}) : {broken or 'intactes'}")
        print(f"# durée totale {time.perf_counter() - started:.0f} s")
    finally:
        from django.db import connections

        connections.close_all()
        if not os.environ.get("KEEP_DATABASES"):
            for target in (alone_url, full_url):
                recreate(admin_url, target, drop_only=True)


if __name__ == "__main__":
    main()
