"""Inspections: what was checked, how each check came out, and the evidence kept."""
