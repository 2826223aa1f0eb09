"""Insights: pain points and hotspots, early warnings, reply quality and the handbook."""
