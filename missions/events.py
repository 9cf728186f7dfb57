"""Writing and checking the platform's append-only event log (models: missions.models.events).

Every module records what happened through `record_event`: who (user, their roles, the establishment), when,
what (`action`, a dotted code such as "allocation.created" whose French label the module registers with
`register_actions`), on which object, before → after (`changes`) and any context (`data`). Events of one
establishment form one hash chain; `verify_chains` recomputes every link.
"""

import hashlib
import json
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from missions.models.events import Event, EventChainHead

GENESIS = "0" * 64
PLATFORM_CHAIN = "platform"
ACTION_LABELS: dict[str, str] = {}


def register_actions(labels: dict[str, str]) -> None:
    """Declare the French label of each action code a module records (one module per prefix)."""
    clashes = {code for code in labels if ACTION_LABELS.get(code, labels[code]) != labels[code]}
    if clashes:
        raise ValueError(f"Actions déjà déclarées autrement : {sorted(clashes)}")
    ACTION_LABELS.update(labels)


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


# The roles the current request acts with (set by missions.views.base.establishment_view), so services record
# them without passing them down every call.
ACTING_ROLES: ContextVar[frozenset] = ContextVar("acting_roles", default=frozenset())


def _plain(value):
    """JSON-native copy (Decimal, dates → strings): what is hashed is exactly what the database keeps."""
    return json.loads(json.dumps(value or {}, cls=DjangoJSONEncoder))


def event_digest(event: Event) -> str:
    """SHA-256 of everything an event says, the previous event's hash included."""
    payload = {
        "chain": event.chain,
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "actor_roles": event.actor_roles,
        "establishment": event.establishment_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_label": event.object_label,
        "scope": event.scope,
        "changes": event.changes,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }
    return payload_digest(payload)


def payload_digest(payload: dict) -> str:
    """SHA-256 of an event's fields as `event_digest` lists them (bench/national.py hashes bulk-loaded events)."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def actor_display_name(user) -> str:
    if user is None:
        return ""
    return (user.get_full_name() or user.email)[:200]


def record_event(
    action: str,
    *,
    actor=None,
    establishment=None,
    establishment_id=None,
    obj=None,
    object_type: str = "",
    object_id="",
    object_label: str = "",
    scope: str = "",
    changes: dict | None = None,
    data: dict | None = None,
    roles=None,
) -> Event:
    """Append one event to the establishment's chain (the platform's when there is none).

    Runs in the caller's transaction (or its own): the chain's head row is locked, so concurrent writers queue
    and each event links to the one before it.
    """
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or obj.pk
        object_label = object_label or str(obj)
    if establishment is not None:
        establishment_id = establishment.pk
    chain = f"establishment:{establishment_id}" if establishment_id else PLATFORM_CHAIN
    if roles is None:
        roles = ACTING_ROLES.get()
    with transaction.atomic():
        EventChainHead.objects.get_or_create(chain=chain, defaults={"hash": GENESIS})
        head = EventChainHead.objects.select_for_update().get(chain=chain)
        event = Event(
            chain=chain,
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_name=actor_display_name(actor),
            actor_roles=",".join(sorted(roles))[:200],
            establishment_id=establishment_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            object_label=str(object_label)[:255],
            scope=scope,
            changes=_plain(changes),
            data=_plain(data),
            prev_hash=head.hash,
        )
        event.hash = event_digest(event)
        event.save(force_insert=True)
        EventChainHead.objects.filter(chain=chain).update(seq=event.seq, hash=event.hash)
    return event


def events_about(obj=None, *, object_type: str = "", object_id=""):
    """The events about one object, newest first."""
    if obj is not None:
        object_type, object_id = obj._meta.model_name, obj.pk
    return Event.objects.filter(object_type=object_type, object_id=str(object_id))


def events_in_scope(scope: str):
    return Event.objects.filter(scope=scope)


@dataclass(frozen=True)
class BrokenLink:
    chain: str
    seq: int
    event_id: int | None
    reason: str

    def __str__(self):
        where = f"événement n° {self.seq} de la chaîne « {self.chain} »"
        if self.event_id is not None:
            where += f" (id {self.event_id})"
        return f"{where} : {self.reason}"


def verify_chain(chain: str) -> BrokenLink | None:
    """The first broken link of one chain, or None when every event is where and what it was written."""
    previous_hash, expected_seq = GENESIS, 1
    events = Event.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000)
    for event in events:
        if event.seq != expected_seq:
            return BrokenLink(chain, expected_seq, None, "événement manquant (supprimé ?)")
        if event.prev_hash != previous_hash:
            return BrokenLink(chain, event.seq, event.pk, "ne suit pas l'événement précédent")
        if event_digest(event) != event.hash:
            return BrokenLink(chain, event.seq, event.pk, "contenu modifié après son enregistrement")
        previous_hash, expected_seq = event.hash, expected_seq + 1
    head = EventChainHead.objects.filter(chain=chain).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != previous_hash):
        return BrokenLink(chain, expected_seq, None, "derniers événements manquants (supprimés ?)")
    return None


def verify_chains() -> list[BrokenLink]:
    chains = set(Event.objects.values_list("chain", flat=True).distinct())
    chains |= set(EventChainHead.objects.values_list("chain", flat=True))
    return [broken for chain in sorted(chains) if (broken := verify_chain(chain)) is not None]
