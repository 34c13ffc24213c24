"""Acceptance: the seed report, regenerated from the demo records.

Every figure DESIGN.md lists under "Figures of the seed report" must be in the mid-term report
for Đức Xương, 2021-01-01 … 2023-10-20, in Vietnamese formatting and in the right section.
"""

from __future__ import annotations

import re

import pytest

from tests.reports.docx_helpers import docx_text

# The headings without their Roman numbers: rendered without narrative, the report leaves out
# the empty "I. TÌNH HÌNH CHUNG" and "Phần thứ hai", and numbers the rest after them.
SECTIONS = {
    "movements": (". KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO", ". KẾT QUẢ THỰC HIỆN 3 NHIỆM VỤ"),
    "cadres": ("1. Khâu đột phá", "2. Đề án 939"),
    "economy": ("2. Đề án 939", "3. Nhiệm vụ trọng tâm: tuyên truyền"),
    "care": ("3. Nhiệm vụ trọng tâm: tuyên truyền", "4. Nhiệm vụ trọng tâm: xây dựng tổ chức"),
    "union": ("4. Nhiệm vụ trọng tâm: xây dựng tổ chức", "III. ĐÁNH GIÁ CHUNG"),
    "assessment": ("III. ĐÁNH GIÁ CHUNG", "Nơi nhận:"),
}

FIGURES = {
    "union": [
        "tổng số hội viên phụ nữ trong toàn xã là 1.412 hội viên",
        "tỷ lệ tập hợp hội viên đạt 92,6%",
        "335/1.412 = 23,7% hội viên nòng cốt",
        "sinh hoạt thường xuyên 85%",
        "đóng hội phí đạt 100%",
        "kết nạp mới được 37 hội viên mới",
        "chuyển đi nơi khác là 25 hội viên",
        "(Vượt 102,5% chỉ tiêu NQĐH)",
        "công nhận 12 hội viên danh dự",
        "giới thiệu với Đảng 1 hội viên ưu tú để xem xét kết nạp. (Đạt 20% chỉ tiêu NQĐH)",
        "4/4 chi hội hoàn thành xuất sắc nhiệm vụ",
        "hoàn thành xuất sắc nhiệm vụ 2 năm liền",
    ],
    "cadres": [
        "15/15 đồng chí Ban Chấp hành và chi hội trưởng, chi hội phó tham gia học tập chuyên đề",
        "7/10 ủy viên BCH có trình độ văn hoá 12/12",
        "5/10 ủy viên BCH có trình độ lý luận chính trị sơ cấp trở lên",
        "2/4 chi hội trưởng có trình độ văn hoá 12/12",
    ],
    "movements": [
        "thu hút 100% chi hội, 15/15 cán bộ và 85% hội viên",
        "16 hộ gia đình đạt đủ 8 tiêu chí",
        # the output units' own names (the acacia of the seed is "Cây xanh trồng mới")
        "300 cây xanh trồng mới; 320 bếp đun củi cải tiến; 1.400 bóng đèn LED",
        "đã chỉ đạo 4/4 chi hội triển khai",  # branches that held an activity of the campaign
        "12 buổi tuyên truyền về dân số",
    ],
    "economy": [
        "tổng dư nợ đến nay là 36,8 tỷ đồng cho 356 gia đình vay",
        "bổ sung mới là 6,6 tỷ đồng/134 lượt hộ vay",
        "đã thu hồi dứt điểm 11.000.000 đồng nợ quá hạn",
        "18 tổ nhóm góp vốn cho vay luân chuyển với 76 thành viên, cho 76 chị em vay 890.000.000 đồng",
        "4 tổ tiết kiệm và vay vốn với 177 hộ tiết kiệm 100.000 đồng/tháng, số dư tiết kiệm 320.000.000 đồng",
        "cho 20 lượt chị em vay",
        "6 buổi chuyển giao khoa học kỹ thuật cho 340 lượt cán bộ, hội viên",
        "4 buổi tư vấn giới thiệu việc làm",
        "8 tấn phân bón cung ứng",
        "giảm tỷ lệ hộ nghèo từ 3,9% xuống còn 1,28%",
    ],
    "care": [
        "2 hội nghị tuyên truyền về chính sách BHYT",
        "Duy trì 512 thẻ BHYT hộ gia đình và 42 sổ BHXH tự nguyện",
        "tăng mới 130 thẻ BHYT và 12 sổ BHXH tự nguyện. (Đạt 40% chỉ tiêu NQĐH)",
        "hoà giải 16 vụ việc",
        "13 ý kiến được giải quyết",
        "4 CLB dân vũ với 207 thành viên; tổ chức 9 lượt giao lưu",
        "trao 6 suất học bổng trị giá 4.000.000 đồng",
        "tặng 240 kg gạo và 45 suất quà trị giá 14.800.000 đồng",
        "tặng 2 téc nước trị giá 4.000.000 đồng",
        "trao 1 mái ấm tình thương trị giá 40.000.000 đồng",
        "khảo sát 25 trẻ mồ côi, 9 trẻ là con mẹ đơn thân; nhận đỡ đầu 6 cháu, mức 500.000 đồng/tháng",
        "Tiếp nhận hỗ trợ trị giá 3.500.000 đồng cho sân nhà văn hoá thôn An Cư 2, nghĩa trang",
    ],
    "assessment": [
        "6/8 chỉ tiêu đạt và vượt; 2 chỉ tiêu chưa đạt: Phát triển đối tượng tham gia BHYT, BHXH; "
        "Kết nạp đảng viên nữ ở chi bộ nông thôn",
    ],
}


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory, settings, schema) -> str:
    """The demo data set and its mid-term report, rendered once for this module."""
    from tests.conftest import _empty_tables
    from webapp import create_app
    from webapp.config import Config
    from webapp.extensions import db

    app = create_app(Config(settings))
    out = tmp_path_factory.mktemp("acceptance") / "giua-nhiem-ky.docx"
    with app.app_context():
        _empty_tables()
        runner = app.test_cli_runner()
        assert runner.invoke(args=["seed-demo"]).exit_code == 0
        result = runner.invoke(
            args=[
                "report",
                "render",
                "--unit",
                "Đức Xương",
                "--kind",
                "mid-term",
                "--from",
                "2021-01-01",
                "--to",
                "2023-10-20",
                "--out",
                str(out),
            ]
        )
        assert result.exit_code == 0, result.output
        _empty_tables()
        db.engine.dispose()
    return docx_text(out.read_bytes())


def _section(text: str, name: str) -> str:
    start, end = SECTIONS[name]
    return text[text.index(start) : text.index(end, text.index(start))]


@pytest.mark.parametrize("section", sorted(FIGURES))
def test_every_seed_figure_is_printed_in_its_section(seed_report, section):
    body = _section(seed_report, section)
    missing = [figure for figure in FIGURES[section] if figure not in body]
    assert not missing, missing


def test_the_document_is_complete(seed_report):
    assert "…" not in seed_report  # no figure left blank
    assert "HỘI LHPN HUYỆN ĐỨC THỌ" in seed_report and "HỘI LHPN XÃ ĐỨC XƯƠNG" in seed_report
    assert "Đức Xương, ngày 20 tháng 10 năm 2023" in seed_report
    assert re.search(r"TM\. BAN THƯỜNG VỤ\s+CHỦ TỊCH\s+(?:\n)*Nguyễn Thị Huế", seed_report)
