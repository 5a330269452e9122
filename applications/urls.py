from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.home, name="home"),
    path("appels/", views.call_list, name="call_list"),
    path("appels/<slug:slug>/", views.call_detail, name="call_detail"),
    path("appels/<slug:slug>/candidater/", views.application_start, name="start"),
    path("candidatures/", views.dashboard, name="dashboard"),
    path("candidatures/<int:pk>/", views.application_detail, name="detail"),
    path("candidatures/<int:pk>/etape/<slug:step>/", views.application_step, name="step"),
    path("candidatures/<int:pk>/documents/", views.application_documents, name="documents"),
    path(
        "candidatures/<int:pk>/documents/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "candidatures/<int:pk>/documents/<int:attachment_pk>/supprimer/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("candidatures/<int:pk>/envoyer/", views.application_review, name="review"),
    path("candidatures/<int:pk>/retirer/", views.application_withdraw, name="withdraw"),
]
