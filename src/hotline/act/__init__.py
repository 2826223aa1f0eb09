"""Stage 3, act: routing, knowledge base, options within policy, three-level escalation."""
