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


def _visible(entries, establishment, capabilities) -> list[dict]:
    return [
        {
            "title": entry.title,
            "url": reverse(entry.url_name, kwargs={"uai": establishment.uai}),
            "nav": entry.nav,
            "description": entry.description,
            "icon": entry.icon,
        }
        for entry in entries
        if entry.capability in capabilities and not (entry.unless and entry.unless in capabilities)
    ]


def menu_for(establishment, capabilities) -> list[dict]:
    return _visible(MENU, establishment, capabilities)


def tiles_for(establishment, capabilities) -> list[dict]:
    return _visible(TILES, establishment, capabilities)


def register_missions_entries() -> None:
    """The `missions` app's own entries (called from MissionsConfig.ready)."""
    for entry in [
        Entry("manage_allocations", "Répartition des IMP", "allocation_list", nav="allocations", order=10),
        Entry("manage_allocations", "Catalogue des missions", "mission_list", nav="missions", order=20),
        Entry("view_all_allocations", "Paiements et exports", "payment_list", nav="payments", order=30),
        Entry("manage_staff", "Personnels", "staff_list", nav="staff", order=40),
        Entry("manage_letters", "Lettres de mission", "letter_overview", nav="letters", order=35),
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
        Entry("view_own_allocations", "Mes missions", "my_allocations", nav="mine", order=90),
        Entry("view_own_letters", "Mes lettres", "my_establishment_letters", nav="my_letters", order=95),
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
