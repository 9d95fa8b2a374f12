"""Use cases: submit, review, withdraw, expire, apply availability's answers, and the queries."""
