"""Indicators of the members area (see webapp/indicators/registry.py)."""
