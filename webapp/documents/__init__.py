"""Report documents: build the context from the registry and render a .docx with docxtpl.

Pure functions: no request, no Celery. The worker (tasks/reports.py) and ``flask report render``
call the same code path.
"""
