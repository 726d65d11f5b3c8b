"""A user with roles in several förbund gets the switcher, listing exactly their förbund."""

import pytest

from samordna.accounts.models import Access, User
from samordna.organisations.models import Forbund

from .conftest import OTHER, OWN, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_forbund_user(demo):
    """A revisor of two förbund, in an installation with a third they have nothing to do with."""
    Forbund.objects.create(slug="sf-tredje", name="Samordningsförbundet Tredje")
    user = User.objects.create_user(email="tva@example.se", password="ett-langt-losenord", name="Två Förbund")
    Access.objects.create(user=user, forbund=demo[OWN], role="auditor")
    Access.objects.create(user=user, forbund=demo[OTHER], role="board")
    return user


def test_it_lists_only_the_users_forbund_on_the_start_page_and_in_the_switcher(client, two_forbund_user):
    client.force_login(two_forbund_user)
    response = client.get(url("forbund-overview"))
    assert {f.slug for f in response.context["switcher_forbund"]} == {OWN, OTHER}
    html = response.text
    assert 'id="switch-forbund"' in html
    assert f'<option value="{OWN}" selected>' in html
    assert "sf-tredje" not in html

    home = client.get("/")
    assert home.status_code == 200
    assert [f.slug for f in home.context["forbund_list"]] == [OTHER, OWN]  # by name
    assert "Samordningsförbundet Tredje" not in home.text


def test_it_switches_only_to_the_users_own_forbund(client, two_forbund_user):
    client.force_login(two_forbund_user)
    response = client.get("/byt-forbund/", {"forbund": OTHER})
    assert response["Location"] == url("forbund-overview", slug=OTHER)
    assert client.get("/byt-forbund/", {"forbund": "sf-tredje"})["Location"] == "/"
    # A förbund the user has no access to: its public page, not its overview; its other pages are a 404.
    response = client.get(url("forbund-overview", slug="sf-tredje"))
    assert response.status_code == 200 and "publication/public.html" in [t.name for t in response.templates]
    assert client.get(url("forbund-members", slug="sf-tredje")).status_code == 404


def test_it_shows_the_role_of_the_current_forbund(client, two_forbund_user):
    client.force_login(two_forbund_user)
    assert "Två Förbund · Revisor" in client.get(url("forbund-overview", slug=OWN)).text
    assert "Två Förbund · Styrelse" in client.get(url("forbund-overview", slug=OTHER)).text


def test_it_shows_no_switcher_to_a_single_forbund_user(persona_client):
    assert 'id="switch-forbund"' not in persona_client("board").get(url("forbund-overview")).text
