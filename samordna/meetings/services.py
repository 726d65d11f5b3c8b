"""State changes of meetings, their items, attendance, jäv, decisions, votes, reservations and minutes.

No page of the product changes these yet: they are written by the import (`samordna import`, the demo)
and the Django admin, both through the shared mechanism (samordna/lib/services.py: one named action per
import or admin form, its history rows filed under it). A workflow that changes them adds its function
here (`@services.service`, preconditions raising `DomainError`, `services.action(...)`, `services.save`),
and its views call it; `tests/test_write_path.py` fails for a write anywhere else.
"""
