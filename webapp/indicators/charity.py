"""Indicators of the charity area (see webapp/indicators/registry.py)."""
