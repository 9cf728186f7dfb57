"""pHARe demo data for one establishment (found and called by `python manage.py seed_demo`).

A coordinator (the CPE who holds the role; their IMP comes from the demo répartition), an équipe ressource of
six with their trainings, eight cases in various states with invented pupils, and a prevention plan. Safe to
run again: what exists is left alone.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from harcelement.models import (
    Case,
    Coordinator,
    EntryKind,
    Partner,
    PreventionAction,
    ResourceTeamMember,
    Training,
)
from harcelement.services import cases as case_service
from harcelement.services.people import MISSION_CODE, designate_coordinator
from harcelement.services.plan import add_action
from missions import clock
from missions.models import Allocation, Role, RoleGrant, StaffMember

# Invented pupils (first names and surnames chosen to be unmistakable in a grep for leaks).
DEMO_PUPILS = [
    ("Anaïs Quenelleau", "6e A"),
    ("Bastien Frimoussard", "6e B"),
    ("Chloé Pervenchère", "5e A"),
    ("Dylan Mirabellot", "5e B"),
    ("Elsa Cornouillet", "4e A"),
    ("Farid Bergamottin", "4e C"),
    ("Gaëlle Tournesolier", "3e B"),
    ("Hugo Pistachon", "3e A"),
    ("Inès Vanillard", "5e C"),
    ("Jules Cardamonet", "6e C"),
    ("Kenza Réglissier", "4e B"),
    ("Lucas Muscadelle", "3e C"),
]
TRAININGS = [
    ("Formation pHARe — protocole de traitement des situations", 12, "Rectorat de Paris"),
    ("Méthode de la préoccupation partagée (MPP)", 18, "Rectorat de Paris"),
    ("Cyberharcèlement : repérer et agir", 6, "Association e-Enfance"),
]
CASES = [
    # (pupils [(index, role)], forms, places, severity, days ago, steps done [(kind, days ago)], final status)
    (
        [(0, "cible"), (1, "auteur")],
        ["verbal"],
        ["cour"],
        1,
        70,
        [
            "entretien_cible",
            "protection",
            "famille_cible",
            "entretien_auteur",
            "famille_auteur",
            "suivi",
            "cloture",
        ],
        "close",
    ),
    (
        [(2, "cible"), (3, "auteur"), (8, "temoin")],
        ["verbal", "exclusion"],
        ["classe", "couloirs"],
        2,
        55,
        ["entretien_cible", "protection", "famille_cible", "entretien_temoin", "mpp", "mpp", "suivi"],
        "suivi",
    ),
    (
        [(4, "cible"), (5, "auteur"), (10, "auteur")],
        ["cyber"],
        ["en_ligne"],
        3,
        40,
        [
            "entretien_cible",
            "protection",
            "famille_cible",
            "faits_etablissement",
            "entretien_auteur",
            "famille_auteur",
            "disciplinaire",
            "referent_departemental",
        ],
        "suivi",
    ),
    (
        [(6, "cible"), (7, "auteur")],
        ["physique"],
        ["toilettes"],
        2,
        30,
        ["entretien_cible", "protection"],
        "ouverte",
    ),
    (
        [(9, "cible")],
        ["exclusion"],
        ["cantine"],
        1,
        20,
        ["entretien_cible", "famille_cible", "action_classe", "suivi"],
        "suivi",
    ),
    (
        [(11, "cible"), (1, "temoin")],
        ["sexuel", "cyber"],
        ["en_ligne", "transport"],
        3,
        12,
        ["entretien_cible", "protection", "faits_etablissement"],
        "ouverte",
    ),
    ([(3, "cible"), (0, "auteur")], ["verbal"], ["cour"], 1, 5, [], "ouverte"),
    (
        [(8, "cible"), (5, "auteur")],
        ["biens", "verbal"],
        ["couloirs"],
        1,
        90,
        [
            "entretien_cible",
            "protection",
            "famille_cible",
            "entretien_auteur",
            "mpp",
            "mpp",
            "mpp",
            "suivi",
            "cloture",
        ],
        "close",
    ),
]
ENTRY_TEXTS = {
    "entretien_cible": "Entretien au bureau de la vie scolaire : l'élève décrit des faits répétés depuis plusieurs semaines.",
    "protection": "Changement de place en classe, un adulte référent désigné, vigilance renforcée aux récréations.",
    "famille_cible": "Appel puis rencontre avec la famille, informée des mesures prises.",
    "entretien_temoin": "Le témoin confirme les propos entendus dans la cour.",
    "entretien_auteur": "Entretien avec l'auteur présumé, rappel du règlement intérieur.",
    "famille_auteur": "Rencontre avec la famille de l'élève auteur présumé.",
    "mpp": "Entretien de préoccupation partagée : l'élève propose de lui-même une action pour améliorer la situation.",
    "disciplinaire": "Engagement d'une procédure disciplinaire par le chef d'établissement.",
    "action_classe": "Séance de sensibilisation en classe sur le respect et la place de chacun.",
    "suivi": "Point de suivi : la situation s'apaise, l'élève cible se dit plus serein.",
    "referent_departemental": "Le référent harcèlement départemental est saisi pour appui.",
    "cloture": "Situation close après deux points de suivi favorables.",
    "faits_etablissement": "",
}
ACTIONS = [
    (
        "Séances pHARe en 6e : qu'est-ce que le harcèlement ?",
        "prevenir",
        ["prevenir", "heures"],
        "Toutes les classes de 6e",
        24,
        "4",
        "realisee",
        True,
    ),
    (
        "Formation des élèves ambassadeurs",
        "former",
        ["eleves", "equipes"],
        "Élèves ambassadeurs",
        40,
        "6",
        "realisee",
        True,
    ),
    (
        "Journée nationale de lutte contre le harcèlement",
        "informer",
        ["prevenir", "familles"],
        "Tous les élèves et les familles",
        85,
        "2",
        "prevue",
        False,
    ),
    (
        "Intervention de la brigade de prévention de la délinquance juvénile sur les réseaux sociaux",
        "prevenir",
        ["prevenir"],
        "Classes de 4e",
        110,
        "2",
        "prevue",
        False,
    ),
    (
        "Questionnaire de climat scolaire et bilan en CESC",
        "prendre_en_charge",
        ["mesurer", "plateforme"],
        "Élèves de 5e",
        150,
        "1",
        "prevue",
        False,
    ),
]
PARTNERS = [
    ("École élémentaire du secteur", Partner.Kind.SCHOOL),
    ("Mairie d'arrondissement — service jeunesse", Partner.Kind.AUTHORITY),
    ("Brigade de prévention de la délinquance juvénile", Partner.Kind.SECURITY),
    ("Association e-Enfance (3018)", Partner.Kind.ASSOCIATION),
]


def _demo_time(days_ago: int, hour: int = 10) -> datetime:
    day = clock.today() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=hour)))


def _holder(establishment, school_year, role):
    grants = RoleGrant.objects.filter(
        establishment=establishment, school_year=school_year, role=role, staff_member__isnull=False
    ).select_related("staff_member", "user")
    return [grant.staff_member for grant in grants.order_by("staff_member__usage_name")]


def _coordinator(establishment, school_year, head):
    existing = Coordinator.objects.filter(establishment=establishment, school_year=school_year).first()
    if existing:
        return existing
    staff = _holder(establishment, school_year, Role.HARASSMENT_COORDINATOR)[0]
    allocation = Allocation.objects.filter(
        staff_member=staff, mission__code=MISSION_CODE, envelope__school_year=school_year
    ).first()
    if allocation is None:  # no demo répartition: designate through the service (role + IMP in one go)
        return designate_coordinator(
            staff,
            school_year=school_year,
            actor=head,
            actor_roles={Role.HEAD},
            designated_on=date(2026, 9, 4),
        )
    return Coordinator.objects.create(
        establishment=establishment,
        school_year=school_year,
        staff_member=staff,
        designated_on=date(2026, 9, 4),
        payment=Coordinator.Payment.IMP,
        allocation=allocation,
    )


def _team(establishment, school_year, coordinator):
    members = _holder(establishment, school_year, Role.RESOURCE_TEAM)
    # a sixth member without an account: an assistant d'éducation
    extra = establishment.staff.filter(category=StaffMember.Category.AED, active=True).order_by("usage_name")
    members += [staff for staff in extra[:1] if staff not in members]
    for staff in members[:6]:
        ResourceTeamMember.objects.get_or_create(
            establishment=establishment,
            school_year=school_year,
            staff_member=staff,
            defaults={"joined_on": date(2026, 9, 4)},
        )
    for index, staff in enumerate([coordinator.staff_member, *members[:6]]):
        for title, hours, organiser in TRAININGS[: 1 + index % 3] if index else TRAININGS[:2]:
            Training.objects.get_or_create(
                staff_member=staff,
                title=title,
                defaults={"date": date(2026, 10, 1 + index), "hours": Decimal(hours), "organiser": organiser},
            )
    return members[:6]


def _cases(establishment, school_year, coordinator, members):
    if Case.objects.filter(establishment=establishment, school_year=school_year).exists():
        return
    reporters = _holder(establishment, school_year, Role.STAFF)
    reporter_users = [staff.user for staff in reporters if staff.user_id] or [coordinator.staff_member.user]
    author = coordinator.staff_member.user
    for number, (pupils, forms, places, severity, days_ago, steps, status) in enumerate(CASES):
        reporter = reporter_users[number % len(reporter_users)]
        case = case_service.report_concern(
            establishment=establishment,
            school_year=school_year,
            reporter=reporter,
            what="Propos blessants répétés rapportés par un élève à la fin d'un cours.",
            occurred_on=clock.today() - timedelta(days=days_ago + 1),
            places=places,
            pupils=[case_service.PupilLine(DEMO_PUPILS[i][0], DEMO_PUPILS[i][1], role) for i, role in pupils],
            alert=False,
        )
        Case.objects.filter(pk=case.pk).update(created_at=_demo_time(days_ago, 9))
        case.refresh_from_db()
        case_service.update_case(
            case,
            actor=author,
            source=["personnel", "eleve", "famille", "3018", "ambassadeur", "3020", "questionnaire", "stop"][
                number
            ],
            forms=forms,
            severity=severity,
            referent=members[number % len(members)] if members else None,
            assigned=members[number % len(members) : number % len(members) + 1] if members else [],
        )
        step_days = max(days_ago - 1, 0)
        for kind in steps:
            case_service.add_entry(
                case,
                author=author,
                kind=kind,
                occurred_at=_demo_time(step_days, 14),
                text=ENTRY_TEXTS[kind],
                reference=f"FE-{school_year.start_year}-{case.pk:04d}"
                if kind == EntryKind.FAITS_ETABLISSEMENT
                else "",
            )
            step_days = max(step_days - max(days_ago // (len(steps) + 1), 1), 0)
        if status != case.status:
            case_service.update_case(case, actor=author, status=status)


def _plan(establishment, school_year, head):
    partners = [
        Partner.objects.get_or_create(establishment=establishment, name=name, defaults={"kind": kind})[0]
        for name, kind in PARTNERS
    ]
    if PreventionAction.objects.filter(establishment=establishment, school_year=school_year).exists():
        return
    start = school_year.start_date
    for index, (title, axis, pillars, audience, day, hours, status, entered) in enumerate(ACTIONS):
        add_action(
            establishment,
            school_year,
            actor=head,
            partners=[partners[index % len(partners)]],
            title=title,
            axis=axis,
            pillars=pillars,
            audience=audience,
            date=start + timedelta(days=day),
            pupil_hours=Decimal(hours),
            status=status,
            entered_on_phare_platform=entered,
        )


@transaction.atomic
def seed_demo(establishment, school_year, *, head) -> list[str]:
    """Seed pHARe for one demo establishment; returns lines for the command's output."""
    coordinator = _coordinator(establishment, school_year, head)
    members = _team(establishment, school_year, coordinator)
    _cases(establishment, school_year, coordinator, members)
    _plan(establishment, school_year, head)
    return [
        f"pHARe : 1 coordinateur, {len(members)} membres de l'équipe ressource, "
        f"{Case.objects.filter(establishment=establishment, school_year=school_year).count()} situations"
    ]
