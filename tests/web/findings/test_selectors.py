"""Finding reads."""

from __future__ import annotations

from zicha.web.findings.models import Finding
from zicha.web.findings.selectors import findings_open

from ..outcomes import full_outcome


def test_findings_open_most_severe_first(store, organization, django_assert_num_queries):
    store(full_outcome())
    Finding.objects.filter(pk=Finding.objects.order_by("pk").first().pk).update(
        status="risk_accepted")
    Finding.objects.filter(pk=Finding.objects.order_by("pk").last().pk).update(status="rectified")
    with django_assert_num_queries(1):
        rows = [(f.severity_rank, f.status, f.asset.name) for f in
                findings_open(organization=organization)]
    assert len(rows) == Finding.objects.count() - 1
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), reverse=True)
    assert "rectified" in {r[1] for r in rows} and "risk_accepted" not in {r[1] for r in rows}
