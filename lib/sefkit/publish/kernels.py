"""A warm Jupyter kernel reused across councils, with its namespace reset between them.

Papermill's plain CLI spends most of each run starting a kernel and importing
pandas and altair. Reusing one kernel per worker removes that cost. Before each
notebook the kernel runs `kernel_reset.reset`: IPython's reset removes every user
variable (imported modules stay loaded, which is what makes reuse fast) and
module state a notebook may change (altair renderer/theme, pandas options,
cwd, environment) is put back, so nothing of one council's report can leak
into the next. After any failure the kernel is restarted.
"""

from __future__ import annotations

import copy
import functools
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import KernelManager
from jupyter_core.utils import run_sync

if TYPE_CHECKING:
    import nbformat

# Binds no name in the user namespace; falls back to a plain %reset if the kernel cannot import sefkit.
RESET = """try:
    __import__("sefkit.publish.kernel_reset", fromlist=["reset"]).reset(get_ipython())
except ImportError:
    get_ipython().run_line_magic("reset", "-f")"""
RESET_TAG = "sefkit-reset"
logging.getLogger("traitlets").setLevel(logging.ERROR)


@functools.lru_cache(maxsize=8)
def _read_path(path: str, mtime_ns: int) -> nbformat.NotebookNode:
    import nbformat

    return nbformat.read(path, as_version=4)


def _read(notebook: str | Path | nbformat.NotebookNode) -> nbformat.NotebookNode:
    if not isinstance(notebook, (str, Path)):
        return notebook
    return _read_path(str(notebook), Path(notebook).stat().st_mtime_ns)


def _injected_at(nb: nbformat.NotebookNode, parameters: dict[str, Any]) -> int | None:
    """Where papermill will insert a new injected-parameters cell (None: it adds no cell)."""
    if not parameters:
        return None
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    if any("injected-parameters" in t for t in tags):
        return None  # an existing injected cell is replaced in place
    return next(i for i, t in enumerate(tags) if "parameters" in t) + 1


def _source_index(executed: int, injected: int | None) -> int:
    """A cell index in the executed notebook (reset cell first, maybe an injected cell) as an index in
    the notebook as given; an error in the injected cell is reported at the parameters cell."""
    if injected is not None and executed >= injected:
        executed -= 1
    return max(executed - 1, 0)


CELL_TIMEOUT = 600  # seconds: a hung cell fails its council instead of stalling the whole batch


class WarmKernel:
    def __init__(self, cwd: str | Path | None = None, kernel_name: str = "python3", warm_up: str = "",
                 cell_timeout: float | None = CELL_TIMEOUT):
        self.cwd = str(cwd) if cwd else None
        self.kernel_name = kernel_name
        self.cell_timeout = cell_timeout
        # IPC (unix sockets) rather than TCP: no port races between workers, nothing on the network,
        # and no "running over TCP without encryption" warning from every kernel.
        self._sockets = tempfile.mkdtemp(prefix="sef-kernel-")
        self.km = KernelManager(kernel_name=kernel_name, transport="ipc", ip=os.path.join(self._sockets, "k"))
        # No SQLite input history: reports need none, two kernels would contend for one history file,
        # and the reset between councils restarts the execution counter (which the database would refuse).
        self._client: AsyncKernelClient | None = None
        self._ready = False
        self.warm_up = warm_up
        try:
            self.km.start_kernel(cwd=self.cwd, extra_arguments=["--HistoryManager.enabled=False"])
            if warm_up:
                self._warm_up(warm_up)
        except BaseException:   # stopped (SIGTERM) or failed while starting: no kernel may outlive this
            self._kill()
            raise

    def execute(self, notebook: str | Path | nbformat.NotebookNode, parameters: dict[str, Any]
                ) -> nbformat.NotebookNode:
        """Run a notebook with parameters in this kernel; raises papermill's execution error on failure.

        The reset runs as a first cell of the same execution (a separate client round trip would cost
        about a quarter of a second per council); it is removed from the returned notebook. On an
        execution error, `exc.cell_index` is the failing cell's 0-based index in the notebook as given
        (not counting the reset cell or papermill's injected-parameters cell).
        """
        import nbformat  # here, with papermill: a worker starts its kernel before paying for these
        from papermill.exceptions import PapermillExecutionError

        from . import engine

        nb = copy.deepcopy(_read(notebook))
        reset = nbformat.v4.new_code_cell(RESET)
        tags = [c.metadata.get("tags", []) for c in nb.cells]
        # papermill injects parameters after the first `parameters`-tagged cell, or at the very top when
        # there is none, where our reset would wipe them: then the reset cell takes the tag itself.
        untagged = not any("parameters" in t or "injected-parameters" in t for t in tags)
        reset.metadata["tags"] = [RESET_TAG, "parameters"] if untagged else [RESET_TAG]
        nb.cells.insert(0, reset)
        injected = _injected_at(nb, parameters)
        try:
            out = engine.execute(nb, parameters, self.km, self.client(), self.kernel_name, self.cell_timeout,
                                 input_path=str(notebook) if isinstance(notebook, (str, Path)) else "")
        except PapermillExecutionError as exc:
            exc.cell_index = _source_index(exc.cell_index, injected)
            self.restart()
            raise
        except Exception:
            self.restart()
            raise
        # (KeyboardInterrupt, SystemExit: the caller is stopping and shuts the kernel down; no restart)
        out.cells = [c for c in out.cells if RESET_TAG not in c.metadata.get("tags", [])]
        return out

    @property
    def pid(self) -> int | None:
        """The kernel's process id (for tests and diagnostics)."""
        provisioner = getattr(self.km, "provisioner", None)
        return getattr(provisioner, "pid", None)

    def client(self):
        """One client for the kernel's life: papermill's default makes a new one per notebook and
        waits for the kernel to be ready each time (about 0.2 s per council).

        It is an asynchronous client, as nbclient expects: with a blocking one, nbclient's wait for
        output blocks its event loop, so a cell timeout never fires.
        """
        client = self._connect()
        if not self._ready:
            run_sync(client.wait_for_ready)(timeout=120)
            self._ready = True
        return client

    def _connect(self) -> AsyncKernelClient:
        if self._client is None:
            # The manager as parent: "is the kernel alive?" asks the process, not a heartbeat. So no heartbeat
            # channel: its thread raced a client being stopped (a ZMQError traceback in the terminal).
            client = AsyncKernelClient(parent=self.km, session=self.km.session)
            client.load_connection_info(self.km.get_connection_info())
            client.start_channels(hb=False)
            self._client, self._ready = client, False
        return self._client

    def _kill(self) -> None:
        """Stop a kernel whose start was interrupted: jupyter_client's own shutdown may refuse (its start
        was cut off halfway), so the kernel process is killed directly then."""
        try:
            self.shutdown()
        except Exception:
            process = getattr(getattr(self.km, "provisioner", None), "process", None)
            if process is not None and process.poll() is None:
                process.kill()
            shutil.rmtree(self._sockets, ignore_errors=True)

    def _drop_client(self) -> None:
        if self._client is not None:
            self._client.stop_channels()
            self._client, self._ready = None, False

    def _warm_up(self, code: str) -> None:
        """Queue library imports in the kernel now, without waiting for the kernel to be ready (ZeroMQ
        holds the request until the kernel's socket is up): the worker imports papermill meanwhile,
        and the first notebook queues behind the warm-up. Uses the kept client (a throw-away client
        stopped at once races with its own channel threads)."""
        self._connect().execute(code, silent=True, store_history=False)

    def restart(self) -> None:
        """A fresh kernel process, warmed up again: the next council's reset then snapshots the same
        module state (altair, pandas) as the first kernel's did, so isolation holds after a failure."""
        self._drop_client()
        self.km.restart_kernel(now=True)
        if self.warm_up:
            self._warm_up(self.warm_up)

    def shutdown(self) -> None:
        self._drop_client()
        if self.km.has_kernel:
            self.km.shutdown_kernel(now=True)
        shutil.rmtree(self._sockets, ignore_errors=True)

    def __enter__(self) -> WarmKernel:
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
