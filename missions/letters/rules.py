"""Who may do what with letters (registered with the platform's permissions at start-up)."""

from missions.models import Role
from missions.permissions import DIRECTION, EVERYONE, has_capability, object_rule, register_capabilities

register_capabilities(
    {
        # the establishment's letters: overview, template, drafts, sending, withdrawal, avenants, ZIP
        "manage_letters": DIRECTION,
        # the head's signature after the person's
        "countersign_letters": {Role.HEAD},
        # read one's own letters (and, for direction and bursar, everyone's), sign or decline one's own
        "view_own_letters": EVERYONE - {Role.BOARD},
    }
)


@object_rule("read_letter")
def can_read_letter(user, roles, letter) -> bool:
    """Direction and bursar read every letter of the establishment (the bursar pays); anyone else their own,
    once it is sent (a draft is still the direction's work)."""
    if has_capability(roles, "manage_letters") or Role.BURSAR in roles:
        return True
    return letter.staff_member.user_id == user.pk and letter.status != letter.Status.DRAFT


@object_rule("sign_letter")
def can_sign_letter(user, roles, letter) -> bool:
    """Only the person the letter is addressed to signs or declines it: not even the head, for them."""
    return has_capability(roles, "view_own_letters") and letter.staff_member.user_id == user.pk
