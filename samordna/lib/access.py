"""Tenancy and roles, enforced in one place.

Every view that shows a förbund's data goes through `forbund_view`, which resolves the förbund from
the URL, answers 404 when the user has no access to it at all (another förbund's data is not even
acknowledged), and 403 when the user's role lacks the capability the view needs.
"""

import functools
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import Access, Role

# The roles a user can have in a förbund: the four grantable ones plus two derived ones.
NATIONAL = "national"
ADMIN = "admin"


class Cap:
    """Capabilities: what a role may do in a förbund."""

    VIEW = "view"  # overview, members, board, mandates
    VIEW_PERSONS = "view_persons"  # contact details of the people acting in the förbund
    VIEW_INTERNAL = "view_internal"  # internal (non-public) documents
    VIEW_SECRET = "view_secret"  # documents under secrecy (OSL)
    VIEW_LOG = "view_log"  # the audit trail (Händelselogg)
    VIEW_FINDINGS = "view_findings"  # rule findings
    MANAGE = "manage"  # every change of the förbund's data
    AUDIT = "audit"  # record audit reports and remarks
    APPLY = "apply"  # write and submit insats applications (a member's user: for its own member only)


CAPABILITIES: dict[str, frozenset[str]] = {
    Role.OFFICE: frozenset({Cap.VIEW, Cap.VIEW_PERSONS, Cap.VIEW_INTERNAL, Cap.VIEW_SECRET, Cap.VIEW_LOG,
                            Cap.VIEW_FINDINGS, Cap.MANAGE, Cap.APPLY}),
    Role.BOARD: frozenset({Cap.VIEW, Cap.VIEW_PERSONS, Cap.VIEW_INTERNAL, Cap.VIEW_SECRET, Cap.VIEW_FINDINGS}),
    Role.MEMBER: frozenset({Cap.VIEW, Cap.VIEW_FINDINGS, Cap.APPLY}),
    Role.AUDITOR: frozenset({Cap.VIEW, Cap.VIEW_PERSONS, Cap.VIEW_INTERNAL, Cap.VIEW_SECRET, Cap.VIEW_LOG,
                             Cap.VIEW_FINDINGS, Cap.AUDIT}),
    # National level reads every förbund, never secret documents.
    NATIONAL: frozenset({Cap.VIEW, Cap.VIEW_PERSONS, Cap.VIEW_INTERNAL, Cap.VIEW_FINDINGS}),
    ADMIN: frozenset({Cap.VIEW, Cap.VIEW_PERSONS, Cap.VIEW_INTERNAL, Cap.VIEW_SECRET, Cap.VIEW_LOG,
                      Cap.VIEW_FINDINGS, Cap.MANAGE, Cap.AUDIT, Cap.APPLY}),
}

ROLE_LABELS = {
    Role.OFFICE: _("Kansli"),
    Role.BOARD: _("Styrelse"),
    Role.MEMBER: _("Medlemsorganisation"),
    Role.AUDITOR: _("Revisor"),
    NATIONAL: _("Nationell nivå"),
    ADMIN: _("Administratör"),
}


def role_in(user, forbund) -> str | None:
    """The user's role in the förbund, or None when they have no access to it."""
    if not user.is_authenticated or not user.is_active:
        return None
    access = Access.objects.filter(user=user, forbund=forbund).values_list("role", flat=True).first()
    if access:
        return access
    if user.is_superuser:
        return ADMIN
    if user.is_national:
        return NATIONAL
    return None


def can(role: str | None, capability: str) -> bool:
    return role is not None and capability in CAPABILITIES.get(role, frozenset())


def visible_forbund(user, queryset=None):
    """The förbund a user may open at all."""
    from samordna.organisations.models import Forbund

    queryset = Forbund.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser or user.is_national:
        return queryset
    return queryset.filter(accesses__user=user).distinct()


@dataclass(frozen=True)
class ForbundContext:
    forbund: object
    role: str

    def can(self, capability: str) -> bool:
        return can(self.role, capability)


def _resolve(request, slug: str):
    """The förbund of `slug` and the user's role in it (as `role_in`), in one query for a user whose access is
    by grant: their grants with their förbund, which also fill the förbund switcher (`request.visible_forbund`,
    read by samordna.web.context) without a query of its own. National users and admins: the förbund with
    their grant's role, if any, as a subquery."""
    from django.db.models import OuterRef, Subquery

    from samordna.organisations.models import Forbund

    user = request.user
    if not user.is_active:
        raise Http404
    if not (user.is_superuser or user.is_national):
        grants = list(Access.objects.filter(user=user).select_related("forbund").order_by("forbund__name"))
        request.visible_forbund = [grant.forbund for grant in grants][:200]
        for grant in grants:
            if grant.forbund.slug == slug:
                return grant.forbund, grant.role
        raise Http404
    granted = Access.objects.filter(user=user, forbund=OuterRef("pk")).values("role")[:1]
    forbund = get_object_or_404(Forbund.objects.annotate(granted_role=Subquery(granted)), slug=slug)
    return forbund, forbund.granted_role or (ADMIN if user.is_superuser else NATIONAL)


def forbund_view(capability: str = Cap.VIEW):
    """Resolve `slug` to a förbund the user may see (404 otherwise) and demand a capability (403)."""

    def decorator(view):
        @login_required
        @functools.wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            forbund, role = _resolve(request, slug)
            if role is None:
                raise Http404
            if not can(role, capability):
                raise PermissionDenied
            request.forbund_ctx = ForbundContext(forbund, role)
            return view(request, forbund, *args, **kwargs)

        wrapper.capability = capability
        return wrapper

    return decorator


def scoped_get(model, forbund, **lookup):
    """An object of the förbund or a 404: another förbund's object is never found."""
    return get_object_or_404(model, forbund=forbund, **lookup)
