"""Allow `python -m caselaw`."""

from caselaw.cli import main

main()
