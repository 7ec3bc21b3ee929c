"""papermill's nbclient engine, executing through a kernel client we keep for the kernel's life.

Kept apart from kernels.py so a worker can start its kernel first and import
papermill (0.35 s) while the kernel boots; kernels.py imports this module on
the first notebook.
"""

from __future__ import annotations

import logging

import nbformat
import papermill as pm
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError
from papermill.execute import prepare_notebook_metadata, raise_for_execution_errors, remove_error_markers
from papermill.parameterize import parameterize_notebook
from papermill.utils import merge_kwargs, remove_args

ENGINE = "sefkit-kept-client"
logging.getLogger("papermill").setLevel(logging.WARNING)
logging.getLogger("traitlets").setLevel(logging.ERROR)


class KeptClientEngine(NBClientEngine):
    """Runs the notebook with `sefkit_client` (nbclient leaves a client it did not create open)."""

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
        try:
            return runner.execute()
        except (CellTimeoutError, DeadKernelError) as exc:
            # nbclient raises these without saying which cell: it is the last one papermill started
            # (cells not reached yet are still "pending").
            started = [(i, c) for i, c in enumerate(nb_man.nb.cells)
                       if c.metadata.get("papermill", {}).get("status", "pending") != "pending"]
            index, cell = started[-1] if started else (0, None)
            message = (f"the cell ran longer than {execution_timeout} s" if isinstance(exc, CellTimeoutError)
                       else "the kernel died while running the cell")
            raise PapermillExecutionError(index, (cell or {}).get("execution_count"),
                                          (cell or {}).get("source", ""), type(exc).__name__, message,
                                          []) from exc


papermill_engines.register(ENGINE, KeptClientEngine)


def execute(nb: nbformat.NotebookNode, parameters: dict, km, client, kernel_name: str,
            timeout: float | None, input_path: str = "") -> nbformat.NotebookNode:
    """What papermill.execute_notebook does, minus its file I/O. Given a notebook object and no output
    path, papermill still serialises and schema-validates the whole notebook twice (in to read it, out
    to "write" nowhere): 50-80 ms of the worker's CPU per council, taken from the kernels on 2 cores.
    The executed notebook is the same: same injected-parameters cell and papermill metadata (with the
    notebook's path as input_path, where papermill given a notebook object stores a copy of it)."""
    _add_papermill_metadata(nb)
    if parameters:
        nb = parameterize_notebook(nb, parameters, kernel_name=kernel_name, engine_name=ENGINE)
    nb = remove_error_markers(prepare_notebook_metadata(nb, input_path, None))
    nb = papermill_engines.execute_notebook_with_engine(
        ENGINE, nb, input_path=input_path, output_path=None, kernel_name=kernel_name, progress_bar=False,
        log_output=False, km=km, sefkit_client=client, execution_timeout=timeout)
    raise_for_execution_errors(nb, None)
    return nb


def _add_papermill_metadata(nb: nbformat.NotebookNode) -> None:
    """The metadata papermill's notebook loader adds (papermill.iorw.load_notebook_node)."""
    if "papermill" not in nb.metadata:
        nb.metadata["papermill"] = {"default_parameters": {}, "parameters": {}, "environment_variables": {},
                                    "version": pm.__version__}
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
        cell.metadata.setdefault("papermill", {})
