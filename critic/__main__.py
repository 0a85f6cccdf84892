"""`python -m critic` entry point."""

from critic.cli import main

if __name__ == "__main__":
    main()
