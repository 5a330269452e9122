from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.agenda, name="agenda"),
    # A participant's private pages: the token is the key, no account needed.
    path("inscription/<slug:token>/", views.manage, name="manage"),
    path("inscription/<slug:token>/confirmation/", views.confirmation, name="confirmation"),
    path("inscription/<slug:token>/annuler/", views.cancel, name="cancel"),
    path("inscription/<slug:token>/agenda.ics", views.calendar_file, name="calendar"),
    path("inscription/<slug:token>/contributions/", views.contribute, name="contribute"),
    path("inscription/<slug:token>/contributions/<int:pk>/vote/", views.vote, name="vote"),
    # Staff at the door.
    path("accueil/inscription/<int:pk>/", views.checkin_person, name="checkin_person"),
    path("accueil/inscription/<int:pk>/pointer/", views.checkin_toggle, name="checkin_toggle"),
    path("accueil/<slug:slug>/", views.checkin, name="checkin"),
    path("accueil/<slug:slug>/compteur/", views.checkin_counts, name="checkin_counts"),
    path("accueil/<slug:slug>/sur-place/", views.walk_in, name="walk_in"),
    path("accueil/<slug:slug>/tables/", views.tables, name="tables"),
    path("accueil/<slug:slug>/tables/<int:pk>/", views.table_sheet, name="table_sheet"),
    # Public event pages.
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/inscription/", views.register, name="register"),
    path("<slug:slug>/synthese/", views.synthesis, name="synthesis"),
]
