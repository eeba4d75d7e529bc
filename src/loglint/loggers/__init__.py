"""The logger model: the one place that answers "is this a logger, of which library,
and why".

- :mod:`loglint.loggers.libraries`: what stdlib logging, loguru and structlog are made of
  (emitting methods, factories, logger types, methods that return a logger).
- :mod:`loglint.loggers.calls`: the records rules read (:class:`LogCall`, :class:`LoggerRef`,
  :class:`HandlerInfo`).
- :mod:`loglint.loggers.resolver`: one file's names, resolved to loggers (libcst).
- :mod:`loglint.loggers.facts`, :mod:`loglint.loggers.index`, :mod:`loglint.loggers.store`:
  the project index (``ast``): what the project's other modules say about loggers, read
  on demand and kept between runs.
"""
