"""The capdsl checker: names, types and reference capabilities (see `checker/cap.py`)."""
