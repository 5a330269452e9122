from django.urls import path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("candidatures/<int:application_pk>/decision/", views.decision_detail, name="decision"),
    path("promotion/", views.my_cohorts, name="my_cohorts"),
    path("promotion/<int:pk>/", views.membership_detail, name="membership"),
    path("promotion/<int:pk>/impact/", views.impact_report_create, name="impact_report"),
]
