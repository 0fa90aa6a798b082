"""Refresh the issue-10 language screenshots: a throw-away SQLite demo database, runserver, headless Chromium.

    .venv/bin/python docs/screenshots/issue10/capture.py

Each shot signs in as a demo persona, switches the language with the portal's switcher (which also sets the
profile's language) and saves a 1280 px wide PNG of the page's first screen next to this script.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OUT = Path(__file__).resolve().parent
PASSWORD = "screenshot-demo-pass-1"

# (file name, user, language, path); "{pack_en}" is the newest English edition of the demo's agenda pack
SHOTS = [
    ("home-pmo-ru", "pmo", "ru", "/"),
    ("card-pmo-kk", "pmo", "kk", "/projects/1/"),
    ("direction-head-en", "head", "en", "/portfolio/directions/{direction}/"),
    ("pack-committee-en", "committee", "en", "{pack_en}"),
    ("indicators-sac-kk", "sac", "kk", "/monitoring/indicators/"),
    ("cases-expertise-head-ru", "expertise_head", "ru", "/expertise/"),
]


def _ids(env: dict[str, str]) -> dict[str, str]:
    code = (
        "from portfolio.models import AgendaPack; from pmis.reference.models import Direction;"
        "p = AgendaPack.objects.filter(language='en').order_by('-version').first();"
        "print('PACK=' + (p.get_absolute_url() if p else '/portfolio/meetings/'));"
        "print('DIRECTION=' + str(Direction.objects.order_by('number').first().pk))"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = dict(line.split("=", 1) for line in out.splitlines() if line.startswith(("PACK=", "DIRECTION=")))
    return {"pack_en": found["PACK"], "direction": found["DIRECTION"]}


def main() -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "DJANGO_SETTINGS_MODULE": "pmis.settings.dev",
        }
        env.pop("REDIS_URL", None)
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [*manage, "load_demo", "--password", PASSWORD],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        ids = _ids(env)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=os.environ.get("PMIS_BROWSER", "/usr/bin/chromium"),
                    args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
                )
                for name, user, language, path in SHOTS:
                    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ru-RU")
                    page = context.new_page()
                    page.goto(f"{base}/accounts/login/")
                    page.fill("input[name=username]", user)
                    page.fill("input[name=password]", PASSWORD)
                    with page.expect_navigation():
                        page.click("main form button[type=submit]")
                    if page.locator("html").get_attribute("lang") != language:
                        with page.expect_navigation():
                            page.select_option("#language-select", language)
                    page.goto(base + path.format(**ids))
                    page.wait_for_load_state("networkidle")
                    target = OUT / f"{name}.png"
                    page.screenshot(path=str(target))
                    # a 128-colour palette keeps the set to a few hundred KB
                    image = (
                        Image.open(target)
                        .convert("RGB")
                        .quantize(colors=128, method=Image.Quantize.MEDIANCUT)
                    )
                    image.save(target, optimize=True)
                    print(f"{target.name} {page.url} ({target.stat().st_size // 1024} KB)")
                    context.close()
                browser.close()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
