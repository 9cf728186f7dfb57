"""Readable French forms of the upper-case labels STSWeb exports (names, establishments, académies).

STSWeb writes almost everything in capitals, often without accents ("COLLEGE", "LYCEE"). These pure
functions give what people expect to read, and the key used to compare names whatever their case and accents.
"""

import re
import unicodedata

# Words of an establishment's kind as STSWeb spells them (without accents) -> French spelling.
KIND_WORDS = {
    "COLLEGE": "collège",
    "LYCEE": "lycée",
    "ECOLE": "école",
    "GENERAL": "général",
    "GENERALE": "générale",
    "ELEMENTAIRE": "élémentaire",
    "PRIMAIRE": "primaire",
    "MATERNELLE": "maternelle",
    "METIERS": "métiers",
    "REGIONAL": "régional",
    "ENSEIGNEMENT": "enseignement",
    "ADAPTE": "adapté",
    "PRIVE": "privé",
    "PUBLIC": "public",
}

# Words that stay in lower case inside a proper name ("Collège Jean de la Fontaine"), French usage.
SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "et", "en", "au", "aux", "sur", "sous", "l", "d"}

# Académies whose name STSWeb writes without its accents.
ACADEMIES = {
    "CRETEIL": "Créteil",
    "BESANCON": "Besançon",
    "ORLEANS-TOURS": "Orléans-Tours",
    "ORLEANS TOURS": "Orléans-Tours",
    "REUNION": "La Réunion",
    "LA REUNION": "La Réunion",
    "POLYNESIE FRANCAISE": "Polynésie française",
    "NOUVELLE CALEDONIE": "Nouvelle-Calédonie",
    "NOUVELLE-CALEDONIE": "Nouvelle-Calédonie",
}

_WORD_SEPARATORS = re.compile(r"([\s\-'’]+)")


def fold(text: str) -> str:
    """Comparison key: no accents, no case, single spaces ("Guérin " == "GUERIN")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def clean(text: str | None) -> str:
    """Trimmed text with single spaces; None for nothing."""
    return " ".join((text or "").split())


def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def first_name_case(text: str) -> str:
    """'JEAN-PIERRE' -> 'Jean-Pierre', 'AGNÈS' -> 'Agnès', 'MARIE ANGE' -> 'Marie Ange'."""
    parts = _WORD_SEPARATORS.split(clean(text))
    return "".join(part if _WORD_SEPARATORS.fullmatch(part) else _capitalize(part) for part in parts)


def proper_name_case(text: str) -> str:
    """A proper name in title case, French small words in lower case except the first word.

    'JEAN DE LA FONTAINE' -> 'Jean de la Fontaine', "L'ESPERANCE" -> "L'Esperance".
    """
    parts = _WORD_SEPARATORS.split(clean(text))
    result = []
    for index, part in enumerate(parts):
        if _WORD_SEPARATORS.fullmatch(part) or not part:
            result.append(part)
        elif index > 0 and part.lower() in SMALL_WORDS:
            result.append(part.lower())
        else:
            result.append(_capitalize(part))
    return "".join(result)


def kind_label_case(text: str) -> str:
    """'LYCEE GENERAL ET TECHNOLOGIQUE' -> 'Lycée général et technologique' (a common noun phrase)."""
    words = [KIND_WORDS.get(word, word.lower()) for word in clean(text).upper().split()]
    if not words:
        return ""
    return _capitalize(words[0][:1]) + words[0][1:] + "".join(" " + word for word in words[1:])


def establishment_name(principal: str, complement: str) -> str:
    """DENOM_PRINC 'COLLEGE' + DENOM_COMPL 'JEAN MOULIN' -> 'Collège Jean Moulin'."""
    return " ".join(part for part in (kind_label_case(principal), proper_name_case(complement)) if part)


def academie_name(label: str) -> str:
    label = clean(label)
    return ACADEMIES.get(label.upper()) or proper_name_case(label)


def readable_label(text: str) -> str:
    """A subject label: 'LETTRES MODERNES' -> 'Lettres modernes', 'PHYS. CHIMIE' -> 'Phys. chimie'.

    Known acronyms (EPS, SVT, SES…) stay in capitals; words STSWeb writes without accents get them back.
    """
    text = clean(text)
    if not text:
        return ""
    out = []
    for index, word in enumerate(text.split(" ")):
        if _is_acronym(word):
            out.append(word.upper())
            continue
        word = LABEL_WORDS.get(word.upper(), word.lower())
        out.append(_capitalize(word[:1]) + word[1:] if index == 0 else word)
    return " ".join(out)


# Subject words STSWeb writes without their accents.
LABEL_WORDS = {
    "GEO": "géo",
    "GEO.": "géo.",
    "GEOGRAPHIE": "géographie",
    "MATHEMATIQUES": "mathématiques",
    "EDUCATION": "éducation",
    "ECONOMIE": "économie",
    "ECONOMIQUES": "économiques",
    "ETRANGERE": "étrangère",
    "ETRANGERES": "étrangères",
    "ELECTROTECHNIQUE": "électrotechnique",
    "GENIE": "génie",
    "HISTOIRE-GEO": "histoire-géo",
    "HIST-GEO": "hist-géo",
    "SCIENCES": "sciences",
    "PHYSIQUE-CHIMIE": "physique-chimie",
    "DOCUMENTATION": "documentation",
}


ACRONYMS = {
    "EPS",
    "SVT",
    "SES",
    "NSI",
    "SNT",
    "STI",
    "STMG",
    "ST2S",
    "LV1",
    "LV2",
    "LV3",
    "ULIS",
    "SEGPA",
    "EMC",
}


def _is_acronym(word: str) -> bool:
    bare = word.strip(".,;:()").upper()
    return bare in ACRONYMS
