"""`termdrills fit`: FSRS parameters from a class's own review logs (optional: the
optimizer needs PyTorch, which the course does not install)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from termdrills.cli import main
from termdrills.course import Course
from termdrills.errors import InputError
from termdrills.review import fsrs
from termdrills.review.fit import MIN_REVIEWS, fit, review_logs

DAY = 86_400_000
T0 = 1_700_000_000_000


def simulate(folder: Path, students: int, terms: int, seed: int = 1) -> list[Path]:
    """Progress files of students who review their terms for two months: each answer's
    rating drawn from the recall probability FSRS itself predicts (so the logs are
    plausible), each card keeping its latest 32 reviews, as the drill keeps them."""
    rng = random.Random(seed)
    paths = []
    for s in range(students):
        cards = {}
        for k in range(terms):
            card = {**fsrs.new_card(now=T0), "seen": 0, "right": 0, "wrong": 0, "again": 0,
                    "lesson": "l", "log": []}
            now = T0 + rng.randrange(DAY)
            while now < T0 + 60 * DAY:
                recall = fsrs.retrievability(card, now=now) if card["last_review"] else 0.5
                rating = 1 if rng.random() > recall else rng.choice((2, 3, 3, 3, 4))
                card = {**card, **fsrs.review(card, rating=rating, now=now)[0]}
                card["seen"] += 1
                card["right"] += rating >= 3
                card["wrong"] += rating == 1
                card["again"] += rating == 1
                card["log"] = [*card["log"], [now, rating]][-32:]
                now = max(card["due"], now + 60_000) + rng.randrange(DAY)
            cards[f"t{k}"] = card
        path = folder / f"s{s}.json"
        path.write_text(json.dumps({"schema": "termdrills-review", "version": 2,
                                    "course": "c", "terms": cards}), encoding="utf-8")
        paths.append(path)
    return paths


def test_review_logs_are_read_from_every_student_and_card(tmp_path: Path) -> None:
    files = simulate(tmp_path, students=3, terms=4)
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    logs, students, skipped = review_logs([*files, tmp_path / "bad.json"])
    assert students == 3 and [n for n, _ in skipped] == [str(tmp_path / "bad.json")]
    assert len({card for card, _, _ in logs}) == 12  # a card is one student's term
    assert {rating for _, rating, _ in logs} <= {1, 2, 3, 4}


def test_a_copied_or_other_course_file_is_not_fitted_twice(tmp_path: Path) -> None:
    """The class report's reader (progress.read_class): a copy of a student's file would
    count that student's reviews twice, and another course's reviews are not this one's."""
    files = simulate(tmp_path, students=2, terms=3)
    copy = tmp_path / "copy.json"
    copy.write_bytes(files[0].read_bytes())
    other = tmp_path / "other.json"
    data = json.loads(files[1].read_text(encoding="utf-8"))
    data["course"] = "d"
    data["terms"].pop("t0")  # not a copy: another course's own progress
    other.write_text(json.dumps(data), encoding="utf-8")
    logs, students, skipped = review_logs([*files, copy, other], course="c")
    assert students == 2 and len({card for card, _, _ in logs}) == 6
    assert dict(skipped) == {str(copy): f"same progress as {files[0]} (a copy?)",
                             str(other): "progress of course 'd', not 'c'"}


def test_too_few_reviews_keep_the_defaults(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    files = simulate(tmp_path, students=1, terms=3)
    assert main(["fit", *map(str, files)]) == 1
    err = capsys.readouterr().err
    assert f"fitting needs at least {MIN_REVIEWS}" in err and "Traceback" not in err


def test_without_the_optimizer_the_command_says_what_to_install(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        import fsrs as py_fsrs

        py_fsrs.Optimizer  # noqa: B018
        import torch  # noqa: F401
    except (ImportError, AttributeError):
        files = simulate(tmp_path, students=12, terms=12)
        assert main(["fit", *map(str, files)]) == 1
        assert "pip install 'fsrs[optimizer]" in capsys.readouterr().err
    else:
        pytest.skip("py-fsrs's optimizer is installed here: the other test fits for real")


def test_the_fitted_parameters_are_a_course_setting(tmp_path: Path) -> None:
    line = [round(w * 1.01, 4) for w in fsrs.DEFAULT_PARAMETERS]
    course = Course.from_mapping({"fsrs_parameters": line})
    assert course.fsrs_parameters == tuple(line)
    with pytest.raises(InputError, match="fsrs_parameters: expected the 21 numbers"):
        Course.from_mapping({"fsrs_parameters": line[:5]})


def test_fitting_with_the_optimizer(tmp_path: Path) -> None:
    """Runs where py-fsrs's optimizer and PyTorch are installed (not by `make`: see
    termdrills/review/fit.py): the class's parameters differ from the defaults and predict its
    reviews at least as well."""
    pytest.importorskip("torch", reason="optional: pip install 'fsrs[optimizer]' torch")
    files = simulate(tmp_path, students=12, terms=12)
    result = fit(files)
    assert len(result.parameters) == 21 and result.parameters != fsrs.DEFAULT_PARAMETERS
    assert result.config_line().startswith("fsrs_parameters: [")
