"""Every shipped check has pass / fail / not_applicable fixtures, and each gives that result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from zicha.domain.facts import FactSet
from zicha.domain.results import CheckStatus
from zicha.rules.evaluator import AssetContext, evaluate
from zicha.rules.loader import Catalogue, load_catalogue
from zicha.rules.schema import CheckKind

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"
REQUIRED = ("pass", "fail", "not_applicable")
EXPECTED = {
    "pass": CheckStatus.PASSED,
    "fail": CheckStatus.FAILED,
    "not_applicable": CheckStatus.NOT_APPLICABLE,
    "error": CheckStatus.ERROR,
    "manual": CheckStatus.MANUAL,
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _cases() -> list[tuple[str, str, Path]]:
    out = []
    for folder in sorted(FIXTURES.iterdir()):
        for file in sorted(folder.glob("*.yaml")):
            out.append((folder.name, file.stem, file))
    return out


def run_fixture(catalogue: Catalogue, check_id: str, data: dict[str, Any]):
    check = catalogue.checks[check_id]
    asset = data.get("asset") or {}
    ctx = AssetContext(name="fixture", platform=asset.get("platform", "other"),
                       zone=asset.get("zone", "intranet"), role=asset.get("role", "other"))
    facts = FactSet(data.get("facts") or {}, data.get("errors") or {})
    return evaluate(check, facts, asset=ctx, params=data.get("params"),
                    disabled_reason="baseline-disabled" if data.get("disabled") else None,
                    manual_answer=data.get("manual_answer"))


def test_catalogue_has_checks(catalogue: Catalogue) -> None:
    assert len(catalogue) >= 30
    kinds = {c.kind for c in catalogue.checks.values()}
    assert kinds == {CheckKind.AUTO, CheckKind.MANUAL}


def test_every_check_has_the_three_fixtures(catalogue: Catalogue) -> None:
    missing = [
        f"{cid}/{name}.yaml"
        for cid in catalogue.checks
        for name in REQUIRED
        if not (FIXTURES / cid / f"{name}.yaml").exists()
    ]
    assert not missing, f"checks without fixtures: {missing}"


def test_no_fixture_for_an_unknown_check(catalogue: Catalogue) -> None:
    orphans = [p.name for p in FIXTURES.iterdir() if p.name not in catalogue.checks]
    assert not orphans


def test_every_check_cites_the_standard(catalogue: Catalogue) -> None:
    """Each check refers to at least one GB/T 22239 clause or seed item, and all refs resolve."""
    for check in catalogue.checks.values():
        assert any(r.startswith(("gbt22239-2019:", "seed:")) for r in check.refs), check.id
        for ref in check.refs:
            assert ref in catalogue.frameworks, (check.id, ref)


@pytest.mark.parametrize(("check_id", "case", "path"), _cases(),
                         ids=[f"{c}/{n}" for c, n, _ in _cases()])
def test_fixture_gives_its_result(catalogue: Catalogue, check_id: str, case: str,
                                  path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    result = run_fixture(catalogue, check_id, data)
    assert result.status is EXPECTED[case], (result.status, result.reason, result.evidence())


def test_fail_fixture_differs_from_pass_fixture() -> None:
    """A fail fixture that is a copy of the pass fixture would prove nothing."""
    for folder in FIXTURES.iterdir():
        passing, failing = folder / "pass.yaml", folder / "fail.yaml"
        if passing.exists() and failing.exists():
            assert passing.read_text(encoding="utf-8") != failing.read_text(encoding="utf-8")
