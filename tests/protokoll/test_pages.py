"""The protokoll page: a constant number of queries whatever the number of items; corrections shown both
ways; the public HTML names persons by name only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.meetings.models import Item, Meeting
from samordna.protokoll import services
from samordna.protokoll.render import render_protokoll_html

pytestmark = pytest.mark.django_db


def _count(client, meeting) -> int:
    path = reverse("meeting-protokoll", kwargs={"slug": meeting.forbund.slug, "subject_id": meeting.external_id})
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.usefixtures("uncached_pages")
def test_the_page_makes_as_many_queries_for_many_items_as_for_few(persona_client):
    from samordna.exchange.generate import generate
    from samordna.exchange.importer import import_document

    import_document(generate(n_forbund=1, years=2, seed=5))
    client = persona_client("admin")
    meetings = [m for m in Meeting.objects.all() if hasattr(m, "minutes")]
    by_size = sorted(meetings, key=lambda m: (m.items.count(), m.attendance.count()))
    small, large = by_size[0], by_size[-1]
    assert large.items.count() >= small.items.count() + 5
    assert _count(client, large) == _count(client, small)


def test_a_correction_is_shown_on_both_protokoll(persona_client, demo):
    from samordna.accounts.models import User
    from tests.conftest import reopen_minutes

    corrected = Item.objects.get(external_id="vv-m-2026-05-14-p5")
    later = Meeting.objects.get(external_id="vv-m-2026-11-19")
    reopen_minutes([later])
    item = later.items.order_by("number").first()
    office = User.objects.get(email="chef@vastmanland.example.se")
    services.add_correction(item, corrected, user=office)
    with pytest.raises(services.DomainError, match="redan registrerad"):
        services.add_correction(item, corrected, user=office)
    with pytest.raises(services.DomainError, match="senare sammanträde"):
        services.add_correction(corrected, item, user=office)

    client = persona_client("board")
    new = client.get(reverse("meeting-protokoll", kwargs={"slug": later.forbund.slug, "subject_id": later.external_id}))
    assert "Rättelse av § 5 i protokollet från sammanträdet 14 maj" in new.text
    assert f"/sammantraden/vv-m-2026-05-14/protokoll/#paragraf-{corrected.external_id}" in new.text
    old = client.get(reverse("meeting-protokoll", kwargs={"slug": later.forbund.slug,
                                                          "subject_id": "vv-m-2026-05-14"}))
    assert f"Paragrafen är rättad genom § {item.number} vid sammanträdet 19 november" in old.text


def test_the_public_html_names_persons_by_name_only(demo):
    html = render_protokoll_html(Meeting.objects.get(external_id="vv-m-2026-05-14"), public=True)
    assert "Erik Sandberg" in html and "@" not in html and "p-erik" not in html
