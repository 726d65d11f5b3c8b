"""The page cache serves what the view would render now: every write a page may show moves the stamp, and
the key holds the user, the day, the language and the CSRF secret (samordna/web/pagecache.py)."""

import datetime
import re

import pytest
import time_machine
from django.apps import apps
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.checks import store
from samordna.lib.services import DomainError
from samordna.web import pagecache

VV = "sf-vastra-vastmanland"


class Rollback(Exception):
    pass


def page_models():
    """Every model of Samordna's own apps whose rows a page may show (the data the rules read included)."""
    return sorted((m for m in apps.get_models() if store._is_data_model(m) or store._shown(m)), key=store._label)


def _refused(write):
    """A write the data refuses (adjusted minutes are frozen, a protected row): nothing was written."""
    def attempt():
        try:
            with transaction.atomic():
                write()
        except (DomainError, ProtectedError, IntegrityError):
            return False
        return True
    return attempt


@pytest.mark.django_db
def test_every_save_and_delete_of_every_shown_model_moves_the_stamp(demo):
    from samordna.lib import services
    from samordna.mail.services import queue

    with services.action("test.mail", user=None, forbund=demo[VV]):  # an e-mail with its delivery
        queue(subject="Kallelse", body="Välkommen.", recipients=["ledamot@example.se"], forbund=demo[VV])
    saved, deleted = set(), set()
    for model in page_models():
        label = store._label(model)
        for instance in model.objects.order_by("-pk")[:4]:
            save, delete = _refused(instance.save), _refused(instance.delete)
            for kind, write, done in (("save", save, saved), ("delete", delete, deleted)):
                if label in done:
                    continue
                before = pagecache.stamp()
                try:
                    with transaction.atomic():
                        written = write()
                        moved = pagecache.stamp() != before
                        raise Rollback
                except Rollback:
                    pass
                assert pagecache.stamp() == before  # the bump rolled back with the write
                if written:
                    assert moved, f"{kind} {label}"
                    done.add(label)
    shown = {"audit.action", "diarium.document", "diarium.matter", "mail.message", "mail.delivery",
             "accounts.access", "accounts.user", "publication.anslag", "organisations.representative",
             "meetings.meeting", "meetings.item", "insatser.insats", "finance.budget", "samrad.consultation"}
    assert shown | {"organisations.member", "organisations.person"} <= saved, shown - saved
    assert shown <= deleted, shown - deleted  # (the latest members and persons are protected by their rows)


@pytest.mark.django_db
def test_a_login_leaves_the_stamp_alone_but_a_new_name_moves_it(demo):
    from samordna.accounts.models import User

    user = User.objects.get(email="chef@vastmanland.example.se")
    before = pagecache.stamp()
    user.last_login = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)
    user.save(update_fields=["last_login"])
    assert pagecache.stamp() == before
    user.name = "Karin Lindqvist-Ek"
    user.save()
    assert pagecache.stamp() != before


@pytest.mark.django_db
def test_the_worker_sending_a_delivery_moves_the_stamp(demo, settings):
    from samordna.lib import services
    from samordna.mail.models import DeliveryStatus
    from samordna.mail.services import queue
    from samordna.mail.tasks import send_delivery

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with services.action("test.mail", user=None, forbund=demo[VV]):
        message = queue(subject="Kallelse", body="Välkommen.", recipients=["ledamot@example.se"],
                        forbund=demo[VV])
    delivery = message.deliveries.get()
    before = pagecache.stamp()
    assert send_delivery.call(delivery.pk) == DeliveryStatus.SENT
    assert pagecache.stamp() != before


def _without_tokens(response) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)


@pytest.mark.django_db
def test_a_second_visit_is_served_from_the_cache_and_a_write_shows_at_once(persona_client, demo):
    from samordna.organisations import services
    from samordna.organisations.models import Member

    client = persona_client("office")
    path = reverse("forbund-members", kwargs={"slug": VV})
    first = client.get(path)  # built, and kept
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        second = client.get(path)
    assert second.status_code == 200
    assert _without_tokens(second) == _without_tokens(first)  # (a CSRF token is masked anew each time)
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "organisations_member" not in tables  # the page was not built again
    member = Member.objects.get(forbund=demo[VV], external_id="vv-1962")
    services.change_member(member, user=None, name="Norbergs kommun")
    third = client.get(path).content.decode()
    assert "Norbergs kommun" in third


@pytest.mark.django_db
def test_another_user_never_gets_a_page_cached_for_someone_else(persona_client, demo):
    path = reverse("forbund-log", kwargs={"slug": VV})
    office = persona_client("office").get(path)
    assert office.status_code == 200
    assert persona_client("board").get(path).status_code in (403, 404)
    assert persona_client("outsider").get(path).status_code == 404
    anonymous = persona_client("anonymous").get(path)
    assert anonymous.status_code == 302  # to the login


@pytest.mark.django_db
def test_the_day_is_part_of_the_key(persona_client, demo):
    client = persona_client("office")
    path = reverse("forbund-arshjul", kwargs={"slug": VV})
    today = client.get(path).content.decode()
    with time_machine.travel(datetime.datetime(2027, 4, 2, 12, 0, tzinfo=datetime.UTC), tick=False):
        later = client.get(path).content.decode()
    assert today != later


def _token(response) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content).group(1).decode()


@pytest.mark.django_db
def test_a_cached_page_holds_a_token_of_each_browsers_own_csrf_secret(demo, settings):
    """Every page has forms (logout, language): one entry serves every browser, each with a token of its
    own secret (made when it has none, with its cookie), so a form on a page served from the cache posts."""
    from django.test import Client

    from samordna.accounts.models import User

    office = User.objects.get(email="chef@vastmanland.example.se")
    path = reverse("forbund-meetings", kwargs={"slug": VV})
    browsers = [Client(enforce_csrf_checks=True) for _ in range(3)]
    for browser in browsers:
        browser.force_login(office)
    first = browsers[0].get(path)  # built, and kept
    assert caches["pages"]._cache
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        second = browsers[1].get(path)  # another browser, no CSRF cookie yet: served, with a secret of its own
    assert "meetings_meeting" not in " ".join(q["sql"] for q in queries.captured_queries)
    assert settings.CSRF_COOKIE_NAME in second.cookies
    assert _token(first) != _token(second)
    browsers[2].cookies[settings.CSRF_COOKIE_NAME] = "not-a-secret"  # malformed: the middleware makes a new one
    third = browsers[2].get(path)
    for browser, page in zip(browsers, (first, second, third), strict=True):
        response = browser.post(reverse("logout"), {"csrfmiddlewaretoken": _token(page)})
        assert response.status_code == 302  # (a token of another browser's secret: 403)


@pytest.mark.django_db
def test_citizens_share_the_public_pages_entry(demo, client):
    path = reverse("public-forbund", kwargs={"slug": VV})
    assert client.get(path).status_code == 200
    from django.test import Client

    with CaptureQueriesContext(transaction.get_connection()) as queries:
        assert Client().get(path).status_code == 200
    assert len(queries.captured_queries) <= 2  # the stamp (and no session to read): not built again


@pytest.mark.django_db
def test_a_waiting_message_is_shown_not_swallowed_by_the_cache(persona_client, demo):
    from samordna.organisations.models import Member

    client = persona_client("office")
    member = Member.objects.filter(forbund=demo[VV]).order_by("pk").first()
    members = reverse("forbund-members", kwargs={"slug": VV})
    client.get(members)  # kept
    edit = reverse("forbund-member-edit", kwargs={"slug": VV, "pk": member.pk})
    data = {"external_id": member.external_id, "kind": member.kind, "name": member.name + " (ändrad)",
            "code": member.code or "", "joined": member.joined or "", "left": member.left or ""}
    response = client.post(edit, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == members
    assert f"{member.name} (ändrad)" in response.content.decode()
    assert "är sparad" in response.content.decode()  # the message, shown once
    assert "är sparad" not in client.get(members).content.decode()


@pytest.mark.django_db
def test_the_cache_can_be_turned_off(persona_client, demo, settings):
    settings.PAGE_CACHE = False
    client = persona_client("office")
    path = reverse("forbund-members", kwargs={"slug": VV})
    client.get(path)
    assert not caches["pages"]._cache
