"""What every area's views share: read a form into a service's dataclass, run the service in
one unit of work, show its refusals beside the form's fields, answer htmx and plain requests
alike; list pages and delete buttons the same way.

The pattern of a view that changes records (charity's beneficiaries)::

    form = _form(b)
    data = form_data(form, BeneficiaryData)
    version, check = form.loaded_version, (check_beneficiary, data, current_user)
    if submit(form, update_beneficiary, b, data, current_user, version, check=check):
        saved = saved_message(b.full_name, added=False)
        return done("charity.beneficiary_show", saved, beneficiary_id=b.id)
    return form_page("charity/beneficiary_form.html", form, b=b)

``submit`` saves a valid submission in one unit of work (``save``); when some fields were
already refused it runs the service's rule (``check``) without keeping anything, so that the
user sees every mistake in one answer. ``form_page`` answers with the status htmx will swap
(``refused_status``); ``done`` redirects with the notice of what was saved.
"""

from __future__ import annotations

import dataclasses
import enum
import typing
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import func, select
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.exc import StaleDataError
from wtforms import SelectChoice

from webapp.extensions import db
from webapp.fields import enum_value, query_int
from webapp.refusals import RecordError, stale_message
from webapp.scope import get_scoped_or_404

T = TypeVar("T")

# Fields whose refusal has no input of its own: shown above the form.
_FORM_LEVEL = {None, "", "version", "csrf_token"}


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select choices."""
    return [SelectChoice("" if value is None else str(value), label) for value, label in pairs]


def form_data(form: Any, cls: type[T], **values: Any) -> T:
    """The dataclass ``cls`` a service takes, filled from the form's fields of the same names
    the way every view reads them: text left empty is "", an enum field gives its member (None
    when empty or unknown), a tick box True or False, anything else what the field parsed.
    ``values`` name what the form has not, or reads otherwise; a field of ``cls`` that is in
    neither keeps its default."""
    hints, fields = typing.get_type_hints(cls), form._fields
    for item in dataclasses.fields(cls):  # type: ignore[arg-type]
        if item.name not in values and item.name in fields:
            values[item.name] = _read(fields[item.name].data, hints[item.name])
    return cls(**values)


def _read(data: Any, hint: Any) -> Any:
    """A form field's value as a dataclass field of type ``hint`` wants it."""
    if hint is str:
        return data or ""
    if hint is bool:
        return bool(data)
    for kind in typing.get_args(hint) or (hint,):  # X | None: X
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return enum_value(kind, data)
    return data


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


def form_page(template: str, form: Any, **context: Any) -> tuple[str, int]:
    """The page of a form shown again (first visit or refusal), with the status htmx will swap
    (``refused_status``); ``context`` is what the template needs besides ``form``."""
    return render_template(template, form=form, **context), refused_status(form)


class CappedPagination(SelectPagination):
    """A page of a list whose rows are counted up to a cap (``cap`` + 1 at most): a province's
    660.000 members are "more than 10.000", counted in a millisecond instead of 40 ms on every
    page and search. Below the cap the total is exact, as before."""

    def _query_items(self) -> list[Any]:
        stmt = self._query_args["select"]
        among = self._query_args.get("when_few")
        if among is not None and "counted" not in self._query_args:
            rows = self._rows_among_matches(among)
            if not self.capped:
                return rows
        # One row more than the page: past the cap, whether a next page exists is not counted.
        stmt = stmt.limit(self.per_page + 1).offset(self._query_offset)
        rows = list(self._query_args["session"].execute(stmt).unique().scalars())
        self._more = len(rows) > self.per_page
        return rows[: self.per_page]

    def _rows_among_matches(self, among: Callable[[Any], Any]) -> list[Any]:
        """The page and the count in one statement: the matching rows (up to the cap + 1) are
        read once, then counted and sorted for the page. A search's index is the costly part
        of a search (30 ms for "nguyen thi hoa" among 660.000 members), and a count and a page
        each read it. Past the cap the rows are not these (the caller reads the page again)."""
        stmt = self._query_args["select"]
        session = self._query_args["session"]
        # Whole rows: the page is sorted and read from them, never joined back to the table
        # (PostgreSQL walked a province's 660.000 members to join 8.550 matches: 230 ms).
        matches = (
            stmt.options(lazyload("*"))
            .order_by(None)
            .limit(self._query_args["cap"] + 1)
            .cte("matches")
            .prefix_with("MATERIALIZED")
        )
        count = select(func.count()).select_from(matches)
        page = (
            among(matches)
            .add_columns(count.scalar_subquery().label("total"))
            .limit(self.per_page + 1)
            .offset(self._query_offset)
        )
        result = list(session.execute(page).unique())
        if result:
            counted = result[0].total
        elif self._query_offset == 0:
            counted = 0  # nothing matches
        else:  # a page past the end: the total alone
            counted = session.scalar(count)
        self._query_args["counted"] = counted
        self._more = len(result) > self.per_page
        return [row[0] for row in result[: self.per_page]]

    def _query_count(self) -> int:
        if "counted" not in self._query_args:
            stmt = self._query_args["select"].options(lazyload("*")).order_by(None)
            rows = stmt.limit(self._query_args["cap"] + 1).subquery()
            session = self._query_args["session"]
            self._query_args["counted"] = session.execute(
                select(func.count()).select_from(rows)
            ).scalar()
        return self._query_args["counted"]

    @property
    def capped(self) -> bool:
        """True when there are more rows than the cap: the total is then "more than cap"."""
        return self._query_count() > self._query_args["cap"]

    @property
    def cap(self) -> int:
        return self._query_args["cap"]

    @property
    def pages(self) -> int:
        if self.capped:  # unknown: this one, and one more while pages are full
            return self.page + 1 if self.has_next else self.page
        return super().pages

    @property
    def has_next(self) -> bool:
        if self.capped:
            return self._more
        return super().has_next


def paged(stmt: Any, source: Any = None, when_few: Any = None) -> Any:
    """One page of a list's rows (with their total, counted up to ``LIST_COUNT_LIMIT``): the
    number from the query string's ``page`` (of ``source`` when given), the app's page size; a
    page past the end is empty, not an error. ``when_few(matches)``: the same rows in the same
    order read from ``matches`` (a CTE of the matching rows, whole), as a statement better
    planned when there are fewer than the cap; one statement then reads the page and the
    total."""
    per_page = current_app.config["PAGE_SIZE"]
    return CappedPagination(
        select=stmt,
        session=db.session(),
        page=query_int("page", 1, source=source),
        per_page=per_page,
        max_per_page=None,
        error_out=False,
        count=True,
        cap=current_app.config["LIST_COUNT_LIMIT"],
        when_few=when_few,
    )


def add_or_edit(model: type, record_id: int | None, page: Callable[[Any], Any]):
    """The one view of a record's ``…/new`` and ``…/<id>/edit`` addresses (two endpoints, one
    function): ``page(None)`` to add one, else ``page(record)`` with the record of the user's
    scope (404 otherwise)."""
    record = None if record_id is None else get_scoped_or_404(model, record_id, current_user)
    return page(record)


def page_or_part(page: str, part: str, target: str, status: int = 200, **context: Any):
    """A page, or only its part ``part`` when htmx asks to swap the element ``target`` (a list
    that reloads alone), both from the same ``context``."""
    if request.htmx and request.htmx.target == target:
        return render_template(part, **context), status
    return render_template(page, **context), status


def saved_message(name: str, added: bool) -> str:
    """The notice after a record's form: "Đã thêm <name>." for a new one, else "Đã lưu <name>."."""
    return _("Đã thêm %(name)s.", name=name) if added else _("Đã lưu %(name)s.", name=name)


def done(
    endpoint: str, flash_success: str | None = None, refused: str | None = None, **values: Any
):
    """After a change: a redirect, or HX-Redirect for an htmx request. The next page shows
    ``refused`` (a refusal's message, as ``run_action`` gives it) as an error when there is
    one, else ``flash_success`` when given (a refusal without words says nothing: it is not a
    success)."""
    if refused is not None:
        if refused:
            flash(refused, "error")
    elif flash_success is not None:
        flash(flash_success, "success")
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


def after_delete(error: str | None, trashed: str, then: str, back: str, **values: Any):
    """What a delete button answers after ``run_action``: refused, back to ``back`` (the
    record's page, ``values`` its address's) with why; done, on to ``then`` (the list) with
    ``trashed``."""
    if error is not None:
        return done(back, refused=error, **values)
    return done(then, trashed)


def row_deleted(error: str | None, trashed: str, endpoint: str, **values: Any):
    """What a list row's delete button answers after ``run_action``: for htmx, nothing when it
    was deleted (the row goes away); else the list again (``endpoint``) with the refusal, or
    ``trashed``, above it."""
    if request.htmx and error is None:
        return ""
    return done(endpoint, trashed, error, **values)
