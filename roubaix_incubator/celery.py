import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roubaix_incubator.settings")

app = Celery("roubaix_incubator")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
