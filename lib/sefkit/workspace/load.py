"""Load a workspace: catalogues, vocabularies and rules once, then a council's files into the model.

`Workspace.load` reads one council's files and reports every problem at once:
schema (columns, types, allowed words, ranges, dates), references (ids that
exist in the council's framework and evidence library, duplicates) and sense
(future dates, stale evidence). Input files are only read. The model carries
each file's revision as read, which an edit hands back to the writer.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

from ..framework import Catalogues
from ..model import Action, CouncilData, EvidenceItem, KpiRow
from ..problems import InputError, Problems
from ..rules import Rules, check_against, load_rules
from ..textio import not_a_file
from ..vocab import Vocabularies, load_vocabularies
from ..yamlfile import load_yaml
from .actions import read_actions
from .assessment import read_self_assessment
from .context import CheckContext
from .evidence import read_evidence
from .kpis import read_kpis
from .locate import (
    CouncilFiles,
    FileKind,
    council_id_rule,
    list_councils,
    resolve_workspace,
    shown_id,
    valid_council_id,
)
from .parameters import read_parameters
from .sources import Table, read_csv, table_for
from .specs import SPECS


class Workspace:
    """A workspace folder with its catalogues, vocabularies and rules loaded once (and checked against
    each other: InputError, with every problem, if they do not fit)."""

    def __init__(self, root: str | os.PathLike[str] | None = None):
        self.root = resolve_workspace(root)
        self.catalogues = Catalogues(self.root)
        self.vocab: Vocabularies = load_vocabularies(self.root)
        self.rules: Rules = load_rules(self.root)
        fit = check_against(self.rules, self.vocab)
        fit.raise_if_errors()
        self.warnings = [*self.rules.warnings, *fit.warnings]

    def councils(self) -> list[str]:
        return list_councils(self.root)

    def files(self, council: str) -> CouncilFiles:
        return CouncilFiles(self.root, council)

    def load(self, council: str, today: dt.date, as_of: dt.date | None = None
             ) -> tuple[CouncilData | None, Problems]:
        """Read and check one council. Returns (data, or None if there is any error; problems)."""
        problems = Problems()
        problems.extend(self.warnings)
        if not valid_council_id(council):   # before it names a path: '../x' or 300 characters
            problems.error("id-invalid", f"parameters/{shown_id(council)}.yaml", 1, 1,
                           f"'{shown_id(council)}' is not a valid council id: {council_id_rule()}")
            return None, problems
        files = self.files(council)
        revisions: dict[str, str | None] = {}
        absent = not_a_file(files.parameters)
        if absent is not None:
            known = ", ".join(self.councils()) or "none"
            message = (f"unknown council '{council}': there is no parameters/{council}.yaml (councils here: "
                       f"{known})") if absent.nothing_there else absent.message
            problems.error("not-found" if absent.nothing_there else absent.code, files.shown(files.parameters),
                           1, 1, message)
            return None, problems
        doc = load_yaml(files.parameters, files.shown(files.parameters), problems)
        params = read_parameters(doc, council, self.catalogues, self.root, problems) if doc else None
        if params is None or not params.framework or params.framework not in self.catalogues.paths:
            return None, problems
        revisions["parameters"] = doc.source.revision if doc and doc.source else None
        try:
            fw = self.catalogues.get(params.framework)
        except InputError as exc:
            problems.extend(exc.problems)
            return None, problems
        effective_as_of = as_of or params.as_of or today
        ctx = CheckContext(fw, self.vocab, self.rules, effective_as_of, today)

        evidence: tuple[EvidenceItem, ...] = ()
        evidence_ids: set[str] | None = None
        before = problems.error_count
        table = self._table(files, "evidence", revisions, problems)
        if table is not None:
            evidence, evidence_ids = read_evidence(table, ctx, problems, whole=problems.error_count == before)
        table = self._table(files, "kpis", revisions, problems)
        kpis: tuple[KpiRow, ...] = read_kpis(table, ctx, problems) if table is not None else ()
        table = self._table(files, "actions", revisions, problems)
        actions: tuple[Action, ...] = read_actions(table, ctx, problems) if table is not None else ()
        assessments = {}
        path = files.self_assessment
        absent = not_a_file(path)
        if absent is not None and absent.nothing_there:
            problems.warning("file-missing", files.shown(path), 1, 1, "no self-assessment yet: every criterion "
                             "counts as not assessed")
            revisions["self_assessment"] = None
        elif absent is not None:   # a folder or a broken link where the file should be: say so
            problems.error(absent.code, files.shown(path), 1, 1, absent.message)
        else:
            sa = load_yaml(path, files.shown(path), problems)
            if sa is not None:
                revisions["self_assessment"] = sa.source.revision if sa.source else None
                assessments = read_self_assessment(sa, ctx, evidence_ids, problems)
        if problems.has_errors():
            return None, problems
        from ..reference.comparators import published_context

        data = CouncilData(params=replace(params, as_of=effective_as_of), framework=fw, vocab=self.vocab,
                           evidence=evidence, kpis=kpis, actions=actions, assessments=assessments,
                           published=published_context(params.la_code, fw, effective_as_of, self.root),
                           revisions=revisions)
        return data, problems

    def _table(self, files: CouncilFiles, kind: FileKind, revisions: dict[str, str | None],
               problems: Problems) -> Table | None:
        path = files.path(kind)
        shown = files.shown(path)
        absent = not_a_file(path)
        if absent is not None:
            what = "every council needs an evidence library" if kind == "evidence" else "every council needs one"
            message = (f"file is missing; {what} (`sef init` creates an empty one)" if absent.nothing_there
                       else absent.message)
            problems.error(absent.code, shown, 1, 1, message)
            revisions[kind] = None
            return None
        sheet = read_csv(path, shown, problems)
        if sheet is None:
            return None
        revisions[kind] = sheet.doc.revision if sheet.doc else None
        return table_for(sheet, SPECS[kind], problems)

    def reload_self_assessment(self, data: CouncilData, today: dt.date) -> CouncilData:
        """`data` with its self-assessment read again (after a save to it): the other files are as they
        were, so they are not read again. InputError if the file now has errors."""
        files = self.files(data.params.council)
        problems = Problems()
        sa = load_yaml(files.self_assessment, files.shown(files.self_assessment), problems)
        ctx = self.context(data, today)
        assessments = read_self_assessment(sa, ctx, {e.id for e in data.evidence}, problems) if sa else {}
        problems.raise_if_errors()
        revision = sa.source.revision if sa and sa.source else None
        return replace(data, assessments=assessments, revisions={**data.revisions, "self_assessment": revision})

    def context(self, data: CouncilData, today: dt.date) -> CheckContext:
        """What a form needs to check one record exactly as `load` checked the file's."""
        as_of = data.params.as_of or today
        return CheckContext(data.framework, self.vocab, self.rules, as_of, today)

    def load_or_raise(self, council: str, today: dt.date, as_of: dt.date | None = None) -> CouncilData:
        data, problems = self.load(council, today, as_of)
        if data is None:
            raise InputError(problems.items)
        return data
