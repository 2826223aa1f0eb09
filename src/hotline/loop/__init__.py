"""Stage 4, close the loop: follow-ups, return visits, rework, three rates, insights."""
