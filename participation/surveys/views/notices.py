"""Template helpers of the surveys package: which texts are missing in which language."""

from participation.surveys import translations
from participation.surveys.views import bp


@bp.app_template_global("survey_missing_texts")
def survey_missing_texts(survey) -> dict[str, list[str]]:
    """``{language name: [missing texts]}`` for the builder's warning."""
    return translations.missing_texts(survey)


@bp.app_template_global("survey_falls_back")
def survey_falls_back(survey, lang: str) -> bool:
    """True when the survey shows German text on a page in *lang*."""
    return translations.falls_back(survey, lang)
