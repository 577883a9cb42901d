"""The demo events' Korean texts: the Seoul 2020 forum and its sessions, the network's items,
the partner webinar rows, the announcements and the series.

Keyed by the English text they translate (titles, session titles) or the slug (series), so
the seed data in ``events/demo.py`` stays as published and this file only adds the Korean.
Proper names keep their usual Korean spelling (시티넷, 서울온); a title with no Korean
translation here keeps its English, which Korean pages mark as English.
"""

SERIES_KO = {
    "consultation-series-rapid-responses-covid-19": (
        "코로나19 신속 대응 협의 시리즈",
        "회원 도시들과 코로나19 신속 대응을 두고 나누는 시티넷의 협의 시리즈.",
    ),
    "lessons-from-the-covid-19-pandemic": (
        "코로나19 팬데믹의 교훈 시리즈",
        "팬데믹이 회복력에 관해 가르쳐 주는 것을 다루는 유엔재난위험경감사무국 국제방재연수원과 "
        "세계보건기구의 웨비나.",
    ),
    "asia-pacific-stats-cafe": (
        "아시아·태평양 통계 카페 시리즈",
        "아시아·태평양 지역의 통계를 주제로 한 유엔 아태경제사회위원회의 대담.",
    ),
}

FORUM_THEME_KO = "뉴노멀 시대의 안전한 도시: 회복력, 지속가능성, 적응력"
FORUM_DESCRIPTION_KO = """\
도시의 안전은 시민의 삶과 도시 경쟁력을 떠받치는 기본 가치입니다. 코로나19 팬데믹을 비롯한 최근의 자연재난과 사회재난을 겪으며 도시 회복력 강화는 중요한 정책 과제로 떠올랐습니다. 기후 변화 같은 지구 환경의 전환과 다양한 경제·사회적 변화로 오늘날의 재난은 단순히 자연재난이나 인적 재난으로 나눌 수 없을 만큼 복잡해졌습니다. 이러한 변화는 심각한 결과를 가져올 것입니다. 그러므로 재난 관리의 패러다임을 근본적으로 바꾸어야 합니다.

기술 혁신과 맞물려 빠르게 변하고 서로 긴밀히 연결된 사회에서 한 나라의 걱정거리는 더 이상 그 나라만의 것이 아닙니다. 경제 위기나 재난 같은 외부 변화에 신속히 대응하여 지속 가능한 발전을 이루려면, 도시가 예기치 못한 충격을 견디도록 돕는 회복력이 핵심입니다. 만성적이고 잠재적인 재난을 막으려면 사후 복구에 치중하기보다 피해를 최소화하고 취약성을 줄이며 사람들이 변화에 적응하도록 돕는 체계적인 위험 관리 전략이 필요합니다.

코로나19 팬데믹의 발생은 전에는 상상할 수 없던 패러다임의 전환을 불러왔습니다. 지난 1년여 동안 최우선 과제는 확진자 치료와 감염 확산 방지였습니다. 이제 코로나19 이후의 시대를 그리기 시작하는 지금, 무너진 사회 체계를 복구하고 앞으로 오랫동안 도시의 회복력을 높여야 할 때입니다. 예상하지 못한 이번 팬데믹은 시민들에게 매우 큰 심리적 영향을 주었으며, 이는 심리적 대비를 통해 사회 안전망을 넓혀야 할 필요가 크다는 것을 보여 줍니다.

또한 4차 산업혁명이 시작되면서 재난 관련 문제를 해결할 수 있는 스마트하고 안전한 도시에 대한 요구가 빠르게 커지고 있습니다. 유럽, 아시아, 아메리카의 많은 나라가 이미 국가 차원에서 스마트 안전 전략을 도입하기 시작했습니다. 이처럼 스마트 기술은 모든 분야에서 비할 데 없는 역할을 합니다.

따라서 모든 시민이 재난 예방을 비롯한 집중적인 안전 전략의 혜택을 직접 누리는 스마트 안전 도시를 만들어야 합니다. 이러한 노력에 속도를 내려면 전 세계의 기업, 학계, 지역 사회, 지방 정부와의 협력이 매우 중요합니다.

국제 도시 회복력 포럼 서울 2020은 “뉴노멀 시대의 안전한 도시: 회복력, 지속가능성, 적응력”이라는 주제 아래 다양한 세션과 토론을 통해 도시 회복력에 관한 통합적 해법을 설계하고 정보를 나누는 훌륭한 장입니다. 이 포럼은 코로나19 팬데믹 상황에서 회복력과 지속 가능한 도시 발전을 강화하는 방안에 관한 동향과 모범 사례를 소개하고 논의를 촉진하는 것을 목표로 합니다. 도시의 지도자와 간부, 전문가, 관련 기관, 시민 사회 구성원들이 최근의 재난 관련 문제에 관한 경험과 지식을 나눌 수 있는 좋은 기회가 될 것입니다.
"""
FORUM_OBJECTIVES_KO = [
    "세계 도시의 도시 회복력 강화 모범 사례 공유",
    "재난 문제를 총체적으로 생각하기 위한 세계 도시들과의 협력 채널 강화 및 정보 공유",
    "지속 가능한 세계를 위한 스마트 안전 기술의 동향과 적용 가능성 논의",
    "도시 회복력을 위한 시민 참여와 국제 파트너십을 포함한 거버넌스의 중요성 이해",
]
FORUM_AUDIENCE_KO = [
    "시장과 도지사",
    "재난 관리 분야의 고위 공무원",
    "교수와 연구자",
    "재난 대비, 도시 계획, 시민 사회 분야의 전문가",
    "비정부기구",
]

# English session title: (Korean title, Korean description)
SESSIONS_KO = {
    "Opening ceremony": (
        "개회식",
        "주최 측의 환영사와 주제 “뉴노멀 시대의 안전한 도시: 회복력, 지속가능성, 적응력” 소개.",
    ),
    "Plenary 1: Urban resilience in the post-COVID-19 era": (
        "전체 회의 1: 코로나19 이후 시대의 도시 회복력",
        "무너진 사회 체계의 복구와 도시의 장기적 회복력 강화, 세계 도시의 모범 사례.",
    ),
    "Break": ("휴식", ""),
    "Plenary 2: Psychological preparedness and social safety networks": (
        "전체 회의 2: 심리적 대비와 사회 안전망",
        "팬데믹이 시민에게 준 심리적 영향과 사회 안전망을 넓히는 방법.",
    ),
    "Plenary 3: Smart safety technology for sustainable cities": (
        "전체 회의 3: 지속 가능한 도시를 위한 스마트 안전 기술",
        "스마트 안전 기술의 동향과 적용 가능성, 스마트 안전 도시를 위한 전략.",
    ),
    "Plenary 4: Governance, citizen participation and global partnerships": (
        "전체 회의 4: 거버넌스, 시민 참여, 국제 파트너십",
        "시민, 기업, 학계, 지역 사회, 전 세계 지방 정부와 함께하는 도시 회복력 거버넌스.",
    ),
    "Closing": ("폐회", "토론 내용 정리와 주최 측의 폐회사."),
}

STREAM_LABELS_KO = {"Seoul On": "서울온", "YouTube": "유튜브"}

NETWORK_SUMMARY_KO = "회원 도시들의 코로나19 대응을 돕기 위한 시티넷 사무국의 활동 가운데 하나."

# English title: Korean title (the network's items, the partner rows, the announcements)
TITLES_KO = {
    "CityNet Webinar I \u2014 Consultation Series on rapid responses for COVID-19": (
        "시티넷 웨비나 1 \u2014 코로나19 신속 대응 협의 시리즈"
    ),
    "CityNet Webinar II \u2014 Impacts of Business Continuity Plan (BCP) during Pandemics": (
        "시티넷 웨비나 2 \u2014 팬데믹 시기 업무 연속성 계획의 영향"
    ),
    "Interview with Seoul Metropolitan Government on COVID-19 Responses": (
        "서울특별시 코로나19 대응 인터뷰"
    ),
    "CityNet Webinar IV \u2014 Reflections on COVID 19: What the Data reveal": (
        "시티넷 웨비나 4 \u2014 코로나19를 돌아보며: 데이터가 보여 주는 것"
    ),
    "CityNet Special Publication \u2014 Local Responses and Measures to COVID-19": (
        "시티넷 특별 간행물 \u2014 코로나19에 대한 지역의 대응과 조치"
    ),
    "2020 Sustainable City Forum \u2013 Smart City Summit and Expo (SCSE)": (
        "2020 지속가능도시포럼 \u2013 스마트시티 서밋 앤 엑스포"
    ),
    "Exploring Effects and Results of COVID-19 in the Americas": (
        "아메리카 대륙에서 코로나19가 남긴 영향과 결과 살펴보기"
    ),
    "Post 2020 Local and Subnational Government Information Webinars": (
        "2020년 이후 지방 및 광역 정부 정보 웨비나"
    ),
    "Building back better: Lessons from the COVID-19 pandemic to enhance the role of parliaments in reducing risks of disasters": (
        "더 나은 재건: 재난위험 경감에서 의회의 역할을 높이기 위한 코로나19 팬데믹의 교훈"
    ),
    "Lessons from the COVID-19 pandemic series \u2013 COVID-19: Responding, Re-opening and Recovery Towards Resilience of Cities": (
        "코로나19 팬데믹의 교훈 시리즈 \u2013 코로나19: 도시 회복력을 향한 대응, 재개, 회복"
    ),
    "Build Back Better: How to Prepare for the Coming Climate Disruption": (
        "더 나은 재건: 다가올 기후 혼란에 대비하는 방법"
    ),
    "Joint ESCAP-OSJD Virtual Meeting of Experts on Challenges & Opportunities for International Railway Transport along TAR Network and beyond in the times of COVID-19 Pandemic": (
        "유엔 아태경제사회위원회·국제철도협력기구 공동 온라인 전문가 회의: 코로나19 팬데믹 시기 "
        "아시아횡단철도망 안팎 국제 철도 운송의 과제와 기회"
    ),
    "Live Learning Experience on Food Security": "식량 안보에 관한 실시간 학습 세션",
    "The Case for the Ocean as a Dual Solution to Climate Change and COVID-19 Recovery": (
        "기후 변화와 코로나19 회복의 이중 해법으로서의 해양"
    ),
    "Policy relevance and measurement of international spillover effects in the SDG and Covid-19 context": (
        "지속가능발전목표와 코로나19 맥락에서 국제 파급 효과의 정책적 의미와 측정"
    ),
    "Managing COVID-19 Pandemic \u2013 Experiences & Best Practices of China, Japan and the Republic of Korea": (
        "코로나19 팬데믹 관리 \u2013 중국, 일본, 대한민국의 경험과 모범 사례"
    ),
    "Build Back Better: How Climate Action Can Accelerate COVID-19 Recovery": (
        "더 나은 재건: 기후 행동이 코로나19 회복을 앞당기는 방법"
    ),
    "Webinar series: Lessons from the COVID-19 pandemic: Building resilience to cascading disasters through regional cooperation in South Asia": (
        "웨비나 시리즈: 코로나19 팬데믹의 교훈 \u2013 남아시아 지역 협력을 통한 연쇄 재난 회복력 구축"
    ),
    "Multilateral Development Banks and the Green Economy Transition: An Address by EBRD President Suma Chakrabarti": (
        "다자개발은행과 녹색 경제 전환: 수마 차크라바르티 유럽부흥개발은행 총재 연설"
    ),
    "Adaptation Finance: A core component of post-COVID-19 economic recovery": (
        "적응 금융: 코로나19 이후 경제 회복의 핵심 요소"
    ),
    "Virtual Regional Launch: Leveraging ocean resources for sustainable development of small island developing States": (
        "온라인 지역 발표회: 군소도서개발국의 지속 가능한 발전을 위한 해양 자원 활용"
    ),
    "Asia-Pacific Stats Cafe series: Conducting a census during the Covid-19 pandemic: challenges and approaches": (
        "아시아·태평양 통계 카페 시리즈: 코로나19 팬데믹 중의 인구 총조사 \u2013 과제와 접근법"
    ),
    "Webinar: Smart Health Responder Webinar": "웨비나: 스마트 보건 대응 웨비나",
    "Webinar: Disaster-Responsive Social Protection: Lessons from COVID-19": (
        "웨비나: 재난 대응형 사회적 보호 \u2013 코로나19의 교훈"
    ),
    "Webinar: Planning for Climate Change during COVID-19 crisis": (
        "웨비나: 코로나19 위기 속 기후 변화 대비 계획"
    ),
    "Webinar: Emerging Technologies in Response to COVID-19: Blockchain, ICT and Data for Pandemic Management": (
        "웨비나: 코로나19 대응을 위한 신기술 \u2013 팬데믹 관리를 위한 블록체인, 정보통신기술, 데이터"
    ),
    "Webinar: Cities on the Frontlines: Towards the Pandemic-Resilient City": (
        "웨비나: 최전선의 도시 \u2013 팬데믹에 강한 도시를 향하여"
    ),
    "Webinar: Beyond Good Healthcare: Designing Healthy Cities": (
        "웨비나: 좋은 의료를 넘어 \u2013 건강한 도시 설계"
    ),
    "Untitled partner event of 30 June 2020 (Ministry of the Environment of Japan, Cabinet Office Japan, UNDRR)": (
        "2020년 6월 30일 제목 미상 파트너 행사(일본 환경성, 일본 내각부, 유엔재난위험경감사무국)"
    ),
    "Virtual Workshop Series on Social Protection, with a Spotlight on Informal Workers": (
        "비공식 노동자에 주목한 사회적 보호 온라인 워크숍 시리즈"
    ),
    "Sustainable City Main Forum 2021 on Sustainable Recovery": (
        "지속 가능한 회복을 주제로 한 2021 지속가능도시 본포럼"
    ),
}

# English summary or note: its Korean
SUMMARIES_KO = {
    "WRI at London Climate Action Week 2020.": "2020 런던 기후 행동 주간의 세계자원연구소 세션.",
    "Three virtual sessions from 18 to 25 March 2021, at 3 PM KST, on approaches to social "
    "protection for informal workers in the pandemic.": (
        "2021년 3월 18일부터 25일까지 한국 시간 오후 3시에 열리는 세 차례의 온라인 세션으로, "
        "팬데믹 속 비공식 노동자를 위한 사회적 보호 방안을 다룹니다."
    ),
    "ICDI's Sustainable City Main Forum 2021 on sustainable recovery. CityNet's Secretary "
    "General, Vijay Jagannathan, delivers the opening remarks.": (
        "국제기후발전연구원이 지속 가능한 회복을 주제로 여는 2021 지속가능도시 본포럼. "
        "비제이 자가나단 시티넷 사무총장이 개회사를 합니다."
    ),
}

CIFAL_DESCRIPTION_KO = """\
유엔훈련연구원 제주국제연수센터가 비공식 노동자에 주목한 사회적 보호 온라인 워크숍 시리즈를 엽니다. 행사는 2021년 3월 18일부터 25일까지 한국 시간 오후 3시에 세 차례 세션으로 진행됩니다.

코로나19 확산을 막는 동안 봉쇄와 사회적 거리 두기 같은 조치는 비공식 노동자에게 유난히 큰 영향을 주었습니다. 이들의 경제 활동이 크게 흔들리면서 극심한 빈곤에 빠질 위험도 커졌습니다.

비공식 노동자는 대개 산업 안전과 보건 환경이 열악하고 사회적 보호 서비스를 이용하기 어려운 곳에서 일하며, 질병과 부상의 위험에 쉽게 노출됩니다. 팬데믹 이전에도 이들에게 의료 서비스는 소득에 비해 너무 비싸 거의 닿을 수 없는 것이었습니다.

이번 온라인 행사에서는 팬데믹 상황의 비공식 노동자를 중심으로 사회적 보호에 대한 다양한 접근법을 논의하고, 서로 다른 맥락에서 사회적 보호를 어떻게 적용할 수 있는지 살펴봅니다. 참가자들은 자신의 사례를 나누고, 각 나라와 지역의 여건에 맞게 사회적 보호 전략을 더 잘 실행하기 위한 행동 계획을 함께 설계할 기회를 얻습니다.
"""
