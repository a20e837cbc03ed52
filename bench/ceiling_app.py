"""The stack's ceiling for bench/load.py: bare Flask + Flask-SQLAlchemy inserting one row.

Served by the same gunicorn settings as the real app, against the same database, with the same
engine options and SQLite pragmas, so the difference is what Listening Post itself adds.

    DATABASE_URL=... gunicorn 'bench.ceiling_app:create_app()'
"""

from __future__ import annotations

import datetime as dt
import os

from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Date, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.database import configure_engine_events


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class CeilingRow(db.Model):
    __tablename__ = "bench_ceiling_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(String(100))
    created_on: Mapped[dt.date] = mapped_column(Date)


def create_app(database_url: str | None = None) -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or os.environ["DATABASE_URL"]
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True, "hide_parameters": True}
    db.init_app(app)
    with app.app_context():
        configure_engine_events(db.engine)

    @app.post("/insert")
    def insert():
        db.session.add(
            CeilingRow(value=request.form.get("value", "")[:100], created_on=dt.date.today())
        )
        db.session.commit()
        return "stored", 201

    @app.get("/healthz")
    def healthz():
        return "ok"

    return app
