"""python -m fsgs_cli"""

from fsgs_cli.entry import main

main()
