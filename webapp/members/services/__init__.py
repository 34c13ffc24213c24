"""Business rules of the members area, one module per register.

Services flush; the view commits once (``webapp.form_helpers.save``). A refused change raises
``webapp.refusals.RecordError`` naming the form field it concerns; the checks of a record are
collected with ``Problems`` so that a form shows every mistake at once.
"""
