"""Demo resources: the "Useful Resources, Reports, and Documents including Best Practices" table
of seed 003, and the network's special publication.

The seed page names each document and its publisher but gives no addresses: the links stay
empty and each resource is marked for the secretariat to complete (``needs_review``); no
address is invented. All of them concern the COVID-19 pandemic and were curated in 2020, so
the publication year is 2020 (given to the year only).
"""

from datetime import date

from accounts.demo import STAFF_EMAIL
from accounts.models import User
from directory.models import Organization, Topic
from resources.demo_korean import RESOURCES_KO
from resources.models import Resource
from resources.services import save_resource

K = Resource.Kind
KOREA = "Republic of Korea"
CURATED = date(2020, 1, 1)

# (slug, title, publishers, kind, topic slugs, countries, cities, summary)
RESOURCES = [
    (
        "dhankuta-measures-to-prevent-covid-19",
        "Measures and activities undertaken by Dhankuta Municipality to prevent COVID-19 infection",
        ["Dhankuta Municipality"],
        K.CASE_STUDY,
        ["covid-19", "public-health"],
        ["Nepal"],
        ["Dhankuta"],
        "The measures and activities that Dhankuta Municipality, Nepal, undertook to prevent "
        "COVID-19 infection in the municipality.",
    ),
    (
        "oecd-cities-policy-responses",
        "Cities policy responses",
        ["Organisation for Economic Co-operation and Development"],
        K.POLICY_TRACKER,
        ["covid-19", "governance-partnerships"],
        [],
        [],
        "The OECD's overview of how cities responded to the COVID-19 crisis with policy measures.",
    ),
    (
        "koreas-response-to-covid-19-and-future-direction",
        "Korea’s Response to COVID-19 and Future Direction",  # noqa: RUF001 - the seed's spelling
        ["Central Disaster and Safety Countermeasure Headquarters"],
        K.REPORT,
        ["covid-19", "disaster-risk-reduction"],
        [KOREA],
        [],
        "The Korean Central Disaster and Safety Countermeasure Headquarters on the Republic "
        "of Korea's response to COVID-19 and its future direction.",
    ),
    (
        "testing-time-for-resilience-korean-experience",
        "COVID-19, Testing Time for RESILIENCE in recovering from COVID-19: Korean experience",
        ["Government of the Republic of Korea"],
        K.REPORT,
        ["covid-19", "urban-resilience"],
        [KOREA],
        [],
        "The Government of the Republic of Korea on resilience in recovering from COVID-19: "
        "the Korean experience.",
    ),
    (
        "how-korea-responded-to-a-pandemic-using-ict",
        "How Korea Responded to a Pandemic Using ICT",
        ["Government of the Republic of Korea"],
        K.CASE_STUDY,
        ["covid-19", "data-ict"],
        [KOREA],
        [],
        "How the Republic of Korea used information and communication technology (ICT) to "
        "respond to the COVID-19 pandemic.",
    ),
    (
        "tackling-covid-19-health-quarantine-economic-measures",
        "Tackling COVID-19; Health, Quarantine and Economic Measures: Korean Experience",
        ["Government of the Republic of Korea"],
        K.REPORT,
        ["covid-19", "public-health"],
        [KOREA],
        [],
        "The health, quarantine and economic measures with which the Republic of Korea tackled "
        "COVID-19.",
    ),
    (
        "cac-cities-against-covid-19",
        "CAC (Cities Against COVID-19)",
        ["Seoul Metropolitan Government"],
        K.CASE_STUDY,
        ["covid-19", "governance-partnerships"],
        [KOREA],
        ["Seoul"],
        "Cities Against COVID-19 (CAC), the Seoul Metropolitan Government's platform for "
        "sharing cities' COVID-19 responses.",
    ),
    (
        "shared-responsibility-global-solidarity",
        "Shared Responsibility, Global Solidarity: Responding to the socio-economic impacts of "
        "COVID-19",
        ["United Nations"],
        K.REPORT,
        ["covid-19", "social-protection"],
        [],
        [],
        "The United Nations on responding to the socio-economic impacts of COVID-19 through "
        "shared responsibility and global solidarity.",
    ),
    (
        "is-your-business-resilient-to-covid-19",
        "Is Your Business Resilient to COVID-19; Planning Tool",
        ["United Nations Office for Disaster Risk Reduction"],
        K.PLANNING_TOOL,
        ["covid-19", "business-continuity", "disaster-risk-reduction"],
        [],
        [],
        "UNDRR's planning tool to help businesses check and strengthen their resilience to "
        "COVID-19.",
    ),
    (
        "impact-and-policy-responses-for-covid-19-asia-pacific",
        "The Impact and Policy Responses for COVID-19 in Asia and the Pacific",
        ["United Nations Economic and Social Commission for Asia and the Pacific"],
        K.REPORT,
        ["covid-19", "sustainable-development"],
        [],
        [],
        "ESCAP on the impact of COVID-19 in Asia and the Pacific and the policy responses to it.",
    ),
    (
        "who-ffx-cases-and-contact-investigation-protocol",
        "The First Few X (FFX) Cases and contact investigation protocol for 2019-novel "
        "coronavirus (2019-nCoV) infection",
        ["World Health Organization"],
        K.GUIDELINE,
        ["covid-19", "public-health"],
        [],
        [],
        "WHO's protocol for investigating the first few cases of 2019-nCoV infection and "
        "their contacts.",
    ),
    (
        "who-severe-acute-respiratory-infections-treatment-centre",
        "Severe Acute Respiratory Infections Treatment Centre",
        ["World Health Organization"],
        K.GUIDELINE,
        ["covid-19", "public-health"],
        [],
        [],
        "WHO's guidance on setting up and running a treatment centre for severe acute "
        "respiratory infections.",
    ),
    (
        "learning-from-seoul-to-control-covid-19",
        "Learning From Seoul to Control COVID-19: Transparency, Accountability, Solidarity",
        ["World Resources Institute", "TheCityFix (WRI)"],
        K.ARTICLE,
        ["covid-19", "governance-partnerships"],
        [KOREA],
        ["Seoul"],
        "WRI's TheCityFix on what other cities can learn from Seoul's transparency, "
        "accountability and solidarity in controlling COVID-19.",
    ),
    (
        "citynet-local-responses-and-measures-to-covid-19",
        "Local Responses and Measures to COVID-19",
        ["CityNet"],
        K.REPORT,
        ["covid-19", "urban-resilience"],
        [],
        [],
        "CityNet's special publication on the local responses and measures of its member "
        "cities to COVID-19.",
    ),
]


def load() -> dict:
    """Create or update the seed resources (matched by slug); return counts created."""
    created = {"resources": 0}
    curator = User.objects.filter(email=STAFF_EMAIL).first()
    organizations = {organization.name: organization for organization in Organization.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for slug, title, publishers, kind, topic_slugs, countries, cities, summary in RESOURCES:
        resource = Resource.objects.filter(slug=slug).first()
        made = resource is None
        if made:
            resource = Resource(slug=slug)
        resource.title = title
        resource.title_ko, resource.summary_ko = RESOURCES_KO[slug]
        resource.kind = kind
        resource.countries = countries
        resource.cities = cities
        resource.languages = ["en"]
        resource.published_on = CURATED
        resource.date_precision = Resource.DatePrecision.YEAR
        resource.summary = summary
        resource.status = Resource.Status.PUBLISHED
        resource.curated_by = resource.curated_by or curator
        if made:
            resource.needs_review = True  # the seed gives no link; the secretariat adds it
        save_resource(
            resource=resource,
            publishers=[organizations[name] for name in publishers],
            topics=[topics[topic_slug] for topic_slug in topic_slugs],
            fill_countries=False,  # regional and global publications name no country
        )
        created["resources"] += made
    return created
