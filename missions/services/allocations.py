"""Allocating IMP: the one place that writes allocations and keeps the envelope from being exceeded.

Every write locks the envelope row (select_for_update; on SQLite the IMMEDIATE transaction mode takes the
write lock) and checks the sum in the database before saving. Each change is recorded in AllocationEvent.

API (implemented by the allocation-domain work; views and seed_demo call only these):

    class AllocationRefused(ValidationError)      # French message for the user; nothing was saved

    units_for(*, kind, rate, count, discharge_hours, school_year) -> Decimal
    allocate(*, envelope, staff_member, mission, actor, kind=Allocation.Kind.PAY, rate=None, count=None,
             discharge_hours=None, periodicity=None, start_date=None, end_date=None, note="",
             is_draft=False) -> Allocation
    update_allocation(allocation, *, actor, **changes) -> Allocation      # same fields as allocate
    remove_allocation(allocation, *, actor) -> None
    confirm_draft(allocation, *, actor) -> Allocation                     # a roll-over draft starts to count
    record_service_done(allocation, *, actor, done_on) -> Allocation      # one-off missions only
"""
