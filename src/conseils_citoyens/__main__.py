"""``python -m conseils_citoyens``: the command line, as ``conseils-citoyens``."""

from conseils_citoyens.cli import run

if __name__ == "__main__":
    run()
