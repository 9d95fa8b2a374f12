"""Plumbing every back-end service shares, so each service holds only its own domain."""
