"""Property: a save changes the values it is given, and not one byte of any other record."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sefkit.problems import Problems
from sefkit.sheets import FORMULA_START, NUMBER, parse_csv, unsafe_cell
from sefkit.textio import doc_from_bytes
from sefkit.workspace.specs import ACTIONS
from sefkit.workspace.write import csv_with_changes

# Any text a person types (control characters other than a line break are refused by the readers).
cell = st.text(alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.just("\n")), max_size=12)
ref = st.text(alphabet="ABCDEFGHJK0123456789.-", min_size=1, max_size=6)


@st.composite
def action_files(draw):
    refs = draw(st.lists(ref, min_size=1, max_size=6, unique=True))
    rows = [[r, *[draw(cell) for _ in ACTIONS.names[1:]]] for r in refs]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline, quoting=quoting)
    writer.writerow(ACTIONS.names)
    writer.writerows(rows)
    bom = draw(st.booleans())
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8"), refs


@settings(max_examples=150, deadline=None)
@given(action_files(), st.data())
def test_a_change_touches_only_its_record(file, data):
    raw, refs = file
    problems = Problems()
    doc = doc_from_bytes(Path("actions.csv"), "actions.csv", raw, problems)
    assert doc is not None
    sheet = parse_csv(doc, problems)
    assert sheet is not None
    target = data.draw(st.sampled_from(refs))
    field = data.draw(st.sampled_from(["action", "progress", "lead", "evidence_of_impact"]))
    new = data.draw(cell).strip()
    text, _ = csv_with_changes(doc, sheet, ACTIONS, {(target,): {field: new}}, [], problems)
    after = parse_csv(doc_from_bytes(Path("actions.csv"), "actions.csv", doc.encode(text), problems), problems)
    assert after is not None and not problems.errors
    assert after.header == sheet.header
    for before_rec, after_rec in zip(sheet.records, after.records, strict=True):
        if before_rec.cells[0].strip() == target.strip():
            i = ACTIONS.names.index(field)                     # values as the readers read them back
            assert unsafe_cell(after_rec.cells[i].strip()) == new
            assert [unsafe_cell(c.strip()) for j, c in enumerate(after_rec.cells) if j != i] == \
                   [unsafe_cell(c.strip()) for j, c in enumerate(before_rec.cells) if j != i]
            if unsafe_cell(before_rec.cells[i].strip()) != new:      # rewritten: written the way sefkit writes
                assert not any(c.startswith(FORMULA_START) and not NUMBER.fullmatch(c) for c in after_rec.cells)
        else:
            assert text[after_rec.span[0]:after_rec.span[1]] == doc.text[before_rec.span[0]:before_rec.span[1]]
