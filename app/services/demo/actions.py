"""Demo "You said, we did" actions, so that the public pages every confirmation page links to
have something on them: force-wide and by area, planned, in progress and done, most in Welsh
as well, and one unpublished draft that only analysts see.

Added with the demo responses and only into a database with no actions at all, so seeding
again never adds them twice and never mixes them with a force's own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from app.services import taxonomy
from app.services.transaction import transactional
from models import Action, ActionStatus, Area, Survey, db, utcnow


@dataclass(frozen=True)
class DemoAction:
    survey: str
    theme: str | None
    area: str | None  # an area code of plan.DEMO_AREAS; None: force-wide
    status: ActionStatus
    you_said: str
    we_did: str
    you_said_cy: str | None = None
    we_did_cy: str | None = None
    published: bool = True
    days_ago: int = 0  # when it was last changed, so that the latest come first


DEMO_ACTIONS: tuple[DemoAction, ...] = (
    DemoAction(
        "stop-search",
        "Explanation of grounds",
        None,
        ActionStatus.DONE,
        "People who were searched told us that officers did not always explain why they were "
        "being searched.",
        "Every officer who uses stop and search has had refresher training on explaining the "
        "grounds, and supervisors now check a sample of body-worn video each month to see "
        "that they do.",
        "Dywedodd pobl a gafodd eu chwilio wrthym nad oedd swyddogion bob amser yn esbonio pam "
        "roedden nhw'n cael eu chwilio.",
        "Mae pob swyddog sy'n defnyddio stopio a chwilio wedi cael hyfforddiant gloywi ar "
        "esbonio'r sail, ac mae goruchwylwyr bellach yn gwirio sampl o fideo a wisgir ar y "
        "corff bob mis i weld eu bod yn gwneud hynny.",
        days_ago=75,
    ),
    DemoAction(
        "stop-search",
        "Body-worn video",
        None,
        ActionStatus.IN_PROGRESS,
        "You asked for body-worn cameras to be switched on for every search.",
        "We have reminded every officer that cameras must be on for the whole of a search, "
        "and we are checking how often they are. We will publish the figures here every "
        "three months.",
        "Gofynnoch i gamerâu a wisgir ar y corff gael eu troi ymlaen ar gyfer pob chwiliad.",
        "Rydym wedi atgoffa pob swyddog bod rhaid i gamerâu fod ymlaen drwy gydol chwiliad, "
        "ac rydym yn gwirio pa mor aml y maen nhw. Byddwn yn cyhoeddi'r ffigurau yma bob tri "
        "mis.",
        days_ago=30,
    ),
    DemoAction(
        "stop-search",
        "Fairness and profiling",
        None,
        ActionStatus.PLANNED,
        "Black respondents were less likely than White respondents to say they were treated "
        "fairly.",
        "From next quarter the scrutiny panel will review a sample of searches of Black people "
        "every three months, and we will report what it finds here.",
        days_ago=12,
    ),
    DemoAction(
        "listening-session",
        "Youth and schools",
        "north",
        ActionStatus.DONE,
        "At the listening session in North District, parents said that young people have "
        "nowhere to go in the evenings and feel targeted by the police.",
        "Neighbourhood officers now run a drop-in at the youth centre with youth workers every "
        "Thursday evening.",
        "Yn y sesiwn wrando yn Ardal y Gogledd, dywedodd rhieni nad oes gan bobl ifanc unman "
        "i fynd gyda'r nos a'u bod yn teimlo bod yr heddlu'n eu targedu.",
        "Mae swyddogion cymdogaeth bellach yn cynnal sesiwn galw heibio yn y ganolfan "
        "ieuenctid gyda gweithwyr ieuenctid bob nos Iau.",
        days_ago=60,
    ),
    DemoAction(
        "listening-session",
        "Visibility and response times",
        "central",
        ActionStatus.IN_PROGRESS,
        "Traders in the city centre said they rarely see officers on foot after 6pm.",
        "We have added two foot patrols on Friday and Saturday evenings while we review the "
        "city centre's shift pattern.",
        days_ago=20,
    ),
    DemoAction(
        "listening-session",
        "Communication and feedback",
        "south",
        ActionStatus.PLANNED,
        "People in South District asked to hear what happened after they reported something.",
        "From the spring, the South District team will post an update every month on the "
        "force's website and in the library.",
        "Gofynnodd pobl yn Ardal y De am gael clywed beth ddigwyddodd ar ôl iddyn nhw roi "
        "gwybod am rywbeth.",
        "O'r gwanwyn ymlaen, bydd tîm Ardal y De yn rhoi diweddariad bob mis ar wefan yr "
        "heddlu ac yn y llyfrgell.",
        days_ago=5,
    ),
    DemoAction(
        "say-to-stay",
        "Flexibility and shifts",
        None,
        ActionStatus.IN_PROGRESS,
        "Officers and staff told us that shift patterns make childcare very hard to arrange.",
        "Two teams are trying a more flexible shift pattern for six months, and we will ask "
        "everyone in them what they think before deciding whether to extend it.",
        "Dywedodd swyddogion a staff wrthym fod patrymau shifftiau'n ei gwneud yn anodd iawn "
        "trefnu gofal plant.",
        "Mae dau dîm yn rhoi cynnig ar batrwm shifftiau mwy hyblyg am chwe mis, a byddwn yn "
        "gofyn i bawb ynddynt beth yw eu barn cyn penderfynu a ddylid ei ymestyn.",
        days_ago=40,
    ),
    DemoAction(
        "stop-search",
        "Use of force and handcuffs",
        None,
        ActionStatus.PLANNED,
        "Some people said they were handcuffed when they were calm and doing as they were asked.",
        "Draft, not yet agreed: look at when handcuffs are used in searches, with the scrutiny "
        "panel, and say here what will change.",
        published=False,
        days_ago=2,
    ),
)


@transactional
def seed_actions() -> int:
    """Add the demo actions when there are none at all; returns how many were added.

    A survey that is not loaded is left out, and so is a theme its taxonomy no longer has (the
    action is then about no one theme) or an area that does not exist (force-wide instead).
    """
    if db.session.scalar(select(func.count()).select_from(Action)):
        return 0
    surveys = {survey.slug: survey for survey in db.session.scalars(select(Survey))}
    areas = {area.code: area for area in db.session.scalars(select(Area))}
    themes = {slug: set(taxonomy.theme_names(survey)) for slug, survey in surveys.items()}
    now = utcnow()
    added = 0
    for demo in DEMO_ACTIONS:
        survey = surveys.get(demo.survey)
        if survey is None:
            continue
        when = now - dt.timedelta(days=demo.days_ago)
        db.session.add(
            Action(
                survey=survey,
                theme=demo.theme if demo.theme in themes[demo.survey] else None,
                area=areas.get(demo.area) if demo.area else None,
                status=demo.status,
                you_said=demo.you_said,
                we_did=demo.we_did,
                you_said_cy=demo.you_said_cy,
                we_did_cy=demo.we_did_cy,
                published=demo.published,
                created_at=when,
                updated_at=when,
            )
        )
        added += 1
    return added
