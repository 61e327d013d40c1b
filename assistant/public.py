"""What a response may say about the server: a note's path relative to the corpus folder, never an absolute path.

The HTTP face runs every document path and every error message through here, so a caller never learns how the
server's disk is laid out (the CLI, run by the operator on the server, still prints full paths).

>>> public_path("/srv/app/corpus/policy/eu.md", Path("/srv/app/corpus"))
'policy/eu.md'
>>> public_path("/home/me/Downloads/report.pdf", Path("/srv/app/corpus"))
'report.pdf'
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any


def public_path(path: str, corpus_dir: Path) -> str:
    """``path`` relative to the corpus folder; a document ingested from elsewhere by its file name only."""
    if not path:
        return ""
    candidate = Path(path)
    for root in (corpus_dir, corpus_dir.resolve()):
        try:
            return PurePosixPath(candidate.relative_to(root)).as_posix()
        except ValueError:
            continue
    try:
        return PurePosixPath(candidate.resolve().relative_to(corpus_dir.resolve())).as_posix()
    except (OSError, ValueError):
        return candidate.name


def server_folders(settings: Any) -> dict[str, str]:
    """The server's own folders and files, each with the setting that names it, longest path first."""
    named = {
        "ASSISTANT_CORPUS_DIR": settings.corpus_dir, "ASSISTANT_INDEX_DIR": settings.index_dir,
        "ASSISTANT_FEEDBACK_PATH": settings.feedback_path, "ASSISTANT_EMBEDDING_MODEL": settings.embedding_model,
    }
    paths: dict[str, str] = {}
    for name, value in named.items():
        value = Path(str(value))
        if not value.is_absolute():
            continue
        for variant in {str(value), str(value.resolve())}:
            if len(variant) > 1:
                paths[variant] = name
    return dict(sorted(paths.items(), key=lambda item: -len(item[0])))


def redact(message: str, folders: dict[str, str]) -> str:
    """``message`` with each server folder replaced by the setting that names it, e.g. ``<ASSISTANT_INDEX_DIR>``."""
    for path, name in folders.items():
        message = message.replace(path, f"<{name}>")
    return message
