"""`python -m biorex_trainer …`: events go to the real stdout, everything else to stderr."""
import sys

from .events import EventWriter, claim_stdout, setup_logging

if __name__ == "__main__":
    events = EventWriter(claim_stdout())
    setup_logging()
    from .cli import main

    sys.exit(main(sys.argv[1:], events))
