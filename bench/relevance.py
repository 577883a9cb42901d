"""A judged query set for the library search: each query names the resources that must
appear in the first five results the reader sees.

The library is the seed library (``load_demo``'s resources, by slug) and the labelled test
resources below (slugs starting "relevance-"), in English, in Korean and in both. A search is
judged on what its page shows first: its hits, or, when all its words together match nothing,
its best partial matches. ``evaluate`` gives recall@5 and nDCG@10 (binary relevance: a named
resource counts 1) for each query and over the set; ``tests/test_search_relevance.py`` fails on
any miss and ``make bench-search`` prints the figures.
"""

import math
from dataclasses import dataclass

from django.http import QueryDict
from django.utils import translation

from directory.models import Topic
from resources.filters import ResourceFilter
from resources.models import Resource
from resources.search.page import search_library
from resources.services import save_resource

PREFIX = "relevance-"

# key, English title, Korean title, English summary, Korean summary, topic slugs
LABELLED = [
    (
        "seoul-learning",
        "What cities learn from Seoul",
        "서울에서 배우는 도시 회복력",
        "How Seoul built urban resilience through its response to disasters and epidemics.",
        "서울시가 재난과 감염병에 대응하며 쌓은 도시 회복력의 교훈.",
        ["urban-resilience"],
    ),
    (
        "ko-quarantine",
        "자가격리자 생활 지원 안내",
        "자가격리자 생활 지원 안내",
        "",
        "자가격리 중인 시민에게 생필품과 심리 상담을 제공한 서울시의 방역 사례.",
        ["public-health"],
    ),
    (
        "ko-distancing",
        "사회적 거리두기 단계별 지침",
        "사회적 거리두기 단계별 지침",
        "",
        "코로나19 확산을 막기 위한 사회적 거리두기 단계와 다중이용시설의 방역 수칙.",
        ["public-health"],
    ),
    (
        "ko-mental",
        "코로나 우울을 이겨내는 정신건강 지원",
        "코로나 우울을 이겨내는 정신건강 지원",
        "",
        "감염병 장기화로 생긴 시민의 정신건강 문제와 심리 방역 프로그램.",
        ["psychological-preparedness"],
    ),
    (
        "en-mental",
        "Mental health support for residents during lockdown",
        "",
        "Counselling hotlines and psychological first aid for city residents.",
        "",
        ["psychological-preparedness"],
    ),
    (
        "en-tracing-app",
        "A contact tracing app for city health departments",
        "",
        "A mobile app that tells people they were exposed, built with the health department.",
        "",
        ["data-ict"],
    ),
    (
        "ko-tracing",
        "역학조사 지원 시스템",
        "역학조사 지원 시스템",
        "",
        "스마트시티 데이터 허브로 확진자의 접촉자 추적 시간을 하루에서 10분으로 줄였다.",
        ["data-ict"],
    ),
    (
        "en-recovery-plan",
        "A post-pandemic recovery plan for small businesses",
        "",
        "The city's recovery plan: grants, rent relief and training for shops and restaurants.",
        "",
        ["green-recovery"],
    ),
    (
        "ko-recovery",
        "코로나19 이후 지역경제 회복 계획",
        "코로나19 이후 지역경제 회복 계획",
        "",
        "소상공인 지원과 일자리 창출로 지역 경제를 살리는 방안.",
        ["green-recovery"],
    ),
    (
        "en-flood",
        "Flood early warning for coastal cities",
        "",
        "Early warning systems, evacuation routes and flood maps for coastal neighbourhoods.",
        "",
        ["climate-change"],
    ),
    (
        "ko-heatwave",
        "폭염 대비 무더위 쉼터 운영",
        "폭염 대비 무더위 쉼터 운영",
        "",
        "폭염에 취약한 노인을 위한 무더위 쉼터와 재난 안전 관리.",
        ["climate-change"],
    ),
    (
        "busan-disaster",
        "Busan's disaster safety headquarters",
        "부산시 재난안전대책본부",
        "How Busan coordinates its disaster response across districts.",
        "부산시가 구·군과 함께 재난에 대응하는 방식.",
        ["disaster-risk-reduction"],
    ),
    (
        "ko-climate",
        "탄소중립 도시를 위한 기후행동 계획",
        "탄소중립 도시를 위한 기후행동 계획",
        "",
        "온실가스를 줄이고 기후위기에 적응하는 도시의 계획.",
        ["climate-change"],
    ),
    (
        "en-vaccine",
        "Organising mass vaccination centres",
        "",
        "How cities ran vaccination centres in sports halls: booking, staffing, cold chains.",
        "",
        ["public-health"],
    ),
    (
        "ko-mask",
        "공적 마스크 공급 체계",
        "공적 마스크 공급 체계",
        "",
        "약국 판매 데이터를 공개해 마스크 수급을 안정시킨 경험.",
        ["public-health"],
    ),
    (
        "en-remote-work",
        "Remote work policies for city staff",
        "",
        "Keeping city services running with staff working from home.",
        "",
        ["governance-partnerships"],
    ),
]

# (query, language of the page, keys of the resources that must be in the first five: a
# labelled one by its key, a seed one by its slug), with what the query tests.
JUDGED = [
    # English
    ("contact tracing", "en", ["en-tracing-app"]),
    ("tracing app", "en", ["en-tracing-app"]),
    ("mental health", "en", ["en-mental", "ko-mental"]),
    ("recovery plan", "en", ["en-recovery-plan", "ko-recovery"]),
    (
        "quarantine",
        "en",
        ["tackling-covid-19-health-quarantine-economic-measures", "ko-quarantine"],
    ),
    ("infection control", "en", ["ko-quarantine", "ko-distancing"]),
    ("social distancing", "en", ["ko-distancing"]),
    ("flood", "en", ["en-flood"]),
    ("early warning", "en", ["en-flood"]),
    ("heatwave", "en", ["ko-heatwave"]),
    ("carbon neutrality", "en", ["ko-climate"]),
    ("vaccine", "en", ["en-vaccine"]),
    ("masks", "en", ["ko-mask"]),
    ("remote work", "en", ["en-remote-work"]),
    ("business continuity", "en", ["is-your-business-resilient-to-covid-19"]),
    ("ICT", "en", ["how-korea-responded-to-a-pandemic-using-ict"]),
    ("Dhankuta", "en", ["dhankuta-measures-to-prevent-covid-19"]),
    ("treatment centre", "en", ["who-severe-acute-respiratory-infections-treatment-centre"]),
    ("solidarity", "en", ["shared-responsibility-global-solidarity"]),
    ("Asia Pacific", "en", ["impact-and-policy-responses-for-covid-19-asia-pacific"]),
    ("disaster management", "en", ["busan-disaster"]),
    # misspellings
    ("quarantne", "en", ["tackling-covid-19-health-quarantine-economic-measures"]),
    ("Dhankutta", "en", ["dhankuta-measures-to-prevent-covid-19"]),
    ("solidarty", "en", ["shared-responsibility-global-solidarity"]),
    ("vacination", "en", ["en-vaccine"]),
    # phrases
    ('"contact investigation"', "en", ["who-ffx-cases-and-contact-investigation-protocol"]),
    ('"global solidarity"', "en", ["shared-responsibility-global-solidarity"]),
    ('"서울에서 배우는"', "ko", ["seoul-learning"]),
    # Korean
    ("서울", "ko", ["seoul-learning", "cac-cities-against-covid-19"]),
    ("서울시", "ko", ["seoul-learning"]),
    ("회복력", "ko", ["seoul-learning", "testing-time-for-resilience-korean-experience"]),
    ("회복력을", "ko", ["seoul-learning"]),
    ("방역", "ko", ["ko-quarantine", "ko-distancing"]),
    ("거리두기", "ko", ["ko-distancing"]),
    ("정신건강", "ko", ["ko-mental", "en-mental"]),
    ("폭염", "ko", ["ko-heatwave"]),
    ("재난", "ko", ["busan-disaster"]),
    ("마스크", "ko", ["ko-mask"]),
    ("기후위기", "ko", ["ko-climate"]),
    # across the languages
    # (every seed resource is about COVID-19, in both languages: those whose titles name it
    # twice, or make it their whole subject)
    (
        "코로나19",
        "ko",
        ["testing-time-for-resilience-korean-experience", "cac-cities-against-covid-19"],
    ),
    ("홍수", "ko", ["en-flood"]),
    ("백신", "ko", ["en-vaccine"]),
    ("접촉자 추적", "ko", ["en-tracing-app", "ko-tracing"]),
    ("소상공인", "ko", ["ko-recovery", "en-recovery-plan"]),
    ("재택근무", "ko", ["en-remote-work"]),
    ("부산", "en", ["busan-disaster"]),
    ("resilience", "en", ["seoul-learning"]),
    # partial: all the words together match nothing
    ("recovery plan Korea", "en", ["en-recovery-plan"]),
    ("mental health hotline Jakarta", "en", ["en-mental"]),
    ("flood maps Jakarta", "en", ["en-flood"]),
]


def prepare() -> None:
    """The labelled resources, created or updated (the seed library comes from load_demo)."""
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for key, title, title_ko, summary, summary_ko, topic_slugs in LABELLED:
        resource = Resource.objects.filter(slug=PREFIX + key).first() or Resource(slug=PREFIX + key)
        resource.title = title
        resource.title_ko = title_ko
        resource.summary = summary
        resource.summary_ko = summary_ko
        resource.kind = Resource.Kind.CASE_STUDY
        resource.languages = ["ko"] if not summary else ["en", "ko"] if summary_ko else ["en"]
        resource.status = Resource.Status.PUBLISHED
        resource.needs_review = True  # labelled test data, not a real document
        save_resource(
            resource=resource,
            publishers=[],
            topics=[topics[slug] for slug in topic_slugs if slug in topics],
        )


@dataclass
class Judged:
    query: str
    language: str
    expected: list
    shown: list  # keys of the first ten results shown
    recall_at_5: float
    ndcg_at_10: float

    @property
    def missed(self) -> list:
        return [key for key in self.expected if key not in self.shown[:5]]


def _key(slug: str) -> str:
    return slug.removeprefix(PREFIX)


def shown(query: str, language: str) -> list[str]:
    """The keys of the first ten resources the search page shows for the query."""
    with translation.override(language):
        page = search_library(ResourceFilter(QueryDict(f"q={_quote(query)}")))
    hits = page.hits or (page.dead_end.partial_hits if page.dead_end else [])
    slugs = dict(Resource.objects.filter(pk__in=[hit.pk for hit in hits]).values_list("pk", "slug"))
    return [_key(slugs[hit.pk]) for hit in hits[:10]]


def _quote(query: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(query)


def judge(query: str, language: str, expected: list) -> Judged:
    keys = shown(query, language)
    recall = sum(key in keys[:5] for key in expected) / len(expected)
    dcg = sum(1 / math.log2(rank + 2) for rank, key in enumerate(keys[:10]) if key in expected)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(expected), 10)))
    return Judged(query, language, expected, keys, recall, dcg / ideal)


def evaluate() -> tuple[list[Judged], float, float]:
    """Every judged query, then the mean recall@5 and nDCG@10."""
    judged = [judge(query, language, expected) for query, language, expected in JUDGED]
    return (
        judged,
        sum(j.recall_at_5 for j in judged) / len(judged),
        sum(j.ndcg_at_10 for j in judged) / len(judged),
    )
