"""Command-line tools for admins: the first admin account, the reaper by hand."""

from __future__ import annotations

import click
from flask import Flask, current_app

from webapp.extensions import db


def init_app(app: Flask) -> None:
    """Register the commands on ``flask``."""

    @app.cli.command("create-admin")
    @click.option("--username", default="admin", show_default=True)
    @click.option("--full-name", default="Quản trị hệ thống", show_default=True)
    def create_admin(username: str, full_name: str) -> None:
        """Create an admin account with a generated password, printed once."""
        from webapp.accounts.services import AccountData, AccountError, create_account
        from webapp.models import Role

        try:
            _, password = create_account(AccountData(username, full_name, Role.ADMIN, None), None)
        except AccountError as exc:
            raise click.ClickException(exc.message) from exc
        db.session.commit()
        click.echo(f"Đã tạo tài khoản quản trị '{username}'. Mật khẩu: {password}")
        click.echo("Hãy đăng nhập và đổi mật khẩu ngay.")

    @app.cli.command("first-run")
    def first_run() -> None:
        """On an install without any account, create the first admin and say where its
        password is (a file readable only by the owner in instance/)."""
        from webapp.accounts.services import create_first_admin

        password = create_first_admin()
        if password is None:
            return
        db.session.commit()
        path = current_app.instance_path + "/first-admin-password.txt"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(f"Tên đăng nhập: admin\nMật khẩu: {password}\n")
        import os

        os.chmod(path, 0o600)
        click.echo("=" * 70)
        click.echo("Lần chạy đầu tiên: đã tạo tài khoản quản trị 'admin'.")
        click.echo(f"Mật khẩu nằm trong tệp: {path}")
        click.echo("Hãy đăng nhập, đổi mật khẩu, rồi xoá tệp đó.")
        click.echo("=" * 70)

    @app.cli.command("reap-jobs")
    def reap_jobs() -> None:
        """Re-send jobs whose message was lost (workers do this by themselves every few seconds)."""
        from tasks.reaper import reap

        click.echo(f"Đã gửi lại: {reap() or 'không có'}")
