"""Indicators of the loans area (see webapp/indicators/registry.py)."""
