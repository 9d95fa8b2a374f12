"""What to tell whom, and how it reads: plain Python, no I/O."""
