"""Demo organisations and topics: every organisation named on the two seed pages."""

from directory.demo_korean import ORGANIZATIONS_KO, TOPICS_KO
from directory.models import Organization, Topic

K = Organization.Kind
KOREA = "Republic of Korea"

# (name, acronym, kind, country, website, member of the network)
ORGANIZATIONS = [
    ("CityNet", "CityNet", K.INTERNATIONAL, KOREA, "https://citynet-ap.org", False),
    ("Seoul Metropolitan Government", "SMG", K.CITY, KOREA, "https://english.seoul.go.kr", True),
    (
        "United Nations Office for Disaster Risk Reduction - Office in Incheon for Northeast Asia "
        "and Global Education and Training Institute for Disaster Risk Reduction",
        "UNDRR ONEA & GETI",
        K.UN_AGENCY,
        KOREA,
        "",
        False,
    ),
    (
        "United Nations Office for Disaster Risk Reduction",
        "UNDRR",
        K.UN_AGENCY,
        "",
        "https://www.undrr.org",
        False,
    ),
    ("World Health Organization", "WHO", K.UN_AGENCY, "", "https://www.who.int", False),
    ("Inter-Parliamentary Union", "IPU", K.INTERNATIONAL, "", "https://www.ipu.org", False),
    (
        "United Cities and Local Governments",
        "UCLG",
        K.INTERNATIONAL,
        "",
        "https://www.uclg.org",
        False,
    ),
    (
        "ICLEI – Local Governments for Sustainability",  # noqa: RUF001 - its own spelling
        "ICLEI",
        K.INTERNATIONAL,
        "",
        "https://iclei.org",
        False,
    ),
    ("ICLEI Cities Biodiversity Center", "ICLEI CBC", K.INTERNATIONAL, "South Africa", "", False),
    ("ICLEI Africa", "ICLEI Africa", K.INTERNATIONAL, "South Africa", "", False),
    ("Covenant of Mayors in Sub-Saharan Africa", "CoMSSA", K.INTERNATIONAL, "", "", False),
    ("World Resources Institute", "WRI", K.NGO, "", "https://www.wri.org", False),
    ("WRI Finance Center", "", K.NGO, "", "", False),
    ("TheCityFix (WRI)", "TheCityFix", K.NGO, "", "https://thecityfix.com", False),
    (
        "United Nations Economic and Social Commission for Asia and the Pacific",
        "ESCAP",
        K.UN_AGENCY,
        "Thailand",
        "https://www.unescap.org",
        False,
    ),
    ("Organization for Cooperation between Railways", "OSJD", K.INTERNATIONAL, "Poland", "", False),
    (
        "World Smart Sustainable Cities Organization",
        "WeGO",
        K.INTERNATIONAL,
        KOREA,
        "https://we-gov.org",
        False,
    ),
    ("International Climate Development Institute", "ICDI", K.NGO, "Taiwan", "", False),
    ("Metropolis", "Metropolis", K.INTERNATIONAL, "", "https://www.metropolis.org", False),
    (
        "United Nations Human Settlements Programme",
        "UN-Habitat",
        K.UN_AGENCY,
        "",
        "https://unhabitat.org",
        False,
    ),
    (
        "UN Sustainable Development Solutions Network",
        "UNSDSN",
        K.INTERNATIONAL,
        "",
        "https://www.unsdsn.org",
        False,
    ),
    (
        "Deutsche Gesellschaft für Internationale Zusammenarbeit",
        "GIZ",
        K.NATIONAL_GOVERNMENT,
        "Germany",
        "https://www.giz.de",
        False,
    ),
    (
        "Government of the Kingdom of the Netherlands",
        "",
        K.NATIONAL_GOVERNMENT,
        "Netherlands",
        "",
        False,
    ),
    ("Ministry of the Environment of Japan", "MOEJ", K.NATIONAL_GOVERNMENT, "Japan", "", False),
    ("Cabinet Office Japan", "", K.NATIONAL_GOVERNMENT, "Japan", "", False),
    (
        "Food and Agriculture Organization of the United Nations",
        "FAO",
        K.UN_AGENCY,
        "",
        "https://www.fao.org",
        False,
    ),
    ("Global Policy House", "", K.OTHER, "", "", False),
    ("Global Resilient Cities Network", "GRCN", K.NGO, "", "", False),
    ("World Bank", "", K.INTERNATIONAL, "", "https://www.worldbank.org", False),
    ("Centre for Liveable Cities", "CLC", K.NATIONAL_GOVERNMENT, "Singapore", "", False),
    ("UNITAR CIFAL Jeju", "CIFAL Jeju", K.UN_AGENCY, KOREA, "", False),
    ("Dhankuta Municipality", "", K.CITY, "Nepal", "", False),
    (
        "Organisation for Economic Co-operation and Development",
        "OECD",
        K.INTERNATIONAL,
        "",
        "https://www.oecd.org",
        False,
    ),
    (
        "Central Disaster and Safety Countermeasure Headquarters",
        "CDSCHQ",
        K.NATIONAL_GOVERNMENT,
        KOREA,
        "",
        False,
    ),
    ("Government of the Republic of Korea", "", K.NATIONAL_GOVERNMENT, KOREA, "", False),
    ("United Nations", "UN", K.UN_AGENCY, "", "https://www.un.org", False),
]

TOPICS = [
    ("Urban resilience", "urban-resilience", "Helping cities withstand and recover from shocks."),
    ("COVID-19", "covid-19", "Responses to the COVID-19 pandemic and recovery from it."),
    ("Smart safety", "smart-safety", "Smart technology for safe cities."),
    ("Social protection", "social-protection", "Safety nets, including for informal workers."),
    ("Climate change", "climate-change", "Adaptation, mitigation and climate finance."),
    (
        "Business continuity",
        "business-continuity",
        "Keeping businesses and services running in a crisis.",
    ),
    (
        "Disaster risk reduction",
        "disaster-risk-reduction",
        "Preventing and reducing disaster risk.",
    ),
    ("Public health", "public-health", "Health systems, testing, tracing and treatment."),
    (
        "Governance and partnerships",
        "governance-partnerships",
        "Citizen participation and global partnerships.",
    ),
    (
        "Psychological preparedness",
        "psychological-preparedness",
        "Mental health and social safety networks.",
    ),
    (
        "Sustainable development",
        "sustainable-development",
        "The SDGs and sustainable city development.",
    ),
    ("Data and ICT", "data-ict", "Data, ICT and emerging technology in crisis response."),
    ("Food security", "food-security", "Food systems in cities during crises."),
    ("Green recovery", "green-recovery", "Economic recovery that serves climate and nature."),
    ("Transport", "transport", "Transport and logistics in times of crisis."),
]


def load() -> dict:
    """Create or update the demo organisations and topics; return counts created."""
    created = {"organizations": 0, "topics": 0}
    for name, acronym, kind, country, website, member in ORGANIZATIONS:
        name_ko, acronym_ko = ORGANIZATIONS_KO[name]
        _, made = Organization.objects.update_or_create(
            name=name,
            defaults={
                "acronym": acronym,
                "name_ko": name_ko,
                "acronym_ko": acronym_ko or None,
                "kind": kind,
                "country": country,
                "website": website,
                "is_member": member,
            },
        )
        created["organizations"] += made
    for name, slug, description in TOPICS:
        name_ko, description_ko = TOPICS_KO[slug]
        _, made = Topic.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "name_ko": name_ko,
                "description_ko": description_ko,
            },
        )
        created["topics"] += made
    return created
