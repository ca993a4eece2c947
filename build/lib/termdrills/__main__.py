import sys

from termdrills.cli import main

sys.exit(main())
