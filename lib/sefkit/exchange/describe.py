"""What `sef import` says it read and what it would change (or changed), in plain lines."""

from __future__ import annotations

from ..privacy import redact
from ..problems import printable
from .grid import cell_ref, column_letter
from .importer import WHAT, Plan
from .tables import Skipped

LIMIT = 12      # changes listed one by one before "and N more"


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(redact(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _where(sheet: str, s: Skipped) -> str:
    first = cell_ref(sheet, s.first, s.column)
    return first if s.last == s.first else f"{first}:{column_letter(s.column)}{s.last + 1}"


def read_lines(plan: Plan) -> list[str]:
    """The sheet, its tables and columns, the rows that are not records, and the notes."""
    others = [s for s in plan.sheets if s != plan.sheet]
    lines = [f"Read {plan.file}, sheet '{plan.sheet}'" + (f" (other sheets: {', '.join(others)})" if others
                                                            else "")]
    for block in plan.blocks:
        read = [f"{c.heading or column_letter(c.index)} -> {c.field}" + (f" ({c.how})" if c.how == "first words"
                                                                          else "")
                for c in block.columns if c.field]
        lines.append(f"  table with its header on row {block.header_row + 1} ({len(block.rows)} rows): "
                     + "; ".join(read))
        if block.periods:
            lines.append(f"    one column per period: {len(block.periods)} periods, "
                         f"{min(block.periods.values())} to {max(block.periods.values())}")
        extra = [f"{c.heading or '(no heading)'} ({column_letter(c.index)})" for c in block.columns if not c.field]
        if extra:
            lines.append("    kept as extra columns (sefkit keeps them but does not read them): " + ", ".join(extra))
    for s in plan.skipped:
        lines.append(f"  not a record: {_where(plan.sheet, s)} {_short(s.text)!r}: {s.why}")
    lines += [f"  note: {note}" for note in plan.notes]
    return [printable(line) for line in lines]


def change_lines(plan: Plan, dry_run: bool) -> list[str]:
    merge = plan.merge
    if merge is None:
        return []
    what = WHAT[plan.kind]
    verb = ("would add", "would change") if dry_run else ("added", "changed")
    lines = [f"{len(plan.incoming)} {what} read: {verb[0]} {len(merge.added)}, {verb[1]} {len(merge.changed)}, "
             f"{merge.unchanged} already as in the sheet; {merge.kept} in the workspace not in the sheet (kept)"]
    for key, diffs in merge.changed[:LIMIT]:
        parts = [f"{name} {_short(old, 30)!r} -> {_short(new, 30)!r}" for name, old, new in diffs]
        lines.append(f"  {key}: " + "; ".join(parts))
    if len(merge.changed) > LIMIT:
        lines.append(f"  ... and {len(merge.changed) - LIMIT} more changed")
    return [printable(line) for line in lines]
