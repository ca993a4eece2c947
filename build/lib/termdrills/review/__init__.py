"""Spaced review: FSRS scheduling and what students' review progress tells the teacher.

- `fsrs`: FSRS-6, equal to py-fsrs (the front end's twin is ``static/core/fsrs.js``);
- `progress`: the progress files students export from the Review drill;
- `report`: the class report (``termdrills report``);
- `fit`: FSRS parameters fitted to the class's own reviews (``termdrills fit``).
"""
