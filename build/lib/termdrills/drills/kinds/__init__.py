"""The drill kinds: one module each, beside its front end ``static/kinds/<kind>.js``.

Each kind builds its questions, in seeded order, in Python (its payload's shape is
written down in ``termdrills/schema/drills.schema.json``); the front end only shows
them and grades the answers. `KINDS` maps each kind's name to its class.
"""

from termdrills.drills.kinds.cloze import Cloze
from termdrills.drills.kinds.flashcards import Flashcards
from termdrills.drills.kinds.matching import Matching
from termdrills.drills.kinds.multiple_choice import MultipleChoice
from termdrills.drills.kinds.paragraph import ParagraphTranslation
from termdrills.drills.kinds.review import Review
from termdrills.drills.kinds.sentence import SentenceTranslation
from termdrills.drills.kinds.typed_recall import TypedRecall

KINDS = {cls.KIND: cls for cls in (Flashcards, MultipleChoice, TypedRecall, Cloze, Matching,
                                   SentenceTranslation, Review, ParagraphTranslation)}

__all__ = ["KINDS", "Cloze", "Flashcards", "Matching", "MultipleChoice", "ParagraphTranslation", "Review",
           "SentenceTranslation", "TypedRecall"]
