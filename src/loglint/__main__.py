from loglint.cli import run

run()
