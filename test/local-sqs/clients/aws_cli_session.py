"""Runs AWS CLI commands in one process, so that a test pays the CLI's start-up
(seconds on a busy machine) once instead of per command. Each line on stdin is
a JSON array of arguments, as after `aws`; each answer is one JSON line with
the exit code, stdout and stderr the same `aws` command would have produced."""
import contextlib
import io
import json
import sys

from awscli.clidriver import create_clidriver

# One driver for every command, as the CLI's own tests do: building it loads every model.
driver = create_clidriver()
for line in sys.stdin:
    args = json.loads(line)
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = driver.main(args)
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
    sys.__stdout__.write(
        json.dumps({"code": code, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}) + "\n"
    )
    sys.__stdout__.flush()
