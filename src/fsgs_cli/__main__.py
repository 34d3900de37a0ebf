"""python -m fsgs_cli"""

from fsgs_cli.cli import main

main()
