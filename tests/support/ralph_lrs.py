"""Ralph's xAPI LRS on loopback, with its file-system backend, for Rapport's sync tests.

Usage: python ralph_lrs.py PORT  (RALPH_AUTH_FILE and
RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH set by the caller).

Three fixes to Ralph 5.1's file-system backend, which is meant for tests and has bugs the
production backends (Elasticsearch, MongoDB, ClickHouse) do not:
- it creates its statements file on every write and refuses the second request once the file
  exists; here it appends instead, as a real LRS keeps statements across requests;
- it keeps a history of writes in one file per user, which instances running at once corrupt
  (then every write answers 500); here each instance has its own;
- its `verb` and `activity` filters compare the query's IRI model with the statement's string,
  so they never match; here the query's IRIs are plain strings.
Nothing else of Ralph changes: it still validates every statement strictly, caps pages at 100,
and filters `since` by the statement's own timestamp.
"""

import os
import sys

os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
# Ralph keeps a history of its file-system writes in one file per user (~/.config/ralph), which
# several instances at once (tests run in parallel) corrupt, after which every write answers 500.
# Each instance keeps its own, beside its statements.
os.environ.setdefault(
    "RALPH_HISTORY_FILE",
    os.path.join(
        os.path.dirname(os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"].rstrip("/")),
        "history.json",
    ),
)

from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

_query_statements = FSLRSBackend.query_statements


def _query_with_plain_iris(self, params, target=None):
    for field in ("verb", "activity"):
        value = getattr(params, field, None)
        if value is not None and not isinstance(value, str):
            setattr(params, field, str(getattr(value, "root", value)))
    return _query_statements(self, params, target)


FSLRSBackend.query_statements = _query_with_plain_iris

import uvicorn  # noqa: E402

uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
