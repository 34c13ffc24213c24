"""Models of the loans area."""

__all__: list[str] = []
