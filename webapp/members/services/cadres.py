"""The cadre register: officers, their positions, terms, education, political theory, and the
courses and topic studies they attended."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, case, insert, select

from webapp.extensions import db
from webapp.formatting import local_today
from webapp.members.services.picker import picked_member
from webapp.members.services.rules import check_birth_year, check_not_future
from webapp.models import Unit, UnitKind, User
from webapp.models.base import utcnow
from webapp.models.cadres import (
    Cadre,
    CadrePosition,
    CadreTraining,
    PoliticalTheory,
    TrainingKind,
    serving_at,
)
from webapp.refusals import Problems, check_version
from webapp.scope import scoped
from webapp.text import nfc, search_key
from webapp.trash import move_to_trash

BCH_POSITIONS = (CadrePosition.CHAIR, CadrePosition.VICE_CHAIR, CadrePosition.COMMITTEE)
BRANCH_POSITIONS = (CadrePosition.BRANCH_HEAD, CadrePosition.BRANCH_DEPUTY)


@dataclass
class CadreData:
    full_name: str
    unit_id: int | None
    position: CadrePosition
    started_on: date | None
    member_id: int | None = None
    birth_year: int | None = None
    in_bch: bool = False
    in_btv: bool = False
    term: str = ""
    ended_on: date | None = None
    education_grade: int | None = None
    qualification: str = ""
    political_theory: PoliticalTheory = PoliticalTheory.NONE


def cadre_list(user: User, serving_on: date | None) -> Select:
    """Cadres in scope (those serving on ``serving_on``, or all when None), chair first."""
    order = {p: i for i, p in enumerate(CadrePosition)}
    stmt = scoped(select(Cadre).join(Cadre.unit), Cadre.unit_id, user)
    if serving_on is not None:
        stmt = stmt.where(serving_at(serving_on))
    branch_last = case((Unit.kind == UnitKind.BRANCH, 1), else_=0)
    return stmt.order_by(
        branch_last, Unit.name, case(order, value=Cadre.position), Cadre.search_key
    )


def _clean(data: CadreData, user: User, today: date) -> CadreData:
    """Normalise the text and check every rule of a cadre; raise RecordError naming every
    field in fault."""
    data = CadreData(**{f.name: getattr(data, f.name) for f in fields(data)})
    data.full_name, data.term, data.qualification = (
        nfc(data.full_name),
        nfc(data.term),
        nfc(data.qualification),
    )
    problems = Problems()
    if data.member_id is not None:
        member = picked_member(user, data.member_id)
        if member is None:
            problems.add(
                "member_id",
                _("Không tìm thấy hội viên mã %(id)s trong phạm vi của bạn.", id=data.member_id),
            )
        else:
            data.full_name = data.full_name or member.full_name
            data.birth_year = data.birth_year or member.birth_year
    if not data.full_name and "member_id" not in dict(problems.found):
        problems.add("full_name", _("Vui lòng nhập họ và tên."))
    problems.check(check_birth_year, data.birth_year, "birth_year", today)
    unit = db.session.get(Unit, data.unit_id) if data.unit_id else None
    if unit is None:
        problems.add("unit_id", _("Vui lòng chọn đơn vị."))
    elif data.position in BRANCH_POSITIONS and unit.kind is not UnitKind.BRANCH:
        problems.add("unit_id", _("Chi hội trưởng, chi hội phó phải thuộc một chi hội."))
    elif data.position in BCH_POSITIONS and unit.kind is UnitKind.BRANCH:
        problems.add("unit_id", _("Chủ tịch, Phó Chủ tịch, Ủy viên BCH thuộc Hội cấp xã trở lên."))
    if data.position in BCH_POSITIONS:
        data.in_bch = True  # these offices are seats of the committee
    if data.in_btv and not data.in_bch:
        problems.add("in_btv", _("Ủy viên Ban Thường vụ phải là ủy viên Ban Chấp hành."))
    if data.started_on is None:
        problems.add("started_on", _("Vui lòng nhập ngày bắt đầu giữ chức."))
    else:
        problems.check(
            check_not_future, data.started_on, "started_on", _("Ngày bắt đầu giữ chức"), today
        )
        if data.ended_on is not None and data.ended_on < data.started_on:
            problems.add("ended_on", _("Ngày thôi giữ chức phải sau ngày bắt đầu."))
    if data.education_grade is not None and not 1 <= data.education_grade <= 12:
        problems.add("education_grade", _("Trình độ văn hoá là số lớp, từ 1 đến 12."))
    problems.raise_any()
    return data


def check_cadre(data: CadreData, user: User, today: date | None = None) -> None:
    """Every rule of a cadre, nothing written (for a form whose fields were refused)."""
    _clean(data, user, today or local_today())


def _apply(cadre: Cadre, data: CadreData) -> None:
    for f in fields(data):
        setattr(cadre, f.name, getattr(data, f.name))
    cadre.search_key = search_key(data.full_name)


def create_cadre(data: CadreData, user: User, today: date | None = None) -> Cadre:
    data = _clean(data, user, today or local_today())
    cadre = Cadre()
    _apply(cadre, data)
    db.session.add(cadre)
    db.session.flush()
    return cadre


def update_cadre(
    cadre: Cadre, data: CadreData, version: int | None, user: User, today: date | None = None
) -> None:
    check_version(cadre, version)
    _apply(cadre, _clean(data, user, today or local_today()))
    db.session.flush()


def trash_cadre(cadre: Cadre) -> None:
    """A cadre entered by mistake goes to the trash with her training records."""
    move_to_trash(cadre)
    for training in cadre.trainings:
        move_to_trash(training)
    db.session.flush()


def check_training(
    cadres: list[Cadre], title: str, attended_on: date | None, today: date | None = None
) -> None:
    """Every rule of a training record at once: a title, a date not in the future, and at
    least one cadre ticked."""
    problems = Problems()
    if not nfc(title):
        problems.add("title", _("Vui lòng nhập nội dung, chuyên đề."))
    elif not cadres:
        problems.add("title", _("Vui lòng đánh dấu ít nhất một cán bộ đã tham gia."))
    if attended_on is None:
        problems.add("attended_on", _("Vui lòng nhập ngày học."))
    else:
        problems.check(
            check_not_future, attended_on, "attended_on", _("Ngày học"), today or local_today()
        )
    problems.raise_any()


def record_training(
    cadres: list[Cadre],
    title: str,
    kind: TrainingKind,
    attended_on: date | None,
    organiser: str = "",
    today: date | None = None,
) -> int:
    """One course or topic-study session attended by each of ``cadres``."""
    title = nfc(title)
    check_training(cadres, title, attended_on, today)
    now = utcnow()
    db.session.execute(
        insert(CadreTraining),
        [
            {
                "unit_id": c.unit_id,
                "cadre_id": c.id,
                "title": title,
                "kind": kind,
                "attended_on": attended_on,
                "organiser": nfc(organiser),
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for c in cadres
        ],
    )
    return len(cadres)
