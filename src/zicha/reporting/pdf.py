"""Word → PDF through LibreOffice headless (one source of truth: the .docx).

Each conversion gets its own LibreOffice profile (``-env:UserInstallation``)
so parallel conversions do not collide, and a timeout after which the whole
process group is killed. The Word file names 宋体/黑体 (Windows readers have
them); for the PDF a private fontconfig file maps them to Noto Serif/Sans CJK
SC, so Chinese text renders with a 宋体-like serif without touching /etc.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from zicha.domain.errors import ZichaError

__all__ = ["HINT", "docx_to_pdf", "soffice_path"]

HINT = "apt-get install libreoffice-writer-nogui fonts-noto-cjk"
DEFAULT_TIMEOUT = 180.0
_counter = itertools.count(1)

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
{aliases}
</fontconfig>
"""
ALIASES = {
    "宋体": "Noto Serif CJK SC", "SimSun": "Noto Serif CJK SC", "NSimSun": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC", "FangSong": "Noto Serif CJK SC", "楷体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC", "SimHei": "Noto Sans CJK SC", "微软雅黑": "Noto Sans CJK SC",
    "Microsoft YaHei": "Noto Sans CJK SC",
}


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _fonts_conf(directory: Path) -> Path:
    aliases = "\n".join(
        f'  <alias binding="same"><family>{src}</family><prefer><family>{dst}</family>'
        f"<family>WenQuanYi Zen Hei</family></prefer></alias>"
        for src, dst in ALIASES.items())
    path = directory / "fonts.conf"
    path.write_text(FONTS_CONF.format(aliases=aliases), encoding="utf-8")
    return path


def docx_to_pdf(docx: str | Path, out: str | Path | None = None, *,
                timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert ``docx`` to PDF; ``out`` is the target file (default: next to it)."""
    src = Path(docx).resolve()
    target = Path(out) if out else src.with_suffix(".pdf")
    soffice = soffice_path()
    if soffice is None:
        raise ZichaError("LibreOffice (soffice) is not installed; cannot write PDF",
                         code="pdf-unavailable", hint=HINT)
    profile = Path(tempfile.gettempdir()) / f"lo-{os.getpid()}-{next(_counter)}"
    work = Path(tempfile.mkdtemp(prefix="zicha-pdf-"))
    try:
        env = {**os.environ, "FONTCONFIG_FILE": str(_fonts_conf(work)), "HOME": str(work),
               "SAL_USE_VCLPLUGIN": "svp"}
        # a plain ASCII input name: some LibreOffice builds mangle non-ASCII argv names
        staged = work / "report.docx"
        shutil.copyfile(src, staged)
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work), str(staged)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ZichaError(f"LibreOffice did not finish converting {src.name} within "
                             f"{timeout:.0f} s", code="pdf-timeout") from None
        produced = work / "report.pdf"
        if proc.returncode != 0 or not produced.exists():
            detail = (stderr or stdout).decode("utf-8", "replace").strip()[-500:]
            raise ZichaError(f"LibreOffice failed to convert {src.name} (exit "
                             f"{proc.returncode}): {detail}", code="pdf-failed", hint=HINT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), target)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
