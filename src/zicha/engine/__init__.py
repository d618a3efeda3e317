"""Inspection engine: register + scan + bundles → facts per asset → results.

Pure orchestration over the other engines; no Django. The CLI and the web
worker both call :func:`zicha.engine.inspection.run_inspection`.
"""
