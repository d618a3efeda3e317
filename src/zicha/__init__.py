"""zicha (自查): hospital network and information-security self-inspection."""

__version__ = "0.1.0"
