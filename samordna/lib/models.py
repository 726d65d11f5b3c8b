"""`ForbundOwned`: the base of every row that belongs to one förbund (meetings, insatser, finance, notices).

It gives the förbund foreign key, `extra` (what the exchange format carries that has no column) and the
history (django-simple-history, one historical table per model, named as before). A row below another
names its parent (`forbund_parent = "meeting"`): its förbund is taken from the parent when it is not set
(an admin inline, a service building a child), and a förbund that disagrees with the parent's is refused
(a ValidationError in `full_clean`, a DomainError in `save`), so a row can never belong to one förbund
while its meeting, budget or insats belongs to another. The importer's bulk writes set both from the
document and never pass here.

A model whose history follows many-to-many fields names them in `_history_m2m_fields`.

`choice_display` is Django's `get_<field>_display` without rebuilding and translating the field's whole
choices on every call (list pages call it per row); ForbundOwned uses it, other models set
`_get_FIELD_display = choice_display`.
`WRITE_GUARDS`: checks other apps add (in their `ready()`) that every row's `clean()` and `save()` run;
each takes the row and raises a DomainError when it may not be written (the freeze of adjusted minutes,
samordna/protokoll/freeze.py). In `clean()` the error becomes a ValidationError, so a form (the admin's)
shows it.
"""

import functools
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

WRITE_GUARDS: list = []


@functools.cache
def _choice_labels(field) -> dict:
    """A field's value -> (lazy) label, once per field (the fields' choices are fixed TextChoices)."""
    return dict(field.flatchoices)


def choice_display(self, field):
    """models.Model._get_FIELD_display, reading the field's labels from a dict built once."""
    value = getattr(self, field.attname)
    try:
        label = _choice_labels(field).get(value, value)
    except TypeError:  # an unhashable value: Django's own way
        return models.Model._get_FIELD_display(self, field)
    return force_str(label, strings_only=True)


class ForbundOwned(models.Model):
    # The foreign key to the row this one belongs under (None for a row directly under its förbund).
    forbund_parent: ClassVar[str | None] = None

    # A root row (a meeting, a budget) overrides the field to give its förbund a reverse name.
    forbund = models.ForeignKey("organisations.Forbund", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("förbund"))
    extra = models.JSONField(_("övrigt"), null=True, blank=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    _get_FIELD_display = choice_display

    # `extra` comes last in a model's fields (forms, the admin), as it was declared before the base.
    extra.creation_counter = 1 << 30

    def save(self, *args, **kwargs):
        message = self._disagreement()
        if message:
            from samordna.lib.services import DomainError

            raise DomainError(message, field="forbund", code="forbund_parent")
        for guard in WRITE_GUARDS:
            guard(self)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        # Take the förbund from the parent before the fields are checked (it is required).
        if self.forbund_id is None:
            self._disagreement()
        super().clean_fields(exclude)

    def clean(self):
        super().clean()
        message = self._disagreement()
        if message:
            # A form error not tied to a field: an inline's form does not show the förbund.
            raise ValidationError(message, code="forbund_parent")
        from samordna.lib.services import DomainError

        for guard in WRITE_GUARDS:
            try:
                guard(self)
            except DomainError as error:
                raise ValidationError(error.message, code=error.code) from error

    def _parent_forbund_id(self):
        """The förbund of the parent row, or None when there is no parent (yet)."""
        if not self.forbund_parent:
            return None
        field = self._meta.get_field(self.forbund_parent)
        if field.is_cached(self):
            parent = field.get_cached_value(self)
            return parent.forbund_id if parent is not None else None
        parent_id = getattr(self, field.attname)
        if parent_id is None:
            return None
        return field.related_model._base_manager.filter(pk=parent_id).values_list("forbund_id", flat=True).first()

    def _disagreement(self):
        """The message when the row's förbund is not its parent's; None when they agree."""
        parent_forbund = self._parent_forbund_id()
        if self.forbund_id is None and parent_forbund is not None:
            self.forbund_id = parent_forbund
            return None
        if parent_forbund is None or parent_forbund == self.forbund_id:
            return None
        field = self._meta.get_field(self.forbund_parent)
        parent = (field.get_cached_value(self) if field.is_cached(self)
                  else field.related_model._base_manager.filter(pk=getattr(self, field.attname)).first())
        return _("Förbundet måste vara detsamma som för %(parent)s ”%(object)s”.") % {
            "parent": field.verbose_name, "object": parent if parent is not None else "–"}
