"""Thin views of "Cài đặt cho cả tỉnh" (issue 13 §5): upload the list of commune-level unions,
get the tree made and, if asked, the one-time passwords of their staff accounts as an .xlsx
download (the only copy: nothing keeps them)."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from webapp.extensions import db
from webapp.fields import BaseForm, ChoiceField
from webapp.form_helpers import choices
from webapp.models import UnitKind
from webapp.units import bp
from webapp.units.install import InstallError, accounts_xlsx, install, read_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class InstallForm(BaseForm):
    province_name = StringField(
        _l("Tên tỉnh / thành phố"),
        validators=[DataRequired(_l("Vui lòng nhập trường này.")), Length(max=120)],
    )
    province_word = ChoiceField(
        _l("Gọi là"), choices=choices((w, w) for w in UnitKind.PROVINCE.words)
    )
    file = FileField(_l("Danh sách đơn vị cấp xã (.xlsx)"))
    with_accounts = BooleanField(_l("Tạo mỗi xã một tài khoản cán bộ (mật khẩu dùng một lần)"))


def _system_admin() -> None:
    if current_user.unit_id is not None:
        abort(403)


@bp.route("/install", methods=["GET", "POST"])
def install_province():
    _system_admin()
    form = InstallForm()
    problems: list[str] = []
    if request.method == "POST" and form.validate_on_submit():
        upload = request.files.get("file")
        data = upload.read() if upload else b""
        try:
            if not data:
                raise InstallError([_("Vui lòng chọn tệp .xlsx.")])
            lines = read_list(data)
            result = install(
                lines,
                form.province_name.data or "",
                current_user,
                form.province_word.data,
                bool(form.with_accounts.data),
            )
        except InstallError as exc:
            db.session.rollback()
            problems = exc.problems
        else:
            db.session.commit()
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
    status = 422 if request.method == "POST" else 200
    return render_template("units/install.html", form=form, problems=problems), status
