"""The activity kinds, tags and output units every install starts with.

Indicators name them by ``code`` (e.g. ``activities.training_sessions`` counts the kind
"training"), so these entries are built in: admins may rename or retire them, and add their own,
but cannot delete them. Migration 0003 inserts them; ``ensure_defaults`` re-adds any missing.
"""

from __future__ import annotations

KINDS: tuple[tuple[str, str], ...] = (
    ("propaganda", "Tuyên truyền, truyền thông"),
    ("topic_study", "Học tập chuyên đề"),
    ("training", "Tập huấn, chuyển giao KHKT"),
    ("job_counselling", "Tư vấn, giới thiệu việc làm"),
    ("conference", "Hội nghị"),
    ("dialogue", "Đối thoại với lãnh đạo"),
    ("contest", "Hội thi, cuộc thi"),
    ("club_exchange", "Giao lưu câu lạc bộ"),
    ("cleanup", "Vệ sinh môi trường"),
    ("distribution", "Cấp phát, trao tặng"),
    ("visit", "Thăm hỏi"),
    ("other", "Khác"),
)

# (code, name, group) — groups: see webapp.models.activities.TagGroup
TAGS: tuple[tuple[str, str, str], ...] = (
    ("movement", "Phong trào thi đua xây dựng người phụ nữ tự tin, nhân ái", "movement"),
    ("campaign_5c3s", "Cuộc vận động xây dựng gia đình 5 có 3 sạch", "campaign"),
    ("programme_938", "Đề án 938", "programme"),
    ("programme_939", "Đề án 939 – hỗ trợ phụ nữ khởi nghiệp", "programme"),
    ("task_1", "Nhiệm vụ 1: Hỗ trợ phụ nữ phát triển, vun đắp gia đình", "task"),
    ("task_2", "Nhiệm vụ 2: Tham gia xây dựng Đảng, giám sát, phản biện", "task"),
    ("task_3", "Nhiệm vụ 3: Xây dựng tổ chức Hội vững mạnh", "task"),
    ("breakthrough_it", "Khâu đột phá 1: Đổi mới phương thức, ứng dụng CNTT", "breakthrough"),
    ("breakthrough_base", "Khâu đột phá 2: Xây dựng cơ sở Hội vững mạnh", "breakthrough"),
    ("population", "Dân số – kế hoạch hoá gia đình", "topic"),
    ("insurance", "BHYT hộ gia đình, BHXH tự nguyện", "topic"),
    ("food_safety", "An toàn thực phẩm", "topic"),
)

# (code, name, measure)
OUTPUT_UNITS: tuple[tuple[str, str, str], ...] = (
    ("trees", "Cây xanh trồng mới", "cây"),
    ("stoves", "Bếp đun củi cải tiến", "bếp"),
    ("led_bulbs", "Bóng đèn LED", "bóng"),
    ("fertiliser_tonnes", "Phân bón cung ứng", "tấn"),
    ("opinions", "Ý kiến, kiến nghị được nêu", "ý kiến"),
    ("job_referrals", "Lao động được giới thiệu việc làm", "người"),
)
