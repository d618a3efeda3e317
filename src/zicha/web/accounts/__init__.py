"""Accounts: one person, one account (S27 applies to us too); roles and capabilities."""
