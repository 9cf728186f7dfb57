"""The demo's establishments, staff, accounts and roles: deterministic, and safe to load twice.

Staff are generated from fixed name lists with a random generator seeded by the UAI, so every machine gets the
same people; records are matched on name + first name + birth date (as the STSWeb import does), accounts on
their e-mail, role grants on (user, establishment, year, role).
"""

import random
from dataclasses import dataclass
from datetime import date

from missions.demo.names import FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES
from missions.models import Establishment, Role, RoleGrant, StaffMember, User

DEMO_PASSWORD = "demo-imp-2026"
DEMO_DOMAIN = "demo.fr"
Category = StaffMember.Category


@dataclass(frozen=True)
class Post:
    """One kind of job in an establishment: how many people hold it, and the logins among them."""

    category: str
    count: int
    grade: str = ""
    disciplines: str = ""
    # e-mail local parts of the first holders who get an account, with their roles and CA quality
    logins: tuple = ()


@dataclass(frozen=True)
class Login:
    local_part: str
    roles: tuple


@dataclass(frozen=True)
class EstablishmentSpec:
    uai: str
    name: str
    kind: str
    commune: str
    suffix: str  # in the e-mail addresses: principal.<suffix>@demo.fr
    posts: tuple
    board_parent: Login


def teachers(count, disciplines, grade="CERT. CL N", logins=()):
    return Post(Category.TEACHER, count, grade, disciplines, logins)


H, D, B, S = Role.HEAD, Role.DEPUTY, Role.BURSAR, Role.STAFF
CO, RT, CA = Role.HARASSMENT_COORDINATOR, Role.RESOURCE_TEAM, Role.BOARD
# The same German teacher works in both establishments (a "complément de service"): one account, two records.
SHARED_TEACHER = Login("deux-etablissements", (S,))
SHARED_TEACHER_IDENTITY = ("Schneider", "Hélène", date(1979, 3, 14), StaffMember.Sex.FEMALE)

COLLEGE = EstablishmentSpec(
    uai="0752536Z",
    name="Collège Georges-Brassens",
    kind=Establishment.Kind.COLLEGE,
    commune="Paris",
    suffix="college",
    posts=(
        Post(Category.DIRECTION, 1, "PERDIR HC", logins=(Login("principal", (H,)),)),
        Post(Category.DIRECTION, 1, "PERDIR CN", logins=(Login("adjoint", (D,)),)),
        Post(Category.OTHER, 1, "ATTACHE AE", logins=(Login("gestion", (B,)),)),
        Post(Category.OTHER, 1, "SAENES CN"),
        Post(
            Category.CPE,
            2,
            "CPE CL N",
            logins=(
                Login("coordination", (CO, S)),
                Login("equipe1", (RT, S)),
            ),
        ),
        Post(Category.LIBRARIAN, 1, "CERT. CL N", "Documentation", (Login("equipe2", (RT, S)),)),
        Post(Category.NURSE, 1, "INF CL SUP", logins=(Login("equipe3", (RT, S)),)),
        Post(Category.SOCIAL_WORKER, 1, "ASS SOC", logins=(Login("equipe4", (RT, S)),)),
        Post(Category.AED, 3, "AED"),
        teachers(4, "Mathématiques", logins=(Login("prof", (S,)),)),
        teachers(4, "Lettres modernes", logins=(Login("equipe5", (RT, S)),)),
        teachers(1, "Lettres classiques", "AGREG CL N"),
        teachers(3, "Histoire-géographie"),
        teachers(3, "Anglais"),
        teachers(2, "Espagnol"),
        teachers(2, "SVT"),
        teachers(2, "Physique-chimie"),
        teachers(2, "Technologie"),
        teachers(4, "EPS", "PEPS CL N"),
        teachers(1, "Arts plastiques"),
        teachers(1, "Éducation musicale"),
    ),
    board_parent=Login("parent", (CA,)),
)

LYCEE = EstablishmentSpec(
    uai="0750680G",
    name="Lycée Marie-Curie",
    kind=Establishment.Kind.LGT,
    commune="Paris",
    suffix="lycee",
    posts=(
        Post(Category.DIRECTION, 1, "PERDIR HC", logins=(Login("proviseur", (H,)),)),
        Post(Category.DIRECTION, 2, "PERDIR CN", logins=(Login("adjoint", (D,)),)),
        Post(Category.OTHER, 1, "ATTACHE PAL", logins=(Login("gestion", (B,)),)),
        Post(Category.OTHER, 2, "SAENES CN"),
        Post(
            Category.CPE,
            4,
            "CPE CL N",
            logins=(
                Login("coordination", (CO, S)),
                Login("equipe1", (RT, S)),
            ),
        ),
        Post(Category.LIBRARIAN, 2, "CERT. CL N", "Documentation", (Login("equipe2", (RT, S)),)),
        Post(Category.NURSE, 1, "INF CL SUP", logins=(Login("equipe3", (RT, S)),)),
        Post(Category.SOCIAL_WORKER, 1, "ASS SOC", logins=(Login("equipe4", (RT, S)),)),
        Post(Category.AED, 10, "AED"),
        teachers(11, "Mathématiques", logins=(Login("prof", (S,)),)),
        teachers(9, "Lettres modernes"),
        teachers(2, "Lettres classiques", "AGREG CL N"),
        teachers(4, "Philosophie", "AGREG CL N", (Login("equipe5", (RT, S)),)),
        teachers(8, "Physique-chimie"),
        teachers(6, "SVT"),
        teachers(9, "Histoire-géographie"),
        teachers(5, "SES"),
        teachers(8, "Anglais"),
        teachers(6, "Espagnol"),
        teachers(2, "Allemand"),
        teachers(1, "Italien"),
        teachers(2, "NSI"),
        teachers(3, "Sciences de l'ingénieur"),
        teachers(2, "Biotechnologies"),
        teachers(5, "Économie-gestion"),
        teachers(7, "EPS", "PEPS CL N"),
        teachers(1, "Arts plastiques"),
        teachers(1, "Éducation musicale"),
        teachers(1, "Chinois"),
    ),
    board_parent=Login("parent", (CA,)),
)

ESTABLISHMENTS = (COLLEGE, LYCEE)
GRADES = ("CERT. CL N", "CERT. CL N", "CERT. HCL", "AGREG CL N", "CERT. CL EX")


def email(local_part, spec=None):
    return f"{local_part}.{spec.suffix}@{DEMO_DOMAIN}" if spec else f"{local_part}@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    roles: str  # "Coordinateur harcèlement, Personnel"
    person: str  # "Mme Claire DURAND, CPE"
    establishment: str


def describe_login(user, roles, establishment, staff=None) -> DemoLogin:
    labels = ", ".join(str(Role(role).label) for role in roles)
    if staff is None:
        person = f"{user.get_full_name()}, sans fiche de personnel"
    else:
        job = staff.disciplines if staff.category == Category.TEACHER else staff.get_category_display()
        person = f"{staff.display_name}, {job}"
    return DemoLogin(user.email, labels, person, establishment.name)


@dataclass
class Seeded:
    """What seed_establishment made or found: the establishment, its staff count and its logins."""

    establishment: Establishment
    staff_count: int
    logins: list  # DemoLogin
    head: User = None


class PeopleSeeder:
    """Builds one establishment's people. `password_hash` is computed once: hashing is slow on purpose."""

    def __init__(self, school_years, password_hash):
        self.school_years = school_years
        self.password_hash = password_hash

    def seed_establishment(self, spec: EstablishmentSpec) -> Seeded:
        establishment, _ = Establishment.objects.update_or_create(
            uai=spec.uai,
            defaults={"name": spec.name, "kind": spec.kind, "academie": "Paris", "commune": spec.commune},
        )
        rng = random.Random(spec.uai)
        surnames = iter(rng.sample(SURNAMES, len(SURNAMES)))
        seeded = Seeded(establishment, 0, [])
        for post in spec.posts:
            for index in range(post.count):
                login = post.logins[index] if index < len(post.logins) else None
                staff = self.staff_member(establishment, post, next(surnames), rng, login, spec)
                seeded.staff_count += 1
                if login:
                    user = self.account(email(login.local_part, spec), staff.first_name, staff.usage_name)
                    self.link(staff, user, login, establishment)
                    seeded.logins.append(describe_login(user, login.roles, establishment, staff))
                    if Role.HEAD in login.roles:
                        seeded.head = user
        seeded.staff_count += self.shared_teacher(establishment, spec, seeded)
        parent = spec.board_parent
        first_name, last_name = rng.choice(FEMALE_FIRST_NAMES + MALE_FIRST_NAMES), next(surnames)
        user = self.account(email(parent.local_part, spec), first_name, last_name)
        self.grant(user, establishment, Role.BOARD, None, board_quality="Représentant des parents d'élèves")
        seeded.logins.append(describe_login(user, parent.roles, establishment))
        return seeded

    def staff_member(self, establishment, post, surname, rng, login, spec):
        female = rng.random() < 0.6  # most staff of French secondary schools are women
        first_name = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        birth_date = date(rng.randint(1962, 1999), rng.randint(1, 12), rng.randint(1, 28))
        grade = post.grade if post.category != Category.TEACHER or rng.random() < 0.5 else rng.choice(GRADES)
        if post.disciplines == "EPS":
            grade = post.grade
        staff, _ = StaffMember.objects.get_or_create(
            establishment=establishment,
            usage_name=surname.upper(),
            first_name=first_name,
            birth_date=birth_date,
            defaults={
                "civility": StaffMember.Civility.MRS if female else StaffMember.Civility.MR,
                "sex": StaffMember.Sex.FEMALE if female else StaffMember.Sex.MALE,
                "birth_name": surname.upper(),
                "category": post.category,
                "grade": grade,
                "disciplines": post.disciplines,
                "email": email(login.local_part, spec) if login else "",
            },
        )
        return staff

    def shared_teacher(self, establishment, spec, seeded) -> int:
        usage_name, first_name, birth_date, sex = SHARED_TEACHER_IDENTITY
        staff, _ = StaffMember.objects.get_or_create(
            establishment=establishment,
            usage_name=usage_name.upper(),
            first_name=first_name,
            birth_date=birth_date,
            defaults={
                "civility": StaffMember.Civility.MRS,
                "sex": sex,
                "birth_name": usage_name.upper(),
                "category": Category.TEACHER,
                "grade": "CERT. CL N",
                "disciplines": "Allemand",
                "email": email(SHARED_TEACHER.local_part),
            },
        )
        user = self.account(email(SHARED_TEACHER.local_part), first_name, usage_name)
        self.link(staff, user, SHARED_TEACHER, establishment)
        seeded.logins.append(describe_login(user, SHARED_TEACHER.roles, establishment, staff))
        return 1

    def account(self, address, first_name, last_name) -> User:
        user, _ = User.objects.get_or_create(
            email=address, defaults={"first_name": first_name, "last_name": last_name}
        )
        # The demo promises its logins work: reset the one demo password on every run.
        user.password = self.password_hash
        user.save(update_fields=["password"])
        return user

    def link(self, staff, user, login, establishment):
        if staff.user_id != user.pk:
            staff.user = user
            staff.save(update_fields=["user"])
        for role in login.roles:
            self.grant(user, establishment, role, staff)

    def grant(self, user, establishment, role, staff, board_quality=""):
        # Granted for last year too, so the demo still opens if it is run before the current year starts.
        for school_year in self.school_years:
            RoleGrant.objects.get_or_create(
                user=user,
                establishment=establishment,
                school_year=school_year,
                role=role,
                defaults={
                    "staff_member": staff,
                    "board_quality": board_quality,
                    # a CA member without a record is shown by the name typed for them
                    "holder_name": "" if staff else user.get_full_name(),
                },
            )
