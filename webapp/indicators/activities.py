"""Indicators of the activities area (see webapp/indicators/registry.py)."""
