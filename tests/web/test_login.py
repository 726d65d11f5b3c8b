"""Logging in through the form, and the lockout after 5 failures per username and address (django-axes)."""

import pytest

from .conftest import url

pytestmark = pytest.mark.django_db

CHEF = "chef@vastmanland.example.se"
PASSWORD = "samordna-demo-2026"


def _login(client, username, password, ip="192.0.2.10"):
    return client.post("/logga-in/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_it_logs_in_through_the_form(client, demo):
    response = _login(client, CHEF, PASSWORD)
    assert response.status_code == 302
    # The förbundschef has one förbund: the start page sends her straight to it.
    assert client.get(response["Location"])["Location"] == url("forbund-overview")
    assert client.get(url("forbund-overview")).context["user"].email == CHEF


def test_it_explains_a_wrong_password_in_swedish(client, demo):
    response = _login(client, CHEF, "fel-losenord")
    assert response.status_code == 200
    assert "Fel e-postadress eller lösenord." in response.text
    assert 'role="alert"' in response.text
    assert client.get(url("forbund-members")).status_code == 302


def test_it_locks_out_after_five_failures_even_with_the_right_password(client, demo):
    for _ in range(4):
        assert _login(client, CHEF, "fel-losenord").status_code == 200
    assert _login(client, CHEF, "fel-losenord").status_code == 429  # the 5th failure locks
    response = _login(client, CHEF, PASSWORD)  # the 6th attempt, with the right password
    assert response.status_code == 429
    assert "Kontot är tillfälligt låst" in response.text
    assert client.get(url("forbund-members")).status_code == 302  # not logged in


def test_it_locks_per_username_and_address(client, demo):
    for _ in range(5):
        _login(client, CHEF, "fel-losenord")
    # The same user from another address, and another user from the same address, still get in.
    assert _login(client, CHEF, PASSWORD, ip="198.51.100.7").status_code == 302
    client.post("/logga-ut/")
    assert _login(client, "ledamot@vastmanland.example.se", PASSWORD).status_code == 302


def test_it_still_lets_in_after_four_failures(client, demo):
    for _ in range(4):
        _login(client, CHEF, "fel-losenord")
    assert _login(client, CHEF, PASSWORD).status_code == 302
