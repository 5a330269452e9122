"""Query budgets: each page costs the same number of queries with 1 or 30 registrations (no N+1)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from events.enums import ActorKind

from .factories import CohortFactory, EventFactory, MembershipFactory, RegistrationFactory, TableFactory

SIZES = [1, 30]


def fill(event, count, *, neighbourhoods, tables=()):
    kinds = ActorKind.values
    for n in range(count):
        RegistrationFactory(
            event=event,
            actor_kind=kinds[n % len(kinds)],
            neighbourhood=neighbourhoods[n % len(neighbourhoods)],
            table=tables[n % len(tables)] if tables else None,
            checked_in_at=event.starts_at if n % 3 == 0 else None,
            accessibility_needs="Fauteuil roulant" if n % 5 == 0 else "",
        )


@pytest.mark.parametrize("count", SIZES)
def test_agenda_query_budget(client, count, alma, epeule, now, django_assert_num_queries):
    for n in range(count):
        EventFactory(neighbourhood=(alma, epeule)[n % 2], starts_at=now + timedelta(days=n + 1),
                     ends_at=now + timedelta(days=n + 1, hours=2))
        EventFactory(neighbourhood=(alma, epeule)[n % 2], starts_at=now - timedelta(days=n + 1),
                     ends_at=now - timedelta(days=n + 1) + timedelta(hours=2))
    fill(EventFactory(neighbourhood=alma), count, neighbourhoods=[alma, epeule])
    # 4 queries: the neighbourhoods of the filter's drop-down, the same list again to check the submitted value,
    # the upcoming events (with their neighbourhood and cohort joined and their seats counted in the same query),
    # and the past events (neighbourhood and cohort joined). Anonymous: no membership to look up.
    with django_assert_num_queries(4):
        response = client.get(reverse("events:agenda"), {"neighbourhood": "alma"})
    assert response.status_code == 200
    assert len(response.context["upcoming"]) == (count + 1) // 2 + 1


@pytest.mark.parametrize("count", SIZES)
def test_agenda_query_budget_for_a_cohort_member(client, count, member_user, now, django_assert_num_queries):
    cohort = CohortFactory()
    MembershipFactory(cohort=cohort, application__applicant=member_user)
    for n in range(count):
        EventFactory(for_cohort=True, cohort=cohort, starts_at=now + timedelta(days=n + 1),
                     ends_at=now + timedelta(days=n + 1, hours=2))
        EventFactory(for_cohort=True, cohort=cohort, starts_at=now - timedelta(days=n + 1),
                     ends_at=now - timedelta(days=n + 1) + timedelta(hours=2))
        EventFactory(for_cohort=True, starts_at=now + timedelta(days=n + 1))  # another cohort's: not shown
    client.force_login(member_user)
    # 5 queries: the session, the user, the neighbourhoods of the filter's drop-down (no filter submitted: read
    # once), the upcoming events and the past events. Whether the member may see each event is a subquery on their
    # memberships inside each events query, and the cohort's name is joined.
    with django_assert_num_queries(5):
        response = client.get(reverse("events:agenda"))
    assert len(response.context["upcoming"]) == count
    assert len(response.context["past"]) == min(count, 12)


@pytest.mark.parametrize("count", SIZES)
def test_event_page_query_budget(client, count, event, alma, epeule, member_user, django_assert_num_queries):
    fill(event, count, neighbourhoods=[alma, epeule])
    client.force_login(member_user)
    # 4 queries: the session, the user, the event (neighbourhood and cohort joined, confirmed seats counted, the
    # membership test a subquery), and the member's own registration for it, if any.
    with django_assert_num_queries(4):
        response = client.get(event.get_absolute_url())
    assert response.context["event"].seats_left == max(20 - count, 0)


@pytest.mark.parametrize("count", SIZES)
def test_checkin_list_query_budget(staff_client, count, event, alma, epeule, django_assert_num_queries):
    tables = [TableFactory(event=event, name=f"Table {n}") for n in range(3)]
    fill(event, count, neighbourhoods=[alma, epeule], tables=tables)
    # 7 queries: the session, the user, their own permissions and their groups' permissions (the staff check),
    # the event, the registrations (neighbourhood and table joined), and the present / registered / waiting counts
    # in one aggregate.
    with django_assert_num_queries(7):
        response = staff_client.get(reverse("events:checkin", args=[event.slug]))
    assert len(response.context["registrations"]) == count


@pytest.mark.parametrize("count", SIZES)
def test_manage_page_query_budget(client, count, running_event, alma, epeule, django_assert_num_queries):
    from .factories import ContributionFactory, EventQuestionFactory

    fill(running_event, count, neighbourhoods=[alma, epeule])
    EventQuestionFactory(event=running_event)
    EventQuestionFactory(event=running_event, kind="yes_no")
    me = RegistrationFactory(event=running_event)
    for author in running_event.registrations.exclude(pk=me.pk):
        ContributionFactory(author=author)
    # 5 queries: the registration behind the token (event, its neighbourhood, table and neighbourhood joined), the
    # tables for the contribution form's drop-down, the contributions (table joined, votes counted, "did I vote"
    # as a subquery), the event's extra questions for the details form (all of them in one query), and the
    # neighbourhoods for its drop-down.
    with django_assert_num_queries(5):
        response = client.get(me.get_absolute_url())
    assert len(response.context["contributions"]) == count


@pytest.mark.parametrize("count", SIZES)
def test_synthesis_query_budget(client, count, running_event, alma, epeule, django_assert_num_queries):
    from .factories import ContributionFactory

    fill(running_event, count, neighbourhoods=[alma, epeule])
    for author in running_event.registrations.all():
        ContributionFactory(author=author)
    running_event.synthesis_published = True
    running_event.save()
    # 4 queries: the event (neighbourhood and cohort joined), the contributions (table joined, votes and merged
    # duplicates counted), the attendance by kind of actor and by neighbourhood (one aggregate each; the small
    # groups are merged in Python).
    with django_assert_num_queries(4):
        response = client.get(reverse("events:synthesis", args=[running_event.slug]))
    assert len(response.context["contributions"]) == count
