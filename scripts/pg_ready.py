"""Exit 0 when the PostgreSQL server at the given URL accepts a connection, 1 otherwise."""
import sys

import psycopg

try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except psycopg.Error as exc:
    print(f"pg_ready: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
