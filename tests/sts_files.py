"""STSWeb test files: the sample export and the bad files of tests/data/sts/, plus variants built from the sample."""

from pathlib import Path

DATA = Path(__file__).parent / "data" / "sts"
SAMPLE = DATA / "sts_emp_0751234J_2026.xml"
SAMPLE_UAI = "0751234J"
SAMPLE_PEOPLE = 39

# name -> (file, words the French message must contain)
BAD_FILES = {
    "not_xml": ("not_xml.csv", "n'est pas un fichier XML"),
    "truncated": ("truncated.xml", "incomplet"),
    "empty": ("empty.xml", "vide"),
    "emp_sts": ("emp_sts_0751234J_2026.xml", "VERS STSWeb"),
    "billion_laughs": ("billion_laughs.xml", "refusé par sécurité"),
    "external_entity": ("external_entity.xml", "refusé par sécurité"),
    "missing_uaj": ("missing_uaj.xml", "PARAMETRES/UAJ"),
    "invalid_uai": ("invalid_uai.xml", "n'est pas un UAI valide"),
}


def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


def bad_file(name: str) -> tuple[bytes, str]:
    filename, message = BAD_FILES[name]
    return (DATA / filename).read_bytes(), message


def latin1_sample() -> bytes:
    """The sample re-encoded in ISO-8859-1, its prolog saying so (some STSWeb exports come that way)."""
    text = sample_bytes().decode("utf-8").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1)
    return text.encode("iso-8859-1")


def individual(
    sts_id: str, usage_name: str, first_name: str, birth_date: str = "", grade: str = "CERT. CL N"
):
    birth = f"<DATE_NAISSANCE>{birth_date}</DATE_NAISSANCE>" if birth_date else ""
    return (
        f'<INDIVIDU ID="{sts_id}" TYPE="epp"><SEXE>2</SEXE><CIVILITE>2</CIVILITE>'
        f"<NOM_USAGE>{usage_name}</NOM_USAGE><NOM_PATRONYMIQUE>{usage_name}</NOM_PATRONYMIQUE>"
        f"<PRENOM>{first_name}</PRENOM>{birth}<GRADE>{grade}</GRADE><FONCTION>ENS</FONCTION>"
        '<DISCIPLINES><DISCIPLINE CODE="L0202"><LIBELLE_COURT>LETTRES MODERNES</LIBELLE_COURT></DISCIPLINE>'
        "</DISCIPLINES></INDIVIDU>"
    )


def export(*individuals: str, uai: str = SAMPLE_UAI) -> bytes:
    """A small export of `uai` listing `individuals` (built with `individual`)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><STS_EDT><PARAMETRES>'
        f'<UAJ CODE="{uai}"><ACADEMIE><CODE>01</CODE><LIBELLE>PARIS</LIBELLE></ACADEMIE><SIGLE>CLG</SIGLE>'
        "<DENOM_PRINC>COLLEGE</DENOM_PRINC><DENOM_COMPL>JEAN MOULIN</DENOM_COMPL></UAJ>"
        '<ANNEE_SCOLAIRE ANNEE="2026"><DATE_DEBUT>2026-09-01</DATE_DEBUT><DATE_FIN>2027-07-04</DATE_FIN>'
        "</ANNEE_SCOLAIRE></PARAMETRES><DONNEES><INDIVIDUS>"
        + "".join(individuals)
        + "</INDIVIDUS></DONNEES></STS_EDT>"
    ).encode("utf-8")


def changed_sample() -> bytes:
    """The sample a year on: one grade changed (10005), one person left (10036), one arrived (10099)."""
    text = sample_bytes().decode("utf-8")
    person = text.index('<INDIVIDU ID="10005"')
    grade = text.index("<GRADE>AGREGE CLN</GRADE>", person)
    text = text[:grade] + "<GRADE>AGREGE HCL</GRADE>" + text[grade + len("<GRADE>AGREGE CLN</GRADE>") :]
    start = text.index('<INDIVIDU ID="10036"')
    end = text.index("</INDIVIDU>", start) + len("</INDIVIDU>")
    text = text[:start] + individual("10099", "NOUVEAU", "CAMILLE", "1990-01-15") + text[end:]
    return text.encode("utf-8")
