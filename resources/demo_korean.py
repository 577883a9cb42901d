"""The seed resources' Korean titles and summaries, keyed by slug.

The documents themselves stay in their own language (``languages``); these are the library's
Korean descriptions of them, so that a Korean reader finds and reads the library in Korean.
"""

# Korean typography quotes with its own marks.
# ruff: noqa: RUF001

# slug: (Korean title, Korean summary)
RESOURCES_KO = {
    "dhankuta-measures-to-prevent-covid-19": (
        "단쿠타시의 코로나19 감염 예방 조치와 활동",
        "네팔 단쿠타시가 시 안의 코로나19 감염을 막기 위해 펼친 조치와 활동.",
    ),
    "oecd-cities-policy-responses": (
        "도시의 정책 대응",
        "도시들이 코로나19 위기에 어떤 정책으로 대응했는지 정리한 경제협력개발기구의 개관.",
    ),
    "koreas-response-to-covid-19-and-future-direction": (
        "대한민국의 코로나19 대응과 향후 방향",
        "중앙재난안전대책본부가 정리한 대한민국의 코로나19 대응과 앞으로의 방향.",
    ),
    "testing-time-for-resilience-korean-experience": (
        "코로나19, 회복력의 시험대: 코로나19로부터의 회복과 한국의 경험",
        "코로나19로부터 회복하는 과정에서 드러난 회복력에 관한 대한민국 정부의 보고서: 한국의 경험.",
    ),
    "how-korea-responded-to-a-pandemic-using-ict": (
        "정보통신기술로 팬데믹에 대응한 한국",
        "대한민국이 코로나19 팬데믹에 대응하면서 정보통신기술을 어떻게 활용했는지 소개합니다.",
    ),
    "tackling-covid-19-health-quarantine-economic-measures": (
        "코로나19 극복: 보건·방역·경제 조치와 한국의 경험",
        "대한민국이 코로나19를 극복하기 위해 펼친 보건, 방역, 경제 조치.",
    ),
    "cac-cities-against-covid-19": (
        "코로나19에 맞서는 도시들",
        "도시들의 코로나19 대응을 나누기 위해 서울특별시가 만든 플랫폼 ‘코로나19에 맞서는 도시들’.",
    ),
    "shared-responsibility-global-solidarity": (
        "공동의 책임, 세계적 연대: 코로나19의 사회경제적 영향에 대한 대응",
        "공동의 책임과 세계적 연대로 코로나19의 사회경제적 영향에 대응하는 방안에 관한 국제연합의 보고서.",
    ),
    "is-your-business-resilient-to-covid-19": (
        "우리 기업은 코로나19에 회복력이 있는가: 계획 도구",
        "기업이 코로나19에 대한 회복력을 점검하고 강화하도록 돕는 유엔재난위험경감사무국의 계획 도구.",
    ),
    "impact-and-policy-responses-for-covid-19-asia-pacific": (
        "아시아·태평양 지역 코로나19의 영향과 정책 대응",
        "아시아·태평양 지역에서 코로나19가 준 영향과 그에 대한 정책 대응을 다룬 유엔 아태경제사회위원회의 보고서.",
    ),
    "who-ffx-cases-and-contact-investigation-protocol": (
        "2019 신종 코로나바이러스 감염증 초기 확진자와 접촉자 조사 지침",
        "2019 신종 코로나바이러스 감염증의 초기 확진자 몇 명과 그 접촉자를 조사하기 위한 세계보건기구의 지침.",
    ),
    "who-severe-acute-respiratory-infections-treatment-centre": (
        "중증급성호흡기감염병 치료 센터",
        "중증급성호흡기감염병 치료 센터를 세우고 운영하는 방법에 관한 세계보건기구의 안내서.",
    ),
    "learning-from-seoul-to-control-covid-19": (
        "서울에서 배우는 코로나19 통제: 투명성, 책임성, 연대",
        "다른 도시들이 코로나19 통제에서 서울의 투명성, 책임성, 연대로부터 배울 점을 다룬 "
        "세계자원연구소 더시티픽스의 글.",
    ),
    "citynet-local-responses-and-measures-to-covid-19": (
        "코로나19에 대한 지역의 대응과 조치",
        "회원 도시들의 코로나19 대응과 조치를 모은 시티넷의 특별 간행물.",
    ),
}
