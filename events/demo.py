"""Demo events: every event on the two seed pages.

Seed 000 is the Seoul 2020 forum's page; seed 003 is the network's COVID-19 page with its own
webinars, the table of 24 partner initiatives and two announcements. What the seed does not
say is left empty (links, times of day, dates) rather than invented:

- partner rows give a date only, so they are loaded as date-only events;
- the network's own items give no date at all, so they are "date not announced" and flagged
  for the secretariat;
- the row of 30 June 2020 that lost its title is a draft flagged for the secretariat;
- the forum's programme is illustrative (the page lists its themes, not its agenda), says so,
  and names no speakers.
"""

# The seed pages' own typography (curly apostrophes and quotes) is kept as published.
# ruff: noqa: RUF001

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from directory.models import Organization, Topic
from events.demo_korean import (
    CIFAL_DESCRIPTION_KO,
    FORUM_AUDIENCE_KO,
    FORUM_DESCRIPTION_KO,
    FORUM_OBJECTIVES_KO,
    FORUM_THEME_KO,
    NETWORK_SUMMARY_KO,
    SERIES_KO,
    SESSIONS_KO,
    STREAM_LABELS_KO,
    SUMMARIES_KO,
    TITLES_KO,
)
from events.models import (
    Event,
    EventOrganiser,
    EventSeries,
    Session,
    StreamLink,
    normalise_schedule,
)

SEOUL = ZoneInfo("Asia/Seoul")
UTC = ZoneInfo("UTC")
K = Event.Kind
R = EventOrganiser.Role
ORGANISER, CO_ORGANISER, PARTNER = R.ORGANISER, R.CO_ORGANISER, R.PARTNER
GETI = "UNDRR ONEA & GETI"  # "UNDRR GETI" on the seed page: the Incheon office and institute

SERIES = [
    (
        "consultation-series-rapid-responses-covid-19",
        "Consultation Series on rapid responses for COVID-19",
        "The network's consultations with member cities on their rapid responses to COVID-19.",
    ),
    (
        "lessons-from-the-covid-19-pandemic",
        "Lessons from the COVID-19 pandemic series",
        "Webinars by UNDRR GETI and WHO on what the pandemic teaches about resilience.",
    ),
    (
        "asia-pacific-stats-cafe",
        "Asia-Pacific Stats Cafe series",
        "United Nations ESCAP's conversations on statistics in Asia and the Pacific.",
    ),
]

FORUM_SLUG = "international-urban-resilience-forum-seoul-2020"
FORUM_DESCRIPTION = """\
Urban safety is a fundamental value that supports citizens’ lives and urban competitiveness. During recent natural and social disasters, including the COVID-19 pandemic, strengthening urban resilience has emerged as a critical policy task. Global environmental transitions such as climate change and various economic and social shifts have complicated today’s conventional disasters such that they cannot be classified simply as natural or man-made. The effects of this change will have grave consequences. Therefore, a game-changing paradigm shift in disaster management is required.

In a rapidly changing and interconnected society aligned with technological innovation, a country’s concerns are no longer limited to that country alone. To achieve sustainable development by responding quickly to external changes such as economic crises and disasters, resilience is key to helping cities withstand unexpected shocks. To prevent chronic and potential disasters, we need a systematic risk control strategy that minimizes damage, reduces vulnerabilities, and helps people adjust to changes rather than focusing on post-recovery measures.

The outbreak of the COVID-19 pandemic caused a previously unimaginable paradigm shift. For the past year or so, the chief priority has been treating infected patients and preventing the further spread of the disease. Now, as we begin to imagine the post-COVID-19 era, it is time to repair broken social systems and enhance cities’ long-term resilience for years to come. This unanticipated pandemic is associated with highly significant levels of psychological impacts on citizens, indicating a strong need to widen social safety networks through psychological preparedness.

In addition, with the advent of the Fourth Industrial Revolution, the need for smart, safe cities that can solve disaster-related problems continues to increase rapidly. Many countries in Europe, Asia, and the Americas have already begun to incorporate smart safety strategies at the national level. As such, smart technology is unparalleled in all areas.

Thus, we need to establish a smart, safe city in which all citizens can benefit directly from focused safety strategies, including disaster prevention. To accelerate these efforts, partnerships with businesses, academia, communities, and local governments worldwide will be crucial.

International Urban Resilience Forum Seoul 2020 is a great platform for designing integrated solutions and sharing information on urban resilience through diverse sessions and discussions under the theme of “Safe Cities in the New Normal: Resilience, Sustainability, and Adaptability.” The forum is aimed at introducing trends and best practices and facilitating discussions about ways to strengthen resilience and sustainable city development in the context of the COVID-19 pandemic. The forum will provide excellent opportunities for city leaders and executives, experts, relevant organizations, and members of civil society to share their experience and knowledge regarding recent disaster-related issues.
"""
FORUM_OBJECTIVES = [
    "Share the best practices for strengthening urban resilience in global cities",
    "Solidify cooperative channels and share information with cities around the world for holistic thinking about disaster problems",
    "Discuss the trends in and applicability of smart safety technology for developing a sustainable world",
    "Understand the importance of governance, including of citizen-participation and global partnerships for city resilience",
]
FORUM_AUDIENCE = [
    "Mayors and governors",  # "Mayors and, governors" on the seed page: a typo
    "Executives involved in disaster management",
    "Professors and academics",
    "Experts (in disaster preparedness, urban planning, and civil society)",
    "Non-governmental organizations",
]

# The illustrative programme: (start, end, kind, title, description), times in KST.
S = Session.Kind
FORUM_SESSIONS = [
    (
        "10:00",
        "10:30",
        S.OPENING,
        "Opening ceremony",
        "Welcome by the organisers and introduction to the theme “Safe Cities in the New Normal: Resilience, Sustainability, and Adaptability”.",
    ),
    (
        "10:30",
        "12:00",
        S.PLENARY,
        "Plenary 1: Urban resilience in the post-COVID-19 era",
        "Repairing broken social systems and enhancing cities’ long-term resilience; best practices from global cities.",
    ),
    ("12:00", "13:30", S.BREAK, "Break", ""),
    (
        "13:30",
        "14:40",
        S.PLENARY,
        "Plenary 2: Psychological preparedness and social safety networks",
        "The psychological impacts of the pandemic on citizens and how to widen social safety networks.",
    ),
    (
        "14:40",
        "15:50",
        S.PLENARY,
        "Plenary 3: Smart safety technology for sustainable cities",
        "Trends in and applicability of smart safety technology, and strategies for smart, safe cities.",
    ),
    ("15:50", "16:00", S.BREAK, "Break", ""),
    (
        "16:00",
        "17:10",
        S.PLENARY,
        "Plenary 4: Governance, citizen participation and global partnerships",
        "Governance for city resilience, with citizens, businesses, academia, communities and local governments worldwide.",
    ),
    (
        "17:10",
        "17:30",
        S.CLOSING,
        "Closing",
        "Summary of the discussions and closing remarks by the organisers.",
    ),
]

NETWORK_NOTE = "The source page gives no date for this item; add it when known."
# The network's own items on seed 003: (title, kind, series slug, organisers, topics, online).
NETWORK_ITEMS = [
    (
        "CityNet Webinar I \u2014 Consultation Series on rapid responses for COVID-19",
        K.WEBINAR,
        "consultation-series-rapid-responses-covid-19",
        [("CityNet", ORGANISER)],
        ["covid-19"],
        True,
    ),
    (
        "CityNet Webinar II \u2014 Impacts of Business Continuity Plan (BCP) during Pandemics",
        K.WEBINAR,
        None,
        [("CityNet", ORGANISER)],
        ["business-continuity", "covid-19"],
        True,
    ),
    (
        "Interview with Seoul Metropolitan Government on COVID-19 Responses",
        K.INTERVIEW,
        "consultation-series-rapid-responses-covid-19",
        [("CityNet", ORGANISER), ("SMG", PARTNER)],
        ["covid-19"],
        False,
    ),
    (
        "CityNet Webinar IV \u2014 Reflections on COVID 19: What the Data reveal",
        K.WEBINAR,
        None,
        [("CityNet", ORGANISER)],
        ["data-ict", "covid-19"],
        True,
    ),
    (
        "CityNet Special Publication \u2014 Local Responses and Measures to COVID-19",
        K.LAUNCH,
        None,
        [("CityNet", ORGANISER)],
        ["covid-19"],
        False,
    ),
]
NETWORK_SUMMARY = (
    "One of the CityNet Secretariat's initiatives to help its members tackle the COVID-19 epidemic."
)

# The partner table of seed 003, in its order: (day, title, organisers, kind, series slug,
# topics, note). Kinds follow the titles ("Webinar", "Launch", "Forum"); "other" otherwise.
# Joint organisers are listed in the source's order, all as organisers unless the source says
# "co-organized with".
PARTNER_ROWS = [
    (
        date(2020, 7, 29),
        "2020 Sustainable City Forum \u2013 Smart City Summit and Expo (SCSE)",
        [("ICDI", ORGANISER)],
        K.FORUM,
        None,
        ["sustainable-development", "data-ict"],
        "",
    ),
    (
        date(2020, 7, 24),
        "Exploring Effects and Results of COVID-19 in the Americas",
        [("WeGO", ORGANISER)],
        K.OTHER,
        None,
        ["covid-19"],
        "",
    ),
    (
        date(2020, 7, 23),
        "Post 2020 Local and Subnational Government Information Webinars",
        [("ICLEI CBC", ORGANISER)],
        K.WEBINAR,
        None,
        ["sustainable-development"],
        "",
    ),
    (
        date(2020, 7, 9),
        "Building back better: Lessons from the COVID-19 pandemic to enhance the role of parliaments in reducing risks of disasters",
        [(GETI, ORGANISER), ("WHO", ORGANISER), ("IPU", ORGANISER)],
        K.OTHER,
        "lessons-from-the-covid-19-pandemic",
        ["covid-19", "disaster-risk-reduction", "governance-partnerships"],
        "",
    ),
    (
        date(2020, 7, 8),
        "Lessons from the COVID-19 pandemic series \u2013 COVID-19: Responding, Re-opening and Recovery Towards Resilience of Cities",
        [(GETI, ORGANISER), ("WHO", ORGANISER), ("UCLG", CO_ORGANISER), ("ICLEI", CO_ORGANISER)],
        K.OTHER,
        "lessons-from-the-covid-19-pandemic",
        ["covid-19", "urban-resilience", "public-health"],
        "",
    ),
    (
        date(2020, 7, 7),
        "Build Back Better: How to Prepare for the Coming Climate Disruption",
        [("WRI", ORGANISER)],
        K.OTHER,
        None,
        ["climate-change", "green-recovery"],
        "",
    ),
    (
        date(2020, 7, 7),
        "Joint ESCAP-OSJD Virtual Meeting of Experts on Challenges & Opportunities for International Railway Transport along TAR Network and beyond in the times of COVID-19 Pandemic",
        [("ESCAP", ORGANISER), ("OSJD", ORGANISER)],
        K.OTHER,
        None,
        ["transport", "covid-19"],
        "",
    ),
    (
        date(2020, 7, 2),
        "Live Learning Experience on Food Security",
        [("UCLG", ORGANISER), ("Metropolis", ORGANISER), ("UN-Habitat", ORGANISER)],
        K.OTHER,
        None,
        ["food-security", "covid-19"],
        "",
    ),
    (
        date(2020, 7, 2),
        "The Case for the Ocean as a Dual Solution to Climate Change and COVID-19 Recovery",
        [("WRI", ORGANISER)],
        K.OTHER,
        None,
        ["climate-change", "green-recovery", "covid-19"],
        "WRI at London Climate Action Week 2020.",
    ),
    (
        date(2020, 7, 2),
        "Policy relevance and measurement of international spillover effects in the SDG and Covid-19 context",
        [("UNSDSN", ORGANISER), ("GIZ", ORGANISER)],
        K.OTHER,
        None,
        ["sustainable-development", "covid-19"],
        "",
    ),
    (
        date(2020, 7, 2),
        "Managing COVID-19 Pandemic \u2013 Experiences & Best Practices of China, Japan and the Republic of Korea",
        [("ESCAP", ORGANISER)],
        K.OTHER,
        None,
        ["covid-19", "public-health"],
        "",
    ),
    (
        date(2020, 7, 1),
        "Build Back Better: How Climate Action Can Accelerate COVID-19 Recovery",
        [("WRI", ORGANISER), ("Government of the Kingdom of the Netherlands", ORGANISER)],
        K.OTHER,
        None,
        ["climate-change", "green-recovery", "covid-19"],
        "",
    ),
    (
        date(2020, 7, 1),
        "Webinar series: Lessons from the COVID-19 pandemic: Building resilience to cascading disasters through regional cooperation in South Asia",
        [("ESCAP", ORGANISER)],
        K.WEBINAR,
        None,
        ["disaster-risk-reduction", "covid-19"],
        "",
    ),
    (
        date(2020, 6, 30),
        "Multilateral Development Banks and the Green Economy Transition: An Address by EBRD President Suma Chakrabarti",
        [("WRI Finance Center", ORGANISER)],
        K.OTHER,
        None,
        ["green-recovery", "climate-change"],
        "",
    ),
    (
        date(2020, 6, 30),
        None,  # the row lost its title in the source: loaded as a flagged draft
        [
            ("MOEJ", ORGANISER),
            ("Cabinet Office Japan", ORGANISER),
            ("UNDRR", ORGANISER),
        ],
        K.OTHER,
        None,
        ["disaster-risk-reduction"],
        "",
    ),
    (
        date(2020, 6, 30),
        "Adaptation Finance: A core component of post-COVID-19 economic recovery",
        [("ICLEI Africa", ORGANISER), ("CoMSSA", ORGANISER)],
        K.OTHER,
        None,
        ["climate-change", "green-recovery", "covid-19"],
        "",
    ),
    (
        date(2020, 6, 30),
        "Virtual Regional Launch: Leveraging ocean resources for sustainable development of small island developing States",
        [("ESCAP", ORGANISER)],
        K.LAUNCH,
        None,
        ["sustainable-development"],
        "",
    ),
    (
        date(2020, 6, 29),
        "Asia-Pacific Stats Cafe series: Conducting a census during the Covid-19 pandemic: challenges and approaches",
        [("ESCAP", ORGANISER)],
        K.OTHER,
        "asia-pacific-stats-cafe",
        ["data-ict", "covid-19"],
        "",
    ),
    (
        date(2020, 5, 29),
        "Webinar: Smart Health Responder Webinar",
        [("WeGO", ORGANISER)],
        K.WEBINAR,
        None,
        ["public-health", "data-ict"],
        "",
    ),
    (
        date(2020, 5, 28),
        "Webinar: Disaster-Responsive Social Protection: Lessons from COVID-19",
        [("UNDRR", ORGANISER), ("FAO", ORGANISER), ("ESCAP", ORGANISER)],
        K.WEBINAR,
        None,
        ["social-protection", "disaster-risk-reduction", "covid-19"],
        "",
    ),
    (
        date(2020, 5, 27),
        "Webinar: Planning for Climate Change during COVID-19 crisis",
        [("UNDRR", ORGANISER)],
        K.WEBINAR,
        None,
        ["climate-change", "disaster-risk-reduction", "covid-19"],
        "",
    ),
    (
        date(2020, 5, 26),
        # The source reads "merging Technologies": its first letter was lost.
        "Webinar: Emerging Technologies in Response to COVID-19: Blockchain, ICT and Data for Pandemic Management",
        [(GETI, ORGANISER), ("WHO", ORGANISER), ("Global Policy House", ORGANISER)],
        K.WEBINAR,
        None,
        ["data-ict", "public-health", "covid-19"],
        "",
    ),
    (
        date(2020, 5, 21),
        "Webinar: Cities on the Frontlines: Towards the Pandemic-Resilient City",
        [("GRCN", ORGANISER), ("World Bank", ORGANISER)],
        K.WEBINAR,
        None,
        ["urban-resilience", "covid-19"],
        "",
    ),
    (
        date(2020, 5, 21),
        "Webinar: Beyond Good Healthcare: Designing Healthy Cities",
        [("CLC", ORGANISER)],
        K.WEBINAR,
        None,
        ["public-health", "urban-resilience"],
        "",
    ),
]
UNTITLED_SLUG = "untitled-partner-event-2020-06-30"
UNTITLED_TITLE = (
    "Untitled partner event of 30 June 2020 (Ministry of the Environment of Japan, "
    "Cabinet Office Japan, UNDRR)"
)
UNTITLED_NOTE = (
    "The source page lists this row (30 June 2020; Ministry of the Environment of Japan, "
    "Cabinet Office Japan, United Nations Office for Disaster Risk Reduction (UNDRR)) without "
    "its title or link. Find the title, correct it and the slug, then publish."
)

CIFAL_DESCRIPTION = """\
UNITAR CIFAL Jeju is holding a virtual workshop series on social protection, with a spotlight on informal workers. The event will take place in three sessions from 18 to 25 March 2021, at 3 PM KST.

While fighting the spread of COVID-19, countering measures like lockdowns and social distancing have affected informal workers disproportionately, who suffered from a higher risk of falling into extreme poverty, as their economic activities were severely disrupted by those measures.

Informal workers usually work in poor occupational safety and health surroundings with poor access to social protection services. They are easily exposed to the risk of illness and injury. Even before the pandemic, access to healthcare was almost out of reach for these workers because the cost of such services was far too high for their earning.

This virtual event will discuss various approaches to social protection with a focus on informal workers in the pandemic situation, and explore how social protection can be applied in different contexts. Participants will be given an opportunity to share their own case studies and get engaged in designing action plans for better implementation of social protection strategies in line with their own national and local context.
"""


def _organisations() -> dict:
    """Organisations by acronym and by name, in one query."""
    found = {}
    for organisation in Organization.objects.all():
        found[organisation.name] = organisation
        if organisation.acronym:
            found.setdefault(organisation.acronym, organisation)
    return found


def _slug_for(title: str) -> str:
    return slugify(title)[:90].strip("-")


def _at(day: date, clock: str, tz) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=tz)


class _Loader:
    def __init__(self):
        self.organisations = _organisations()
        self.topics = {topic.slug: topic for topic in Topic.objects.all()}
        self.series = {}
        self.created = {"event series": 0, "events": 0, "sessions": 0}

    def load_series(self):
        for slug, name, description in SERIES:
            name_ko, description_ko = SERIES_KO[slug]
            series, made = EventSeries.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "name_ko": name_ko,
                    "description_ko": description_ko,
                },
            )
            self.series[slug] = series
            self.created["event series"] += made

    def event(self, slug, *, organisers, topics=(), streams=(), series=None, **fields) -> Event:
        fields["series"] = self.series[series] if series else None
        # The Korean of the seed's texts (events/demo_korean.py); none keeps the English.
        fields.setdefault("title_ko", TITLES_KO.get(fields.get("title"), ""))
        summary = fields.get("summary", "")
        korean_summary = (
            NETWORK_SUMMARY_KO if summary == NETWORK_SUMMARY else SUMMARIES_KO.get(summary, "")
        )
        fields.setdefault("summary_ko", korean_summary)
        event, made = Event.objects.update_or_create(slug=slug, defaults=fields)
        self.created["events"] += made
        kept = []
        for order, (key, role) in enumerate(organisers):
            row, _ = EventOrganiser.objects.update_or_create(
                event=event,
                organisation=self.organisations[key],
                defaults={"role": role, "sort_order": order},
            )
            kept.append(row.pk)
        event.event_organisers.exclude(pk__in=kept).delete()
        event.topics.set([self.topics[slug] for slug in topics])
        kept = []
        for order, (label, url) in enumerate(streams):
            # The seed page names its streams for everyone to watch: public links.
            link, _ = StreamLink.objects.update_or_create(
                event=event,
                label=label,
                defaults={
                    "url": url,
                    "sort_order": order,
                    "is_public": True,
                    "label_ko": STREAM_LABELS_KO.get(label, ""),
                },
            )
            kept.append(link.pk)
        event.stream_links.exclude(pk__in=kept).delete()
        return event

    def sessions(self, event: Event, day: date, rows) -> None:
        kept = []
        for order, (start, end, kind, title, description) in enumerate(rows):
            title_ko, description_ko = SESSIONS_KO.get(title, ("", ""))
            session, made = Session.objects.update_or_create(
                event=event,
                title=title,
                start=_at(day, start, event.tz),
                defaults={
                    "end": _at(day, end, event.tz),
                    "kind": kind,
                    "description": description,
                    "sort_order": order,
                    "title_ko": title_ko,
                    "description_ko": description_ko,
                },
            )
            self.created["sessions"] += made
            kept.append(session.pk)
        event.sessions.exclude(pk__in=kept).delete()

    def forum(self):
        day = date(2020, 12, 9)
        other_featured = Event.objects.featured().exclude(slug=FORUM_SLUG).exists()
        forum = self.event(
            FORUM_SLUG,
            title="International Urban Resilience Forum Seoul 2020",
            title_ko="국제 도시 회복력 포럼 서울 2020",
            kind=K.FORUM,
            hosted_by=Event.Host.NETWORK,
            status=Event.Status.PUBLISHED,
            featured=not other_featured,
            schedule=Event.Schedule.EXACT,
            time_zone="Asia/Seoul",
            start=_at(day, "10:00", SEOUL),
            end=_at(day, "17:30", SEOUL),
            is_online=True,
            venue_name="",
            venue_address="",
            languages=["en"],
            interpretation_languages=["ko"],
            theme="Safe Cities in the New Normal: Resilience, Sustainability, and Adaptability",
            theme_ko=FORUM_THEME_KO,
            summary=(
                "The forum is aimed at introducing trends and best practices and facilitating "
                "discussions about ways to strengthen resilience and sustainable city "
                "development in the context of the COVID-19 pandemic."
            ),
            summary_ko=(
                "이 포럼은 코로나19 팬데믹 상황에서 도시의 회복력과 지속 가능한 발전을 강화하는 "
                "방안에 관한 동향과 모범 사례를 소개하고 논의를 촉진하는 것을 목표로 합니다."
            ),
            description=FORUM_DESCRIPTION,
            description_ko=FORUM_DESCRIPTION_KO,
            objectives=FORUM_OBJECTIVES,
            objectives_ko=FORUM_OBJECTIVES_KO,
            audience=FORUM_AUDIENCE,
            audience_ko=FORUM_AUDIENCE_KO,
            website="",
            registration_mode=Event.Registration.NONE,
            programme_is_illustrative=True,
            needs_review=False,
            review_notes=(
                "The programme is illustrative: it follows the themes of the description; "
                "the seed page lists no agenda, speakers or stream addresses."
            ),
            organisers=[(GETI, ORGANISER), ("SMG", ORGANISER)],
            topics=[
                "urban-resilience",
                "covid-19",
                "smart-safety",
                "psychological-preparedness",
                "governance-partnerships",
            ],
            # The seed names the platforms but gives no addresses: left empty.
            streams=[("Seoul On", ""), ("YouTube", "")],
        )
        self.sessions(forum, day, FORUM_SESSIONS)

    def network_items(self):
        for title, kind, series, organisers, topics, online in NETWORK_ITEMS:
            self.event(
                _slug_for(title),
                title=title,
                kind=kind,
                series=series,
                hosted_by=Event.Host.NETWORK,
                status=Event.Status.PUBLISHED,
                schedule=Event.Schedule.TBA,
                time_zone="Asia/Seoul",
                start=None,
                end=None,
                is_online=online,
                summary=NETWORK_SUMMARY,
                needs_review=True,
                review_notes=NETWORK_NOTE,
                organisers=organisers,
                topics=topics,
            )

    def partner_rows(self):
        for day, title, organisers, kind, series, topics, note in PARTNER_ROWS:
            start, end = normalise_schedule(
                Event.Schedule.DATE_ONLY, _at(day, "00:00", UTC), None, UTC
            )
            fields = {
                "kind": kind,
                "series": series,
                "hosted_by": Event.Host.PARTNER,
                "schedule": Event.Schedule.DATE_ONLY,
                # The table gives dates only; the zone is not known, so UTC is used.
                "time_zone": "UTC",
                "start": start,
                "end": end,
                # "Webinar" or "Virtual" in the title says the event was online.
                "is_online": any(word in (title or "").lower() for word in ("webinar", "virtual")),
                "summary": note,
                "organisers": organisers,
                "topics": topics,
            }
            if title is None:
                self.event(
                    UNTITLED_SLUG,
                    title=UNTITLED_TITLE,
                    status=Event.Status.DRAFT,
                    needs_review=True,
                    review_notes=UNTITLED_NOTE,
                    **fields,
                )
            else:
                self.event(
                    _slug_for(title),
                    title=title,
                    status=Event.Status.PUBLISHED,
                    needs_review=False,
                    review_notes="",
                    **fields,
                )

    def announcements(self):
        cifal_start = datetime(2021, 3, 18, 15, 0, tzinfo=SEOUL)
        start, end = normalise_schedule(
            Event.Schedule.START_ONLY,
            cifal_start,
            datetime(2021, 3, 25, 15, 0, tzinfo=SEOUL),
            SEOUL,
        )
        self.event(
            "unitar-cifal-jeju-virtual-workshop-series-social-protection-2021",
            title="Virtual Workshop Series on Social Protection, with a Spotlight on Informal Workers",
            kind=K.WORKSHOP,
            hosted_by=Event.Host.PARTNER,
            status=Event.Status.PUBLISHED,
            schedule=Event.Schedule.START_ONLY,
            time_zone="Asia/Seoul",
            start=start,
            end=end,
            is_online=True,
            summary=(
                "Three virtual sessions from 18 to 25 March 2021, at 3 PM KST, on approaches "
                "to social protection for informal workers in the pandemic."
            ),
            description=CIFAL_DESCRIPTION,
            description_ko=CIFAL_DESCRIPTION_KO,
            registration_mode=Event.Registration.EXTERNAL,
            registration_url="http://www.cifaljeju.org/bbs/board.php?bo_table=sub05_3&wr_id=105",
            # "Register before March 12".
            registration_closes=datetime(2021, 3, 12, 0, 0, tzinfo=SEOUL),
            review_notes=(
                "The announcement gives the first and last days and the start time (3 PM KST) "
                "of the three sessions, but not the day of the second session or the end time."
            ),
            organisers=[("CIFAL Jeju", ORGANISER)],
            topics=["social-protection", "covid-19"],
        )
        icdi_day = date(2021, 3, 24)
        gmt9 = ZoneInfo("Etc/GMT-9")  # the announcement says "GMT+9" (POSIX names flip signs)
        self.event(
            "sustainable-city-main-forum-2021",
            title="Sustainable City Main Forum 2021 on Sustainable Recovery",
            kind=K.FORUM,
            hosted_by=Event.Host.PARTNER,
            status=Event.Status.PUBLISHED,
            schedule=Event.Schedule.EXACT,
            time_zone="Etc/GMT-9",
            start=_at(icdi_day, "15:50", gmt9),
            end=_at(icdi_day, "19:00", gmt9),
            summary=(
                "ICDI's Sustainable City Main Forum 2021 on sustainable recovery. "
                "CityNet's Secretary General, Vijay Jagannathan, delivers the opening remarks."
            ),
            registration_mode=Event.Registration.EXTERNAL,
            registration_url="https://reurl.cc/DvXD7O",
            organisers=[("ICDI", ORGANISER)],
            topics=["green-recovery", "sustainable-development"],
        )


def load() -> dict:
    """Create or update the demo series, events and sessions; return counts created."""
    loader = _Loader()
    loader.load_series()
    loader.forum()
    loader.network_items()
    loader.partner_rows()
    loader.announcements()
    return loader.created
