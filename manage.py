#!/usr/bin/env python
from chiso.cli import main

if __name__ == "__main__":
    main()
