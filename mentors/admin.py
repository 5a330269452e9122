from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from applications.forms import CheckboxSelectMultiple
from cohorts.models import Cohort

from . import scoring, selectors, services
from .enums import LANGUAGE_CHOICES, MatchStatus, MentorStatus, Sector, SupportNeed
from .forms import EndMatchForm, MatchingRunForm
from .models import Match, MatchChange, Mentor, MentorConflict, MentoringSession, ProjectMatchingProfile
from .selectors import mentor_open_match_count


def _report(modeladmin, request, error: Exception) -> None:
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        modeladmin.message_user(request, text, messages.ERROR)


def _admin_page(modeladmin, request, template, **context) -> TemplateResponse:
    return TemplateResponse(
        request, template, {**modeladmin.admin_site.each_context(request), "opts": modeladmin.model._meta, **context}
    )


def _action_page(modeladmin, request, template, *, action: str, selected, **context) -> TemplateResponse:
    """The intermediate page of an action that needs a form (templates/admin/intermediate_action.html): the
    selected rows go back to the same action as hidden fields."""
    return _admin_page(
        modeladmin,
        request,
        template,
        action=action,
        selected=[obj.pk for obj in selected],
        action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
        **context,
    )


def _tags_field(label, choices):
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, widget=CheckboxSelectMultiple)


class MentorAdminForm(forms.ModelForm):
    expertise = _tags_field(_("expertises"), SupportNeed.choices)
    sectors = _tags_field(_("secteurs connus"), Sector.choices)
    languages = _tags_field(_("langues parlées"), LANGUAGE_CHOICES)

    class Meta:
        model = Mentor
        fields = [
            "user",
            "kind",
            "organisation",
            "bio",
            "expertise",
            "sectors",
            "languages",
            "neighbourhoods",
            "capacity_projects",
            "hours_per_month",
            "charter_signed_at",
        ]


class MentorConflictInlineForm(forms.ModelForm):
    class Meta:
        model = MentorConflict
        fields = ["membership", "application", "reason"]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("membership") is None) == (cleaned.get("application") is None):
            raise ValidationError(
                _("Choisissez soit un projet de la promotion, soit une candidature (un seul des deux).")
            )
        return cleaned


class MentorConflictInline(admin.TabularInline):
    """Conflicts recorded by staff. Saving goes through `conflict_declare` / `conflict_update` (see
    MentorAdmin.save_formset), so a pending proposal for the project is set aside as on the portal."""

    model = MentorConflict
    form = MentorConflictInlineForm
    extra = 0
    fields = ["membership", "application", "reason", "declared_at"]
    readonly_fields = ["declared_at"]
    autocomplete_fields = ["membership", "application"]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif, envoyé à la personne avec nos remerciements"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Indiquez en quelques mots pourquoi la proposition n'est pas retenue.")},
    )


class ProposalFilter(admin.SimpleListFilter):
    title = _("proposition")
    parameter_name = "proposition"

    def lookups(self, request, model_admin):
        return [("en-attente", _("En attente")), ("validee", _("Validée")), ("declinee", _("Déclinée"))]

    def queryset(self, request, queryset):
        if self.value() == "en-attente":
            return queryset.filter(approved=False, declined_at__isnull=True)
        if self.value() == "validee":
            return queryset.filter(approved=True)
        if self.value() == "declinee":
            return queryset.filter(approved=False, declined_at__isnull=False)
        return queryset


class CharterFilter(admin.SimpleListFilter):
    title = _("charte")
    parameter_name = "charte"

    def lookups(self, request, model_admin):
        return [("signee", _("Signée")), ("non-signee", _("Non signée"))]

    def queryset(self, request, queryset):
        if self.value() == "signee":
            return queryset.filter(charter_signed_at__isnull=False)
        if self.value() == "non-signee":
            return queryset.filter(charter_signed_at__isnull=True)
        return queryset


@admin.register(Mentor)
class MentorAdmin(admin.ModelAdmin):
    form = MentorAdminForm
    list_display = [
        "__str__",
        "email",
        "kind",
        "organisation",
        "status",
        "approved",
        "charter_signed_at",
        "load",
        "capacity_projects",
        "hours_per_month",
    ]
    list_filter = [ProposalFilter, "approved", "status", "kind", CharterFilter, "neighbourhoods"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name", "organisation"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["neighbourhoods"]
    # Approval and pauses go through the list's actions (services), not the form.
    readonly_fields = [
        "status",
        "approved",
        "approved_at",
        "invited_by",
        "invitation_sent_at",
        "staff_notified_at",
        "approval_email_sent_at",
        "declined_at",
        "decline_reason",
        "decline_email_sent_at",
        "last_nudge_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["user", "kind", "organisation", "bio"]}),
        (_("Compétences"), {"fields": ["expertise", "sectors", "languages", "neighbourhoods"]}),
        (_("Disponibilité"), {"fields": ["capacity_projects", "hours_per_month", "charter_signed_at"]}),
        (_("Suivi"), {"fields": readonly_fields}),
    ]
    inlines = [MentorConflictInline]
    actions = ["approve", "decline", "pause", "resume", "resend_invitation"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(open_match_count=mentor_open_match_count())

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description=_("projets en cours ou proposés"), ordering="open_match_count")
    def load(self, obj):
        return obj.open_match_count

    @admin.action(description=_("Valider les mentors sélectionnés"), permissions=["change"])
    def approve(self, request, queryset):
        for mentor in queryset:
            services.mentor_approve(mentor=mentor)
        self.message_user(request, _("%(count)d mentor(s) validé(s).") % {"count": len(queryset)}, messages.SUCCESS)

    @admin.action(description=_("Décliner les propositions (avec un motif envoyé par e-mail)"), permissions=["change"])
    def decline(self, request, queryset):
        form = DeclineForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            declined = 0
            for mentor in queryset:
                try:
                    services.mentor_decline(mentor=mentor, reason=form.cleaned_data["reason"])
                    declined += 1
                except ValidationError as error:
                    _report(self, request, error)
            if declined:
                self.message_user(
                    request,
                    _("%(count)d proposition(s) déclinée(s) : un e-mail explique le motif.") % {"count": declined},
                    messages.SUCCESS,
                )
            return None
        mentors = list(queryset.select_related("user"))
        return _action_page(
            self,
            request,
            "mentors/admin/decline_mentors.html",
            action="decline",
            selected=mentors,
            title=_("Décliner des propositions de mentors"),
            mentors=mentors,
            form=form,
        )

    @admin.action(description=_("Mettre en pause (plus de nouveau projet)"), permissions=["change"])
    def pause(self, request, queryset):
        for mentor in queryset:
            services.mentor_set_status(mentor=mentor, status=MentorStatus.PAUSED)

    @admin.action(description=_("Rendre disponibles"), permissions=["change"])
    def resume(self, request, queryset):
        for mentor in queryset:
            services.mentor_set_status(mentor=mentor, status=MentorStatus.ACTIVE)

    @admin.action(description=_("Renvoyer l'e-mail d'invitation"), permissions=["change"])
    def resend_invitation(self, request, queryset):
        sent = sum(services.mentor_resend_invitation(mentor=mentor) for mentor in queryset)
        self.message_user(
            request,
            _("%(sent)d invitation(s) renvoyée(s) ; les mentors qui se sont déjà connectés n'en reçoivent pas.")
            % {"sent": sent},
            messages.SUCCESS,
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "invite_url": reverse("mentors:staff_invite")}
        return super().changelist_view(request, extra_context=extra_context)

    def save_formset(self, request, form, formset, change):
        if formset.model is not MentorConflict:
            return super().save_formset(request, form, formset, change)
        # The conflicts go through the services: a new one sets the mentor's pending proposal aside. The lists
        # below are what the admin's history message reads (formset.save() would have filled them).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk:
                formset.deleted_objects.append(inline_form.instance)
                inline_form.instance.delete()
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            values = {
                "membership": inline_form.cleaned_data.get("membership"),
                "application": inline_form.cleaned_data.get("application"),
                "reason": inline_form.cleaned_data.get("reason", ""),
                "by": request.user,
            }
            if inline_form.instance.pk:
                conflict = services.conflict_update(conflict=inline_form.instance, **values)
                formset.changed_objects.append((conflict, inline_form.changed_data))
            else:
                formset.new_objects.append(services.conflict_declare(mentor=form.instance, **values))
        return None


class MatchChangeInline(admin.TabularInline):
    model = MatchChange
    extra = 0
    can_delete = False
    fields = ["at", "before", "after", "by", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class MatchAdminForm(forms.ModelForm):
    class Meta:
        model = Match
        fields = ["mentor", "membership", "fixed_by_hand"]

    def clean(self):
        cleaned = super().clean()
        mentor, membership = cleaned.get("mentor"), cleaned.get("membership")
        if self.instance.pk is None and mentor and membership:
            # The service checks again under the mentor's row lock when saving; this shows the problem on the form.
            try:
                services.match_check_pair_by_hand(mentor=mentor, membership=membership)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    form = MatchAdminForm
    list_display = ["membership", "cohort", "mentor", "status", "score", "fixed_by_hand", "proposed_at", "confirmed_at"]
    list_filter = ["status", "fixed_by_hand", "membership__cohort"]
    list_select_related = ["membership__application", "membership__cohort", "mentor__user"]
    search_fields = ["membership__application__project_name", "mentor__user__full_name", "mentor__user__email"]
    autocomplete_fields = ["mentor", "membership"]
    readonly_fields = [
        "status",
        "score",
        "breakdown",
        "proposed_at",
        "confirmed_at",
        "confirmed_by",
        "ended_at",
        "end_reason",
        "intro_email_sent_at",
        "last_nudge_at",
    ]
    inlines = [MatchChangeInline]
    actions = ["confirm", "reject", "end", "fix", "unfix"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # A pair, once made, is not edited: it is rejected or ended, and another one is made.
        return [*self.readonly_fields, "mentor", "membership"] if obj else self.readonly_fields

    def get_fields(self, request, obj=None):
        return ["mentor", "membership", "fixed_by_hand", *self.readonly_fields] if obj else ["mentor", "membership"]

    @admin.display(description=_("promotion"), ordering="membership__cohort")
    def cohort(self, obj):
        return obj.membership.cohort

    @admin.display(description=_("détail du score"))
    def breakdown(self, obj):
        rows = scoring.breakdown_rows(obj.score_breakdown)
        if not rows:
            return "—"
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("critère"),
            _("poids"),
            _("points"),
            _("en commun"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                ((row["label"], row["weight"], row["points"], ", ".join(row["matched_labels"])) for row in rows),
            ),
        )

    def save_model(self, request, obj, form, change):
        # Creating or (un)fixing a pair goes through the services; the form only collected the choice.
        if change:
            services.match_set_fixed(match=obj, fixed=form.cleaned_data["fixed_by_hand"])
        else:
            created = services.match_create_by_hand(mentor=obj.mentor, membership=obj.membership, by=request.user)
            obj.pk = created.pk

    def _run(self, request, queryset, service, **kwargs):
        done = 0
        for match in queryset:
            try:
                service(match=match, by=request.user, **kwargs)
                done += 1
            except ValidationError as error:
                _report(self, request, error)
        if done:
            self.message_user(request, _("%(count)d binôme(s) mis à jour.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Confirmer (e-mail de présentation aux deux)"), permissions=["change"])
    def confirm(self, request, queryset):
        self._run(request, queryset, services.match_confirm)

    @admin.action(description=_("Écarter les propositions"), permissions=["change"])
    def reject(self, request, queryset):
        self._run(request, queryset.filter(status=MatchStatus.PROPOSED), services.match_reject)

    @admin.action(description=_("Terminer les binômes (avec un motif)"), permissions=["change"])
    def end(self, request, queryset):
        form = EndMatchForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(request, queryset, services.match_end, reason=form.cleaned_data["reason"])
            return None
        matches = list(queryset.select_related("mentor__user", "membership__application"))
        return _action_page(
            self,
            request,
            "admin/mentors/match/end_matches.html",
            action="end",
            selected=matches,
            title=_("Terminer des binômes"),
            matches=matches,
            form=form,
        )

    @admin.action(description=_("Fixer (garder lors du prochain appariement)"), permissions=["change"])
    def fix(self, request, queryset):
        for match in queryset:
            services.match_set_fixed(match=match, fixed=True)

    @admin.action(description=_("Ne plus fixer"), permissions=["change"])
    def unfix(self, request, queryset):
        for match in queryset:
            services.match_set_fixed(match=match, fixed=False)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "staff_url": reverse("admin:mentors_match_matching_cohorts")}
        return super().changelist_view(request, extra_context=extra_context)

    # Running the matching of a cohort: staff do it here (the staff site's old address redirects here).

    def get_urls(self):
        def staff_only(view):
            """Staff who may change matches; anyone else signed in gets a 404 (anonymous visitors go to the
            admin's login, as everywhere in the admin)."""
            inner = self.admin_site.admin_view(view)

            @wraps(view)
            def wrapper(request, *args, **kwargs):
                user = request.user
                if user.is_authenticated and not (user.is_staff and user.has_perm("mentors.change_match")):
                    raise Http404
                return inner(request, *args, **kwargs)

            return wrapper

        return [
            path("appariement/", staff_only(self.matching_cohorts_view), name="mentors_match_matching_cohorts"),
            path("appariement/<int:pk>/", staff_only(self.matching_view), name="mentors_match_matching"),
            path(
                "appariement/decision/<int:pk>/",
                staff_only(require_POST(self.matching_decide_view)),
                name="mentors_match_matching_decide",
            ),
            *super().get_urls(),
        ]

    def matching_cohorts_view(self, request):
        return _admin_page(
            self,
            request,
            "mentors/admin/matching_cohorts.html",
            title=_("Appariement des promotions"),
            cohorts=selectors.cohorts_for_staff(),
        )

    def matching_view(self, request, pk):
        cohort = get_object_or_404(Cohort, pk=pk)
        # Not `request.POST or None`: the option unticked may send an empty form, which must still run.
        form = MatchingRunForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            result = services.matching_run(
                cohort=cohort, by=request.user, guarantee_one_each=form.cleaned_data["guarantee_one_each"]
            )
            self.message_user(
                request,
                _(
                    "Appariement terminé : %(proposed)d proposition(s), %(kept)d projet(s) déjà accompagné(s), "
                    "%(unmatched)d projet(s) sans mentor disponible, %(set_aside)d binôme(s) fixé(s) à la main "
                    "écarté(s)."
                )
                % {
                    "proposed": len(result.proposed),
                    "kept": result.kept,
                    "unmatched": len(result.unmatched),
                    "set_aside": len(result.set_aside),
                },
                messages.SUCCESS,
            )
            if result.set_aside:
                self.message_user(
                    request,
                    _(
                        "%(count)d binôme(s) fixé(s) à la main écarté(s) : le mentor est depuis en pause, sans charte "
                        "ou en conflit d'intérêts avec le projet (le motif est dans l'historique du binôme)."
                    )
                    % {"count": len(result.set_aside)},
                    messages.WARNING,
                )
            return redirect("admin:mentors_match_matching", pk=cohort.pk)
        memberships = list(selectors.cohort_matching_overview(cohort=cohort))
        for membership in memberships:
            for match in membership.open_matches:
                match.breakdown_rows = scoring.breakdown_rows(match.score_breakdown)
        return _admin_page(
            self,
            request,
            "mentors/admin/matching.html",
            title=_("Appariement — %(name)s") % {"name": cohort.name},
            cohort=cohort,
            form=form,
            memberships=memberships,
            max_score=scoring.MAX_SCORE,
        )

    def matching_decide_view(self, request, pk):
        match = get_object_or_404(Match.objects.select_related("membership"), pk=pk)
        decision = request.POST.get("decision")
        try:
            if decision == "confirm":
                services.match_confirm(match=match, by=request.user)
                self.message_user(
                    request,
                    _("Binôme confirmé : le mentor et le porteur de projet reçoivent un e-mail."),
                    messages.SUCCESS,
                )
            elif decision == "reject":
                services.match_reject(match=match, by=request.user, reason=request.POST.get("reason", ""))
                self.message_user(request, _("Proposition écartée."), messages.SUCCESS)
            else:
                raise Http404
        except ValidationError as error:
            _report(self, request, error)
        return redirect("admin:mentors_match_matching", pk=match.membership.cohort_id)


@admin.register(MentoringSession)
class MentoringSessionAdmin(admin.ModelAdmin):
    list_display = ["date", "match", "duration_minutes", "mode", "holder_feedback_usefulness", "next_meeting_on"]
    list_filter = ["mode", "holder_feedback_usefulness", "match__membership__cohort"]
    list_select_related = ["match__mentor__user", "match__membership__application"]
    search_fields = ["match__membership__application__project_name", "match__mentor__user__full_name"]
    date_hierarchy = "date"
    show_full_result_count = False

    def has_add_permission(self, request):
        # Sessions are logged by mentors on their portal.
        return False

    def has_change_permission(self, request, obj=None):
        # What the mentor wrote is theirs: staff read it here (view only), and only the mentor corrects it (on
        # the portal, through `session_update`, within SESSION_EDIT_WINDOW). Nothing of a session is edited here.
        return False


class ProjectMatchingProfileForm(forms.ModelForm):
    sectors = _tags_field(_("secteurs d'activité"), Sector.choices)
    languages = _tags_field(_("langues de travail"), LANGUAGE_CHOICES)

    class Meta:
        model = ProjectMatchingProfile
        fields = ["membership", "sectors", "languages"]


@admin.register(ProjectMatchingProfile)
class ProjectMatchingProfileAdmin(admin.ModelAdmin):
    list_display = ["membership", "sector_list", "language_list"]
    list_select_related = ["membership__application"]
    list_filter = ["membership__cohort"]
    search_fields = ["membership__application__project_name"]
    autocomplete_fields = ["membership"]

    form = ProjectMatchingProfileForm

    @admin.display(description=_("secteurs"))
    def sector_list(self, obj):
        return ", ".join(str(Sector(value).label) for value in obj.sectors if value in Sector.values)

    @admin.display(description=_("langues"))
    def language_list(self, obj):
        return ", ".join(scoring.matched_labels("language", obj.languages))
