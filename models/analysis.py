"""What the analysis runs with: editable theme taxonomies, trained models, analysts' coding."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, SmallInteger, String, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow


class ThemeTaxonomy(db.Model):
    """A survey's themes: name -> {"description": str, "seeds": [terms and phrases]}, and
    "name_cy": the theme's Welsh name, for a theme that has one.

    Starts from analysis/taxonomies/<slug>.json; analysts edit it. Its checksum is part of the
    version stored with every theme assignment, so an edit makes `analysis run` re-assign (a
    Welsh name is not part of it: app.services.scoring.taxonomy_checksum).
    """

    __tablename__ = "theme_taxonomies"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), unique=True)
    themes: Mapped[dict[str, Any]] = mapped_column(JSON)
    checksum: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AnalysisModel(db.Model):
    """A trained sentiment or theme model, saved so every worker scores with the same one.

    Its :class:`AnalysisModelSource` rows say which free-text answers it learned from. When one
    of them is withdrawn or deleted under the retention period, the model is set aside at once:
    its payload is emptied, it is no longer used, and ``set_aside_at`` and ``set_aside_because``
    ("withdrawal" or "retention") say when and why. ``train_again`` marks a set-aside model
    that `flask analysis run` is to train again without the answers; the run clears it, and a
    model it cannot train (too few coded answers remain) stays set aside until analysts train.
    """

    __tablename__ = "analysis_models"
    __table_args__ = (Index("ix_analysis_models_survey_kind", "survey_id", "kind", "active"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id"))
    kind: Mapped[str] = mapped_column(String(16))  # "sentiment" or "themes"
    version: Mapped[str] = mapped_column(String(64), unique=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    trained_on: Mapped[int] = mapped_column(default=0)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    set_aside_at: Mapped[dt.datetime | None] = mapped_column()
    set_aside_because: Mapped[str | None] = mapped_column(String(16))
    train_again: Mapped[bool] = mapped_column(default=False, server_default=false())


class AnalysisModelSource(db.Model):
    """A free-text answer a stored model learned from.

    ``text_answer_id`` is deliberately not a foreign key: the row outlives the answer, so a
    model that learned from an answer deleted by any route is found by the answer's absence.
    The row holds an id only, never the text.
    """

    __tablename__ = "analysis_model_sources"

    model_id: Mapped[int] = mapped_column(
        ForeignKey("analysis_models.id", ondelete="CASCADE"), primary_key=True
    )
    text_answer_id: Mapped[int] = mapped_column(primary_key=True, index=True)


class CodedAnswer(db.Model):
    """An analyst's reading of a free-text answer: the truth the models learn from."""

    __tablename__ = "coded_answers"

    text_answer_id: Mapped[int] = mapped_column(
        ForeignKey("text_answers.id", ondelete="CASCADE"), primary_key=True
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    sentiment: Mapped[int | None] = mapped_column(SmallInteger)  # -2 (very negative) .. 2
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    coded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    coded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
