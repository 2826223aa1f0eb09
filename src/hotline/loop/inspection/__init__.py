"""Call quality inspection (质检): score an operator's call against the four-stage method."""

from hotline.loop.inspection.score import Finding, Inspection, inspect_call
from hotline.loop.inspection.transcript import Turn, parse_turns, read_transcript

__all__ = ["Finding", "Inspection", "Turn", "inspect_call", "parse_turns", "read_transcript"]
