"""``python -m ganzoo`` (and ``torchrun -m ganzoo``) runs the command line."""

from ganzoo.launch import main

main()
