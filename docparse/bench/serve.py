"""Load test of the HTTP service on loopback: concurrent clients uploading 20-page PDFs.

`docparse serve` runs in a child process on 127.0.0.1 with a temporary library.
Each client uploads distinct PDFs (pages of corpus/pdf/*.pdf, a different window
of pages and its own metadata each time) and, every few uploads, one of its earlier
files again, which must come back with the same id and `created: false`. The test
stops by itself: no new request after `duration_s`, and every request has a timeout.
At the end the library must hold exactly the distinct files that were accepted:
none lost, none twice.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Imported here, not where used: without them `docparse bench` reports this suite as
# "not available" instead of failing halfway (both are development dependencies).
import httpx
from pypdf import PdfReader, PdfWriter

DURATION_S = 60.0
CLIENTS = 8
PAGES = 20
REPEAT_EVERY = 3  # every 3rd request of a client re-sends one of its earlier files
REQUEST_TIMEOUT_S = 300.0
START_TIMEOUT_S = 120.0
HOST = "127.0.0.1"  # loopback only: the test must never reach past this machine


@dataclass
class Result:
    latency_s: float
    status: int
    repeat: bool
    ok: bool
    sha256: str
    problem: str = ""


@dataclass
class Tally:
    results: list[Result] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, result: Result) -> None:
        with self.lock:
            self.results.append(result)


class PdfMaker:
    """Distinct PDFs of `pages` pages cut from the corpus, made on demand (a few ms each)."""

    def __init__(self, corpus: Path, pages: int) -> None:
        files = sorted((corpus / "pdf").glob("*.pdf"))
        if not files:
            raise FileNotFoundError(f"no PDF in {corpus / 'pdf'}")
        readers = [PdfReader(path) for path in files]
        self._pool = [(reader, i) for reader in readers for i in range(len(reader.pages))]
        self._pages = pages
        self._counter = itertools.count()
        self._lock = threading.Lock()  # pypdf readers are not safe across threads

    def make(self) -> bytes:
        with self._lock:
            n = next(self._counter)
            writer = PdfWriter()
            start = (n * 7) % len(self._pool)
            for k in range(self._pages):
                reader, index = self._pool[(start + k) % len(self._pool)]
                writer.add_page(reader.pages[index])
            writer.add_metadata({"/Title": f"docparse load test upload {n}",
                                 "/Subject": os.urandom(8).hex()})
            out = io.BytesIO()
            writer.write(out)
        return out.getvalue()


def run(
    corpus: Path,
    *,
    duration_s: float = DURATION_S,
    clients: int = CLIENTS,
    pages: int = PAGES,
    workers: int = 2,
    entities: bool = True,
) -> dict[str, Any]:
    """Start the service, load it, check the library, stop it; the figures as a dict."""
    maker = PdfMaker(corpus, pages)
    with tempfile.TemporaryDirectory(prefix="docparse-bench-serve-") as tmp:
        library = Path(tmp) / "library"
        port = _free_port()
        base = f"http://{HOST}:{port}"
        log_path = Path(tmp) / "server.log"
        with log_path.open("wb") as log:
            server = _start(port, library, workers, entities, log)
            try:
                _wait_ready(base, server, log_path)
                tally = Tally()
                started = time.monotonic()
                deadline = started + duration_s
                threads = [
                    threading.Thread(target=_client, args=(base, maker, deadline, tally, seed),
                                     name=f"bench-client-{seed}")
                    for seed in range(clients)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                elapsed = time.monotonic() - started
                stored = _stored_ids(base)
                health = httpx.get(f"{base}/api/v1/health", timeout=30).json()
            finally:
                _stop(server)
        files = len(list((library / "files").iterdir())) if (library / "files").is_dir() else 0
    return _report(tally.results, stored, files, elapsed, health, clients=clients, pages=pages,
                   workers=workers, entities=entities, duration_s=duration_s)


def _client(base: str, maker: PdfMaker, deadline: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    sent: list[bytes] = []
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S) as client:
        for n in itertools.count():
            if time.monotonic() >= deadline:
                return
            repeat = bool(sent) and n % REPEAT_EVERY == REPEAT_EVERY - 1
            data = rng.choice(sent) if repeat else maker.make()
            sha = hashlib.sha256(data).hexdigest()
            started = time.monotonic()
            try:
                response = client.post("/api/v1/documents",
                                       files={"file": (f"upload-{seed}-{n}.pdf", data)})
            except httpx.HTTPError as exc:
                tally.add(Result(time.monotonic() - started, 0, repeat, False, sha,
                                 f"{type(exc).__name__}: {exc}"))
                continue
            latency = time.monotonic() - started
            problem = _check(response, sha, repeat)
            tally.add(Result(latency, response.status_code, repeat, not problem, sha, problem))
            if not repeat and not problem:
                sent.append(data)


def _check(response: Any, sha: str, repeat: bool) -> str:
    """What is wrong with an upload's answer; "" when nothing."""
    if response.status_code not in (200, 201):
        return f"status {response.status_code}: {response.text[:200]}"
    body = response.json()
    if body.get("id") != sha:
        return f"id {body.get('id')} is not the sha256 of the upload"
    if repeat and (response.status_code != 200 or body.get("created")):
        return "a repeated upload was stored again"
    return ""


def _report(results: list[Result], stored: list[str], files: int, elapsed: float,
            health: dict[str, Any], **settings: Any) -> dict[str, Any]:
    accepted = {r.sha256 for r in results if r.ok}
    failures = [r for r in results if not r.ok]
    new = [r.latency_s for r in results if not r.repeat]
    repeats = [r.latency_s for r in results if r.repeat]
    stored_set = set(stored)
    return {
        **settings,
        "elapsed_s": round(elapsed, 1),
        "requests": len(results),
        "uploads_new": len(new),
        "uploads_repeat": len(repeats),
        "failures": len(failures),
        "failure_examples": sorted({r.problem for r in failures})[:5],
        "latency_s": _percentiles([r.latency_s for r in results]),
        "latency_new_s": _percentiles(new),
        "latency_repeat_s": _percentiles(repeats),
        "uploads_per_s": round(len(new) / elapsed, 2) if elapsed else 0.0,
        "pages_per_s": round(len(new) * settings["pages"] / elapsed, 1) if elapsed else 0.0,
        "documents_expected": len(accepted),
        "documents_stored": len(stored),
        "files_stored": files,
        "lost": len(accepted - stored_set),
        "duplicated": len(stored) - len(stored_set),
        "unexpected": len(stored_set - accepted),
        "worker_restarts": health.get("worker_restarts"),
        "ok": not failures and stored_set == accepted and len(stored) == len(stored_set) == files,
    }


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "max": 0.0, "mean": 0.0}
    ordered = sorted(values)

    def at(q: float) -> float:  # nearest rank: an observed value, never an interpolation
        return ordered[min(len(ordered) - 1, max(0, int(q * len(ordered) + 0.999999) - 1))]

    return {"p50": round(at(0.50), 3), "p95": round(at(0.95), 3),
            "max": round(ordered[-1], 3), "mean": round(sum(ordered) / len(ordered), 3)}


def _stored_ids(base: str) -> list[str]:
    ids: list[str] = []
    while True:
        page = httpx.get(f"{base}/api/v1/documents",
                         params={"limit": 1000, "offset": len(ids)}, timeout=60).json()
        ids.extend(d["id"] for d in page["documents"])
        if not page["documents"] or len(ids) >= page["total"]:
            return ids


# --- the server process ---------------------------------------------------------------


def _free_port() -> int:
    from docparse.service.server import free_port

    return free_port(HOST)


def _start(
    port: int, library: Path, workers: int, entities: bool, log: Any
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "docparse", "serve", "--host", HOST, "--port", str(port),
        "--library", str(library), "--workers", str(workers),
        "--timeout", str(REQUEST_TIMEOUT_S - 30), "--entities" if entities else "--no-entities",
    ]
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)


def _wait_ready(base: str, server: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the service exited: {log_path.read_text(errors='replace')}")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the service did not start in {START_TIMEOUT_S:g} s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # uvicorn shuts down cleanly, workers included
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
