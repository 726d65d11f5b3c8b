"""A board member's own markers: a kallelse marked read (or unread again)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.lib import services
from samordna.lib.services import DomainError

from .models import NoticeRead


@services.service
def mark_notice_read(meeting, *, user, read: bool = True):
    if read and not meeting.notice_sent:
        raise DomainError(_("Kallelsen till sammanträdet är inte skickad än."), field="meeting")
    name = "notice.read" if read else "notice.unread"
    with services.action(name, user=user, forbund=meeting.forbund, obj=meeting):
        if read:
            NoticeRead.objects.get_or_create(user=user, meeting=meeting, defaults={"read_at": timezone.now()})
        else:
            NoticeRead.objects.filter(user=user, meeting=meeting).delete()
