"""State changes of förbund data: one function per change, in a transaction, attributable."""

from samordna.lib import services


def _forbund(instance):
    from samordna.organisations.models import Forbund

    if isinstance(instance, Forbund):
        return instance if instance.pk else None
    return getattr(instance, "forbund", None) if getattr(instance, "forbund_id", None) else None


@services.service
def save_form(form, user):
    """Save a validated model form as `user`; the history row is written in the same transaction."""
    instance = form.save(commit=False)
    verb = "changed" if instance.pk else "created"
    with services.action(f"{instance._meta.model_name}.{verb}", user=user, forbund=_forbund(instance),
                         obj=instance) as record:
        services.save(instance)
        form.save_m2m()
        services.set_object(record, instance)
    return instance


@services.service
def delete_object(instance, user):
    with services.action(f"{instance._meta.model_name}.removed", user=user, forbund=_forbund(instance),
                         obj=instance):
        services.remove(instance)
