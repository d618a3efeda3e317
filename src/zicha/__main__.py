"""``python -m zicha`` runs the command-line interface."""

import sys

from zicha.cli import main

if __name__ == "__main__":
    sys.exit(main())
