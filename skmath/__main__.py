"""``python -m skmath``: the same command line as ``skmath``."""

import sys

from .cli import main

sys.exit(main())
