import sys

from chiso.importer.tests.corpus.build import main

raise SystemExit(main(sys.argv[1:]))
