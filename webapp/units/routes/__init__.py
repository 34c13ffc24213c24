"""The unit tree's admin pages: the tree itself, merges of communes, a province's install."""

from webapp.units.routes import install, merges, units  # noqa: F401
