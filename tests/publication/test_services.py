"""Posting and taking down the anslag: the dates, the statutes' place, the refusals, the action."""

import datetime

import pytest

from samordna.lib.services import DomainError
from samordna.publication import services
from samordna.publication.models import Anslag
from samordna.rules.deadlines import appeal_last_day
from tests.conftest import TODAY

DAY = datetime.timedelta(days=1)


def test_it_posts_the_anslag_of_adjusted_minutes(recent, office_user):
    from samordna.audit.models import Action

    forbund = recent.forbund
    forbund.minutes_kept_at = "Kansliet, Storgatan 1, Köping"
    forbund.save()
    anslag = services.post_anslag(recent.minutes, user=office_user, day=TODAY)
    anslag.refresh_from_db()
    assert anslag.posted == TODAY
    assert anslag.appeal_until == appeal_last_day(TODAY) >= TODAY + 21 * DAY
    assert anslag.down_day == anslag.appeal_until + DAY
    assert anslag.paragraphs == "§§ 84–86"
    assert anslag.kept_at == "Kansliet, Storgatan 1, Köping"
    assert anslag.posted_by == office_user and anslag.posted_by_name == "Karin Lindqvist"
    assert anslag.forbund == forbund
    recent.minutes.refresh_from_db()
    assert recent.minutes.published == TODAY  # the exchange's "published" is the posting day
    action = Action.objects.filter(name="anslag.posted").latest("id")
    assert action.user == office_user and action.forbund == forbund
    assert action.data["appeal_until"] == anslag.appeal_until.isoformat()


def test_it_refuses_minutes_that_are_not_adjusted(make_meeting, office_user):
    meeting = make_meeting(TODAY - 3 * DAY, adjusted=None)
    with pytest.raises(DomainError) as error:
        services.post_anslag(meeting.minutes, user=office_user, day=TODAY)
    assert "inte justerat" in str(error.value)
    assert not Anslag.objects.filter(minutes=meeting.minutes).exists()


def test_it_refuses_a_second_anslag_and_a_day_before_justering(recent, office_user):
    with pytest.raises(DomainError) as error:
        services.post_anslag(recent.minutes, user=office_user, day=TODAY - 2 * DAY)
    assert error.value.code == "before_adjusted"
    services.post_anslag(recent.minutes, user=office_user, day=TODAY)
    with pytest.raises(DomainError) as error:
        services.post_anslag(recent.minutes, user=office_user, day=TODAY)
    assert "redan anslaget" in str(error.value)
    assert Anslag.objects.filter(minutes=recent.minutes).count() == 1


def test_it_takes_the_anslag_down_only_after_the_appeal_period(recent, office_user):
    anslag = services.post_anslag(recent.minutes, user=office_user, day=TODAY)
    for early in (TODAY, anslag.appeal_until):
        with pytest.raises(DomainError) as error:
            services.take_down(anslag, user=office_user, day=early)
        assert error.value.field == "taken_down" and "till och med" in str(error.value)
    services.take_down(anslag, user=office_user, day=anslag.appeal_until + DAY)
    anslag.refresh_from_db()
    assert anslag.taken_down == anslag.appeal_until + DAY
    with pytest.raises(DomainError):
        services.take_down(anslag, user=office_user, day=anslag.appeal_until + 2 * DAY)


def test_the_current_anslag_are_those_in_their_appeal_period(recent, office_user):
    anslag = services.post_anslag(recent.minutes, user=office_user, day=TODAY)
    current = Anslag.objects.current
    assert anslag in current(TODAY) and anslag in current(anslag.appeal_until)
    assert anslag not in current(TODAY - DAY) and anslag not in current(anslag.appeal_until + DAY)


def test_the_receiver_of_the_justering_posts_once(recent, office_user):
    anslag = services.on_minutes_adjusted(recent.minutes, office_user, TODAY)
    assert anslag.posted == TODAY
    # As a signal receiver (keyword arguments, sender the minutes' class), again: nothing more.
    assert services.on_minutes_adjusted(sender=type(recent.minutes), minutes=recent.minutes, user=office_user,
                                        day=TODAY) is None
    assert Anslag.objects.filter(minutes=recent.minutes).count() == 1


@pytest.mark.parametrize(("numbers", "text"), [
    ([84, 85, 86, 87, 88, 89, 90, 91, 92], "§§ 84–92"), ([84], "§ 84"), ([84, 85, 86, 88], "§§ 84–86, 88"),
    ([3, 1, 2, None], "§§ 1–3"), ([], ""), ([5, 7], "§§ 5, 7"),
])
def test_it_names_the_paragraphs_of_the_protokoll(numbers, text):
    assert services.paragraph_span(numbers) == text


def test_the_demo_posts_every_adjusted_protokoll(demo):
    from samordna.meetings.models import Minutes

    adjusted = Minutes.objects.filter(adjusted__isnull=False, adjusted__lte=TODAY)
    assert adjusted.exists()
    assert not adjusted.filter(anslag__isnull=True).exists()
    for anslag in Anslag.objects.select_related("minutes"):
        assert anslag.posted == anslag.minutes.published
        assert anslag.appeal_until == appeal_last_day(anslag.posted)
        # Those whose period is over have come down, the day after it.
        if anslag.appeal_until + DAY <= TODAY:
            assert anslag.taken_down == anslag.appeal_until + DAY
        else:
            assert anslag.taken_down is None
        assert anslag.posted_by_name in ("Karin Lindqvist", "Sara Nyström")
