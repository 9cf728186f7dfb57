"""The menu entries and home-page tiles of an establishment, declared by each app for itself.

An app registers its entries (`register_menu_entry`, `register_home_tile`) from its AppConfig.ready(); the
header and the establishment's home page show those whose capability the user holds. A new module thus appears
without editing `missions`' templates or views.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Entry:
    capability: str
    title: str
    url_name: str  # takes the establishment's `uai`
    nav: str = ""  # the page family that marks the menu entry as current (context variable `nav`)
    description: str = ""  # tiles only
    icon: str = ""  # a DSFR icon class, tiles only
    order: int = 100
    unless: str = ""  # hidden from whoever also holds this capability (they reach the page another way)
    group: str = ""  # menu only: the drop-down that gathers it when the menu is long (see `menu_for`)


MENU: list[Entry] = []
TILES: list[Entry] = []


def _register(entries: list[Entry], entry: Entry) -> None:
    if any(existing.url_name == entry.url_name and existing.title == entry.title for existing in entries):
        return  # registering twice (tests reloading an app) is harmless
    entries.append(entry)
    entries.sort(key=lambda item: item.order)


def register_menu_entry(entry: Entry) -> None:
    _register(MENU, entry)


def register_home_tile(entry: Entry) -> None:
    _register(TILES, entry)


def _shown(entries, capabilities) -> list[Entry]:
    return [
        entry
        for entry in entries
        if entry.capability in capabilities and not (entry.unless and entry.unless in capabilities)
    ]


def _item(entry: Entry, establishment) -> dict:
    return {
        "title": entry.title,
        "url": reverse(entry.url_name, kwargs={"uai": establishment.uai}),
        "nav": entry.nav,
        "description": entry.description,
        "icon": entry.icon,
    }


# Up to this many entries the menu is a row of links; beyond, entries of the same group gather in a DSFR
# drop-down (a head holds eleven entries: on one row their labels wrapped over three lines).
FLAT_MENU_MAX = 6


def menu_for(establishment, capabilities) -> list[dict]:
    """The header's menu: links, and when the menu is long, groups `{"title", "entries", "navs"}`."""
    shown = _shown(MENU, capabilities)
    if len(shown) <= FLAT_MENU_MAX:
        return [_item(entry, establishment) for entry in shown]
    menu, groups = [], {}
    for entry in shown:
        item = _item(entry, establishment)
        if not entry.group:
            menu.append(item)
        elif entry.group in groups:
            groups[entry.group]["entries"].append(item)
            groups[entry.group]["navs"].add(entry.nav)
        else:
            groups[entry.group] = {"title": entry.group, "entries": [item], "navs": {entry.nav}}
            menu.append(groups[entry.group])
    # a group holding one entry is just that entry
    return [item["entries"][0] if len(item.get("entries", ())) == 1 else item for item in menu]


def tiles_for(establishment, capabilities) -> list[dict]:
    return [_item(entry, establishment) for entry in _shown(TILES, capabilities)]


def register_missions_entries() -> None:
    """The `missions` app's own entries (called from MissionsConfig.ready)."""
    for entry in [
        Entry(
            "manage_allocations",
            "Répartition des IMP",
            "allocation_list",
            nav="allocations",
            order=10,
            group="IMP",
        ),
        Entry(
            "manage_allocations",
            "Catalogue des missions",
            "mission_list",
            nav="missions",
            order=20,
            group="IMP",
        ),
        Entry(
            "view_all_allocations",
            "Paiements et exports",
            "payment_list",
            nav="payments",
            order=30,
            group="IMP",
        ),
        Entry("manage_staff", "Personnels", "staff_list", nav="staff", order=40),
        Entry(
            "manage_letters", "Lettres de mission", "letter_overview", nav="letters", order=35, group="IMP"
        ),
        # the secretariat imports STSWeb without managing staff; the direction imports from the staff list
        Entry(
            "import_sts",
            "Import STSWeb",
            "sts_import_upload",
            nav="sts_import",
            order=45,
            unless="manage_staff",
        ),
        Entry("view_board_pack", "Conseil d'administration", "board_pack", nav="board", order=60),
        Entry(
            "view_own_allocations", "Mes missions", "my_allocations", nav="mine", order=90, group="Mon espace"
        ),
        Entry(
            "view_own_letters",
            "Mes lettres",
            "my_establishment_letters",
            nav="my_letters",
            order=95,
            group="Mon espace",
        ),
    ]:
        register_menu_entry(entry)
    for entry in [
        Entry(
            "manage_allocations",
            "Répartition des IMP",
            "allocation_list",
            description="Enveloppe, attributions par mission et par personne, jauge en direct.",
            icon="fr-icon-money-euro-circle-line",
            order=10,
        ),
        Entry(
            "manage_allocations",
            "Catalogue des missions",
            "mission_list",
            description="Missions nationales et missions propres à l'établissement.",
            icon="fr-icon-list-unordered",
            order=20,
        ),
        Entry(
            "view_all_allocations",
            "Paiements et exports",
            "payment_list",
            description="Échéancier des paiements, service fait, exports pour STSWeb.",
            icon="fr-icon-file-download-line",
            order=30,
        ),
        Entry(
            "manage_letters",
            "Lettres de mission",
            "letter_overview",
            description="Préparer, envoyer, faire signer et contresigner les lettres ; PDF scellés.",
            icon="fr-icon-draft-line",
            order=35,
        ),
        Entry(
            "view_own_letters",
            "Mes lettres de mission",
            "my_establishment_letters",
            description="Lire, signer ou refuser mes lettres de mission, télécharger les PDF.",
            icon="fr-icon-edit-line",
            order=95,
        ),
        Entry(
            "manage_staff",
            "Personnels",
            "staff_list",
            description="Liste des personnels, fiches, invitations, import STSWeb.",
            icon="fr-icon-team-line",
            order=40,
        ),
        Entry(
            "import_sts",
            "Import STSWeb",
            "sts_import_upload",
            description="Mettre à jour les personnels à partir de l'export STSWeb de l'établissement.",
            icon="fr-icon-upload-line",
            order=45,
            unless="manage_staff",
        ),
        Entry(
            "manage_staff",
            "Courriels non envoyés",
            "email_list",
            description="Invitations refusées par le serveur de courrier ou en attente : les renvoyer.",
            icon="fr-icon-mail-line",
            order=46,
        ),
        Entry(
            "manage_roles",
            "Rôles",
            "role_list",
            description="Direction, gestion, membres du CA, coordinateur harcèlement, équipe ressource.",
            icon="fr-icon-shield-line",
            order=50,
        ),
        Entry(
            "view_board_pack",
            "Conseil d'administration",
            "board_pack",
            description="La répartition des IMP présentée au CA : dossier, questions, vote.",
            icon="fr-icon-government-line",
            order=60,
        ),
        Entry(
            "view_own_allocations",
            "Mes missions",
            "my_allocations",
            description="Mes missions de l'année, leur montant et l'échéancier de paiement.",
            icon="fr-icon-briefcase-line",
            order=90,
        ),
    ]:
        register_home_tile(entry)


# role -> URL name (taking `uai`) where a user holding that role lands after signing in, declared by the apps.
LANDINGS: dict[str, str] = {}


def register_landing(role: str, url_name: str) -> None:
    LANDINGS.setdefault(role, url_name)


def landing_url(user, grants) -> str | None:
    """The page of the first establishment where one of the user's roles has a landing page, if any."""
    for grant in grants.select_related("establishment").order_by("establishment__name"):
        if grant.role in LANDINGS:
            return reverse(LANDINGS[grant.role], kwargs={"uai": grant.establishment.uai})
    return None
