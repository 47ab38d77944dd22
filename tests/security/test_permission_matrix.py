"""Every URL pattern of the project × every role: a new view without an access rule fails here.

The table says what each named URL needs. Walking the resolver finds every pattern, so a view added
without an entry in the table is a failure, not a silent gap.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from remapp import roles
from tests import factories

PUBLIC = "public"        # anyone, logged in or not
LOGGED_IN = "logged-in"  # any logged-in user (a user in no group gets an explanation page)
STAFF = "staff"          # Django admin: staff users; the admin checks model permissions itself

# URL name -> what it needs. Admin URLs are covered by the STAFF rule for the "admin" namespace.
RULES: dict[str, str] = {
    "login": PUBLIC,
    "logout": PUBLIC,  # POST only; logging out is harmless for anyone
    "admin:login": PUBLIC,
    "admin:logout": PUBLIC,
    "remapp:home": LOGGED_IN,
    "remapp:study_list": roles.PERM_VIEW,
    "remapp:study_detail": roles.PERM_VIEW,
    "remapp:study_delete": roles.PERM_DELETE,
    "remapp:audit_log": roles.PERM_AUDIT,
    "remapp:exports": roles.PERM_EXPORT,
    "remapp:export_download": roles.PERM_EXPORT,
    "remapp:export_delete": roles.PERM_EXPORT,
    **{f"remapp:export_{m}_{f}": roles.PERM_EXPORT for m in ("ct", "rf", "mg", "dx") for f in ("csv", "xlsx")},
    **{f"remapp:netdicom:{name}": roles.PERM_NETWORK for name in (
        "overview", "scp_config", "node_new", "node_edit", "node_delete", "node_echo", "quarantine",
        "quarantine_retry", "quarantine_discard", "query", "query_run")},
}

PERSONAS = ("anonymous", "none", "viewer", "exporter", "admin", "staff", "superuser")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern),
                             f"{namespace}:{ns}".strip(":") if ns else namespace)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else None
            yield name, prefix + str(entry.pattern)


def all_patterns() -> list[tuple[str | None, str]]:
    return sorted(set(_walk(get_resolver().url_patterns)), key=lambda item: item[1])


def _rule_for(name: str | None, route: str) -> str | None:
    if name in RULES:
        return RULES[name]
    if route.startswith("admin/") or (name or "").startswith("admin:"):
        return STAFF
    if name is None and route == "":
        return PUBLIC  # the site root redirects to the home page
    return RULES.get(name)


def test_every_url_pattern_has_an_access_rule():
    missing = [f"{name or '(unnamed)'} -> /{route}" for name, route in all_patterns()
               if _rule_for(name, route) is None]
    assert not missing, "add these URLs to RULES in tests/security/test_permission_matrix.py: " + ", ".join(missing)


def _concrete(route: str, sample: dict[str, str]) -> str | None:
    """Turn a route into a URL with real values; None for regex admin routes we cannot fill."""
    if "^" in route or "(?P" in route:
        return None

    def fill(match: re.Match) -> str:
        converter, _, name = match.group(1).rpartition(":")
        return sample.get(name, "1" if converter in ("int", "") and name.endswith("id") else "x")

    return "/" + re.sub(r"<([^>]+)>", fill, route)


def _allowed(rule: str, user) -> bool:
    if rule == PUBLIC:
        return True
    if user is None:
        return False
    if rule == LOGGED_IN:
        return True
    if rule == STAFF:
        return user.is_staff
    return user.has_perm(rule)


@pytest.mark.django_db
def test_role_matrix(client, personas):
    study = factories.make_study("CT", seed=1)
    sample = {"modality": "ct", "pk": str(study.pk), "object_id": str(study.pk), "app_label": "remapp"}
    checked, failures = 0, []
    urls = [(name, rule, url) for name, route in all_patterns()
            if (url := _concrete(route, sample)) is not None and "<" not in url
            for rule in [_rule_for(name, route)]]
    for persona in PERSONAS:  # one login per persona (again after a logout URL), not one per URL
        user = personas[persona]
        client.logout()
        if user is not None:
            client.force_login(user)
        for name, rule, url in urls:
            for method in ("get", "post"):
                status, location = _request(client, method, url)
                checked += 1
                problem = _judge(rule, user, status, location)
                if problem:
                    failures.append(f"{method.upper()} {url} as {persona}: {status} {location} ({problem})")
                if name in ("logout", "admin:logout") and user is not None:
                    client.force_login(user)
    assert not failures, "\n".join(failures)
    # Keep the figure visible in the test output (-rA) and honest: the walk really covered the project.
    print(f"URL x role x method cells checked: {checked}")
    assert checked >= len(RULES) * len(PERSONAS) * 2


def _request(client, method: str, url: str) -> tuple[int, str]:
    response = getattr(client, method)(url)
    return response.status_code, response.get("Location", "")


def _judge(rule: str, user, status: int, location: str) -> str:
    sent_to_login = status == 302 and ("login" in location)
    if rule == STAFF and _allowed(rule, user):
        # Past the staff check the admin applies model permissions itself (403 without them).
        return "server error" if status >= 500 else ""
    if _allowed(rule, user):
        if status == 403 or (sent_to_login and rule != PUBLIC and rule != STAFF):
            return "should be allowed"
        if status >= 500:
            return "server error"
        return ""
    if user is None or rule == STAFF:
        return "" if sent_to_login else "anonymous/non-staff must be sent to a login page"
    return "" if status == 403 else "should be 403"
