"""The REST API: token authentication, organization scoping, reads with paging, bundle upload."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zicha.web.api import services
from zicha.web.api.models import ApiToken
from zicha.web.api.services import hash_token, token_create, token_revoke
from zicha.web.audit.models import AuditEvent
from zicha.web.inspections.models import BundleUpload, Evidence
from zicha.web.inventory.models import Asset

from ..outcomes import BUNDLE_SHA, full_outcome

BUNDLE = (b"ZICHA-BUNDLE 1\nboundary: Zx1a2b3c4d\nplatform: linux\nhostname: his-app-01\n\n"
          b"--Zx1a2b3c4d BEGIN os_release\nNAME=Debian\n--Zx1a2b3c4d END os_release exit=0\n")
BROKEN = b"ZICHA-BUNDLE 1\nboundary: Zx1a2b3c4d\nthis line has no colon\n\n"


@pytest.fixture
def tokens(people, organization, other_organization):
    """Raw tokens: read and upload of the test organization, read of the other one."""
    admin = people["admin"]
    _t, read = token_create(actor=admin, organization=organization, name="reader",
                            scopes=["read"])
    _t, upload = token_create(actor=admin, organization=organization, name="collector-01",
                              scopes=["upload"])
    _t, other = token_create(actor=admin, organization=other_organization, name="other",
                             scopes=["read", "upload"])
    return {"read": read, "upload": upload, "other": other}


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def get(path: str, raw: str | None = None, **params):
    return Client().get(path, params, **(bearer(raw) if raw else {}))


ASSETS_URL = "/api/v1/assets"


def test_token_is_shown_once_and_stored_as_a_hash(tokens):
    row = ApiToken.objects.get(name="reader")
    assert row.key_hash == hash_token(tokens["read"]) and tokens["read"] not in row.key_hash
    assert tokens["read"].startswith("zc_") and len(tokens["read"]) > 40
    assert row.prefix == tokens["read"][:10]
    event = AuditEvent.objects.filter(action="api.token_create").first()
    assert tokens["read"] not in json.dumps(event.after)


@pytest.mark.parametrize("headers", [
    {}, {"HTTP_AUTHORIZATION": "Bearer zc_nonsense"}, {"HTTP_AUTHORIZATION": "Token abc"},
    {"HTTP_AUTHORIZATION": "Bearer "},
])
def test_requests_without_a_valid_token_are_401(tokens, headers):
    for path in (ASSETS_URL, "/api/v1/inspections", "/api/v1/findings",
                 "/api/v1/inspections/1/results"):
        assert Client().get(path, **headers).status_code == 401, path
    assert Client().post("/api/v1/bundles", BUNDLE, content_type="application/octet-stream",
                         **headers).status_code == 401


def test_revoked_and_expired_tokens_are_401(tokens, people):
    assert get(ASSETS_URL, tokens["read"]).status_code == 200
    token_revoke(actor=people["admin"], token=ApiToken.objects.get(name="reader"))
    assert get(ASSETS_URL, tokens["read"]).status_code == 401
    ApiToken.objects.filter(name="other").update(
        expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert get(ASSETS_URL, tokens["other"]).status_code == 401
    assert AuditEvent.objects.filter(action="api.token_revoke").count() == 1


def test_scopes_are_enforced(tokens):
    assert get(ASSETS_URL, tokens["upload"]).status_code == 403
    response = Client().post("/api/v1/bundles", BUNDLE, content_type="application/octet-stream",
                             **bearer(tokens["read"]))
    assert response.status_code == 403
    assert not BundleUpload.objects.exists()


def test_last_used_is_noted(tokens):
    assert ApiToken.objects.get(name="reader").last_used_at is None
    get(ASSETS_URL, tokens["read"])
    assert ApiToken.objects.get(name="reader").last_used_at is not None


def test_a_token_sees_only_its_organization(tokens, store, organization, other_organization):
    inspection = store(full_outcome())
    Asset.objects.create(organization=other_organization, name="elsewhere", ip="127.20.1.10")
    ours = get(ASSETS_URL, tokens["read"]).json()
    theirs = get(ASSETS_URL, tokens["other"]).json()
    assert ours["count"] == Asset.objects.filter(organization=organization).count()
    assert [a["name"] for a in theirs["items"]] == ["elsewhere"]
    assert theirs["count"] == 1
    assert get("/api/v1/inspections", tokens["other"]).json()["count"] == 0
    assert get("/api/v1/findings", tokens["other"]).json()["count"] == 0
    assert get(f"/api/v1/inspections/{inspection.pk}/results", tokens["other"]).status_code == 404
    assert get(f"/api/v1/inspections/{inspection.pk}/results", tokens["read"]).status_code == 200


def test_paging(tokens, organization):
    Asset.objects.bulk_create([Asset(organization=organization, name=f"h{i:03d}")
                               for i in range(25)])
    first = get(ASSETS_URL, tokens["read"], limit=10).json()
    assert first["count"] == 25 and len(first["items"]) == 10
    last = get(ASSETS_URL, tokens["read"], limit=10, offset=20).json()
    assert [a["name"] for a in last["items"]] == [f"h{i:03d}" for i in range(20, 25)]
    default = get(ASSETS_URL, tokens["read"]).json()
    assert len(default["items"]) == 25
    assert get(ASSETS_URL, tokens["read"], limit=0).status_code == 422
    assert get(ASSETS_URL, tokens["read"], offset=-1).status_code == 422


def test_asset_fields_and_filters(tokens, store):
    store(full_outcome())
    items = get(ASSETS_URL, tokens["read"], registered="false").json()["items"]
    assert [a["ip"] for a in items] == ["127.20.9.99"]
    his = get(ASSETS_URL, tokens["read"], q="his-app").json()["items"][0]
    assert his["zone_kind"] == "intranet" and his["department"] == "信息科"
    assert his["ip"] == "127.20.1.10" and his["platform"] == "linux"


def test_inspections_results_and_findings(tokens, store):
    first = store(full_outcome(day=1))
    second = store(full_outcome(day=2))
    inspections = get("/api/v1/inspections", tokens["read"]).json()
    assert [i["id"] for i in inspections["items"]] == [second.pk, first.pk]
    assert inspections["items"][0]["summary"]["total"] == 39
    url = f"/api/v1/inspections/{second.pk}/results"
    everything = get(url, tokens["read"]).json()
    assert everything["count"] == 39
    failed = get(url, tokens["read"], status="failed").json()
    assert failed["count"] > 0 and {r["status"] for r in failed["items"]} == {"failed"}
    one_check = get(url, tokens["read"], check="TST-ASSET-0001").json()
    assert {r["check_id"] for r in one_check["items"]} == {"TST-ASSET-0001"}
    his = Asset.objects.get(name="his-app-01")
    on_his = get(url, tokens["read"], asset=his.pk).json()
    assert on_his["count"] == 6 and {r["asset_name"] for r in on_his["items"]} == {"his-app-01"}
    assert "evidence" in on_his["items"][0] and on_his["items"][0]["area"]
    findings = get("/api/v1/findings", tokens["read"]).json()
    assert findings["count"] > 0
    open_only = get("/api/v1/findings", tokens["read"], status="open").json()
    assert {f["status"] for f in open_only["items"]} <= {"open"}
    assert get("/api/v1/inspections/999999/results", tokens["read"]).status_code == 404


def upload(raw, data=BUNDLE, **extra):
    return Client().post("/api/v1/bundles", data, content_type="application/octet-stream",
                         **bearer(raw), **extra)


def test_upload_stores_the_bundle_outside_the_web_root(tokens, organization):
    response = upload(tokens["upload"], HTTP_X_ZICHA_FILENAME="his-app-01.zb")
    assert response.status_code == 201
    body = response.json()
    sha = hashlib.sha256(BUNDLE).hexdigest()
    assert body == {"status": "received", "sha256": sha, "size": len(BUNDLE),
                    "hostname": "his-app-01", "platform": "linux",
                    "upload_id": BundleUpload.objects.get().pk}
    row = BundleUpload.objects.get()
    assert row.organization == organization and row.sha256 == sha and row.name == "his-app-01.zb"
    assert row.file.name == f"bundles/{organization.pk}/{sha}.zb"
    path = Path(settings.MEDIA_ROOT) / row.file.name
    assert path.read_bytes() == BUNDLE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    event = AuditEvent.objects.get(action="api.bundle_upload")
    assert event.actor_label == "api-token:collector-01" and event.detail["sha256"] == sha


def test_no_url_serves_the_stored_bundles(db):
    from django.urls import Resolver404, resolve

    assert Path(settings.MEDIA_ROOT).name == "media"
    with pytest.raises(Resolver404):
        resolve("/media/bundles/1/x.zb")
    with pytest.raises(Resolver404):
        resolve("/" + settings.MEDIA_URL + "bundles/1/x.zb")


def test_curl_default_content_type_and_a_path_in_the_name(tokens):
    response = Client().post("/api/v1/bundles", BUNDLE,
                             content_type="application/x-www-form-urlencoded",
                             HTTP_X_ZICHA_FILENAME="C:\\采集\\pc-07.zb", **bearer(tokens["upload"]))
    assert response.status_code == 201
    assert BundleUpload.objects.get().name == "pc-07.zb"


def test_multipart_upload(tokens):
    response = Client().post("/api/v1/bundles",
                             {"file": SimpleUploadedFile("pc-07.zb", BUNDLE)},
                             **bearer(tokens["upload"]))
    assert response.status_code == 201 and BundleUpload.objects.get().name == "pc-07.zb"
    response = Client().post("/api/v1/bundles",
                             {"a": SimpleUploadedFile("a.zb", BUNDLE),
                              "b": SimpleUploadedFile("b.zb", BUNDLE)},
                             **bearer(tokens["upload"]))
    assert response.status_code == 400 and response.json()["code"] == "bundle-files"


def test_the_same_bundle_twice_is_received_once(tokens):
    assert upload(tokens["upload"]).status_code == 201
    again = upload(tokens["upload"])
    assert again.status_code == 200 and again.json()["status"] == "already received"
    assert BundleUpload.objects.count() == 1
    assert AuditEvent.objects.filter(action="api.bundle_upload").count() == 1
    files = list((Path(settings.MEDIA_ROOT) / "bundles").rglob("*.zb"))
    assert len(files) == 1


def test_a_bundle_already_used_by_an_inspection_is_not_stored_again(tokens, store,
                                                                    monkeypatch):
    store(full_outcome())                     # records Evidence(kind=bundle, sha=BUNDLE_SHA)
    assert Evidence.objects.filter(kind="bundle", sha256=BUNDLE_SHA).exists()

    class Parsed:
        sha256, hostname, platform = BUNDLE_SHA, "his-app-01", "linux"

    monkeypatch.setattr(services, "read_bundle", lambda data, source: Parsed())
    response = upload(tokens["upload"])
    assert response.status_code == 200 and response.json()["status"] == "already received"
    assert not BundleUpload.objects.exists()


def test_another_organization_may_send_the_same_bundle(tokens):
    assert upload(tokens["upload"]).status_code == 201
    assert upload(tokens["other"]).status_code == 201
    assert BundleUpload.objects.count() == 2


def test_a_malformed_bundle_is_400_with_code_and_line(tokens):
    response = upload(tokens["upload"], BROKEN)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "bundle-invalid" and body["line"] == 3 and "key: value" in body["message"]
    not_a_bundle = upload(tokens["upload"], b"hello")
    assert not_a_bundle.json()["code"] == "bundle-not-a-bundle"
    assert upload(tokens["upload"], b"").json()["code"] == "bundle-empty"
    assert not BundleUpload.objects.exists()
    assert not list((Path(settings.MEDIA_ROOT) / "bundles").rglob("*.zb"))


def test_a_too_large_bundle_is_413_and_nothing_is_stored(tokens, monkeypatch):
    from zicha.web.api import v1

    monkeypatch.setattr(v1, "MAX_BUNDLE_UPLOAD", 100)
    big = BUNDLE + b"x" * 200
    response = upload(tokens["upload"], big)
    assert response.status_code == 413 and response.json()["code"] == "bundle-too-large"
    response = Client().post("/api/v1/bundles", {"file": SimpleUploadedFile("big.zb", big)},
                             **bearer(tokens["upload"]))
    assert response.status_code == 413
    assert not BundleUpload.objects.exists()


def test_content_length_over_the_limit_is_refused_before_reading(tokens):
    response = upload(tokens["upload"], BUNDLE, CONTENT_LENGTH=str(64 * 1024 * 1024 + 1))
    assert response.status_code == 413
    assert not BundleUpload.objects.exists()


def test_api_needs_no_csrf_token(tokens):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/bundles", BUNDLE, content_type="application/octet-stream",
                           **bearer(tokens["upload"]))
    assert response.status_code == 201


def test_openapi_document_and_offline_docs(db):
    response = Client().get(reverse("api:v1:openapi-json"))
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {"/api/v1/assets", "/api/v1/inspections",
                                      "/api/v1/inspections/{inspection_id}/results",
                                      "/api/v1/findings", "/api/v1/bundles"}
    assert "post" in document["paths"]["/api/v1/bundles"]
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    params = {p["name"] for p in
              document["paths"]["/api/v1/inspections/{inspection_id}/results"]["get"]["parameters"]}
    assert {"status", "check", "asset", "limit", "offset"} <= params
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/api/v1/bundles" in html and "<script" not in html and "cdn" not in html.lower()


def test_list_endpoints_need_a_fixed_number_of_queries(tokens, store):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    inspection = store(full_outcome())
    client = Client()

    def queries(path: str, limit: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path, {"limit": limit}, **bearer(tokens["read"])).status_code == 200
        return len(ctx.captured_queries)

    queries(ASSETS_URL, 1)                   # notes the token's first use (one UPDATE)
    for path in (ASSETS_URL, "/api/v1/findings", f"/api/v1/inspections/{inspection.pk}/results",
                 "/api/v1/inspections"):
        assert queries(path, 1) == queries(path, 100), path
