import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from applications.enums import Status
from applications.models import StatusChange
from cohorts import services
from cohorts.enums import MembershipStatus, Outcome
from cohorts.models import Decision, Membership
from cohorts.services import DecisionsNotReady
from cohorts.tasks import send_decision_email_task

pytestmark = pytest.mark.django_db


def test_prepare_a_rejection_needs_reasons_and_a_partner(make_application, manager):
    application = make_application(status=Status.SHORTLISTED)

    with pytest.raises(ValidationError) as error:
        services.decision_prepare(application=application, outcome=Outcome.REJECTED, by=manager)

    assert set(error.value.message_dict) == {"reasons", "referral_partner"}


def test_prepare_accepting_needs_a_shortlisted_file(make_application, manager):
    with pytest.raises(ValidationError):
        services.decision_prepare(
            application=make_application(status=Status.UNDER_REVIEW), outcome=Outcome.ACCEPTED, by=manager
        )


def test_prepare_again_corrects_the_same_decision(make_application, prepare):
    application = make_application(status=Status.SHORTLISTED)
    prepare(application, Outcome.REJECTED)

    decision = prepare(application, Outcome.WAITLISTED)

    assert Decision.objects.get() == decision
    assert (decision.outcome, decision.reasons, decision.waitlist_rank) == (Outcome.WAITLISTED, "", 1)


def test_prepare_puts_a_waitlisted_file_at_the_end_of_the_list(make_application, prepare):
    first, second = make_application(status=Status.SHORTLISTED), make_application(status=Status.SHORTLISTED)

    assert prepare(first, Outcome.WAITLISTED).waitlist_rank == 1
    assert prepare(second, Outcome.WAITLISTED).waitlist_rank == 2
    assert prepare(first, Outcome.WAITLISTED).waitlist_rank == 1  # kept when prepared again


def test_release_moves_each_file_to_its_outcome_and_fills_the_cohort(
    make_application, make_cohort, prepare, manager, call, django_capture_on_commit_callbacks
):
    cohort = make_cohort(seats=2)
    accepted = make_application(status=Status.SHORTLISTED, project_name="La Cantine de l'Alma")
    waitlisted = make_application(status=Status.SHORTLISTED)
    referred = make_application(status=Status.UNDER_REVIEW)
    rejected = make_application(status=Status.SHORTLISTED)
    prepare(accepted, Outcome.ACCEPTED)
    prepare(waitlisted, Outcome.WAITLISTED)
    prepare(referred, Outcome.REFERRED)
    prepare(rejected, Outcome.REJECTED)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        released = services.decisions_release(call=call, by=manager)

    assert len(released) == 4 and len(callbacks) == 4
    for application, status in [
        (accepted, Status.ACCEPTED),
        (waitlisted, Status.WAITLISTED),
        (referred, Status.REFERRED),
        (rejected, Status.REJECTED),
    ]:
        application.refresh_from_db()
        assert application.status == status
        assert StatusChange.objects.filter(application=application, after=status, by=manager).exists()
    assert list(Membership.objects.values_list("cohort", "application", "status")) == [
        (cohort.pk, accepted.pk, MembershipStatus.ACTIVE)
    ]
    assert Decision.objects.filter(released_at__isnull=True).count() == 0
    assert Decision.objects.filter(email_sent_at__isnull=True).count() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        a.applicant.email for a in (accepted, waitlisted, referred, rejected)
    )
    welcome = next(m for m in mail.outbox if m.to == [accepted.applicant.email])
    assert welcome.subject == "Félicitations : votre projet « La Cantine de l'Alma » est retenu"
    assert "Vous rejoignez la promotion « Promotion 2026 », du 1 septembre 2026 au 30 juin 2027." in welcome.body
    refusal = next(m for m in mail.outbox if m.to == [rejected.applicant.email])
    assert "Le projet est encore au stade de l'idée." in refusal.body
    assert "tournez-vous vers : Pré-incubateur de la Maison de l'emploi." in refusal.body
    assert "&#x27;" not in refusal.body  # plain text, not HTML-escaped


def test_release_twice_sends_each_decision_email_once(
    make_application, make_cohort, prepare, manager, call, django_capture_on_commit_callbacks
):
    make_cohort(seats=3)
    applications = [make_application(status=Status.SHORTLISTED) for _ in range(3)]
    prepare(applications[0], Outcome.ACCEPTED)
    prepare(applications[1], Outcome.WAITLISTED)
    prepare(applications[2], Outcome.REJECTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.decisions_release(call=call, by=manager)
    with django_capture_on_commit_callbacks(execute=True) as second_callbacks:
        second = services.decisions_release(call=call, by=manager)

    assert second == [] and second_callbacks == []
    assert len(mail.outbox) == 3
    assert Membership.objects.count() == 1


def test_decision_email_task_runs_twice_and_sends_once(
    make_application, prepare, manager, call, django_capture_on_commit_callbacks
):
    application = make_application(status=Status.SHORTLISTED)
    decision = prepare(application, Outcome.REFERRED)
    with django_capture_on_commit_callbacks(execute=False):
        services.decisions_release(call=call, by=manager)

    assert send_decision_email_task.delay(decision_id=decision.pk).get() is True
    assert send_decision_email_task.delay(decision_id=decision.pk).get() is False
    assert len(mail.outbox) == 1


def test_decision_email_is_not_sent_before_release(make_application, prepare):
    decision = prepare(make_application(status=Status.SHORTLISTED), Outcome.REJECTED)

    assert services.decision_send_email(decision_id=decision.pk) is False
    assert mail.outbox == []


def test_a_rejection_without_reasons_cannot_be_released(
    make_application, prepare, manager, call, django_capture_on_commit_callbacks
):
    fine = make_application(status=Status.SHORTLISTED, project_name="Recyclerie du Pile")
    bare = make_application(status=Status.SHORTLISTED, project_name="Vélo-école")
    prepare(fine, Outcome.REJECTED)
    # Written straight in the table, as an import or an old admin form could: the release still checks.
    Decision.objects.create(application=bare, outcome=Outcome.REJECTED, reasons="", referral_partner="")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DecisionsNotReady) as error:
        services.decisions_release(call=call, by=manager)

    assert error.value.problems == [
        "« Vélo-école » : Expliquez les motifs de la décision : le porteur de projet les lira.",
        "« Vélo-école » : Indiquez la structure vers laquelle orienter le projet : personne n'est refusé sans "
        "autre piste.",
    ]
    assert Decision.objects.filter(released_at__isnull=False).count() == 0
    fine.refresh_from_db()
    assert fine.status == Status.SHORTLISTED
    assert mail.outbox == []


def test_release_never_exceeds_the_cohort_seats(
    make_application, make_cohort, prepare, manager, call, django_capture_on_commit_callbacks
):
    cohort = make_cohort(seats=2)
    for _ in range(3):
        prepare(make_application(status=Status.SHORTLISTED), Outcome.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DecisionsNotReady) as error:
        services.decisions_release(call=call, by=manager)

    assert "n'a que 2 place(s) libre(s) pour 3 projet(s)" in error.value.problems[0]
    assert cohort.memberships.count() == 0
    assert mail.outbox == []


def test_release_of_accepted_files_needs_a_cohort(make_application, prepare, manager, call):
    prepare(make_application(status=Status.SHORTLISTED), Outcome.ACCEPTED)

    with pytest.raises(DecisionsNotReady):
        services.decisions_release(call=call, by=manager)


def test_release_reports_a_file_withdrawn_after_its_decision(make_application, prepare, manager, call):
    application = make_application(status=Status.SHORTLISTED, project_name="Jardin de Moulin")
    prepare(application, Outcome.REJECTED)
    application.status = Status.WITHDRAWN
    application.save(update_fields=["status"])

    with pytest.raises(DecisionsNotReady) as error:
        services.decisions_release(call=call, by=manager)

    assert error.value.problems == ["« Jardin de Moulin » a été retirée par son porteur : supprimez cette décision."]


def test_a_released_decision_cannot_be_prepared_again(
    make_application, prepare, manager, call, django_capture_on_commit_callbacks
):
    application = make_application(status=Status.SHORTLISTED)
    prepare(application, Outcome.REJECTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.decisions_release(call=call, by=manager)

    with pytest.raises(ValidationError):
        prepare(application, Outcome.REJECTED, reasons="Autre motif.")


def test_release_only_touches_its_own_call(make_application, make_user, prepare, manager, call):
    from datetime import timedelta

    from django.utils import timezone

    from applications.models import Call

    other_call = Call.objects.create(
        title="Autre appel",
        slug="autre-appel",
        description="-",
        eligibility="-",
        opens_at=timezone.now() - timedelta(days=9),
        closes_at=timezone.now() - timedelta(days=2),
    )
    other = prepare(make_application(status=Status.SHORTLISTED, on_call=other_call), Outcome.REJECTED)

    assert services.decisions_release(call=call, by=manager) == []
    other.refresh_from_db()
    assert other.released_at is None


def test_release_with_the_broker_down_still_releases_and_logs(
    make_application, make_cohort, prepare, manager, call, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    """Queued with robust=True: the e-mail task failing to queue is logged, the release stands (no error page)."""
    make_cohort(seats=2)
    application = make_application(status=Status.SHORTLISTED)
    prepare(application, Outcome.ACCEPTED)

    def broker_down(**kwargs):
        raise ConnectionError("Redis ne répond pas")

    monkeypatch.setattr(send_decision_email_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        services.decisions_release(call=call, by=manager)

    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert Decision.objects.get(application=application).email_sent_at is None  # the sweep or a retry sends it
    assert "Redis ne répond pas" in caplog.text
