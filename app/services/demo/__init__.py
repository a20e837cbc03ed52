"""Demo data: realistic synthetic responses to the built-in surveys, fast enough for millions.

Every respondent gets a true ethnic group and category (from :mod:`app.services.equality`, the
one place that knows the list), an age, a sex and so on, and a latent *experience* between 0
(it went badly) and 1 (it went well) whose mean depends on their group, age, area and date.
Each closed answer is drawn from a mix of a "went well" and a "went badly" distribution over
the options of the current published version, weighted by that experience, so the seeded data
holds disparities for the results pages to find (Black and Mixed respondents less often
satisfied, treated with respect or told the grounds; White the reference). Free text is composed
from fragments per survey and question, more negative where the experience was worse and often
about what went wrong in the closed answers (not told the grounds, handcuffed, camera off).

Option codes, required questions and conditional pages all come from the definition: the model
only holds plausibility weights keyed by option code. A code it names that the definition
lacks is never drawn, and a question it does not know is answered uniformly, so a changed
survey still gets valid data. Equality answers become the response's columns through
:func:`app.services.equality.equality_columns`, exactly as a real submission does.

The modules:

- :mod:`.respondent_model`, with :mod:`.stop_search`, :mod:`.listening_session` and
  :mod:`.say_to_stay`: what respondents are like, as tables of weights and fragments of text
- :mod:`.plan`: the areas, events, dates and surveys that every chunk of a seed shares
- :mod:`.respondents`, :mod:`.answers` and :mod:`.free_text`: drawing respondents with numpy
- :mod:`.chunks`: one chunk's respondents turned into rows and written
- :mod:`.writers`: executemany or COPY, and the settings for a bulk load;
  :mod:`.postgres_load`: a fresh PostgreSQL database seeded as one transaction
- :mod:`.offered_codes`: the codes officers offered, for "answered of offered"
- :mod:`.seeding`: `flask demo seed`; :mod:`.links`: `flask demo links`
- :mod:`.actions`: the demo "You said, we did" actions, added with the first seed
"""

from app.services.demo.errors import DemoError
from app.services.demo.links import demo_links
from app.services.demo.offered_codes import ANSWERED_SHARE
from app.services.demo.plan import (
    DEMO_AREAS,
    DEMO_AREAS_CY,
    MODELS,
    name_demo_areas_in_welsh,
    name_demo_sessions_in_welsh,
)
from app.services.demo.seeding import MAX_RESPONSES, SeedResult, count_responses, seed_responses

__all__ = [
    "ANSWERED_SHARE",
    "DEMO_AREAS",
    "DEMO_AREAS_CY",
    "MAX_RESPONSES",
    "MODELS",
    "DemoError",
    "SeedResult",
    "count_responses",
    "demo_links",
    "name_demo_areas_in_welsh",
    "name_demo_sessions_in_welsh",
    "seed_responses",
]
