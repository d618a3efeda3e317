"""The permission matrix: every role × every URL of the project, allowed and denied as designed.

``EXPECTED`` names, for every URL name the project resolves, the capability its view
needs (``accounts.policy.CAPABILITIES``), or ``PUBLIC`` / ``LOGIN``. Which roles hold
a capability comes from ``accounts.policy.ROLE_CAPABILITIES`` alone, so this table and
the policy are the single source of truth. The URL list is read from ``get_resolver()``
at collection time: a view added anywhere without an entry here fails
``test_every_url_is_in_the_table``.

For each URL every user below requests it (GET; a view that answers GET with 405 is
POSTed to instead, with an empty body):

* anonymous → redirect to the login page (401 under ``/api/``)
* lacking the capability → 403
* holding it → the view's normal status (``OK_STATUS``; 200 by default)
* URLs with parameters are built for objects of organization A by ``FACTORIES`` (or
  ``auto_kwargs``, which finds the objects from the URL and parameter names — both in
  ``accounts/matrix_world.py``); the same
  URL for organization B's object is a 404 for everyone of A and for the district
  auditor (who supervises A, not B); department-scoped objects (URLs a department head
  may use) are a 404 for the head of another department
* a POST without a CSRF token is refused (403) everywhere outside ``/api/``
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zicha.web.accounts.choices import Role
from zicha.web.accounts.policy import CAPABILITIES, ROLE_CAPABILITIES, has_capability

from .accounts.matrix_world import FACTORIES, ROLES, World, auto_kwargs, build_world
from .accounts.support import apply_target_settings, make_user

PUBLIC = "public"    # anyone, signed in or not
LOGIN = "login"      # any signed-in person


@dataclass(frozen=True)
class Scope:
    """An API endpoint: needs a bearer token of the organization carrying this scope.
    Session cookies count for nothing there (no CSRF exposure): every role → 401."""

    name: str

# --------------------------------------------------------------------------- the table
EXPECTED: dict[str, str | Scope] = {
    "home": LOGIN,
    # accounts
    "accounts:login": PUBLIC,
    "accounts:login_totp": PUBLIC,
    "accounts:logout": LOGIN,
    "accounts:password_change": LOGIN,
    "accounts:profile": LOGIN,
    "accounts:totp_enable": LOGIN,
    "accounts:totp_disable": LOGIN,
    "accounts:user_list": "accounts.manage",
    "accounts:user_create": "accounts.manage",
    "accounts:user_edit": "accounts.manage",
    "accounts:user_deactivate": "accounts.manage",
    "accounts:user_reset_password": "accounts.manage",
    # audit
    "audit:list": "audit.view",
    "audit:event_detail": "audit.view",
    "audit:export": "audit.view",
    "audit:verify": "audit.view",
    # api: token pages are account management; v1 is token-only
    "api:docs": PUBLIC,
    "api:token_list": "accounts.manage",
    "api:token_create": "accounts.manage",
    "api:token_revoke": "accounts.manage",
    "api:v1:api-root": PUBLIC,
    "api:v1:openapi-json": PUBLIC,
    "api:v1:list_assets": Scope("read"),
    "api:v1:list_inspections": Scope("read"),
    "api:v1:list_results": Scope("read"),
    "api:v1:list_findings": Scope("read"),
    "api:v1:upload_bundle": Scope("upload"),
    # dashboard
    "dashboard:index": "dashboard.view",
    # findings (整改台账)
    "findings:list": "findings.view",
    "findings:overdue": "findings.view",
    "findings:finding_export": "findings.view",
    "findings:finding_detail": "findings.view",
    "findings:attachment_download": "findings.view",
    "findings:finding_comment": "findings.update",
    "findings:finding_transition": "findings.update",
    "findings:finding_assign": "findings.assign",
    "findings:finding_accept_risk": "findings.accept_risk",
    # inspections
    "inspections:list": "inspections.view",
    "inspections:inspection_detail": "inspections.view",
    "inspections:inspection_status": "inspections.view",
    "inspections:result_detail": "inspections.view",
    "inspections:asset_history": "inspections.view",
    "inspections:evidence_download": "inspections.view",
    "inspections:manual_list": "inspections.view",
    "inspections:inspection_start": "inspections.run",
    "inspections:inspection_cancel": "inspections.run",
    "inspections:schedule_list": "inspections.view",
    "inspections:schedule_create": "inspections.run",
    "inspections:schedule_edit": "inspections.run",
    "inspections:schedule_delete": "inspections.run",
    "inspections:manual_answer": "manual.answer",
    "inspections:manual_carry_over": "manual.answer",
    "inspections:manual_confirm": "manual.answer",
    # inventory
    "inventory:asset_list": "inventory.view",
    "inventory:asset_detail": "inventory.view",
    "inventory:asset_export": "inventory.view",
    "inventory:ipregister_list": "inventory.view",
    "inventory:department_list": "inventory.view",
    "inventory:subnet_list": "inventory.view",
    "inventory:system_list": "inventory.view",
    "inventory:system_detail": "inventory.view",
    "inventory:zone_list": "inventory.view",
    "inventory:asset_create": "inventory.edit",
    "inventory:asset_edit": "inventory.edit",
    "inventory:asset_import": "inventory.edit",
    "inventory:asset_register": "inventory.edit",
    "inventory:department_create": "inventory.edit",
    "inventory:department_edit": "inventory.edit",
    "inventory:subnet_create": "inventory.edit",
    "inventory:subnet_edit": "inventory.edit",
    "inventory:system_create": "inventory.edit",
    "inventory:system_edit": "inventory.edit",
    "inventory:zone_create": "inventory.edit",
    "inventory:zone_edit": "inventory.edit",
    # reports
    "reports:list": "reports.view",
    "reports:download": "reports.view",
    "reports:generate": "reports.generate",
}

#: the normal status of a permitted request when it is not 200
OK_STATUS: dict[str, set[int]] = {
    "accounts:login_totp": {302},       # no login pending: back to the login page
    "accounts:logout": {302},
    "accounts:totp_disable": {302},
    "api:v1:api-root": {404},           # django-ninja's root: nothing there without docs
    "api:v1:upload_bundle": {400, 422},  # an empty POST is no bundle
}

#: URLs whose normal answer is a redirect to the login page
LOGIN_REDIRECT_OK = {"accounts:logout", "accounts:login_totp"}

#: URLs outside these prefixes are not walked
SKIP_PREFIXES = ("admin/", "i18n/", "static/", "media/", "__debug__/")


# --------------------------------------------------------------------------- the URLs
@dataclass(frozen=True)
class Route:
    name: str
    route: str
    params: tuple[str, ...]


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIP_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            ns = ":".join(filter(None, [namespace, entry.namespace]))
            yield from walk(entry, route, ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            params = tuple(entry.pattern.regex.groupindex)
            yield Route(name or f"<unnamed {route}>", route, params)


def routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for r in walk(get_resolver()):
        seen.setdefault(r.name, r)
    return sorted(seen.values(), key=lambda r: r.name)


ROUTES = routes()


def test_every_url_is_in_the_table():
    names = {r.name for r in ROUTES}
    missing = sorted(names - set(EXPECTED))
    assert missing == [], (
        "URLs without an entry in EXPECTED (add the capability each needs): "
        + ", ".join(missing))
    stale = sorted(set(EXPECTED) - names)
    assert stale == [], "EXPECTED names URLs that no longer exist: " + ", ".join(stale)


def test_the_table_names_real_capabilities():
    assert {c for c in EXPECTED.values()
            if c not in (PUBLIC, LOGIN) and not isinstance(c, Scope)} <= set(CAPABILITIES)
    assert set(ROLE_CAPABILITIES) == set(Role.values)


def test_views_declare_the_capability_of_the_table():
    """A view that declares a capability (capability_required / CapabilityRequiredMixin)
    declares the table's; a view the table protects with a capability must declare it."""
    wrong = []
    for r in ROUTES:
        expected = EXPECTED.get(r.name)
        if expected is None:
            continue
        func = get_resolver().resolve(_sample_path(r)).func
        declared = getattr(func, "capability", None) or getattr(
            getattr(func, "view_class", None), "capability", None) or getattr(
            getattr(func, "cls", None), "capability", None)
        if isinstance(expected, Scope):
            continue
        if expected in (PUBLIC, LOGIN):
            if declared:
                wrong.append(f"{r.name}: declares {declared!r}, table says {expected}")
        elif declared != expected:
            wrong.append(f"{r.name}: declares {declared!r}, table says {expected!r}")
    assert wrong == []


def _sample_path(r: Route) -> str:
    return reverse(r.name, kwargs={p: 1 for p in r.params}) if r.params else reverse(r.name)


# --------------------------------------------------------------------------- the matrix
def _is_token_api(route: Route) -> bool:
    """The REST API (django-ninja, bearer tokens); the token pages under /api/ are console."""
    return route.name.startswith("api:v1:")


def _user_may(world: World, role: str, capability: str) -> bool:
    if capability == PUBLIC:
        return True
    if role == "anonymous":
        return False
    if capability == LOGIN:
        return True
    return has_capability(world.users[role], capability)


def _fetch(client: Client, url: str) -> tuple[str, Any]:
    response = client.get(url)
    if response.status_code == 405:
        return "POST", client.post(url, {})
    return "GET", response


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        resolve_url(settings.LOGIN_URL))


def _ok(name: str, method: str, response: Any) -> bool:
    if _is_login_redirect(response) and name not in LOGIN_REDIRECT_OK:
        return False
    if method == "POST":
        return response.status_code in {200, 302, 400} | OK_STATUS.get(name, set())
    return response.status_code in OK_STATUS.get(name, {200})


def _department_scoped(capability: str, params: tuple[str, ...]) -> bool:
    """Objects a department head can reach are limited to the own department."""
    return bool(params) and capability in ROLE_CAPABILITIES[Role.DEPARTMENT_HEAD]


def _kwargs(world: World, r: Route, which: str) -> dict[str, Any]:
    org = world.org(which)
    if r.name in FACTORIES:
        return FACTORIES[r.name](world, org)
    return auto_kwargs(r.name, list(r.params), org)


@pytest.fixture
def matrix_settings(settings, tmp_path):
    apply_target_settings(settings)
    settings.MEDIA_ROOT = tmp_path / "media"      # uploads and reports of the factories


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in EXPECTED], ids=lambda r: r.name)
def test_matrix(route: Route, db, matrix_settings):
    from zicha.web.audit.models import AuditEvent
    from zicha.web.audit.services import audit_verify

    world = build_world()
    capability = EXPECTED[route.name]
    written = list(AuditEvent.objects.order_by("seq").values_list("seq", "hash"))
    if isinstance(capability, Scope):
        problems = _api_matrix(world, route, capability)
    else:
        problems = _console_matrix(world, route, capability)
    assert problems == [], "\n" + "\n".join(problems)
    # no view, whoever calls it, edits or removes an audit event
    kept = dict(AuditEvent.objects.filter(seq__in=[seq for seq, _ in written])
                .values_list("seq", "hash"))
    assert kept == dict(written) and audit_verify().ok


def _console_matrix(world: World, route: Route, capability: str) -> list[str]:
    is_api = _is_token_api(route)
    url_a = reverse(route.name, kwargs=_kwargs(world, route, "a")) if route.params \
        else reverse(route.name)
    problems: list[str] = []

    def check(role: str, url: str, expect: str) -> None:
        client = Client()
        with transaction.atomic():            # each request sees the world as built
            if role != "anonymous":
                client.force_login(world.users[role])
            method, response = _fetch(client, url)
            transaction.set_rollback(True)
        status = response.status_code
        if expect == "anonymous":
            good = status == 401 if is_api else _is_login_redirect(response)
        elif expect == "denied":
            good = status == 403
        elif expect == "hidden":
            good = status == 404
        else:
            good = _ok(route.name, method, response)
        if not good:
            where = response.get("Location", "")
            problems.append(f"{role:22} {method} {url} → {status} {where} (expected {expect})")

    for role in ROLES:
        if _user_may(world, role, capability):
            if (role == "other_department_head" and capability not in (PUBLIC, LOGIN)
                    and _department_scoped(capability, route.params)):
                expect = "hidden"
            else:
                expect = "allowed"
        else:
            expect = "anonymous" if role == "anonymous" else "denied"
        check(role, url_a, expect)

    if route.params and capability not in (PUBLIC, LOGIN):
        url_b = reverse(route.name, kwargs=_kwargs(world, route, "b"))
        for role in ROLES:
            if role == "anonymous" or not _user_may(world, role, capability):
                continue
            check(role, url_b, "allowed" if role == "superuser" else "hidden")

    if not is_api:
        csrf_client = Client(enforce_csrf_checks=True)
        csrf_client.force_login(world.users["superuser"])
        response = csrf_client.post(url_a, {})
        if response.status_code != 403:
            problems.append(f"POST without a CSRF token {url_a} → {response.status_code}")
    return problems


def _api_matrix(world: World, route: Route, scope: Scope) -> list[str]:
    """Bearer tokens: the organization's token with the scope → allowed; without the scope
    → 403; none, revoked, expired or a session cookie → 401; another organization's
    object → 404."""
    import datetime as dt

    from django.utils import timezone

    from zicha.web.api.choices import TokenScope
    from zicha.web.api.services import token_create, token_revoke

    def token(name: str, scopes: list[str], **extra: Any) -> tuple[Any, str]:
        return token_create(actor=world.users["admin"], organization=world.org_a,
                            name=f"m-{name}", scopes=scopes, **extra)

    _, good = token("good", [scope.name])
    others = [s for s in TokenScope.values if s != scope.name]
    _, other = token("other", others) if others else (None, None)
    _, expired = token("expired", [scope.name],
                       expires_at=timezone.now() - dt.timedelta(minutes=1))
    revoked_token, revoked = token("revoked", [scope.name])
    token_revoke(actor=world.users["admin"], token=revoked_token)

    url_a = reverse(route.name, kwargs=_kwargs(world, route, "a")) if route.params \
        else reverse(route.name)
    problems: list[str] = []

    def check(who: str, url: str, expect: set[int], *, bearer: str | None = None,
              role: str | None = None) -> None:
        client = Client()
        headers = {"HTTP_AUTHORIZATION": f"Bearer {bearer}"} if bearer else {}
        with transaction.atomic():
            if role:
                client.force_login(world.users[role])
            response = client.get(url, **headers)
            method = "GET"
            if response.status_code == 405:
                method, response = "POST", client.post(url, {}, **headers)
            transaction.set_rollback(True)
        if response.status_code not in expect:
            problems.append(f"{who:22} {method} {url} → {response.status_code} "
                            f"(expected {sorted(expect)})")

    allowed = OK_STATUS.get(route.name, {200})
    check("no token", url_a, {401})
    check("garbage token", url_a, {401}, bearer="zc_not-a-token")
    check("expired token", url_a, {401}, bearer=expired)
    check("revoked token", url_a, {401}, bearer=revoked)
    for role in ROLES[1:]:
        check(f"session {role}", url_a, {401}, role=role)
    check("token with scope", url_a, allowed, bearer=good)
    if other:
        check("token without scope", url_a, {403}, bearer=other)
    if route.params:
        url_b = reverse(route.name, kwargs=_kwargs(world, route, "b"))
        check("token, other org object", url_b, {404}, bearer=good)
    return problems


# --------------------------------------------------------------------------- specific cases
def test_lockout_through_the_login_page(db, matrix_settings):
    user = make_user("m-lock")
    client = Client()
    login = reverse("accounts:login")
    for _ in range(5):
        client.post(login, {"username": user.username, "password": "wrong"})
    user.refresh_from_db()
    assert user.locked_until is not None
    response = client.post(login, {"username": user.username, "password": "Correct-Horse-42"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    type(user).objects.filter(pk=user.pk).update(locked_until=user.locked_until.replace(
        year=user.locked_until.year - 1))          # the lock time has passed
    response = client.post(login, {"username": user.username, "password": "Correct-Horse-42"})
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk


def test_csrf_on_login_and_a_state_changing_view(db, matrix_settings):
    world = build_world()
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("accounts:login"), {"username": "m-admin",
                                                   "password": "Correct-Horse-42"}
                       ).status_code == 403
    client.force_login(world.users["admin"])
    target = make_user("m-victim", organization=world.org_a)
    response = client.post(reverse("accounts:user_deactivate", args=[target.pk]))
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active
    # with the token the same request goes through
    client.get(reverse("accounts:user_deactivate", args=[target.pk]))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(reverse("accounts:user_deactivate", args=[target.pk]),
                           {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active


def test_cross_organization_object_is_not_found(db, matrix_settings):
    world = build_world()
    client = Client()
    client.force_login(world.users["admin"])
    stranger = make_user("m-stranger", organization=world.org_b)
    assert client.get(reverse("accounts:user_edit", args=[stranger.pk])).status_code == 404
    from zicha.web.findings.models import Finding

    finding_b = Finding.objects.filter(organization=world.org_b).first()
    for role in ("inspector", "leadership", "district_auditor", "department_head"):
        client.force_login(world.users[role])
        response = client.get(reverse("findings:finding_detail", args=[finding_b.pk]))
        assert response.status_code == 404, role
