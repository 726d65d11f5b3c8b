"""State changes of samråd (with participants, agenda and anything recorded as decided) and information to the members.

No page of the product changes these yet: they are written by the import (`samordna import`, the demo)
and the Django admin, both through the shared mechanism (samordna/lib/services.py: one named action per
import or admin form, its history rows filed under it). A workflow that changes them adds its function
here (`@services.service`, preconditions raising `DomainError`, `services.action(...)`, `services.save`),
and its views call it; `tests/test_write_path.py` fails for a write anywhere else.
"""


# Information to the members (FinsamL 18 §) and the members' representatives ------------------------------
# (samordna/samrad/notice_views.py and member_views.py call these; docs/decisions.md tells why.)

import datetime  # noqa: E402
import uuid  # noqa: E402

from django.db.models import Q  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from samordna.lib import services  # noqa: E402
from samordna.lib.services import DomainError  # noqa: E402


def material_q(prefix: str = "") -> Q:
    """The documents a member organisation may be given (Q on Document): never a secret one, nor any document
    of a secret matter, whatever the reader's role."""
    return ~Q(**{f"{prefix}classification": "secret"}) & (
        Q(**{f"{prefix}matter__isnull": True}) | Q(**{f"{prefix}matter__secret": False}))


def is_material(document) -> bool:
    """`material_q` for one document."""
    return document.classification != "secret" and not (document.matter_id and document.matter.secret)


def active_representatives(member, day: datetime.date):
    """The member's representatives (organisations.Representative) active on `day`, by name."""
    from samordna.organisations.models import Representative

    return (Representative.objects.filter(member=member)
            .filter(Q(date_from__isnull=True) | Q(date_from__lte=day))
            .filter(Q(date_to__isnull=True) | Q(date_to__gte=day))
            .select_related("person").order_by("person__name"))


def _new_notice_id(forbund, day: datetime.date) -> str:
    from .models import Notice

    base = f"{forbund.slug}-n-{day.isoformat()}"
    taken = set(Notice.objects.filter(external_id__startswith=base).values_list("external_id", flat=True))
    number = 1
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _body(forbund, subject: str, text: str, about, titles: list[str]) -> str:
    lines = [_("Information från %(forbund)s till förbundets medlemmar (FinsamL 18 §).") % {"forbund": forbund.name},
             "", subject, "", text.strip()]
    if about is not None:
        lines += ["", _("Gäller beslut vid styrelsens sammanträde %(date)s, § %(number)s %(title)s.") % {
            "date": about.meeting.date.isoformat(), "number": about.number, "title": about.title or ""}]
    if titles:
        lines += ["", _("Bifogade handlingar:")] + [f"- {t}" for t in titles]
    lines += ["", _("Du får detta som representant för en medlemsorganisation i förbundet.")]
    return "\n".join(lines).strip() + "\n"


@services.service
def send_information(forbund, *, user, subject: str, text: str, day: datetime.date, members=None, about=None,
                     documents=()):
    """Inform the members (FinsamL 18 §): one e-mail to the representatives of each member (active on `day`),
    with the documents attached, recorded as a Notice with its date and the members it reached.

    `members`: the members to inform (default: every member active on `day`); each must be the förbund's and
    active on the day. A member without a representative with an e-mail address on the day is not reached:
    it is recorded (Notice.unreached) and not counted as informed. `about`: the decided item (meetings.Item)
    the information is about. `documents`: diarium documents of the förbund, never secret ones."""
    from samordna.mail import services as mail
    from samordna.meetings.models import Item
    from samordna.organisations.models import Member

    from .models import Notice, NoticeDocument, NoticeUnreached

    subject = " ".join((subject or "").split())
    text = (text or "").strip()
    if not subject:
        raise DomainError(_("Ange ett ämne för informationen."), field="subject")
    if len(subject) > 300:
        raise DomainError(_("Ämnet får vara högst 300 tecken."), field="subject")
    if not text:
        raise DomainError(_("Skriv vad medlemmarna ska informeras om."), field="text")
    if day is None:
        raise DomainError(_("Ange ett datum."), field="day")
    if about is not None:
        if not isinstance(about, Item) or about.forbund_id != forbund.pk:
            raise DomainError(_("Paragrafen hör inte till förbundet."), field="about")
        if about.meeting.date > day:
            raise DomainError(_("Beslutet är inte fattat ännu: sammanträdet är %(date)s.") % {
                "date": about.meeting.date.isoformat()}, field="about")
    active = list(Member.objects.filter(forbund=forbund).active_on(day).order_by("kind", "name"))
    if members is None:
        members = active
    members = list(members)
    active_pks = {m.pk for m in active}
    for member in members:
        if member.forbund_id != forbund.pk:
            raise DomainError(_("%(member)s är inte medlem i förbundet.") % {"member": member}, field="members")
        if member.pk not in active_pks:
            raise DomainError(_("%(member)s är inte medlem %(date)s.") % {"member": member,
                                                                          "date": day.isoformat()}, field="members")
    if not members:
        raise DomainError(_("Välj minst en medlem att informera."), field="members")
    documents = list(documents)
    for document in documents:
        if document.forbund_id != forbund.pk:
            raise DomainError(_("Handlingen hör inte till förbundet."), field="documents")
        if not is_material(document):
            raise DomainError(_("Handlingen %(title)s omfattas av sekretess och skickas aldrig till medlemmarna.")
                              % {"title": document.title}, field="documents")
    reached, unreached, persons = [], [], []
    for member in members:
        with_address = [r.person for r in active_representatives(member, day) if r.person.email]
        if with_address:
            reached.append(member)
            persons += with_address
        else:
            unreached.append(member)
    attachments = []
    for document in documents:
        try:
            with document.file.open("rb") as handle:
                attachments.append((document.original_name, handle.read(), document.content_type))
        except FileNotFoundError:
            raise DomainError(_("Filen till handlingen %(title)s saknas.") % {"title": document.title},
                              field="documents") from None
    notice = Notice(forbund=forbund, external_id=_new_notice_id(forbund, day), date=day, subject=subject, text=text,
                    about=about)
    data = {"subject": subject, "date": day.isoformat(), "about": about.external_id if about else None,
            "recipients": [m.name for m in reached], "unreached": [m.name for m in unreached],
            "documents": [d.title for d in documents]}
    with services.action("notice.sent", user=user, forbund=forbund, obj=notice, data=data) as record:
        services.save(notice)
        services.set_object(record, notice)
        notice.recipients.set(reached)
        for document in documents:
            services.save(NoticeDocument(forbund=forbund, notice=notice, document=document, title=document.title))
        for member in unreached:
            services.save(NoticeUnreached(forbund=forbund, notice=notice, member=member))
        if persons:
            mail.queue(subject=f"{forbund.name}: {subject}", body=_body(forbund, subject, text, about,
                                                                         [d.title for d in documents]),
                       recipients=persons, forbund=forbund, kind="information", attachments=attachments,
                       about=notice)
    notice.reached, notice.not_reached = reached, unreached
    return notice


@services.service
def name_representative(member, *, user, name: str, email: str, date_from: datetime.date | None = None):
    """The member names a representative by name and e-mail address: the förbund's person with that address
    (one its data refers to), else a new person; then organisations.services.add_representative."""
    from samordna.organisations import services as organisations
    from samordna.organisations.models import Person

    name, email = " ".join((name or "").split()), (email or "").strip()
    if not name:
        raise DomainError(_("Ange representantens namn."), field="name")
    if not email:
        raise DomainError(_("Ange representantens e-postadress: informationen skickas dit."), field="email")
    person = Person.objects.of_forbund(member.forbund).filter(email__iexact=email).order_by("pk").first()
    if person is None:
        with services.action("representative.added", user=user, forbund=member.forbund,
                             data={"person": name, "member": member.name}):
            person = Person(external_id=f"p-{slugify(name)[:60] or 'representant'}-{uuid.uuid4().hex[:8]}",
                            name=name, email=email)
            services.save(person)
            return organisations.add_representative(member, person, user=user, date_from=date_from)
    return organisations.add_representative(member, person, user=user, date_from=date_from)


def describe_actions() -> None:
    """How the Händelselogg says this app's actions (called from the app's ready())."""
    from django.utils.translation import gettext_lazy

    from samordna.lib import audit

    audit.describe_action("notice.sent", gettext_lazy("Informationen %(object)s skickades till medlemmarna av %(who)s"))
