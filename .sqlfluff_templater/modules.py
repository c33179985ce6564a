"""Stand-in for dbt's `modules` (sqlfluff jinja templater)."""

import datetime  # noqa: F401
import re  # noqa: F401
