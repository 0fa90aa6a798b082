"""The benchmark harness behind `make bench`.

1. Drops and recreates a separate PostgreSQL database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/pmis_bench; its name must contain "bench") and migrates it.
2. Builds a synthetic city with every `bench/builders/*.py` module's `build(scale, stdout)`, in
   file-name order, and prints `BENCH build seconds=<s>`.
3. Starts gunicorn (settings pmis.settings.bench) on a free local port, signs in over HTTP as the
   bench user (password and second factor), then times every page case of `bench/pages/*.py`
   (`CASES = [(name, url), ...]` or `cases(ctx)`), always including `floor.static` and `floor.view`:
   `BENCH <name> p50_ms=<x> p95_ms=<y> queries=<n>` (queries from the X-Query-Count header).
4. Runs the job benchmarks of `bench/jobs/*.py` (`run(ctx) -> list[str]`) and bench/bench_appraisal.py.
gunicorn is stopped at the end, also on errors. Exit status 1 when a page did not answer 200.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/pmis_bench"
FLOOR_CASES = [("floor.static", "/static/css/pmis.css"), ("floor.view", "/ping/")]

sys.path.insert(0, str(ROOT))


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def load_modules(folder: str) -> list[ModuleType]:
    """Every bench/<folder>/*.py module, in file-name order (names may start with digits)."""
    modules = []
    for path in sorted((BENCH / folder).glob("*.py")):
        if path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"bench_{folder}_{path.stem}", path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


def recreate_database(url: str) -> None:
    """DROP and CREATE the bench database, connected to the server's `postgres` maintenance database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(
            f"Refusing to drop database {name!r}: a benchmark database name must contain 'bench'."
        )
    admin_url = urlunsplit(
        (parts.scheme.replace("postgresql", "postgres"), parts.netloc, "/postgres", parts.query, "")
    )
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "pmis.settings.bench"
    os.environ["BENCH_DATABASE_URL"] = database_url
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gunicorn_path() -> str:
    """gunicorn next to this interpreter (the project's .venv), else the one on PATH."""
    beside = Path(sys.executable).parent / "gunicorn"
    if beside.exists():
        return str(beside)
    found = shutil.which("gunicorn")
    if found is None:
        raise SystemExit("gunicorn is not installed (pip install -r requirements.txt)")
    return found


@contextmanager
def gunicorn(database_url: str, workers: int) -> Iterator[str]:
    """Run gunicorn in its own process group; always stop it (TERM, then KILL) on the way out."""
    import requests

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = ROOT / "artifacts" / "bench-gunicorn.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pmis.settings.bench", "BENCH_DATABASE_URL": database_url}
    command = [
        gunicorn_path(),
        "pmis.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--log-level",
        "warning",
    ]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"gunicorn exited with {process.returncode}:\n{log_path.read_text()[-3000:]}"
                    )
                try:
                    if requests.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                        break
                except (requests.ConnectionError, requests.Timeout):  # busy machine: keep waiting
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"gunicorn did not answer /healthz in 60 s:\n{log_path.read_text()[-3000:]}"
                    )
                time.sleep(0.2)
            log(f"gunicorn pid {process.pid} serving {base_url} with {workers} workers")
            yield base_url
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=5)
            log("gunicorn stopped")


def sign_in(base_url: str, username: str, password: str, otp_key: str | None) -> Any:
    """A requests session signed in through the real form, passing the second factor when asked."""
    import requests
    from django_otp.oath import totp

    session = requests.Session()
    session.get(f"{base_url}/accounts/login/", timeout=10).raise_for_status()
    response = session.post(
        f"{base_url}/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "next": "/",
        },
        timeout=10,
    )
    response.raise_for_status()
    if "/accounts/2fa/" in response.url:
        if not otp_key:
            raise RuntimeError("the bench user is asked for a second factor but has no TOTP key")
        token = str(totp(bytes.fromhex(otp_key))).zfill(6)
        response = session.post(
            response.url,
            data={"token": token, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            timeout=10,
        )
        response.raise_for_status()
    check = session.get(f"{base_url}/ping/", allow_redirects=False, timeout=10)
    if check.status_code != 200:
        raise RuntimeError(
            f"sign-in failed: /ping/ answered {check.status_code} ({check.headers.get('Location', '')})"
        )
    return session


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    index = max(0, math.ceil(fraction * len(sorted_values)) - 1)
    return sorted_values[index]


def measure(session: Any, base_url: str, name: str, url: str, requests_per_case: int) -> tuple[str, bool]:
    timings, queries, statuses = [], [], set()
    for _ in range(requests_per_case):
        start = time.perf_counter()
        response = session.get(f"{base_url}{url}", allow_redirects=False, timeout=60)
        _ = response.content
        timings.append((time.perf_counter() - start) * 1000.0)
        statuses.add(response.status_code)
        queries.append(int(response.headers.get("X-Query-Count", "0")))
    timings.sort()
    ok = statuses == {200}
    if not ok:
        log(f"{name} {url}: HTTP status {sorted(statuses)}")
    if len(set(queries)) > 1:
        log(
            f"{name} {url}: query count varies between requests {sorted(set(queries))}; reporting the maximum"
        )
    line = (
        f"BENCH {name} p50_ms={statistics.median(timings):.1f} p95_ms={percentile(timings, 0.95):.1f} "
        f"queries={max(queries)}"
    )
    return line, ok


def page_cases(ctx: dict[str, Any]) -> list[tuple[str, str]]:
    cases = list(FLOOR_CASES)
    for module in load_modules("pages"):
        found = module.cases(ctx) if hasattr(module, "cases") else getattr(module, "CASES", [])
        cases.extend((str(name), str(url)) for name, url in found)
    return cases


def run_appraisal() -> None:
    script = BENCH / "bench_appraisal.py"
    if not script.exists():
        return
    result = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        log(f"bench_appraisal.py failed ({result.returncode}): {result.stderr[-2000:]}")


def timed(label: str, func: Callable[[], None]) -> float:
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    log(f"{label}: {seconds:.1f} s")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=10000, help="size of the synthetic city (default 10000)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    args = parser.parse_args(argv)

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    recreate_database(database_url)
    setup_django(database_url)
    from django.core.management import call_command
    from django.db import connections

    timed("migrate", lambda: call_command("migrate", verbosity=0, interactive=False))

    builders = load_modules("builders")

    def build() -> None:
        for module in builders:
            module.build(args.scale, sys.stdout)

    print(f"BENCH build seconds={timed(f'build at scale {args.scale}', build):.1f}", flush=True)
    connections.close_all()

    platform = next((m for m in builders if hasattr(m, "BENCH_USERNAME")), None)
    if platform is None:
        raise SystemExit("no builder defines BENCH_USERNAME / BENCH_PASSWORD (bench/builders/00_platform.py)")

    all_ok = True
    with gunicorn(database_url, args.workers) as base_url:
        session = sign_in(
            base_url,
            platform.BENCH_USERNAME,
            platform.BENCH_PASSWORD,
            getattr(platform, "BENCH_OTP_KEY", None),
        )
        ctx: dict[str, Any] = {
            "scale": args.scale,
            "base_url": base_url,
            "session": session,
            "requests": args.requests,
            "database_url": database_url,
            "stdout": sys.stdout,
        }
        for name, url in page_cases(ctx):
            line, ok = measure(session, base_url, name, url, args.requests)
            all_ok = all_ok and ok
            print(line, flush=True)
        for module in load_modules("jobs"):
            for line in module.run(ctx):
                print(line, flush=True)
    run_appraisal()
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
