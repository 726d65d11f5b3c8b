"""The anslag: the notice on the förbund's public page that a meeting's minutes are adjusted (PRACTICE.md §1).

Posting the anslag starts the appeal period (laglighetsprövning, FinsamL 28 §): the last day is computed
once, at posting, by `samordna.rules.deadlines.appeal_last_day`, and kept. The anslag changes only through
`samordna/publication/services.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.lib.models import ForbundOwned
from samordna.meetings.models import Minutes
from samordna.rules import deadlines


class AnslagQuerySet(models.QuerySet):
    def current(self, day):
        """The anslag on the board on `day`: posted, its appeal period not over, not taken down."""
        return self.filter(posted__lte=day, appeal_until__gte=day).filter(
            models.Q(taken_down__isnull=True) | models.Q(taken_down__gt=day))


class Anslag(ForbundOwned):
    """The anslag of one adjusted protokoll."""

    forbund_parent = "minutes"

    minutes = models.OneToOneField(Minutes, on_delete=models.CASCADE, related_name="anslag",
                                   verbose_name=_("protokoll"))
    posted = models.DateField(_("anslaget sattes upp"))
    appeal_until = models.DateField(_("sista dag för överklagan"))
    taken_down = models.DateField(_("anslaget togs ned"), null=True, blank=True)
    kept_at = models.CharField(_("förvaringsplats för protokollet"), max_length=200)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("anslaget av"))
    # The name as it stands on the public anslag, fixed at posting (never the e-mail).
    posted_by_name = models.CharField(_("anslaget av (namn)"), max_length=200, blank=True, default="")
    paragraphs = models.CharField(_("paragrafer"), max_length=500, blank=True, default="")

    objects = AnslagQuerySet.as_manager()

    class Meta:
        verbose_name = _("anslag")
        verbose_name_plural = _("anslag")
        ordering = ["-posted", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(appeal_until__gt=models.F("posted")),
                                   name="publication_anslag_appeal_after_posting"),
        ]

    def __str__(self):
        return f"{_('Anslag')} {self.posted}: {self.minutes.meeting}"

    @property
    def down_day(self):
        """The day the anslag comes (or came) down: as recorded, else the day after the appeal period."""
        return self.taken_down or self.appeal_until + deadlines.ONE_DAY
