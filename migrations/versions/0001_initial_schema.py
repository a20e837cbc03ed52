"""Initial schema: surveys and versions, areas, users, events, links, journeys, responses.

Responses carry no link, IP address, user agent or time of day (DESIGN.md privacy rules).
Closed answers are (question, value) rows indexed by survey for GROUP BY counting; free-text
answers have their own rows for sentiment and themes.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_areas")),
        sa.UniqueConstraint("code", name=op.f("uq_areas_code")),
    )
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
        sa.UniqueConstraint("slug", name=op.f("uq_surveys_slug")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "role",
            sa.Enum("officer", "analyst", "admin", name="user_role", native_enum=False),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_events_area_id_areas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_area_id"), ["area_id"], unique=False)

    op.create_table(
        "survey_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_survey_versions_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_versions")),
        sa.UniqueConstraint("survey_id", "number", name=op.f("uq_survey_versions_survey_id")),
    )
    with op.batch_alter_table("survey_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_versions_survey_id"), ["survey_id"], unique=False
        )

    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum("encounter", "event", "standing", name="link_kind", native_enum=False),
            nullable=False,
        ),
        sa.Column("single_use", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_on", sa.Date(), nullable=True),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_links_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_links_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_links_event_id_events")),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_links_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
        sa.UniqueConstraint("token", name=op.f("uq_links_token")),
    )
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_links_area_id"), ["area_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_links_created_by_id"), ["created_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_links_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_links_survey_id"), ["survey_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_links_used_on"), ["used_on"], unique=False)

    op.create_table(
        "responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("survey_version_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("submitted_month", sa.String(length=7), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("withdrawal_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "ethnic_group", sa.String(length=40), server_default="not_stated", nullable=False
        ),
        sa.Column("ethnicity", sa.String(length=40), server_default="not_stated", nullable=False),
        sa.Column("age_band", sa.String(length=40), server_default="not_stated", nullable=False),
        sa.Column("sex", sa.String(length=40), server_default="not_stated", nullable=False),
        sa.Column(
            "gender_identity", sa.String(length=40), server_default="not_stated", nullable=False
        ),
        sa.Column(
            "sexual_orientation", sa.String(length=40), server_default="not_stated", nullable=False
        ),
        sa.Column("religion", sa.String(length=40), server_default="not_stated", nullable=False),
        sa.Column("disability", sa.String(length=40), server_default="not_stated", nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_responses_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_responses_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_responses_survey_id_surveys")
        ),
        sa.ForeignKeyConstraint(
            ["survey_version_id"],
            ["survey_versions.id"],
            name=op.f("fk_responses_survey_version_id_survey_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
        sa.UniqueConstraint("withdrawal_hash", name=op.f("uq_responses_withdrawal_hash")),
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_responses_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            "ix_responses_survey_age_band", ["survey_id", "age_band"], unique=False
        )
        batch_op.create_index("ix_responses_survey_area", ["survey_id", "area_id"], unique=False)
        batch_op.create_index(
            "ix_responses_survey_disability", ["survey_id", "disability"], unique=False
        )
        batch_op.create_index(
            "ix_responses_survey_ethnic_group", ["survey_id", "ethnic_group"], unique=False
        )
        batch_op.create_index(
            "ix_responses_survey_ethnicity", ["survey_id", "ethnicity"], unique=False
        )
        batch_op.create_index(
            "ix_responses_survey_month", ["survey_id", "submitted_month"], unique=False
        )
        batch_op.create_index(
            "ix_responses_survey_religion", ["survey_id", "religion"], unique=False
        )
        batch_op.create_index("ix_responses_survey_sex", ["survey_id", "sex"], unique=False)
        batch_op.create_index(
            "ix_responses_survey_submitted", ["survey_id", "submitted_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_responses_survey_version_id"), ["survey_version_id"], unique=False
        )

    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_answers_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_answers_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
    )
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answers_response_id"), ["response_id"], unique=False)
        batch_op.create_index(
            "ix_answers_survey_question_value", ["survey_id", "question_key", "value"], unique=False
        )

    op.create_table(
        "journeys",
        sa.Column("id", sa.String(length=43), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("survey_version_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"], ["links.id"], name=op.f("fk_journeys_link_id_links"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["survey_version_id"],
            ["survey_versions.id"],
            name=op.f("fk_journeys_survey_version_id_survey_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journeys")),
    )
    with op.batch_alter_table("journeys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journeys_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_journeys_link_id"), ["link_id"], unique=False)

    op.create_table(
        "text_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sentiment", sa.Float(), nullable=True),
        sa.Column("sentiment_model", sa.String(length=64), nullable=True),
        sa.Column("themes_model", sa.String(length=64), nullable=True),
        sa.Column("scored_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_text_answers_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_text_answers_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_answers")),
    )
    with op.batch_alter_table("text_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_text_answers_response_id"), ["response_id"], unique=False
        )
        batch_op.create_index("ix_text_answers_sentiment_model", ["sentiment_model"], unique=False)
        batch_op.create_index(
            "ix_text_answers_survey_question", ["survey_id", "question_key"], unique=False
        )

    op.create_table(
        "text_answer_themes",
        sa.Column("text_answer_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_text_answer_themes_survey_id_surveys")
        ),
        sa.ForeignKeyConstraint(
            ["text_answer_id"],
            ["text_answers.id"],
            name=op.f("fk_text_answer_themes_text_answer_id_text_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("text_answer_id", "theme", name=op.f("pk_text_answer_themes")),
    )
    with op.batch_alter_table("text_answer_themes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_text_answer_themes_survey_theme", ["survey_id", "theme"], unique=False
        )


def downgrade():
    with op.batch_alter_table("text_answer_themes", schema=None) as batch_op:
        batch_op.drop_index("ix_text_answer_themes_survey_theme")

    op.drop_table("text_answer_themes")
    with op.batch_alter_table("text_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_text_answers_survey_question")
        batch_op.drop_index("ix_text_answers_sentiment_model")
        batch_op.drop_index(batch_op.f("ix_text_answers_response_id"))

    op.drop_table("text_answers")
    with op.batch_alter_table("journeys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journeys_link_id"))
        batch_op.drop_index(batch_op.f("ix_journeys_created_at"))

    op.drop_table("journeys")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_index("ix_answers_survey_question_value")
        batch_op.drop_index(batch_op.f("ix_answers_response_id"))

    op.drop_table("answers")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responses_survey_version_id"))
        batch_op.drop_index("ix_responses_survey_submitted")
        batch_op.drop_index("ix_responses_survey_sex")
        batch_op.drop_index("ix_responses_survey_religion")
        batch_op.drop_index("ix_responses_survey_month")
        batch_op.drop_index("ix_responses_survey_ethnicity")
        batch_op.drop_index("ix_responses_survey_ethnic_group")
        batch_op.drop_index("ix_responses_survey_disability")
        batch_op.drop_index("ix_responses_survey_area")
        batch_op.drop_index("ix_responses_survey_age_band")
        batch_op.drop_index(batch_op.f("ix_responses_event_id"))

    op.drop_table("responses")
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_links_used_on"))
        batch_op.drop_index(batch_op.f("ix_links_survey_id"))
        batch_op.drop_index(batch_op.f("ix_links_event_id"))
        batch_op.drop_index(batch_op.f("ix_links_created_by_id"))
        batch_op.drop_index(batch_op.f("ix_links_area_id"))

    op.drop_table("links")
    with op.batch_alter_table("survey_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_versions_survey_id"))

    op.drop_table("survey_versions")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_area_id"))

    op.drop_table("events")
    op.drop_table("users")
    op.drop_table("surveys")
    op.drop_table("areas")
