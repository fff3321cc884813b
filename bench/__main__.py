"""`python -m bench [--years 2,8,20] [--repeat 3] [--out FILE]`: see bench/run.py."""

import sys

from .run import main

sys.exit(main())
