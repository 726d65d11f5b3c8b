"""Checks shared by forms, models and the exchange import."""

from django.utils.translation import gettext as _


def equity_ceiling_problems(value) -> list[str]:
    """Problems with a step scale [{"up_to": int|None, "percent": number}, ...]; empty when valid."""
    if not isinstance(value, list) or not value:
        return [_("Taket ska vara en lista med steg.")]
    problems = []
    previous = -1
    for index, step in enumerate(value):
        if not isinstance(step, dict) or set(step) - {"up_to", "percent"} or "percent" not in step:
            problems.append(_("Steg %(n)d ska ha up_to och percent.") % {"n": index + 1})
            continue
        up_to = step.get("up_to")
        if up_to is None and index != len(value) - 1:
            problems.append(_("Bara det sista steget får sakna övre gräns."))
        if up_to is not None and (not isinstance(up_to, int) or up_to <= previous):
            problems.append(_("Stegens gränser ska vara växande heltal."))
        if up_to is not None:
            previous = up_to
        if not isinstance(step["percent"], (int, float)) or not 0 <= step["percent"] <= 100:
            problems.append(_("Procentsatsen ska ligga mellan 0 och 100."))
    return problems


def validate_date_in_range(value) -> None:
    """A form or model validator: dates outside 1900–2200 are refused with a Swedish message."""
    from django.core.exceptions import ValidationError

    from samordna.lib.dates import MAX_DATE, MIN_DATE, in_range

    if value is not None and not in_range(value):
        raise ValidationError(
            _("Ange ett datum mellan %(min)s och %(max)s.") % {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()},
            code="date_out_of_range",
        )


def check_the_date_range_in_every_form() -> None:
    """Make every form's DateField (model forms, the admin, plain forms; those of any app, now or later) refuse
    dates outside 1900–2200 with validate_date_in_range's message. Done once, at start (WebConfig.ready).

    On the class's `validate`, not its `default_validators`: those are copied when a form class is created,
    which may happen before this runs; `validate` is looked up on every clean."""
    from django import forms

    if getattr(forms.DateField.validate, "checks_date_range", False):
        return
    validate = forms.DateField.validate

    def validate_in_range(self, value):
        validate(self, value)
        validate_date_in_range(value)

    validate_in_range.checks_date_range = True
    forms.DateField.validate = validate_in_range
