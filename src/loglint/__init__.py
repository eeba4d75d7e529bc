"""loglint: a linter for logging best practices (stdlib logging, loguru, structlog)."""

__version__ = "0.1.0"
