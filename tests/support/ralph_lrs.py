"""Ralph's xAPI LRS on loopback, with its file-system backend, for Rapport's sync tests.

Usage: python ralph_lrs.py PORT  (RALPH_AUTH_FILE and
RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH set by the caller).

Ralph 5.1's file-system backend creates its statements file on every write and refuses the
second request once the file exists; here it appends instead, as a real LRS keeps statements
across requests. Nothing else of Ralph changes: it still validates every statement strictly.
"""

import os
import sys

os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"

from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

import uvicorn  # noqa: E402

uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
