"""Models of the activities area."""

__all__: list[str] = []
