"""Command-line imports: one batch runner shared by openrem_rdsr.py and the image/CSV commands.

Each file gets one line (imported, already imported, merged, refused + reason), then a summary. The exit
status is 0 only when no file was refused or failed. Arguments may be files, glob patterns (quoted, so
the shell leaves them to us) and directories (every file below them).
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

Importer = Callable[[str], "ImportResult"]  # noqa: F821 - imported after Django is set up


def expand(arguments: Iterable[str]) -> list[str]:
    """Files named by the arguments, in order, each once. A name matching nothing is kept, so the
    importer reports it as missing instead of it vanishing silently."""
    files: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            files.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file())
        elif glob.has_magic(argument):
            files.extend(sorted(glob.glob(argument, recursive=True)))
        else:
            files.append(argument)
    return list(dict.fromkeys(files))


def run_batch(importer: Importer, arguments: Iterable[str], out: TextIO | None = None) -> int:
    """Import every file, one line each, then a summary; the process exit status."""
    from remapp.importing import ImportResult, Status

    out = out or sys.stdout
    counts: Counter[str] = Counter()
    for name in expand(arguments):
        try:
            result = importer(name)
        except Exception as error:  # noqa: BLE001 - one broken file must not stop the batch
            result = ImportResult(name, Status.REFUSED, f"internal error ({type(error).__name__}: {error})")
        counts[result.status.value] += 1
        print(result.line(), file=out, flush=True)
    total = sum(counts.values())
    parts = ", ".join(f"{counts[s.value]} {s.value}" for s in Status if counts[s.value])
    print(f"{total} file{'s' if total != 1 else ''}: {parts or 'nothing to do'}", file=out)
    return 1 if counts[Status.REFUSED.value] or not total else 0


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openrem.settings")
    import django

    django.setup()


def _parser(prog: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description=description,
        epilog="Prints one line per file and a summary. Exit status 0 only if no file was refused.")
    parser.add_argument("files", nargs="+", metavar="FILE", help="files, quoted glob patterns or directories")
    return parser


def batch_main(prog: str, description: str, importer_path: str, argv: list[str] | None = None) -> int:
    """A whole import command: parse arguments, set up Django, run the batch."""
    args = _parser(prog, description).parse_args(argv)
    setup_django()
    module_name, _, function = importer_path.rpartition(".")
    importer = getattr(__import__(module_name, fromlist=[function]), function)
    return run_batch(importer, args.files)


def rdsr_main(argv: list[str] | None = None) -> int:
    """``openrem_rdsr.py FILE...``: import radiation dose structured reports."""
    return batch_main("openrem_rdsr.py",
                      "Import DICOM radiation dose structured reports (RDSR, and GE Enhanced SR dose reports).",
                      "remapp.extractors.rdsr.rdsr", argv)


if __name__ == "__main__":
    sys.exit(rdsr_main())
