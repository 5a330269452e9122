"""One factory_boy factory per model. Each creates its row and the rows it points to, nothing else."""

from .applications import (
    AnswerFactory,
    ApplicationFactory,
    AttachmentFactory,
    CallFactory,
    QuestionFactory,
    StatusChangeFactory,
)
from .core import PASSWORD, NeighbourhoodFactory, UserFactory

__all__ = [
    "PASSWORD",
    "AnswerFactory",
    "ApplicationFactory",
    "AttachmentFactory",
    "CallFactory",
    "NeighbourhoodFactory",
    "QuestionFactory",
    "StatusChangeFactory",
    "UserFactory",
]
