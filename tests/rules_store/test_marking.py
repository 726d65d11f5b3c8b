"""Invalidation by construction: for every model the exporter reads, a write (save, delete, many-to-many
change) marks at least every förbund whose findings' input changes, in the writing transaction."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models, transaction
from django.db.models import ProtectedError

from samordna.checks import store
from samordna.checks.models import FindingsVersion
from samordna.exchange.exporter import export_document
from samordna.organisations.models import Forbund


class Rollback(Exception):
    pass


def data_models():
    return sorted((m for m in apps.get_models() if store._is_data_model(m)), key=store._label)


def inputs() -> dict[str, dict]:
    """What each förbund's findings are computed from: an export of it with every förbund it depends on."""
    pks = dict(Forbund.objects.values_list("pk", "slug"))
    out = {}
    for pk, slug in pks.items():
        needed = store.dependencies({pk})
        doc = export_document(sorted(pks[p] for p in needed))
        doc.pop("extra", None)  # the document's extra: exported as is, never judged
        # The judged förbund and the samråd covering it, with the other förbund they read.
        out[slug] = doc
    return out


def versions() -> dict[int, int]:
    return dict(FindingsVersion.objects.values_list("forbund_pk", "version"))


def assert_marks(write):
    """Run a write in a transaction that is rolled back; the förbund whose input changed were marked."""
    slug_pk = dict(Forbund.objects.values_list("slug", "pk"))
    before, before_versions = inputs(), versions()
    try:
        with transaction.atomic():
            if write() is False:
                raise Rollback
            after, after_versions = inputs(), versions()
            changed = {slug for slug in before if slug not in after or after[slug] != before[slug]}
            marked = {slug for slug, pk in slug_pk.items() if after_versions.get(pk, 0) > before_versions.get(pk, 0)}
            assert changed <= marked, (write.__doc__, changed - marked)
            raise Rollback
    except Rollback:
        pass
    return True


def _changed_value(field, value):
    if isinstance(field, models.BooleanField):
        return not value
    if isinstance(field, models.DateField):
        return (value or datetime.date(2020, 1, 1)) - datetime.timedelta(days=3)
    if isinstance(field, models.DecimalField):
        return (value or Decimal(0)) + 1
    if isinstance(field, (models.IntegerField, models.BigIntegerField)):
        return (value or 0) + 1
    if isinstance(field, models.JSONField):
        return {"changed": True} if "extra" in field.name or field.name == "outcomes" else value
    if isinstance(field, (models.CharField, models.TextField)):
        if field.choices:
            others = [c for c, _label in field.flatchoices if c != value and c]
            return others[0] if others else value
        return (value or "") + "x"
    return value


def _fields(model):
    return [f for f in model._meta.concrete_fields
            if not f.primary_key and not f.is_relation and f.editable and not f.unique]


@pytest.mark.django_db
def test_every_save_of_every_field_marks_the_forbund_whose_input_changed(demo):
    tested = set()
    for model in data_models():
        instance = model.objects.order_by("pk").last()
        if instance is None:
            continue
        for field in _fields(model):
            value = getattr(instance, field.attname)
            new = _changed_value(field, value)
            if new == value:
                continue

            def write(instance=instance, field=field, new=new):
                setattr(instance, field.attname, new)
                try:
                    with transaction.atomic():
                        instance.save()
                except Exception:  # a check constraint the value breaks: nothing was written
                    return False
                return True

            write.__doc__ = f"save {store._label(model)}.{field.name}"
            assert_marks(write)
            instance.refresh_from_db()
            tested.add(store._label(model))
    assert {"organisations.member", "organisations.person", "organisations.mandate", "meetings.meeting",
            "samrad.consultation", "samrad.participant", "finance.budget", "insatser.insats"} <= tested


@pytest.mark.django_db
def test_every_delete_marks_the_forbund_whose_input_changed(demo):
    for model in data_models():
        if model is Forbund:
            continue
        for instance in model.objects.order_by("pk")[:2]:
            def write(instance=instance):
                try:
                    with transaction.atomic():
                        instance.delete()
                except ProtectedError:
                    return False
                return True

            write.__doc__ = f"delete {store._label(model)} {instance.pk}"
            assert_marks(write)


@pytest.mark.django_db
def test_every_many_to_many_change_marks_the_forbund_whose_input_changed(demo):
    for model in data_models():
        for field in model._meta.many_to_many:
            instance = model.objects.order_by("pk").first()
            target = field.related_model.objects.order_by("pk").last()
            if instance is None or target is None:
                continue
            if model._meta.label == "meetings.Minutes":  # adjusted minutes are frozen: reopened first
                from tests.conftest import reopen_minutes

                reopen_minutes([instance.meeting_id])
                instance = model.objects.get(meeting_id=instance.meeting_id)
            label = f"{store._label(model)}.{field.name}"
            for action in ("add", "remove", "clear", "reverse-add", "reverse-clear"):
                def write(instance=instance, field=field, target=target, action=action):
                    manager = getattr(instance, field.name)
                    reverse = getattr(target, field.related_query_name() + "_set", None) \
                        if field.remote_field.related_name is None else getattr(target, field.remote_field.related_name, None)
                    if action == "add":
                        manager.add(target)
                    elif action == "remove":
                        manager.remove(*manager.all()[:1])
                    elif action == "clear":
                        manager.clear()
                    elif reverse is None or field.remote_field.related_name == "+":
                        return False
                    elif action == "reverse-add":
                        reverse.add(instance)
                    else:
                        reverse.clear()
                    return True

                write.__doc__ = f"{action} {label}"
                assert_marks(write)


@pytest.mark.django_db
def test_a_write_marks_only_the_forbund_that_read_it():
    """Precision: in a national set, a member's write marks its förbund and those of their joint samråd,
    not the nation."""
    from samordna.exchange.generate import generate
    from samordna.exchange.importer import import_document
    from samordna.organisations.models import Member

    import_document(generate(12, 1, 3))
    member = Member.objects.order_by("pk").first()
    before = versions()
    member.name = "Ändrad"
    member.save()
    after = versions()
    marked = {pk for pk in after if after[pk] > before.get(pk, 0)}
    assert member.forbund_id in marked
    assert marked == store.readers({member.forbund_id})
    assert len(marked) < Forbund.objects.count()


@pytest.mark.django_db
def test_the_importer_marks_the_forbund_of_the_file_and_of_its_persons(demo):
    from samordna.exchange.importer import import_document

    one = export_document(["sf-uppsala-norra"])
    for person in one["persons"]:
        person["name"] = person.get("name", "") + " Z"
    slug_pk = dict(Forbund.objects.values_list("slug", "pk"))
    before = inputs()
    old = versions()
    import_document(one)
    after, new = inputs(), versions()
    changed = {slug for slug in before if after[slug] != before[slug]}
    assert changed and changed <= {slug for slug, pk in slug_pk.items() if new.get(pk, 0) > old.get(pk, 0)}


@pytest.mark.django_db
def test_marks_roll_back_with_the_write(demo):
    member = demo["sf-vastra-vastmanland"].members.order_by("pk").first()
    before = versions()
    with pytest.raises(Rollback):
        with transaction.atomic():
            member.name = "Tillfälligt"
            member.save()
            assert versions() != before
            raise Rollback
    assert versions() == before
