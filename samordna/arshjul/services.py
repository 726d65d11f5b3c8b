"""State changes of the årshjul: renewing the ICS feed's secret."""

from __future__ import annotations

import secrets

from samordna.lib import services


@services.service
def new_ics_token(forbund, user=None) -> str:
    """A new secret for the årshjul feed; the old subscription URL stops working at once. The action
    names the renewal; the log shows the token only as changed, never its value."""
    with services.action("forbund.ics_token_renewed", user=user, forbund=forbund, obj=forbund):
        forbund.ics_token = secrets.token_urlsafe(32)
        services.save(forbund, clean=False, update_fields=["ics_token"])
    return forbund.ics_token
