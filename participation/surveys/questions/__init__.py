"""Pluggable question types: one class per type, registered under its key.

A type knows how to read its answer from a submitted form (validation included), which answer
rows it stores, how its results are counted in SQL, and which CSV columns and codebook entries it
produces. Its inputs are the ``answer`` macro of ``templates/surveys/questions/<key>.html``, its
builder settings the ``editor`` macro of ``templates/surveys/manage/questions/<key>.html`` (a
staff page: those texts need no resident-language translation). Adding a type means adding a
class here and those two templates; nothing else switches on type keys.
"""

from participation.surveys.questions.base import QuestionType
from participation.surveys.questions.choice import MultipleChoice, SingleChoice
from participation.surveys.questions.date import DateQuestion
from participation.surveys.questions.place import MapPlace, PickArea
from participation.surveys.questions.ranking import Ranking
from participation.surveys.questions.scalar import Number, Scale
from participation.surveys.questions.text import LongText, ShortText

#: Type key → type object, in the order the builder offers them.
QUESTION_TYPES: dict[str, QuestionType] = {}


def register(kind: QuestionType) -> QuestionType:
    """Add a question type to the registry (a plug-in may call this too)."""
    QUESTION_TYPES[kind.key] = kind
    return kind


for _cls in (
    SingleChoice,
    MultipleChoice,
    Scale,
    ShortText,
    LongText,
    Number,
    DateQuestion,
    Ranking,
    MapPlace,
    PickArea,
):
    register(_cls())


def get_type(key: str) -> QuestionType:
    """The registered type for *key* (KeyError for an unknown key)."""
    return QUESTION_TYPES[key]
