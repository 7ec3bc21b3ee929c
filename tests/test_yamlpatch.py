"""Saving one criterion reads only its own lines when the file's shape allows, and writes exactly what
reading the whole file would: the two paths agree on every shape a person writes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sefkit.yamlpatch import _entry_span, _set_fields, set_fields

ROOT = Path(__file__).resolve().parents[1]


def canon(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.lower())


def same(a: str, b: str) -> bool:
    return canon(a) == canon(b)


DOCS = {
    "commented": "# notes\nIMP-1:  # needs\n  judgement: positive   # eol\n  strengths: |\n    a\n    b\n\n"
                 "# about IMP-2\nIMP-2:\nIMP-3:\n  evidence:\n    - EV-1\n\n  confidence: high\n",
    "last entry, no newline at the end": "IMP-1:\n  judgement: positive\nIMP-2:\n  strengths: x",
    "quoted and flow values": "IMP-1:\n  strengths: 'it''s'\n  evidence: [EV-1, EV-2]\nIMP-2:\n  judgement: \"positive\"\n",
    "keys written their own way": "imp 1:\n  Judgement: positive\n  Areas for development: y\n",
    "a sequence document": "- IMP-1\n- IMP-2\n",
    "a document marker": "---\nIMP-1:\n  judgement: positive\n",
    "quoted top-level key": "'IMP-1':\n  judgement: positive\nIMP-2:\n  judgement: positive\n",
}
FIELDS = {"judgement": "inconsistent", "strengths": "new\ntext", "evidence": ["EV-3"], "next_steps": "z",
          "updated_at": dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.timezone.utc)}


@pytest.mark.parametrize("name", list(DOCS))
@pytest.mark.parametrize("criterion", ["IMP-1", "IMP-2", "IMP-3", "IMP-9"])
def test_reading_only_the_entry_writes_what_reading_the_whole_file_would(name, criterion):
    text = DOCS[name]
    entry = lambda key: canon(key) == canon(criterion)      # noqa: E731
    try:
        whole = _set_fields(text, entry, criterion, FIELDS, same)
    except ValueError as exc:
        with pytest.raises(type(exc)):
            set_fields(text, entry, criterion, FIELDS, same)
        return
    assert set_fields(text, entry, criterion, FIELDS, same) == whole


def test_the_demo_self_assessments_take_the_fast_path_and_agree():
    for path in sorted((ROOT / "sef").glob("*/self-assessment.yaml")):
        text = path.read_text()
        for criterion in ("IMP-1", "LEAD-3", "AP-4"):
            entry = lambda key, c=criterion: canon(key) == canon(c)      # noqa: E731
            assert _entry_span(text, entry) is not None      # the fast path (ABSENT: added at the end)
            assert set_fields(text, entry, criterion, FIELDS, same) == _set_fields(text, entry, criterion, FIELDS, same)
