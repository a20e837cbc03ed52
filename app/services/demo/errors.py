"""The one error the demo data raises."""


class DemoError(RuntimeError):
    """Demo data cannot be made (for example, the surveys are not loaded)."""
