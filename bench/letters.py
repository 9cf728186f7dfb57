"""Benchmark of the lettres de mission: one letter's PDF, its seal, the sealed final PDF, and 150 through the task.

Run from the project root: `.venv/bin/python bench/letters.py` (a temporary SQLite file, a throw-away sealing
certificate), or with `DATABASE_URL=postgres://postgres@127.0.0.1:5432/imp_bench_letters` for PostgreSQL (a test
database is created and dropped). Prints one `BENCH <name> <value> <unit>` line per figure:

- letter_render_ms: median over 50 renders of one letter's PDF (WeasyPrint, no evidence page, no seal);
- letter_seal_ms: median over 50 seals (pyHanko PAdES B-B) of an already rendered PDF;
- letter_sealed_ms: median over 50 of the final PDF: render with the evidence page and QR code, then seal;
- letters_150_s: wall time for 150 countersigned letters rendered, sealed and stored by the `seal_letters` task,
  in the chunks `start_batch` enqueues, run by two worker processes (as two `db_worker`s would).
"""

import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 50
LETTERS = 150
WORKERS = 2  # the machine's two cores: two `db_worker` processes


def current_start_year(today=None) -> int:
    today = today or date.today()
    return today.year if today.month >= 9 else today.year - 1


def build(count: int):
    """A collège with `count` people, each with two paid missions and one décharge, and a countersigned letter."""
    from django.utils import timezone

    from bench.allocation_page import grant_units
    from missions.events import record_event
    from missions.letters.content import build_content, missions_by_person, sha256_of
    from missions.models import (
        Allocation,
        Establishment,
        LetterTemplate,
        Mission,
        MissionLetter,
        Rate,
        SchoolYear,
        StaffMember,
    )
    from missions.services.envelopes import envelope_for

    establishment = Establishment.objects.create(
        uai="0911234A", name="Collège Jean-Moulin", kind=Establishment.Kind.COLLEGE, academie="Versailles"
    )
    LetterTemplate.objects.create(
        establishment=establishment,
        header="12, rue des Écoles\n91000 Évry",
        head_signature="La principale\nAnne MARTIN",
        paying_service_address="Rectorat de Versailles — bureau des indemnités",
    )
    year = SchoolYear.for_start_year(current_start_year())
    envelope = envelope_for(establishment, year)
    grant_units(envelope, count * 5, year.start_year)
    rates = {rate.code: rate for rate in Rate.objects.all()}
    missions = []
    for n, (title, periodicity) in enumerate(
        [
            ("Coordination de discipline", "annual"),
            ("Voyage scolaire", "one_off"),
            ("Référent numérique", "annual"),
        ]
    ):
        mission = Mission.objects.create(
            establishment=establishment,
            code=f"bench-{n}",
            title=title,
            periodicity=periodicity,
            tasks="Animer l'équipe\nPréparer les réunions\nRendre compte au conseil pédagogique",
            description="Mission décrite par le catalogue de l'établissement.",
        )
        missions.append(mission)
    staff = StaffMember.objects.bulk_create(
        StaffMember(
            establishment=establishment,
            civility="Mme",
            usage_name=f"Personne{n:03d}",
            first_name="Claire",
            grade="CERT. CL N",
            disciplines="Mathématiques",
        )
        for n in range(count)
    )
    Allocation.objects.bulk_create(
        allocation
        for person in staff
        for allocation in (
            Allocation(
                envelope=envelope,
                staff_member=person,
                mission=missions[0],
                rate=rates["003"],
                count=2,
                units=2,
            ),
            Allocation(
                envelope=envelope,
                staff_member=person,
                mission=missions[1],
                rate=rates["002"],
                count=1,
                units=Decimal("0.5"),
                periodicity="one_off",
                start_date=date(year.start_year + 1, 4, 1),
                end_date=date(year.start_year + 1, 4, 9),
            ),
            Allocation(
                envelope=envelope,
                staff_member=person,
                mission=missions[2],
                kind="discharge",
                discharge_hours=Decimal("1.5"),
                units=Decimal("1.5"),
            ),
        )
    )
    by_person = missions_by_person(establishment, year)
    now = timezone.now()
    letters = []
    for person in staff:
        letter = MissionLetter(establishment=establishment, school_year=year, staff_member=person)
        content = build_content(letter, by_person[person.pk])
        letter.content, letter.content_sha256 = content, sha256_of(content)
        letter.status, letter.sent_at, letter.signed_at, letter.countersigned_at = "final", now, now, now
        letters.append(letter)
    MissionLetter.objects.bulk_create(letters)
    for letter in MissionLetter.objects.filter(establishment=establishment).select_related("establishment"):
        for action in ("letter.sent", "letter.signed", "letter.countersigned"):
            record_event(
                action,
                establishment=letter.establishment,
                obj=letter,
                data={
                    "ip": "203.0.113.7",
                    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)",
                    "method": "mot de passe du compte ressaisi",
                    "sha256": letter.content_sha256,
                },
            )
    return list(
        MissionLetter.objects.filter(establishment=establishment)
        .select_related("establishment", "school_year", "staff_member")
        .order_by("pk")
    )


def median_ms(function, runs=RUNS) -> tuple[float, float]:
    """Median wall time and median CPU time of this process, in ms (CPU time is what a loaded machine does
    not inflate)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def seal_chunk(work):
    from missions.letters.tasks import seal_letters

    letter_ids, batch_id = work
    seal_letters.call(letter_ids=letter_ids, batch_id=batch_id)


def run():
    from django.db import connections

    from missions.letters.pdf import final_pdf, render_pdf
    from missions.letters.sealing import seal_pdf
    from missions.letters.tasks import chunks
    from missions.models import LetterBatch, MissionLetter

    letters = build(LETTERS)
    sample = letters[0]
    render_pdf(sample), final_pdf(sample)  # warm-up: fonts, templates, key loading
    bare = render_pdf(sample)
    render_ms, render_cpu = median_ms(lambda: render_pdf(sample))
    seal_ms, seal_cpu = median_ms(lambda: seal_pdf(bare))
    sealed_ms, sealed_cpu = median_ms(lambda: final_pdf(sample))
    print(f"BENCH letter_render_ms {render_ms:.1f} ms")
    print(f"BENCH letter_seal_ms {seal_ms:.1f} ms")
    print(f"BENCH letter_sealed_ms {sealed_ms:.1f} ms")
    print(f"BENCH letter_render_cpu_ms {render_cpu:.1f} ms")
    print(f"BENCH letter_seal_cpu_ms {seal_cpu:.1f} ms")
    print(f"BENCH letter_sealed_cpu_ms {sealed_cpu:.1f} ms")
    print(
        f"# sealed / bare render: {sealed_ms / render_ms:.2f} wall, {sealed_cpu / render_cpu:.2f} CPU (target ≤ 1.5)",
        file=sys.stderr,
    )

    batch = LetterBatch.objects.create(
        establishment=sample.establishment, school_year=sample.school_year, kind="seal", total=len(letters)
    )
    # The chunks start_batch enqueues, run by WORKERS processes as that many `db_worker`s would.
    work = [(chunk, batch.pk) for chunk in chunks([letter.pk for letter in letters])]
    connections.close_all()  # each worker process opens its own connection
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        pool.map(seal_chunk, work)
    elapsed = time.perf_counter() - start
    batch.refresh_from_db()
    stored = MissionLetter.objects.exclude(final_pdf="").count()
    assert batch.done == LETTERS and stored == LETTERS, (batch.done, batch.failed, stored)
    print(f"BENCH letters_150_s {elapsed:.1f} s")


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imp_missions.settings_test")  # immediate task backend
    workdir = tempfile.TemporaryDirectory(prefix="bench-letters-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir.name}/bench.sqlite3")
    warnings.filterwarnings("ignore", message="No directory at")
    import django
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases

    django.setup()
    from missions.letters.sealing import create_certificate

    # the test settings point at a throw-away folder: a fresh certificate, and the PDFs stored there too
    create_certificate(
        settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE, common_name="IMP & pHARe (bench)"
    )
    settings.MEDIA_ROOT = Path(workdir.name) / "media"
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database["TEST"]["NAME"] = str(Path(workdir.name) / "test_bench.sqlite3")
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        run()
    finally:
        teardown_databases(old_config, verbosity=0)
        workdir.cleanup()


if __name__ == "__main__":
    main()
