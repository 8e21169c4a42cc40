"""Start `streamlit run` on a free loopback port and drive it with Debian's Chromium, the way Streamlit's
own e2e tests do (health endpoint, then stApp connected and not running). Used by the browser tests,
the screenshot script, the load script and the benchmark."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(app: str | Path = REPO / "app.py", env: dict | None = None, cwd: Path = REPO,
                     extra_args: tuple[str, ...] = ()):
    """Yield the base URL of a running server; stop it afterwards."""
    with streamlit_process(app, env, cwd, extra_args) as (url, _process):
        yield url


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextlib.contextmanager
def streamlit_process(app: str | Path = REPO / "app.py", env: dict | None = None, cwd: Path = REPO,
                      extra_args: tuple[str, ...] = ()):
    """Yield (base URL, process) of a running server; stop it afterwards."""
    for attempt in range(3):
        port = free_port()
        command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
                   "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats",
                   "false", "--server.fileWatcherType", "none", "--global.developmentMode", "false", *extra_args]
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        if _wait_healthy(url, process):
            try:
                yield url, process
            finally:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            return
        process.kill()
    raise RuntimeError("streamlit did not become healthy after 3 attempts")


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def launch_chromium(playwright):
    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium not found: install Debian's package with `apt-get install chromium`")
    return playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)


ROUTED_MARKER = "[data-testid='stSidebar'] [data-testid='stButton']"  # the share button, drawn after the page


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Streamlit's own readiness sequence, the router's last element, then every plotly chart drawn.

    Waiting for the router's element matters on a fresh server: the first visit runs in Streamlit's
    legacy multipage mode and reruns through app.py, with an idle moment in between."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", state="attached", timeout=timeout)
    page.wait_for_selector(ROUTED_MARKER, state="attached", timeout=timeout)
    page.wait_for_timeout(250)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function("document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0",
                           timeout=timeout)
    page.wait_for_function(
        "Array.from(document.querySelectorAll(\"[data-testid='stPlotlyChart']\"))"
        ".every(el => el.querySelector('.main-svg'))", timeout=timeout)
    page.wait_for_timeout(200)
