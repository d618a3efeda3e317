"""zicha import: folders and zips, idempotent, bad bundles reported while the rest imports."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from rich.console import Console

from zicha.cli import main
from zicha.cli.status import ExitStatus

pytestmark = pytest.mark.django_db(transaction=True)
BUNDLES = Path(__file__).resolve().parents[1] / "fixtures" / "bundles" / "linux"


def run_cli(*argv: str) -> tuple[int, str]:
    buf = io.StringIO()
    code = main(list(argv), console=Console(file=buf, width=240, color_system=None))
    return code, buf.getvalue()


def test_import_is_idempotent_and_reports_bad_bundles(tmp_path: Path) -> None:
    from zicha.web.inspections.models import Evidence, Inspection
    from zicha.web.inventory.models import Asset

    folder = tmp_path / "share"
    folder.mkdir()
    good = sorted(BUNDLES.glob("*.zb"))
    assert len(good) >= 2
    shutil.copy(good[0], folder / good[0].name)
    with zipfile.ZipFile(folder / "batch.zip", "w") as zf:
        zf.write(good[1], good[1].name)
    (folder / "broken.zb").write_bytes(b"ZICHA-BUNDLE 1\nboundary: Zb0123456789\n\n"
                                       b"--Zb0123456789 BEGIN a\nx\n--Zb0123456789 END a exit=0\n"
                                       b"garbage\n")
    code, text = run_cli("import", str(folder), "--org-code", "t1", "--org", "测试医院",
                         "--out", str(tmp_path / "out"))
    assert code == ExitStatus.OK, text
    assert "broken.zb:7" in text
    assert "导入 imported 2" in text
    inspections = Inspection.objects.count()
    evidence = Evidence.objects.count()
    assets = Asset.objects.filter(organization__code="t1")
    assert assets.count() == 2
    assert not any(a.registered for a in assets)   # not in the (empty) register

    code, text = run_cli("import", str(folder), "--org-code", "t1", "--out", str(tmp_path / "o2"))
    assert code == ExitStatus.OK
    assert "nothing new" in text
    assert Inspection.objects.count() == inspections
    assert Evidence.objects.count() == evidence


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pc.zb", b"ZICHA-BUNDLE 1\n" + b"\0" * (20 * 1024 * 1024))
    code, text = run_cli("import", str(bomb), "--org-code", "t2", "--out", str(tmp_path / "o"))
    assert code == ExitStatus.INVALID_INPUT
    assert "zip-bomb" in text
