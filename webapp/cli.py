"""The ``flask`` commands: one plain function each, registered by :func:`init_app`.

Accounts and install: ``create-admin``, ``first-run`` (first admin, and with ``--communes`` a whole
province); data: ``seed-demo``, ``indicators``, ``report render``; ``backup create|restore``;
``reap-jobs`` (the workers' reaper round, by hand). Every command runs inside the app context and
commits what it did itself; refusals end it with a message in Vietnamese (``ClickException``).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from webapp.extensions import db
from webapp.indicators import Period
from webapp.models import Unit
from webapp.models.reports import ReportKind


def init_app(app: Flask) -> None:
    """Register the commands on ``flask``."""
    for command in (
        create_admin,
        first_run,
        seed_demo_command,
        indicators_command,
        report_group,
        backup_group,
        reap_jobs,
    ):
        app.cli.add_command(command)


@click.command("create-admin")
@click.option("--username", default="admin", show_default=True)
@click.option("--full-name", default="Quản trị hệ thống", show_default=True)
@with_appcontext
def create_admin(username: str, full_name: str) -> None:
    """Create an admin account with a generated password, printed once."""
    from webapp.accounts.services import AccountData, create_account
    from webapp.models import Role
    from webapp.refusals import RecordError

    try:
        _, password = create_account(AccountData(username, full_name, Role.ADMIN, None), None)
    except RecordError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"Đã tạo tài khoản quản trị '{username}'. Mật khẩu: {password}")
    click.echo("Hãy đăng nhập và đổi mật khẩu ngay.")


@click.command("first-run")
@click.option(
    "--communes",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Danh sách đơn vị cấp xã (.xlsx) của cả tỉnh để tạo cây đơn vị (webapp/units/install).",
)
@click.option("--province", default="", help="Tên tỉnh / thành phố (cùng --communes).")
@click.option(
    "--accounts-out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tạo mỗi xã một tài khoản; ghi danh sách mật khẩu dùng một lần vào tệp .xlsx này.",
)
@with_appcontext
def first_run(communes: Path | None, province: str, accounts_out: Path | None) -> None:
    """On an install without any account, create the first admin and say where its
    password is (a file readable only by the owner in instance/). With --communes, also
    create the province and its commune-level unions (and --accounts-out their accounts)."""
    from webapp.accounts.services import create_first_admin

    if communes is not None:
        _install_province(communes, province, accounts_out)
    password = create_first_admin()
    if password is None:
        return
    db.session.commit()
    path = current_app.instance_path + "/first-admin-password.txt"
    # Created readable by the owner only: the password is never in a file others could read.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)  # a file left from an earlier install keeps its own mode otherwise
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"Tên đăng nhập: admin\nMật khẩu: {password}\n")
    click.echo("=" * 70)
    click.echo("Lần chạy đầu tiên: đã tạo tài khoản quản trị 'admin'.")
    click.echo(f"Mật khẩu nằm trong tệp: {path}")
    click.echo("Đăng nhập bằng mật khẩu đó: hệ thống bắt đổi mật khẩu ngay, rồi tự xoá tệp này.")
    click.echo("=" * 70)


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Build the demo commune (Đức Xương) in the configured database; refuses on a
    database that already holds other data."""
    from webapp.demo import DemoRefused, seed_demo

    try:
        demo = seed_demo()
    except DemoRefused as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(
        f"Đã nạp dữ liệu mẫu: Hội LHPN xã {demo.commune.name} và {len(demo.branches)} chi hội."
    )


@click.command("indicators")
@click.option("--unit", "unit_name", required=True, help='Tên đơn vị, ví dụ "Đức Xương".')
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--json", "as_json", is_flag=True, help="Xuất JSON: mã → giá trị, và formatted.")
@with_appcontext
def indicators_command(unit_name: str, start, end, as_of, as_json: bool) -> None:
    """Print every indicator for a unit subtree and period."""
    from webapp.indicators import catalogue, compute

    unit = _unit_named(unit_name)
    period = Period(start.date(), end.date(), as_of.date() if as_of else None)
    values = compute(unit.id, period)
    if as_json:
        click.echo(
            json.dumps(
                {**values.raw, "formatted": values.formatted},
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
        return
    for ind in catalogue():
        if ind.code in values.raw:
            click.echo(f"{ind.code:<40} {values.formatted[ind.code]:>22}  {ind.label}")


@click.group("report", cls=AppGroup)
def report_group() -> None:
    """Reports from the command line."""


@report_group.command("render")
@click.option("--unit", "unit_name", required=True)
@click.option("--kind", required=True, type=click.Choice([k.value for k in ReportKind]))
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True))
def report_render(unit_name: str, kind: str, start, end, out: str) -> None:
    """Render a report synchronously through the worker's code path."""
    from webapp.documents.produce import produce
    from webapp.documents.render import RenderError
    from webapp.documents.requests import request_for_unit

    unit = _unit_named(unit_name)
    req = request_for_unit(unit, ReportKind(kind), Period(start.date(), end.date()))
    try:
        result = produce(req, ReportKind(kind))
    except RenderError as exc:
        raise click.ClickException(str(exc)) from exc
    with open(out, "wb") as fh:
        fh.write(result.data)
    click.echo(f"Đã ghi {out} ({len(result.data):,} byte, mẫu: {result.template.label}).")
    for warning in result.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)


@click.group("backup", cls=AppGroup)
def backup_group() -> None:
    """Backups: one file with the whole database and every stored file."""


@backup_group.command("create")
@click.argument("target", type=click.Path(path_type=Path))
@click.option(
    "--keep",
    type=int,
    default=0,
    help="TARGET là thư mục: tạo tệp có ngày giờ và chỉ giữ N bản mới nhất.",
)
def backup_create(target: Path, keep: int) -> None:
    """Write a backup to TARGET (a file, or a folder with --keep)."""
    from webapp.backup import create_backup, prune_backups

    if keep:
        target.mkdir(parents=True, exist_ok=True)
        folder = target
        target = folder / f"sohoi-backup-{datetime.now(UTC):%Y%m%d-%H%M%S}.zip"
    manifest = create_backup(target)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(f"Đã sao lưu {rows:,} dòng và {len(manifest['files'])} tệp vào {target}.")
    if keep:
        for old in prune_backups(folder, keep):
            click.echo(f"Đã xoá bản sao lưu cũ {old.name}.")


@backup_group.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Tệp chứa SECRET_KEY của hệ thống đã tạo bản sao lưu (khi đó là hệ thống khác).",
)
@click.option(
    "--backup-key-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Tệp chứa BACKUP_KEY của hệ thống đã tạo bản sao lưu (khi khác khoá của hệ thống này).",
)
@click.option(
    "--trust-foreign",
    is_flag=True,
    help="Khôi phục cả tệp không mang chữ ký của hệ thống này (chỉ khi bạn tin nguồn tệp).",
)
def backup_restore(
    source: Path, key_file: Path | None, backup_key_file: Path | None, trust_foreign: bool
) -> None:
    """Restore SOURCE into this empty instance."""
    from webapp.backup import BackupRejected, restore_backup

    try:
        manifest = restore_backup(
            source,
            source_key=key_file.read_text().strip() if key_file else None,
            trust_foreign=trust_foreign,
            backup_key=backup_key_file.read_text().strip() if backup_key_file else None,
        )
    except BackupRejected as exc:
        raise click.ClickException(str(exc)) from exc
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(f"Đã khôi phục {rows:,} dòng và {len(manifest['files'])} tệp từ {source}.")


@click.command("reap-jobs")
@with_appcontext
def reap_jobs() -> None:
    """Re-send jobs whose message was lost (workers do this by themselves every few seconds)."""
    from tasks.reaper import reap

    click.echo(f"Đã gửi lại: {reap() or 'không có'}")


def _install_province(communes: Path, province: str, accounts_out: Path | None) -> None:
    """The first-run option --communes: see webapp/units/services/install.py."""
    from webapp.units.services.install import InstallError, accounts_xlsx, install, read_list

    if not province.strip():
        raise click.ClickException('Hãy cho biết tên tỉnh: --province "Hà Tĩnh".')
    try:
        result = install(
            read_list(communes.read_bytes()), province, None, with_accounts=accounts_out is not None
        )
    except InstallError as exc:
        db.session.rollback()
        raise click.ClickException("\n".join(exc.problems)) from exc
    if accounts_out is not None:
        # Written before the commit: no account exists whose password was not handed out.
        fd = os.open(accounts_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(accounts_xlsx(result))
    db.session.commit()
    click.echo(
        f"Đã tạo {result.province.full_name} với {len(result.communes)} đơn vị cấp xã "
        f"({result.former} đơn vị cũ ghi nhận sáp nhập)."
    )
    if accounts_out is not None:
        click.echo(
            f"Mật khẩu dùng một lần của {len(result.accounts)} tài khoản: {accounts_out}. "
            "Hãy phát cho từng xã rồi xoá tệp đó; mỗi người phải đổi mật khẩu khi đăng nhập."
        )


def _unit_named(name: str) -> Unit:
    """The one unit with this name, or a clear error."""
    units = db.session.scalars(select(Unit).where(Unit.name == name)).all()
    if len(units) != 1:
        raise click.ClickException(
            f"Không tìm thấy đơn vị '{name}'."
            if not units
            else f"Có {len(units)} đơn vị tên '{name}'; hãy đổi tên cho khác nhau."
        )
    return units[0]
