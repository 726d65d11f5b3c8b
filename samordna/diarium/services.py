"""State changes of the diarium: registering, changing, closing and reopening a matter; adding, changing and
removing a document.

One function per change, each in one transaction (`@services.service`), its preconditions raising a Swedish
`DomainError` that names the form field at fault, and one named action ("matter.registered",
"matter.changed", "matter.closed", "matter.reopened", "matter.removed", "document.added",
"document.changed", "document.removed").

The diarienummer. `register_matter` gives the next löpnummer of the förbund and the year of the
registration date: on PostgreSQL it first locks the förbund's row (`select_for_update`), so concurrent
registrations in one förbund queue up and each reads the numbers the one before it committed; on SQLite the
write transaction is taken up front (IMMEDIATE), to the same effect. Should a number still be taken (a writer
that does not lock, e.g. a future import), the unique constraint refuses it and the registration tries the
next one. Once given, `dnr`, `year` and `serial` never change, even when the statutes' prefix does.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from samordna.lib import services
from samordna.lib.dates import MAX_DATE, MIN_DATE, in_range
from samordna.lib.services import DomainError
from samordna.organisations.models import Forbund

from . import storage
from .models import Classification, Document, Matter, MatterDirection, MatterKind, MatterStatus, format_dnr

# How often a registration tries the next number when the one it chose was taken meanwhile.
REGISTER_ATTEMPTS = 5

# The fields of a matter a change may set (the number fields never change).
MATTER_FIELDS = ("registered", "title", "kind", "direction", "counterpart", "secret", "osl_ground", "insats",
                 "budget", "annual_report", "consultation", "external_id")
LINKS = ("insats", "budget", "annual_report", "consultation")


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _data(changes: dict) -> dict:
    return {key: _json(value) for key, value in changes.items()}


def _check_date(value, field: str) -> None:
    if not isinstance(value, datetime.date):
        raise DomainError(_("Ange ett datum."), field=field)
    if not in_range(value):
        raise DomainError(
            _("Ange ett datum mellan %(min)s och %(max)s.") % {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()},
            field=field,
        )


def _check_matter(matter: Matter) -> None:
    """The refusals for a matter as it would be saved."""
    _check_date(matter.registered, "registered")
    matter.title = (matter.title or "").strip()
    if not matter.title:
        raise DomainError(_("Ange ärendemeningen: vad ärendet gäller."), field="title")
    if len(matter.title) > 300:
        raise DomainError(_("Ärendemeningen får vara högst 300 tecken."), field="title")
    if matter.kind not in MatterKind.values:
        raise DomainError(_("Välj ett av ärendeslagen."), field="kind")
    if matter.direction not in MatterDirection.values:
        raise DomainError(_("Välj inkommande, utgående eller upprättad."), field="direction")
    matter.counterpart = (matter.counterpart or "").strip()
    if len(matter.counterpart) > 300:
        raise DomainError(_("Avsändare eller mottagare får vara högst 300 tecken."), field="counterpart")
    matter.osl_ground = (matter.osl_ground or "").strip()
    if matter.secret and not matter.osl_ground:
        raise DomainError(_("Ange sekretessgrunden (bestämmelsen i OSL) för ett ärende under sekretess."),
                          field="osl_ground")
    if len(matter.osl_ground) > 200:
        raise DomainError(_("Sekretessgrunden får vara högst 200 tecken."), field="osl_ground")
    if matter.closed and matter.closed < matter.registered:
        raise DomainError(_("Ärendet kan inte avslutas före registreringsdatumet."), field="closed")
    for name in ("insats", "budget", "annual_report"):
        linked = getattr(matter, name)
        if linked is not None and linked.forbund_id != matter.forbund_id:
            raise DomainError(_("Välj en %(what)s i det egna förbundet.") % {
                "what": Matter._meta.get_field(name).verbose_name}, field=name)
    if matter.consultation is not None and not matter.consultation.forbund.filter(pk=matter.forbund_id).exists():
        raise DomainError(_("Välj ett samråd som omfattar förbundet."), field="consultation")
    if matter.external_id == "":
        matter.external_id = None
    if matter.external_id is not None and Matter.objects.filter(external_id=matter.external_id).exclude(
            pk=matter.pk).exists():
        raise DomainError(_("Ett annat ärende har redan detta id."), field="external_id")


def next_serial(forbund: Forbund, year: int) -> int:
    """The löpnummer the next matter of the förbund's `year` gets (1 for the first of a year)."""
    last = (Matter.objects.filter(forbund=forbund, year=year).order_by("-serial")
            .values_list("serial", flat=True).first())
    return (last or 0) + 1


@services.service
def register_matter(forbund: Forbund, *, user, registered: datetime.date, title: str, kind: str = MatterKind.OTHER,
                    direction: str = MatterDirection.DRAWN_UP, counterpart: str = "", secret: bool = False,
                    osl_ground: str = "", insats=None, budget=None, annual_report=None, consultation=None,
                    external_id: str | None = None) -> Matter:
    """Register a matter: it gets the next diarienummer of the förbund and the registration's year."""
    matter = Matter(forbund=forbund, registered=registered, title=title, kind=kind, direction=direction,
                    counterpart=counterpart, secret=secret, osl_ground=osl_ground, insats=insats, budget=budget,
                    annual_report=annual_report, consultation=consultation, external_id=external_id)
    _check_matter(matter)
    # Concurrent registrations of one förbund queue here (PostgreSQL; a no-op on SQLite, whose IMMEDIATE
    # transaction holds the write lock already).
    prefix = Forbund.objects.select_for_update().filter(pk=forbund.pk).values_list("diary_prefix", flat=True).get()
    matter.year = registered.year
    with services.action("matter.registered", user=user, forbund=forbund, obj=matter, data={}) as record:
        for attempt in range(REGISTER_ATTEMPTS):
            matter.serial = next_serial(forbund, matter.year)
            matter.dnr = format_dnr(prefix, matter.year, matter.serial)
            try:
                with transaction.atomic():  # a savepoint: a number taken meanwhile is tried again
                    matter.full_clean(validate_unique=False, validate_constraints=False)
                    services.save(matter, clean=False)
            except IntegrityError:
                matter.pk = None
                matter._state.adding = True
                if attempt == REGISTER_ATTEMPTS - 1:
                    raise DomainError(_("Diarienumret kunde inte ges just nu; försök igen."), field="registered") \
                        from None
                continue
            break
        services.set_object(record, matter)
        record.data = _data({"dnr": matter.dnr, "title": matter.title, "kind": matter.kind,
                             "registered": matter.registered, "secret": matter.secret})
    return matter


@services.service
def change_matter(matter: Matter, *, user, **changes) -> Matter:
    """Change a matter's registration fields; its diarienummer, year and löpnummer never change."""
    for name in ("dnr", "year", "serial", "forbund"):
        if name in changes and changes[name] != getattr(matter, name if name != "forbund" else "forbund"):
            raise DomainError(_("Diarienumret ändras aldrig när det väl är givet."), field=name)
        changes.pop(name, None)
    unknown = set(changes) - set(MATTER_FIELDS)
    if unknown:
        raise DomainError(_("Okänt fält: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    if "registered" in changes:
        _check_date(changes["registered"], "registered")
        if changes["registered"].year != matter.year:
            raise DomainError(
                _("Registreringsdatumet måste ligga i år %(year)s, som diarienumret %(dnr)s anger.")
                % {"year": matter.year, "dnr": matter.dnr}, field="registered")
    for name, value in changes.items():
        setattr(matter, name, value)
    _check_matter(matter)
    with services.action("matter.changed", user=user, forbund=matter.forbund, obj=matter, data=_data(changes)):
        services.save(matter)
    return matter


@services.service
def close_matter(matter: Matter, *, user, day: datetime.date) -> Matter:
    """Close (avsluta) a matter on `day`."""
    if matter.status == MatterStatus.CLOSED:
        raise DomainError(_("Ärendet är redan avslutat."), field="status")
    _check_date(day, "closed")
    if day < matter.registered:
        raise DomainError(_("Ärendet kan inte avslutas före registreringsdatumet."), field="closed")
    with services.action("matter.closed", user=user, forbund=matter.forbund, obj=matter,
                         data={"closed": day.isoformat()}):
        matter.status, matter.closed = MatterStatus.CLOSED, day
        services.save(matter)
    return matter


@services.service
def reopen_matter(matter: Matter, *, user) -> Matter:
    """Open a closed matter again (it comes back, e.g. after a later request)."""
    if matter.status != MatterStatus.CLOSED:
        raise DomainError(_("Ärendet är inte avslutat."), field="status")
    with services.action("matter.reopened", user=user, forbund=matter.forbund, obj=matter,
                         data={"closed": matter.closed.isoformat() if matter.closed else None}):
        matter.status, matter.closed = MatterStatus.OPEN, None
        services.save(matter)
    return matter


@services.service
def remove_matter(matter: Matter, *, user) -> None:
    """Remove a matter registered by mistake: only while no document and no meeting item refers to it. Its
    number is not given again (the next registration takes the number after the highest one left)."""
    if matter.documents.exists():
        raise DomainError(_("Ärendet har handlingar. Ta bort dem först, eller avsluta ärendet i stället."))
    if matter.items.exists():
        raise DomainError(_("Ärendet har behandlats på ett sammanträde och kan inte tas bort. Avsluta det i "
                            "stället."))
    with services.action("matter.removed", user=user, forbund=matter.forbund, obj=matter,
                         data={"dnr": matter.dnr, "title": matter.title}):
        services.remove(matter)


# Documents ----------------------------------------------------------------------------------------------

def _check_classification(classification: str, osl_ground: str) -> str:
    if classification not in Classification.values:
        raise DomainError(_("Välj offentlig, intern eller sekretess."), field="classification")
    osl_ground = (osl_ground or "").strip()
    if classification == Classification.SECRET and not osl_ground:
        raise DomainError(_("Ange sekretessgrunden (bestämmelsen i OSL) för en handling under sekretess."),
                          field="osl_ground")
    if len(osl_ground) > 200:
        raise DomainError(_("Sekretessgrunden får vara högst 200 tecken."), field="osl_ground")
    return osl_ground


def _check_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Ange handlingens rubrik."), field="title")
    if len(title) > 300:
        raise DomainError(_("Rubriken får vara högst 300 tecken."), field="title")
    return title


def allowed_types_text() -> str:
    return ", ".join(dict.fromkeys(name.split(" (")[0] for name in storage.ALLOWED_TYPES.values()))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


@services.service
def add_document(forbund: Forbund, *, user, upload, title: str, classification: str, osl_ground: str = "",
                 matter: Matter | None = None, registered: datetime.date) -> Document:
    """Add a document (an uploaded file) to the förbund, of a matter or on its own.

    The file's type is judged by its content (storage.sniff) and its size by DOCUMENT_MAX_BYTES; the stored
    content type is the sniffed one, the original file name is kept for the download.
    """
    if upload is None:
        raise DomainError(_("Välj en fil att ladda upp."), field="upload")
    if matter is not None and matter.forbund_id != forbund.pk:
        raise DomainError(_("Ärendet hör till ett annat förbund."), field="matter")
    title = _check_title(title)
    osl_ground = _check_classification(classification, osl_ground)
    _check_date(registered, "registered")
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise DomainError(_("Filen är för stor: högst %(max)s MB går att ladda upp.") % {"max": _megabytes(limit)},
                          field="upload")
    if not upload.size:
        raise DomainError(_("Filen är tom."), field="upload")
    inspected = storage.inspect(upload)
    if inspected is None:
        raise DomainError(
            _("Filens innehåll är inte av en tillåten typ (%(types)s). Det är innehållet som avgör, inte "
              "filnamnet.") % {"types": allowed_types_text()}, field="upload")
    if inspected.size > limit:
        raise DomainError(_("Filen är för stor: högst %(max)s MB går att ladda upp.") % {"max": _megabytes(limit)},
                          field="upload")
    original = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:255] or "handling"
    document = Document(
        forbund=forbund, matter=matter, title=title, original_name=original, content_type=inspected.content_type,
        size=inspected.size, sha256=inspected.sha256, classification=classification, osl_ground=osl_ground,
        registered=registered, uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    with services.action("document.added", user=user, forbund=forbund, obj=document) as record:
        document.file.save(original, upload, save=False)  # into the private storage, under a random name
        # The file is written now; should the transaction roll back, it is removed again.
        name = document.file.name
        try:
            services.save(document)
        except Exception:
            storage.document_storage().delete(name)
            raise
        services.set_object(record, document)
        record.data = _data({"title": title, "matter": matter, "classification": classification,
                             "content_type": inspected.content_type, "size": inspected.size,
                             "sha256": inspected.sha256, "original_name": original})
    return document


@services.service
def change_document(document: Document, *, user, title: str | None = None, classification: str | None = None,
                    osl_ground: str | None = None) -> Document:
    """Change a document's title or classification (the file itself never changes: add a new document)."""
    changes = {}
    if title is not None:
        changes["title"] = _check_title(title)
    new_class = classification if classification is not None else document.classification
    new_ground = osl_ground if osl_ground is not None else document.osl_ground
    new_ground = _check_classification(new_class, new_ground)
    if new_class != document.classification:
        changes["classification"] = new_class
    if new_ground != document.osl_ground:
        changes["osl_ground"] = new_ground
    with services.action("document.changed", user=user, forbund=document.forbund, obj=document,
                         data=_data(changes)):
        for name, value in changes.items():
            setattr(document, name, value)
        services.save(document)
    return document


@services.service
def remove_document(document: Document, *, user) -> None:
    """Remove a document registered by mistake; its file is deleted once the removal has committed."""
    name = document.file.name
    with services.action("document.removed", user=user, forbund=document.forbund, obj=document,
                         data={"title": document.title, "sha256": document.sha256,
                               "matter": document.matter_id}):
        services.remove(document)
    services.after_commit(lambda: storage.document_storage().delete(name))


def describe_actions() -> None:
    """How the Händelselogg says the diarium's actions (called from the app's ready())."""
    from django.utils.translation import gettext_lazy

    from samordna.lib import audit

    for name, sentence in {
        "matter.registered": gettext_lazy("Ärendet %(dnr)s registrerades av %(who)s"),
        "matter.changed": gettext_lazy("Ärendet %(object)s ändrades av %(who)s"),
        "matter.closed": gettext_lazy("Ärendet %(object)s avslutades %(closed)s av %(who)s"),
        "matter.reopened": gettext_lazy("Ärendet %(object)s öppnades igen av %(who)s"),
        "matter.removed": gettext_lazy("Ärendet %(dnr)s togs bort av %(who)s"),
        "document.added": gettext_lazy("Handlingen %(object)s lades till av %(who)s"),
        "document.changed": gettext_lazy("Handlingen %(object)s ändrades av %(who)s"),
        "document.removed": gettext_lazy("Handlingen %(title)s togs bort av %(who)s"),
    }.items():
        audit.describe_action(name, sentence)
