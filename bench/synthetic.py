"""Text for synthetic resources: benchmark data that reads like a real library, never real data.

A real library of urban-resilience documents has a large vocabulary that follows its themes: a
flood report talks of drainage and river gauges, a COVID-19 case study of testing and
quarantine. So each synthetic resource belongs to one theme, takes its title and most of its
summary from that theme's phrases, adds a few sentences any report might contain, and names
real-sounding places. Common words ("city", "local", "resilience") are then common and
specialised words rare, as in a real collection; no word is in every summary because the
generator reuses a handful of sentences.

Everything here is plain data and one function; ``generate_bench_data`` writes the rows.
"""

import random
from dataclasses import dataclass

# (city, country, region); Asia-Pacific first, as in the forum's membership.
CITIES = [
    ("Seoul", "Republic of Korea", "asia"),
    ("Busan", "Republic of Korea", "asia"),
    ("Incheon", "Republic of Korea", "asia"),
    ("Daegu", "Republic of Korea", "asia"),
    ("Gwangju", "Republic of Korea", "asia"),
    ("Suwon", "Republic of Korea", "asia"),
    ("Tokyo", "Japan", "asia"),
    ("Yokohama", "Japan", "asia"),
    ("Kobe", "Japan", "asia"),
    ("Sendai", "Japan", "asia"),
    ("Kathmandu", "Nepal", "asia"),
    ("Dhankuta", "Nepal", "asia"),
    ("Pokhara", "Nepal", "asia"),
    ("Colombo", "Sri Lanka", "asia"),
    ("Dhaka", "Bangladesh", "asia"),
    ("Chattogram", "Bangladesh", "asia"),
    ("Jakarta", "Indonesia", "asia"),
    ("Surabaya", "Indonesia", "asia"),
    ("Semarang", "Indonesia", "asia"),
    ("Manila", "Philippines", "asia"),
    ("Cebu", "Philippines", "asia"),
    ("Iloilo", "Philippines", "asia"),
    ("Hanoi", "Viet Nam", "asia"),
    ("Da Nang", "Viet Nam", "asia"),
    ("Can Tho", "Viet Nam", "asia"),
    ("Bangkok", "Thailand", "asia"),
    ("Chiang Mai", "Thailand", "asia"),
    ("Kuala Lumpur", "Malaysia", "asia"),
    ("Penang", "Malaysia", "asia"),
    ("Singapore", "Singapore", "asia"),
    ("Delhi", "India", "asia"),
    ("Pune", "India", "asia"),
    ("Chennai", "India", "asia"),
    ("Ahmedabad", "India", "asia"),
    ("Ulaanbaatar", "Mongolia", "asia"),
    ("Taipei", "Taiwan", "asia"),
    ("Phnom Penh", "Cambodia", "asia"),
    ("Vientiane", "Lao PDR", "asia"),
    ("Yangon", "Myanmar", "asia"),
    ("Karachi", "Pakistan", "asia"),
    ("Almaty", "Kazakhstan", "asia"),
    ("Bishkek", "Kyrgyzstan", "asia"),
    ("Tehran", "Iran", "asia"),
    ("Melbourne", "Australia", "pacific"),
    ("Brisbane", "Australia", "pacific"),
    ("Wellington", "New Zealand", "pacific"),
    ("Christchurch", "New Zealand", "pacific"),
    ("Suva", "Fiji", "pacific"),
    ("Port Vila", "Vanuatu", "pacific"),
    ("Nairobi", "Kenya", "africa"),
    ("Cape Town", "South Africa", "africa"),
    ("Accra", "Ghana", "africa"),
    ("Kigali", "Rwanda", "africa"),
    ("Lima", "Peru", "americas"),
    ("Bogotá", "Colombia", "americas"),
    ("Medellín", "Colombia", "americas"),
    ("Mexico City", "Mexico", "americas"),
    ("Rotterdam", "Netherlands", "europe"),
    ("Barcelona", "Spain", "europe"),
    ("Glasgow", "United Kingdom", "europe"),
    ("Athens", "Greece", "europe"),
]
# Organisations that publish across countries (marked synthetic by the command).
NETWORKS = [
    "Asia-Pacific Urban Resilience Institute",
    "Regional Centre for Disaster Preparedness",
    "Cities Health Alliance",
    "Global Network of Local Governments for Safety",
    "Institute for Climate and Urban Futures",
    "Mayors' Forum on Sustainable Cities",
    "Centre for Public Policy and Crisis Management",
    "Urban Data Collaborative",
    "Foundation for Inclusive Cities",
    "Community Preparedness Network",
]

GROUPS = [
    "older residents",
    "people with disabilities",
    "informal workers",
    "migrant workers",
    "women-headed households",
    "children and young people",
    "street vendors",
    "people living in informal settlements",
    "small business owners",
    "health workers",
    "daily wage earners",
    "residents of public housing",
    "tenants",
    "fishing communities",
    "farmers on the urban fringe",
]
PARTNERS = [
    "the national government",
    "neighbouring municipalities",
    "universities",
    "the private sector",
    "civil society organisations",
    "community leaders",
    "the Red Cross",
    "faith-based groups",
    "volunteer associations",
    "international donors",
    "utility companies",
    "district offices",
    "resident committees",
]
REPORTING = ["describes", "documents", "assesses", "analyses", "summarises", "presents", "examines"]
DOCUMENTS = ["report", "study", "paper", "brief", "review", "publication", "note"]

# Sentences any of the documents might contain, whatever its theme.
GENERAL_SENTENCES = [
    "The {document} {reporting} the work of {city} with {partner}.",
    "It draws on interviews with officials and residents carried out in {year}.",
    "Costs, staffing and timelines are set out for each stage of the programme.",
    "Lessons are drawn for other cities in {country} and the wider region.",
    "A short checklist helps municipal officials plan, fund and evaluate similar work.",
    "The authors argue that {partner} should be involved from the start.",
    "Special attention is paid to {group}.",
    "Indicators for monitoring progress are proposed in an annex.",
    "The {document} was prepared for a peer-learning exchange between member cities.",
    "Several of the measures described were later adopted in national guidance.",
    "Budget constraints and gaps in local data are discussed frankly.",
    "Maps and photographs illustrate the sites where the work took place.",
    "The text is written for practitioners rather than researchers.",
    "Recommendations are grouped into short-term actions and long-term reforms.",
    "A comparison with {other_city} highlights what can be transferred and what cannot.",
    "The findings were validated in a workshop with {partner} in {year}.",
    "Open questions for further research close the {document}.",
    "Funding came from the municipal budget and a grant from {partner}.",
    "It includes templates that other local governments can adapt.",
    "The role of ward and district offices in delivery is examined in detail.",
    "The evaluation found that coordination improved once roles were written down.",
    "Case material covers both the central districts and peri-urban areas.",
]

TITLE_FORMS = [
    ("{subject_cap} in {city}: a case study", "case_study"),
    ("Lessons from {city} on {subject}", "case_study"),
    ("How {city} organised {subject}", "case_study"),
    ("{city}'s experience with {subject}", "case_study"),
    ("Good practice in {subject}: {city}, {country}", "case_study"),
    ("Guidelines for {subject} in local government", "guideline"),
    ("Operational guidance on {subject}", "guideline"),
    ("A protocol for {subject}", "guideline"),
    ("Standard operating procedures for {subject} in {city}", "guideline"),
    ("{subject_cap}: a planning tool for cities", "planning_tool"),
    ("A toolkit for {subject}", "planning_tool"),
    ("Self-assessment tool for {subject}", "planning_tool"),
    ("Tracking city policies on {subject}", "policy_tracker"),
    ("{country}: policy tracker for {subject}", "policy_tracker"),
    ("{city} report on {subject}", "report"),
    ("{subject_cap} in {country}: status report {year}", "report"),
    ("Annual review of {subject}, {year}", "report"),
    ("{subject_cap} in Asian cities: a regional review", "report"),
    ("Evaluation of {subject} in {city}", "report"),
    ("Why {subject} matters for {city}", "article"),
    ("What {city} learnt from {subject}", "article"),
    ("{subject_cap}: notes from the field in {city}", "article"),
    ("Webinar: {subject} in practice", "webinar_recording"),
    ("Recording of the {city} session on {subject}", "webinar_recording"),
    ("{subject_cap} explained (video)", "video"),
    ("Video tour: {subject} in {city}", "video"),
    ("Open data on {subject} in {city}", "dataset"),
    ("{subject_cap} indicators for {country}, {year}", "dataset"),
    ("Proceedings: {subject} and the future of {city}", "other"),
]


@dataclass(frozen=True)
class Theme:
    name: str
    weight: int
    topics: tuple[str, ...]
    subjects: tuple[str, ...]
    sentences: tuple[str, ...]
    first_year: int = 2005


THEMES = [
    Theme(
        "covid",
        15,
        ("covid-19", "public-health"),
        (
            "contact tracing",
            "COVID-19 testing",
            "quarantine facilities",
            "COVID-19 vaccination",
            "vaccination logistics",
            "mask distribution",
            "hospital surge capacity",
            "COVID-19 containment",
            "physical distancing in markets",
            "screening at transport hubs",
            "home treatment programmes",
        ),
        (
            "The city set up {number} testing sites in the first weeks of the COVID-19 pandemic.",
            "Contact tracers followed up {big_number} close contacts a day at the peak.",
            "Quarantine hotels and community isolation centres took in returning travellers.",
            "Containment measures were adjusted district by district as case numbers changed.",
            "Vaccination teams visited {group} at home when clinics were hard to reach.",
            "Public health measures were explained daily in several languages.",
            "The pandemic strained primary care, and clinics moved consultations online.",
            "Local measures against COVID-19 were coordinated with the national response.",
            "Masks and hand sanitiser were handed out at markets and bus terminals.",
            "Wastewater sampling gave early warning of new COVID-19 clusters.",
            "The response drew on plans made after earlier outbreaks of SARS and MERS.",
            "Preventive measures in schools allowed classes to reopen in {year}.",
        ),
        2020,
    ),
    Theme(
        "health",
        7,
        ("public-health",),
        (
            "community health volunteers",
            "disease surveillance",
            "dengue control",
            "heat-health warning systems",
            "primary health care in crises",
            "air pollution and health",
            "epidemic preparedness",
            "pandemic preparedness",
        ),
        (
            "Community health volunteers visited {number} households each month.",
            "Clinics reported notifiable diseases to the city through a shared platform.",
            "Mosquito breeding sites were mapped and cleared with resident groups.",
            "Hospitals rehearsed mass-casualty plans with the fire service.",
            "Health data were linked to weather forecasts to warn of dangerous heat.",
            "Pandemic preparedness plans were tested in a tabletop exercise.",
            "The city trained nurses to recognise early signs of epidemic disease.",
        ),
    ),
    Theme(
        "flood",
        9,
        ("disaster-risk-reduction", "climate-change", "urban-resilience"),
        (
            "flood early warning",
            "urban drainage",
            "river basin management",
            "flood risk mapping",
            "coastal flood defence",
            "sponge city design",
            "monsoon preparedness",
            "stormwater retention",
        ),
        (
            "River gauges and rain radar feed a flood forecast issued {small_number} days ahead.",
            "Drainage channels were widened and cleared before the monsoon.",
            "Flood maps were shared with residents of low-lying wards.",
            "Retention ponds and permeable paving reduce runoff from new districts.",
            "Sirens and text messages warned residents to move to higher ground.",
            "The flood of {year} damaged {number} homes and closed schools for weeks.",
            "Embankments were raised along the most exposed stretch of the river.",
            "Insurance schemes helped small traders recover after floodwater receded.",
        ),
    ),
    Theme(
        "geohazard",
        6,
        ("disaster-risk-reduction", "urban-resilience"),
        (
            "earthquake retrofitting",
            "seismic building codes",
            "landslide monitoring",
            "slope stabilisation",
            "tsunami evacuation",
            "volcanic ash preparedness",
        ),
        (
            "Schools and hospitals were retrofitted to resist strong earthquakes.",
            "Inspectors checked {big_number} buildings against the seismic code.",
            "Rain gauges and tilt sensors warn of landslides on unstable slopes.",
            "Households on steep hillsides were resettled after the landslide of {year}.",
            "Evacuation routes to high ground are signposted in coastal districts.",
            "Earthquake drills are held in every school twice a year.",
            "Masonry houses were strengthened with low-cost techniques.",
        ),
    ),
    Theme(
        "heat",
        6,
        ("climate-change", "public-health"),
        (
            "heatwave response",
            "urban heat islands",
            "cooling centres",
            "green roofs and street trees",
            "heat action planning",
            "drought management",
        ),
        (
            "Cooling centres opened in libraries and community halls during the heatwave.",
            "Street trees and green roofs lowered surface temperatures by several degrees.",
            "Outdoor work hours were shifted to cooler parts of the day.",
            "Heat warnings reached {group} through neighbourhood volunteers.",
            "Water rationing during the drought of {year} was planned with residents.",
            "Satellite images showed the hottest neighbourhoods had the least shade.",
        ),
    ),
    Theme(
        "climate",
        6,
        ("climate-change", "sustainable-development", "green-recovery"),
        (
            "climate adaptation finance",
            "climate action planning",
            "low-carbon transport",
            "renewable energy for public buildings",
            "nature-based solutions",
            "greenhouse gas inventories",
        ),
        (
            "The climate action plan sets targets for {year} and {later_year}.",
            "Green bonds financed {number} adaptation projects.",
            "Mangroves and wetlands were restored to buffer storm surges.",
            "Public buildings were fitted with solar panels and efficient lighting.",
            "Emissions from transport and buildings were counted for the first time.",
            "Adaptation projects were ranked by cost, benefit and urgency.",
        ),
    ),
    Theme(
        "business",
        7,
        ("business-continuity", "urban-resilience"),
        (
            "business continuity planning",
            "support for small firms",
            "supply chain resilience",
            "tourism recovery",
            "continuity of public services",
            "market reopening",
        ),
        (
            "Small firms received templates for business continuity plans.",
            "Loans and tax deferrals kept {big_number} small businesses open.",
            "Suppliers were mapped so that shortages could be spotted early.",
            "Tourism operators worked with the city on a recovery campaign.",
            "Essential services kept running thanks to tested continuity plans.",
            "Markets reopened with new layouts and trading hours.",
            "Business associations relayed information between the city and traders.",
        ),
    ),
    Theme(
        "social",
        7,
        ("social-protection", "governance-partnerships"),
        (
            "social protection for informal workers",
            "emergency cash transfers",
            "housing support",
            "food assistance",
            "protection of migrant workers",
            "support for older residents",
        ),
        (
            "Emergency cash transfers reached {big_number} households within a month.",
            "Registration drives brought informal workers into social protection schemes.",
            "Evictions were paused and rent relief offered to tenants.",
            "Food parcels were delivered to {group}.",
            "Local welfare offices used mobile teams to reach remote neighbourhoods.",
            "Social workers checked on people living alone.",
        ),
    ),
    Theme(
        "food",
        4,
        ("food-security",),
        (
            "urban food security",
            "urban agriculture",
            "food banks",
            "food supply during lockdown",
            "school meals",
        ),
        (
            "Community gardens supplied vegetables to {number} families.",
            "Food banks scaled up distribution with help from volunteers.",
            "Wholesale markets stayed open with staggered delivery times.",
            "School meals were delivered to homes while schools were closed.",
            "Farmers sold directly to residents through an online marketplace.",
        ),
    ),
    Theme(
        "transport",
        5,
        ("transport", "green-recovery"),
        (
            "public transport recovery",
            "cycling lanes",
            "urban logistics",
            "safe mobility",
            "bus rapid transit",
        ),
        (
            "Pop-up cycle lanes became permanent after a trial of {small_number} months.",
            "Bus frequencies were restored as ridership recovered.",
            "Delivery hubs reduced lorry traffic in the city centre.",
            "Stations were cleaned more often and capacity was limited at peak hours.",
            "Walking routes to schools were made safer with lower speed limits.",
        ),
    ),
    Theme(
        "digital",
        6,
        ("smart-safety", "data-ict"),
        (
            "smart safety systems",
            "open data platforms",
            "emergency alert apps",
            "digital twins for disaster planning",
            "data sharing platforms",
            "CCTV and privacy",
        ),
        (
            "A city dashboard brought together data from {number} departments.",
            "Sensors monitor water levels, air quality and traffic in real time.",
            "An emergency app sent alerts in the languages residents use.",
            "Privacy rules limited how long location data could be kept.",
            "Open data helped researchers and start-ups build new services.",
            "A digital twin of the city was used to test evacuation plans.",
        ),
    ),
    Theme(
        "governance",
        6,
        ("governance-partnerships", "urban-resilience"),
        (
            "citizen participation",
            "risk governance",
            "city-to-city cooperation",
            "resilience strategies",
            "localising the Sendai Framework",
            "participatory budgeting",
        ),
        (
            "A resilience office now coordinates work across departments.",
            "Residents voted on projects worth {small_number} million in local currency.",
            "The city joined a network of peers to exchange practice.",
            "The resilience strategy was drafted with input from {partner}.",
            "Risk assessments are updated every {small_number} years.",
            "The mayor's office reported on progress in public hearings.",
        ),
    ),
    Theme(
        "mental",
        4,
        ("psychological-preparedness", "public-health"),
        (
            "mental health support",
            "psychosocial first aid",
            "support for bereaved families",
            "community resilience training",
        ),
        (
            "A helpline answered {big_number} calls in its first year.",
            "Teachers were trained in psychosocial first aid.",
            "Counsellors visited shelters after the disaster.",
            "Peer-support groups met in community centres every week.",
            "Mental health services were added to the emergency plan.",
        ),
    ),
    Theme(
        "sustainable",
        5,
        ("sustainable-development", "green-recovery"),
        (
            "localising the SDGs",
            "waste management",
            "water and sanitation",
            "green recovery",
            "circular economy",
        ),
        (
            "The city reported on the Sustainable Development Goals in a voluntary local review.",
            "Household waste was separated at source in {number} neighbourhoods.",
            "New water points and toilets served informal settlements.",
            "Recovery spending favoured projects that cut emissions and created jobs.",
            "Repair cafés and reuse centres kept goods out of landfill.",
        ),
    ),
    Theme(
        "preparedness",
        7,
        ("disaster-risk-reduction", "urban-resilience"),
        (
            "evacuation planning",
            "emergency shelters",
            "fire safety",
            "typhoon preparedness",
            "school safety",
            "community emergency response teams",
        ),
        (
            "Evacuation centres were stocked with water, food and medicine.",
            "Volunteers trained as community emergency response teams.",
            "Fire hydrants and extinguishers were checked in dense neighbourhoods.",
            "Typhoon warnings were followed by door-to-door checks on {group}.",
            "Shelters were adapted for people with disabilities and their carers.",
            "A drill in {year} tested how fast schools could be evacuated.",
        ),
    ),
]
# Japanese, French... summaries are still in English; Korean ones get Korean text too.
LANGUAGES = ["en"] * 30 + ["ko", "ko", "ja", "fr", "es", "id", "ne", "zh", "vi", "th"]
# A share of the resources is bilingual (English and Korean) or described in Korean only.
BILINGUAL_SHARE, KOREAN_ONLY_SHARE = 0.20, 0.05
# Each theme's Korean subjects (as the English ones, the words its resources are about).
KOREAN_SUBJECTS = {
    "covid": ("코로나19 대응", "방역 체계", "자가격리 지원", "사회적 거리두기", "백신 접종"),
    "health": ("공중보건", "감염병 관리", "보건의료 체계", "지역 보건소"),
    "flood": ("홍수 대비", "침수 예방", "하천 관리", "홍수 조기경보"),
    "geohazard": ("지진 대비", "산사태 예방", "내진 설계"),
    "heat": ("폭염 대응", "무더위 쉼터", "도시 열섬 완화"),
    "climate": ("기후변화 적응", "탄소중립", "온실가스 감축", "기후위기 대응"),
    "business": ("소상공인 지원", "업무 연속성", "지역경제 회복"),
    "social": ("사회안전망", "취약계층 지원", "재난지원금"),
    "food": ("식량 안보", "푸드뱅크", "먹거리 지원"),
    "transport": ("대중교통 방역", "물류 체계", "교통 안전"),
    "digital": ("스마트시티", "공공 데이터", "디지털 전환", "역학조사 시스템"),
    "governance": ("시민참여", "지방정부 협력", "국제협력", "거버넌스"),
    "mental": ("정신건강", "심리 지원", "코로나 우울 극복"),
    "sustainable": ("지속가능발전", "도시재생", "녹색 회복"),
    "preparedness": ("재난 대비", "안전문화", "재난관리", "비상 대응 훈련"),
}
KOREAN_TITLES = (
    "{city}의 {subject} 사례",
    "{subject}: {city}의 경험",
    "{year}년 {city} {subject} 보고서",
    "{city}에서 배우는 {subject}",
    "{subject}을 위한 도시 회복력 전략",
)
KOREAN_SENTENCES = (
    "{city}는 {subject}을 위해 지역사회와 협력했다.",
    "이 자료는 {year}년 {subject}의 성과와 과제를 정리한다.",
    "시민의 회복력을 높이기 위한 교육과 훈련이 이어졌다.",
    "취약계층을 위한 방역과 생활 지원이 강화되었다.",
    "재난 대응 훈련이 해마다 실시되었다.",
    "공공 데이터가 시민에게 투명하게 공개되었다.",
    "자원봉사자와 시민단체가 현장에서 큰 역할을 했다.",
    "다른 도시와의 국제협력으로 경험을 나누었다.",
)


@dataclass
class SyntheticText:
    title: str
    summary: str
    title_ko: str
    summary_ko: str
    kind: str
    year: int
    city: str
    country: str
    region: str
    topics: list[str]
    languages: list[str]
    other_city: str = ""
    other_country: str = ""


def _year(rng: random.Random, first: int) -> int:
    """More documents in recent years, as in a growing library."""
    years = list(range(first, 2026))
    return rng.choices(years, weights=[1 + (year - first) for year in years])[0]


def make_text(rng: random.Random) -> SyntheticText:
    """One synthetic resource's words: title, summary, kind, year, place, topics, language."""
    theme = rng.choices(THEMES, weights=[theme.weight for theme in THEMES])[0]
    city, country, region = rng.choice(CITIES)
    other_city, other_country, _region = rng.choice(CITIES)
    subject = rng.choice(theme.subjects)
    year = _year(rng, theme.first_year)
    words = {
        "city": city,
        "country": country,
        "other_city": other_city if other_city != city else "a peer city",
        "subject": subject,
        "subject_cap": subject[0].upper() + subject[1:],
        "year": year,
        "later_year": year + rng.choice([5, 10, 15, 30]),
        "number": rng.choice([12, 25, 40, 60, 150, 300]),
        "big_number": rng.choice(["1,200", "5,000", "20,000", "85,000"]),
        "small_number": rng.choice([2, 3, 4, 5]),
        "group": rng.choice(GROUPS),
        "partner": rng.choice(PARTNERS),
        "reporting": rng.choice(REPORTING),
        "document": rng.choice(DOCUMENTS),
    }
    form, kind = rng.choice(TITLE_FORMS)
    sentences = rng.sample(theme.sentences, rng.randint(2, 3))
    sentences += rng.sample(GENERAL_SENTENCES, rng.randint(1, 3))
    rng.shuffle(sentences)
    opening = f"This {words['document']} {words['reporting']} {subject} in {city}, {country}."
    summary = " ".join([opening, *(sentence.format(**words) for sentence in sentences)])
    topics = list(theme.topics[: rng.randint(1, len(theme.topics))])
    if rng.random() < 0.25:
        topics.append(rng.choice(THEMES).topics[0])
    compares = rng.random() < 0.1 and other_country != country
    title, languages = form.format(**words), [rng.choice(LANGUAGES)]
    title_ko = summary_ko = ""
    roll = rng.random()
    if roll < BILINGUAL_SHARE + KOREAN_ONLY_SHARE:
        korean = {"city": city, "year": year, "subject": rng.choice(KOREAN_SUBJECTS[theme.name])}
        title_ko = rng.choice(KOREAN_TITLES).format(**korean)
        summary_ko = " ".join(
            sentence.format(**korean) for sentence in rng.sample(KOREAN_SENTENCES, 3)
        )
        languages = ["en", "ko"]
        if roll < KOREAN_ONLY_SHARE:  # described in Korean only
            title, summary, languages = title_ko, summary_ko, ["ko"]
    return SyntheticText(
        title=title,
        summary=summary,
        title_ko=title_ko,
        summary_ko=summary_ko,
        kind=kind,
        year=year,
        city=city,
        country=country,
        region=region,
        topics=list(dict.fromkeys(topics)),
        languages=languages,
        other_city=other_city if compares else "",
        other_country=other_country if compares else "",
    )
