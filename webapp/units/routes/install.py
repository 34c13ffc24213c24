"""Thin views of "Cài đặt cho cả tỉnh" (issue 13 §5): upload the list of commune-level unions,
get the tree made and, if asked, the one-time passwords of their staff accounts as an .xlsx
download (the only copy: nothing keeps them)."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.form_helpers import form_page, submit
from webapp.units import bp
from webapp.units.forms import InstallForm
from webapp.units.services.install import (
    CommuneLine,
    Installed,
    InstallError,
    accounts_xlsx,
    install,
    read_list,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _system_admin() -> None:
    if current_user.unit_id is not None:
        abort(403)


@bp.route("/install", methods=["GET", "POST"])
def install_province():
    _system_admin()
    form = InstallForm()
    upload = request.files.get("file")
    data = upload.read() if upload else b""
    result = submit(
        form,
        _install,
        data,
        form.province_name.data or "",
        form.province_word.data,
        bool(form.with_accounts.data),
        check=(_read, data),  # the list's problems too, in the same answer
    )
    if result is not None:
        flash(
            _(
                "Đã tạo %(n)s đơn vị cấp xã thuộc %(province)s (%(former)s đơn vị cũ được "
                "ghi nhận sáp nhập).",
                n=len(result.communes),
                province=result.province.full_name,
                former=result.former,
            ),
            "success",
        )
        if result.accounts:
            flash(
                _(
                    "Danh sách %(n)s tài khoản và mật khẩu dùng một lần vừa được tải về: "
                    "đây là bản duy nhất, hệ thống không lưu mật khẩu.",
                    n=len(result.accounts),
                ),
                "info",
            )
            return send_file(
                io.BytesIO(accounts_xlsx(result)),
                as_attachment=True,
                download_name="tai-khoan-cac-xa.xlsx",
                mimetype=XLSX,
            )
        return redirect(url_for("units.index"))
    return form_page("units/install.html", form)


def _read(data: bytes) -> list[CommuneLine]:
    """The communes of the uploaded list (refused with every problem of the list at once)."""
    if not data:
        raise InstallError([_("Vui lòng chọn tệp .xlsx.")])
    return read_list(data)


def _install(
    data: bytes, province_name: str, province_word: str | None, with_accounts: bool
) -> Installed:
    """Read the uploaded list and install it (refused with every problem at once)."""
    return install(_read(data), province_name, current_user, province_word, with_accounts)
