"""`sef workbook` and `sef dashboard`: Voila on 127.0.0.1 serving only sefkit's pages.

Voila serves a folder holding just the page notebooks (copied from sefkit, so
no other notebook is reachable) with: sefkit's template (page title, `lang`, a
skip link, a `main` landmark, a visible focus outline, nothing from a CDN);
preheated kernels (the imports are done before a person arrives); idle culling
that never culls a page that is open (`cull_connected` stays off); no sources
and no tracebacks shown; only the front-end extensions the pages need. The data
paths come from the workspace (`SEF_WORKSPACE`), never from the kernel's working
directory. Ctrl-C stops Voila and its kernels.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from ..paths import builtin_notebook
from ..problems import InputError

SHARE = Path(__file__).resolve().parent / "share"        # holds voila/templates/sefkit
PAGES = {
    "workbook": ("self_assessment.ipynb", "evidence_library.ipynb", "action_plan.ipynb"),
    "dashboard": ("dashboard.ipynb",),
}
UNNEEDED_EXTENSIONS = ["jupyterlab_pygments"]       # a code-highlighting theme: the pages show no code
IDLE_CULL_SECONDS = 3600


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def voila_command(folder: Path, port: int, user_header: str | None) -> list[str]:
    command = [sys.executable, "-m", "voila", str(folder), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
               "--Voila.port_retries=0", "--template=sefkit", "--preheat_kernel=True", "--pool_size=1",
               "--strip_sources=True", "--show_tracebacks=False",
               f"--MappingKernelManager.cull_idle_timeout={IDLE_CULL_SECONDS}",
               "--MappingKernelManager.cull_interval=300", "--MappingKernelManager.cull_connected=False"]
    command += [f"--VoilaConfiguration.extension_denylist={name}" for name in UNNEEDED_EXTENSIONS]
    if user_header:
        command.append(f"--VoilaConfiguration.http_header_envs={user_header}")
    return command


def page_folder(kind: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"sef-{kind}-"))
    for name in PAGES[kind]:
        shutil.copy2(builtin_notebook(name), folder / name)
    return folder


def environment(workspace: Path, port: int, council: str | None, user_header: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SEF_WORKSPACE=str(workspace), VOILA_APP_IP="127.0.0.1", VOILA_APP_PORT=str(port),
               JUPYTER_PATH=os.pathsep.join([str(SHARE), *filter(None, [env.get("JUPYTER_PATH")])]))
    env.pop("SEF_COUNCIL", None)
    env.pop("SEF_USER_HEADER", None)
    if council:
        env["SEF_COUNCIL"] = council
    if user_header:
        env["SEF_USER_HEADER"] = user_header
    return env


def wait_until_serving(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/voila/static/voila.js"     # a static file: starts no kernel
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise InputError.one("argument", "--port", f"Voila stopped at start (exit code {process.returncode}); "
                                 f"is port {port} in use?", line=0)
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise InputError.one("argument", "--port", f"Voila did not start serving on port {port} within {timeout:.0f} s",
                         line=0)


def page_urls(kind: str, port: int, council: str | None) -> list[str]:
    query = f"?council={council}" if council else ""
    return [f"http://127.0.0.1:{port}/voila/render/{name}{query}" for name in PAGES[kind]]


def serve(kind: str, workspace: Path, port: int | None = None, council: str | None = None,
          user_header: str | None = None, out: Sequence[str] | None = None) -> int:
    """Serve the pages until Ctrl-C (or SIGTERM); prints each page's address once they are served."""
    port = port or free_port()
    folder = page_folder(kind)
    process = subprocess.Popen(voila_command(folder, port, user_header), env=environment(workspace, port, council,
                                                                                         user_header),
                               cwd=folder, start_new_session=True, stdin=subprocess.DEVNULL)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        wait_until_serving(port, process)
        print(f"sefkit {kind} for {workspace} (Ctrl-C to stop):", flush=True)
        for url in page_urls(kind, port, council):
            print(f"  {url}", flush=True)
        process.wait()
        return process.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def stop(process: subprocess.Popen[bytes], grace: float = 15) -> None:
    """Voila and every kernel it started (they share its process group): asked, then made, to stop."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        except ProcessLookupError:
            pass
    try:   # kernels Voila left behind (same process group) go too
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
