"""China's working-day calendar and the time-limit catalogue (data-driven)."""
