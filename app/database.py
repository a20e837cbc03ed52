"""Engine settings: SQLite made to behave like a real database under concurrent use, and
read-only transactions ended in the way that keeps PostgreSQL's prepared statements."""

from __future__ import annotations

import logging

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)
_WROTE = "listening_post.wrote"


def configure_engine_events(engine: Engine) -> None:
    _track_writes(engine)
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, connection_record) -> None:  # noqa: ARG001
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _track_writes(engine: Engine) -> None:
    """Remember, per transaction, whether anything but a SELECT ran in it."""

    @event.listens_for(engine, "begin")
    def _forget(connection) -> None:
        connection.info.pop(_WROTE, None)

    @event.listens_for(engine, "before_cursor_execute")
    def _note(connection, cursor, statement, parameters, context, executemany) -> None:  # noqa: ARG001
        if _WROTE in connection.info:
            return
        built = context is not None and context.compiled is not None and not context.is_text
        if built and not (context.isinsert or context.isupdate or context.isdelete):
            # A SELECT built with SQLAlchemy. One that calls a function that writes (the
            # results version's raise) runs only in a transaction that commits or rolls back.
            return
        if not built and statement.lstrip()[:6].upper() == "SELECT":
            return
        connection.info[_WROTE] = True


def end_read_only_transactions_with_commit(app: Flask, db: SQLAlchemy) -> None:
    """End a request's transaction that only read with COMMIT rather than the ROLLBACK that
    closing the session would send.

    Both end a read-only transaction alike, but at a ROLLBACK psycopg forgets every statement
    it had prepared on the connection (and deallocates them on the server), so on PostgreSQL
    every page that only reads, such as each question page a respondent opens, made the next
    requests plan each statement again: about 0.2 ms of the database's CPU for the link's
    query alone. A transaction that wrote, that has objects waiting to be written, or that
    ends in an error is left to be rolled back as before; writes commit in
    ``app.services.transaction.transactional``, never here.
    """

    # Registered after Flask-SQLAlchemy's own teardown, so run before it (Flask runs them in
    # reverse): the session is still open here.
    @app.teardown_appcontext
    def _commit_read_only(error: BaseException | None) -> None:
        if error is not None or not db.session.registry.has():
            return
        session = db.session()
        if not session.in_transaction() or session.new or session.dirty or session.deleted:
            return
        try:
            if not session.connection().info.get(_WROTE):
                session.commit()
        except SQLAlchemyError:
            # Nothing was written, so nothing is lost: closing the session rolls back.
            log.warning("could not end a read-only transaction", exc_info=False)
