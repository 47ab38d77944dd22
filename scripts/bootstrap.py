#!/usr/bin/env python3
"""Set up OpenREM from a fresh clone with one command (Linux, macOS and Windows).

    python3 scripts/bootstrap.py run    # environment, install, database, admin user, demo data, server
    python3 scripts/bootstrap.py test   # environment, install with test tools, whole test suite

Only the standard library is used here: this runs before anything is installed.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("OPENREM_VENV", REPO / ".venv"))
ADMIN_USER = "admin"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*args: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=REPO, check=True, **kwargs)


def ensure_environment(extras: str) -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs before any check of ours
        sys.exit(f"OpenREM needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    python = venv_python()
    if not python.exists():
        step(f"creating virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    step("installing OpenREM and its dependencies")
    target = f".[{extras}]" if extras else "."
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--quiet", "-e", target)
    return python


def manage(python: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return run(python, "manage.py", *args, **kwargs)


def create_admin(python: Path) -> None:
    """Create the first administrator once, printing its generated password once."""
    password = secrets.token_urlsafe(12)
    code = (
        "from django.contrib.auth import get_user_model\n"
        "User = get_user_model()\n"
        f"if User.objects.filter(username={ADMIN_USER!r}).exists():\n"
        "    print('exists')\n"
        "else:\n"
        f"    User.objects.create_superuser({ADMIN_USER!r}, '', {password!r})\n"
        "    print('created')\n"
    )
    result = manage(python, "shell", "--no-imports", "-c", code, capture_output=True, text=True)
    if "created" in result.stdout:
        print("\n" + "=" * 64)
        print(f"  Administrator user: {ADMIN_USER}")
        print(f"  Password:           {password}")
        print("  Shown only this once. Change it in the admin pages if you wish.")
        print("=" * 64 + "\n", flush=True)
    else:
        print(f"Administrator user '{ADMIN_USER}' already exists; its password is unchanged.")


def has_command(python: Path, name: str) -> bool:
    listing = manage(python, "help", "--commands", capture_output=True, text=True).stdout.split()
    return name in listing


def cmd_run(args: argparse.Namespace) -> int:
    python = ensure_environment("")
    step("creating or updating the database")
    manage(python, "migrate", "--no-input")
    create_admin(python)
    if not args.no_demo and has_command(python, "openrem_demo"):
        step("adding demo data (skipped if there are studies already)")
        manage(python, "openrem_demo", "--if-empty")
    background = []
    # openrem_worker is db_worker that first queues whatever the DICOM receiver left in its spool.
    worker = next((name for name in ("openrem_worker", "db_worker") if has_command(python, name)), None)
    if worker:
        step("starting the background task worker")
        background.append(subprocess.Popen([str(python), "manage.py", worker], cwd=REPO))
    if has_command(python, "openrem_store_scp"):
        step("starting the DICOM Store SCP (AE title OPENREM, 127.0.0.1:11112 unless configured; "
             "see docs/dicom-network.md)")
        background.append(subprocess.Popen([str(python), "manage.py", "openrem_store_scp"], cwd=REPO))
    url = f"http://{args.address}/openrem/"
    step(f"starting the web server at {url} (Ctrl+C stops it)")
    try:
        # --insecure: let the development server serve our static files with DEBUG off.
        return subprocess.call([str(python), "manage.py", "runserver", "--insecure", args.address], cwd=REPO)
    except KeyboardInterrupt:
        return 0
    finally:
        for process in background:
            process.terminate()


def cmd_test(args: argparse.Namespace) -> int:
    python = ensure_environment("dev")
    step("running the test suite")
    return subprocess.call([str(python), "-m", "pytest", *args.pytest_args], cwd=REPO)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="install, migrate, create the admin user and start the server")
    run_parser.add_argument("--address", default="127.0.0.1:8000", help="host:port to serve on")
    run_parser.add_argument("--no-demo", action="store_true", help="do not add demo studies")
    run_parser.set_defaults(func=cmd_run)
    test_parser = sub.add_parser("test", help="install with test tools and run the whole test suite")
    test_parser.set_defaults(func=cmd_test)
    # Everything after "test" that we do not know goes to pytest (-q, -k name, -x ...).
    args, rest = parser.parse_known_args(argv)
    if rest and args.command != "test":
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    args.pytest_args = rest
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
