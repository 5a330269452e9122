from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from events import services
from events.enums import ContributionKind, RegistrationStatus
from events.models import Contribution, Vote
from events.selectors import contributions_ranked

from .factories import ContributionFactory, EventFactory, RegistrationFactory, TableFactory


@pytest.fixture
def participants(running_event):
    return [RegistrationFactory(event=running_event) for _n in range(3)]


def test_contribution_post_during_the_event_at_a_table(running_event, participants):
    table = TableFactory(event=running_event)
    contribution = services.contribution_post(
        registration=participants[0], kind=ContributionKind.NEED, text="  Un local pour stocker du matériel  ", table=table
    )
    assert (contribution.event, contribution.table, contribution.author, contribution.text) == (
        running_event, table, participants[0], "Un local pour stocker du matériel"
    )


def test_contribution_post_is_open_until_seven_days_after_the_end(running_event, participants):
    just_before = running_event.ends_at + timedelta(days=7) - timedelta(seconds=1)
    services.contribution_post(registration=participants[0], kind=ContributionKind.IDEA, text="Encore une idée", now=just_before)
    with pytest.raises(services.ContributionsClosed) as error:
        services.contribution_post(
            registration=participants[0], kind=ContributionKind.IDEA, text="Trop tard", now=running_event.ends_at + timedelta(days=7)
        )
    assert error.value.messages[0].startswith("Les contributions sont closes depuis le ")


def test_contribution_post_before_the_event_is_refused(event, registration):
    with pytest.raises(services.ContributionsClosed) as error:
        services.contribution_post(registration=registration, kind=ContributionKind.IDEA, text="Trop tôt")
    assert error.value.messages[0].startswith("Les contributions ouvriront au début de l'événement")


def test_contribution_post_from_waitlist_or_cancelled_is_refused(running_event):
    waiting = RegistrationFactory(event=running_event, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    cancelled = RegistrationFactory(event=running_event, status=RegistrationStatus.CANCELLED)
    for registration in (waiting, cancelled):
        with pytest.raises(ValidationError):
            services.contribution_post(registration=registration, kind=ContributionKind.IDEA, text="Idée")


def test_contribution_post_at_another_events_table_is_refused(running_event, participants):
    other_table = TableFactory()
    with pytest.raises(ValidationError):
        services.contribution_post(registration=participants[0], kind=ContributionKind.IDEA, text="x", table=other_table)


def test_contribution_vote_once_per_participant(participants):
    contribution = ContributionFactory(author=participants[0])
    assert services.contribution_vote(contribution=contribution, registration=participants[1]) is True
    assert services.contribution_vote(contribution=contribution, registration=participants[1]) is False
    assert Vote.objects.filter(contribution=contribution).count() == 1


def test_contribution_vote_for_own_or_other_event_is_refused(participants):
    contribution = ContributionFactory(author=participants[0])
    with pytest.raises(ValidationError):
        services.contribution_vote(contribution=contribution, registration=participants[0])
    stranger = RegistrationFactory(event=EventFactory(starts_at=participants[0].event.starts_at, ends_at=participants[0].event.ends_at))
    with pytest.raises(ValidationError):
        services.contribution_vote(contribution=contribution, registration=stranger)
    assert not Vote.objects.exists()


def test_contribution_unvote(participants):
    contribution = ContributionFactory(author=participants[0])
    services.contribution_vote(contribution=contribution, registration=participants[1])
    assert services.contribution_unvote(contribution=contribution, registration=participants[1]) is True
    assert not Vote.objects.exists()


def test_hidden_contribution_cannot_be_voted_and_leaves_the_ranking(running_event, participants):
    contribution = ContributionFactory(author=participants[0])
    services.contribution_hide(contribution=contribution)
    with pytest.raises(ValidationError):
        services.contribution_vote(contribution=contribution, registration=participants[1])
    assert list(contributions_ranked(event=running_event)) == []


def test_contributions_merge_moves_votes_without_double_counting(running_event, participants):
    a, b, c = participants
    voter = RegistrationFactory(event=running_event)
    original = ContributionFactory(author=a, text="Une épicerie solidaire")
    duplicate = ContributionFactory(author=b, text="Une épicerie sociale et solidaire", kept_by_staff=True)
    for registration in (c, voter):
        services.contribution_vote(contribution=duplicate, registration=registration)
    services.contribution_vote(contribution=original, registration=voter)
    services.contribution_vote(contribution=duplicate, registration=a)  # the author of the survivor

    services.contributions_merge(duplicates=[duplicate], into=original)

    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original
    assert original.kept_by_staff is True
    assert sorted(Vote.objects.filter(contribution=original).values_list("registration_id", flat=True)) == sorted(
        [c.pk, voter.pk]
    )
    [ranked] = contributions_ranked(event=running_event)
    assert (ranked.pk, ranked.vote_count, ranked.merged_count) == (original.pk, 2, 1)


def test_contributions_merge_across_events_is_refused(participants):
    here = ContributionFactory(author=participants[0])
    elsewhere = ContributionFactory()
    with pytest.raises(ValidationError):
        services.contributions_merge(duplicates=[elsewhere], into=here)
    assert Contribution.objects.filter(merged_into__isnull=False).count() == 0


def test_contributions_ranked_by_votes(running_event, participants):
    a, b, c = participants
    low = ContributionFactory(author=a, text="Moins soutenue")
    high = ContributionFactory(author=a, text="Plus soutenue")
    services.contribution_vote(contribution=high, registration=b)
    services.contribution_vote(contribution=high, registration=c)
    services.contribution_vote(contribution=low, registration=b)
    assert [(x.text, x.vote_count) for x in contributions_ranked(event=running_event)] == [
        ("Plus soutenue", 2),
        ("Moins soutenue", 1),
    ]
