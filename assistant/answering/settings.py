"""The answer settings sub-tree (defined with the rest of the settings, in ``assistant.settings``)."""

from ..settings import AnswerSettings

__all__ = ["AnswerSettings"]
