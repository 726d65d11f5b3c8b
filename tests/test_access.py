"""Every role × every page × own/other förbund gives the right status."""

import pytest
from django.urls import reverse

OWN = "sf-vastra-vastmanland"
OTHER = "sf-uppsala-norra"

# page name -> roles that may open it in their own förbund (the rest get 403)
PAGES = {
    "forbund-overview": {"office", "board", "member", "auditor", "national", "admin"},
    "forbund-members": {"office", "board", "member", "auditor", "national", "admin"},
    "forbund-board": {"office", "board", "member", "auditor", "national", "admin"},
    "forbund-mandates": {"office", "board", "member", "auditor", "national", "admin"},
    "forbund-persons": {"office", "board", "auditor", "national", "admin"},
    "forbund-log": {"office", "auditor", "admin"},
    "forbund-member-new": {"office", "admin"},
    "forbund-person-new": {"office", "admin"},
    "forbund-mandate-new": {"office", "admin"},
    "forbund-edit": {"office", "admin"},
    "forbund-board-renew": {"office", "admin"},
}
ROLES = ["office", "board", "member", "auditor", "national", "admin", "outsider"]
# Installation-wide roles see every förbund; the others have no access at all to another förbund.
EVERYWHERE = {"national", "admin"}
# Pages that show anyone without access (logged in or not) the förbund's public page instead.
PUBLIC_INSTEAD = {"forbund-overview"}


def has_access(role, slug):
    return slug == OTHER if role == "outsider" else (slug == OWN or role in EVERYWHERE)


def expected(page, role, slug):
    if not has_access(role, slug):
        # The outsider is office of OTHER: full access there, nothing here.
        return 200 if page in PUBLIC_INSTEAD else 404
    return 200 if ("office" if role == "outsider" else role) in PAGES[page] else 403


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("slug", [OWN, OTHER])
def test_it_gives_each_role_the_right_status(persona_client, page, role, slug):
    client = persona_client(role)
    response = client.get(reverse(page, kwargs={"slug": slug}))
    assert response.status_code == expected(page, role, slug)
    if page in PUBLIC_INSTEAD:
        public = "publication/public.html" in [t.name for t in response.templates]
        assert public == (not has_access(role, slug))


@pytest.mark.parametrize("page", sorted(set(PAGES) - PUBLIC_INSTEAD))
def test_it_sends_anonymous_visitors_to_login(persona_client, page):
    response = persona_client("anonymous").get(reverse(page, kwargs={"slug": OWN}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_anonymous_visitors_the_public_page_of_a_forbund(persona_client):
    response = persona_client("anonymous").get(reverse("forbund-overview", kwargs={"slug": OWN}))
    assert response.status_code == 200
    assert "publication/public.html" in [t.name for t in response.templates]
    assert persona_client("anonymous").get("/f/finns-inte/").status_code == 404


def test_it_answers_404_for_another_forbunds_object(persona_client, demo):
    from samordna.organisations.models import Mandate, Member

    other_member = Member.objects.filter(forbund=demo[OTHER]).first()
    other_mandate = Mandate.objects.filter(forbund=demo[OTHER]).first()
    client = persona_client("office")
    # The object exists, but addressed under the own förbund it is not found.
    assert client.get(reverse("forbund-member-edit", kwargs={"slug": OWN, "pk": other_member.pk})).status_code == 404
    assert client.get(reverse("forbund-mandate-edit", kwargs={"slug": OWN, "pk": other_mandate.pk})).status_code == 404
    for name, pk in (("forbund-member-remove", other_member.pk), ("forbund-mandate-remove", other_mandate.pk),
                     ("forbund-person-remove", other_mandate.person_id), ("forbund-person-edit", other_mandate.person_id)):
        assert client.get(reverse(name, kwargs={"slug": OWN, "pk": pk})).status_code == 404
        assert client.post(reverse(name, kwargs={"slug": OWN, "pk": pk})).status_code == 404
    assert Member.objects.filter(pk=other_member.pk).exists() and Mandate.objects.filter(pk=other_mandate.pk).exists()


def test_it_refuses_changes_by_read_only_roles(persona_client, demo):
    from samordna.organisations.models import Member

    member = Member.objects.filter(forbund=demo[OWN], kind="kommun").first()
    url = reverse("forbund-member-edit", kwargs={"slug": OWN, "pk": member.pk})
    for role in ("board", "member", "auditor", "national"):
        response = persona_client(role).post(url, {"name": "Hacked", "kind": "kommun", "code": "1980",
                                                   "external_id": member.external_id})
        assert response.status_code == 403
    member.refresh_from_db()
    assert member.name != "Hacked"


def test_it_lists_only_visible_forbund_in_the_switcher(persona_client):
    response = persona_client("national").get(reverse("forbund-overview", kwargs={"slug": OWN}))
    assert {f.slug for f in response.context["switcher_forbund"]} == {OTHER, OWN}
    response = persona_client("board").get(reverse("forbund-overview", kwargs={"slug": OWN}))
    assert {f.slug for f in response.context["switcher_forbund"]} == {OWN}


def test_it_redirects_a_single_forbund_user_from_home(persona_client):
    response = persona_client("board").get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("forbund-overview", kwargs={"slug": OWN})
