"""Models of the charity area."""

__all__: list[str] = []
