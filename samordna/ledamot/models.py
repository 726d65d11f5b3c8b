"""What a board member has done with a kallelse: read it (the board member's own marker, not domain data)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeRead(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("användare"))
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("sammanträde"))
    read_at = models.DateTimeField(_("läst"))

    class Meta:
        verbose_name = _("läst kallelse")
        verbose_name_plural = _("lästa kallelser")
        constraints = [models.UniqueConstraint(fields=["user", "meeting"], name="ledamot_noticeread_unique")]

    def __str__(self):
        return f"{self.user} – {self.meeting}"
