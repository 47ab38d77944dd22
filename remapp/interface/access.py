"""One-line authorisation for views: the server decides, whatever a template shows."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def forbidden(request: HttpRequest) -> HttpResponse:
    """403, with a page that says which group would allow it rather than a bare error."""
    return render(request, "remapp/forbidden.html", status=403)


def require_perm(perm: str) -> Callable:
    """Log in first, then answer 403 unless the user holds ``perm``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.has_perm(perm):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
