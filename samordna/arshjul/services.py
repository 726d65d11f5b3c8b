"""State changes of the årshjul: renewing the ICS feed's secret."""

from __future__ import annotations

import secrets

from django.db import transaction


def new_ics_token(forbund) -> str:
    """A new secret for the årshjul feed; the old subscription URL stops working at once."""
    with transaction.atomic():
        forbund.ics_token = secrets.token_urlsafe(32)
        # History (simple-history) records who made the change: the audit entry.
        forbund.save(update_fields=["ics_token"])
    return forbund.ics_token
