"""The groupings the pages and the check command show of findings (from samordna.checks.store)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from samordna.checks.store import findings_for
from samordna.rules.base import AREAS, LEVELS, SUBJECT_KINDS
from samordna.rules.engine import RULES, Finding, Rule

LEVEL_LABELS = {"error": _("Fel"), "warning": _("Varningar"), "info": _("Påminnelser")}
LEVEL_SINGULAR = {"error": _("Fel"), "warning": _("Varning"), "info": _("Påminnelse")}
AREA_LABELS = {
    "members": _("Medlemmar och förbundsordning"),
    "board": _("Styrelsen"),
    "meetings": _("Sammanträden och protokoll"),
    "insatser": _("Insatser"),
    "finance": _("Budget, årsredovisning och revision"),
    "samrad": _("Medlemssamråd"),
}
SUBJECT_KIND_LABELS = {
    "forbund": _("Förbundet"),
    "member": _("Medlem"),
    "mandate": _("Uppdrag"),
    "meeting": _("Sammanträde"),
    "item": _("Ärende"),
    "insats": _("Insats"),
    "budget": _("Budget"),
    "annual_report": _("Årsredovisning"),
    "consultation": _("Samråd"),
}
assert set(LEVEL_LABELS) == set(LEVELS) and set(AREA_LABELS) == set(AREAS)
assert set(SUBJECT_KIND_LABELS) == set(SUBJECT_KINDS)

# Pages where a finding's subject is shown, by subject kind: (url name, needs the subject id). The first
# name that resolves wins, so sections added later (meetings, insatser, budgets, samråd) light up on
# their own once their URL names exist; a kind without a page gets no link.
SUBJECT_PAGES: dict[str, list[tuple[str, bool]]] = {
    "member": [("forbund-members", False)],
    "mandate": [("forbund-board", False)],
    "meeting": [("meeting-detail", True), ("forbund-meetings", False)],
    "item": [("forbund-meetings", False)],
    "insats": [("insats-detail", True), ("forbund-insatser", False)],
    "budget": [("budget-detail", True), ("forbund-budgets", False)],
    "annual_report": [("annual-report-detail", True), ("forbund-annual-reports", False)],
    "consultation": [("consultation-detail", True), ("forbund-samrad", False)],
}
# A finding about the förbund as a whole is shown on the page of its area.
AREA_PAGES = {"members": "forbund-members", "board": "forbund-board"}


def national_findings(as_of: datetime.date) -> list[Finding]:
    """Findings for every förbund in the database as of a date (samordna.checks.store.findings_for)."""
    return findings_for(None, as_of)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.level == "error" for f in findings)


def level_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """{"error": n, "warning": n, "info": n}, every level present."""
    counter = Counter(f.level for f in findings)
    return {level: counter.get(level, 0) for level in LEVELS}


def counts_by_forbund(findings: Iterable[Finding], rule: str | None = None) -> dict[str, dict[str, int]]:
    """Per förbund id the number of findings per level (only the given rule when one is named)."""
    out: dict[str, Counter] = defaultdict(Counter)
    for finding in findings:
        if rule is None or finding.rule == rule:
            out[finding.forbund][finding.level] += 1
    return {fid: {level: counter.get(level, 0) for level in LEVELS} for fid, counter in out.items()}


@dataclass(frozen=True)
class ShownFinding:
    """A finding with what a page shows beside it: its rule, a link to its subject, how long it has stood."""

    finding: Finding
    rule: Rule
    url: str | None
    days: int | None

    @property
    def level_label(self) -> str:
        return str(LEVEL_SINGULAR[self.finding.level])

    @property
    def subject_kind_label(self) -> str:
        return str(SUBJECT_KIND_LABELS.get(self.finding.subject_kind, self.finding.subject_kind))


@dataclass(frozen=True)
class AreaGroup:
    area: str
    label: str
    findings: list[ShownFinding]


@dataclass(frozen=True)
class LevelGroup:
    level: str
    label: str
    count: int
    areas: list[AreaGroup]


def subject_url(slug: str, finding: Finding, as_of: datetime.date) -> str | None:
    """The page showing a finding's subject, when one exists."""
    area = RULES[finding.rule].area if finding.rule in RULES else None
    # The board's findings (seats, officers, eligibility, terms) are all seen on the board page.
    candidates = [("forbund-board", False)] if area == "board" else []
    candidates += SUBJECT_PAGES.get(finding.subject_kind, [])
    if finding.subject_kind == "forbund" and area in AREA_PAGES:
        candidates.append((AREA_PAGES[area], False))
    for name, with_id in candidates:
        if with_id and not finding.subject_id:
            continue
        try:
            url = reverse(name, kwargs={"slug": slug, "subject_id": finding.subject_id} if with_id else {"slug": slug})
        except NoReverseMatch:
            continue
        # The board page shows the board on a date: the one the finding was judged on.
        return f"{url}?datum={as_of.isoformat()}" if name == "forbund-board" else url
    return None


def group_findings(findings: Iterable[Finding], slug: str, as_of: datetime.date) -> list[LevelGroup]:
    """Findings grouped by level (Fel, Varningar, Påminnelser) and, within each, by area in catalogue order."""
    by_level: dict[str, dict[str, list[ShownFinding]]] = {level: defaultdict(list) for level in LEVELS}
    for finding in findings:
        entry = RULES[finding.rule]
        days = (as_of - finding.since).days if finding.since is not None and finding.since <= as_of else None
        shown = ShownFinding(finding, entry, subject_url(slug, finding, as_of), days)
        by_level[finding.level][entry.area].append(shown)
    groups = []
    for level in LEVELS:
        areas = [
            AreaGroup(area, str(AREA_LABELS[area]), by_level[level][area]) for area in AREAS if by_level[level][area]
        ]
        if areas:
            groups.append(LevelGroup(level, str(LEVEL_LABELS[level]), sum(len(a.findings) for a in areas), areas))
    return groups


def rule_choices() -> list[tuple[str, str]]:
    """Every rule id with its title, in catalogue order (for filters)."""
    return [(entry.id, f"{entry.id} – {entry.title}") for entry in RULES.values()]

