from django.urls import path

from . import views

app_name = "mentors"

urlpatterns = [
    # The mentor portal
    path("", views.portal, name="portal"),
    path("devenir-mentor/", views.become_mentor, name="apply"),
    path("profil/", views.profile, name="profile"),
    path("charte/", views.charter, name="charter"),
    path("charte/signer/", views.sign_charter, name="sign_charter"),
    path("projets/<int:membership_pk>/", views.project, name="project"),
    path("projets/<int:membership_pk>/seance/", views.session_new, name="session_new"),
    path("projets/<int:membership_pk>/seances/<int:pk>/modifier/", views.session_edit, name="session_edit"),
    path("seances/", views.session_list, name="sessions"),
    path("conflits-d-interets/", views.conflict_new, name="conflicts"),
    # The project holder
    path("mon-projet/", views.holder_home, name="holder_home"),
    path("mon-projet/<int:membership_pk>/", views.holder_project, name="holder_project"),
    path("mon-projet/<int:membership_pk>/seances/<int:pk>/avis/", views.feedback, name="feedback"),
    # Staff
    path("equipe/", views.staff_index, name="staff_index"),
    path("equipe/inviter/", views.staff_invite, name="staff_invite"),
    path("equipe/promotions/<int:pk>/appariement/", views.staff_matching, name="staff_matching"),
    path(
        "equipe/promotions/<int:pk>/secteurs-et-langues/", views.staff_project_profiles, name="staff_project_profiles"
    ),
    path("equipe/promotions/<int:pk>/suivi/", views.staff_follow_up, name="staff_follow_up"),
]
