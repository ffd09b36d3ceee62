"""`python -m answerlint`."""
from .cli import main

main()
