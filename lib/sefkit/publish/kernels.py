"""A warm Jupyter kernel reused across councils, with its namespace reset between them.

Papermill's plain CLI spends most of each run starting a kernel and importing
pandas and altair. Reusing one kernel per worker removes that cost; running
`%reset -f` before each notebook removes every user variable (imported modules
stay loaded, which is what makes reuse fast), so nothing of one council's
report can leak into the next. After any failure the kernel is restarted.
"""

from __future__ import annotations

import copy
import functools
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import nbformat
import papermill as pm
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError
from papermill.utils import merge_kwargs, remove_args
from jupyter_client.manager import KernelManager

RESET = "get_ipython().run_line_magic('reset', '-f')"
RESET_TAG = "sefkit-reset"
logging.getLogger("papermill").setLevel(logging.WARNING)
logging.getLogger("traitlets").setLevel(logging.ERROR)


class _KeptClientEngine(NBClientEngine):
    """papermill's nbclient engine, but executing through a client we keep for the kernel's life."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
        client = kwargs.pop("sefkit_client")
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        runner = PapermillNotebookClient(nb_man, **merge_kwargs(
            kwargs, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
            log=logging.getLogger("papermill"), log_output=log_output, stdout_file=stdout_file,
            stderr_file=stderr_file))
        runner.kc = client  # nbclient reuses a client that is already set, and leaves it open
        return runner.execute()


ENGINE = "sefkit-kept-client"
papermill_engines.register(ENGINE, _KeptClientEngine)


@functools.lru_cache(maxsize=8)
def _read_path(path: str, mtime_ns: int) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _read(notebook: str | Path | nbformat.NotebookNode) -> nbformat.NotebookNode:
    if isinstance(notebook, nbformat.NotebookNode):
        return notebook
    return _read_path(str(notebook), Path(notebook).stat().st_mtime_ns)


class WarmKernel:
    def __init__(self, cwd: str | Path | None = None, kernel_name: str = "python3", warm_up: str = ""):
        self.cwd = str(cwd) if cwd else None
        self.kernel_name = kernel_name
        # IPC (unix sockets) rather than TCP: no port races between workers, nothing on the network,
        # and no "running over TCP without encryption" warning from every kernel.
        self._sockets = tempfile.mkdtemp(prefix="sef-kernel-")
        self.km = KernelManager(kernel_name=kernel_name, transport="ipc", ip=os.path.join(self._sockets, "k"))
        self.km.start_kernel(cwd=self.cwd)
        self._client = None
        if warm_up:
            self._warm_up(warm_up)

    def execute(self, notebook: str | Path | nbformat.NotebookNode, parameters: dict[str, Any]
                ) -> nbformat.NotebookNode:
        """Run a notebook with parameters in this kernel; raises papermill's execution error on failure.

        The reset runs as a first cell of the same execution (a separate client round trip would cost
        about a quarter of a second per council); it is removed from the returned notebook.
        """
        nb = copy.deepcopy(_read(notebook))
        reset = nbformat.v4.new_code_cell(RESET)
        reset.metadata["tags"] = [RESET_TAG]
        nb.cells.insert(0, reset)
        try:
            out = pm.execute_notebook(nb, None, parameters=parameters, km=self.km, progress_bar=False,
                                      kernel_name=self.kernel_name, cwd=self.cwd, log_output=False,
                                      engine_name=ENGINE, sefkit_client=self.client())
        except PapermillExecutionError as exc:
            exc.cell_index -= 1  # count cells as in the user's notebook, without our reset cell
            self.restart()
            raise
        except BaseException:
            self.restart()
            raise
        out.cells = [c for c in out.cells if RESET_TAG not in c.metadata.get("tags", [])]
        return out

    def client(self):
        """One client for the kernel's life: papermill's default makes a new one per notebook and
        waits for the kernel to be ready each time (about 0.2 s per council)."""
        if self._client is None:
            self._client = self.km.client()
            self._client.start_channels()
            self._client.wait_for_ready(timeout=120)
        return self._client

    def _drop_client(self) -> None:
        if self._client is not None:
            self._client.stop_channels()
            self._client = None

    def _warm_up(self, code: str) -> None:
        """Start importing libraries in the kernel now, without waiting for them: the first
        notebook simply queues behind it. Uses the kept client (a throw-away client stopped at
        once races with its own channel threads)."""
        self.client().execute(code, silent=True, store_history=False)

    def restart(self) -> None:
        self._drop_client()
        self.km.restart_kernel(now=True)

    def shutdown(self) -> None:
        self._drop_client()
        if self.km.has_kernel:
            self.km.shutdown_kernel(now=True)
        shutil.rmtree(self._sockets, ignore_errors=True)

    def __enter__(self) -> "WarmKernel":
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
