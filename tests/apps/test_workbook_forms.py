"""The workbook's pages without a browser: build the form, set values, save, reload, compare; conflicts
and merges between two people; the name and personal-data guards; the evidence and action pages."""

from __future__ import annotations

import json


import pytest

from builders import build_workspace, evidence_row
from sefkit.apps.actions import ActionPlanPage, next_ref
from sefkit.apps.assessment import SelfAssessmentPage
from sefkit.apps.evidence import EvidencePage
from sefkit.cli import main


@pytest.fixture
def root(tmp_path):
    return build_workspace(tmp_path / "ws")


def page(root, who="Head of SEND", criterion="C-1"):
    return SelfAssessmentPage(root, "alpha", criterion, who)


def saved(root) -> str:
    return (root / "sef" / "alpha" / "self-assessment.yaml").read_text()


def test_a_criterion_filled_and_saved_is_there_when_the_page_is_opened_again(root):
    p = page(root, criterion="C-2")
    assert p.heading.value == "<h2>C-2 Right help at the right time</h2>" and "1 of 3 criteria evaluated" in p.progress.value
    p.judgement.value = "inconsistent"
    p.confidence.value = "medium"
    p.texts["strengths"].value = "Short breaks offer widened."
    p.texts["next_steps"].value = "Refresh the statement with the PCF."
    p.evidence.value = ("EV-2",)
    assert "Unsaved changes" in p.state.value and "sef-unsaved" in p.state._dom_classes
    result = p.save_now()
    assert result is not None and result.outcome == "saved"
    assert p.messages.status.value.startswith('<p class="sef-message">Saved C-2 at ')
    assert "All changes saved" in p.state.value and "sef-unsaved" not in p.state._dom_classes
    again = page(root, who="Someone else", criterion="C-2")
    assert (again.judgement.value, again.confidence.value, again.texts["strengths"].value,
            again.texts["next_steps"].value, again.evidence.value) == (
        "inconsistent", "medium", "Short breaks offer widened.", "Refresh the statement with the PCF.", ("EV-2",))
    assert "Last saved by Head of SEND on " in again.last_saved.value and "2 of 3 criteria evaluated" in again.progress.value
    entry = json.loads((root / ".sef-audit" / "log.jsonl").read_text().splitlines()[-1])
    assert entry["by"] == "Head of SEND" and {"record": "C-2", "field": "strengths", "old": None,
                                              "new": "Short breaks offer widened."} in entry["changes"]


def test_text_typed_for_one_criterion_is_kept_while_looking_at_another(root):
    p = page(root)
    p.texts["areas_for_development"].value = "Post-16 transitions and waiting times."
    p.criterion_box.value = "L-1"
    assert p.texts["areas_for_development"].value == "" and "Unsaved changes</strong> in C-1" in p.state.value
    p.criterion_box.value = "C-1"
    assert p.texts["areas_for_development"].value == "Post-16 transitions and waiting times."


def test_the_derived_rating_and_an_over_claim_warning_follow_the_evaluation(root):
    p = page(root)                                    # C-1 is amber on its evidence; evaluated positive
    assert "AMBER" in p.evidence_panel.value and "claims more than the evidence supports" in p.evidence_panel.value
    p.judgement.value = "inconsistent"
    assert "claims more" not in p.evidence_panel.value
    assert "KPIs that inform C-1" in p.evidence_panel.value and "Plans issued within 20 weeks" in p.evidence_panel.value


def test_someone_elses_save_of_other_fields_is_merged_and_the_same_field_is_a_conflict_losing_nothing(root):
    mine, theirs = page(root, "Head of SEND"), page(root, "SEND Quality Lead")
    theirs.texts["strengths"].value = "Their strengths."
    assert theirs.save_now().outcome == "saved"
    mine.texts["areas_for_development"].value = "My areas."
    assert mine.save_now().outcome == "merged"              # different fields: both kept
    assert mine.texts["strengths"].value == "Their strengths."  # and the form now shows theirs
    assert "Their strengths." in saved(root) and "My areas." in saved(root)
    assert "merged with changes someone else saved" in mine.messages.status.value

    theirs.texts["next_steps"].value = "Their next steps."
    assert theirs.save_now().outcome == "merged"
    mine.texts["next_steps"].value = "My next steps."
    result = mine.save_now()
    assert result.outcome == "conflict" and [c.field for c in result.conflicts] == ["next_steps"]
    alert = mine.messages.alert.value
    assert "Not saved: someone else changed C-1 since you opened it. Your text is still in the form." in alert
    assert "Next steps: changed by SEND Quality Lead at 20" in alert and "Their next steps." in alert
    assert mine.texts["next_steps"].value == "My next steps."           # nothing lost
    assert "Their next steps." in saved(root) and "My next steps." not in saved(root)
    mine.resolve(keep_mine=True)
    assert "My next steps." in saved(root) and "Their strengths." in saved(root)


def test_using_their_version_puts_it_in_the_form_without_saving(root):
    mine, theirs = page(root, "Head of SEND"), page(root, "SEND Quality Lead")
    theirs.texts["strengths"].value = "Theirs."
    theirs.save_now()
    mine.texts["strengths"].value = "Mine."
    mine.texts["next_steps"].value = "Also mine."
    assert mine.save_now().outcome == "conflict"
    before = saved(root)
    mine.resolve(keep_mine=False)
    assert saved(root) == before
    assert mine.texts["strengths"].value == "Theirs." and mine.texts["next_steps"].value == "Also mine."
    assert mine.save_now().outcome == "saved" and "Also mine." in saved(root)


def test_two_people_on_different_criteria_both_land(root):
    a, b = page(root, "Head of SEND", "C-1"), page(root, "SEND Quality Lead", "L-1")
    a.texts["strengths"].value = "C-1 text."
    b.texts["strengths"].value = "L-1 text."
    assert a.save_now().outcome == "saved" and b.save_now().outcome == "merged"
    assert "C-1 text." in saved(root) and "L-1 text." in saved(root)


def test_the_page_asks_for_a_name_before_the_first_save(root):
    p = page(root, who="")
    p.texts["strengths"].value = "Text."
    assert p.save_now() is None and p.who.layout.display == ""
    assert "Give your name or role" in p.messages.alert.value and "Text." not in saved(root)
    p.who.value = "Inspection lead"
    assert p.save_now().outcome == "saved" and "updated_by: Inspection lead" in saved(root)


def test_what_looks_like_a_childs_identifier_is_flagged_before_saving(root):
    p = page(root)
    p.texts["strengths"].value = "Reviewed for the child with NHS number 943 476 5919."
    assert p.save_now() is None and "943 476 5919" not in saved(root)
    assert "Strengths holds what looks like a NHS number" in p.messages.alert.value
    assert p.save_anyway.layout.display == ""
    p.texts["areas_for_development"].value = "Plan for the pupil with DOB 12/03/2014 (ULN 4123456789)."
    assert p.save_now() is None
    assert ("Areas for development holds what looks like a date of birth and a unique learner number"
            in p.messages.alert.value)
    p.texts["areas_for_development"].value = "Post-16."
    p.texts["strengths"].value = "Reviewed with the family."            # edited: saved as usual
    assert p.save_now().outcome == "saved"
    p.texts["next_steps"].value = "Call 0117 496 0123 about the review."
    assert p.save_now() is None
    assert p.save_now(confirmed=True).outcome == "saved" and "0117 496 0123" in saved(root)


def test_the_evidence_page_counts_change_as_a_status_is_saved_from_its_row(root):
    p = EvidencePage(root, "alpha", "Head of SEND")
    assert "Work underway but not complete</td><td>1</td>" in p.counts.value and "(50% ready)" in p.counts.value
    row = next(r for r in p.rows.children if r.key == "EV-2")
    status, reviewed, save = row.children[1].children
    assert (status.description, reviewed.description) == ("Status of EV-2", "Last reviewed EV-2 (YYYY-MM-DD)")
    status.value = "complete"
    save.click()
    assert "Saved EV-2." in p.messages.status.value
    assert "(100% ready)" in p.counts.value and "Work underway but not complete</td><td>0</td>" in p.counts.value
    assert "EV-2,Short breaks statement,A-2,C-2,complete," in (root / "evidence/alpha/evidence.csv").read_text()


def test_the_evidence_form_checks_an_item_exactly_as_validate_does(root, capsys):
    p = EvidencePage(root, "alpha", "Head of SEND")
    p.item_choice.value = ""
    values = dict(id="EV-3", title="Parent carer survey", criteria="C-1; Z-9", owner="Head of SEND",
                  last_reviewed="31/02/2025", notes="")
    for name, value in values.items():
        p.form.boxes[name].value = value
    assert p.form.save() == "invalid"
    alert = p.messages.alert.value
    assert "&#x27;Z-9&#x27; is not a criterion of framework &#x27;mini&#x27;" in alert
    assert "&#x27;last_reviewed&#x27; is &#x27;31/02/2025&#x27;, not a date" in alert
    assert "EV-3" not in (root / "evidence/alpha/evidence.csv").read_text()
    p.form.boxes["criteria"].value = "C-1"
    p.form.boxes["last_reviewed"].value = "2025-09-30"
    assert p.form.save().outcome == "saved"
    assert main(["validate", "--workspace", str(root), "--all"]) == 0
    assert "EV-3" in [label.split(":")[0] for label, _ in p.item_choice.options]
    assert "EV-3" in {row.key for row in p.rows.children}
    p.item_choice.value = ""
    p.form.boxes["id"].value = "EV-3"
    p.form.boxes["title"].value = "Another"
    assert p.form.save() == "invalid" and "is already used" in p.messages.alert.value


def test_the_action_plan_lists_overdue_first_and_adds_an_action_for_a_gap_in_one_step(tmp_path):
    actions = [["A1", "Later", "C-1", "Head of SEND", "2026-03-31", "in_progress", "", ""],
               ["A2", "Late", "C-2", "", "2025-06-30", "delayed", "", ""]]
    root = build_workspace(tmp_path / "ws", actions=actions,
                           evidence=[evidence_row(), evidence_row("EV-2", annex="A-2", criteria="C-2")])
    p = ActionPlanPage(root, "alpha", "Head of SEND")
    assert p.plan.value.index(">A2<") < p.plan.value.index(">A1<") and "OVERDUE: Delayed / at risk" in p.plan.value
    assert "<strong>1 overdue</strong>" in p.summary.value
    gap = next(v for label, v in p.gap_choice.options if label.startswith("L-1 Leaders know their area"))
    p.gap_choice.value = gap
    p.from_gap.click()
    assert "Added A3." in p.messages.status.value
    text = (root / "evidence/alpha/actions.csv").read_text()
    assert text.splitlines()[-1].startswith("A3,") and ",L-1,," in text.splitlines()[-1]
    assert p.action_choice.value == "A3" and p.form.boxes["ref"].disabled
    p.form.boxes["lead"].value = "Head of SEND"
    p.form.boxes["due"].value = "2026-06-30"
    assert p.form.save().outcome == "saved"
    assert main(["validate", "--workspace", str(root), "--all"]) == 0


def test_next_ref_follows_the_plans_numbering():
    assert next_ref(["A1", "A2"]) == "A3" and next_ref([]) == "A1" and next_ref(["APP 4", "APP 9"]) == "APP10"


def test_sef_history_prints_who_changed_what(root, capsys):
    p = page(root, "SEND Quality Lead")
    p.texts["strengths"].value = "New strengths."
    p.save_now()
    assert main(["history", "--workspace", str(root), "--council", "alpha", "--criterion", "c 1"]) == 0
    out = capsys.readouterr().out
    assert "SEND Quality Lead  sef/alpha/self-assessment.yaml  C-1 strengths: 'Strong identification.' -> " \
           "'New strengths.'" in out
    assert main(["history", "--workspace", str(root), "--council", "alpha", "--item", "EV-9"]) == 0
    assert capsys.readouterr().out == ""


def test_a_page_with_no_council_says_what_to_do(tmp_path):
    (tmp_path / "empty").mkdir()
    p = SelfAssessmentPage(tmp_path / "empty")
    assert "no council yet" in p.messages.alert.value



def test_a_page_built_before_anyone_came_opens_with_the_request_and_the_files_as_they_are_now(root):
    preloaded = SelfAssessmentPage(root)                 # as Voila preheats it: no request, no person yet
    someone = page(root, "Head of SEND")
    someone.texts["strengths"].value = "Saved after the page was preloaded."
    someone.save_now()
    preloaded.opened({"council": "alpha", "criterion": "c 1"}, "SEND Quality Lead")
    assert preloaded.criterion == "C-1" and preloaded.texts["strengths"].value == "Saved after the page was preloaded."
    assert preloaded.person() == "SEND Quality Lead" and preloaded.who.layout.display == "none"
    preloaded.opened({"criterion": "L-1"})
    assert preloaded.heading.value == "<h2>L-1 Leaders know their area</h2>"


def test_a_page_opened_for_another_council_shows_that_council_in_its_picker(tmp_path):
    from builders import board_workspace

    preloaded = SelfAssessmentPage(board_workspace(tmp_path / "ws"))     # preheated with the first, alpha
    assert preloaded.council_box.value == "alpha"
    preloaded.opened({"council": "beta", "criterion": "C-2"})
    assert preloaded.council == "beta" and preloaded.council_box.value == "beta" and preloaded.criterion == "C-2"
    assert "Beta Partnership" in preloaded.title.value


def test_after_a_save_the_page_holds_exactly_what_a_fresh_read_of_the_file_gives(root):
    """The page updates its model from what it wrote (not reading the file again): it must agree."""
    import datetime as dt

    from sefkit.workspace import Workspace

    p = page(root)
    p.texts["strengths"].value = "Line one.\nLine two."
    p.evidence.value = ("EV-1", "EV-2")
    p.confidence.value = "low"
    p.save_now()
    fresh, _ = Workspace(root).load("alpha", dt.date.today())
    assert fresh is not None
    assert p.session.data.assessments["C-1"] == fresh.assessments["C-1"]
    assert p.session.data.revisions == fresh.revisions
