"""Where a warm /api/ask spends its CPU: pyinstrument over the whole request (routing, request validation, the
answer, response validation and JSON), written to ``bench/results/profile-ask[-<label>].txt``.

FastAPI runs a sync route in a worker thread, which a sampling profiler of the main thread does not see; here the
thread hop is replaced by a direct call, so every request runs in the profiled thread, driven over ASGI by an
in-process client. Samples are taken by the thread's CPU time, so time spent waiting for a CPU on a busy
machine does not count. The answer cache is off: this is the uncached path.

Run: `python bench/profile_ask.py [--rounds 2] [--label before]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from typing import Any

from common import OUT, load_average, questions
from indexes import base_index


async def _inline(func: Any, *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


async def drive(app: Any, items: list[dict[str, Any]], rounds: int) -> tuple[int, float]:
    import httpx

    transport = httpx.ASGITransport(app=app)
    done, cpu0 = 0, time.process_time()
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for _ in range(rounds):
            for q in items:
                r = await client.post("/api/ask", json={"question": q["question"], "history": q.get("history")})
                r.raise_for_status()
                done += 1
    return done, time.process_time() - cpu0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    os.environ["ASSISTANT_ANSWER_CACHE_SIZE"] = "0"
    import fastapi.routing
    from pyinstrument import Profiler

    from assistant.api import create_app
    from assistant.assistant import build_assistant
    from assistant.embeddings import set_torch_threads
    from assistant.settings import Settings

    fastapi.routing.run_in_threadpool = _inline  # type: ignore[assignment]
    set_torch_threads(1)
    settings = Settings(index_dir=base_index())
    assistant = build_assistant(settings)
    assistant.warm_up()
    app = create_app(settings, assistant, with_ui=False)
    items = questions()
    asyncio.run(drive(app, items, 1))  # warm
    from pyinstrument.stack_sampler import get_stack_sampler

    # samples by this thread's CPU time, not wall time: on a shared machine, waiting for a CPU is not a cost
    get_stack_sampler().timer_func = time.thread_time
    profiler = Profiler(interval=0.001, async_mode="disabled")
    profiler.start()
    n, cpu = asyncio.run(drive(app, items, args.rounds))
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False, short_mode=False)
    header = (f"# pyinstrument, {n} warm /api/ask requests (tune questions x {args.rounds}), answer cache off\n"
              f"# CPU {cpu * 1000 / n:.1f} ms per request in this process (client included); load average "
              f"{load_average()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    name = "profile-ask" + (f"-{args.label}" if args.label else "")
    (OUT / f"{name}.txt").write_text(header + text)
    print(header + text[:6000])


if __name__ == "__main__":
    main()
