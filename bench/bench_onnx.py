"""The query encoder on torch and on ONNX Runtime: CPU per query (one thread, one question at a time, as a server
encodes) and the cosine between the two vectors of every tune-split dev question.

Run: `python bench/bench_onnx.py`. The ONNX export is made under ``bench/results/tmp/onnx`` on the first run.
"""

from __future__ import annotations

import time

import numpy as np
from common import CACHE, questions, write_results


def main() -> None:
    from assistant.embeddings import OnnxQueryEncoder, SentenceEmbedder, set_torch_threads
    from assistant.settings import Settings

    set_torch_threads(1)
    embedder = SentenceEmbedder(Settings().embedding_model)
    started = time.perf_counter()
    onnx = OnnxQueryEncoder.load(embedder._model, CACHE / "onnx", embedder.model_name, threads=1)
    load_s = time.perf_counter() - started
    texts = [q["question"] for q in questions()]

    def torch_one(text: str) -> np.ndarray:
        return np.asarray(embedder.encode([text])[0])

    def onnx_one(text: str) -> np.ndarray:
        return np.asarray(onnx.encode([text])[0])

    cpu: dict[str, list[float]] = {"torch": [], "onnx": []}
    vectors: dict[str, list[np.ndarray]] = {"torch": [], "onnx": []}
    for _ in range(3):  # interleaved passes: both share the machine's load
        for name, fn in (("torch", torch_one), ("onnx", onnx_one)):
            out = []
            start = time.process_time()
            for text in texts:
                out.append(fn(text))
            cpu[name].append((time.process_time() - start) / len(texts) * 1000)
            vectors[name] = out
    cosines = np.sum(np.stack(vectors["torch"]) * np.stack(vectors["onnx"]), axis=1)
    t, o = min(cpu["torch"]), min(cpu["onnx"])
    figures = {"questions": len(texts), "torch_cpu_ms_per_query": round(t, 2), "onnx_cpu_ms_per_query": round(o, 2),
               "speedup": round(t / o, 2), "cosine_min": float(cosines.min()), "cosine_mean": float(cosines.mean()),
               "onnx_load_or_export_s": round(load_s, 1), "passes_ms": cpu}
    write_results("onnx", "Query encoder: torch vs ONNX Runtime", figures, [
        ("torch: CPU ms per query (best of 3 passes)", figures["torch_cpu_ms_per_query"], ""),
        ("ONNX Runtime: CPU ms per query (best of 3 passes)", figures["onnx_cpu_ms_per_query"], ""),
        ("speed-up", figures["speedup"], "> 1"),
        ("cosine torch/ONNX over the tune questions: min / mean", f"{cosines.min():.7f} / {cosines.mean():.7f}",
         ">= 0.9999"),
        ("ONNX export (first run) or load, s", figures["onnx_load_or_export_s"], ""),
    ], notes=["One thread each, one question per call (as a server encodes); CPU time of this process.",
              "Adopted as `query_encoder=auto` (the default): ONNX when the export is possible, checked against torch "
              "at load (cosine >= 0.9999 on three sentences), else torch."])


if __name__ == "__main__":
    main()
