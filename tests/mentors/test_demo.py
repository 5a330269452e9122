"""The demo mentors load on the demo's running cohort and can be loaded twice."""

from django.core import mail

from mentors.demo import load_demo
from mentors.enums import MatchStatus
from mentors.models import Match, Mentor, MentoringSession, ProjectMatchingProfile

from .factories import MembershipFactory


def test_demo_mentors_are_matched_and_safe_to_load_twice(cohort, manager, alma, django_capture_on_commit_callbacks):
    for _ in range(3):
        MembershipFactory(cohort=cohort, application__neighbourhoods=[alma])
    with django_capture_on_commit_callbacks(execute=True):
        load_demo(cohort=cohort, by=manager, password="Roubaix-Demo-2026")
    assert Mentor.objects.count() == 4
    assert Match.objects.filter(status=MatchStatus.ACTIVE).count() == 2
    assert MentoringSession.objects.count() == 2
    assert len(mail.outbox) == 4  # two introductions, to both sides
    # Every project has its sectors and languages, as its application suggests (French at least).
    profiles = ProjectMatchingProfile.objects.filter(membership__cohort=cohort)
    assert sorted(p.languages for p in profiles) == [["fr"], ["fr"], ["fr"]]
    load_demo(cohort=cohort, by=manager, password="Roubaix-Demo-2026")
    assert (Mentor.objects.count(), Match.objects.count(), MentoringSession.objects.count()) == (4, 3, 2)
