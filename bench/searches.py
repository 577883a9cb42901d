"""The typical searches that ``make bench-search`` times and ``make bench`` loads."""

# The section of bench/results.md that make bench-search writes (make bench keeps it).
SECTION_TITLE = "Library search (`make bench-search`)"


def queries(publisher_id):
    return [
        ("single word", "q=flood"),
        ("single word", "q=vaccination"),
        ("single word, stemmed", "q=measures"),
        ("single word, common", "q=covid"),
        ("phrase", 'q="business continuity"'),
        ("phrase", 'q="mental health support"'),
        ("exclusion", "q=recovery -tourism"),
        ("or", "q=earthquake or landslide"),
        ("words + facet", "q=heatwave&country=India"),
        ("words + facets", "q=recovery&kind=report&year=2020"),
        ("words + facets", f"q=resilience&topic=covid-19&publisher={publisher_id}"),
        ("facets only", "topic=climate-change"),
        ("facets only", "kind=case_study&language=en&year=2021"),
        ("facets only", "country=Nepal&topic=public-health"),
        ("facets only, sorted", "topic=covid-19&sort=title&page=3"),
        ("misspelt", "q=pandamic"),
        ("misspelt", "q=Dankuta"),
        ("misspelt", "q=vacination logistcs"),
        ("Korean, 2 syllables", "q=%EC%84%9C%EC%9A%B8"),  # 서울
        ("Korean + glossary", "q=%ED%9A%8C%EB%B3%B5%EB%A0%A5"),  # 회복력
        ("Korean + glossary", "q=%EC%BD%94%EB%A1%9C%EB%82%9819"),  # 코로나19
        ("Korean, particle", "q=%EB%B0%A9%EC%97%AD%EC%9D%84"),  # 방역을
        ("Korean, 2 words", "q=%EC%9E%AC%EB%82%9C+%EB%8C%80%EC%9D%91"),  # 재난 대응
        ("English + glossary", "q=infection+control"),
        ("partial", "q=recovery+plan+Korea"),
        ("nothing", "q=zzzxqv"),
        ("no words, no facets", ""),
        ("no words, deep page", "page=200"),
    ]
