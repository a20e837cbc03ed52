import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import event

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
# Keep the application's loggers working when migrations run inside it (tests, CLI).
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def get_engine():
    return current_app.extensions["migrate"].db.engine


def get_engine_url():
    return get_engine().url.render_as_string(hide_password=False).replace("%", "%%")


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option("sqlalchemy.url", get_engine_url())
target_db = current_app.extensions["migrate"].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, "metadatas"):
        return target_db.metadatas[None]
    return target_db.metadata


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=get_metadata(), literal_binds=True)

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        restore = _transactional_sqlite(connection)
        try:
            # One transaction per migration: one that fails or is killed half-way leaves the
            # database at the previous revision, and the next `flask db upgrade` completes it.
            context.configure(
                connection=connection,
                target_metadata=get_metadata(),
                transactional_ddl=True,
                transaction_per_migration=True,
                **conf_args,
            )

            with context.begin_transaction():
                context.run_migrations()
        finally:
            restore()


def _transactional_sqlite(connection):
    """Make DDL on SQLite transactional, as it is on PostgreSQL.

    SQLite itself can roll back CREATE, ALTER and DROP, but Python's sqlite3 driver only
    begins transactions before INSERT, UPDATE and DELETE, so each DDL statement would commit
    on its own. Here the driver's own handling is switched off and BEGIN is sent explicitly,
    for this connection and until the migrations are done.
    """
    if connection.dialect.name != "sqlite":
        return lambda: None
    if connection.in_transaction():
        connection.commit()
    driver = connection.connection.driver_connection
    previous = driver.isolation_level
    driver.isolation_level = None

    def begin(conn):
        conn.exec_driver_sql("BEGIN")

    event.listen(connection, "begin", begin)

    def restore():
        event.remove(connection, "begin", begin)
        if driver.in_transaction:
            driver.rollback()
        driver.isolation_level = previous

    return restore


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
