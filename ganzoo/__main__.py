"""``python -m ganzoo`` (and ``torchrun -m ganzoo``) runs the command line."""

from ganzoo.cli import main

main()
