"""A warm Jupyter kernel reused across councils, with its namespace reset between them.

Papermill's plain CLI spends most of each run starting a kernel and importing
pandas and altair. Reusing one kernel per worker removes that cost; running
`%reset -f` before each notebook removes every user variable (imported modules
stay loaded, which is what makes reuse fast), so nothing of one council's
report can leak into the next. After any failure the kernel is restarted.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import nbformat
import papermill as pm
from jupyter_client.manager import KernelManager

RESET = "get_ipython().run_line_magic('reset', '-f')"
logging.getLogger("papermill").setLevel(logging.WARNING)
logging.getLogger("traitlets").setLevel(logging.ERROR)


class WarmKernel:
    def __init__(self, cwd: str | Path | None = None, kernel_name: str = "python3"):
        self.cwd = str(cwd) if cwd else None
        self.kernel_name = kernel_name
        # IPC (unix sockets) rather than TCP: no port races between workers, nothing on the network,
        # and no "running over TCP without encryption" warning from every kernel.
        self._sockets = tempfile.mkdtemp(prefix="sef-kernel-")
        self.km = KernelManager(kernel_name=kernel_name, transport="ipc", ip=os.path.join(self._sockets, "k"))
        self.km.start_kernel(cwd=self.cwd)
        self.runs = 0

    def reset(self) -> None:
        client = self.km.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(RESET, timeout=60, store_history=False,
                                               output_hook=lambda msg: None)
            if reply["content"].get("status") != "ok":
                raise RuntimeError("could not reset the kernel namespace")
        finally:
            client.stop_channels()

    def execute(self, notebook: str | Path | nbformat.NotebookNode, parameters: dict[str, Any]
                ) -> nbformat.NotebookNode:
        """Run a notebook with parameters in this kernel; raises papermill's execution error on failure."""
        if self.runs:
            self.reset()
        self.runs += 1
        try:
            return pm.execute_notebook(notebook, None, parameters=parameters, km=self.km, progress_bar=False,
                                       kernel_name=self.kernel_name, cwd=self.cwd, log_output=False)
        except BaseException:
            self.restart()
            raise

    def restart(self) -> None:
        self.km.restart_kernel(now=True)
        self.runs = 0

    def shutdown(self) -> None:
        if self.km.has_kernel:
            self.km.shutdown_kernel(now=True)
        shutil.rmtree(self._sockets, ignore_errors=True)

    def __enter__(self) -> "WarmKernel":
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
