"""Job kinds (the ``jobs.kind`` column) and the Celery tasks that run them, named here only.

Plain strings with no imports, so the web side can name a kind without loading Celery tasks.
"""

SELFTEST = "system.selftest"
RENDER_REPORT = "report.render"
LOAD_DEMO = "demo.load"

SELFTEST_TASK = "sohoi.system.selftest"
RENDER_REPORT_TASK = "sohoi.reports.render"
LOAD_DEMO_TASK = "sohoi.demo.load"
