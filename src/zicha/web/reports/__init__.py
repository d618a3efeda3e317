"""Report generation and download in the console."""
