"""Collectors: the I/O edge (network scan, local collection). Engines, no Django."""
