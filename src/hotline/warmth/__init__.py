"""Stage 2, warmth: the three-step script and the lint of operator replies."""
