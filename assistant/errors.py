"""A small family of errors whose messages are written for the user: what went wrong and how to fix it.

The library raises these; only the faces (API, UI, CLI) turn them into status codes, chat messages or exit codes.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class. ``str(error)`` is a complete message for a user."""


class ConfigError(AssistantError):
    """A setting is wrong (bad model path, unreachable server address...)."""


class BadRequestError(AssistantError):
    """The question, history or filters are not acceptable."""


class CorpusError(AssistantError):
    """A corpus file cannot be read or does not follow the schema."""


class IndexMismatchError(AssistantError):
    """The index was built with a different embedding model or dimension."""


class IndexEmptyError(AssistantError):
    """There is nothing indexed yet."""


class StoreUnavailableError(AssistantError):
    """The vector store (a Chroma server) cannot be reached."""
