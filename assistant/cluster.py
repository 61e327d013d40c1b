"""Scale-out on one machine: a Chroma server (``chroma run``) and several uvicorn workers sharing it.

Each worker is a whole assistant (model, BM25 index, API and UI) reading the one index on the Chroma server; an
ingest by any client bumps the index generation, and every worker rebuilds its lexical side when it sees the new
generation (checked at most every two seconds). ``assistant serve-cluster`` (and ``make serve-cluster``) runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .errors import ConfigError, StoreUnavailableError


def chroma_command() -> str:
    """The ``chroma`` executable next to this Python, else on the PATH."""
    beside = Path(sys.executable).with_name("chroma")
    found = str(beside) if beside.is_file() else shutil.which("chroma")
    if not found:
        raise ConfigError("the `chroma` command is not installed; install the project (pip install -e .), "
                          "which brings chromadb and its server")
    return found


def start_chroma(data_dir: Path, host: str, port: int, *, timeout: float = 60.0) -> subprocess.Popen[bytes]:
    """Start ``chroma run`` and wait for its heartbeat."""
    import httpx

    data_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([chroma_command(), "run", "--path", str(data_dir), "--host", host, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StoreUnavailableError(f"`chroma run` exited with code {proc.returncode}; is port {port} already "
                                        "in use? Set ASSISTANT_CHROMA_PORT to a free port")
        try:
            if httpx.get(f"http://{host}:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise StoreUnavailableError(f"the Chroma server on {host}:{port} did not answer within {timeout:.0f} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def cluster_env(chroma_host: str, chroma_port: int) -> None:
    """Point this process (and the workers it forks) at the Chroma server."""
    os.environ["ASSISTANT_CHROMA_HOST"] = chroma_host
    os.environ["ASSISTANT_CHROMA_PORT"] = str(chroma_port)
