"""Build the default report templates (templates/reports/<kind>.docx) from the text below.

The .docx files are generated, not edited by hand: change this script and run
    .venv/bin/python scripts/build_report_templates.py
Layout per Nghị định 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman 14 pt body,
issuing body top-left, national motto top-right, number and symbol, place and date line, title,
body, "Nơi nhận" bottom-left and the signature block bottom-right. Headings use Word's Heading
styles (the navigation pane lists them); page numbers are centred in the top margin from page 2;
the short rules under the issuing body and the motto are drawn (paragraph borders); the closing
block is one table row that cannot split (webapp/documents/render.py keeps it with the body's
last lines once the narrative is in).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "templates" / "reports"

H, P, N, B = "heading", "paragraph", "narrative", "bullet"
C = "centred heading"  # "Phần thứ nhất", the part titles

# ---- bodies ---------------------------------------------------------------------------------
#
# Wording rules (DESIGN.md, "The report document"): a sentence is printed only when the records
# give its figures — every clause below carries the condition (on ``raw.<code>``) under which it
# is said, a paragraph whose clauses are all left out is left out, and a part whose paragraphs
# are all left out says "Chưa có số liệu trong kỳ báo cáo." Nouns come from the records (output
# units, the support's purpose, the unit's kind word), never from one commune's report.
# The narrative sections each kind prints are BY_KIND of webapp/reports/services/sections.py,
# in that order (checked when the templates are built, and by tests/reports/test_every_kind.py).

from webapp.reports.services.sections import BY_KIND  # noqa: E402  (sys.path set above)

EMPTY = "Chưa có số liệu trong kỳ báo cáo."
_PLACEHOLDER = re.compile(r"\{\{\s*(.+?)\s*\}\}")


_TOKEN = re.compile(r"(\{\{.+?\}\}|\{%.+?%\})")


def _expr(text: str) -> str:
    """ "kết nạp {{ x }} hội viên{% if raw.y %} và {{ y }}{% endif %}" as ONE Jinja expression
    (``{% if %}…{% else %}…{% endif %}`` become inline ``(… if … else …)``)."""
    tokens = [t for t in _TOKEN.split(text) if t]

    def seq(pos: int, stops: tuple[str, ...]) -> tuple[str, int]:
        parts = []
        while pos < len(tokens):
            tok = tokens[pos]
            tag = re.fullmatch(r"\{%\s*(.+?)\s*%\}", tok)
            if tag and tag.group(1).split()[0] in stops:
                break
            if tag and tag.group(1).startswith("if "):
                then, pos = seq(pos + 1, ("else", "endif"))
                other = "''"
                if tokens[pos].strip("{%} ") == "else":
                    other, pos = seq(pos + 1, ("endif",))
                parts.append(f"(({then}) if ({tag.group(1)[3:]}) else ({other}))")
            elif tok.startswith("{{"):
                parts.append(f"({tok[2:-2].strip()})")
            else:
                # literal words go into a Jinja string, escaped once by ``join``: no markup,
                # no quotes (asserted)
                assert not re.search(r"[&<>'\"{}%]", tok), tok
                parts.append(f"'{tok}'")
            pos += 1
        return " ~ ".join(parts) or "''", pos

    result, _ = seq(0, ())
    return result


def _cond(text: str) -> str:
    """Every indicator a clause prints is non-zero (``raw.`` of each placeholder)."""
    codes = [
        c
        for c in _PLACEHOLDER.findall(text)
        if re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", c)
        and not c.startswith(("unit.", "term.", "period.", "doc."))
    ]
    return " and ".join(f"raw.{c}" for c in codes) or "true"


def _clauses(lead: str, clauses: list, end: str = ".", sep: str = ", ", last: str = " và ") -> str:
    """One paragraph: ``lead`` + the clauses whose condition holds, "A, B và C" + ``end``.

    A clause is its text, or (condition, text). The literal words go into Jinja strings and
    are escaped once by ``join``: they may not hold "&", "<", ">" or quotes (asserted).
    """
    items = []
    for clause in clauses:
        cond, text = clause if isinstance(clause, tuple) else (_cond(clause), clause)
        items.append(f"({cond}, {_expr(text)})")
    listed = "[" + ", ".join(items) + "]|selectattr(0)|map(attribute=1)|list"
    joined = f"(l[:-1]|join('{sep}')) ~ ('{last}' if l|length > 1 else '') ~ l[-1]"
    # Without a lead the sentence starts with the first clause said: its first letter capital.
    shown = "{{ s }}" if lead else "{{ s[:1]|upper }}{{ s[1:] }}"
    return (
        f"{{% set l = {listed} %}}{{% if l %}}{{% set s = {joined} %}}{lead}{shown}{end}"
        "{% endif %}"
    )


def _any(clauses: list) -> str:
    """The condition under which at least one clause is said."""
    conds = [c[0] if isinstance(c, tuple) else _cond(c) for c in clauses]
    return " or ".join(f"({c})" for c in conds)


def para(lead: str, clauses: list, end: str = ".", sep: str = ", ", last: str = " và ") -> list:
    """A paragraph of clauses, left out entirely when none is said."""
    return [
        (P, f"{{%p if {_any(clauses)} %}}"),
        (P, _clauses(lead, clauses, end, sep, last)),
        (P, "{%p endif %}"),
    ]


def chart(name: str) -> list:
    """A chart, where the records give one to draw (nothing at all otherwise)."""
    return [(P, f"{{%p if charts.{name} %}}"), (CHART, name), (P, "{%p endif %}")]


def when(cond: str, text: str) -> list:
    """A paragraph said only when ``cond`` holds."""
    return [(P, f"{{%p if {cond} %}}"), (P, text), (P, "{%p endif %}")]


def part(conds: list[str], *paragraphs: list) -> list:
    """Paragraphs of one heading; "Chưa có số liệu" when none of ``conds`` holds."""
    body = [item for p in paragraphs for item in p]
    return [
        (P, "{%p if " + " or ".join(f"({c})" for c in conds) + " %}"),
        *body,
        (P, "{%p else %}"),
        (P, EMPTY),
        (P, "{%p endif %}"),
    ]


def T(code: str) -> str:
    """The result of the target counting ``code``, when the term has one."""
    return f"{{% if target.{code} %}} ({{{{ target.{code}.result }}}} chỉ tiêu NQĐH){{% endif %}}"


def _outputs(codes: list[str], keep: bool) -> str:
    """The outputs list (lists.outputs, worded from the output units) with or without ``codes``."""
    test = "selectattr" if keep else "rejectattr"
    return f"lists.outputs|{test}('code', 'in', {codes!r})|map(attribute='phrase')|list"


ELSEWHERE = ["opinions", "fertiliser_tonnes", "job_referrals"]  # printed in their own sections
CHART = "chart"
TABLE = "figures table"

# -- the clauses, shared by the kinds --

MEMBER_CLAUSES = [
    "tổng số hội viên {{ members.total }} hội viên",
    "tỷ lệ tập hợp hội viên đạt {{ members.gathering_rate }}",
    "kết nạp mới {{ members.admitted }} hội viên",
    "giảm {{ members.left }} hội viên (chết, chuyển đi, xin ra)",
    "{{ members.core }} hội viên nòng cốt ({{ members.core_share }})",
    "hội viên sinh hoạt thường xuyên {{ members.regular_share }}",
    "hội viên đóng hội phí đạt {{ members.dues_paid_share }}",
    "{{ members.honorary }} hội viên danh dự",
]
LOAN_CLAUSES = [
    "tổng dư nợ vốn vay qua Hội {{ loans.outstanding_vnd }} cho {{ loans.borrowing_households }} hộ vay",
    "giải ngân trong kỳ {{ loans.disbursed_vnd }} cho {{ loans.disbursed_turns }} lượt hộ",
    (
        "raw.loans.overdue_vnd",
        "nợ quá hạn {{ loans.overdue_vnd }}{% if raw.loans.overdue_ratio %}"
        " (tỷ lệ {{ loans.overdue_ratio }}){% endif %}",
    ),
]
SAVINGS_CLAUSES = [
    (
        "raw.loans.groups",
        "duy trì {{ loans.groups }} tổ tiết kiệm và vay vốn{% if raw.savings.households %} với "
        "{{ savings.households }} hộ tiết kiệm{% if raw.savings.monthly_vnd %} "
        "{{ savings.monthly_vnd }}/tháng{% endif %}{% endif %}",
    ),
    "số dư tiết kiệm {{ savings.balance_vnd }}",
]
ROTATING_CLAUSES = [
    (
        "raw.rotating.groups",
        "{{ rotating.groups }} tổ nhóm góp vốn cho vay luân chuyển"
        "{% if raw.rotating.members %} với {{ rotating.members }} thành viên{% endif %}"
        "{% if raw.rotating.lent_vnd %}, cho {{ rotating.borrowers }} chị em vay "
        "{{ rotating.lent_vnd }}{% endif %}",
    ),
    (
        "raw.rotating.fund_vnd",
        "quỹ quay vòng không lãi suất {{ rotating.fund_vnd }}{% if raw.rotating.turns %} cho "
        "{{ rotating.turns }} lượt chị em vay{% endif %}",
    ),
]
TRAINING_CLAUSES = [
    (
        "raw.activities.training_sessions",
        "{{ activities.training_sessions }} buổi chuyển giao khoa học kỹ thuật"
        "{% if raw.activities.training_participants %} cho "
        "{{ activities.training_participants }} lượt cán bộ, hội viên{% endif %}",
    ),
    (
        "raw.activities.job_counselling_sessions",
        "{{ activities.job_counselling_sessions }} buổi tư vấn giới thiệu việc làm"
        "{% if raw.activities.job_counselling_participants %} có "
        "{{ activities.job_counselling_participants }} lượt người tham gia{% endif %}",
    ),
]
ECONOMY_OUTPUTS = _outputs(["fertiliser_tonnes", "job_referrals"], keep=True)
POVERTY = (
    "raw.stats.poverty_rate is number and raw.stats.poverty_rate_start is number",
    # "giảm" only when the records show a fall.
    "{% if raw.stats.poverty_rate < raw.stats.poverty_rate_start %}Các hoạt động của Hội góp "
    "phần giảm tỷ lệ hộ nghèo từ {{ stats.poverty_rate_start }} xuống còn "
    "{{ stats.poverty_rate }}.{% else %}Tỷ lệ hộ nghèo đầu kỳ {{ stats.poverty_rate_start }}, "
    "cuối kỳ {{ stats.poverty_rate }}.{% endif %}",
)


def _gift(cond: str, words: str, value: str) -> tuple[str, str]:
    """A kind of gift counted in its own unit (parcels, kg, houses: never records), with its
    value when recorded."""
    return (cond, f"{words}{{% if raw.{value} %}} trị giá {{{{ {value} }}}}{{% endif %}}")


# Quantities by kind ("45 suất quà" is 45 parcels, however many records hold them).
CHARITY_CLAUSES = [
    _gift(
        "raw.charity.scholarships_count",
        "trao {{ charity.scholarships_count }} suất học bổng",
        "charity.scholarships_value_vnd",
    ),
    _gift(
        "raw.charity.rice_kg or raw.charity.parcels",
        "tặng {% if raw.charity.rice_kg %}{{ charity.rice_kg }} kg gạo"
        "{% if raw.charity.parcels %} và {% endif %}{% endif %}"
        "{% if raw.charity.parcels %}{{ charity.parcels }} suất quà{% endif %}",
        "charity.rice_parcels_value_vnd",
    ),
    ("raw.charity.cash_value_vnd", "hỗ trợ tiền mặt {{ charity.cash_value_vnd }}"),
    _gift(
        "raw.charity.water_tanks",
        "tặng {{ charity.water_tanks }} téc nước",
        "charity.water_tanks_value_vnd",
    ),
    _gift(
        "raw.charity.houses_count",
        "trao {{ charity.houses_count }} mái ấm tình thương",
        "charity.houses_value_vnd",
    ),
    _gift(
        "raw.charity.goods_count",
        "{{ charity.goods_count }} lượt tặng hiện vật khác",
        "charity.goods_value_vnd",
    ),
]
CHARITY_TOTAL = (
    "raw.charity.gifts_value_vnd",
    "Tổng trị giá quà tặng, hỗ trợ {{ charity.gifts_value_vnd }}"
    "{% if raw.charity.beneficiaries_reached or raw.charity.group_gifts_count %}, trao cho "
    "{% if raw.charity.beneficiaries_reached %}{{ charity.beneficiaries_reached }} người (hộ)"
    "{% if raw.charity.group_gifts_count %} và {% endif %}{% endif %}"
    "{% if raw.charity.group_gifts_count %}{{ charity.group_gifts_count }} nhóm người nhận"
    "{% endif %}{% endif %}.",
)
SUPPORT = (
    "raw.charity.support_received_value_vnd",
    "Tiếp nhận hỗ trợ trị giá {{ charity.support_received_value_vnd }}"
    "{% if lists.support_purposes %} cho {{ lists.support_purposes|join(', ') }}{% endif %}.",
)
SPONSOR_CLAUSES = [
    (
        "raw.sponsorship.orphans_surveyed or raw.sponsorship.single_mother_children_surveyed",
        "khảo sát {% if raw.sponsorship.orphans_surveyed %}{{ sponsorship.orphans_surveyed }} trẻ "
        "mồ côi{% if raw.sponsorship.single_mother_children_surveyed %}, {% endif %}{% endif %}"
        "{% if raw.sponsorship.single_mother_children_surveyed %}"
        "{{ sponsorship.single_mother_children_surveyed }} trẻ là con mẹ đơn thân{% endif %}",
    ),
    (
        "raw.sponsorship.children_sponsored",
        "nhận đỡ đầu {{ sponsorship.children_sponsored }} cháu"
        "{% if raw.sponsorship.monthly_vnd %}, mức {{ sponsorship.monthly_vnd }}/tháng{% endif %}"
        "{% if raw.sponsorship.union_funded %}, trong đó tổ chức Hội nhận đỡ đầu "
        "{{ sponsorship.union_funded }} cháu{% endif %}",
    ),
]
INSURANCE_KEPT = [
    "{{ insurance.bhyt_kept }} thẻ BHYT hộ gia đình",
    "{{ insurance.bhxh_kept }} sổ BHXH tự nguyện",
]
INSURANCE_NEW = ["{{ insurance.bhyt_new }} thẻ BHYT", "{{ insurance.bhxh_new }} sổ BHXH tự nguyện"]
INSURANCE_CLAUSES = INSURANCE_KEPT + INSURANCE_NEW
CADRE_CLAUSES = [
    (
        "raw.cadres.trainable",
        "{{ cadres.trained }}/{{ cadres.trainable }} đồng chí Ban Chấp hành và chi hội trưởng, "
        "chi hội phó tham gia học tập chuyên đề",
    ),
    (
        "raw.cadres.bch_total",
        "{{ cadres.bch_grade12 }}/{{ cadres.bch_total }} ủy viên BCH có trình độ văn hoá 12/12",
    ),
    (
        "raw.cadres.bch_total",
        "{{ cadres.bch_theory_basic_plus }}/{{ cadres.bch_total }} ủy viên BCH có trình độ lý "
        "luận chính trị sơ cấp trở lên",
    ),
    (
        "raw.cadres.branch_heads_total",
        "{{ cadres.branch_heads_grade12 }}/{{ cadres.branch_heads_total }} chi hội trưởng có "
        "trình độ văn hoá 12/12",
    ),
]
RATING_CLAUSES = [
    (
        "raw.ratings.branches_total and raw.ratings.branches_excellent",
        "{{ ratings.branches_excellent }}/{{ ratings.branches_total }} chi hội hoàn thành xuất "
        "sắc nhiệm vụ",
    ),
    (
        "raw.ratings.commune_excellent_years",
        "{{ unit.union_short }} hoàn thành xuất sắc nhiệm vụ "
        "{% if raw.ratings.commune_excellent_streak > 1 %}"
        "{{ ratings.commune_excellent_streak }} năm liền"
        "{% else %}{{ ratings.commune_excellent_years }} năm trong kỳ{% endif %}",
    ),
]
REACH_CLAUSES = [
    "{{ activities.reach_branches }} chi hội",
    (
        "raw.activities.reach_cadres_total",
        "{{ activities.reach_cadres }}/{{ activities.reach_cadres_total }} cán bộ",
    ),
    "{{ activities.reach_members }} hội viên",
]
CAMPAIGN = (
    "raw.campaign.branches_active and raw.ratings.branches_total",
    "{{ unit.union_short }} đã chỉ đạo {{ campaign.branches_active }}/{{ ratings.branches_total }} "
    "chi hội triển khai các hoạt động của Cuộc vận động “Xây dựng gia đình 5 có 3 sạch”.",
)
MOVEMENT_OUTPUTS = _outputs(ELSEWHERE, keep=False)
ACTIVITY_CLAUSES = [
    "tổ chức {{ activities.count }} hoạt động",
    "{{ activities.sessions }} buổi",
    "thu hút {{ activities.participants }} lượt cán bộ, hội viên, phụ nữ tham gia",
]
MOVEMENT_CLAUSES = [
    (
        "raw.activities.cleanup_sessions or raw.activities.cleanup_participants",
        "tổ chức ra quân vệ sinh môi trường"
        "{% if raw.activities.cleanup_participants %}, thu hút "
        "{{ activities.cleanup_participants }} lượt hội viên tham gia{% endif %}",
    ),
    "tổ chức {{ activities.population_sessions }} buổi tuyên truyền về dân số, kế hoạch hoá gia đình",
]
MEDIATION_CLAUSES = [
    (
        "raw.mediation.cases",
        "tham gia hoà giải {{ mediation.cases }} vụ việc{% if raw.mediation.resolved %}, hoà "
        "giải thành {{ mediation.resolved }} vụ{% endif %}",
    ),
    (
        "raw.activities.dialogue_count",
        "tổ chức {{ activities.dialogue_count }} hội nghị đối thoại"
        "{% if raw.activities.dialogue_opinions %} với {{ activities.dialogue_opinions }} ý kiến "
        "được giải quyết{% endif %}",
    ),
    (
        "raw.clubs.dance_count",
        "duy trì {{ clubs.dance_count }} CLB dân vũ{% if raw.clubs.dance_members %} với "
        "{{ clubs.dance_members }} thành viên{% endif %}",
    ),
    "tổ chức {{ clubs.exchanges }} lượt giao lưu câu lạc bộ",
]


def _outputs_para(listed: str, lead: str) -> list:
    return [
        (P, f"{{%p if {listed} %}}"),
        (P, f"{lead}{{{{ ({listed})|join('; ') }}}}."),
        (P, "{%p endif %}"),
    ]


def _conds(clauses: list) -> list[str]:
    return [c[0] if isinstance(c, tuple) else _cond(c) for c in clauses]


def members_part() -> list:
    return part(
        _conds(MEMBER_CLAUSES), para("Về tổ chức Hội: ", MEMBER_CLAUSES, sep="; ", last="; ")
    )


def economy_part() -> list:
    return part(
        [
            *_conds(LOAN_CLAUSES + SAVINGS_CLAUSES + ROTATING_CLAUSES + TRAINING_CLAUSES),
            ECONOMY_OUTPUTS,
            POVERTY[0],
        ],
        para("Về vốn vay: ", LOAN_CLAUSES, sep="; ", last="; "),
        para("", SAVINGS_CLAUSES, last=", "),
        para("Về vốn tự có: ", ROTATING_CLAUSES, sep="; ", last="; "),
        para("Phối hợp tổ chức ", TRAINING_CLAUSES, sep="; ", last="; "),
        _outputs_para(ECONOMY_OUTPUTS, "Kết quả hỗ trợ: "),
        when(*POVERTY),
    )


def charity_part() -> list:
    return part(
        [
            *_conds(CHARITY_CLAUSES + INSURANCE_CLAUSES + SPONSOR_CLAUSES),
            CHARITY_TOTAL[0],
            SUPPORT[0],
        ],
        para("Duy trì ", INSURANCE_KEPT),
        para("Trong kỳ tăng mới ", INSURANCE_NEW),
        para("Công tác nhân đạo, từ thiện: ", CHARITY_CLAUSES, sep="; ", last="; "),
        when(*CHARITY_TOTAL),
        para("Chương trình “Mẹ đỡ đầu”: ", SPONSOR_CLAUSES, sep="; ", last="; "),
        when(*SUPPORT),
    )


def movements_part() -> list:
    return part(
        [
            *_conds(ACTIVITY_CLAUSES + REACH_CLAUSES + MOVEMENT_CLAUSES + MEDIATION_CLAUSES),
            CAMPAIGN[0],
            "raw.campaign.households_all_criteria",
            MOVEMENT_OUTPUTS,
        ],
        para("Trong kỳ ", ACTIVITY_CLAUSES),
        para("Các phong trào, cuộc vận động thu hút ", REACH_CLAUSES, end=" tham gia."),
        when(*CAMPAIGN),
        when(
            "raw.campaign.households_all_criteria",
            "Có {{ campaign.households_all_criteria }} hộ gia đình đạt đủ 8 tiêu chí của Cuộc vận "
            "động “Xây dựng gia đình 5 có 3 sạch”.",
        ),
        para("Hội ", MOVEMENT_CLAUSES, sep="; ", last="; "),
        _outputs_para(MOVEMENT_OUTPUTS, "Kết quả cụ thể của các hoạt động: "),
        para("Về hoà giải, đối thoại, câu lạc bộ: ", MEDIATION_CLAUSES, sep="; ", last="; "),
    )


def cadres_part() -> list:
    return part(
        [*_conds(CADRE_CLAUSES + RATING_CLAUSES), "raw.party.referrals"],
        para("Về cán bộ: ", CADRE_CLAUSES, sep="; ", last="; "),
        when(
            "raw.party.referrals",
            "Hội đã giới thiệu với Đảng {{ party.referrals }} hội viên ưu tú để xem xét kết nạp.",
        ),
        para("Về xếp loại: ", RATING_CLAUSES, sep="; ", last="; "),
    )


ROMANS = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _roman(n: int) -> str:
    return ROMANS[n]


def written(*keys: str) -> str:
    """The condition "one of these narrative sections holds text"."""
    return " or ".join(f"narrative.{key}" for key in keys)


def opt(cond: str, heading: tuple, *items) -> list:
    """A heading and what it holds, printed only when ``cond`` holds (an empty narrative section
    prints no heading alone); the headings after it are numbered as if it were not there."""
    return [(P, f"{{%p if {cond} %}}"), (*heading, cond), *items, (P, "{%p endif %}")]


def section(heading: tuple, key: str) -> list:
    """A heading over one narrative section only: left out with the section when it is empty."""
    return opt(written(key), heading, (N, key))


_NUMBERED = {1: re.compile(r"([IVX]+)\. "), 2: re.compile(r"([0-9]+)\. ")}


def numbered(body: list) -> list:
    """The body with every heading numbered after the headings printed before it: a heading that
    follows one printed only under a condition gets its number from those conditions
    (``{{ ('', 'I', 'II', …)[1 + (1 if … else 0)] }}``), the others keep their written number.
    Part titles ("Phần thứ hai") start the Roman numbers again; a level-1 heading the Arabic."""
    out: list = []
    before: dict[int, list[str | None]] = {1: [], 2: []}  # the conditions of earlier siblings
    for item in body:
        what, text = item[0], item[1]
        cond = item[2] if len(item) > 2 else None
        if what == C:
            before = {1: [], 2: []}
        elif what == H:
            level = 2 if re.match(r"[0-9]+\.", text) else 1
            match = _NUMBERED.get(level, re.compile("$^")).match(text)
            if level == 1:
                before[2] = []
            if match:
                fixed = 1 + sum(1 for c in before[level] if c is None)
                written_number = match.group(1)
                nth = len(before[level]) + 1
                assert written_number == (_roman(nth) if level == 1 else str(nth)), text
                optional = [c for c in before[level] if c is not None]
                if optional:
                    index = " + ".join([str(fixed), *(f"(1 if ({c}) else 0)" for c in optional)])
                    number = (
                        f"{{{{ {ROMANS!r}[{index}] }}}}" if level == 1 else f"{{{{ {index} }}}}"
                    )
                    text = number + text[len(written_number) :]
                before[level].append(cond)
        out.append((what, text))
    return out


HEADINGS = {
    "tinh_hinh": "TÌNH HÌNH TƯ TƯỞNG CÁN BỘ, HỘI VIÊN, PHỤ NỮ",
    "ket_qua_khac": "Các kết quả khác",
    "danh_gia_chung": "ĐÁNH GIÁ CHUNG",
    "ton_tai": "TỒN TẠI, HẠN CHẾ",
    "phuong_huong": "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
    "kien_nghi": "ĐỀ XUẤT, KIẾN NGHỊ",
}


def short_body(kind: str) -> list:
    """Monthly, quarterly, half-year: the situation, results by area, then the kind's own
    narrative parts, numbered in order."""
    keys = BY_KIND_KEYS[kind]
    body: list = section((H, f"I. {HEADINGS['tinh_hinh']}"), "tinh_hinh")
    body += [
        (H, "II. KẾT QUẢ HOẠT ĐỘNG"),
        (H, "1. Công tác tuyên truyền, giáo dục; phong trào thi đua, cuộc vận động"),
        *movements_part(),
        (H, "2. Hỗ trợ phụ nữ phát triển kinh tế"),
        *economy_part(),
        (H, "3. Công tác an sinh xã hội, nhân đạo, từ thiện"),
        *charity_part(),
        (H, "4. Xây dựng tổ chức Hội"),
        *members_part(),
        *cadres_part(),
        *section((H, "5. Các kết quả khác"), "ket_qua_khac"),
    ]
    number = 3
    for key in keys:
        if key in ("tinh_hinh", "ket_qua_khac"):
            continue
        body += section((H, f"{_roman(number)}. {HEADINGS[key]}"), key)
        number += 1
    return numbered(body)


BY_KIND_KEYS = {kind.value: keys for kind, keys in BY_KIND.items()}

ANNUAL_BODY = [
    *section((H, f"I. {HEADINGS['tinh_hinh']}"), "tinh_hinh"),
    (H, "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CÔNG TÁC HỘI NĂM {{ period.end_year }}"),
    (H, "1. Công tác xây dựng tổ chức Hội, phát triển hội viên"),
    *members_part(),
    (H, "2. Các phong trào thi đua, cuộc vận động"),
    *movements_part(),
    (H, "3. Hỗ trợ phụ nữ phát triển kinh tế: vốn vay, tiết kiệm"),
    *economy_part(),
    (H, "4. Công tác an sinh xã hội, nhân đạo, từ thiện"),
    *charity_part(),
    (H, "5. Công tác cán bộ"),
    *cadres_part(),
    *section((H, "6. Các kết quả khác"), "ket_qua_khac"),
    (H, "7. Kết quả thực hiện chỉ tiêu năm {{ period.end_year }}"),
    (P, "{%p if year_targets %}"),
    (P, "Qua đánh giá có {{ year_targets_summary }}"),
    (P, "{%p for t in year_targets %}"),
    (B, "{{ t.short_name }}: {{ t.value }} / {{ t.goal }} — {{ t.result }}"),
    (P, "{%p endfor %}"),
    (P, "{%p else %}"),
    (P, "Năm {{ period.end_year }} chưa có chỉ tiêu kế hoạch được ghi nhận."),
    (P, "{%p endif %}"),
    *opt(
        written("uu_diem", "ton_tai", "nguyen_nhan", "bai_hoc"),
        (H, "III. ĐÁNH GIÁ CHUNG"),
        *section((H, "1. Ưu điểm"), "uu_diem"),
        *section((H, "2. Tồn tại, hạn chế"), "ton_tai"),
        *section((H, "3. Nguyên nhân"), "nguyen_nhan"),
        *section((H, "4. Bài học kinh nghiệm"), "bai_hoc"),
    ),
    *opt(
        f"{written('phuong_huong')} or next_year_targets",
        (H, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ period.end_year + 1 }}"),
        (N, "phuong_huong"),
        (P, "{%p if next_year_targets %}"),
        (P, "Chỉ tiêu năm {{ period.end_year + 1 }}:"),
        (P, "{%p for t in next_year_targets %}"),
        (B, "{{ t.short_name }}: {{ t.goal }}"),
        (P, "{%p endfor %}"),
        (P, "{%p endif %}"),
    ),
    *section((H, "V. ĐỀ XUẤT, KIẾN NGHỊ"), "kien_nghi"),
    (H, "BIỂU SỐ LIỆU NĂM {{ period.end_year }}"),
    (
        TABLE,
        [
            ("Tổng số hội viên", "members.total"),
            ("Tỷ lệ tập hợp hội viên", "members.gathering_rate"),
            ("Kết nạp hội viên mới", "members.admitted"),
            ("Hội viên giảm", "members.left"),
            ("Số hoạt động", "activities.count"),
            ("Lượt người tham gia hoạt động", "activities.participants"),
            ("Tổng dư nợ vốn vay", "loans.outstanding_vnd"),
            ("Số hộ còn dư nợ", "loans.borrowing_households"),
            ("Giải ngân trong năm", "loans.disbursed_vnd"),
            ("Nợ quá hạn", "loans.overdue_vnd"),
            ("Số dư tiết kiệm", "savings.balance_vnd"),
            ("Trị giá quà tặng, hỗ trợ", "charity.gifts_value_vnd"),
            ("Số suất quà", "charity.parcels"),
            ("Thẻ BHYT hộ gia đình tăng mới", "insurance.bhyt_new"),
            ("Sổ BHXH tự nguyện tăng mới", "insurance.bhxh_new"),
            ("Số vụ hoà giải", "mediation.cases"),
            ("Hội viên giới thiệu kết nạp Đảng", "party.referrals"),
        ],
    ),
]


def term_body(whole: bool) -> list:
    """Mid-term (``whole`` False: the half gone and the half left) or end-of-term report."""
    half = "" if whole else "NỬA "
    span = "Nhiệm kỳ" if whole else "Nửa nhiệm kỳ"
    # Part two (directions) holds only what staff write: without it, no "Phần thứ nhất" either.
    part_two = (
        written("de_xuat_chi_tieu", "phuong_huong", "kien_nghi") + " or term.next_targets"
        if whole
        else written("phuong_huong")
    )
    body: list = [
        *opt(part_two, (C, "Phần thứ nhất")),
        (
            H,
            # The term's years from the Term record; without one no years are guessed.
            f"KẾT QUẢ ĐẠT ĐƯỢC TRONG {half}NHIỆM KỲ{{% if term.years %}} ({{{{ term.years }}}})"
            "{% endif %}",
        ),
    ]
    if whole:
        body += [
            (P, "{%p if term.found %}"),
            (P, "Báo cáo tổng kết việc thực hiện Nghị quyết {{ term.congress }}."),
            (P, "{%p endif %}"),
        ]
    body += [
        *section((H, "I. TÌNH HÌNH CHUNG"), "tinh_hinh"),
        (H, "II. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA, CUỘC VẬN ĐỘNG"),
        *part(
            [
                *_conds(REACH_CLAUSES + MOVEMENT_CLAUSES),
                CAMPAIGN[0],
                "raw.campaign.households_all_criteria",
                MOVEMENT_OUTPUTS,
            ],
            para("Các phong trào, cuộc vận động thu hút ", REACH_CLAUSES, end=" tham gia."),
            when(*CAMPAIGN),
            when(
                "raw.campaign.households_all_criteria",
                f"{span} qua hội đã giúp đỡ có {{{{ campaign.households_all_criteria }}}} hộ gia đình đạt đủ 8 "
                "tiêu chí của Cuộc vận động “Xây dựng gia đình 5 có 3 sạch”."
                + T("campaign.households_all_criteria"),
            ),
            para("Hội ", MOVEMENT_CLAUSES, sep="; ", last="; "),
            _outputs_para(MOVEMENT_OUTPUTS, "Kết quả cụ thể của các hoạt động: "),
        ),
        (H, "III. KẾT QUẢ THỰC HIỆN 3 NHIỆM VỤ TRỌNG TÂM, 2 KHÂU ĐỘT PHÁ"),
        (H, "1. Khâu đột phá: nâng cao chất lượng đội ngũ cán bộ Hội"),
        *part(_conds(CADRE_CLAUSES), para("", CADRE_CLAUSES, sep="; ", last="; ")),
        (H, "2. Đề án 939: hỗ trợ phụ nữ khởi nghiệp, nâng cao quyền năng kinh tế"),
        *part(
            [
                *_conds(LOAN_CLAUSES + SAVINGS_CLAUSES + ROTATING_CLAUSES + TRAINING_CLAUSES),
                ECONOMY_OUTPUTS,
                POVERTY[0],
                "raw.loans.overdue_settled_vnd",
            ],
            when(
                "raw.loans.outstanding_vnd",
                "Tiếp tục quản lý và khai thác các nguồn vốn ủy thác"
                "{% if raw.loans.outstanding_vnd.agribank %}, Ngân hàng Nông nghiệp "
                "({{ loans.outstanding_vnd.agribank }}){% endif %}"
                "{% if raw.loans.outstanding_vnd.nhcsxh %}, Ngân hàng CSXH "
                "({{ loans.outstanding_vnd.nhcsxh }}){% endif %}; tổng dư nợ đến nay là "
                "{{ loans.outstanding_vnd }}{% if raw.loans.borrowing_households %} cho "
                "{{ loans.borrowing_households }} gia đình vay{% endif %}"
                "{% if raw.loans.disbursed_vnd %} ("
                + span.lower()
                + " bổ sung mới là {{ loans.disbursed_vnd }}/{{ loans.disbursed_turns }} lượt hộ "
                "vay){% endif %}.",
            ),
            when(
                "raw.loans.overdue_vnd or raw.loans.overdue_settled_vnd",
                "{% if raw.loans.overdue_vnd %}Nợ quá hạn {{ loans.overdue_vnd }}"
                "{% if raw.loans.overdue_ratio %} (tỷ lệ {{ loans.overdue_ratio }}){% endif %}"
                "{% if raw.loans.overdue_settled_vnd %}; đã thu hồi dứt điểm "
                "{{ loans.overdue_settled_vnd }} nợ quá hạn{% endif %}"
                "{% else %}Đã thu hồi dứt điểm {{ loans.overdue_settled_vnd }} nợ quá hạn"
                "{% endif %}.",
            ),
            chart("loans_by_bank"),
            para("", SAVINGS_CLAUSES, last=", "),
            para("Thành lập ", ROTATING_CLAUSES, sep="; ", last="; "),
            para("Phối hợp tổ chức ", TRAINING_CLAUSES, sep="; ", last="; "),
            _outputs_para(ECONOMY_OUTPUTS, "Kết quả hỗ trợ: "),
            when(*POVERTY),
        ),
        (H, "3. Nhiệm vụ trọng tâm: tuyên truyền, giáo dục; chăm lo phụ nữ"),
        *part(
            [
                *_conds(INSURANCE_CLAUSES + MEDIATION_CLAUSES + CHARITY_CLAUSES + SPONSOR_CLAUSES),
                "raw.activities.insurance_conferences",
                CHARITY_TOTAL[0],
                SUPPORT[0],
            ],
            when(
                "raw.activities.insurance_conferences",
                "Phối hợp tổ chức {{ activities.insurance_conferences }} hội nghị tuyên truyền về "
                "chính sách BHYT hộ gia đình, BHXH tự nguyện.",
            ),
            para("Duy trì ", INSURANCE_KEPT),
            para(f"{span} tăng mới ", INSURANCE_NEW, end="." + T("insurance.bhyt_new")),
            para("", MEDIATION_CLAUSES, sep="; ", last="; ", end="." + T("clubs.dance_count")),
            para(
                "Công tác nhân đạo từ thiện: ",
                CHARITY_CLAUSES,
                sep="; ",
                last="; ",
                end="." + T("charity.houses_count"),
            ),
            when(*CHARITY_TOTAL),
            para("Chương trình “Mẹ đỡ đầu”: ", SPONSOR_CLAUSES, sep="; ", last="; "),
            when(*SUPPORT),
        ),
        (H, "4. Nhiệm vụ trọng tâm: xây dựng tổ chức Hội vững mạnh"),
        *part(
            [*_conds(MEMBER_CLAUSES + RATING_CLAUSES), "raw.party.referrals"],
            when(
                "raw.members.total",
                span + " Hội kết nạp mới được {{ members.admitted }} hội viên mới; hội viên chết, "
                "chuyển đi nơi khác là {{ members.left }} hội viên. Đến nay tổng số hội viên phụ "
                "nữ trong toàn {{ unit.level_word_lower }} là {{ members.total }} hội viên"
                "{% if raw.members.gathering_rate %}, tỷ lệ tập hợp hội viên đạt "
                "{{ members.gathering_rate }}{% endif %}; {{ members.core }}/{{ members.total }} = "
                "{{ members.core_share }} hội viên nòng cốt"
                "{% if raw.members.regular_share %}, hội viên tham gia sinh hoạt thường xuyên "
                "{{ members.regular_share }}{% endif %}"
                "{% if raw.members.dues_paid_share %}, hội viên đóng hội phí đạt "
                "{{ members.dues_paid_share }}{% endif %}." + T("members.total"),
            ),
            chart("members_by_branch"),
            when(
                "raw.members.honorary",
                "Vận động và ra quyết định công nhận {{ members.honorary }} hội viên danh dự.",
            ),
            when(
                "raw.party.referrals",
                "Hội Phụ nữ đã giới thiệu với Đảng {{ party.referrals }} hội viên ưu tú để xem "
                "xét kết nạp." + T("party.referrals"),
            ),
            para(
                "",
                RATING_CLAUSES,
                sep="; ",
                last="; ",
                end="." + T("ratings.branches_excellent_ratio"),
            ),
        ),
    ]
    if whole:
        body += [
            (H, "IV. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI"),
            (P, "{%p if lists.targets %}"),
            (P, "{%p for t in lists.targets %}"),
            (
                B,
                "{{ t.label }}: chỉ tiêu {{ t.goal }}; kết quả cuối nhiệm kỳ {{ t.value }} — "
                "{{ t.result }}.",
            ),
            (P, "{%p endfor %}"),
            (P, "Qua đánh giá có {{ targets_summary }}"),
            (P, "{%p else %}"),
            (P, "Nhiệm kỳ chưa có chỉ tiêu Nghị quyết được ghi nhận."),
            (P, "{%p endif %}"),
            *chart("targets"),
            *opt(
                written("danh_gia_chung", "ton_tai", "nguyen_nhan", "bai_hoc"),
                (H, "V. ĐÁNH GIÁ CHUNG"),
                (N, "danh_gia_chung"),
                *section((H, "1. Tồn tại, hạn chế"), "ton_tai"),
                *section((H, "2. Nguyên nhân"), "nguyen_nhan"),
                *section((H, "3. Bài học kinh nghiệm"), "bai_hoc"),
            ),
            *opt(
                part_two,
                (C, "Phần thứ hai"),
                (C, "PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ TỚI"),
                *opt(
                    f"{written('de_xuat_chi_tieu')} or term.next_targets",
                    (H, "I. ĐỀ XUẤT CHỈ TIÊU NHIỆM KỲ TỚI"),
                    (N, "de_xuat_chi_tieu"),
                    # The next Term's targets where they are already recorded.
                    (P, "{%p if term.next_targets %}"),
                    (P, "Các chỉ tiêu nhiệm kỳ {{ term.next_years }}:"),
                    (P, "{%p for t in term.next_targets %}"),
                    (B, "{{ t.label }}: {{ t.goal }}."),
                    (P, "{%p endfor %}"),
                    (P, "{%p endif %}"),
                ),
                *section((H, "II. PHƯƠNG HƯỚNG, NHIỆM VỤ"), "phuong_huong"),
                *section((H, "III. ĐỀ XUẤT, KIẾN NGHỊ"), "kien_nghi"),
            ),
        ]
    else:
        body += [
            *opt(
                written("danh_gia_chung", "ton_tai", "nguyen_nhan")
                + " or targets_summary or charts.targets",
                (H, "IV. ĐÁNH GIÁ CHUNG"),
                (N, "danh_gia_chung"),
                (P, "{%p if targets_summary %}"),
                (P, "Qua đánh giá có {{ targets_summary }}"),
                (P, "{%p for t in lists.targets %}"),
                (B, "{{ t.short_name }}: {{ t.value }} / {{ t.goal }} — {{ t.result }}"),
                (P, "{%p endfor %}"),
                (P, "{%p endif %}"),
                *chart("targets"),
                *section((H, "1. Tồn tại, hạn chế"), "ton_tai"),
                *section((H, "2. Nguyên nhân"), "nguyen_nhan"),
            ),
            *opt(
                part_two,
                (C, "Phần thứ hai"),
                (C, "PHƯƠNG HƯỚNG, NHIỆM VỤ NỬA NHIỆM KỲ CÒN LẠI"),
                (N, "phuong_huong"),
            ),
        ]
    return numbered(body)


BODIES = {
    "monthly": short_body("monthly"),
    "quarterly": short_body("quarterly"),
    "half-year": short_body("half-year"),
    "annual": numbered(ANNUAL_BODY),
    "mid-term": term_body(whole=False),
    "end-term": term_body(whole=True),
}


def narrative_keys(kind: str) -> list[str]:
    """The narrative sections the kind's body prints, in order."""
    return [text for what, text in BODIES[kind] if what == N]


for _kind, _body in BODIES.items():
    # One source of truth: the editor offers exactly what the template prints, in order.
    assert narrative_keys(_kind) == list(BY_KIND_KEYS[_kind]), (_kind, narrative_keys(_kind))

# ---- layout ----------------------------------------------------------------------------------


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _line(
    cell_or_doc,
    text: str,
    bold=False,
    italic=False,
    size=13,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    underline=False,
):
    # A table cell starts with one empty paragraph: its first line goes there, so the header
    # does not begin with a blank line that pushes page 1 down.
    first = getattr(cell_or_doc, "paragraphs", None)
    if hasattr(cell_or_doc, "vertical_alignment") and len(first) == 1 and not first[0].text:
        par = first[0]
    else:
        par = cell_or_doc.add_paragraph()
    par.alignment = align
    par.paragraph_format.space_after = Pt(0)
    par.paragraph_format.first_line_indent = Mm(0)
    run = par.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    return par


def _rule(cell, width_mm: float, cell_mm: float) -> None:
    """A short centred line drawn under the line above (Nghị định 30's form: a rule under the
    issuing body, one under the motto): the bottom border of an empty paragraph indented to
    ``width_mm``, never a row of "***" nor an underline through the diacritics."""
    par = _line(cell, "", size=2)
    fmt = par.paragraph_format
    side = Mm(max((cell_mm - width_mm) / 2 - 2, 0))  # less the cell's own margins
    fmt.left_indent = fmt.right_indent = side
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(4)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(name), value)
    borders.append(bottom)
    par._p.get_or_add_pPr().append(borders)


def _page_numbers(doc) -> None:
    """Arabic page numbers centred in the top margin from page 2 (Nghị định 30): the first
    page has its own, empty header."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    par = section.header.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    par.paragraph_format.first_line_indent = Mm(0)
    run = par.add_run()
    run.font.size = Pt(14)
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "end")):
        el = OxmlElement(tag)
        if attr:
            el.set(qn("w:fldCharType"), attr)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        run._r.append(el)


def _heading_styles(doc) -> None:
    """Word's Heading 1-3 styles in the document's own font, black, 14 pt: the headings use
    them so Word's navigation pane (and LibreOffice's navigator) lists the report's parts."""
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        style.font.name = "Times New Roman"
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), "Times New Roman")
        style.font.size = Pt(14)
        style.font.bold = True
        style.font.italic = level == 3
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(6), Pt(6)
        fmt.first_line_indent = Mm(10)
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.keep_with_next = True


def _heading_level(text: str) -> int:
    """1 for "I. …" and part titles, 2 for "1. …", 3 for "a) …"; a number computed in the
    template (see ``numbered``) is Roman when it picks from the tuple of Roman numerals."""
    computed = re.match(r"\{\{ (.+?) \}\}\. ", text)
    if computed:
        return 1 if computed.group(1).startswith("(") else 2
    if re.match(r"[0-9]+\.", text):
        return 2
    if re.match(r"[a-zđ]\)", text):
        return 3
    return 1


def _cant_split(table) -> None:
    """The table's rows never break across a page (the closing block stays whole)."""
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))


def _figures_table(doc, rows: list[tuple[str, str]]) -> None:
    """The figures table of the annual report: one row per indicator, "—" where the records
    give no value."""
    table = doc.add_table(rows=1 + len(rows), cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("TT", "Nội dung", "Kết quả"), strict=True):
        cell.paragraphs[0].text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for n, (label, code) in enumerate(rows, start=1):
        cells = table.rows[n].cells
        for cell, text in zip(
            cells, (str(n), label, f"{{{{ ind['{code}'] or '—' }}}}"), strict=True
        ):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].paragraph_format.first_line_indent = Mm(0)


def build(kind: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.first_line_indent = Mm(10)
    for name in ("List Bullet", "List Number"):
        doc.styles[name].font.name = "Times New Roman"
        doc.styles[name].font.size = Pt(14)
    _heading_styles(doc)
    _page_numbers(doc)

    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    head.autofit = False
    _no_borders(head)
    left, right = head.rows[0].cells
    for column, width in zip(head.columns, (Mm(62), Mm(103)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    # The governing body above the issuing union (Nghị định 30: "tên cơ quan chủ quản"), left
    # out, line and all, for a unit with no union recorded above it.
    _line(left, "{%p if issuing.parent_union_upper %}", size=12)
    _line(left, "{{ issuing.parent_union_upper }}", size=12)
    _line(left, "{%p endif %}", size=12)
    _line(left, "{{ unit.union_name_upper }}", bold=True, size=12)
    _rule(left, 20, 62)
    _line(left, "Số: {{ doc.number_symbol }}")
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True)
    _rule(right, 62, 103)
    _line(right, "{{ doc.place_date }}", italic=True, size=14)

    _line(doc, "")
    _line(doc, "BÁO CÁO", bold=True, size=14)
    _line(doc, "{{ doc.title }}", bold=True, size=14)
    _line(doc, "({{ period.label }})", italic=True, size=14)
    _line(doc, "")

    for what, text in BODIES[kind]:
        if what == C:
            par = doc.add_paragraph(text, style="Heading 1")
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            par.paragraph_format.first_line_indent = Mm(0)
        elif what == H:
            doc.add_paragraph(text, style=f"Heading {_heading_level(text)}")
        elif what == N:
            doc.add_paragraph("{{p narrative." + text + " }}")
        elif what == B:
            doc.add_paragraph(text, style="List Bullet")
        elif what == CHART:
            par = doc.add_paragraph("{{ charts." + text + " }}")
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            par.paragraph_format.first_line_indent = Mm(0)
        elif what == TABLE:
            _figures_table(doc, text)
        else:
            doc.add_paragraph(text)

    foot = doc.add_table(rows=1, cols=2)
    _no_borders(foot)
    _cant_split(foot)
    left, right = foot.rows[0].cells
    par = _line(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(
        left,
        "{% for r in doc.recipients %}- {{ r }}{% if not loop.last %}\n{% endif %}{% endfor %}",
        size=11,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    _line(right, "{{ doc.signatory_title }}", bold=True)
    _line(right, "{{ doc.signatory_position }}", bold=True)
    for _ in range(3):
        _line(right, "")
    _line(right, "{{ doc.signatory_name }}", bold=True, size=14)
    doc.core_properties.title = "{{ doc.title }}"
    doc.core_properties.author = "{{ unit.union_name_upper }}"
    return doc


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for kind in BODIES:
        path = OUT / f"{kind}.docx"
        build(kind).save(path)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
