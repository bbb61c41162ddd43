"""``python -m conseils_citoyens``: the command line, as ``conseils-citoyens``."""

from conseils_citoyens.cli import main

if __name__ == "__main__":
    main(prog_name="conseils-citoyens")
