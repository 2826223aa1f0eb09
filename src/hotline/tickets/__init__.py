"""The ticket: its states, legal moves and deadlines."""
