"""Rule findings shown where they arise: on the page of the meeting, insats, budget or samråd they are about.

Each page asks the one findings function once (`store.findings_for`, as the Regelkontroll does) and picks the findings about
its own subjects; roles without Cap.VIEW_FINDINGS get none and the check is not run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from samordna.checks import grouping as service
from samordna.checks.store import forbund_findings
from samordna.lib.access import Cap
from samordna.lib.dates import today
from samordna.rules.engine import RULES


class PageFindings:
    """The förbund's findings as of today, for one request; empty when the role may not see findings."""

    def __init__(self, request, forbund):
        self.enabled = request.forbund_ctx.can(Cap.VIEW_FINDINGS)
        self.slug = forbund.slug
        self.day = today()
        self.all = forbund_findings(forbund, self.day) if self.enabled else []

    def _shown(self, finding) -> service.ShownFinding:
        since = finding.since
        days = (self.day - since).days if since is not None and since <= self.day else None
        return service.ShownFinding(finding, RULES[finding.rule], service.subject_url(self.slug, finding, self.day),
                                    days)

    def about(self, kind: str, ids: Iterable[str]) -> list[service.ShownFinding]:
        """Findings about subjects of a kind with one of the ids (most severe first)."""
        wanted = {str(i) for i in ids}
        return [self._shown(f) for f in self.all if f.subject_kind == kind and f.subject_id in wanted]

    def in_area(self, kind: str, area: str) -> list[service.ShownFinding]:
        """Findings about subjects of a kind from the rules of one area (e.g. the förbund's samråd per year)."""
        return [self._shown(f) for f in self.all
                if f.subject_kind == kind and f.rule in RULES and RULES[f.rule].area == area]

    def counts(self, kind: str) -> Counter:
        """How many findings there are per subject id of a kind (for the list pages)."""
        return Counter(f.subject_id for f in self.all if f.subject_kind == kind)
