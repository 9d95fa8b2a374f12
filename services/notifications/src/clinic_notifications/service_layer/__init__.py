"""Use cases: composing notices from events, delivering them, the daily digest."""
