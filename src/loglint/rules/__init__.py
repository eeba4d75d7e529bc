"""Rule families, one module each; the registry is ``loglint.registry``."""
