"""Reading the STSWeb export `sts_emp_<UAI>_<année>.xml` (STSWeb › Mise à jour › Exports › Emplois du temps).

The ministry publishes no schema; the paths read here are those public parsers rely on.
Everything is refused with a French message (`StsFileError`) before anything is written: a file that is not XML,
truncated, with another root, with a DTD or entities (billion laughs, external entities), without a valid UAI.
"""

import re
from dataclasses import dataclass
from datetime import date
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import errors as expat_errors

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError

from missions import clock
from missions.models import Establishment, StaffMember, validate_uai
from missions.models.bounds import birth_date_error

from .names import academie_name, clean, establishment_name, first_name_case, readable_label

MAX_FILE_SIZE = 10 * 1024 * 1024
EXPECTED_ROOT = "STS_EDT"
# The file a timetabling program sends TO STSWeb: its name is an anagram of ours, and people mix them up.
UPLOAD_ROOT = "EDT_STS"

Category = StaffMember.Category
Kind = Establishment.Kind


class StsFileError(Exception):
    """A file we refuse, with the French message shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class StsPerson:
    sts_id: str
    sts_type: str
    sex: str
    civility: str
    usage_name: str
    birth_name: str
    first_name: str
    birth_date: date | None
    grade: str
    category: str | None
    disciplines: str

    @property
    def full_name(self):
        return f"{self.usage_name} {self.first_name}"

    @property
    def category_label(self):
        return Category(self.category or Category.OTHER).label


@dataclass(frozen=True)
class StsExport:
    uai: str
    establishment_name: str
    academie: str
    kind: str
    school_year_start: int
    school_year_start_date: date | None
    school_year_end_date: date | None
    people: tuple[StsPerson, ...]

    @property
    def school_year_label(self):
        return f"{self.school_year_start}-{self.school_year_start + 1}"


def parse_sts_file(data: bytes) -> StsExport:
    """Parse an STSWeb export; raise `StsFileError` with a French message for anything else."""
    root = _xml_root(data)
    if root.tag == UPLOAD_ROOT:
        raise StsFileError(
            "Ce fichier est le fichier emp_sts_… (racine EDT_STS) que le logiciel d'emploi du temps envoie "
            "VERS STSWeb, pas l'export téléchargé DEPUIS STSWeb. Dans STSWeb, ouvrez Mise à jour › Exports › "
            "Emplois du temps et importez le fichier sts_emp_<UAI>_<année>.xml."
        )
    if root.tag != EXPECTED_ROOT:
        raise StsFileError(
            f"Ce fichier XML n'est pas un export STSWeb : sa racine est « {root.tag} » alors qu'elle devrait "
            f"être « {EXPECTED_ROOT} » (fichier sts_emp_<UAI>_<année>.xml)."
        )
    uaj = root.find("PARAMETRES/UAJ")
    uai = clean(uaj.get("CODE") if uaj is not None else "").upper()
    if not uai:
        raise StsFileError(
            "Le fichier ne donne pas le code de l'établissement (UAI) : l'élément PARAMETRES/UAJ et son "
            "attribut CODE manquent. Ce n'est pas un export STSWeb complet."
        )
    try:
        validate_uai(uai)
    except ValidationError as error:
        reason = " ".join(error.messages)
        raise StsFileError(
            f"Le code établissement du fichier, « {uai} », n'est pas un UAI valide : {reason[:1].lower()}{reason[1:]}"
        ) from error
    start_year, start_date, end_date = _school_year(root)
    people = tuple(_person(element) for element in root.iterfind("DONNEES/INDIVIDUS/INDIVIDU"))
    if not people:
        raise StsFileError(
            "Le fichier ne contient aucun personnel (DONNEES/INDIVIDUS/INDIVIDU) : l'importer désactiverait "
            "tout le monde. Vérifiez que vous avez bien exporté les emplois du temps depuis STSWeb."
        )
    return StsExport(
        uai=uai,
        establishment_name=establishment_name(_text(uaj, "DENOM_PRINC"), _text(uaj, "DENOM_COMPL")) or uai,
        academie=academie_name(_text(uaj, "ACADEMIE/LIBELLE")),
        kind=establishment_kind(_text(uaj, "SIGLE"), _text(uaj, "DENOM_PRINC"), _text(uaj, "CODE_NATURE")),
        school_year_start=start_year,
        school_year_start_date=start_date,
        school_year_end_date=end_date,
        people=people,
    )


def _xml_root(data: bytes) -> Element:
    if not data or not data.strip():
        raise StsFileError("Le fichier est vide.")
    if len(data) > MAX_FILE_SIZE:
        raise StsFileError("Le fichier dépasse 10 Mo : ce n'est pas un export STSWeb des emplois du temps.")
    try:
        # Bytes, not text: expat then honours the encoding of the XML prolog (UTF-8 or ISO-8859-1).
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise StsFileError(
            "Le fichier contient une déclaration de type de document (DTD) ou des entités XML : il est refusé "
            "par sécurité (expansion d'entités, lecture de fichiers externes). Un export STSWeb n'en contient pas."
        ) from error
    except ParseError as error:
        raise StsFileError(_parse_error_message(data, error)) from error
    except (LookupError, ValueError) as error:
        # expat hands an encoding it does not know to Python's codecs: an unknown name (KLINGON-8), a
        # codec that is no text encoding (rot13) or a multi-byte one it cannot use (UTF-7).
        raise StsFileError(_unusable_encoding_message(data)) from error


def _unusable_encoding_message(data: bytes) -> str:
    declared = re.search(rb"""encoding\s*=\s*["']([^"']{1,40})["']""", data[:200])
    name = declared.group(1).decode("ascii", "replace") if declared else ""
    return (
        f"L'encodage « {name} » déclaré dans l'en-tête du fichier XML n'est pas utilisable : un export STSWeb "
        "est en UTF-8 ou en ISO-8859-1. Téléchargez-le de nouveau depuis STSWeb."
    )


TRUNCATION_ERRORS = {
    expat_errors.codes[expat_errors.XML_ERROR_NO_ELEMENTS],
    expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_TOKEN],
    expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_CDATA_SECTION],
    expat_errors.codes[expat_errors.XML_ERROR_PARTIAL_CHAR],
}


def _parse_error_message(data: bytes, error: ParseError) -> str:
    line, column = error.position
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "Ce fichier n'est pas un fichier XML : choisissez l'export STSWeb sts_emp_<UAI>_<année>.xml."
    if error.code in TRUNCATION_ERRORS:
        return (
            "Le fichier XML est incomplet (il s'arrête avant la fin, ligne "
            f"{line}) : téléchargez-le de nouveau depuis STSWeb."
        )
    if error.code == expat_errors.codes[expat_errors.XML_ERROR_UNKNOWN_ENCODING]:
        return _unusable_encoding_message(data)
    if error.code == expat_errors.codes[expat_errors.XML_ERROR_TAG_MISMATCH]:
        return (
            f"Le fichier XML est mal formé ou incomplet (balise non fermée, ligne {line}) : "
            "téléchargez-le de nouveau depuis STSWeb."
        )
    return (
        f"Le fichier n'est pas un XML valide (ligne {line}, colonne {column + 1}). S'il contient des caractères "
        "accentués, l'encodage déclaré dans son en-tête ne correspond peut-être pas à son contenu."
    )


def _school_year(root: Element) -> tuple[int, date | None, date | None]:
    element = root.find("PARAMETRES/ANNEE_SCOLAIRE")
    value = clean(element.get("ANNEE") if element is not None else "")
    if not re.fullmatch(r"\d{4}", value) or not 2000 <= int(value) <= 2100:
        raise StsFileError(
            "Le fichier ne donne pas l'année scolaire (PARAMETRES/ANNEE_SCOLAIRE, attribut ANNEE) : "
            "ce n'est pas un export STSWeb complet."
        )
    start = _date(_text(element, "DATE_DEBUT"), "DATE_DEBUT de l'année scolaire")
    end = _date(_text(element, "DATE_FIN"), "DATE_FIN de l'année scolaire")
    if start and end and end <= start:
        raise StsFileError("Les dates de l'année scolaire du fichier sont incohérentes (fin avant le début).")
    return int(value), start, end


def _person(element: Element) -> StsPerson:
    sts_id = clean(element.get("ID"))
    where = f"de l'individu ID {sts_id}" if sts_id else "d'un individu sans ID"
    usage_name = _text(element, "NOM_USAGE").upper()
    first_name = first_name_case(_text(element, "PRENOM"))
    if not usage_name or not first_name:
        raise StsFileError(f"Le nom d'usage (NOM_USAGE) ou le prénom (PRENOM) {where} manque.")
    sex = {"1": StaffMember.Sex.MALE, "2": StaffMember.Sex.FEMALE}.get(_text(element, "SEXE"), "")
    grade = _text(element, "GRADE")
    disciplines = []
    for label in element.iterfind("DISCIPLINES/DISCIPLINE/LIBELLE_COURT"):
        readable = readable_label(label.text)
        if readable and readable not in disciplines:
            disciplines.append(readable)
    return StsPerson(
        sts_id=sts_id[:20],
        sts_type=clean(element.get("TYPE")).lower(),
        sex=sex,
        civility=_civility(_text(element, "CIVILITE"), sex),
        usage_name=usage_name[:100],
        birth_name=_text(element, "NOM_PATRONYMIQUE").upper()[:100],
        first_name=first_name[:100],
        # Persons added locally (TYPE="local") often have no birth date.
        birth_date=_plausible(_date(_text(element, "DATE_NAISSANCE"), f"DATE_NAISSANCE {where}")),
        grade=grade[:100],
        category=staff_category(_text(element, "FONCTION"), grade),
        disciplines=", ".join(disciplines)[:255],
    )


def _civility(code: str, sex: str) -> str:
    # CIVILITE 3 ("Mlle") is no longer used by the administration (circulaire du 21 février 2012): "Mme".
    civility = {"1": StaffMember.Civility.MR, "2": StaffMember.Civility.MRS, "3": StaffMember.Civility.MRS}
    if code in civility:
        return civility[code]
    return {
        StaffMember.Sex.MALE: StaffMember.Civility.MR,
        StaffMember.Sex.FEMALE: StaffMember.Civility.MRS,
    }.get(sex, "")


FUNCTION_CATEGORIES = {
    "ENS": Category.TEACHER,
    "EDU": Category.CPE,
    "DOC": Category.LIBRARIAN,
    "DIR": Category.DIRECTION,
}


def staff_category(function: str, grade: str) -> str | None:
    """FONCTION gives the category; the grade refines it (a CPE, nurse or social worker by corps)."""
    compact = re.sub(r"[\s.]", "", grade.upper())
    if compact.startswith("CPE"):
        return Category.CPE
    if compact.startswith("INF"):
        return Category.NURSE
    if compact.startswith("ASSSOC"):
        return Category.SOCIAL_WORKER
    function = function.upper()
    if not function:
        return None
    return FUNCTION_CATEGORIES.get(function, Category.OTHER)


def establishment_kind(sigle: str, principal: str, nature: str) -> str:
    """The kind from the name first (most precise), then the acronym, then the UAI nature code."""
    principal = principal.upper()
    sigle = re.sub(r"[\s.]", "", sigle.upper())
    if principal.startswith("LYCEE PROF") or sigle in {"LP", "LPR", "LYCPRO"}:
        return Kind.LP
    if principal.startswith("LYCEE POLY") or sigle == "LPO":
        return Kind.LPO
    if principal.startswith("LYCEE") or sigle in {"LGT", "LEGT", "LG", "LT", "LYC"}:
        return Kind.LGT
    if principal.startswith("COLLEGE") or sigle == "CLG":
        return Kind.COLLEGE
    if principal.startswith("ECOLE") or sigle.startswith("E") and sigle.endswith("PU"):
        return Kind.ECOLE
    # Nature codes of the UAI directory (BCE): 340 collège, 300-302 lycées, 306 polyvalent, 320 professionnel.
    natures = {"340": Kind.COLLEGE, "300": Kind.LGT, "301": Kind.LGT, "302": Kind.LGT}
    natures |= {"306": Kind.LPO, "320": Kind.LP}
    if nature in natures:
        return natures[nature]
    if nature[:1] == "1":
        return Kind.ECOLE
    return Kind.COLLEGE


def _plausible(birth_date: date | None) -> date | None:
    """A birth date no staff member can have (a typing slip in STSWeb) is left out rather than imported."""
    return None if birth_date_error(birth_date, clock.today()) else birth_date


def _text(element: Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.find(path)
    return clean(found.text) if found is not None else ""


def _date(value: str, what: str) -> date | None:
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{2}/\d{2}/\d{4}", value):  # tolerate a French date (JJ/MM/AAAA) too
            day, month, year = value.split("/")
            return date(int(year), int(month), int(day))
        return date.fromisoformat(value[:10])
    except ValueError as error:
        raise StsFileError(
            f"La date « {value} » ({what}) est illisible : format attendu AAAA-MM-JJ."
        ) from error
