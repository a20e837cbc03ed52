"""An index on audit events by target and time, for the events about one account.

Your account shows each member of staff the recent activity on their own account: when they
last signed in, the failed attempts since, and the latest changes to how they sign in. Every
one of those events names the account in its target (its email address), so each query is
"this account's events, newest first" or "this account's events since a time".
ix_audit_events_target_occurred_at (target, occurred_at) answers each from that account's own
events; without it a query found its rows through the index on action or on time, and read
every sign-in of every member of staff, or the whole log for someone whose last change was
years ago. The audit log page's "About one person" filter asks by target too.

Revision ID: 0028
Revises: 0027
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_audit_events_target_occurred_at",
        "audit_events",
        ["target", "occurred_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_audit_events_target_occurred_at", table_name="audit_events")
