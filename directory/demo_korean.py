"""The demo organisations' and topics' Korean names (the official Korean name where there is
one), so that a Korean reader of the demo reads Korean throughout.

Keyed by the English name (organisations) or the slug (topics). An acronym that Korean texts
also write in Latin letters (UNDRR, WHO, OECD...) keeps no Korean short name: the pages show
the Korean name, and the acronym only where a short name is needed.
"""

# English name: (Korean name, Korean short name or "")
ORGANIZATIONS_KO = {
    "CityNet": ("시티넷", "시티넷"),
    "Seoul Metropolitan Government": ("서울특별시", "서울시"),
    "United Nations Office for Disaster Risk Reduction - Office in Incheon for Northeast Asia "
    "and Global Education and Training Institute for Disaster Risk Reduction": (
        "유엔재난위험경감사무국 동북아시아사무소 및 국제방재교육연수원",
        "유엔재난위험경감사무국 동북아사무소·국제방재연수원",
    ),
    "United Nations Office for Disaster Risk Reduction": (
        "유엔재난위험경감사무국",
        "유엔재난위험경감사무국",
    ),
    "World Health Organization": ("세계보건기구", "세계보건기구"),
    "Inter-Parliamentary Union": ("국제의회연맹", "국제의회연맹"),
    "United Cities and Local Governments": ("세계지방정부연합", "세계지방정부연합"),
    "ICLEI – Local Governments for Sustainability": (  # noqa: RUF001 - its own spelling
        "이클레이 – 지속가능성을 위한 세계지방정부",  # noqa: RUF001 - the same dash
        "이클레이",
    ),
    "ICLEI Cities Biodiversity Center": ("이클레이 도시생물다양성센터", "이클레이 생물다양성센터"),
    "ICLEI Africa": ("이클레이 아프리카", "이클레이 아프리카"),
    "Covenant of Mayors in Sub-Saharan Africa": (
        "사하라 이남 아프리카 시장서약",
        "아프리카 시장서약",
    ),
    "World Resources Institute": ("세계자원연구소", "세계자원연구소"),
    "WRI Finance Center": ("세계자원연구소 금융센터", ""),
    "TheCityFix (WRI)": ("더시티픽스(세계자원연구소)", "더시티픽스"),
    "United Nations Economic and Social Commission for Asia and the Pacific": (
        "유엔 아시아태평양경제사회위원회",
        "유엔 아태경제사회위원회",
    ),
    "Organization for Cooperation between Railways": ("국제철도협력기구", "국제철도협력기구"),
    "World Smart Sustainable Cities Organization": (
        "세계스마트지속가능도시기구",
        "위고",
    ),
    "International Climate Development Institute": ("국제기후발전연구원", "국제기후발전연구원"),
    "Metropolis": ("메트로폴리스", "메트로폴리스"),
    "United Nations Human Settlements Programme": ("유엔인간정주계획", "유엔 해비타트"),
    "UN Sustainable Development Solutions Network": (
        "유엔 지속가능발전해법네트워크",
        "지속가능발전해법네트워크",
    ),
    "Deutsche Gesellschaft für Internationale Zusammenarbeit": (
        "독일국제협력공사",
        "독일국제협력공사",
    ),
    "Government of the Kingdom of the Netherlands": ("네덜란드 정부", ""),
    "Ministry of the Environment of Japan": ("일본 환경성", "일본 환경성"),
    "Cabinet Office Japan": ("일본 내각부", ""),
    "Food and Agriculture Organization of the United Nations": (
        "유엔식량농업기구",
        "유엔식량농업기구",
    ),
    "Global Policy House": ("글로벌 폴리시 하우스", ""),
    "Global Resilient Cities Network": ("글로벌 회복력 도시 네트워크", "회복력 도시 네트워크"),
    "World Bank": ("세계은행", ""),
    "Centre for Liveable Cities": ("싱가포르 살기좋은도시센터", "살기좋은도시센터"),
    "UNITAR CIFAL Jeju": ("유엔훈련연구원 제주국제연수센터", "제주국제연수센터"),
    "Dhankuta Municipality": ("단쿠타시", ""),
    "Organisation for Economic Co-operation and Development": (
        "경제협력개발기구",
        "경제협력개발기구",
    ),
    "Central Disaster and Safety Countermeasure Headquarters": (
        "중앙재난안전대책본부",
        "중대본",
    ),
    "Government of the Republic of Korea": ("대한민국 정부", ""),
    "United Nations": ("국제연합", "유엔"),
}

# slug: (Korean name, Korean description)
TOPICS_KO = {
    "urban-resilience": ("도시 회복력", "도시가 충격을 견디고 회복하도록 돕는 일."),
    "covid-19": ("코로나19", "코로나19 팬데믹에 대한 대응과 회복."),
    "smart-safety": ("스마트 안전", "안전한 도시를 위한 스마트 기술."),
    "social-protection": ("사회적 보호", "비공식 노동자를 포함한 사회 안전망."),
    "climate-change": ("기후 변화", "적응, 완화, 기후 금융."),
    "business-continuity": ("업무 연속성", "위기 속에서도 기업과 서비스가 멈추지 않도록 하는 일."),
    "disaster-risk-reduction": ("재난위험 경감", "재난위험을 예방하고 줄이는 일."),
    "public-health": ("공중보건", "보건 체계, 검사, 추적, 치료."),
    "governance-partnerships": ("거버넌스와 파트너십", "시민 참여와 국제 파트너십."),
    "psychological-preparedness": ("심리적 대비", "정신 건강과 사회 안전망."),
    "sustainable-development": ("지속가능발전", "지속가능발전목표와 지속 가능한 도시 발전."),
    "data-ict": ("데이터와 정보통신기술", "위기 대응에 쓰이는 데이터, 정보통신기술, 신기술."),
    "food-security": ("식량 안보", "위기 속 도시의 먹거리 체계."),
    "green-recovery": ("녹색 회복", "기후와 자연에 이바지하는 경제 회복."),
    "transport": ("교통", "위기 시기의 교통과 물류."),
}
