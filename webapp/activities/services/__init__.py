"""The rules of the activities area, one module per register: the activity log, the shared
lists (kinds, tags, output units), the small registers (clubs, mediation, "5 có 3 sạch",
ratings), manual statistics, and congress terms with their targets. Each takes plain values or
dataclasses, flushes and never commits (the view commits once, webapp/form_helpers.py)."""
