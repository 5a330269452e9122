import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roubaix_incubator.core.files import private_storage

from .enums import ReportKind, ReportStatus


def report_upload_to(instance, filename):
    return f"reports/{instance.pk}/{uuid.uuid4().hex}.xlsx"


class Report(models.Model):
    """A report staff requested: built by a Celery task into an XLSX workbook (one sheet per table) and a printable
    HTML page, both frozen at `built_at`. `parameters` say what it covers (a call, a cohort, a period)."""

    kind = models.CharField(_("type de rapport"), max_length=20, choices=ReportKind.choices)
    parameters = models.JSONField(_("paramètres"), default=dict, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    error = models.TextField(_("raison de l'échec"), blank=True)
    file = models.FileField(
        _("classeur XLSX"), storage=private_storage, upload_to=report_upload_to, max_length=255, blank=True
    )
    html = models.TextField(_("page imprimable"), blank=True, editable=False)
    title = models.CharField(_("titre"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports",
        verbose_name=_("demandé par"),
    )
    requested_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    started_at = models.DateTimeField(_("construction commencée le"), null=True, blank=True)
    built_at = models.DateTimeField(_("construit le"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    ready_email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    failure_email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The requester's language when they asked: the page, the workbook and the e-mails speak it.
    language = models.CharField(_("langue"), max_length=10, choices=settings.LANGUAGES, default="fr")

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapports")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"])]
        permissions = [("view_dashboard", _("Peut voir le tableau de bord du programme"))]

    def __str__(self):
        return self.title or f"{self.get_kind_display()} n° {self.pk}"

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY

    @property
    def download_name(self) -> str:
        built = timezone.localtime(self.built_at or self.requested_at)
        return f"rapport-{self.kind}-{self.pk}-{built:%Y-%m-%d}.xlsx"
