from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from roubaix_incubator.core import views as core_views

admin.site.site_header = _("Roubaix Innovation Sociale — administration")
admin.site.site_title = _("Administration de l'incubateur")
admin.site.index_title = _("Pilotage du programme")
# Staff sign in through allauth like everyone else: same rate limits, same e-mail verification.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("compte/supprimer/", core_views.account_delete, name="account_delete"),
    path("compte/mes-donnees/", core_views.account_data_download, name="account_data"),
    path("compte/", include("allauth.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("evenements/", include("events.urls")),
    path("", include("cohorts.urls")),
    path("mentorat/", include("mentors.urls")),
    path("", include("applications.urls")),
]
