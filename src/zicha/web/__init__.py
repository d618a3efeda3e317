"""The Django adapter: inventory, inspections and findings over the pure engines.

Nothing under ``zicha.web`` touches settings at import time except the
settings module itself; engines never import from here.
"""
