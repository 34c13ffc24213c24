"""The rules of the reports area: drafts (periods, numbering, metadata, narrative, asking for a
file), sending and reopening (the period lock), the narrative sections of each kind, template
uploads, the starter template, and the province's view. They take plain values or dataclasses,
flush and never commit."""
