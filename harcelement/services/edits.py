"""Correcting and deleting pHARe records (trainings, prevention actions, partners): one way to write what
changed, before → after, on the event log."""

from django.db import models

from missions.events import record_event


def _loggable(value):
    # The event log keeps JSON: a related record is written by its name, not as an object.
    return str(value) if isinstance(value, models.Model) else value


def values_of(obj, fields) -> dict:
    """What `obj` holds in `fields`, as the event log writes it."""
    return {field: _loggable(getattr(obj, field)) for field in fields}


def apply_values(obj, values: dict) -> dict:
    """Set `values` on `obj` (not saved); {field: [before, after]} for the fields that really change."""
    changes = {}
    for field, value in values.items():
        before = getattr(obj, field)
        if before != value:
            changes[field] = [_loggable(before), _loggable(value)]
            setattr(obj, field, value)
    return changes


def save_and_record(obj, changes: dict, *, action, actor, establishment) -> dict:
    """Save `obj` and record `changes`; a form sent back unchanged writes nothing, not even an event."""
    if changes:
        obj.save()
        record_event(action, actor=actor, establishment=establishment, obj=obj, changes=changes)
    return changes


def delete_and_record(obj, held: dict, *, action, actor, establishment, data=None) -> None:
    """Record what `obj` held (each value → nothing), then delete it."""
    changes = {field: [value, None] for field, value in held.items() if value not in (None, "", [])}
    record_event(action, actor=actor, establishment=establishment, obj=obj, changes=changes, data=data)
    obj.delete()
