"""Scan engines other than the local process pool (``scanner.scan.pipeline.run_scan``).

Each engine returns the same ``ScanOutcome`` and writes the run directory with the same writer
code (``scanner.scan.pipeline.write_run``), so the inventory does not depend on where the scan ran.
Engines are imported lazily by the CLI because their dependencies are optional extras:

- ``scanner.engines.spark``: Apache Spark (``pip install 'piimap[spark]'``).
"""
