"""The one write path: the mechanism every app's `services.py` stands on.

A service function is one state change. It runs in a transaction, checks its preconditions (raising a
translated `DomainError`), records one named action in the audit trail and writes through `save` and
`remove`; notifications are sent after commit (`after_commit`). Typical shape::

    @services.service
    def end_mandate(mandate, day, *, user):
        if day < mandate.start:
            raise DomainError(_("Uppdraget kan inte sluta före sitt första datum."), field="end")
        with services.action("mandate.ended", user=user, forbund=mandate.forbund, obj=mandate,
                             data={"end": day.isoformat()}):
            mandate.end = day
            services.save(mandate)
        return mandate

The guard. Domain models (every model of DOMAIN_APPS) may be written only inside an action. Requests
(`GuardMiddleware`) and the `samordna` command are guarded: a write outside an action raises
`UnguardedWrite`, so a view, an admin page or a command that writes without a service fails loudly (and
its test with it). Code that is not guarded (tests' own set-up, data migrations, the shell) may write.
The importer's bulk writes and the demo run inside one action ("exchange.imported"): the shared mechanism
below the services.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

# The apps whose models are the domain: written only through services.
DOMAIN_APPS = frozenset({"organisations", "meetings", "insatser", "finance", "samrad", "exchange", "diarium",
                         "protokoll", "publication"})
# Reference data loaded by migrations and never edited in the product.
REFERENCE_MODELS = frozenset({("organisations", "lan"), ("organisations", "kommun")})


class DomainError(Exception):
    """A precondition of a state change does not hold. `message` is translated (Swedish first) and says
    what is wrong and, where it helps, what to do; `field` names the form field or exchange key at fault."""

    def __init__(self, message, *, field: str | None = None, code: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class UnguardedWrite(RuntimeError):
    """A domain model was written outside a service (see the module docstring)."""


@dataclass
class _Context:
    guarded: bool = False
    action: Any = None  # the audit.Action being recorded
    user: Any = None
    source: str = "web"
    depth: int = 0
    touched: list = field(default_factory=list)


_state: contextvars.ContextVar[_Context | None] = contextvars.ContextVar("samordna_services", default=None)


def _ctx() -> _Context:
    ctx = _state.get()
    if ctx is None:
        ctx = _Context()
        _state.set(ctx)
    return ctx


def current_action():
    """The audit.Action being recorded, or None outside a service."""
    ctx = _state.get()
    return ctx.action if ctx is not None else None


@contextmanager
def guarded(source: str = "web") -> Iterator[None]:
    """Refuse domain writes outside an action for the duration (a request, a command)."""
    token = _state.set(_Context(guarded=True, source=source))
    try:
        yield
    finally:
        _state.reset(token)


def service(func: Callable) -> Callable:
    """A service function: runs in one transaction (nested calls join the outer one)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with transaction.atomic():
            return func(*args, **kwargs)

    return wrapper


def _user_label(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    name = getattr(user, "name", "") or ""
    email = getattr(user, "email", "") or ""
    return f"{name} <{email}>" if name and email else (name or email)


def describe_object(obj) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}", str(obj.pk or ""), str(obj)[:300]


@contextmanager
def action(name: str, *, user=None, forbund=None, obj=None, data: dict | None = None, summary: str = "",
           source: str | None = None) -> Iterator[Any]:
    """Record one named action (who, when, förbund, object, what, with its data) and allow domain writes
    inside it. The history rows written inside carry the action's id. Nested actions join the outer one
    (a service calling another records the outer action only). Yields the Action; set `.obj`-like
    attributes through `set_object(action, obj)` when the object exists only after the write."""
    from samordna.audit.models import Action

    ctx = _ctx()
    if ctx.action is not None:  # joined: the outer action names what was done
        ctx.depth += 1
        try:
            yield ctx.action
        finally:
            ctx.depth -= 1
        return
    with transaction.atomic():
        model, object_id, text = describe_object(obj)
        record = Action.objects.create(
            user=user if getattr(user, "is_authenticated", False) else None, user_label=_user_label(user),
            forbund=forbund, name=name, source=source or ctx.source, object_model=model, object_id=object_id,
            object_repr=text, summary=str(summary), data=data or {},
        )
        previous_user = ctx.user
        ctx.action, ctx.user = record, user
        forbund_before = record.forbund_id
        try:
            yield record
        finally:
            ctx.action, ctx.user = None, previous_user
        # The object may have been created inside: name it now.
        if obj is not None and not record.object_id:
            record.object_model, record.object_id, record.object_repr = describe_object(obj)
        fields = ["object_model", "object_id", "object_repr", "summary", "data"]
        # The förbund only when named inside: a förbund deleted inside has been set to NULL in the row.
        if record.forbund_id != forbund_before:
            fields.append("forbund")
        record.save(update_fields=fields)


def set_object(record, obj) -> None:
    """Name the object of an action once it exists (e.g. after a create)."""
    record.object_model, record.object_id, record.object_repr = describe_object(obj)


def _require_action() -> _Context:
    ctx = _ctx()
    if ctx.action is None:
        raise UnguardedWrite("services.save/remove must run inside services.action(...)")
    return ctx


def save(instance: models.Model, *, clean: bool = True, **kwargs) -> models.Model:
    """Write one domain object inside the current action: validated (`full_clean`), attributed."""
    ctx = _require_action()
    if ctx.user is not None and getattr(ctx.user, "is_authenticated", False):
        instance._history_user = ctx.user
    if clean:
        instance.full_clean()
    instance.save(**kwargs)
    return instance


def remove(instance: models.Model) -> None:
    """Delete one domain object (and what cascades with it) inside the current action."""
    ctx = _require_action()
    if ctx.user is not None and getattr(ctx.user, "is_authenticated", False):
        instance._history_user = ctx.user
    instance.delete()


def after_commit(fn: Callable[[], Any]) -> None:
    """Run `fn` once the current transaction commits (e-mail, notifications); never if it rolls back."""
    transaction.on_commit(fn)


# The guard and the history link -------------------------------------------------------------------------

def is_domain_model(model) -> bool:
    meta = model._meta
    if meta.app_label not in DOMAIN_APPS or (meta.app_label, meta.model_name) in REFERENCE_MODELS:
        return False
    return not hasattr(model, "instance_type")  # simple-history's historical models are written with them


def _check(sender, **kwargs) -> None:
    ctx = _state.get()
    if ctx is None or not ctx.guarded or ctx.action is not None:
        return
    if is_domain_model(sender):
        raise UnguardedWrite(
            f"{sender._meta.label} written outside a service: call the app's services.py "
            "(samordna.lib.services.action/save/remove)"
        )


def _check_m2m(sender, instance, action, **kwargs) -> None:
    if action.startswith("pre_"):
        _check(type(instance))


def _link_history(sender, history_instance, **kwargs) -> None:
    """History rows written inside an action carry its id, so the log shows them under it."""
    ctx = _state.get()
    if ctx is not None and ctx.action is not None and not history_instance.history_change_reason:
        history_instance.history_change_reason = f"#{ctx.action.pk}"


def connect() -> None:
    from django.db.models.signals import m2m_changed, pre_delete, pre_save
    from simple_history.signals import pre_create_historical_record

    pre_save.connect(_check, dispatch_uid="samordna.services.guard.save")
    pre_delete.connect(_check, dispatch_uid="samordna.services.guard.delete")
    m2m_changed.connect(_check_m2m, dispatch_uid="samordna.services.guard.m2m")
    pre_create_historical_record.connect(_link_history, dispatch_uid="samordna.services.history")


class GuardMiddleware:
    """Every request is guarded: a view that writes a domain model without a service raises."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with guarded("web"):
            return self.get_response(request)
