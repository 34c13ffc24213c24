"""Celery: the app bound to Flask, the job runner, the tasks and the reaper."""
