"""A council's workspace: its files, what they hold, how they are read, checked and written.

    locate      where each file is; which council ids are valid
    specs       one spec per file kind: columns or keys, types, accepted words
    sources     positioned rows from a CSV file or a spreadsheet's sheet
    cells       typed values out of a record, problems at file, line and column
    evidence, kpis, actions, assessment, parameters
                one reader per file kind, with the per-record check a form calls
    load        the Workspace: catalogues, vocabularies and rules once; a council's model and revisions
    write       the only route into `store`
    snapshots   readiness over time, kept with the workspace

See docs/workspace-format.md for the format itself.
"""

from __future__ import annotations

from .load import Workspace
from .locate import CouncilFiles, FileKind, list_councils, resolve_workspace, valid_council_id

__all__ = ["CouncilFiles", "FileKind", "Workspace", "list_councils", "resolve_workspace", "valid_council_id"]
