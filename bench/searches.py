"""The typical searches that ``make bench-search`` times and ``make bench`` loads."""


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
        ("no words, no facets", ""),
        ("no words, deep page", "page=200"),
    ]
