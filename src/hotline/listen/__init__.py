"""Stage 1, listen: emotion, emergencies, details, appeal kind, need and restatement."""
