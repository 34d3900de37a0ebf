"""fsgs: an offline, evidence-based reader for FSGS in the terminal."""

__version__ = "0.1.0"
