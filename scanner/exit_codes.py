"""piimap's exit codes, in a module of their own so the CLI can name them without importing the
scan pipeline (and with it Presidio and spaCy) just to start."""

EXIT_OK = 0
EXIT_FINDINGS = 1  # used by `piimap check`
EXIT_USAGE = 2
EXIT_PARTIAL = 3
