"""What instructors use to grow the course.

- `article`: a saved 每日一词 article → glossary rows (``termdrills import-article``);
- `lesson`: a new lesson notebook from a lesson's glossary rows, placed in a unit of
  ``_toc.yml`` (``termdrills new-lesson``);
- `invariants`: the lessons' invariant cells (tagged ``remove-cell``) collapsed in
  Jupyter (``python -m termdrills.authoring.invariants lessons/*.ipynb``).
"""
