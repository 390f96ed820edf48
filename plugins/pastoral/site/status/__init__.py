"""The figures of the status pages, worked out once per build from one checked set of records.

``school_status`` gives everything: the overview, each House's dashboard,
each tutor's page and the House Matrix report read from it.
"""

from pastoral.core.reasons import ATTENTION
from pastoral.site.status.school import HouseStatus, SchoolStatus, school_status

__all__ = ["ATTENTION", "HouseStatus", "SchoolStatus", "school_status"]
