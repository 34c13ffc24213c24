"""Rules of the unit tree: units (add, rename, move, retire), the tree as pages show it,
merges of communes, and the province install from a list."""
