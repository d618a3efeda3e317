"""Inspection reads."""

from __future__ import annotations

from zicha.web.inspections.selectors import (
    bundle_evidence_find,
    inspection_list,
    inspection_results,
)
from zicha.web.inventory.services import organization_get_or_create

from ..outcomes import BUNDLE_SHA, full_outcome


def test_inspection_list_newest_first_and_by_organization(store, organization,
                                                          django_assert_num_queries):
    first = store(full_outcome(day=1))
    second = store(full_outcome(day=2))
    other = organization_get_or_create(name="另一家医院", code="other")
    with django_assert_num_queries(1):
        rows = [(i, i.organization.code) for i in inspection_list()]
    assert [i for i, _code in rows] == [second, first]
    assert list(inspection_list(organization=other)) == []


def test_inspection_results_in_one_query(store, django_assert_num_queries):
    inspection = store(full_outcome())
    with django_assert_num_queries(1):
        rows = [(r.check_definition.check_id, r.asset.name if r.asset else None, r.status)
                for r in inspection_results(inspection=inspection)]
    assert len(rows) == 39
    assert rows == sorted(rows, key=lambda r: r[0])


def test_bundle_evidence_find(store, organization):
    assert bundle_evidence_find(organization=organization, sha256=BUNDLE_SHA) is None
    inspection = store(full_outcome())
    found = bundle_evidence_find(organization=organization, sha256=BUNDLE_SHA.upper())
    assert found is not None and found.inspection == inspection
