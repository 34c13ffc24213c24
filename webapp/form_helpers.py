"""What every area's views share: run a service in one unit of work, show its refusals
beside the form's fields, answer htmx and plain requests alike.

The pattern of a view that changes records (charity's beneficiaries)::

    form = _form(b)
    data = _data(form)  # the form's values as a BeneficiaryData
    check = (check_beneficiary, data, current_user)
    saved = submit(form, update_beneficiary, b, data, current_user, form.loaded_version, check=check)
    if saved is not None:
        flash(_("Đã lưu %(name)s.", name=b.full_name), "success")
        return done("charity.beneficiary_show", beneficiary_id=b.id)
    return render_template("charity/beneficiary_form.html", form=form, b=b), refused_status(form)

``submit`` saves a valid submission in one unit of work (``save``); when some fields were
already refused it runs the service's rule (``check``) without keeping anything, so that the
user sees every mistake in one answer. ``refused_status`` picks the status htmx will swap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import redirect, request, url_for
from sqlalchemy.orm.exc import StaleDataError
from wtforms import SelectChoice

from webapp.extensions import db
from webapp.refusals import RecordError, stale_message

T = TypeVar("T")

# Fields whose refusal has no input of its own: shown above the form.
_FORM_LEVEL = {None, "", "version", "csrf_token"}


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select choices."""
    return [SelectChoice("" if value is None else str(value), label) for value, label in pairs]


def attach_error(form: Any, field: str | None, message: str) -> None:
    """Show ``message`` beside ``field``, or above the form when it names no field of it."""
    if form is None:
        return
    target = getattr(form, field, None) if field not in _FORM_LEVEL else None
    if target is not None and hasattr(target, "errors"):
        if not isinstance(target.errors, list):
            target.errors = list(target.errors)
        if message not in target.errors:
            target.errors.append(message)
    elif message not in form.form_errors:
        form.form_errors.append(message)


def attach_refusal(form: Any, exc: RecordError) -> None:
    """Every (field, message) pair of a refusal onto the form."""
    for field, message in exc.all:
        attach_error(form, field, message)


def save(form: Any, action: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """Call a service and commit once; on a refusal roll back, put every message on ``form``
    (which keeps what the user typed) and return None.

    A service that returns nothing on success is reported as ``True`` so that the caller can
    test ``if save(...) is not None``.
    """
    try:
        result = action(*args, **kwargs)
        db.session.commit()
    except RecordError as exc:
        db.session.rollback()
        attach_refusal(form, exc)
        return None
    except StaleDataError:
        db.session.rollback()
        attach_error(form, "version", stale_message())
        return None
    return True if result is None else result  # type: ignore[return-value]


def check_rules(form: Any, rule: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Run a service's checks on a form some of whose fields were already refused, so that the
    user sees every mistake in one answer (issue 16). Nothing is kept (rolled back); a rule's
    message goes only to a field without a message yet (its own parse error says more)."""
    try:
        rule(*args, **kwargs)
    except RecordError as exc:
        for field, message in exc.all:
            target = getattr(form, field, None) if field else None
            if not getattr(target, "errors", None):
                attach_error(form, field, message)
    finally:
        db.session.rollback()


def submit(
    form: Any,
    action: Callable[..., T],
    *args: Any,
    check: tuple[Any, ...] | None = None,
    **kwargs: Any,
) -> T | None:
    """The body every form view shares: a valid submission is saved (``save(form, action,
    *args)``); a submission some of whose fields were refused is checked against the rule
    ``check = (rule, *its_args)`` so that every mistake shows at once. Returns what ``save``
    returns, or None when nothing was submitted or something was refused."""
    if form.validate_on_submit():
        return save(form, action, *args, **kwargs)
    if check is not None and form.is_submitted():
        check_rules(form, *check)
    return None


def has_errors(form: Any) -> bool:
    """True when the form carries a message for the user (field or form level)."""
    return bool(getattr(form, "form_errors", None)) or any(
        f.errors for f in form if hasattr(f, "errors")
    )


def refused_status(form: Any = None) -> int:
    """The status of a page that shows a form again: 200 when nothing was refused; for a refusal
    422 on a plain request, 200 on an htmx one (htmx 2 swaps only 2xx answers, and the user must
    see the messages beside the fields)."""
    if form is not None and not has_errors(form):
        return 200
    return 200 if request.htmx else 422


def done(endpoint: str, **values: Any):
    """After a change: a redirect, or HX-Redirect for an htmx request."""
    url = url_for(endpoint, **values)
    if request.htmx:
        return "", 204, {"HX-Redirect": url}
    return redirect(url)


class _Refusals:
    """Stands in for a form where an action has none (a delete button): collects messages."""

    def __init__(self) -> None:
        self.form_errors: list[str] = []


def run_action(action: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T | None, str | None]:
    """An action without a form of its own (delete, accept, discard): like ``save``, it commits
    once or rolls back; returns (result, None), or (None, the refusal's message) to flash."""
    refusals = _Refusals()
    result = save(refusals, action, *args, **kwargs)
    if result is None:
        return None, "; ".join(refusals.form_errors)
    return result, None
