"""What personal data Sổ Hội holds: every column of every table, declared once.

Each table is either about people (``PERSON_TABLES``: each column basic, sensitive or not
personal) or not (``OTHER_TABLES``, with the reason). tests/test_privacy_registry.py fails when a
table or a column appears that is declared in neither, so that nobody adds personal data without
saying what it is. The admin page /privacy/ is built from this module.

Categories follow Luật Bảo vệ dữ liệu cá nhân (91/2025/QH15): basic data identify a person (name,
birth year, address, phone…); sensitive data are those the law protects more closely — here
health insurance, finances (loans, savings, dues), political life (Party referrals), hardship
categories and the sponsorship of children.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l


class Level(enum.StrEnum):
    BASIC = "basic"
    SENSITIVE = "sensitive"


LEVEL_LABELS = {
    Level.BASIC: _l("Dữ liệu cá nhân cơ bản"),
    Level.SENSITIVE: _l("Dữ liệu cá nhân nhạy cảm"),
}

# Columns every register has that say nothing about a person.
TECHNICAL = frozenset({"id", "unit_id", "deleted_at", "version", "created_at", "updated_at"})


@dataclass(frozen=True)
class PersonTable:
    """A table whose rows are about people: what it is, why it is kept, where it shows."""

    title: object
    purpose: object
    basic: frozenset[str]
    sensitive: frozenset[str] = frozenset()
    # Columns that are neither (foreign keys, flags of the record itself).
    other: frozenset[str] = frozenset()
    appears_in: tuple[object, ...] = ()
    seen_by: object = ""
    # Where a person's details show as a record page: the view argument that names the record.
    record_arg: str | None = None
    extra: dict = field(default_factory=dict)

    def level_of(self, column: str) -> Level | None:
        if column in self.sensitive:
            return Level.SENSITIVE
        if column in self.basic:
            return Level.BASIC
        return None

    @property
    def is_sensitive(self) -> bool:
        return bool(self.sensitive)


def _cols(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STAFF = _l("Cán bộ Hội và chi hội của đơn vị; quản trị")
_PAGES = _l("Trang sổ")
_EXPORTS = _l("Tệp xuất Excel/CSV")
_BACKUPS = _l("Bản sao lưu (mã hoá)")
_REPORTS = _l("Báo cáo (chỉ số liệu tổng hợp)")
_ALL = (_PAGES, _EXPORTS, _BACKUPS, _REPORTS)

_MEMBERS = _l(
    "Quản lý hội viên, thu hội phí và báo cáo số lượng, chất lượng hội viên theo Điều lệ Hội"
)
_LOANS = _l(
    "Quản lý vốn vay ủy thác, tiết kiệm và các tổ tiết kiệm vay vốn; đối chiếu với ngân hàng"
)
_CHARITY = _l("Trợ giúp, trao quà, nhận đỡ đầu; báo cáo công tác an sinh xã hội")
_CADRES = _l("Quản lý cán bộ Hội và báo cáo chất lượng đội ngũ cán bộ")

PERSON_TABLES: dict[str, PersonTable] = {
    "members": PersonTable(
        _l("Hội viên"),
        _MEMBERS,
        basic=_cols(
            "full_name search_key sort_key gender birth_year birth_date address phone note"
        ),
        sensitive=_cols("ethnicity religion"),
        other=_cols("joined_on left_on leave_reason is_core is_honorary attends_regularly"),
        appears_in=_ALL,
        seen_by=_STAFF,
        record_arg="member_id",
    ),
    "member_events": PersonTable(
        _l("Quá trình sinh hoạt của hội viên"),
        _MEMBERS,
        basic=_cols("description"),
        other=_cols("member_id happened_on kind user_id"),
        appears_in=(_PAGES,),
        seen_by=_STAFF,
    ),
    "member_flag_changes": PersonTable(
        _l("Thay đổi hội viên nòng cốt, danh dự"),
        _MEMBERS,
        basic=frozenset(),
        other=_cols("member_id flag effective_on"),
        appears_in=(_REPORTS,),
        seen_by=_STAFF,
    ),
    "member_branch_links": PersonTable(
        _l("Chi hội của hội viên theo thời gian"),
        _MEMBERS,
        basic=frozenset(),
        other=_cols("member_id valid_from valid_to"),
        appears_in=(_REPORTS,),
        seen_by=_STAFF,
    ),
    "dues_payments": PersonTable(
        _l("Hội phí"),
        _MEMBERS,
        basic=frozenset(),
        sensitive=_cols("paid amount paid_on"),
        other=_cols("member_id year"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "insurance_policies": PersonTable(
        _l("Bảo hiểm y tế, bảo hiểm xã hội"),
        _l("Vận động và theo dõi hội viên tham gia bảo hiểm; báo cáo số thẻ, sổ bảo hiểm"),
        basic=_cols("holder_name search_key"),
        sensitive=_cols("kind number started_on ended_on note"),
        other=_cols("member_id"),
        appears_in=_ALL,
        seen_by=_STAFF,
        record_arg="policy_id",
    ),
    "party_referrals": PersonTable(
        _l("Giới thiệu hội viên ưu tú cho Đảng"),
        _l("Báo cáo số hội viên ưu tú được giới thiệu cho Đảng xem xét kết nạp"),
        basic=frozenset(),
        sensitive=_cols("referred_on outcome decided_on note"),
        other=_cols("member_id"),
        appears_in=_ALL,
        seen_by=_STAFF,
        record_arg="referral_id",
    ),
    "cadres": PersonTable(
        _l("Cán bộ Hội"),
        _CADRES,
        basic=_cols("full_name search_key birth_year position education_grade qualification"),
        sensitive=_cols("political_theory"),
        other=_cols("member_id in_bch in_btv term started_on ended_on"),
        appears_in=_ALL,
        seen_by=_STAFF,
        record_arg="cadre_id",
    ),
    "cadre_trainings": PersonTable(
        _l("Bồi dưỡng, tập huấn cán bộ"),
        _CADRES,
        basic=_cols("title kind attended_on organiser"),
        other=_cols("cadre_id"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "charity_beneficiaries": PersonTable(
        _l("Người, hộ được trợ giúp"),
        _CHARITY,
        basic=_cols("full_name search_key birth_year address note"),
        sensitive=_cols("category"),
        other=_cols("is_household member_id surveyed_on"),
        appears_in=_ALL,
        seen_by=_STAFF,
        record_arg="beneficiary_id",
    ),
    "charity_gifts": PersonTable(
        _l("Quà, tiền trao tặng"),
        _CHARITY,
        basic=_cols("recipient_label note"),
        sensitive=_cols("category"),
        other=_cols(
            "given_on occasion kind beneficiary_id quantity measure value_vnd source fund_id "
            "source_name partner distribution_id people_count"
        ),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "charity_sponsorships": PersonTable(
        _l("Nhận đỡ đầu trẻ em"),
        _CHARITY,
        basic=_cols("sponsor_name note"),
        sensitive=_cols("child_id monthly_vnd start_on months end_on"),
        other=_cols("sponsor_kind"),
        appears_in=_ALL,
        seen_by=_STAFF,
        record_arg="sponsorship_id",
    ),
    "charity_sponsorship_payments": PersonTable(
        _l("Tiền đỡ đầu đã trao"),
        _CHARITY,
        basic=_cols("note"),
        sensitive=_cols("paid_on amount_vnd"),
        other=_cols("sponsorship_id fund_id"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "loan_households": PersonTable(
        _l("Hộ vay vốn, gửi tiết kiệm"),
        _LOANS,
        basic=_cols("head_name search_key address"),
        other=_cols("group_id member_id"),
        appears_in=_ALL,
        seen_by=_STAFF,
        record_arg="household_id",
    ),
    "loans": PersonTable(
        _l("Khoản vay của hộ"),
        _LOANS,
        basic=frozenset(),
        sensitive=_cols("disbursed_on amount due_on purpose contract_no"),
        other=_cols("household_id group_id programme_id"),
        appears_in=_ALL,
        seen_by=_STAFF,
        record_arg="loan_id",
    ),
    "loan_repayments": PersonTable(
        _l("Trả nợ, trả lãi"),
        _LOANS,
        basic=_cols("note"),
        sensitive=_cols("paid_on principal interest"),
        other=_cols("loan_id kind source statement_id"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "savings_deposits": PersonTable(
        _l("Tiền gửi tiết kiệm"),
        _LOANS,
        basic=frozenset(),
        sensitive=_cols("deposited_on amount is_withdrawal"),
        other=_cols("household_id source"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "bank_statements": PersonTable(
        _l("Sao kê của ngân hàng"),
        _LOANS,
        basic=_cols("filename"),
        sensitive=_cols("lines"),
        other=_cols("group_id statement_on accepted_at"),
        appears_in=(_PAGES, _BACKUPS),
        seen_by=_STAFF,
    ),
    "loan_groups": PersonTable(
        _l("Tổ tiết kiệm và vay vốn"),
        _LOANS,
        basic=_cols("leader_name"),
        other=_cols("bank_id name search_key founded_on dissolved_on"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "rotating_groups": PersonTable(
        _l("Tổ, nhóm tiết kiệm quay vòng"),
        _LOANS,
        basic=_cols("leader_name"),
        other=_cols("kind name search_key founded_on dissolved_on"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "rotating_members": PersonTable(
        _l("Thành viên tổ quay vòng"),
        _LOANS,
        basic=_cols("full_name search_key"),
        other=_cols("group_id member_id joined_on left_on"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "rotating_loans": PersonTable(
        _l("Vốn quay vòng cho thành viên vay"),
        _LOANS,
        basic=frozenset(),
        sensitive=_cols("lent_on amount due_on"),
        other=_cols("group_id rotating_member_id"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "rotating_contributions": PersonTable(
        _l("Góp vốn quay vòng"),
        _LOANS,
        basic=frozenset(),
        sensitive=_cols("paid_on amount"),
        other=_cols("group_id rotating_member_id"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "rotating_repayments": PersonTable(
        _l("Trả vốn quay vòng"),
        _LOANS,
        basic=frozenset(),
        sensitive=_cols("paid_on amount"),
        other=_cols("loan_id"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "household_assessments": PersonTable(
        _l("Đánh giá hộ gia đình (5 không 3 sạch)"),
        _l("Theo dõi tiêu chí gia đình và báo cáo số hộ đạt"),
        basic=_cols("household search_key"),
        sensitive=_cols("livelihood health"),
        other=_cols("year safe_house knowledge culture clean_house clean_kitchen clean_alley"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "charity_fund_entries": PersonTable(
        _l("Thu, chi của quỹ"),
        _CHARITY,
        basic=_cols("counterparty note"),
        other=_cols("fund_id entry_date direction kind amount counterpart_id"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "charity_received_support": PersonTable(
        _l("Hỗ trợ nhận được từ nhà hảo tâm"),
        _CHARITY,
        basic=_cols("donor"),
        other=_cols("received_on description quantity measure value_vnd purpose"),
        appears_in=_ALL,
        seen_by=_STAFF,
    ),
    "mediation_cases": PersonTable(
        _l("Hoà giải"),
        _l("Báo cáo số vụ việc Hội tham gia hoà giải"),
        basic=frozenset(),
        sensitive=_cols("summary"),
        other=_cols("held_on kind outcome"),
        appears_in=(_PAGES, _BACKUPS, _REPORTS),
        seen_by=_STAFF,
    ),
    "users": PersonTable(
        _l("Tài khoản người dùng"),
        _l("Đăng nhập, phân quyền và ghi nhận ai đã làm gì"),
        basic=_cols("username full_name last_login_at locale"),
        other=_cols(
            "password_hash role active session_token must_change_password sees_personal_details"
        ),
        appears_in=(_PAGES, _BACKUPS),
        seen_by=_l("Quản trị"),
    ),
    "audit_entries": PersonTable(
        _l("Nhật ký thay đổi"),
        _l("Biết ai đã sửa gì, khi nào (trách nhiệm giải trình)"),
        basic=_cols("label"),
        sensitive=_cols("changes"),
        other=_cols("at user_id action area table_name record_id reason"),
        appears_in=(_PAGES, _BACKUPS),
        seen_by=_l("Quản trị; cán bộ thấy lịch sử bản ghi của đơn vị mình"),
    ),
    "personal_data_reads": PersonTable(
        _l("Nhật ký xem, xuất dữ liệu cá nhân"),
        _l("Biết ai đã xem, xuất dữ liệu cá nhân nào; báo cáo khi có sự cố"),
        basic=_cols("where"),
        other=_cols("at user_id kind table_name record_id endpoint"),
        appears_in=(_PAGES, _BACKUPS),
        seen_by=_l("Quản trị"),
    ),
    "login_events": PersonTable(
        _l("Nhật ký đăng nhập"),
        _l("Phát hiện, báo cáo truy cập trái phép"),
        basic=_cols("address browser"),
        other=_cols("at user_id"),
        appears_in=(_PAGES, _BACKUPS),
        seen_by=_l("Quản trị"),
    ),
    "processing_bases": PersonTable(
        _l("Căn cứ xử lý dữ liệu, sự đồng ý"),
        _l("Chứng minh căn cứ xử lý dữ liệu cá nhân của từng hội viên"),
        basic=_cols("basis consent_on consent_scope withdrawn_on"),
        other=_cols("member_id"),
        appears_in=(_PAGES, _BACKUPS),
        seen_by=_STAFF,
    ),
    "data_subject_requests": PersonTable(
        _l("Yêu cầu của chủ thể dữ liệu"),
        _l("Giải quyết yêu cầu của chủ thể dữ liệu trong thời hạn luật định"),
        basic=_cols("requester_name details answer"),
        other=_cols("member_id kind received_on due_on answered_on"),
        appears_in=(_PAGES, _BACKUPS),
        seen_by=_STAFF,
    ),
    "jobs": PersonTable(
        _l("Việc chạy nền"),
        _l("Xuất báo cáo, nạp dữ liệu mẫu; tham số có thể chứa bộ lọc"),
        basic=frozenset(),
        other=_cols(
            "kind params state progress attempts message result created_by_id created_at "
            "token sent_at started_at heartbeat_at finished_at worker"
        ),
        appears_in=(_PAGES,),
        seen_by=_l("Người tạo việc; quản trị"),
    ),
}

# Tables with nothing about a person, and why.
OTHER_TABLES: dict[str, str] = {
    "activities": "activities of the union: counts of participants, no names",
    "activity_kinds": "catalogue",
    "activity_outputs": "quantities of an activity's outputs",
    "activity_tag_links": "catalogue links",
    "activity_tags": "catalogue",
    "bank_offices": "a bank's office: address and phone of the office",
    "banks": "catalogue",
    "charity_distributions": "a batch of gifts: date and title",
    "charity_funds": "a fund: name and purpose",
    "clubs": "clubs and models: names and counts",
    "import_batches": "confirmed imports: register, file name, row count, who confirmed",
    "loan_programmes": "catalogue",
    "manual_statistics": "catalogue",
    "output_units": "catalogue",
    "report_drafts": "a report's header and narrative (the signatory is an office holder)",
    "report_files": "generated reports: aggregate figures only",
    "report_templates": "templates",
    "statistic_values": "aggregate figures",
    "targets": "congress targets",
    "terms": "congress terms",
    "unit_merges": "the organisation's history",
    "unit_parent_links": "the organisation's history",
    "unit_ratings": "ratings of units",
    "units": "the organisation",
    "women_population": "aggregate figures",
    "worker_heartbeats": "worker processes",
    "alembic_version": "schema version",
    "kombu_message": "the embedded queue",
    "kombu_queue": "the embedded queue",
}


# Pages that list personal details (beyond names) or export them: a district or province viewer
# needs an admin's grant to open them, as for every record page of a person (``record_arg``).
DETAIL_ENDPOINTS = frozenset(
    {
        "members.insurance",
        "members.party",
        "members.dues",
        "members.card",
        "members.export_excel",
        "members.export_text",
        "members.cadres",
        "loans.households",
        "loans.group",
        "loans.grid",
        "loans.statement",
        "loans.rotating_group",
        "charity.beneficiaries",
        "charity.sponsorships",
        "charity.distribution_show",
        "charity.distribution_candidates",
        "privacy.member_data",
    }
) | frozenset(
    # List exports (webapp/<area>/routes/exports.py) holding more than names: .xlsx and CSV.
    endpoint
    for name in (
        "members.cadres_export",
        "members.insurance_export",
        "members.party_export",
        "members.dues_export",
        "loans.households_export",
        "loans.group_export",
        "loans.overdue_export",
        "charity.gifts_export",
        "charity.beneficiaries_export",
        "charity.sponsorships_export",
        "activities.mediations_export",
        "activities.households_export",
    )
    for endpoint in (name, f"{name}_csv")
)


def level_of(table: str, column: str) -> Level | None:
    """The category of a column (None: not personal)."""
    entry = PERSON_TABLES.get(table)
    return entry.level_of(column) if entry is not None else None


def unclassified(tables: dict[str, list[str]]) -> list[str]:
    """``table.column`` names (of a schema given as table → columns) declared nowhere here."""
    missing: list[str] = []
    for table, columns in sorted(tables.items()):
        entry = PERSON_TABLES.get(table)
        if entry is None:
            if table not in OTHER_TABLES:
                missing.append(f"{table}.*")
            continue
        declared = entry.basic | entry.sensitive | entry.other | TECHNICAL
        missing += [f"{table}.{c}" for c in columns if c not in declared]
    return missing


@functools.cache
def record_tables() -> dict[str, str]:
    """View argument → table, for the record pages that show a person's details (built once:
    every request's guard and read log ask; callers only read it)."""
    return {e.record_arg: t for t, e in PERSON_TABLES.items() if e.record_arg}
