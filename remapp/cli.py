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
import warnings
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
            with warnings.catch_warnings():
                # pydicom warns (on stderr) about each malformed value it reads past; the result line
                # already says what happened to the file, and the output stays one line per file.
                warnings.simplefilter("ignore")
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


# The image-header and patient-size commands (issue 4; docs/image-imports.md, docs/ptsize-csv.md).
IMAGE_IMPORTERS = {
    # prog: (importer, what it imports)
    "openrem_mg.py": ("remapp.extractors.mam.mam",
                      "mammography image headers (GE Senographe, Hologic Selenia, Siemens, ...)"),
    "openrem_dx.py": ("remapp.extractors.dx.dx", "radiography (CR and DX) image headers"),
    "openrem_ctphilips.py": ("remapp.extractors.ct_philips.ct_philips",
                             "Philips CT dose-info images (secondary captures listing each acquisition)"),
}


def image_description(prog: str) -> str:
    return (f"Import {IMAGE_IMPORTERS[prog][1]}. Each file is one transaction; a file already imported stores "
            "nothing new; images of one study collect into one study, each exposure once; a study that has "
            "a dose report (RDSR) takes no events from image headers. See docs/image-imports.md.")


def _image_main(prog: str, argv: list[str] | None) -> int:
    return batch_main(prog, image_description(prog), IMAGE_IMPORTERS[prog][0], argv)


def mg_main(argv: list[str] | None = None) -> int:
    """``openrem_mg.py FILE...``: import mammography image headers."""
    return _image_main("openrem_mg.py", argv)


def dx_main(argv: list[str] | None = None) -> int:
    """``openrem_dx.py FILE...``: import radiography image headers."""
    return _image_main("openrem_dx.py", argv)


def ctphilips_main(argv: list[str] | None = None) -> int:
    """``openrem_ctphilips.py FILE...``: import Philips CT dose-info images."""
    return _image_main("openrem_ctphilips.py", argv)


def ptsizecsv_main(argv: list[str] | None = None) -> int:
    """``openrem_ptsizecsv.py [-s] [-v] CSVFILE ID HEIGHT WEIGHT``: heights and weights from a CSV file."""
    from remapp.image_cli import ptsize_parser, run_ptsize

    args = ptsize_parser().parse_args(argv)
    setup_django()
    return run_ptsize(args, sys.stdout)


if __name__ == "__main__":
    sys.exit(rdsr_main())
