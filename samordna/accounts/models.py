"""Users log in with e-mail and password; what they may see comes from their Access grants."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EmailUserManager(UserManager):
    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email or username)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-post"), unique=True)
    name = models.CharField(_("namn"), max_length=200, blank=True)
    person = models.OneToOneField(
        "organisations.Person", verbose_name=_("person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="user",
    )
    # The national level (NR, the network of förbund) reads every förbund, never secret documents.
    is_national = models.BooleanField(_("nationell nivå"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = EmailUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name or self.email


class Role(models.TextChoices):
    OFFICE = "office", _("Kansli (förbundschef och personal)")
    BOARD = "board", _("Styrelse (ledamot eller ersättare)")
    MEMBER = "member", _("Medlemsorganisation")
    AUDITOR = "auditor", _("Revisor")


class Access(models.Model):
    """A user's role in one förbund. National readers and admins need none."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="accesses", verbose_name=_("användare"))
    forbund = models.ForeignKey(
        "organisations.Forbund", on_delete=models.CASCADE, related_name="accesses", verbose_name=_("förbund")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    # For the member role: the member organisation the user speaks for (it applies for insatser, records its
    # discharge decisions and answers consultations as that member). Another förbund's member is refused.
    member = models.ForeignKey(
        "organisations.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="accesses",
        verbose_name=_("medlemsorganisation"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("behörighet")
        verbose_name_plural = _("behörigheter")
        constraints = [
            models.UniqueConstraint(fields=["user", "forbund"], name="accounts_access_one_role_per_forbund"),
        ]

    def __str__(self):
        return f"{self.user} – {self.forbund} ({self.get_role_display()})"
