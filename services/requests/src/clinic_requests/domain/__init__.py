"""The appointment request, its rules and the commands people give about it: plain Python."""
