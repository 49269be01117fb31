"""The API's models mirror the result dataclasses field for field, and keep their values."""

from __future__ import annotations

import dataclasses

import pytest

from index.status.catalog import ArticleRow
from index.update.report import IndexReport
from qa.types import (
    Answer,
    Citation,
    ClaimCheck,
    Conflict,
    IndexedArticle,
    PartCheck,
    Passage,
    Reprint,
    Version,
)
from tests.conftest import FRENCH_TROOPS
from ui.api import models
from ui.api.jobs import JobView
from ui.api.rest_models import ArticleModel, IndexReportModel, JobModel

MIRRORS = [
    (Reprint, models.ReprintModel),
    (Citation, models.CitationModel),
    (Passage, models.PassageModel),
    (Version, models.VersionModel),
    (Conflict, models.ConflictModel),
    (ClaimCheck, models.ClaimCheckModel),
    (PartCheck, models.PartCheckModel),
    (Answer, models.AnswerModel),
    (IndexedArticle, models.IndexedArticleModel),
    (ArticleRow, ArticleModel),
    (IndexReport, IndexReportModel),
    (JobView, JobModel),
]


@pytest.mark.parametrize(("source", "model"), MIRRORS, ids=lambda x: x.__name__)
def test_each_model_has_the_fields_of_its_dataclass(source, model):
    assert list(model.model_fields) == [f.name for f in dataclasses.fields(source)]
    assert model.__doc__


def test_an_answer_survives_the_trip_through_its_model(seeded):
    from qa import ask

    answer = ask(FRENCH_TROOPS, settings=seeded)
    dumped = models.AnswerModel.model_validate(answer, from_attributes=True).model_dump()
    assert dumped == dataclasses.asdict(answer)
    assert dumped["citations"] and dumped["citations"][0]["quote"] in answer.text
