#!/usr/bin/env python3
"""Builds the PyPI wheels of ricerca (called by pkg/package.sh; Python stdlib only).

    python3 pkg/pypi/wheel.py --version V --out DIR --stage DIR --platforms "linux-x64 ..."

One wheel per platform, carrying the native binary as a script (pip puts it on the PATH
as `ricerca`, as ruff's wheels do) and a small `ricerca` module (`python -m ricerca`).
The Linux binaries are static (musl), so they run on any glibc or musl Linux.
"""
import argparse
import base64
import hashlib
import os
import pathlib
import zipfile

# platform -> (wheel platform tags, binary name)
TAGS = {
    "linux-x64": ("manylinux_2_17_x86_64.manylinux2014_x86_64.musllinux_1_1_x86_64", "ricerca"),
    "linux-arm64": ("manylinux_2_17_aarch64.manylinux2014_aarch64.musllinux_1_1_aarch64", "ricerca"),
    "win32-x64": ("win_amd64", "ricerca.exe"),
}
ROOT = pathlib.Path(__file__).resolve().parents[2]

MAIN = '''"""`python -m ricerca ...` runs the ricerca binary installed with this package."""
import os
import subprocess
import sys
import sysconfig


def binary():
    """The path of the ricerca binary of this installation."""
    name = "ricerca.exe" if os.name == "nt" else "ricerca"
    for scheme in (None, "nt_user" if os.name == "nt" else "posix_user"):
        try:
            scripts = sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
        except KeyError:
            continue
        path = os.path.join(scripts, name)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError("the ricerca binary is not installed beside this Python")


def main():
    """Runs the binary with this process's arguments; returns its exit status."""
    return subprocess.call([binary(), *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
'''


def metadata(version):
    readme = (ROOT / "pkg" / "pypi" / "README.md").read_text(encoding="utf-8")
    return (
        "Metadata-Version: 2.4\n"
        "Name: ricerca\n"
        f"Version: {version}\n"
        "Summary: Client-side faceted search for directories: builds the index and the widget for a static site.\n"
        "License-Expression: MIT OR Apache-2.0\n"
        "License-File: LICENSE-MIT\n"
        "License-File: LICENSE-APACHE\n"
        "Requires-Python: >=3.8\n"
        "Description-Content-Type: text/markdown\n"
        "\n" + readme
    )


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def wheel(version, platform, binary, out):
    tags, exe = TAGS[platform]
    dist = f"ricerca-{version}.dist-info"
    files = [
        ("ricerca/__init__.py", f'"""ricerca {version}: see `python -m ricerca --help`."""\n__version__ = "{version}"\n'.encode(), 0o644),
        ("ricerca/__main__.py", MAIN.encode(), 0o644),
        (f"ricerca-{version}.data/scripts/{exe}", binary.read_bytes(), 0o755),
        (f"{dist}/licenses/LICENSE-MIT", (ROOT / "LICENSE-MIT").read_bytes(), 0o644),
        (f"{dist}/licenses/LICENSE-APACHE", (ROOT / "LICENSE-APACHE").read_bytes(), 0o644),
        (f"{dist}/METADATA", metadata(version).encode(), 0o644),
        (
            f"{dist}/WHEEL",
            (
                "Wheel-Version: 1.0\nGenerator: ricerca pkg/pypi/wheel.py\nRoot-Is-Purelib: false\n"
                + "".join(f"Tag: py3-none-{t}\n" for t in tags.split("."))
            ).encode(),
            0o644,
        ),
    ]
    record = [record_line(n, d) for n, d, _ in files] + [f"{dist}/RECORD,,"]
    files.append((f"{dist}/RECORD", ("\n".join(record) + "\n").encode(), 0o644))
    path = out / f"ricerca-{version}-py3-none-{tags}.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data, mode in files:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    print(f"package: {os.path.relpath(path, ROOT)}")


def main():
    p = argparse.ArgumentParser()
    for a in ("--version", "--out", "--stage", "--platforms"):
        p.add_argument(a, required=True)
    a = p.parse_args()
    out = pathlib.Path(a.out).resolve()
    for platform in a.platforms.split():
        exe = TAGS[platform][1]
        wheel(a.version, platform, pathlib.Path(a.stage) / platform / "bin" / exe, out)


if __name__ == "__main__":
    main()
