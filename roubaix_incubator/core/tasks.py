import logging

from celery import shared_task

from .services import accounts_purge_past_retention

logger = logging.getLogger(__name__)


@shared_task(name="core.purge_accounts_past_retention")
def purge_accounts_past_retention_task() -> int:
    deleted = accounts_purge_past_retention()
    logger.info("Accounts past their retention period deleted: %s", deleted)
    return deleted
