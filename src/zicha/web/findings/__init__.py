"""Findings: failed checks tracked across inspections until rectified and verified (整改)."""
