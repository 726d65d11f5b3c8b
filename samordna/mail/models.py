"""The e-mail queue: a message, its attachments and one delivery per recipient (see services.py).

Not domain data of a förbund (the app is not in DOMAIN_APPS): a domain service creates the rows inside its
own action through `samordna.mail.services.queue`, and the worker updates the deliveries as it sends.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One e-mail, as composed: the same subject, body and attachments go to each of its deliveries."""

    forbund = models.ForeignKey("organisations.Forbund", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("förbund"))
    kind = models.CharField(_("slag"), max_length=50, blank=True)  # e.g. "kallelse"
    subject = models.CharField(_("ämne"), max_length=300)
    body = models.TextField(_("text"))
    html = models.TextField(_("html"), null=True, blank=True)
    # The named action (Händelselogg) that queued the e-mail.
    action = models.ForeignKey("audit.Action", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("händelse"))
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    # What the e-mail is about: an object (content type + id) and/or a label and a link.
    about_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    about_id = models.CharField(max_length=64, blank=True)
    about_object = GenericForeignKey("about_type", "about_id")
    about_label = models.CharField(_("gäller"), max_length=300, blank=True)
    about_url = models.CharField(_("länk"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["forbund", "-created_at"])]

    def __str__(self):
        return self.subject


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("filnamn"), max_length=200)
    mimetype = models.CharField(_("typ"), max_length=100, default="application/pdf")
    content = models.BinaryField(_("innehåll"))

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["id"]

    def __str__(self):
        return self.filename


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Köad")
    SENDING = "sending", _("Skickas")
    SENT = "sent", _("Skickad")
    FAILED = "failed", _("Misslyckad")
    # A recipient without an e-mail address: recorded so the office sees who got nothing.
    NO_ADDRESS = "no_address", _("Saknar e-postadress")


class Delivery(models.Model):
    """The message to one recipient: its status as the worker sends it, retries and gives up."""

    Status = DeliveryStatus

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    address = models.CharField(_("adress"), max_length=254, blank=True)
    name = models.CharField(_("namn"), max_length=200, blank=True)
    person = models.ForeignKey("organisations.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("person"))
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.QUEUED)
    attempts = models.PositiveIntegerField(_("försök"), default=0)
    last_error = models.TextField(_("senaste fel"), blank=True)
    next_attempt_at = models.DateTimeField(_("nästa försök"), null=True, blank=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    # The django-tasks result id of the task that will send it (the sweep re-enqueues a lost one).
    task_id = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("leverans")
        verbose_name_plural = _("leveranser")
        ordering = ["message", "name", "address", "id"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self):
        return f"{self.name} <{self.address}>" if self.name else self.address

    @property
    def recipient(self) -> str:
        """The To: header value."""
        from email.utils import formataddr

        return formataddr((self.name, self.address)) if self.name else self.address


class Reminder(models.Model):
    """A reminder that was sent: its key is unique for ever, so each reminder goes out exactly once
    (samordna/mail/reminders.py)."""

    key = models.CharField(_("nyckel"), max_length=200, unique=True)
    forbund = models.ForeignKey("organisations.Forbund", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("förbund"))
    day = models.DateField(_("dag"))
    message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("utskick"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["-day", "-id"]

    def __str__(self):
        return self.key
