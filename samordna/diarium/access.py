"""Who may read what of the diarium: one place for the documents' classification and the secret matters.

- A public document: everyone, also an anonymous visitor of the public page.
- An internal document: roles with `Cap.VIEW_INTERNAL`.
- A secret document: roles with `Cap.VIEW_SECRET`, and never the national or the member role (OSL).
- A secret matter: its registration shows only its date and dnr to those who may not read secrets (the
  public, member, national); its documents are hidden from them whatever their own classification, since
  even a title could tell what the secret matter is about.

`role` is the reader's role in the förbund (`samordna.lib.access.role_in`), None for an anonymous visitor or
a user without access to the förbund.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import Role
from samordna.lib.access import NATIONAL, Cap, can

from .models import Classification, Document, Matter

# Roles that never see a secret, whatever their capabilities say.
NEVER_SECRET = frozenset({NATIONAL, Role.MEMBER})

SECRET_TITLE = _("Uppgifterna omfattas av sekretess")


def sees_secret(role: str | None) -> bool:
    return role not in NEVER_SECRET and can(role, Cap.VIEW_SECRET)


def sees_internal(role: str | None) -> bool:
    return can(role, Cap.VIEW_INTERNAL)


def matter_readable(matter: Matter, role: str | None) -> bool:
    """Whether the reader sees the whole registration of the matter (else only its date and dnr)."""
    return not matter.secret or sees_secret(role)


def document_visible(document: Document, role: str | None) -> bool:
    """Whether a reader in `role` (None: anonymous or no access) may see and download the document."""
    matter = document.matter if document.matter_id else None
    if matter is not None and matter.secret and not sees_secret(role):
        return False
    if document.classification == Classification.PUBLIC:
        return True
    if document.classification == Classification.INTERNAL:
        return sees_internal(role)
    return sees_secret(role)


def visible_q(role: str | None, prefix: str = "") -> Q:
    """document_visible as a Q on Document (`prefix`: the path to the documents, e.g. "documents__")."""
    if sees_secret(role):
        return Q()
    not_secret_matter = Q(**{f"{prefix}matter__isnull": True}) | Q(**{f"{prefix}matter__secret": False})
    allowed = [Classification.PUBLIC, Classification.INTERNAL] if sees_internal(role) else [Classification.PUBLIC]
    return not_secret_matter & Q(**{f"{prefix}classification__in": allowed})


def visible_documents(queryset, role: str | None):
    """The documents of `queryset` a reader in `role` may see (document_visible, in the database)."""
    return queryset.filter(visible_q(role))


@dataclass
class PublicEntry:
    """One diarium entry as the public may see it (OSL 5 kap.): a secret matter has only date and dnr."""

    pk: int
    dnr: str
    registered: datetime.date
    year: int
    secret: bool
    title: str
    counterpart: str
    kind: str  # the kind's label, "" for a secret matter
    direction: str  # the direction's label, "" for a secret matter
    status: str  # the status's label
    documents: list = field(default_factory=list)  # public Documents only (none for a secret matter)


def entry_for(matter: Matter, documents=()) -> PublicEntry:
    """The public form of a matter: a secret one shows only its date and dnr."""
    if matter.secret:
        return PublicEntry(matter.pk, matter.dnr, matter.registered, matter.year, True, str(SECRET_TITLE), "",
                           "", "", matter.get_status_display(), [])
    return PublicEntry(matter.pk, matter.dnr, matter.registered, matter.year, False, matter.title,
                       matter.counterpart, matter.get_kind_display(), matter.get_direction_display(),
                       matter.get_status_display(), list(documents))


def public_entries(forbund, year: int | None = None) -> list[PublicEntry]:
    """The förbund's public diarium, newest first: one `PublicEntry` per matter (of `year`, or of every year).

    What the public may see of the registration (OSL 5 kap. 1–2 §§): for every matter its date and dnr; for
    a matter that is not secret also its title (ärendemening), counterpart (avsändare/mottagare), kind,
    direction and status, and its *public* documents (`entry.documents`, Document rows; link each through
    the download view `document-download`, which serves a public document to anyone). A secret matter's
    title is replaced by "Uppgifterna omfattas av sekretess", its counterpart, kind and direction are empty
    and it lists no documents. Internal and secret documents never appear. Two queries whatever the size.
    """
    public_docs = Document.objects.filter(classification=Classification.PUBLIC).order_by("registered", "pk")
    matters = Matter.objects.filter(forbund=forbund).order_by("-registered", "-year", "-serial").prefetch_related(
        Prefetch("documents", queryset=public_docs, to_attr="public_documents"))
    if year is not None:
        matters = matters.filter(year=year)
    return [entry_for(m, m.public_documents) for m in matters]
