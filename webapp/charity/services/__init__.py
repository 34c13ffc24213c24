"""The charity area's business rules, one module per register (see each module); they refuse
with ``webapp.refusals.RecordError``."""
