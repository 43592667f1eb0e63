"""A small site with a documents library, public consultations and campaigns, for the tests of
SPEC §11–13 (test_portal_*.py). Dates are fixed and builds pass --today, so what is open, closed,
in force or replaced does not depend on the day the tests run."""
from __future__ import annotations

import copy
from pathlib import Path

from conftest import SiteFolder, small_site

# A real (tiny) PDF: what the check looks at is its first bytes.
PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n"
       b"<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
DOCX = b"PK\x03\x04" + b"\x00" * 60  # a ZIP's signature, as Word files begin

LAW = {"number": "06/2022/QH15", "title": "Luật Thi đua, khen thưởng", "type": "luat",
       "issuer": "Quốc hội", "signed": "2022-06-15", "effective": "2024-01-01",
       "file": "files/luat.pdf", "replaces": ["15-2003-qh11"]}
OLD_LAW = {"number": "15/2003/QH11", "title": "Luật Thi đua, Khen thưởng", "type": "luat",
           "issuer": "Quốc hội", "signed": "2003-11-26", "effective": "2004-07-01",
           "file": "files/luat-cu.pdf"}
DECREE = {"number": "98/2023/NĐ-CP",
          "title": "Quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
          "type": "nghi-dinh", "issuer": "Chính phủ", "signed": "2023-12-31",
          "effective": "2024-01-01", "file": "files/nd98.pdf", "topics": ["hồ sơ khen thưởng"]}
PLAN = {"number": "45/KH-UBND", "title": "Kế hoạch phát động phong trào văn hóa công sở",
        "type": "ke-hoach", "issuer": "UBND tỉnh", "signed": "2019-03-12",
        "expires": "2026-01-01", "file": "files/kh45.pdf", "campaign": "van-hoa-cong-so"}
NEXT_PLAN = {"number": "130/KH-UBND", "title": "Kế hoạch thi đua năm 2027", "type": "ke-hoach",
             "issuer": "UBND tỉnh", "signed": "2026-11-25", "effective": "2027-01-01",
             "file": "files/kh130.pdf"}
FORM = {"id": "mau-bao-cao-tap-the", "title": "Mẫu báo cáo thành tích của tập thể",
        "type": "bieu-mau", "issuer": "Ban Thi đua – Khen thưởng tỉnh", "signed": "2024-01-15",
        "file": "files/mau.docx"}
DOCUMENTS = {"luat-06.yml": LAW, "luat-cu.yml": OLD_LAW, "nd-98.yml": DECREE, "kh-45.yml": PLAN,
             "kh-130.yml": NEXT_PLAN, "mau.yml": FORM}

CAMPAIGNS = [
    {"id": "van-hoa-cong-so", "name": "Cán bộ, công chức thi đua thực hiện văn hóa công sở",
     "launched": "2019-03-12", "issuer": "UBND tỉnh", "period": "2019-2025",
     "ends": "2025-12-31", "document": "45-kh-ubnd", "description": "Phong trào về văn hóa công sở."},
    {"id": "nong-thon-moi", "name": "Chung sức xây dựng nông thôn mới", "launched": "2011-09-20",
     "issuer": "Thủ tướng Chính phủ", "period": "Từ năm 2011"},
]

CONTACT = {"office": "Ban Thi đua – Khen thưởng tỉnh", "address": "Số 1 đường Mẫu",
           "phone": "0228 000 0000", "email": "banthidua@example.vn"}
# Open from Monday 23/11/2026 to Monday 07/12/2026: ten working days, 24/11 (Ngày Văn hóa
# Việt Nam) not counted.
OPEN = {"title": "Lấy ý kiến về đề nghị khen thưởng cuối năm 2026", "opens": "2026-11-23",
        "closes": "2026-12-07", "council_date": "2026-12-15",
        "issuer": "Hội đồng Thi đua – Khen thưởng tỉnh", "contact": CONTACT,
        "document": "98-2023-nd-cp",
        "candidates": [{"title": "co-thi-dua-chinh-phu", "unit": "so-tai-chinh"},
                       {"title": "bang-khen-thu-tuong",
                        "person": {"name": "Trần Minh Khoa", "position": "Phó Giám đốc",
                                   "unit": "so-ke-hoach-dau-tu"}}]}
# Over Tết Đinh Mùi (04–10/02/2027 are days off): 01/02 to 22/02 holds eleven working days.
OVER_TET = {"title": "Lấy ý kiến đợt đầu năm 2027", "opens": "2027-02-01",
            "closes": "2027-02-22", "issuer": "Hội đồng Thi đua – Khen thưởng tỉnh",
            "contact": {"office": "Ban Thi đua – Khen thưởng tỉnh"},
            "candidates": [{"title": "bang-khen-thu-tuong", "unit": "van-phong-ubnd-tinh"}]}
CLOSED = {"title": "Lấy ý kiến về Cờ thi đua của Chính phủ năm 2023", "opens": "2024-03-04",
          "closes": "2024-03-18", "issuer": "Hội đồng Thi đua – Khen thưởng tỉnh",
          "contact": {"office": "Ban Thi đua – Khen thưởng tỉnh"},
          "decision": "402-qd-ttg",
          "candidates": [{"title": "co-thi-dua-chinh-phu", "unit": "so-tai-chinh"}]}
CONSULTATIONS = {"2026/cuoi-nam-2026.yml": OPEN, "2027/dau-nam-2027.yml": OVER_TET,
                 "2024/co-thi-dua-2023.yml": CLOSED}

DECISIONS = {
    "2024/402-qd-ttg.yml": {
        "number": "402/QĐ-TTg", "date": "2024-04-18", "issuer": "Thủ tướng Chính phủ",
        "status": "quyet-dinh", "period": "2023", "document": "98-2023-nd-cp",
        "awards": [{"title": "co-thi-dua-chinh-phu", "unit": "so-tai-chinh"}]},
    "2024/1105-qd-ubnd.yml": {
        "number": "1105/QĐ-UBND", "date": "2024-06-12", "issuer": "Chủ tịch UBND tỉnh",
        "status": "quyet-dinh", "period": "2019-2024", "campaign": "van-hoa-cong-so",
        "awards": [{"title": "bang-khen-chu-tich-ubnd-tinh",
                    "person": {"name": "Đỗ Thị Lan Anh", "position": "Chuyên viên",
                               "unit": "van-phong-ubnd-tinh"}}]},
}


def portal_site(root: Path) -> SiteFolder:
    """A valid site with documents (and their files), campaigns, consultations, decisions
    citing them, a post in a campaign and the English page."""
    site = small_site(root)
    for name, document in DOCUMENTS.items():
        site.data(f"documents/{name}", copy.deepcopy(document))
        site.write(f"data/documents/{document['file']}",
                   DOCX if document["file"].endswith(".docx") else PDF)
    site.data("campaigns.yml", {"campaigns": copy.deepcopy(CAMPAIGNS)})
    for name, consultation in CONSULTATIONS.items():
        site.data(f"consultations/{name}", copy.deepcopy(consultation))
    for name, decision in DECISIONS.items():
        site.data(f"decisions/{name}", copy.deepcopy(decision))
    site.post("van-hoa-cong-so", {"title": "Sơ kết phong trào văn hóa công sở",
                                  "date": "2024-06-20", "campaigns": ["van-hoa-cong-so"]})
    site.write("content/en/index.md", "---\ntitle: Emulation and Commendation Board\nlang: en\n"
                                      "---\n\nThe office's functions, organisation and contacts.\n")
    return site
